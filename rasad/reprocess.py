"""``rasad reextract`` and ``rasad retag``: stored articles through the analysis again, after an
upgrade of the extractor or an edit of the gazetteer.

Every stored article is read back (keyset pages of ids, never the whole table at once), analysed
in the worker processes of :mod:`rasad.analyse.worker_pool` — from its stored raw HTML when re-extracting
and there is one, else from its stored text — and written back in batched transactions: its
fields, fingerprint, LSH keys, story, search index and tags. Articles are taken in id order and
only earlier ones can be their story's original, so stories are rebuilt as the crawl built them.
An article whose page no longer yields an article is kept as it was, and counted; so are the
pages extracted and those that fell back from trafilatura's fast tier to its full one.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from rasad.analyse import dedup, gazetteer, versions
from rasad.analyse.analysis import Analysed, ExtractionCounts, Rejected, analyse_article, analyse_page
from rasad.analyse.raw_pages import decompress_page
from rasad.analyse.worker_pool import WorkerPool
from rasad.extract.extraction import Article, DateHint
from rasad.store.batch_writer import BatchWriter
from rasad.store import near_duplicates
from rasad.store.db import each_whole, transaction
from rasad.store.tag_store import save_tags, sync_sites

PAGE_ROWS = 200
PROGRESS_EVERY = 100


@dataclass(frozen=True)
class StoredArticle:
    id: int
    article: Article
    compressed_html: bytes | None
    compression: str | None  # of compressed_html (rasad.analyse.raw_pages)
    content_type: str | None


def reanalyse(stored: StoredArticle, *, from_html: bool, gazetteer_path: str | None,
              full: bool = False) -> Analysed | Rejected:
    """Analyse a stored article again (runs in a worker): from its raw page when asked and kept
    (*full*: with trafilatura's full tier alone)."""
    article = stored.article
    if from_html and stored.compressed_html is not None:
        # what the feed or sitemap said of the date was only kept as the stored date
        hint = (DateHint(article.published_at, "sitemap" if article.date_source == "sitemap" else "feed")
                if article.date_source in ("feed", "sitemap", "import") else None)
        return analyse_page(article.url, decompress_page(stored.compressed_html, stored.compression),
                            {"Content-Type": stored.content_type or "text/html"}, hint, language=None, oldest=None,
                            gazetteer_path=gazetteer_path, compress=False, full=full)
    return analyse_article(article, language=None, oldest=None, gazetteer_path=gazetteer_path)


def _chosen(source: str | None, stale: str | None, from_html: bool) -> tuple[str, list]:
    """The condition on ``articles a`` that picks the articles of *source* (all if None) and,
    given *stale* (the current version), those another version made: the pages another extractor
    extracted when re-extracting (a text stored without its page has no extractor to be stale
    against), the articles another tagger tagged when re-tagging."""
    conditions, args = ["1"], []
    if source:
        conditions.append("a.source = ?")
        args.append(source)
    if stale and from_html:
        conditions.append("a.extractor IS NOT ? AND a.id IN (SELECT article_id FROM article_html)")
        args.append(stale)
    elif stale:
        conditions.append("a.tagger IS NOT ?")
        args.append(stale)
    return " AND ".join(conditions), args


def _rows(db, chosen: tuple[str, list], after: int) -> list[StoredArticle]:
    columns = Article.columns()
    rows = db.execute(
        f"SELECT a.id, {', '.join('a.' + c for c in columns)}, h.html, h.compression, h.content_type FROM articles a "
        f"LEFT JOIN article_html h ON h.article_id = a.id WHERE a.id > ? AND {chosen[0]} ORDER BY a.id "
        f"LIMIT {PAGE_ROWS}", [after, *chosen[1]],
    ).fetchall()
    return [StoredArticle(row[0], Article.from_row(dict(zip(columns, row[1:1 + len(columns)]))), *row[-3:])
            for row in rows]


def update_articles(db, batch: list[tuple[int, Analysed]]) -> list[str | Exception]:
    """Write re-analysed articles back, one transaction; per article "changed" or "same" (its text)."""
    return each_whole(db, batch, lambda entry: _update(db, *entry))


def _update(db, article_id: int, analysed: Analysed) -> str:
    article, fingerprint = analysed.article, analysed.fingerprint
    old_hash, old_text, old_signature = db.execute(
        "SELECT a.text_hash, a.text, s.signature FROM articles a LEFT JOIN article_signatures s ON s.article_id = a.id "
        "WHERE a.id = ?", (article_id,)).fetchone()
    if old_signature is not None:
        near_duplicates.forget_article(db, article_id, dedup.Fingerprint(old_hash, np.frombuffer(old_signature, dtype=np.uint32),
                                                               dedup.paragraphs(old_text)))
    match = near_duplicates.find_duplicate(db, fingerprint, before=article_id, published=article.published_at)
    values = {column: value for column, value in article.row().items() if column != "url"}  # the URL is its identity
    db.execute(
        f"UPDATE articles SET {', '.join(c + ' = ?' for c in values)}, text_hash = ?, duplicate_of = ?, "
        "similarity = ?, story_id = ? WHERE id = ?",
        [*values.values(), fingerprint.text_hash, match.article_id if match else None,
         match.similarity if match else None, match.story_id if match else article_id, article_id],
    )
    near_duplicates.index_article(db, article_id, fingerprint)
    db.execute("UPDATE article_search SET title = ?, body = ? WHERE article_id = ?", (*analysed.search_index, article_id))
    save_tags(db, article_id, analysed.tags, analysed.tagger)
    return "same" if fingerprint.text_hash == old_hash else "changed"


@dataclass
class ReprocessReport:
    total: int = 0
    done: int = 0
    outcomes: Counter = field(default_factory=Counter)  # changed / same / no-longer-an-article / failed
    relevance: Counter = field(default_factory=Counter)
    extraction: ExtractionCounts = field(default_factory=ExtractionCounts)


async def reprocess(db, *, from_html: bool, source: str | None = None, stale: bool = False,
                    workers: int | None = None, gazetteer_path: str | None = None, full: bool = False,
                    progress: Callable[[ReprocessReport], None] | None = None,
                    report: ReprocessReport | None = None) -> ReprocessReport:
    """Analyse every stored article (of *source*; with *stale*, only those another version of the
    extractor or the tagger made: see rasad.analyse.versions) again and write the results back (*full*:
    pages extracted with trafilatura's full tier alone). *report* is filled as the work goes (what
    an interrupted run did)."""
    current = (versions.extractor() if from_html else versions.tagger(gazetteer_path)) if stale else None
    chosen = _chosen(source, current, from_html)
    report = report if report is not None else ReprocessReport()
    report.total = db.execute(f"SELECT count(*) FROM articles a WHERE {chosen[0]}", chosen[1]).fetchone()[0]
    with transaction(db):
        sync_sites(db, gazetteer.cached(Path(gazetteer_path) if gazetteer_path else None))
    pool = WorkerPool(workers)

    def stored_articles() -> Iterator[StoredArticle]:
        after = 0
        while rows := _rows(db, chosen, after):
            after = rows[-1].id
            yield from rows

    def written(entry: tuple[int, Analysed], outcome: str | Exception) -> None:
        if isinstance(outcome, Exception):
            report.outcomes["failed"] += 1
        else:
            report.outcomes[outcome] += 1
            report.relevance[entry[1].tags.relevance] += 1

    writer: BatchWriter[tuple[int, Analysed], str] = BatchWriter(lambda batch: update_articles(db, batch), written)

    try:
        # analysed in parallel, written in id order: an article's story is looked up after every
        # earlier article's (the same transaction sees them)
        async for stored, result in pool.map_ordered(reanalyse, stored_articles(), from_html=from_html,
                                                     gazetteer_path=gazetteer_path, full=full):
            if isinstance(result, (Analysed, Rejected)):
                report.extraction.add(result)
            if isinstance(result, Analysed):
                writer.put((stored.id, result))
            else:
                report.outcomes["no-longer-an-article" if isinstance(result, Rejected) else "failed"] += 1
            report.done += 1
            if progress and report.done % PROGRESS_EVERY == 0:
                progress(report)
    finally:
        writer.flush()
        await pool.close()
    if progress:
        progress(report)
    return report
