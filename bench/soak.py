"""Soak: the daemon crawling the sample web every few seconds for many runs.

Usage:
    python bench/soak.py [--runs 300] [--every 2s]

Starts `rasad run --sample-web` on a fresh database with every source of sources.toml on a
short schedule, and reports the resident memory of the daemon and its worker processes (summed)
when idle (started, before its first
crawl), after the first round of runs, and at the end, the growth between those two, and run
durations (median, p95, max). The last line is one JSON object.
"""

from __future__ import annotations

import argparse
import json
import re
import signal
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPOSITORY = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPOSITORY / "bench"))

from process_memory import tree_rss_mb  # noqa: E402


def count(db: Path, sql: str) -> int:
    try:
        with sqlite3.connect(db, timeout=30) as conn:
            return conn.execute(sql).fetchone()[0]
    except sqlite3.OperationalError:
        return 0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=300)
    parser.add_argument("--every", default="2s")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        sources = Path(tmp) / "sources.toml"
        sources.write_text(re.sub(r'(?m)^schedule = .*$', f'schedule = "{args.every}"',
                                  (REPOSITORY / "sources.toml").read_text(encoding="utf-8")), encoding="utf-8")
        db = Path(tmp) / "soak.db"
        daemon = subprocess.Popen([sys.executable, "-m", "rasad", "run", "--sample-web", "--sources", str(sources),
                                   "--db", str(db)], cwd=REPOSITORY, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                                  text=True)
        try:
            while count(db, "SELECT count(*) FROM daemons") == 0:
                time.sleep(0.05)
            idle = tree_rss_mb(daemon.pid)
            while count(db, "SELECT count(*) FROM crawl_runs WHERE finished_at IS NOT NULL") < 10:
                time.sleep(0.2)
            after_first_round = tree_rss_mb(daemon.pid)
            started = time.monotonic()
            samples = []
            while (done := count(db, "SELECT count(*) FROM crawl_runs WHERE finished_at IS NOT NULL")) < args.runs:
                samples.append(tree_rss_mb(daemon.pid))
                print(f"\r{done}/{args.runs} runs, RSS {samples[-1]:.1f} MB", end="", file=sys.stderr, flush=True)
                time.sleep(1)
            end = tree_rss_mb(daemon.pid)
            seconds = time.monotonic() - started
        finally:
            daemon.send_signal(signal.SIGTERM)
            daemon.communicate(timeout=60)
        print(file=sys.stderr)
        with sqlite3.connect(db) as conn:
            durations = sorted(
                round(json.loads(stats).get("elapsed_time_seconds", 0), 3)
                for (stats,) in conn.execute("SELECT stats FROM crawl_runs WHERE stats IS NOT NULL"))
            statuses = dict(conn.execute("SELECT status, count(*) FROM crawl_runs GROUP BY status").fetchall())
            articles = conn.execute("SELECT count(*) FROM articles").fetchone()[0]
    figures = {
        "runs": len(durations), "statuses": statuses, "articles": articles, "soak_seconds": round(seconds, 1),
        "idle_rss_mb": round(idle, 1), "rss_after_first_round_mb": round(after_first_round, 1),
        "rss_end_mb": round(end, 1), "rss_max_mb": round(max(samples + [end]), 1),
        "growth_percent": round(100 * (end - after_first_round) / after_first_round, 1),
        "run_seconds_median": statistics.median(durations), "run_seconds_p95": durations[int(len(durations) * 0.95)],
        "run_seconds_max": durations[-1], "daemon_exit_code": daemon.returncode,
    }
    for key, value in figures.items():
        print(f"  {key}: {value}")
    print(json.dumps(figures))


if __name__ == "__main__":
    main()
