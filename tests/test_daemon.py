"""The daemon as users run it: `rasad run` in a subprocess, real HTTP on 127.0.0.1, a real
SQLite file."""

from __future__ import annotations

import json
import signal
import sqlite3
from contextlib import closing
import subprocess
import sys
import time
from pathlib import Path

from rasad.store import db as database, leases
from tests.conftest import REPOSITORY, run_rasad
from tests.test_lifecycle import ARTICLES, SOURCES as SLOW_SOURCES, slow_site  # noqa: F401 (fixture)

TWO_OUTLETS = """
[[source]]
id = "youm7"
name = "Youm7"
language = "ar"
allowed_domains = ["youm7.com"]
schedule = "1s"
[source.discovery]
feeds = ["https://www.youm7.com/rss/SectionRss?SectionID=65"]
sitemaps = ["https://www.youm7.com/sitemaps/news.xml"]

[[source]]
id = "erem-news"
name = "Erem News"
language = "ar"
allowed_domains = ["eremnews.com"]
schedule = "1s"
[source.discovery]
feeds = ["https://www.eremnews.com/rss"]
"""


def rows(db: Path, sql: str, *args) -> list[tuple]:
    with closing(sqlite3.connect(db, timeout=30)) as conn:
        return conn.execute(sql, args).fetchall()


def wait_for(condition, timeout: float = 60, every: float = 0.3):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            value = condition()
        except sqlite3.OperationalError:  # the daemon has not created the tables yet
            value = None
        if value:
            return value
        time.sleep(every)
    raise AssertionError("condition not met in time")


def start(*args: str) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "rasad", "run", *args], cwd=REPOSITORY,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def stop(process: subprocess.Popen) -> tuple[int, str]:
    process.send_signal(signal.SIGTERM)
    _, stderr = process.communicate(timeout=30)
    return process.returncode, stderr


def test_the_daemon_schedules_triggers_reloads_and_stops(tmp_path, tmp_db):
    sources = tmp_path / "sources.toml"
    sources.write_text(TWO_OUTLETS, encoding="utf-8")
    daemon = start("--sample-web", "--sources", str(sources), "--db", str(tmp_db))
    try:
        def finished_runs(source):
            return rows(tmp_db, "SELECT started_at, finished_at, trigger, stats FROM crawl_runs "
                                "WHERE source = ? AND status = 'ok' ORDER BY id", source)
        for source in ("youm7", "erem-news"):
            wait_for(lambda source=source: len(finished_runs(source)) >= 2)

        result = run_rasad("trigger", "youm7", "--sources", str(sources), "--db", str(tmp_db))
        assert result.returncode == 0 and "requested: youm7" in result.stdout
        wait_for(lambda: any(run[2] == "manual" for run in finished_runs("youm7")), timeout=15)

        status = run_rasad("status", "--sources", str(sources), "--db", str(tmp_db))
        assert "daemon: running" in status.stderr
        # every second a new run may have started since the manual one finished
        assert next(line for line in status.stdout.splitlines() if line.startswith("youm7")).split()[3] in ("ok", "running")

        sources.write_text(TWO_OUTLETS.replace('schedule = "1s"', 'schedule = "whenever"', 1), encoding="utf-8")
        before = len(finished_runs("erem-news"))
        daemon.send_signal(signal.SIGHUP)
        wait_for(lambda: len(finished_runs("erem-news")) >= before + 2, timeout=30)
        assert daemon.poll() is None, "a bad sources file on SIGHUP stopped the daemon"

    finally:
        code, stderr = stop(daemon)
    assert code == 0, stderr
    assert "sources file refused, keeping the current schedule" in stderr
    assert "field 'schedule'" in stderr
    for source in ("youm7", "erem-news"):
        runs = finished_runs(source)
        for earlier, later in zip(runs, runs[1:]):
            assert later[0] >= earlier[1], f"runs of {source} overlap"
        assert json.loads(runs[0][3]).get("item_scraped_count", 0) > 0
        for run in runs[1:]:
            assert json.loads(run[3]).get("item_scraped_count", 0) == 0, "a stored article was fetched again"
    assert rows(tmp_db, "SELECT count(*) FROM crawl_runs WHERE status = 'running'")[0][0] == 0
    assert rows(tmp_db, "PRAGMA integrity_check")[0][0] == "ok"


