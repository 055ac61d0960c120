"""The worker pool: results in order of completion, crashes and hangs cost one task, a stop
finishes what was queued."""

from __future__ import annotations

import asyncio
import multiprocessing
import os
import time

import pytest

from rasad.analyse.worker_pool import TaskTimeout, WorkerCrashed, WorkerPool
from tests import pool_tasks


def run(coroutine):
    return asyncio.run(coroutine)


def test_results_come_back_in_order_of_completion_on_every_worker():
    async def main():
        pool = WorkerPool(2, time_limit=30)
        order: list[str] = []

        async def one(seconds, name):
            order.append(await pool.run(pool_tasks.sleep_then_return, seconds, name))

        try:
            slow = asyncio.ensure_future(one(1.5, "slow"))
            await asyncio.sleep(0)
            for n in range(3):  # the other worker is free: they pass the slow task
                await one(0.0, f"fast-{n}")
            await slow
            pids = {pid for _, pid in await asyncio.gather(*(pool.run(pool_tasks.record_pid, i) for i in range(20)))}
        finally:
            await pool.close()
        return order, pids

    order, pids = run(main())
    assert order == ["fast-0", "fast-1", "fast-2", "slow"]
    assert len(pids) == 2  # both workers took tasks


def test_map_ordered_runs_in_parallel_and_yields_in_the_input_order():
    async def main():
        pool = WorkerPool(2, time_limit=30)
        try:
            return [(item, result) async for item, result in pool.map_ordered(
                pool_tasks.sleep_then_return_item, [(0.6, "a"), (0.0, "b"), (0.3, "c"), (0.0, "d")], ahead=4)]
        finally:
            await pool.close()

    started = time.monotonic()
    assert [result for _, result in run(main())] == ["a", "b", "c", "d"]
    assert time.monotonic() - started < 10


def test_large_tasks_and_results_sent_ahead_never_deadlock_the_pipes():
    # each message is larger than a pipe's buffer: the parent sends the next task while the
    # worker sends a result back
    async def main():
        pool = WorkerPool(1, time_limit=30)
        try:
            payloads = [bytes([n]) * 4_000_000 for n in range(6)]
            results = await asyncio.wait_for(asyncio.gather(*(pool.run(pool_tasks.echo, p) for p in payloads)), 60)
        finally:
            await pool.close()
        return results == payloads

    assert run(main())


def test_a_worker_goes_on_with_its_next_tasks_while_the_parent_is_busy_and_reads_no_result():
    # as while the crawl's loop writes a batch to SQLite: results wait in the worker, work does not
    async def main():
        pool = WorkerPool(1, time_limit=30)
        try:
            await pool.run(pool_tasks.sleep_then_return, 0, "started")
            tasks = [asyncio.ensure_future(pool.run(pool_tasks.finish_large, 0.1)) for _ in range(5)]
            await asyncio.sleep(0)  # all five sent
            time.sleep(2.0)  # the loop blocked: nothing is read from the worker
            busy_until = time.monotonic()
            finished = [when for when, _ in await asyncio.gather(*tasks)]
        finally:
            await pool.close()
        return finished, busy_until

    finished, busy_until = run(main())
    assert max(finished) < busy_until  # the last of the five finished while the parent read nothing


def test_every_task_returns_exactly_once():
    async def main():
        pool = WorkerPool(2, time_limit=30)
        try:
            return await asyncio.gather(*(pool.run(pool_tasks.sleep_then_return, 0.001, i) for i in range(200)))
        finally:
            await pool.close()

    assert run(main()) == list(range(200))


def test_an_exception_in_a_task_reaches_its_caller_and_the_pool_goes_on():
    async def main():
        pool = WorkerPool(1, time_limit=30)
        try:
            with pytest.raises(ValueError, match="bad page"):
                await pool.run(pool_tasks.fail, "bad page")
            return await pool.run(pool_tasks.sleep_then_return, 0, "next")
        finally:
            await pool.close()

    assert run(main()) == "next"


def test_a_crashing_task_is_tried_twice_and_fails_alone(tmp_path):
    marker = tmp_path / "attempts"

    async def main():
        pool = WorkerPool(2, time_limit=30)
        try:
            outcomes = await asyncio.gather(
                pool.run(pool_tasks.die, str(marker)),
                *(pool.run(pool_tasks.sleep_then_return, 0.05, i) for i in range(10)),
                return_exceptions=True)
            after = await pool.run(pool_tasks.sleep_then_return, 0, "after")
        finally:
            await pool.close()
        return outcomes, after

    outcomes, after = run(main())
    assert isinstance(outcomes[0], WorkerCrashed)
    assert outcomes[1:] == list(range(10))  # the other tasks, queued or running, are not lost
    assert marker.read_text().count("attempt") == 2
    assert after == "after"


def test_a_task_whose_worker_died_once_is_retried_on_a_fresh_worker(tmp_path):
    async def main():
        pool = WorkerPool(1, time_limit=30)
        try:
            return await pool.run(pool_tasks.die_once, str(tmp_path / "marker"))
        finally:
            await pool.close()

    assert run(main()) == "survived"


