"""``rasad backfill`` on ``rasad worker`` nodes against ``rasad import``, on the same WARC file.

    python bench/backfill.py [--copies 10] [--workers 2] [--workdir /tmp/rasad-backfill]

Builds a WARC of the sample web's pages (tests/warc_files.py: fetched from a real HTTP server on
127.0.0.1), COPIES times over under distinct URLs (a copy's page still names the original as its
canonical URL, so copies are analysed in full and then found already stored), starts a
redis-server on a free port, then measures:

  (a) ``rasad import`` of the WARC (its worker pool on every core): wall time, and the CPU time
      of the command with its worker processes;
  (b) ``rasad backfill`` of the same WARC with WORKERS single-process ``rasad worker`` nodes: wall
      time, and the CPU time of the backfill (the writer), of the worker nodes (from their start
      to their exit after SIGTERM, so their start-up is counted) and of redis-server (``INFO cpu``).

The last line is one JSON object: ``pages``, CPU ms per page of (a) and of (b) with its parts,
``overhead_pct`` ((b) / (a) - 1), ``stored_once`` (no URL stored twice) and ``stories_identical``
(the same story groups as the import).
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import signal
import socket
import sqlite3
import subprocess
import sys
import time
from contextlib import closing
from pathlib import Path

REPOSITORY = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPOSITORY))

from tests.warc_files import sample_pages, write_warc  # noqa: E402


def children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def rasad(*args: str) -> list[str]:
    return [sys.executable, "-m", "rasad", *args]


def stories(db: Path) -> set[frozenset[str]]:
    with closing(sqlite3.connect(db)) as conn:
        groups: dict[int, set[str]] = {}
        for url, story_id in conn.execute("SELECT url, story_id FROM articles"):
            groups.setdefault(story_id, set()).add(url)
    return {frozenset(group) for group in groups.values()}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--copies", type=int, default=10)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--workdir", type=Path, default=Path("/tmp/rasad-backfill"))
    options = parser.parse_args()
    import redis

    shutil.rmtree(options.workdir, ignore_errors=True)
    options.workdir.mkdir(parents=True)
    pages = sample_pages()
    copies = [(url if copy == 0 else f"{url.rstrip('/')}-copy{copy}", body, headers)
              for copy in range(options.copies) for url, body, headers in pages]
    warc = options.workdir / "pages.warc.gz"
    write_warc(warc, copies)
    env = {**os.environ, "PYTHONWARNINGS": "ignore::DeprecationWarning"}

    before, started = children_cpu(), time.monotonic()
    subprocess.run(rasad("import", str(warc), "--db", str(options.workdir / "import.db")), cwd=REPOSITORY, env=env,
                   check=True, capture_output=True)
    import_wall, import_cpu = time.monotonic() - started, children_cpu() - before
    print(f"(a) import: {len(copies)} pages in {import_wall:.1f} s, {import_cpu:.1f} s CPU")

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    server = subprocess.Popen(["redis-server", "--bind", "127.0.0.1", "--port", str(port), "--save", "",
                               "--appendonly", "no", "--dir", str(options.workdir)], stdout=subprocess.DEVNULL)
    url = f"redis://127.0.0.1:{port}/0"
    client = redis.Redis.from_url(url)
    for _ in range(100):
        try:
            client.ping()
            break
        except redis.ConnectionError:
            time.sleep(0.1)
    try:
        before_workers = children_cpu()
        nodes = [subprocess.Popen(rasad("worker", "--redis", url, "--workers", "1"), cwd=REPOSITORY, env=env,
                                  stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
                 for _ in range(options.workers)]
        started = time.monotonic()
        subprocess.run(rasad("backfill", "--redis", url, str(warc), "--db", str(options.workdir / "backfill.db")),
                       cwd=REPOSITORY, env=env, check=True, capture_output=True)
        backfill_wall, writer_cpu = time.monotonic() - started, children_cpu() - before_workers
        for node in nodes:
            node.send_signal(signal.SIGTERM)
        for node in nodes:
            node.wait(timeout=120)
        workers_cpu = children_cpu() - before_workers - writer_cpu
        info = client.info("cpu")
        redis_cpu = info["used_cpu_user"] + info["used_cpu_sys"]
    finally:
        client.close()
        server.terminate()
        server.wait()
    backfill_cpu = writer_cpu + workers_cpu + redis_cpu
    print(f"(b) backfill on {options.workers} workers: {backfill_wall:.1f} s; CPU {backfill_cpu:.1f} s "
          f"(writer {writer_cpu:.1f}, workers {workers_cpu:.1f}, redis {redis_cpu:.1f})")
    with closing(sqlite3.connect(options.workdir / "backfill.db")) as conn:
        count, distinct = conn.execute("SELECT count(*), count(DISTINCT url) FROM articles").fetchone()
    per_page = 1000 / len(copies)
    print(json.dumps({
        "pages": len(copies), "import_cpu_ms_page": round(import_cpu * per_page, 1),
        "backfill_cpu_ms_page": round(backfill_cpu * per_page, 1), "writer_cpu_ms_page": round(writer_cpu * per_page, 1),
        "workers_cpu_ms_page": round(workers_cpu * per_page, 1), "redis_cpu_ms_page": round(redis_cpu * per_page, 1),
        "overhead_pct": round(100 * (backfill_cpu / import_cpu - 1), 1), "import_wall_s": round(import_wall, 1),
        "backfill_wall_s": round(backfill_wall, 1), "stored_once": count == distinct,
        "stories_identical": stories(options.workdir / "backfill.db") == stories(options.workdir / "import.db"),
    }))


if __name__ == "__main__":
    main()
