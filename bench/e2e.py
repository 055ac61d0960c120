"""End to end, on every core: rasad against trafilatura alone and against its peers, on the same pages.

    python bench/e2e.py [--pages 3000] [--peer-pages 500] [--shared ../shared] [--workdir /tmp/rasad-e2e]

Serves PAGES article pages (real Arabic text from the ANT corpus in real Arabic page shells, see
bench/e2e_pages.py) from a real HTTP server on 127.0.0.1, then measures, in one run:

  (a) trafilatura ``bare_extraction`` alone, one process, pages already in memory, twice: with
      rasad's options for its full tier (``rasad.extract.extraction.TRAFILATURA_OPTIONS``: what rasad ran
      on every page before its two tiers) and with trafilatura's default options; each run before
      and after (b), and the two runs taken together, so a drift in the machine's speed cancels out;
  (b) ``rasad crawl`` end to end (fetch, extract, validate, dedup, tag, store) into a fresh SQLite
      file: wall time of the whole command, the peak memory of its processes (the crawl and
      its workers, summed RSS, sampled every 0.1 s), and their CPU time per page beside (a)'s:
      on N cores the ratio can be at most N x (a's CPU per page) / (b's CPU per page); and the
      share of pages whose extraction fell back from trafilatura's fast tier to its full one (the
      run's record in ``crawl_runs``);
  (c) news-please and newspaper4k extraction alone, one process each (CPU time), on the first
      PEER_PAGES pages (they are slow), installed in their own virtualenvs under WORKDIR/peers
      (skipped, with the reason, if they cannot be);
  (d) ``rasad reextract`` of the database (b) wrote;
  (e) ``rasad import`` of the whole ANT corpus and ``rasad reextract`` of it (``--skip-ant``
      leaves them out), then (b) again into that 30,000-article database: the crawl's rate
      must not depend on what is already stored.

Prints one line per measurement, ratios, and as its last line one JSON object with ``pages``,
``trafilatura_pages_s``, ``rasad_pages_s``, ``ratio`` (b / a with rasad's options),
``trafilatura_default_pages_s``, ``ratio_default`` (b / a with trafilatura's defaults),
``fallback_rate``, ``peak_rss_mb`` and the rest.
Goals on 2 cores: ratio_default >= 2.2, peak memory <= 400 MB.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import queue
import resource
import shutil
import sqlite3
import subprocess
import sys
import threading
import time
from contextlib import closing
from pathlib import Path
from typing import NamedTuple

REPOSITORY = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPOSITORY))
sys.path.insert(0, str(REPOSITORY / "bench"))

import trafilatura  # noqa: E402

from e2e_pages import BenchPage, build  # noqa: E402
from process_memory import own_cpu_seconds, tree_rss_mb  # noqa: E402
from rasad.extract.extraction import TRAFILATURA_OPTIONS  # noqa: E402

HOST = "bench.example"
SITEMAP_SIZE = 1000
SOURCES = """
[[source]]
id = "bench"
name = "Benchmark outlet"
language = "ar"
allowed_domains = ["{host}"]
schedule = "1h"
[source.discovery]
sitemaps = ["https://{host}/sitemap.xml"]
[source.politeness]
delay = 0
concurrency = 16
[source.limits]
max_articles = {limit}
"""
PEERS = {
    # name → (pip requirements, extraction function); no image fetching: extraction alone, offline
    "news-please": (["news-please", "nltk"], """
from newsplease import NewsPlease
def extract(url, html):
    return NewsPlease.from_html(html, url=url, fetch_images=False).maintext
"""),
    "newspaper4k": (["newspaper4k[nlp]"], """
from newspaper import Article
def extract(url, html):
    article = Article(url, language="ar", fetch_images=False)
    article.download(input_html=html)
    article.parse()
    return article.text
"""),
}
PEER_RUNNER = """
import json, sys, time
pages = [json.loads(line) for line in open(sys.argv[1], encoding="utf-8")]
for url, html in pages[:10]:
    extract(url, html)  # warm up: imports, caches
