"""Lock waits: a command that waits past the busy timeout for a write lock another process
holds says who may hold it, in one line, exit code 75; write batches commit in short
transactions so that others wait little."""

from __future__ import annotations

import sqlite3
from contextlib import closing

import pytest

from rasad.store import db as database, leases
from tests.conftest import run_rasad


@pytest.fixture
def held(tmp_db):
    """A real database whose write lock this test process holds (as a stopped writer would)."""
    database.connect(tmp_db).conn.close()
    conn = sqlite3.connect(tmp_db, isolation_level=None)
    conn.execute("BEGIN IMMEDIATE")
    yield conn
    conn.execute("ROLLBACK")
    conn.close()


@pytest.mark.parametrize("args", [("trigger", "youm7"), ("crawl", "youm7", "--sample-web"),
                                  ("incident", "verify", "1")], ids=lambda args: args[0])
def test_a_command_that_cannot_get_the_write_lock_says_so_in_one_line(tmp_db, held, args):
    result = run_rasad(*args, "--db", str(tmp_db), env={"RASAD_BUSY_TIMEOUT": "1"})
    assert result.returncode == 75, result.stderr
    assert result.stderr.splitlines() == [
        f"Error: {tmp_db} is locked: another process held its write lock for more than 1 s (no rasad daemon or crawl "
        f"is running: another program writes to it (sqlite-utils, a script) or a rasad command holds it); try again "
        f"later, or give it longer with RASAD_BUSY_TIMEOUT=SECONDS"], result.stderr


def test_the_lock_holders_named_are_the_live_daemon_and_crawls(tmp_db):
    db = database.connect(tmp_db)
    with closing(db.conn):
        alive = leases.holder_id()  # this process
        dead = "%s:999999999:dead" % alive.split(":")[0]
        with database.transaction(db):
            for holder in (alive, dead):
                db.execute("INSERT INTO daemons (holder, pid, started_at, heartbeat_at) VALUES (?, 1, 't', 'h')", (holder,))
            db.execute("INSERT INTO crawl_leases VALUES ('youm7', ?, 'a', '9999-01-01')", (alive,))
            db.execute("INSERT INTO crawl_leases VALUES ('erem-news', ?, 'a', '2000-01-01')", (alive,))
        assert leases.lock_holders(db.conn) == [f"the rasad daemon {alive} (last heartbeat h)",
                                                f"a crawl of erem-news by {alive} (its lease expired: stopped?)",
                                                f"a crawl of youm7 by {alive}"]


def _transactions(db, entries: list, hold_seconds: float, fail: int | None = None) -> tuple[list, int]:
    statements: list[str] = []
    db.conn.set_trace_callback(statements.append)

    def write(n: int) -> int:
        if n == fail:
            raise ValueError(n)
        return db.execute("INSERT INTO crawl_requests (source, requested_at) VALUES (?, 'now')", (f"s{n}",)).lastrowid

    try:
        results = database.each_whole(db, entries, write, hold_seconds=hold_seconds)
    finally:
        db.conn.set_trace_callback(None)
    return results, statements.count("COMMIT")


def test_a_batch_commits_once_its_transaction_has_held_the_lock_long_enough(tmp_db):
    db = database.connect(tmp_db)
    with closing(db.conn):
        results, commits = _transactions(db, [1, 2, 3, 4, 5], hold_seconds=60)
        assert commits == 1 and results == [1, 2, 3, 4, 5]
        # past the hold, each entry goes on in a transaction of its own; a failing one still costs only itself
        results, commits = _transactions(db, [6, 7, 8], hold_seconds=0, fail=7)
        assert commits == 3 and results[0] == 6 and isinstance(results[1], ValueError) and results[2] == 7
        assert [r[0] for r in db.execute("SELECT source FROM crawl_requests ORDER BY id")] == \
            ["s1", "s2", "s3", "s4", "s5", "s6", "s8"]
