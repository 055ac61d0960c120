"""Incidents on the whole ANT corpus: what clustering costs an import, how long ``rasad
recluster`` takes, and whether two import orders give the same incidents.

Usage:
    python bench/incidents_ant.py ANT.jsonl [--workers 2]

Three imports of the corpus, each into a fresh database, in this process (``import_lines``, the
code of ``rasad import``): (a) in file order with incidents kept current as usual, (b) in file
order with the incident refresh switched off (the cost (a) pays for clustering), (c) in reverse
order. Then ``recluster`` of (a), timed, and the incidents of (a), rebuilt (a) and (c) compared.
The last line is one JSON object.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from corpus import incident_content  # noqa: E402

from rasad.importer import import_lines  # noqa: E402
from rasad.store import db as database, incident_store  # noqa: E402
from rasad.store.db import transaction  # noqa: E402


def _import(path: Path, db_path: Path, lines: list[tuple[int, str]], workers: int) -> tuple[float, int]:
    with database.opened(db_path) as db:
        started = time.perf_counter()
        report = asyncio.run(import_lines(db, iter(lines), source="ant", workers=workers))
        return time.perf_counter() - started, report.stored


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("ant", type=Path, help="the ANT corpus as JSONL (scripts/ant_to_jsonl.py)")
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args(argv)
    with args.ant.open(encoding="utf-8") as stream:
        lines = [(number, line) for number, line in enumerate(stream, start=1) if line.strip()]
    with tempfile.TemporaryDirectory() as folder:
        kept, unclustered, reversed_ = (Path(folder) / name for name in ("a.db", "b.db", "c.db"))
        seconds, stored = _import(args.ant, kept, lines, args.workers)
        print(f"(a) import with incidents: {seconds:.1f} s, {stored} stored")
        refresh = incident_store.refresh
        incident_store.refresh = lambda *a, **k: None  # the cost (a) pays for clustering, measured by its absence
        try:
            without, _ = _import(args.ant, unclustered, lines, args.workers)
        finally:
            incident_store.refresh = refresh
        print(f"(b) import without the incident refresh: {without:.1f} s")
        backwards, _ = _import(args.ant, reversed_, lines[::-1], args.workers)
        print(f"(c) import in reverse order: {backwards:.1f} s")
        incrementally = incident_content(kept)
        with database.opened(kept) as db:
            started = time.perf_counter()
            with transaction(db):
                count = incident_store.recluster(db)
            recluster_s = time.perf_counter() - started
            events = db.execute("SELECT count(*) FROM events").fetchone()[0]
        rebuilt = incident_content(kept)
        result = {
            "stored": stored, "events": events, "incidents": count,
            "import_s": round(seconds, 1), "import_without_clustering_s": round(without, 1),
            "clustering_overhead_pct": round(100 * (seconds - without) / without, 1),
            "recluster_s": round(recluster_s, 2),
            "rebuild_equals_incremental": rebuilt == incrementally,
            "orders_equal": incident_content(reversed_) == incrementally,
        }
    print(f"{count} incidents from {events} events of {stored} articles; clustering adds "
          f"{result['clustering_overhead_pct']} % to the import; recluster {result['recluster_s']} s; "
          f"rebuild = incremental: {result['rebuild_equals_incremental']}; two orders equal: {result['orders_equal']}")
    print(json.dumps(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())