def test_two_processes_never_crawl_one_source_and_a_dead_lease_expires(tmp_db):
    db = database.connect(tmp_db)
    assert leases.acquire(db, "youm7", "other-host:1234:abcd") is None
    refused = run_rasad("crawl", "youm7", "--sample-web", "--oldest", "all", "--db", str(tmp_db))
    assert refused.returncode == 75
    assert "youm7 is being crawled by other-host:1234:abcd" in refused.stderr
    assert rows(tmp_db, "SELECT count(*) FROM articles")[0][0] == 0
    # the holder was killed: its lease is not renewed and expires
    db.execute("UPDATE crawl_leases SET expires_at = '2000-01-01T00:00:00+00:00'")
    db.conn.close()
    crawled = run_rasad("crawl", "youm7", "--sample-web", "--oldest", "all", "--db", str(tmp_db))
    assert crawled.returncode == 0, crawled.stderr
    assert rows(tmp_db, "SELECT count(*) FROM articles")[0][0] > 0
    assert rows(tmp_db, "SELECT count(*) FROM crawl_leases")[0][0] == 0


def test_sigterm_during_a_crawl_exits_0_and_marks_the_run_interrupted(tmp_path, tmp_db, slow_site):  # noqa: F811
    sources = tmp_path / "sources.toml"
    sources.write_text(SLOW_SOURCES, encoding="utf-8")
    daemon = start("--route-to", slow_site, "--sources", str(sources), "--db", str(tmp_db))
    try:
        wait_for(lambda: rows(tmp_db, "SELECT count(*) FROM articles")[0][0] >= 3)
    finally:
        started = time.monotonic()
        code, stderr = stop(daemon)
    assert code == 0, stderr
    assert time.monotonic() - started < 30
    assert rows(tmp_db, "SELECT status FROM crawl_runs")[0][0] == "interrupted"
    assert rows(tmp_db, "PRAGMA integrity_check")[0][0] == "ok"
    stored = rows(tmp_db, "SELECT count(*) FROM articles")[0][0]
    assert rows(tmp_db, "SELECT count(*) FROM article_html")[0][0] == stored


def test_a_failing_source_backs_off_and_never_stops_the_daemon(tmp_path, tmp_db, slow_site):  # noqa: F811
    sources = tmp_path / "sources.toml"
    sources.write_text(SLOW_SOURCES.replace("/feed", "/moved-feed").replace('schedule = "1h"', 'schedule = "1s"'),
                       encoding="utf-8")
    daemon = start("--route-to", slow_site, "--sources", str(sources), "--db", str(tmp_db))
    try:
        wait_for(lambda: rows(tmp_db, "SELECT count(*) FROM crawl_runs WHERE status = 'failed'")[0][0] >= 2)
        time.sleep(3)
        assert daemon.poll() is None
        # backing off: no new run for the next seconds although the schedule says every second
        assert rows(tmp_db, "SELECT count(*) FROM crawl_runs")[0][0] <= 3
    finally:
        code, stderr = stop(daemon)
    assert code == 0, stderr
    assert "source=slow failed 2 times in a row: next run in 2s" in stderr


def test_crawl_wait_waits_for_the_lease_holder(tmp_db):
    import threading

    db = database.connect(tmp_db)
    assert leases.acquire(db, "youm7", "daemon-elsewhere:1:x") is None
    threading.Timer(2.0, lambda: leases.release(database.connect(tmp_db), "youm7", "daemon-elsewhere:1:x")).start()
    started = time.monotonic()
    result = run_rasad("crawl", "youm7", "--sample-web", "--oldest", "all", "--wait", "--db", str(tmp_db))
    assert result.returncode == 0, result.stderr
    assert time.monotonic() - started >= 2
    assert rows(tmp_db, "SELECT count(*) FROM articles")[0][0] > 0


