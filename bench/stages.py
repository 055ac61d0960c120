"""Where a page's CPU time goes, stage by stage, in one process.

    python bench/stages.py [--pages 300] [--shared ../shared] [--rounds 3]

On the pages of bench/e2e.py (ANT texts in the sample web's real page shells, bench/e2e_pages.py):
trafilatura ``bare_extraction`` alone, as e2e's (a), then rasad's stages in the order a crawl runs
them. In the workers: extraction (trafilatura inside it; within it, the metadata pass rasad runs,
beside the one trafilatura's ``bare_extraction(with_metadata=True)`` would run), validation,
fingerprint, tags, search text, compression of the raw page; between the processes: the task and
its result pickled and unpickled (the pool's pipes); in the crawling process: storing each
article into a fresh SQLite file, in batches of 100 as the crawl does. Each stage is timed over
every page (CPU time), the fastest of the rounds kept: the machine's speed drifts. Scrapy's own
share of the crawling process is what e2e.py's "in its own process" figure leaves beside the store.

Last line: one JSON object, milliseconds per page by stage.
"""

from __future__ import annotations

import argparse
import json
import pickle
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

REPOSITORY = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPOSITORY))
sys.path.insert(0, str(REPOSITORY / "bench"))

import trafilatura  # noqa: E402
from trafilatura.metadata import extract_metadata as trafilatura_metadata  # noqa: E402

from e2e import HOST  # noqa: E402
from e2e_pages import build  # noqa: E402
from rasad.analyse import gazetteer  # noqa: E402
from rasad.analyse.analysis import Analysed, analyse_page  # noqa: E402
from rasad.analyse.dedup import fingerprint  # noqa: E402
from rasad.analyse.raw_pages import compress_page  # noqa: E402
from rasad.analyse.search_index import index_text  # noqa: E402
from rasad.analyse.tagging import tag_article  # noqa: E402
from rasad.config import Schedule, Source  # noqa: E402
from rasad.extract.encoding import decode_html  # noqa: E402
from rasad.extract.extraction import TRAFILATURA_OPTIONS, extract  # noqa: E402
from rasad.extract.html_tree import parse_html  # noqa: E402
from rasad.extract.trafilatura_metadata import extract_metadata  # noqa: E402
from rasad.extract.validation import rejection  # noqa: E402
from rasad.store import db as database  # noqa: E402
from rasad.store.ingest import ToStore, store_articles  # noqa: E402

HEADERS = {"Content-Type": "text/html; charset=utf-8"}
BATCH = 100


def cpu_ms_per_item(work: Callable[[], object], items: int, rounds: int) -> float:
    """The fastest of *rounds* runs of *work*, in CPU milliseconds per item."""
    fastest = float("inf")
    for _ in range(rounds):
        started = time.process_time()
        work()
        fastest = min(fastest, time.process_time() - started)
    return fastest * 1000 / items


def fresh_database(path: Path):
    """An empty rasad database at *path* (the schema's migrations are not what is timed)."""
    db = database.connect(path)
    database.sync_sources(db, [Source("bench", "Benchmark outlet", "ar", (HOST,), Schedule(3600))], "2024-01-01")
    return db


def store_all(db, entries: list[ToStore]) -> None:
    for start in range(0, len(entries), BATCH):
        store_articles(db, entries[start:start + BATCH])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--pages", type=int, default=300)
    parser.add_argument("--shared", type=Path, default=REPOSITORY.parent / "shared")
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args(argv)
    corpus = args.shared / "data/ant-corpus/antcorpus.multisource.data-full.tar.gz"
    if not corpus.is_file():
        parser.error(f"the ANT corpus is not at {corpus}; give --shared DIR (the folder holding data/ant-corpus)")
    pages = build(corpus, args.pages)
    urls = [f"https://{HOST}{page.path}" for page in pages]
    tagger = gazetteer.cached()
    # what the workers send back, from the workers' own function
    analysed: list[Analysed] = [analyse_page(url, page.body, HEADERS, None, language=None, oldest=None, gazetteer_path=None)
                                for url, page in zip(urls, pages)]
    articles = [result.article for result in analysed]
    tasks = [(url, page.body, HEADERS, None) for url, page in zip(urls, pages)]
    entries = [ToStore(result.article, source="bench", fetched_at="2024-01-01T00:00:00+00:00",
                       fingerprint=result.fingerprint, tags=result.tags, compressed_html=result.compressed_html,
                       content_type=HEADERS["Content-Type"], discovered_via="sitemap", search_index=result.search_index)
               for result in analysed]

    trees = [parse_html(decode_html(page.body, HEADERS)[0]) for page in pages]
    dates = TRAFILATURA_OPTIONS["date_extraction_params"]
    stages: dict[str, Callable[[], object]] = {
        "trafilatura alone (e2e's a)": lambda: [trafilatura.bare_extraction(page.body.decode("utf-8"), url=url,
                                                                          **TRAFILATURA_OPTIONS)
                                                for url, page in zip(urls, pages)],
        "worker: extraction (trafilatura inside)": lambda: [extract(url, page.body, HEADERS)
                                                            for url, page in zip(urls, pages)],
        # inside the extraction, not beside it: both find the same fields (rasad's skips the license)
        "  within it: trafilatura's metadata pass (not run)": lambda: [
            trafilatura_metadata(tree, url, dates) for url, tree in zip(urls, trees)],
        "  within it: rasad.extract.trafilatura_metadata": lambda: [extract_metadata(tree, url, dates)
                                                            for url, tree in zip(urls, trees)],
        "worker: validation": lambda: [rejection(article, language="ar", oldest=None) for article in articles],
        "worker: fingerprint": lambda: [fingerprint(article.text) for article in articles],
        "worker: tags": lambda: [tag_article(article, tagger) for article in articles],
        "worker: search text": lambda: [(index_text(article.title), index_text(article.text)) for article in articles],
        "worker: compression": lambda: [compress_page(page.body) for page in pages],
        "pipes: task and result, both ways": lambda: [pickle.loads(pickle.dumps(sent)) for sent in (*tasks, *analysed)],
        "crawling process: store": lambda: store_all(next(databases), entries),
    }
    folder = tempfile.TemporaryDirectory()
    databases = iter([fresh_database(Path(folder.name) / f"round-{n}.db") for n in range(args.rounds)])
    print(f"{len(pages)} pages, CPU ms per page, fastest of {args.rounds} rounds:", flush=True)
    figures = {}
    for name, work in stages.items():
        figures[name] = round(cpu_ms_per_item(work, len(pages), args.rounds), 2)
        print(f"  {figures[name]:7.2f}  {name}", flush=True)
    around = sum(value for name, value in figures.items()
                 if not name.startswith(("trafilatura", "worker: extraction", "  within it")))
    extraction_overhead = figures["worker: extraction (trafilatura inside)"] - figures["trafilatura alone (e2e's a)"]
    print(f"  {around + extraction_overhead:7.2f}  rasad's own, beside trafilatura (Scrapy's share not included)", flush=True)
    print(json.dumps(figures, ensure_ascii=False))
    folder.cleanup()
    return 0


if __name__ == "__main__":
    sys.exit(main())
