"""Module-level tasks for tests/test_worker_pool.py (worker processes import them by name)."""

from __future__ import annotations

import os
import time
from pathlib import Path


def sleep_then_return(seconds: float, value):
    time.sleep(seconds)
    return value


def sleep_then_return_item(item: tuple[float, object]):
    return sleep_then_return(*item)


def record_pid(value):
    return value, os.getpid()


def die(marker: str):
    """Kill the worker; each attempt appends a line to *marker*."""
    with open(marker, "a") as file:
        file.write("attempt\n")
    os._exit(3)


def die_once(marker: str):
    """Kill the worker the first time only (the marker file remembers)."""
    path = Path(marker)
    if not path.exists():
        path.write_text("crashed once")
        os._exit(3)
    return "survived"


def fail(message: str):
    raise ValueError(message)


def echo(data: bytes) -> bytes:
    return data



def compute_for(cpu_seconds: float) -> str:
    """Busy for *cpu_seconds* of processor time: time a stopped process does not get."""
    started = time.process_time()
    while time.process_time() - started < cpu_seconds:
        pass
    return "done"


def paused_pool_script() -> None:
    """A pool with a 2 s time limit running a task that needs 1 s of processor time; prints
    "ready" when the task is running, then its outcome (the test stops the whole process group
    meanwhile, as a suspended machine would)."""
    import asyncio

    from rasad.analyse.worker_pool import TaskTimeout, WorkerPool

    async def main() -> None:
        pool = WorkerPool(1, time_limit=2.0)
        await pool.run(compute_for, 0.01)  # the worker is up
        task = asyncio.ensure_future(pool.run(compute_for, 1.0))
        print("ready", flush=True)
        try:
            print(await task, flush=True)
        except TaskTimeout as exc:
            print(f"timeout: {exc}", flush=True)
        await pool.close()

    asyncio.run(main())


def finish_large(seconds: float) -> tuple[float, bytes]:
    """Work *seconds*, then give back when it finished and a result larger than a pipe's buffer."""
    time.sleep(seconds)
    return time.monotonic(), bytes(1_000_000)
