"""Leases: one crawl per source at a time, across processes, through SQLite (on worker nodes,
through Redis: :mod:`rasad.crawl.redis_lease`).

A lease names its holder (host, pid and a random token) and expires ``LEASE_SECONDS`` after it
was last renewed; the crawl renews it while it runs, so a killed process's lease simply runs out.
Acquiring is one ``BEGIN IMMEDIATE`` transaction: two processes can never both win.

Settings read (environment): ``RASAD_LEASE_SECONDS`` (default 60).
"""

from __future__ import annotations

import logging
import os
import socket
import sqlite3
import uuid
from dataclasses import dataclass
from datetime import timedelta

from rasad.base import clock
from rasad.base.settings_registry import from_environment
from rasad.store import db as database
from rasad.store.db import transaction

logger = logging.getLogger(__name__)
LEASE_SECONDS = from_environment("RASAD_LEASE_SECONDS")
RENEW_EVERY_SECONDS = max(1, LEASE_SECONDS // 3)


def holder_id() -> str:
    return f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:8]}"



@dataclass(frozen=True)
class Busy:
    """The source is being crawled by someone else."""

    source: str
    holder: str
    since: str

    def __str__(self) -> str:
        return f"{self.source} is being crawled by {self.holder} since {self.since}"


def acquire(db, source: str, holder: str) -> Busy | None:
    """Take the lease of *source* for *holder*; a Busy if another live holder has it."""
    now = clock.now()
    with transaction(db):
        row = db.execute("SELECT holder, acquired_at, expires_at FROM crawl_leases WHERE source = ?", (source,)).fetchone()
        if row and row[0] != holder and row[2] > now.isoformat():
            return Busy(source, row[0], row[1])
        db.execute(
            "INSERT OR REPLACE INTO crawl_leases (source, holder, acquired_at, expires_at) VALUES (?, ?, ?, ?)",
            (source, holder, now.isoformat(), (now + timedelta(seconds=LEASE_SECONDS)).isoformat()),
        )
    return None


class LeaseLost(Exception):
    """The crawl's lease is another's now: it expired while its process was paused, and was taken."""


def fence(db, source: str, holder: str) -> None:
    """Called inside a write transaction (rasad.store.db.transaction's *fence*): raise LeaseLost unless
    *holder* still holds *source*'s lease. The transaction holds the write lock, so the lease
    cannot change hands before it commits."""
    if not db.execute("SELECT 1 FROM crawl_leases WHERE source = ? AND holder = ?", (source, holder)).fetchone():
        raise LeaseLost(f"the lease on {source} is no longer {holder}'s: another crawl took it over")


def renew(db, source: str, holder: str) -> bool:
    with transaction(db):
        cursor = db.execute("UPDATE crawl_leases SET expires_at = ? WHERE source = ? AND holder = ?",
                            ((clock.now() + timedelta(seconds=LEASE_SECONDS)).isoformat(), source, holder))
    return cursor.rowcount == 1


def release(db, source: str, holder: str) -> None:
    with transaction(db):
        db.execute("DELETE FROM crawl_leases WHERE source = ? AND holder = ?", (source, holder))


class SqliteLeases:
    """The leases of one *holder* in the database *db*, as :func:`scheduler.crawl_one` takes them
    (:class:`rasad.crawl.redis_lease.RedisLeases` has the same methods)."""

    def __init__(self, db, holder: str):
        self.db = db
        self.holder = holder

    def acquire(self, source: str) -> Busy | None:
        return acquire(self.db, source, self.holder)

    def renew(self, source: str) -> bool:
        return renew(self.db, source, self.holder)

    def release(self, source: str) -> None:
        """Release the lease; on a full disk (even with the reserve given up) it expires on its own."""
        try:
            database.with_reserve(self.db, lambda: release(self.db, source, self.holder))
        except sqlite3.Error as exc:
            if not database.is_full(exc):
                raise
            logger.error("source=%s could not release the lease: disk full (%s)", source, exc)


def alive_here(holder: str) -> bool | None:
    """Does *holder*'s process exist? None for a process of another host (not knowable here)."""
    host, _, rest = holder.partition(":")
    pid = rest.partition(":")[0]
    if host != socket.gethostname() or not pid.isdigit():
        return None
    try:
        os.kill(int(pid), 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _dead_here(holder: str) -> bool:
    """Is *holder* a process of this host that no longer exists?"""
    return alive_here(holder) is False


def lock_holders(conn) -> list[str]:
    """The rasad processes that may hold the database's write lock: daemons that have not
    stopped and crawls holding a lease, an expired one said so (a stopped process stops renewing
    it); processes of this host that no longer exist are left out."""
    now = clock.now().isoformat()
    holders = [f"the rasad daemon {holder} (last heartbeat {heartbeat})" for holder, heartbeat in conn.execute(
        "SELECT holder, heartbeat_at FROM daemons WHERE stopped_at IS NULL ORDER BY heartbeat_at DESC")
        if not _dead_here(holder)]
    holders += [f"a crawl of {source} by {holder}" + ("" if expires > now else " (its lease expired: stopped?)")
                for source, holder, expires in conn.execute(
                    "SELECT source, holder, expires_at FROM crawl_leases ORDER BY source")
                if not _dead_here(holder)]
    return holders


def recover_abandoned_runs(db) -> int:
    """Runs left ``running`` by a process that died are marked interrupted: their lease is gone,
    expired, or held by a process of this host that no longer exists (a fast restart after a
    kill must not wait for the lease to run out). See :func:`interrupt_runs`."""
    now = clock.now().isoformat()
    with transaction(db):
        for source, holder in db.execute("SELECT source, holder FROM crawl_leases").fetchall():
            if _dead_here(holder):
                db.execute("DELETE FROM crawl_leases WHERE source = ? AND holder = ?", (source, holder))
        return interrupt_runs(db, "source NOT IN (SELECT source FROM crawl_leases WHERE expires_at > ?)", (now,))


def interrupt_runs(db, condition: str, parameters: tuple) -> int:
    """Mark the ``running`` runs that meet *condition* interrupted (``abandoned``), inside the
    caller's transaction. Such a run never wrote its counts: its ``articles_stored`` becomes the
    articles of its source fetched from its start to the source's next run (a source's runs never
    overlap: the lease)."""
    now = clock.now().isoformat()
    cursor = db.execute(
        f"""UPDATE crawl_runs SET status = 'interrupted', finished_at = ?, finish_reason = 'abandoned',
             articles_stored = (SELECT count(*) FROM articles a WHERE a.source = crawl_runs.source
               AND a.fetched_at >= crawl_runs.started_at
               AND a.fetched_at < coalesce((SELECT min(later.started_at) FROM crawl_runs later
                                            WHERE later.source = crawl_runs.source AND later.id > crawl_runs.id), ?))
           WHERE status = 'running' AND {condition}""",
        (now, now, *parameters),
    )
    return cursor.rowcount
