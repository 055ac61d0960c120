"""Fault injection: a local web mixing thousands of good articles with every fault of the
hostile-web tests (tests/hostile_web.py), crawled by rasad in one run.

Usage:
    python bench/faults.py [--good 3000]

Reports requests served, articles stored, skipped and errors by kind, and checks that every good
article was stored exactly once. The last line is one JSON object.
"""

from __future__ import annotations

import argparse
import json
import sqlite3
import subprocess
import sys
import tempfile
import time
from collections import Counter
from contextlib import closing
from pathlib import Path

REPOSITORY = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPOSITORY))

from tests.hostile_web import HOST, SOURCES, HostileWeb  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--good", type=int, default=3000)
    args = parser.parse_args()
    handler = "rasad.routing.RoutedDownloadHandler"
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
    figures = {
        "crawl_exit_code": result.returncode, "run_status": status, "seconds": round(seconds, 1),
        "requests_served": served, "requests_by_kind": dict(kinds), "articles_stored": stored,
        "good_articles": args.good, "good_stored_once": sum(1 for url in good if stored_good[url] == 1),
        "good_missing": sum(1 for url in good if stored_good[url] == 0),
        "duplicates_in_articles": len(urls) - len(set(urls)),
        "skipped_by_reason": json.loads(skipped), "errors_by_kind": json.loads(errors),
    }
    for key, value in figures.items():
        print(f"  {key}: {value}")
    print(json.dumps(figures))


if __name__ == "__main__":
    main()
