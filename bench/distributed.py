"""Crawls on worker nodes against the same crawl embedded: what distribution costs, on one machine.

    python bench/distributed.py [--pages 3000] [--shared ../shared] [--workdir /tmp/rasad-distributed]
                                [--known-urls 2000000] [--writer-only] [--messages FILE] [--profile FILE]

The e2e benchmark's local pages (bench/e2e.py: real Arabic text in real page shells, served from
memory on 127.0.0.1), split between two sources of one sitemap each, measured in one run:

  (a) embedded: ``rasad crawl`` of both sources into a fresh SQLite file;
  (b) ``rasad run --redis`` (the coordinator and writer) with 1 ``rasad worker --workers 0
      --crawls 2`` node, then 2 ``--crawls 1`` nodes (both sources crawled at once, as in (a)) (a crawl process each, with its analysis workers, as ``rasad crawl``) on a redis-server of its own, into fresh files; Redis is emptied between runs (the
      known URLs would skip every page);
  (c) the writer alone: the crawled messages of (b) again (one node crawling, no coordinator,
      the messages left in Redis), then :class:`rasad.coordinator.CrawlWriter` in this process
      drains them into a fresh file: articles stored per second, and the writer's CPU ms an
      article (``--messages FILE`` keeps the messages to measure again on the same ones,
      ``--profile FILE`` writes the drain's cProfile statistics, ``--writer-only`` runs (c) alone);
  (d) known URLs: ``--known-urls`` URLs added to Redis's known URLs (rasad.crawl.known.RedisKnownUrls);
      ``INFO memory``'s used_memory before and after, per URL.

For (a) and (b): pages/s (wall time from start to the last run recorded), CPU ms per page for the
crawl process, the analysis workers, the writer (the coordinator's process; in (a) the crawl
process writes) and Redis (``INFO cpu``, user + sys), and the peak of the processes' summed RSS.
CPU is read from /proc every 0.2 s, per process, so a worker that exits keeps its last sample.
Every page must be stored once (``stored_once``) in the stories of (a) (``stories_identical``).

Prints one line per measurement and, last, one JSON object with ``overhead_pct`` (CPU per page of
(b) with one node over (a), in percent), ``writer_articles_s``, ``known_url_bytes``,
``stored_once``, ``stories_identical`` and the rest. Ratios of one run on one machine; nothing
is asserted.
"""

from __future__ import annotations

import argparse
import json
import math
import os
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
sys.path.insert(0, str(REPOSITORY / "bench"))

import e2e  # noqa: E402
from backfill import stories  # noqa: E402
from e2e_pages import build  # noqa: E402
from process_memory import _children, own_cpu_seconds, tree_rss_mb  # noqa: E402

SOURCES = 2
ENV = {**os.environ, "PYTHONWARNINGS": "ignore::DeprecationWarning"}


def sources_file(path: Path, pages: int) -> None:
    """Two sources on the bench host, each with one of the server's sitemaps."""
    text = ""
    for n in range(SOURCES):
        text += e2e.SOURCES.format(host=e2e.HOST, limit=pages).replace('id = "bench"', f'id = "bench-{n}"').replace(
            "sitemap.xml", f"sitemap-{n}.xml")
    path.write_text(text, encoding="utf-8")


def tree(root: int) -> list[int]:
    pids, frontier = [root], [root]
    while frontier:
        try:
            children = _children(frontier.pop(), None)
        except OSError:
            continue
        pids += children
        frontier += children
    return pids


class Sampler:
    """CPU seconds of every process under each named root (last sample per pid) and the peak RSS
    of them all together."""

    def __init__(self, roots: dict[str, int]):
        self.roots = roots
        self.cpu: dict[str, dict[int, float]] = {name: {} for name in roots}
        self.peak_mb = 0.0

    def sample(self) -> None:
        rss = 0.0
        for name, root in self.roots.items():
            for pid in tree(root):
                if (seconds := own_cpu_seconds(pid)) is not None:
                    self.cpu[name][pid] = seconds
            rss += tree_rss_mb(root)
        self.peak_mb = max(self.peak_mb, rss)

    def seconds(self, name: str, pid: int | None = None) -> float:
        return self.cpu[name].get(pid, 0.0) if pid is not None else sum(self.cpu[name].values())


def redis_cpu(client) -> float:
    info = client.info("cpu")
    return info["used_cpu_user"] + info["used_cpu_sys"]