def test_a_hanging_task_is_stopped_at_the_time_limit_and_the_others_finish():
    async def main():
        pool = WorkerPool(2, time_limit=1.0)
        started = time.monotonic()
        try:
            outcomes = await asyncio.gather(
                pool.run(pool_tasks.sleep_then_return, 600, "hang"),
                *(pool.run(pool_tasks.sleep_then_return, 0.05, i) for i in range(10)),
                return_exceptions=True)
            after = await pool.run(pool_tasks.sleep_then_return, 0, "after")
        finally:
            await pool.close()
        return outcomes, after, time.monotonic() - started

    outcomes, after, elapsed = run(main())
    assert isinstance(outcomes[0], TaskTimeout)
    assert outcomes[1:] == list(range(10))
    assert after == "after"
    assert elapsed < 30  # the hanging worker was killed, not waited for


def test_closing_the_pool_in_the_middle_finishes_every_queued_task_then_stops_the_workers():
    async def main():
        pool = WorkerPool(2, time_limit=30)
        tasks = [asyncio.ensure_future(pool.run(pool_tasks.record_pid, i)) for i in range(50)]
        await asyncio.sleep(0)  # all queued, a few running
        await pool.close()
        assert all(task.done() for task in tasks)
        with pytest.raises(RuntimeError, match="closed"):
            await pool.run(pool_tasks.record_pid, 0)
        return [task.result()[0] for task in tasks], pool

    results, pool = run(main())
    assert results == list(range(50))
    assert pool.pending == 0
    assert multiprocessing.active_children() == []  # the workers are stopped


def test_idle_workers_stop_and_new_work_starts_new_ones():
    async def main():
        pool = WorkerPool(1, time_limit=30, idle_seconds=0.3)
        try:
            first = await pool.run(pool_tasks.record_pid, "a")
            await asyncio.sleep(1.5)
            stopped = multiprocessing.active_children() == []
            second = await pool.run(pool_tasks.record_pid, "b")
        finally:
            await pool.close()
        return first, stopped, second

    first, stopped, second = run(main())
    assert stopped
    assert first[0] == "a" and second[0] == "b" and first[1] != second[1]


def test_started_workers_import_their_preload_before_any_task_and_stop_when_left_idle(tmp_path, monkeypatch):
    marker = tmp_path / "imported"
    monkeypatch.setenv("RASAD_TEST_IMPORT_MARKER", str(marker))  # tests/import_marker.py writes it

    async def main():
        pool = WorkerPool(2, time_limit=30, idle_seconds=1.0)
        try:
            pool.start(preload=("tests.import_marker",))
            deadline = time.monotonic() + 20
            while len(set(marker.read_text().split()) if marker.exists() else ()) < 2 and time.monotonic() < deadline:
                await asyncio.sleep(0.05)
            importers = set(marker.read_text().split())
            await asyncio.sleep(2.5)
            stopped = multiprocessing.active_children() == []
        finally:
            await pool.close()
        return importers, stopped

    importers, stopped = run(main())
    assert len(importers) == 2 and str(os.getpid()) not in importers  # both workers, no task sent
    assert stopped


def test_no_workers_runs_tasks_inline():
    async def main():
        pool = WorkerPool(0)
        return await pool.run(pool_tasks.record_pid, "x")

    assert run(main()) == ("x", os.getpid())


def test_time_a_stopped_process_did_not_have_is_no_timeout():
    """The whole process group stopped (SIGSTOP, a suspended VM) past the time limit: the task
    that was running is no timeout once the processes run again (issue 21: two pages were falsely
    counted extraction-timeout when a paused daemon resumed)."""
    import os
    import signal
    import subprocess
    import sys
    import time

    from tests.conftest import REPOSITORY

    process = subprocess.Popen([sys.executable, "-c", "from tests.pool_tasks import paused_pool_script as s; s()"],
                               cwd=REPOSITORY, stdout=subprocess.PIPE, text=True, start_new_session=True)
    assert process.stdout.readline() == "ready\n"
    time.sleep(0.2)
    os.killpg(process.pid, signal.SIGSTOP)
    time.sleep(4)  # twice the time limit
    os.killpg(process.pid, signal.SIGCONT)
    out, _ = process.communicate(timeout=60)
    assert out == "done\n", out


def test_ctrl_c_while_workers_start_up_is_the_parents_to_take(capfd):
    """Ctrl-C reaches the whole process group, workers still starting up included: they neither
    die nor print a KeyboardInterrupt traceback; the parent decides (issue 21: a traceback at
    Ctrl-C of retag under load)."""
    import signal

    async def main():
        pool = WorkerPool(2, time_limit=30)
        pool.start(preload=("rasad.analyse.tagging",))
        started = {child.pid for child in multiprocessing.active_children()}
        for _ in range(20):  # through the workers' interpreter start-up and imports
            for pid in started:
                os.kill(pid, signal.SIGINT)
            await asyncio.sleep(0.02)
        try:
            pids = {pid for _, pid in await asyncio.gather(*(pool.run(pool_tasks.record_pid, i) for i in range(20)))}
        finally:
            await pool.close()
        return started, pids

    started, pids = run(main())
    assert len(started) == 2 and pids == started
    assert "KeyboardInterrupt" not in capfd.readouterr().err
