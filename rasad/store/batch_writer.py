"""Writes in batches: many rows per transaction, bounded by count and by time.

One transaction per article spends most of its time committing; one per batch amortizes that,
and the bound on rows keeps the write lock short for the other processes (the daemon, ``rasad``
commands, sqlite-utils readers never wait on it in WAL mode). Nobody waits for a batch to fill:
entries are handed over and their results come back through a callback when the batch is
written, so a crawl keeps fetching and analysing meanwhile.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import Generic, TypeVar

Entry = TypeVar("Entry")
Result = TypeVar("Result")


class BatchWriter(Generic[Entry, Result]):
    """``writer.put(entry)`` queues *entry*; ``write(entries)`` runs when ``max_rows`` entries
    wait, ``max_seconds`` after the first one arrived, or on :meth:`flush`, and returns one
    result (or exception) per entry, in order; ``on_written(entry, result)`` gets each of them."""

    def __init__(self, write: Callable[[list[Entry]], list[Result | Exception]],
                 on_written: Callable[[Entry, Result | Exception], None], *, max_rows: int = 100,
                 max_seconds: float = 2.0):
        self.write = write
        self.on_written = on_written
        self.max_rows = max_rows
        self.max_seconds = max_seconds
        self._pending: list[Entry] = []
        self._timer: asyncio.TimerHandle | None = None

    def put(self, entry: Entry) -> None:
        """Queue *entry* (entries are written in the order put)."""
        self._pending.append(entry)
        if len(self._pending) >= self.max_rows:
            self.flush()
        elif self._timer is None:
            self._timer = asyncio.get_running_loop().call_later(self.max_seconds, self.flush)

    def flush(self) -> None:
        """Write what is waiting now; every entry's callback has run when this returns."""
        if self._timer is not None:
            self._timer.cancel()
            self._timer = None
        batch, self._pending = self._pending, []
        if not batch:
            return
        try:
            results = self.write(batch)
        except Exception as exc:  # the whole transaction failed: every entry gets the error
            results = [exc] * len(batch)
        for entry, result in zip(batch, results, strict=True):
            self.on_written(entry, result)