def count(db: Path, sql: str) -> tuple:
    with closing(sqlite3.connect(db)) as conn:
        return conn.execute(sql).fetchone()


def finished(db: Path) -> int:
    try:
        return count(db, "SELECT count(*) FROM crawl_runs WHERE status != 'running'")[0]
    except sqlite3.OperationalError:
        return 0


def embedded(address: str, sources: Path, db: Path, pages: int) -> dict:
    measured = e2e.run_measured(e2e.rasad("crawl", "--sources", str(sources), "--db", str(db), "--route-to", address,
                                          "--oldest", "all"))
    return {"pages_s": pages / measured.seconds, "crawl_ms": 1000 * measured.main_cpu_seconds / pages,
            "workers_ms": 1000 * (measured.cpu_seconds - measured.main_cpu_seconds) / pages, "writer_ms": 0.0,
            "redis_ms": 0.0, "peak_mb": measured.peak_mb}


def node(redis_url: str, address: str, crawls: int = 1) -> subprocess.Popen:
    return subprocess.Popen(e2e.rasad("worker", "--redis", redis_url, "--workers", "0", "--crawls", str(crawls),
                                      "--route-to", address, "--oldest", "all"),
                            cwd=REPOSITORY, env=ENV, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)


def stop(process: subprocess.Popen) -> None:
    process.send_signal(signal.SIGTERM)
    _, err = process.communicate(timeout=300)
    if process.returncode != 0 or "Traceback" in err:
        raise SystemExit(f"{process.args} failed ({process.returncode}):\n{err[-3000:]}")


def crawl_process(node_pid: int) -> int | None:
    """The node's crawl process: the one whose children are the analysis workers."""
    for child in _children(node_pid, None):
        if _children(child, None):
            return child
    return None


