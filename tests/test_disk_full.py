"""A disk that fills up during a crawl: a real full filesystem (a small tmpfs, mounted in a mount
namespace of the test's own with unshare; skipped where that is not permitted). One line per
failed batch names the disk full, the run is recorded failed with that reason, the lease is
released, and the crawl exits 1 without a traceback."""

from __future__ import annotations

import json
import os
import re
import shutil
import sqlite3
import subprocess
import sys
from contextlib import closing
from pathlib import Path

import pytest

from tests.conftest import REPOSITORY, run_rasad
from tests.test_lifecycle import ARTICLES, SOURCES, slow_site  # noqa: F401 (fixture)

TMPFS_SIZE = "700k"  # the seed database (256 kB) and room for a few articles and the WAL

# Mount a tmpfs over $0, copy the seed database onto it, run the command, copy the database out.
SCRIPT = ('mount -t tmpfs -o size=$1 tmpfs "$0" && cp "$2" "$0/rasad.db" && shift 3 && "$@"; code=$?; '
          'cp "$0"/rasad.db* "$OUT"/; exit $code')


def _in_a_mount_namespace(script: str, out: Path, *args: str) -> subprocess.CompletedProcess:
    """``sh -c script args...`` in a mount namespace of its own, $OUT naming *out*."""
    prefix = ["unshare", "--mount", *(["--map-root-user"] if os.geteuid() else []), "--"]
    if shutil.which("unshare") is None or subprocess.run([*prefix, "true"], capture_output=True).returncode != 0:
        pytest.skip("unshare is missing or mount namespaces are not permitted here")
    env = {**os.environ, "OUT": str(out), "PYTHONWARNINGS": "ignore::DeprecationWarning"}
    env.pop("RASAD_DB", None)
    return subprocess.run([*prefix, "sh", "-c", script, *args], cwd=REPOSITORY, env=env, capture_output=True,
                          text=True, timeout=300)


@pytest.fixture
def seed(tmp_path) -> Path:
    """A small real database (one imported article) to copy onto the small filesystem."""
    jsonl = tmp_path / "a.jsonl"
    jsonl.write_text(json.dumps({"url": "https://elsewhere.example/1", "title": "خبر", "source": "elsewhere",
                                 "text": "قالت مصادر محلية إن طائرة مسيرة استهدفت قاعدة. " * 20},
                                ensure_ascii=False) + "\n", encoding="utf-8")
    assert run_rasad("import", str(jsonl), "--db", str(tmp_path / "seed.db")).returncode == 0
    return tmp_path / "seed.db"


def test_a_full_disk_fails_the_run_in_one_line_per_batch_and_releases_the_lease(tmp_path, seed, slow_site):  # noqa: F811
    sources = tmp_path / "sources.toml"
    sources.write_text(SOURCES, encoding="utf-8")
    mount, out = tmp_path / "small", tmp_path / "out"
    mount.mkdir()
    out.mkdir()

    result = _in_a_mount_namespace(SCRIPT, out, str(mount), TMPFS_SIZE, str(seed), "--", sys.executable, "-m", "rasad",
                                   "crawl", "--route-to", slow_site, "--oldest", "all", "--sources", str(sources),
                                   "--db", str(mount / "rasad.db"))
    assert result.returncode == 1, result.stderr
    assert "Traceback" not in result.stderr and "cannot rollback" not in result.stderr, result.stderr
    batch_lines = [line for line in result.stderr.splitlines() if "could not store" in line]
    assert batch_lines and all("disk full" in line for line in batch_lines), result.stderr
    assert len(batch_lines) <= 10, "one line per failed batch, not one per article"
    with closing(sqlite3.connect(out / "rasad.db")) as conn:
        status, reason, stored = conn.execute(
            "SELECT status, finish_reason, articles_stored FROM crawl_runs WHERE source = 'slow'").fetchone()
        assert conn.execute("SELECT count(*) FROM crawl_leases").fetchone()[0] == 0
        assert conn.execute("SELECT count(*) FROM articles WHERE source = 'slow'").fetchone()[0] == stored
    assert status == "failed" and (lost := re.fullmatch(r"disk full: (\d+) articles could not be stored", reason)), reason
    assert stored + int(lost[1]) == ARTICLES
    assert f"crawl failed for: slow ({reason})" in result.stderr


# The daemon on a filesystem that a filler file fills: space returns when the filler is removed.
DAEMON_SCRIPT = ('mount -t tmpfs -o size=6m tmpfs "$0" && cp "$1" "$0/rasad.db" && '
                 'dd if=/dev/zero of="$0/filler" bs=1k count=5800 2>/dev/null; shift; '
                 '"$@" & pid=$!; sleep 15; rm "$0/filler"; sleep 30; kill -TERM $pid; wait $pid; code=$?; '
                 'cp "$0"/rasad.db* "$OUT"/; exit $code')


def test_the_daemon_waits_out_a_full_disk_and_stores_once_space_returns(tmp_path, seed, slow_site):  # noqa: F811
    sources = tmp_path / "sources.toml"
    sources.write_text(SOURCES.replace('schedule = "1h"', 'schedule = "5s"'), encoding="utf-8")
    mount, out = tmp_path / "small", tmp_path / "out"
    mount.mkdir()
    out.mkdir()
    result = _in_a_mount_namespace(DAEMON_SCRIPT, out, str(mount), str(seed), sys.executable, "-m", "rasad", "run",
                                   "--route-to", slow_site, "--sources", str(sources), "--db", str(mount / "rasad.db"))
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr, result.stderr
    assert "disk full" in result.stderr
    with closing(sqlite3.connect(out / "rasad.db")) as conn:
        # a run is recorded failed for the disk where there was room to record it at all
        reasons = [row[0] for row in conn.execute("SELECT finish_reason FROM crawl_runs WHERE status = 'failed'")]
        assert all(reason.startswith("disk full: ") for reason in reasons), reasons
        assert conn.execute("SELECT count(*), count(DISTINCT url) FROM articles WHERE source = 'slow'").fetchone() == \
            (ARTICLES, ARTICLES)


# Fill the disk to the last byte beside the reserve, then write a run's record as a crawl's close does.
RESERVE_CODE = """
import errno, os, sys
from rasad.store import db as database
path = sys.argv[1]
database.keep_reserve(path)
db = database.connect(path)
fd = os.open(os.path.join(os.path.dirname(path), "filler"), os.O_WRONLY | os.O_CREAT)
try:
    while True:
        os.write(fd, bytes(4096))
except OSError as exc:
    assert exc.errno == errno.ENOSPC, exc
def record():
    with database.transaction(db):
        db.execute("INSERT INTO crawl_runs (source, trigger, started_at, status, stats) VALUES ('s', 'manual', '', 'failed', ?)",
                   ("x" * 30000,))
try:
    record()
except Exception as exc:
    print("without the reserve:", "disk full" if database.is_full(exc) else exc)
database.with_reserve(db, record)
print("reserve left:", database.reserve_path(path).exists())
"""


def test_a_full_disk_leaves_the_reserve_for_the_run_record(tmp_path, seed):
    mount, out = tmp_path / "small", tmp_path / "out"
    mount.mkdir()
    out.mkdir()
    result = _in_a_mount_namespace(SCRIPT, out, str(mount), "2m", str(seed), "--", sys.executable, "-c",
                                   RESERVE_CODE, str(mount / "rasad.db"))
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == ["without the reserve: disk full", "reserve left: False"], result.stdout
    with closing(sqlite3.connect(out / "rasad.db")) as conn:
        assert conn.execute("SELECT count(*) FROM crawl_runs WHERE source = 's'").fetchone()[0] == 1
