"""A one-shot crawl's lifecycle against real local HTTP servers: interrupted, failed."""

from __future__ import annotations

import signal
import sqlite3
from contextlib import closing
import subprocess
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from tests.conftest import REPOSITORY, run_rasad

ARTICLES = 100
PARAGRAPH = ("قالت مصادر محلية إن طائرة مسيرة استهدفت قاعدة حقل العمر النفطي في ريف دير الزور الشرقي، "
             "وأضافت أن الدفاعات الجوية تصدت للهجوم من دون وقوع إصابات في صفوف القوات. ")

SOURCES = """
[[source]]
id = "slow"
name = "Slow outlet"
language = "ar"
allowed_domains = ["slow.example"]
schedule = "1h"
[source.discovery]
feeds = ["https://www.slow.example/feed"]
"""


class SlowSite(BaseHTTPRequestHandler):
    """A feed of ARTICLES items; each article page takes 0.3 s to answer. ``article_requests``
    counts the article pages served (reset by the fixture)."""

    article_requests = 0

    def do_GET(self) -> None:  # noqa: N802
        if self.path.startswith("/news/"):
            type(self).article_requests += 1
        if self.path == "/robots.txt":
            body, kind = b"User-agent: *\nAllow: /\n", "text/plain"
        elif self.path == "/feed":
            items = "".join(f"<item><title>t{i}</title><link>https://www.slow.example/news/{i}</link></item>"
                            for i in range(ARTICLES))
            body, kind = f"<rss><channel>{items}</channel></rss>".encode(), "application/rss+xml"
        elif self.path.startswith("/news/"):
            time.sleep(0.3)
            n = self.path.rsplit("/", 1)[1]
            body = (f"<html lang='ar'><head><title>خبر رقم {n} عن هجوم بطائرة مسيرة على حقل العمر</title></head>"
                    f"<body><article><h1>خبر رقم {n} عن هجوم بطائرة مسيرة على حقل العمر</h1>"
                    f"<time datetime='2024-02-0{int(n) % 9 + 1}'></time><p>{PARAGRAPH * 3} {n}</p>"
                    f"<p>{PARAGRAPH} الخبر {n}.</p></article></body></html>").encode()
            kind = "text/html; charset=utf-8"
        else:
            self.send_error(404)
            return
        self.send_response(200)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args) -> None:
        pass


@pytest.fixture
def slow_site():
    SlowSite.article_requests = 0
    server = ThreadingHTTPServer(("127.0.0.1", 0), SlowSite)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def count(db, sql):
    with closing(sqlite3.connect(db)) as conn:
        return conn.execute(sql).fetchone()[0]


def start_slow_crawl(sources, db, site: str) -> subprocess.Popen:
    """`rasad crawl` of the slow site, in the background."""
    sources.write_text(SOURCES, encoding="utf-8")
    return subprocess.Popen(
        [sys.executable, "-m", "rasad", "crawl", "--route-to", site, "--oldest", "all",
         "--sources", str(sources), "--db", str(db)],
        cwd=REPOSITORY, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )


def test_sigint_during_a_crawl_stores_what_was_fetched_and_marks_the_run_interrupted(tmp_path, tmp_db, slow_site):
    sources = tmp_path / "sources.toml"
    process = start_slow_crawl(sources, tmp_db, slow_site)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if tmp_db.exists() and count(tmp_db, "SELECT count(*) FROM sqlite_master WHERE name = 'articles'") \
                and count(tmp_db, "SELECT count(*) FROM articles") >= 3:
            break
        time.sleep(0.1)
    process.send_signal(signal.SIGINT)
    started = time.monotonic()
    _, stderr = process.communicate(timeout=30)
    assert time.monotonic() - started < 30
    assert process.returncode == 130, stderr
    assert "Traceback" not in stderr
    assert count(tmp_db, "PRAGMA integrity_check") == "ok"
    stored = count(tmp_db, "SELECT count(*) FROM articles")
    assert 3 <= stored < ARTICLES
    assert count(tmp_db, "SELECT count(*) FROM article_html") == stored
    assert count(tmp_db, "SELECT status FROM crawl_runs") == "interrupted"
    assert count(tmp_db, "SELECT articles_stored FROM crawl_runs") == stored
    # the next run completes the source without duplicates
    again = run_rasad("crawl", "--route-to", slow_site, "--oldest", "all", "--sources", str(sources), "--db", str(tmp_db))
    assert again.returncode == 0, again.stderr
    assert count(tmp_db, "SELECT count(*) FROM articles") == ARTICLES
    assert count(tmp_db, "SELECT count(DISTINCT url) FROM articles") == ARTICLES


