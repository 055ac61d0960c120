"""Fault injection: a local web mixing thousands of good articles with every fault of the
hostile-web tests (tests/hostile_web.py), crawled by rasad in one run.

Usage:
    python bench/faults.py [--good 3000]
    python bench/faults.py --case lease-loss     # a crawl paused past its lease, another takes over
    python bench/faults.py --case disk-full      # a crawl into a 700 kB tmpfs (needs mount namespaces)

Reports requests served, articles stored, skipped and errors by kind, and checks that every good
article was stored exactly once; the lease-loss and disk-full cases crawl the slow outlet of
tests/test_lifecycle.py (100 articles) and report what the faulted crawl did. The last line is
one JSON object.
"""

from __future__ import annotations

import argparse
import json
import os
import signal
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from collections.abc import Iterator
from contextlib import closing, contextmanager
from http.server import ThreadingHTTPServer
from pathlib import Path

REPOSITORY = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPOSITORY))

from tests.hostile_web import HOST, SOURCES, HostileWeb  # noqa: E402
from tests.test_lifecycle import ARTICLES, SOURCES as SLOW_SOURCES, SlowSite, write_lock_held  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--good", type=int, default=3000)
    parser.add_argument("--case", choices=("hostile", "lease-loss", "disk-full"), default="hostile")
    args = parser.parse_args()
    figures = {"hostile": hostile_web, "lease-loss": lease_loss, "disk-full": disk_full}[args.case](args)
    for key, value in figures.items():
        print(f"  {key}: {value}")
    print(json.dumps(figures))


def hostile_web(args) -> dict:
    handler = "rasad.crawl.routing.RoutedDownloadHandler"
    with tempfile.TemporaryDirectory() as tmp:
        db, sources = Path(tmp) / "faults.db", Path(tmp) / "sources.toml"
        sources.write_text(SOURCES.replace("sitemap-index.xml", f"sitemap-many.xml?n={args.good}")
                           .replace("concurrency = 8", "concurrency = 16")
                           + "[source.limits]\nmax_articles = 1000000\n", encoding="utf-8")
        with HostileWeb() as web:
            started = time.monotonic()
            result = subprocess.run(
                [sys.executable, "-m", "scrapy", "crawl", "hostile", "-s", f"RASAD_DB={db}", "-s", f"RASAD_SOURCES={sources}",
                 "-s", f"RASAD_ROUTE_TO={web.address}", "-s", "RASAD_OLDEST=all", "-s", "AUTOTHROTTLE_ENABLED=False",
                 "-s", "DOWNLOAD_TIMEOUT=5", "-s", "LOG_LEVEL=WARNING", "-s", "CONCURRENT_REQUESTS=32",
                 "-s", "DOWNLOAD_HANDLERS=" + json.dumps({"http": handler, "https": handler})],
                cwd=REPOSITORY, capture_output=True, text=True)
            seconds = time.monotonic() - started
            served = sum(len(times) for times in web.hits.values())
            kinds = Counter(path.split("/")[0] for path, times in web.hits.items() for _ in times)
        with closing(sqlite3.connect(db)) as conn:
            status, stored, skipped, errors = conn.execute(
                "SELECT status, articles_stored, skipped_by_reason, errors_by_kind FROM crawl_runs").fetchone()
            urls = [row[0] for row in conn.execute("SELECT url FROM articles")]
    good = [f"https://{HOST}/good/{1000 + i}" for i in range(args.good)]
    stored_good = Counter(url for url in urls if url in set(good))
    return {
        "crawl_exit_code": result.returncode, "run_status": status, "seconds": round(seconds, 1),
        "requests_served": served, "requests_by_kind": dict(kinds), "articles_stored": stored,
        "good_articles": args.good, "good_stored_once": sum(1 for url in good if stored_good[url] == 1),
        "good_missing": sum(1 for url in good if stored_good[url] == 0),
        "duplicates_in_articles": len(urls) - len(set(urls)),
        "skipped_by_reason": json.loads(skipped), "errors_by_kind": json.loads(errors),
    }


@contextmanager
def slow_outlet() -> Iterator[tuple[str, Path, Path]]:
    """The slow outlet served on 127.0.0.1: its address, a sources file naming it, a database path."""
    SlowSite.article_requests = 0
    server = ThreadingHTTPServer(("127.0.0.1", 0), SlowSite)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    with tempfile.TemporaryDirectory() as tmp:
        sources = Path(tmp) / "sources.toml"
        sources.write_text(SLOW_SOURCES, encoding="utf-8")
        try:
            yield f"127.0.0.1:{server.server_address[1]}", sources, Path(tmp) / "faults.db"
        finally:
            server.shutdown()
            server.server_close()