def distributed(redis_url: str, client, address: str, sources: Path, db: Path, pages: int, nodes: int) -> dict:
    client.flushdb()
    redis_started = redis_cpu(client)
    started = time.perf_counter()
    coordinator = subprocess.Popen(e2e.rasad("run", "--redis", redis_url, "--sources", str(sources), "--db", str(db)),
                                   cwd=REPOSITORY, env=ENV, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                                   text=True)
    # As many sources crawled at once as embedded mode crawls: stories depend on the order articles
    # arrive in (an outlet's furniture is learned from its texts stored before), so the comparison
    # with (a) needs the same interleaving of the two sources, not one source after the other.
    workers = [node(redis_url, address, SOURCES // nodes) for _ in range(nodes)]
    sampler = Sampler({"writer": coordinator.pid, **{f"node-{n}": w.pid for n, w in enumerate(workers)}})
    crawlers: dict[str, int] = {}
    while finished(db) < SOURCES:
        sampler.sample()
        for n, worker in enumerate(workers):
            if f"node-{n}" not in crawlers and (pid := crawl_process(worker.pid)) is not None:
                crawlers[f"node-{n}"] = pid
        if coordinator.poll() is not None or any(w.poll() is not None for w in workers):
            raise SystemExit(f"a process exited: {coordinator.communicate()[1][-2000:]}")
        time.sleep(0.2)
    seconds = time.perf_counter() - started
    sampler.sample()
    redis_seconds = redis_cpu(client) - redis_started
    for process in (coordinator, *workers):
        stop(process)
    crawl = sum(sampler.seconds(name, pid) for name, pid in crawlers.items())
    nodes_total = sum(sampler.seconds(f"node-{n}") for n in range(nodes))
    return {"pages_s": pages / seconds, "crawl_ms": 1000 * crawl / pages,
            "workers_ms": 1000 * (nodes_total - crawl) / pages, "writer_ms": 1000 * sampler.seconds("writer") / pages,
            "redis_ms": 1000 * redis_seconds / pages, "peak_mb": sampler.peak_mb}


def crawled_messages(redis_url: str, client, address: str, sources: Path, saved: Path | None) -> None:
    """Leave one node's crawled messages of *sources* in Redis's crawled queue: restored from *saved*
    when it holds messages of this version, else crawled now (no coordinator) and written there,
    so the writer can be measured again and again on the same messages."""
    from rasad.config import load_sources
    from rasad.coordinator import CRAWLED_QUEUE, CRAWL_QUEUE, crawl_job
    from rasad.distributed import connect
    from rasad.messages import VERSION

    client.flushdb()
    broker = connect(redis_url)
    queue = f"{broker.namespace}:{CRAWLED_QUEUE}"
    messages = json.loads(saved.read_text(encoding="utf-8")) if saved is not None and saved.exists() else []
    if messages and json.loads(messages[0][1])["args"][0].get("v") != VERSION:
        print(f"  {saved} holds messages of another version: crawled again", flush=True)
        messages = []
    if messages:
        client.hset(f"{queue}.msgs", mapping={key: value for key, value in messages})
        client.rpush(queue, *(key for key, _ in messages))
        broker.close()
        return
    worker = node(redis_url, address)
    for source in load_sources(sources).values():
        broker.enqueue(crawl_job(f"writer-{source.id}", source, "manual"))
    while client.llen(f"{broker.namespace}:{CRAWL_QUEUE}") or \
            any(client.scard(key) for key in client.keys(f"{broker.namespace}:__acks__.*")):
        time.sleep(0.5)
    stop(worker)
    broker.close()
    if saved is not None:
        stored = client.hgetall(f"{queue}.msgs")
        saved.write_text(json.dumps([[key.decode(), stored[key].decode()] for key in client.lrange(queue, 0, -1)]),
                         encoding="utf-8")


def writer_alone(redis_url: str, client, address: str, sources: Path, db: Path, saved: Path | None = None,
                 profile: Path | None = None) -> tuple[float, float]:
    """Articles/s of the crawl writer draining one node's crawled messages (see the module
    docstring), and its CPU ms an article; *profile*: the drain's cProfile statistics go there."""
    import asyncio
    import cProfile

    from rasad.config import load_sources
    from rasad.coordinator import CRAWLED_QUEUE, CrawlWriter
    from rasad.distributed import connect
    from rasad.store import db as database

    crawled_messages(redis_url, client, address, sources, saved)
    broker = connect(redis_url)
    messages = client.hlen(f"{broker.namespace}:{CRAWLED_QUEUE}.msgs")
    conn = database.connect(db)
    database.sync_sources(conn, load_sources(sources).values(), "2026-01-01T00:00:00+00:00")  # as the coordinator does

    async def drain() -> tuple[float, float]:
        writer = CrawlWriter(conn, broker, 100, 2.0)
        stopping = asyncio.Event()
        running = asyncio.ensure_future(writer.run(stopping))
        started, cpu_started = time.perf_counter(), time.process_time()
        while client.hlen(f"{broker.namespace}:{CRAWLED_QUEUE}.msgs"):
            await asyncio.sleep(0.05)
        seconds, cpu_seconds = time.perf_counter() - started, time.process_time() - cpu_started
        stopping.set()
        await running
        return seconds, cpu_seconds

    profiler = cProfile.Profile(time.process_time) if profile else None  # CPU: the machine may be loaded
    if profiler:
        profiler.enable()
    seconds, cpu_seconds = asyncio.run(drain())
    if profiler:
        profiler.disable()
        profiler.dump_stats(profile)
    stored = conn.execute("SELECT count(*) FROM articles").fetchone()[0]
    conn.conn.close()
    broker.close()
    print(f"  writer alone: {messages} messages, {stored} articles stored in {seconds:.1f} s "
          f"({stored / seconds:.1f} articles/s, {1000 * cpu_seconds / stored:.2f} CPU ms an article)", flush=True)
    return stored / seconds, 1000 * cpu_seconds / stored


def known_url_bytes(client, count_urls: int) -> float:
    from rasad.crawl.known import RedisKnownUrls

    client.flushdb()
    before = client.info("memory")["used_memory"]
    known = RedisKnownUrls(client)
    for start in range(0, count_urls, 20_000):
        known.add(f"https://outlet-{n % 2000}.example/news/{n}" for n in range(start, min(count_urls, start + 20_000)))
    after = client.info("memory")["used_memory"]
    return (after - before) / count_urls


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--pages", type=int, default=3000)
    parser.add_argument("--shared", type=Path, default=REPOSITORY.parent / "shared")
    parser.add_argument("--workdir", type=Path, default=Path("/tmp/rasad-distributed"))
    parser.add_argument("--known-urls", type=int, default=2_000_000)
    parser.add_argument("--writer-only", action="store_true", help="measure (c) alone")
    parser.add_argument("--messages", type=Path, help="(c)'s crawled messages: read from this file if it exists, "
                                                      "else crawled and written there (to measure again on them)")
    parser.add_argument("--profile", type=Path, help="write (c)'s cProfile statistics to this file")
    args = parser.parse_args(argv)
    corpus = args.shared / "data/ant-corpus/antcorpus.multisource.data-full.tar.gz"
    if not corpus.is_file():
        parser.error(f"the ANT corpus is not at {corpus}; give --shared DIR (the folder holding data/ant-corpus)")
    if shutil.which("redis-server") is None:
        parser.error("redis-server is not installed (apt-get install -y redis-server)")
    import redis

    shutil.rmtree(args.workdir, ignore_errors=True)
    args.workdir.mkdir(parents=True)
    pages = build(corpus, args.pages)
    e2e.SITEMAP_SIZE = math.ceil(len(pages) / SOURCES)  # one sitemap a source
    address = f"127.0.0.1:{e2e.serve(pages)}"
    sources = args.workdir / "sources.toml"
    sources_file(sources, len(pages))
    port = free_port()
    server = subprocess.Popen(["redis-server", "--bind", "127.0.0.1", "--port", str(port), "--save", "",
                               "--appendonly", "no", "--dir", str(args.workdir)], stdout=subprocess.DEVNULL)
    redis_url = f"redis://127.0.0.1:{port}/0"
    client = redis.Redis.from_url(redis_url)
    while True:
        try:
            client.ping()
            break
        except redis.ConnectionError:
            time.sleep(0.1)
    try:
        print(f"{len(pages)} pages in {SOURCES} sources on {address}; redis-server on port {port}", flush=True)
        if args.writer_only:
            writer_rate, writer_ms = writer_alone(redis_url, client, address, sources, args.workdir / "writer.db",
                                                  args.messages, args.profile)
            print(json.dumps({"writer_articles_s": round(writer_rate, 1), "writer_cpu_ms_article": round(writer_ms, 2)}))
            return 0
        results = {"embedded": embedded(address, sources, args.workdir / "embedded.db", len(pages))}
        for nodes in (1, 2):
            results[f"{nodes}_workers"] = distributed(redis_url, client, address, sources,
                                                      args.workdir / f"workers-{nodes}.db", len(pages), nodes)
        for name, figures in results.items():
            print(f"  {name:>10}: {figures['pages_s']:.1f} pages/s; CPU ms a page: crawl {figures['crawl_ms']:.1f}, "
                  f"workers {figures['workers_ms']:.1f}, writer {figures['writer_ms']:.1f}, redis "
                  f"{figures['redis_ms']:.2f}; peak {figures['peak_mb']:.0f} MB", flush=True)
        reference = args.workdir / "embedded.db"
        stored = count(reference, "SELECT count(*) FROM articles")[0]
        stored_once = stories_identical = True
        for nodes in (1, 2):
            db = args.workdir / f"workers-{nodes}.db"
            total, distinct = count(db, "SELECT count(*), count(DISTINCT url) FROM articles")
            stored_once &= total == distinct == stored
            stories_identical &= stories(db) == stories(reference)
        writer_rate, writer_ms = writer_alone(redis_url, client, address, sources, args.workdir / "writer.db",
                                              args.messages, args.profile)
        known_bytes = known_url_bytes(client, args.known_urls)
        print(f"  known URLs: {known_bytes:.1f} bytes a URL at {args.known_urls:,}", flush=True)
    finally:
        client.close()
        server.terminate()
        server.wait()

    def per_page(figures: dict) -> float:
        return figures["crawl_ms"] + figures["workers_ms"] + figures["writer_ms"] + figures["redis_ms"]

    overhead = 100 * (per_page(results["1_workers"]) / per_page(results["embedded"]) - 1)
    print(f"  distribution adds {overhead:.1f} % CPU a page (1 node); {stored} articles, each stored once: "
          f"{stored_once}; stories as embedded: {stories_identical}", flush=True)
    print(json.dumps({"pages": len(pages), "articles": stored, "overhead_pct": round(overhead, 1),
                      "writer_articles_s": round(writer_rate, 1),
                      "writer_cpu_ms_article": round(writer_ms, 2), "known_url_bytes": round(known_bytes, 2),
                      "stored_once": stored_once, "stories_identical": stories_identical,
                      **{f"{name}_{key}": round(value, 2) for name, figures in results.items()
                         for key, value in figures.items()}}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