def test_a_source_whose_entry_points_all_fail_is_a_failed_run(tmp_path, tmp_db, slow_site):
    sources = tmp_path / "sources.toml"
    sources.write_text(SOURCES.replace("/feed", "/moved-feed"), encoding="utf-8")
    result = run_rasad("crawl", "--route-to", slow_site, "--sources", str(sources), "--db", str(tmp_db))
    assert result.returncode == 1
    assert "crawl failed for: slow (finished: no entry point could be read)" in result.stderr
    assert count(tmp_db, "SELECT status FROM crawl_runs") == "failed"


def test_readers_never_see_database_is_locked_while_a_crawl_writes(tmp_path, tmp_db, slow_site):
    sources = tmp_path / "sources.toml"
    crawl = start_slow_crawl(sources, tmp_db, slow_site)
    reads = 0
    while crawl.poll() is None:
        if tmp_db.exists() and count(tmp_db, "SELECT count(*) FROM sqlite_master WHERE name = 'articles'"):
            query = subprocess.run([sys.executable, "-m", "sqlite_utils", "query", str(tmp_db),
                                    "select count(*) n from articles"], capture_output=True, text=True)
            status = run_rasad("status", "--sources", str(sources), "--db", str(tmp_db))
            assert query.returncode == 0 and "locked" not in query.stderr, query.stderr
            assert status.returncode == 0 and "locked" not in status.stderr, status.stderr
            reads += 1
        time.sleep(0.1)
    _, stderr = crawl.communicate()
    assert crawl.returncode == 0, stderr
    assert reads >= 3
    assert count(tmp_db, "SELECT count(*) FROM articles") == ARTICLES


def test_a_crawl_paused_past_its_lease_stops_once_resumed_and_writes_nothing(tmp_path, tmp_db, slow_site):
    """SIGSTOP (a VM suspend, an I/O hang) for longer than the lease: another crawl takes the source
    over; the paused one, resumed, stops at once instead of fetching the source a second time."""
    import os

    sources = tmp_path / "sources.toml"
    sources.write_text(SOURCES, encoding="utf-8")
    env = {**os.environ, "RASAD_LEASE_SECONDS": "3"}
    paused = subprocess.Popen([sys.executable, "-m", "rasad", "crawl", "--route-to", slow_site, "--oldest", "all",
                               "--sources", str(sources), "--db", str(tmp_db)], cwd=REPOSITORY, env=env,
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 60
    while not (tmp_db.exists() and count(tmp_db, "SELECT count(*) FROM sqlite_master WHERE name = 'articles'")
               and count(tmp_db, "SELECT count(*) FROM articles") >= 3):
        assert time.monotonic() < deadline and paused.poll() is None
        time.sleep(0.1)
    while True:  # paused between two writes: paused holding the write lock is tests/test_lock_waits.py's case
        paused.send_signal(signal.SIGSTOP)
        if not write_lock_held(tmp_db):
            break
        paused.send_signal(signal.SIGCONT)
        time.sleep(0.05)
    try:
        time.sleep(4)  # past the 3 s lease
        other = run_rasad("crawl", "--route-to", slow_site, "--oldest", "all", "--sources", str(sources),
                          "--db", str(tmp_db), env={"RASAD_LEASE_SECONDS": "3"})
        assert other.returncode == 0, other.stderr
        served_while_paused = SlowSite.article_requests
    finally:
        paused.send_signal(signal.SIGCONT)
    _, stderr = paused.communicate(timeout=60)
    assert "lease lost while crawling (another crawl took it over): stopping this crawl" in stderr, stderr
    assert "Traceback" not in stderr
    # the resumed crawl fetched no more than what its downloader had in flight, not the source again
    assert SlowSite.article_requests - served_while_paused <= 20, SlowSite.article_requests - served_while_paused
    assert count(tmp_db, "SELECT count(*) FROM articles") == ARTICLES
    assert count(tmp_db, "SELECT count(DISTINCT url) FROM articles") == ARTICLES
    with closing(sqlite3.connect(tmp_db)) as conn:
        runs = conn.execute("SELECT finish_reason, articles_stored FROM crawl_runs ORDER BY id").fetchall()
    assert runs[0][0] == "lease-lost" and sum(stored for _, stored in runs) == ARTICLES, runs


def write_lock_held(db) -> bool:
    with closing(sqlite3.connect(db, timeout=0, isolation_level=None)) as conn:
        try:
            conn.execute("BEGIN IMMEDIATE")
        except sqlite3.OperationalError:
            return True
        conn.execute("ROLLBACK")
        return False
