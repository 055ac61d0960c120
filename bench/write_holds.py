"""How long rasad's writes hold SQLite's write lock: an import of N articles (batches of 100),
each write transaction timed from BEGIN IMMEDIATE to COMMIT.

Usage:
    python bench/write_holds.py [--articles 1500]

The last line is one JSON object: transactions, median, 99th percentile and longest hold in ms.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import sys
import tempfile
import time
from pathlib import Path

REPOSITORY = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPOSITORY))

from rasad.importer import import_lines, read_lines  # noqa: E402
from rasad.store import db as database  # noqa: E402
from tests.test_import import TEXT  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=1500)
    args = parser.parse_args()
    holds: list[float] = []
    began: list[float] = []

    def trace(sql: str) -> None:
        if sql == "BEGIN IMMEDIATE":
            began.append(time.perf_counter())
        elif sql in ("COMMIT", "ROLLBACK") and began:
            holds.append(time.perf_counter() - began.pop())

    with tempfile.TemporaryDirectory() as tmp:
        jsonl = Path(tmp) / "articles.jsonl"
        jsonl.write_text("".join(json.dumps({"url": f"https://holds.example/{n}", "title": f"خبر {n}",
                                             "text": f"{n} " + TEXT * 3, "source": "holds"}, ensure_ascii=False) + "\n"
                                 for n in range(args.articles)), encoding="utf-8")
        db = database.connect(Path(tmp) / "holds.db")
        db.conn.set_trace_callback(trace)
        asyncio.run(import_lines(db, read_lines(jsonl), source=None))
        db.conn.close()
    holds.sort()
    figures = {"articles": args.articles, "transactions": len(holds),
               "median_ms": round(holds[len(holds) // 2] * 1000, 1),
               "p99_ms": round(holds[int(len(holds) * 0.99)] * 1000, 1), "max_ms": round(holds[-1] * 1000, 1)}
    for key, value in figures.items():
        print(f"  {key}: {value}")
    print(json.dumps(figures))


if __name__ == "__main__":
    main()