started = time.process_time()  # CPU time: a peer that tries the network is not charged for waiting
empty = sum(not extract(url, html) for url, html in pages)
print(json.dumps({"seconds": time.process_time() - started, "empty": empty}))
"""


def serve(pages: list[BenchPage]) -> int:
    """Serve *pages*, robots.txt and sitemaps on 127.0.0.1 from memory; returns the port.

    The server shares the 2 cores with the crawl it measures, so it does as little as it can per
    request: an asyncio loop in a thread, HTTP/1.1 keep-alive, headers built once per path. (A
    real outlet's server costs the crawling machine nothing.)"""
    by_path = {page.path: page.body for page in pages}
    chunks = [pages[i:i + SITEMAP_SIZE] for i in range(0, len(pages), SITEMAP_SIZE)]
    by_path["/robots.txt"] = b"User-agent: *\nAllow: /\n"
    by_path["/sitemap.xml"] = ("<?xml version='1.0' encoding='UTF-8'?><sitemapindex xmlns='http://www.sitemaps.org/schemas/sitemap/0.9'>"
                               + "".join(f"<sitemap><loc>https://{HOST}/sitemap-{n}.xml</loc></sitemap>" for n in range(len(chunks)))
                               + "</sitemapindex>").encode()
    for n, chunk in enumerate(chunks):
        by_path[f"/sitemap-{n}.xml"] = ("<?xml version='1.0' encoding='UTF-8'?><urlset xmlns='http://www.sitemaps.org/schemas/sitemap/0.9'>"
                                        + "".join(f"<url><loc>https://{HOST}{page.path}</loc></url>" for page in chunk)
                                        + "</urlset>").encode()

    def response(path: str) -> tuple[bytes, bytes]:
        body = by_path.get(path)
        if body is None:
            return b"HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\n\r\n", b""
        kind = "text/plain" if path.endswith(".txt") else "application/xml" if path.endswith(".xml") else "text/html"
        return f"HTTP/1.1 200 OK\r\nContent-Type: {kind}; charset=utf-8\r\nContent-Length: {len(body)}\r\n\r\n".encode(), body

    async def answer(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            while True:  # one request after another on the same connection
                request = await reader.readuntil(b"\r\n\r\n")
                writer.writelines(response(request.split(b" ", 2)[1].decode("latin-1")))
                await writer.drain()
        except (asyncio.IncompleteReadError, asyncio.LimitOverrunError, ConnectionError, IndexError):
            pass
        finally:
            writer.close()

    started: queue.SimpleQueue[int] = queue.SimpleQueue()

    async def run() -> None:
        server = await asyncio.start_server(answer, "127.0.0.1", 0)
        started.put(server.sockets[0].getsockname()[1])
        await server.serve_forever()

    threading.Thread(target=asyncio.run, args=(run(),), daemon=True).start()
    return started.get(timeout=30)


OPTIONS = {"rasad": TRAFILATURA_OPTIONS, "default": {}}
"""trafilatura's options in (a): rasad's for its full tier, and trafilatura's own defaults."""


def trafilatura_alone(pages: list[BenchPage], options: dict) -> tuple[float, float, int]:
    """Seconds and CPU seconds for bare_extraction with *options* over every page, and how many
    came out empty."""
    for page in pages[:10]:
        trafilatura.bare_extraction(page.body.decode("utf-8"), url=f"https://{HOST}{page.path}", **options)
    started, cpu_started = time.perf_counter(), time.process_time()
    empty = 0
    for page in pages:
        document = trafilatura.bare_extraction(page.body.decode("utf-8"), url=f"https://{HOST}{page.path}", **options)
        empty += document is None or not document.text
    return time.perf_counter() - started, time.process_time() - cpu_started, empty


class Measured(NamedTuple):
    seconds: float  # wall time of the whole command
    peak_mb: float  # peak summed RSS of its process tree
    cpu_seconds: float  # CPU time of its process tree (its workers are waited for, so they count)
    main_cpu_seconds: float  # of which its own process's, the workers' left out (last sample, every 0.1 s)
    own_cpu_seconds: float  # CPU time of this process meanwhile: the HTTP server and the sampler
    stderr: str


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def _own_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def run_measured(command: list[str]) -> Measured:
    """Run *command*, measuring it (see Measured)."""
    started, children_cpu, own_cpu = time.perf_counter(), _children_cpu(), _own_cpu()
    process = subprocess.Popen(command, cwd=REPOSITORY, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    stderr: list[str] = []
    reader = threading.Thread(target=lambda: stderr.append(process.stderr.read()), daemon=True)
    reader.start()
    peak, main_cpu = 0, 0.0
    while process.poll() is None:
        peak = max(peak, tree_rss_mb(process.pid))
        main_cpu = own_cpu_seconds(process.pid) or main_cpu
        time.sleep(0.1)
    seconds = time.perf_counter() - started
    reader.join()
    if process.returncode != 0:
        raise SystemExit(f"{' '.join(command)} failed ({process.returncode}):\n{''.join(stderr)[-3000:]}")
    return Measured(seconds, peak, _children_cpu() - children_cpu, main_cpu, _own_cpu() - own_cpu, "".join(stderr))


def rasad(*args: str) -> list[str]:
    return [sys.executable, "-m", "rasad", *args]


def crawl(address: str, sources: Path, db: Path) -> tuple[Measured, int, tuple[int, int]]:
    """The crawl measured, the articles stored, and its run's (pages extracted, fallbacks to the full tier)."""
    measured = run_measured(rasad("crawl", "bench", "--sources", str(sources), "--db", str(db),
                                  "--route-to", address, "--oldest", "all"))
    with closing(sqlite3.connect(db)) as conn:
        stored = conn.execute("SELECT count(*) FROM articles WHERE source = 'bench'").fetchone()[0]
        extractions = conn.execute("SELECT pages_extracted, extraction_fallbacks FROM crawl_runs "
                                   "ORDER BY id DESC LIMIT 1").fetchone()
    return measured, stored, extractions


def peer(name: str, workdir: Path, pages_file: Path) -> dict | str:
    """Pages/s of a peer extractor in its own virtualenv, or why it was skipped."""
    requirements, code = PEERS[name]
    venv = workdir / "peers" / name
    python = venv / "bin" / "python"
    if not python.exists():
        print(f"  installing {' '.join(requirements)} into {venv} ...", flush=True)
        try:
            subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True, capture_output=True)
            subprocess.run([str(python), "-m", "pip", "install", "-q", *requirements, "lxml_html_clean"],
                           check=True, capture_output=True, text=True, timeout=900)
        except (subprocess.CalledProcessError, subprocess.TimeoutExpired) as exc:
            shutil.rmtree(venv, ignore_errors=True)
            return f"not installable: {(getattr(exc, 'stderr', '') or str(exc)).strip().splitlines()[-1:]}"
    script = workdir / "peers" / f"{name}.py"
    script.write_text(code + PEER_RUNNER, encoding="utf-8")
    result = subprocess.run([str(python), str(script), str(pages_file)], capture_output=True, text=True)
    if result.returncode != 0:
        return f"failed: {result.stderr.strip().splitlines()[-1:]}"
    return json.loads(result.stdout.strip().splitlines()[-1])


def count_articles(db: Path) -> int:
    with closing(sqlite3.connect(db)) as conn:
        return conn.execute("SELECT count(*) FROM articles").fetchone()[0]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--pages", type=int, default=3000)
    parser.add_argument("--shared", type=Path, default=REPOSITORY.parent / "shared")
    parser.add_argument("--workdir", type=Path, default=Path("/tmp/rasad-e2e"))
    parser.add_argument("--skip-peers", action="store_true", help="leave out news-please and newspaper4k")
    parser.add_argument("--peer-pages", type=int, default=500,
                        help="pages the peers extract (the first N of the same pages; news-please takes minutes per 1,000)")
    parser.add_argument("--skip-ant", action="store_true", help="leave out the ANT import and its reextract")
    args = parser.parse_args(argv)
    corpus = args.shared / "data/ant-corpus/antcorpus.multisource.data-full.tar.gz"
    if not corpus.is_file():
        parser.error(f"the ANT corpus is not at {corpus}; give --shared DIR (the folder holding data/ant-corpus)")
    args.workdir.mkdir(parents=True, exist_ok=True)
    for old in args.workdir.glob("*.db*"):
        old.unlink()
    print(f"building {args.pages} pages from {corpus.name} ...", flush=True)
    pages = build(corpus, args.pages)
    megabytes = sum(len(p.body) for p in pages) / 1e6
    print(f"{len(pages)} pages, {megabytes:.0f} MB, {megabytes * 1000 / len(pages):.0f} kB on average; "
          f"{os.cpu_count()} cores", flush=True)
    results: dict = {"pages": len(pages), "cores": os.cpu_count()}

    before: dict[str, tuple[float, float, int]] = {}
    for name, options in OPTIONS.items():
        before[name] = seconds, _, empty = trafilatura_alone(pages, options)
        print(f"(a) trafilatura bare_extraction alone with {name} options, 1 process: {len(pages) / seconds:.1f} "
              f"pages/s ({seconds:.1f} s, {empty} empty)", flush=True)

    address = f"127.0.0.1:{serve(pages)}"
    sources = args.workdir / "sources.toml"
    sources.write_text(SOURCES.format(host=HOST, limit=len(pages) * 2), encoding="utf-8")
    db = args.workdir / "crawl.db"
    measured, stored, (extracted, fallbacks) = crawl(address, sources, db)
    results.update(rasad_pages_s=round(len(pages) / measured.seconds, 1), peak_rss_mb=round(measured.peak_mb, 1),
                   stored=stored, rasad_cpu_ms_per_page=round(measured.cpu_seconds * 1000 / len(pages), 1),
                   extraction_fallbacks=fallbacks, fallback_rate=round(fallbacks / max(extracted, 1), 3))
    print(f"(b) rasad crawl end to end: {results['rasad_pages_s']} pages/s ({measured.seconds:.1f} s for the whole "
          f"command), {stored} articles stored, peak memory {measured.peak_mb:.0f} MB; {fallbacks} of {extracted} "
          f"extractions fell back from trafilatura's fast tier to its full one ({results['fallback_rate']:.1%})",
          flush=True)

    # (a) again: this machine's speed drifts by several per cent within minutes, and (a) measured
    # on both sides of (b) puts them at the same mean time.
    for name, options in OPTIONS.items():
        seconds, cpu_seconds, _ = before[name]
        seconds_after, cpu_seconds_after, _ = trafilatura_alone(pages, options)
        print(f"(a) again with {name} options, after (b): {len(pages) / seconds_after:.1f} pages/s "
              f"({seconds_after:.1f} s)", flush=True)
        suffix = "" if name == "rasad" else f"_{name}"
        rate = results[f"trafilatura{suffix}_pages_s"] = round(2 * len(pages) / (seconds + seconds_after), 1)
        results[f"trafilatura{suffix}_cpu_ms_per_page"] = round((cpu_seconds + cpu_seconds_after) * 500 / len(pages), 1)
        results[f"ratio{suffix}"] = round(results["rasad_pages_s"] / rate, 2)
        print(f"    ratio{suffix} b/a = {results[f'ratio{suffix}']} (a with {name} options: {rate} pages/s, "
              f"both runs together)", flush=True)
    # Where the ratio goes: on N cores it is at most N x (a's CPU per page) / (b's CPU per page).
    per_page = {name: round(value * 1000 / len(pages), 1) for name, value in (
        ("main", measured.main_cpu_seconds), ("workers", measured.cpu_seconds - measured.main_cpu_seconds),
        ("server", measured.own_cpu_seconds))}
    results.update(rasad_main_cpu_ms_per_page=per_page["main"], rasad_workers_cpu_ms_per_page=per_page["workers"])
    print(f"    CPU per page: {results['rasad_cpu_ms_per_page']} ms in the crawl ({per_page['main']} in its own process: "
          f"fetching, storing; {per_page['workers']} in its workers: extraction, tags, fingerprints), "
          f"{per_page['server']} ms in this benchmark's server; trafilatura alone "
          f"{results['trafilatura_cpu_ms_per_page']} ms with rasad's options, "
          f"{results['trafilatura_default_cpu_ms_per_page']} ms with its defaults", flush=True)

    if not args.skip_peers:
        pages_file = args.workdir / "pages.jsonl"
        with pages_file.open("w", encoding="utf-8") as out:
            for page in pages[:args.peer_pages]:
                out.write(json.dumps([f"https://{HOST}{page.path}", page.body.decode("utf-8")], ensure_ascii=False) + "\n")
        for name in PEERS:
            outcome = peer(name, args.workdir, pages_file)
            if isinstance(outcome, str):
                print(f"(c) {name}: skipped, {outcome}", flush=True)
                results[f"{name}_pages_s"] = None
                continue
            peer_pages = min(args.peer_pages, len(pages))
            rate = round(peer_pages / outcome["seconds"], 1)
            results[f"{name}_pages_s"] = rate
            print(f"(c) {name} alone, 1 process, first {peer_pages} pages: {rate} pages/s "
                  f"({outcome['seconds']:.1f} s CPU, {outcome['empty']} empty); "
                  f"rasad end to end is {results['rasad_pages_s'] / rate:.2f}x", flush=True)

    seconds, peak, *_ = run_measured(rasad("reextract", "--db", str(db), "--sources", str(sources)))
    results["reextract_pages_s"] = round(stored / seconds, 1)
    print(f"(d) rasad reextract of those {stored} articles: {results['reextract_pages_s']} articles/s "
          f"({seconds:.1f} s), peak memory {peak:.0f} MB", flush=True)

    if not args.skip_ant:
        ant_db, ant_lines = args.workdir / "ant.db", args.workdir / "ant.jsonl"
        subprocess.run([sys.executable, str(REPOSITORY / "scripts/ant_to_jsonl.py"), str(corpus), "-o", str(ant_lines)],
                       check=True, capture_output=True)
        lines = sum(1 for _ in ant_lines.open(encoding="utf-8"))
        seconds, peak, *_ = run_measured(rasad("import", str(ant_lines), "--source", "ant", "--db", str(ant_db)))
        ant_articles = count_articles(ant_db)
        results.update(ant_lines=lines, ant_import_articles_s=round(lines / seconds, 1))
        print(f"(e) rasad import of the ANT corpus: {lines} lines, {ant_articles} articles stored in {seconds:.1f} s = "
              f"{results['ant_import_articles_s']} lines/s, peak memory {peak:.0f} MB", flush=True)
        seconds, peak, *_ = run_measured(rasad("reextract", "--db", str(ant_db), "--sources", str(sources)))
        results["ant_reextract_articles_s"] = round(ant_articles / seconds, 1)
        print(f"    rasad reextract of it: {results['ant_reextract_articles_s']} articles/s ({seconds:.1f} s), "
              f"peak memory {peak:.0f} MB", flush=True)
        measured, stored, _ = crawl(address, sources, ant_db)
        seconds, peak = measured.seconds, measured.peak_mb
        results["rasad_pages_s_into_full_db"] = round(len(pages) / seconds, 1)
        print(f"    (b) again into the {ant_articles}-article database: {results['rasad_pages_s_into_full_db']} pages/s "
              f"({seconds:.1f} s, {stored} stored), peak memory {peak:.0f} MB "
              f"({results['rasad_pages_s_into_full_db'] / results['rasad_pages_s']:.2f}x the empty-database rate)", flush=True)

    print(json.dumps(results))
    return 0


if __name__ == "__main__":
    sys.exit(main())
