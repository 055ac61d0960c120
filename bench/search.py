"""Search and analyst-query latency on a database holding the ANT corpus plus the sample web.

Usage:
    python bench/search.py [--ant ../shared/data/ant-corpus/antcorpus.multisource.data-full.tar.gz]

Builds the database (rasad import of the corpus, rasad demo for the sample web), then times
20 Arabic queries through rasad's search function and every documented analyst view, 10 times
each, and prints median and p95 in milliseconds. The last line is one JSON object.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPOSITORY = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPOSITORY))

from rasad.query.search import search  # noqa: E402
from rasad.store import db as database  # noqa: E402

QUERIES = ["عين الأسد", "سوريا", "القوات الأمريكية", "التحالف الدولي", "صواريخ", "طائرة مسيرة", "الحشد الشعبي",
           "دير الزور", "بغداد", "الأسد", "إيران", "داعش", "قاعدة التنف", "كتائب حزب الله", "الرقة", "قسد",
           "البنتاغون", "هجوم صاروخي", "مقتل جنود", "السفارة الأمريكية"]
VIEWS = ["attacks_per_day", "attacks_per_week", "attacks_per_site", "attacks_per_weapon", "attacks_per_claimant",
         "latest_core_articles", "story_groups", "events_with_articles"]


def timed(action, repeat: int = 10) -> list[float]:
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        action()
        times.append((time.perf_counter() - started) * 1000)
    return times


def summary(times: list[float]) -> dict:
    times = sorted(times)
    return {"median_ms": round(statistics.median(times), 2), "p95_ms": round(times[int(len(times) * 0.95)], 2)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--ant", type=Path,
                        default=REPOSITORY.parent / "shared/data/ant-corpus/antcorpus.multisource.data-full.tar.gz")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        db_path, jsonl = Path(tmp) / "search.db", Path(tmp) / "ant.jsonl"
        subprocess.run([sys.executable, "scripts/ant_to_jsonl.py", str(args.ant), "-o", str(jsonl)], cwd=REPOSITORY,
                       check=True, capture_output=True)
        subprocess.run([sys.executable, "-m", "rasad", "import", str(jsonl), "--source", "ant-corpus", "--db", str(db_path)],
                       cwd=REPOSITORY, check=True, capture_output=True)
        subprocess.run([sys.executable, "-m", "rasad", "demo", "--db", str(db_path)], cwd=REPOSITORY, check=True,
                       capture_output=True)
        db = database.connect(db_path)
        articles = db.execute("SELECT count(*) FROM articles").fetchone()[0]
        search_times, hits = [], {}
        for query in QUERIES:
            search_times += timed(lambda query=query: search(db, query, limit=20))
            hits[query] = len(search(db, query, limit=20))
        view_times = {view: summary(timed(lambda view=view: db.execute(f"SELECT * FROM {view}").fetchall()))
                      for view in VIEWS}
        all_views = [t for view in VIEWS for t in timed(lambda view=view: db.execute(f"SELECT * FROM {view}").fetchall())]
    figures = {"articles": articles, "search": summary(search_times), "queries": len(QUERIES),
               "hits_per_query": hits, "views": view_times, "all_views": summary(all_views)}
    for key, value in figures.items():
        print(f"  {key}: {value}")
    print(json.dumps(figures, ensure_ascii=False))


if __name__ == "__main__":
    main()
