"""Writes in batches: many rows per transaction, bounded by count and by time.

One transaction per article spends most of its time committing (a WAL sync each); one per
batch amortizes that, and the bound on rows keeps the write lock short for the other
processes (the daemon, ``rasad`` commands, sqlite-utils readers never wait on it in WAL mode).
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import Generic, TypeVar

Entry = TypeVar("Entry")
Result = TypeVar("Result")


class BatchWriter(Generic[Entry, Result]):
    """``await writer.add(entry)`` returns *entry*'s result once its batch is written
    (:meth:`submit` queues it without waiting).

    *write* takes a list of entries and returns one result (or exception) per entry, in order; it
    runs when ``max_rows`` entries wait, ``max_seconds`` after the first one arrived, or on
    :meth:`flush`.
    """

    def __init__(self, write: Callable[[list[Entry]], list[Result | Exception]], *, max_rows: int = 100,
                 max_seconds: float = 2.0):
        self.write = write
        self.max_rows = max_rows
        self.max_seconds = max_seconds
        self._pending: list[tuple[Entry, asyncio.Future]] = []
        self._timer: asyncio.TimerHandle | None = None

    async def add(self, entry: Entry) -> Result:
        return await self.submit(entry)

    def submit(self, entry: Entry) -> asyncio.Future:
        """Queue *entry* at once (entries are written in the order submitted); the future is its result."""
        loop = asyncio.get_running_loop()
        future = loop.create_future()
        self._pending.append((entry, future))
        if len(self._pending) >= self.max_rows:
            self.flush()
        elif self._timer is None:
            self._timer = loop.call_later(self.max_seconds, self.flush)
        return future

    def flush(self) -> None:
        """Write what is waiting now."""
        if self._timer is not None:
            self._timer.cancel()
            self._timer = None
        batch, self._pending = self._pending, []
        if not batch:
            return
        try:
            results = self.write([entry for entry, _ in batch])
        except Exception as exc:  # the whole transaction failed: every entry gets the error
            results = [exc] * len(batch)
        for (_, future), result in zip(batch, results, strict=True):
            if future.done():
                continue
            if isinstance(result, Exception):
                future.set_exception(result)
            else:
                future.set_result(result)