def test_a_killed_daemon_leaves_no_lease_behind_and_its_run_is_marked_interrupted(tmp_path, tmp_db, slow_site):  # noqa: F811
    import os

    sources = tmp_path / "sources.toml"
    sources.write_text(SLOW_SOURCES, encoding="utf-8")
    env = {**os.environ, "RASAD_LEASE_SECONDS": "3"}
    daemon = subprocess.Popen([sys.executable, "-m", "rasad", "run", "--route-to", slow_site, "--sources", str(sources),
                               "--db", str(tmp_db)], cwd=REPOSITORY, env=env,
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    wait_for(lambda: rows(tmp_db, "SELECT count(*) FROM articles")[0][0] >= 3)
    daemon.kill()
    daemon.wait()
    assert rows(tmp_db, "PRAGMA integrity_check")[0][0] == "ok"
    stored_by_killed_run = rows(tmp_db, "SELECT count(*) FROM articles")[0][0]
    half = rows(tmp_db, "SELECT count(*) FROM articles a LEFT JOIN article_html h ON h.article_id = a.id "
                        "WHERE h.article_id IS NULL OR a.story_id IS NULL")[0][0]
    assert half == 0, "an article was written without its raw page or its story"
    # the holder is a dead process of this host: its lease is recovered at once, no expiry wait
    again = run_rasad("crawl", "slow", "--route-to", slow_site, "--oldest", "all", "--sources", str(sources),
                      "--db", str(tmp_db), env={"RASAD_LEASE_SECONDS": "3"})
    assert again.returncode == 0, again.stderr
    assert rows(tmp_db, "PRAGMA integrity_check")[0][0] == "ok"
    statuses = [r[0] for r in rows(tmp_db, "SELECT status FROM crawl_runs ORDER BY id")]
    assert statuses == ["interrupted", "ok"]
    assert rows(tmp_db, "SELECT count(*), count(DISTINCT url) FROM articles")[0] == (ARTICLES, ARTICLES)
    # the killed run never wrote its counts: recovery counts what it stored
    assert [r[0] for r in rows(tmp_db, "SELECT articles_stored FROM crawl_runs ORDER BY id")] == \
        [stored_by_killed_run, ARTICLES - stored_by_killed_run]


def test_sighup_with_a_good_file_adds_and_changes_sources_in_the_running_daemon(tmp_path, tmp_db):
    sources = tmp_path / "sources.toml"
    first, second = TWO_OUTLETS.split("[[source]]")[1:]
    sources.write_text("[[source]]" + first, encoding="utf-8")
    daemon = start("--sample-web", "--sources", str(sources), "--db", str(tmp_db))
    try:
        wait_for(lambda: rows(tmp_db, "SELECT count(*) FROM crawl_runs WHERE source = 'youm7' AND status = 'ok'")[0][0] >= 1)
        sources.write_text("[[source]]" + first + "[[source]]" + second, encoding="utf-8")
        daemon.send_signal(signal.SIGHUP)
        wait_for(lambda: rows(tmp_db, "SELECT count(*) FROM crawl_runs WHERE source = 'erem-news' AND status = 'ok'")[0][0] >= 1,
                 timeout=30)
        assert rows(tmp_db, "SELECT count(*) FROM articles WHERE source = 'erem-news'")[0][0] > 0
        assert rows(tmp_db, "SELECT count(*) FROM crawl_leases")[0][0] <= 2
    finally:
        code, stderr = stop(daemon)
    assert code == 0, stderr
    assert "SIGHUP: reloaded 2 sources" in stderr
    assert rows(tmp_db, "SELECT count(*) FROM crawl_leases")[0][0] == 0


def test_status_says_not_running_once_the_heartbeat_is_old(tmp_db):
    db = database.connect(tmp_db)
    db.execute("INSERT INTO daemons (holder, pid, started_at, heartbeat_at) VALUES "
               "('gone:1:x', 1, '2026-01-01T00:00:00+00:00', '2026-01-01T00:00:00+00:00')")
    db.conn.close()
    result = run_rasad("status", "--db", str(tmp_db))
    assert "daemon: not running" in result.stderr


def test_status_says_running_while_a_daemon_of_this_host_lives_though_it_cannot_write_its_heartbeat(tmp_db):
    """A full disk stops the heartbeat, not the daemon: a live process of this host is running."""
    import os
    import socket

    db = database.connect(tmp_db)
    db.execute("INSERT INTO daemons (holder, pid, started_at, heartbeat_at) VALUES (?, ?, ?, ?)",
               (f"{socket.gethostname()}:{os.getpid()}:x", os.getpid(), "2026-01-01T00:00:00+00:00",
                "2026-01-01T00:00:00+00:00"))
    db.conn.close()
    result = run_rasad("status", "--db", str(tmp_db))
    assert f"daemon: running (pid {os.getpid()}," in result.stderr, result.stderr
    assert "it cannot write to the database, is the disk full?" in result.stderr
