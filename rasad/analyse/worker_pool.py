"""A pool of worker processes for CPU-heavy work, driven from the asyncio loop.

Extraction, fingerprinting and tagging take milliseconds of pure Python per page; in the
reactor's process they would stall fetching and storing and use one core. Here each task runs
in a worker process and ``await pool.run(fn, *args, **kwargs)`` returns when it is done, so results come
back in order of completion.

Unlike :class:`concurrent.futures.ProcessPoolExecutor`, one bad page costs one task, never the
pool: a task running longer than ``time_limit`` has its worker killed and raises
:class:`TaskTimeout` (time the processes were stopped, a suspended machine's, is not counted); a worker that dies (a crash in a C extension, the OOM killer) is replaced
and its task is tried once more on a fresh worker before :class:`WorkerCrashed` is raised. Tasks
waiting in the queue are never lost. Workers ignore SIGINT, so Ctrl-C lets the parent finish the
tasks in flight; a worker whose parent is gone exits.

``workers=0`` runs tasks inline in the calling process (no time limit): for debugging.
"""

from __future__ import annotations

import asyncio
import gc
import importlib
import logging
import multiprocessing
import os
import queue
import signal
import threading
from collections import deque
from collections.abc import AsyncIterator, Callable, Iterable
from dataclasses import dataclass, field
from multiprocessing import resource_tracker
from typing import Any

logger = logging.getLogger(__name__)

TASKS_PER_WORKER = 24
"""Tasks sent to a worker ahead: it starts the next one at once, and has work (~24 pages, ~0.7 s)
for as long as the parent's loop is busy writing a batch and cannot hand it one. A batch of 100
articles takes 0.3-0.5 s to write (more when SQLite checkpoints its log). With 8 ahead, and
before each worker sent its results from a thread of its own (:func:`_send`), the cores idled
for a quarter of a second during each batch (seen by sampling ``/proc/stat`` every 0.5 s: 15-27 %
idle every fourth sample; with both changes mostly 0-3 %, at most 12 %)."""

CRASH_ATTEMPTS = 2
"""A task whose worker died is run this many times in all: a crash may have been the other
pages' fault (memory), but a page that kills every worker must not kill them forever."""


STALL_SECONDS = 1.0
"""A timer this late means the process was not running: a stop, not a slow task (see _timed_out)."""


class TaskTimeout(Exception):
    """The task ran past the pool's time limit; its worker was killed."""


class WorkerCrashed(Exception):
    """The task's worker died, on every attempt."""


def default_workers() -> int:
    """One worker per core this process may use."""
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


def _receive(conn, tasks: queue.SimpleQueue) -> None:
    """The worker's reader thread: takes tasks off the pipe as soon as they come, so the parent,
    sending a task ahead, never blocks while this worker is sending a result back."""
    while True:
        try:
            task = conn.recv()
        except (EOFError, OSError):
            task = None  # the parent is gone
        tasks.put(task)
        if task is None:
            return


def _serve(conn, preload: tuple[str, ...] = ()) -> None:
    """A worker's loop: import *preload*, then run each task received, send back ("ok", result)
    or ("error", exception)."""
    for module in preload:
        try:
            importlib.import_module(module)
        except Exception:  # noqa: S110 -- the first task that needs the module reports the error
            pass
    # what the imports made lives as long as the worker: the collector need not walk it again
    gc.freeze()
    tasks: queue.SimpleQueue = queue.SimpleQueue()
    replies: queue.SimpleQueue = queue.SimpleQueue()
    threading.Thread(target=_receive, args=(conn, tasks), daemon=True).start()
    sending = threading.Thread(target=_send, args=(conn, replies), daemon=True)
    sending.start()
    while (task := tasks.get()) is not None:
        fn, args, kwargs = task
        try:
            replies.put(("ok", fn(*args, **kwargs)))
        except Exception as exc:  # the parent re-raises it in the caller of run()
            replies.put(("error", exc))
    replies.put(None)
    sending.join()


def _send(conn, replies: queue.SimpleQueue) -> None:
    """The worker's sender thread: sends each reply back in order, so the worker goes on with its
    next task while the parent is not reading (it writes a batch to SQLite for a few hundred ms,
    and a few results of ~40 kB fill the pipe)."""
    while (reply := replies.get()) is not None:
        try:
            conn.send(reply)
        except (EOFError, OSError):
            return  # the parent is gone (the reader thread ends the worker's loop)
        except Exception as exc:  # an unpicklable result or exception: say what it was
            conn.send(("error", RuntimeError(f"{type(reply[1]).__name__} could not be sent back: {exc}")))


@dataclass
class _Task:
    fn: Callable
    args: tuple
    kwargs: dict
    future: asyncio.Future
    attempts: int = 0