def lease_loss(args) -> dict:
    """Stop a crawl (SIGSTOP, between two writes) past its 3 s lease, crawl the source to the end in
    another process, resume the first: what it fetched and stored after resuming."""
    with slow_outlet() as (site, sources, db):
        crawl = [sys.executable, "-m", "rasad", "crawl", "--route-to", site, "--oldest", "all", "--sources",
                 str(sources), "--db", str(db)]
        env = {**os.environ, "RASAD_LEASE_SECONDS": "3"}
        paused = subprocess.Popen(crawl, cwd=REPOSITORY, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                  text=True)
        while not (db.exists() and _count(db, "SELECT count(*) FROM sqlite_master WHERE name = 'articles'")
                   and _count(db, "SELECT count(*) FROM articles") >= 3):
            time.sleep(0.1)
        while True:
            paused.send_signal(signal.SIGSTOP)
            if not write_lock_held(db):
                break
            paused.send_signal(signal.SIGCONT)
            time.sleep(0.05)
        stored_before_pause = _count(db, "SELECT count(*) FROM articles")
        time.sleep(4)
        other = subprocess.run(crawl, cwd=REPOSITORY, env=env, capture_output=True, text=True)
        served_before_resume = SlowSite.article_requests
        resumed = time.monotonic()
        paused.send_signal(signal.SIGCONT)
        _, stderr = paused.communicate()
        with closing(sqlite3.connect(db)) as conn:
            runs = conn.execute("SELECT status, finish_reason, articles_stored FROM crawl_runs ORDER BY id").fetchall()
            articles, distinct = conn.execute("SELECT count(*), count(DISTINCT url) FROM articles").fetchone()
    return {
        "articles": ARTICLES, "stored_before_pause": stored_before_pause, "takeover_exit_code": other.returncode,
        "resumed_exit_code": paused.returncode, "seconds_from_resume_to_exit": round(time.monotonic() - resumed, 1),
        "pages_fetched_after_resume": SlowSite.article_requests - served_before_resume,
        "lease_lost_said": "lease lost while crawling" in stderr, "traceback": "Traceback" in stderr,
        "runs": runs, "articles_stored": articles, "duplicates_in_articles": articles - distinct,
    }


def disk_full(args) -> dict:
    """Crawl the slow outlet into a 700 kB tmpfs holding a small database (a mount namespace of its
    own): what the crawl said and recorded."""
    from tests.test_disk_full import SCRIPT, TMPFS_SIZE

    with slow_outlet() as (site, sources, db), tempfile.TemporaryDirectory() as tmp:
        mount, out, jsonl = Path(tmp) / "small", Path(tmp) / "out", Path(tmp) / "seed.jsonl"
        mount.mkdir()
        out.mkdir()
        jsonl.write_text(json.dumps({"url": "https://elsewhere.example/1", "title": "خبر", "source": "elsewhere",
                                     "text": "قالت مصادر محلية إن طائرة مسيرة استهدفت قاعدة. " * 20},
                                    ensure_ascii=False) + "\n", encoding="utf-8")
        subprocess.run([sys.executable, "-m", "rasad", "import", str(jsonl), "--db", str(db)], cwd=REPOSITORY,
                       check=True, capture_output=True)
        prefix = ["unshare", "--mount", *(["--map-root-user"] if os.geteuid() else []), "--"]
        started = time.monotonic()
        result = subprocess.run([*prefix, "sh", "-c", SCRIPT, str(mount), TMPFS_SIZE, str(db), "--", sys.executable,
                                 "-m", "rasad", "crawl", "--route-to", site, "--oldest", "all", "--sources",
                                 str(sources), "--db", str(mount / "rasad.db")],
                                cwd=REPOSITORY, env={**os.environ, "OUT": str(out)}, capture_output=True, text=True)
        seconds = time.monotonic() - started
        with closing(sqlite3.connect(out / "rasad.db")) as conn:
            run = conn.execute("SELECT status, finish_reason, articles_stored FROM crawl_runs "
                               "WHERE source = 'slow'").fetchone()
            leases = conn.execute("SELECT count(*) FROM crawl_leases").fetchone()[0]
    lines = result.stderr.splitlines()
    return {
        "articles": ARTICLES, "crawl_exit_code": result.returncode, "seconds": round(seconds, 1),
        "stderr_lines": len(lines), "disk_full_batch_lines": sum("could not store" in line for line in lines),
        "traceback": "Traceback" in result.stderr, "cannot_rollback": "cannot rollback" in result.stderr,
        "run": run, "leases_left": leases, "last_line": lines[-1] if lines else "",
    }


def _count(db: Path, sql: str) -> int:
    with closing(sqlite3.connect(db)) as conn:
        return conn.execute(sql).fetchone()[0]


if __name__ == "__main__":
    main()