@dataclass
class _Worker:
    process: Any
    conn: Any
    tasks: deque[_Task] = field(default_factory=deque)  # sent, in order; the first one is running
    timer: asyncio.TimerHandle | None = None
    done: int = 0
    timed_out: bool = False


class WorkerPool:
    """Run picklable module-level functions in ``workers`` processes; see the module docstring."""

    def __init__(self, workers: int | None = None, time_limit: float | None = 60.0, max_tasks: int = 2000,
                 idle_seconds: float = 60.0):
        self.workers = default_workers() if workers is None else workers
        self.time_limit = time_limit
        self.max_tasks = max_tasks  # a worker is replaced after this many tasks: bounded memory
        self.idle_seconds = idle_seconds  # workers with nothing to do this long stop (a daemon mostly sleeps)
        self._idle_timer: asyncio.TimerHandle | None = None
        self._context = multiprocessing.get_context("spawn")  # no fork of a threaded reactor process
        self._loop: asyncio.AbstractEventLoop | None = None
        self._all: list[_Worker] = []
        self._queue: deque[_Task] = deque()
        self._closed = False
        self._preload: tuple[str, ...] = ()

    def start(self, preload: tuple[str, ...] = ()) -> None:
        """Start every worker now, each importing the *preload* modules (as will those that replace
        them), so their start-up overlaps with what the caller does before the first task. Workers
        that get no task stop after ``idle_seconds`` like any other."""
        self._preload = tuple(dict.fromkeys(self._preload + preload))
        if self.workers == 0 or self._closed:
            return
        self._loop = self._loop or asyncio.get_running_loop()
        while len(self._all) < self.workers:
            self._start()
        self._arm_idle_timer()

    @property
    def loop(self) -> asyncio.AbstractEventLoop | None:
        return self._loop

    async def run(self, fn: Callable, *args, **kwargs) -> Any:
        """Run ``fn(*args, **kwargs)`` in a worker and return its result (or raise its exception)."""
        if self._closed:
            raise RuntimeError("the worker pool is closed")
        if self.workers == 0:
            return fn(*args, **kwargs)
        self._loop = self._loop or asyncio.get_running_loop()
        if self._idle_timer is not None:
            self._idle_timer.cancel()
            self._idle_timer = None
        task = _Task(fn, args, kwargs, self._loop.create_future())
        self._queue.append(task)
        self._dispatch()
        return await task.future

    async def map_ordered(self, fn: Callable, items: Iterable, *, ahead: int | None = None,
                          **kwargs) -> AsyncIterator[tuple[Any, Any]]:
        """``fn(item, **kwargs)`` for every item, at most *ahead* at once (default TASKS_PER_WORKER
        per worker), yielded as (item, result) in the items' order; a task's exception is its result."""
        ahead = ahead or TASKS_PER_WORKER * max(self.workers, 1)
        window: deque[tuple[Any, asyncio.Future]] = deque()

        async def call(item):
            try:
                return await self.run(fn, item, **kwargs)
            except Exception as exc:
                return exc

        for item in items:
            window.append((item, asyncio.ensure_future(call(item))))
            if len(window) >= ahead:
                first, result = window.popleft()
                yield first, await result
        while window:
            first, result = window.popleft()
            yield first, await result

    @property
    def pending(self) -> int:
        """Tasks queued or running."""
        return len(self._queue) + sum(len(w.tasks) for w in self._all)

    def _pick(self) -> _Worker | None:
        """The worker to send the next task to: an idle one, a new one, else the least loaded."""
        open_workers = [w for w in self._all if len(w.tasks) < TASKS_PER_WORKER and w.done + len(w.tasks) < self.max_tasks]
        if any(not w.tasks for w in open_workers):
            return next(w for w in open_workers if not w.tasks)
        if len(self._all) < self.workers:
            return self._start()
        return min(open_workers, key=lambda w: len(w.tasks), default=None)

    def _dispatch(self) -> None:
        while self._queue:
            worker = self._pick()
            if worker is None:
                return
            task = self._queue.popleft()
            if task.future.cancelled():
                continue
            task.attempts += 1
            worker.tasks.append(task)
            try:
                worker.conn.send((task.fn, task.args, task.kwargs))
            except (BrokenPipeError, EOFError, OSError):
                self._lost(worker)
                continue
            if len(worker.tasks) == 1:
                self._start_timer(worker)

    def _start_timer(self, worker: _Worker) -> None:
        """The time limit of the worker's running task starts now."""
        if worker.timer is not None:
            worker.timer.cancel()
            worker.timer = None
        if self.time_limit and worker.tasks:
            worker.timer = self._loop.call_later(self.time_limit, self._timed_out, worker,
                                                 self._loop.time() + self.time_limit)

    def _start(self) -> _Worker:
        parent_end, child_end = self._context.Pipe(duplex=True)
        process = self._context.Process(target=_serve, args=(child_end, self._preload), name="rasad-worker",
                                        daemon=True)
        # Ctrl-C reaches the whole process group: the parent decides when work stops. A worker is
        # born with SIGINT blocked, so that not even its interpreter's start-up takes it. SIGTERM
        # still ends a worker (the parent's exit terminates its workers with it; its task is retried).
        # The resource tracker, started with the first worker, unblocks SIGINT: it starts before.
        resource_tracker.ensure_running()
        unblocked = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})
        try:
            process.start()
        finally:
            signal.pthread_sigmask(signal.SIG_SETMASK, unblocked)
        child_end.close()
        worker = _Worker(process, parent_end)
        self._all.append(worker)
        self._loop.add_reader(parent_end.fileno(), self._readable, worker)
        return worker

    def _readable(self, worker: _Worker) -> None:
        try:
            status, value = worker.conn.recv()
        except (EOFError, OSError):
            self._lost(worker)
            return
        except Exception as exc:  # a result that cannot be unpickled here
            status, value = "error", exc
        task = worker.tasks.popleft()
        self._start_timer(worker)  # for the next task, already sent
        if not task.future.done():
            if status == "ok":
                task.future.set_result(value)
            else:
                task.future.set_exception(value)
        worker.done += 1
        if worker.done >= self.max_tasks and not worker.tasks:
            self._retire(worker)
        self._dispatch()
        self._arm_idle_timer()

    def _arm_idle_timer(self) -> None:
        if not self.pending and self._idle_timer is None:
            self._idle_timer = self._loop.call_later(self.idle_seconds, self._stop_idle)

    def _stop_idle(self) -> None:
        """Nothing to do for ``idle_seconds``: stop the workers (new tasks start new ones)."""
        self._idle_timer = None
        if not self.pending:
            for worker in list(self._all):
                self._retire(worker)

    def _timed_out(self, worker: _Worker, due: float) -> None:
        # A timer that fires this late fires in a process that was not running (stopped, a
        # suspended machine): that time was not the task's, so it gets it again.
        if (late := self._loop.time() - due) > STALL_SECONDS:
            worker.timer = self._loop.call_later(late, self._timed_out, worker, self._loop.time() + late)
            return
        worker.timed_out = True
        worker.timer = None
        worker.process.kill()  # the EOF that follows is handled by _lost

    def _lost(self, worker: _Worker) -> None:
        """The worker is dead: replace it, and retry or fail its running task; the tasks sent
        behind it never started and go back to the front of the queue."""
        if worker.timer is not None:
            worker.timer.cancel()
        task = worker.tasks.popleft() if worker.tasks else None
        for waiting in reversed(worker.tasks):
            waiting.attempts -= 1
            self._queue.appendleft(waiting)
        worker.tasks.clear()
        self._forget(worker)
        worker.process.join(5)
        if task is not None and not task.future.done():
            if worker.timed_out:
                task.future.set_exception(TaskTimeout(f"task ran for more than {self.time_limit:g} s"))
            elif task.attempts < CRASH_ATTEMPTS:
                logger.warning("a worker died (exit code %s); its task is retried", worker.process.exitcode)
                self._queue.appendleft(task)
            else:
                task.future.set_exception(WorkerCrashed(
                    f"the worker died on every attempt (exit code {worker.process.exitcode})"))
        self._dispatch()

    def _forget(self, worker: _Worker) -> None:
        self._loop.remove_reader(worker.conn.fileno())
        worker.conn.close()
        self._all.remove(worker)

    def _retire(self, worker: _Worker) -> None:
        try:
            worker.conn.send(None)
        except OSError:
            pass
        self._forget(worker)
        worker.process.join(5)

    async def close(self) -> None:
        """Finish every queued and running task, then stop the workers."""
        while self.pending:
            await asyncio.gather(*(t.future for t in [*self._queue, *(t for w in self._all for t in w.tasks)]),
                                 return_exceptions=True)
        self._closed = True
        if self._idle_timer is not None:
            self._idle_timer.cancel()
        for worker in list(self._all):
            self._retire(worker)

        for task in self._queue:
            if not task.future.done():
                task.future.set_exception(WorkerCrashed("the pool was terminated"))
        self._queue.clear()


_shared: WorkerPool | None = None


def shared(workers: int | None = None, time_limit: float | None = 60.0) -> WorkerPool:
    """The process's pool (created on first use): concurrent crawls in the daemon share the cores."""
    global _shared
    running = asyncio.get_running_loop()
    if _shared is None or _shared._closed or (_shared.loop is not None and _shared.loop is not running):
        _shared = WorkerPool(workers, time_limit)
    return _shared


async def close_shared() -> None:
    """Finish the shared pool's tasks and stop its workers (at the end of the reactor's life)."""
    global _shared
    if _shared is not None:
        pool, _shared = _shared, None
        await pool.close()
