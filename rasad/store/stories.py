"""Regrouping stored articles into stories after the dedup rules changed (``rasad restory``,
and once when the migration that adds passage anchors runs): every article, oldest first, is
looked up among the articles stored before it, as if it were arriving now."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from rasad.analyse import dedup
from rasad.store import near_duplicates
from rasad.store.db import transaction

BATCH_ARTICLES = 200  # one transaction each: a short hold of the write lock, little lost to Ctrl-C


@dataclass
class RestoryReport:
    total: int = 0
    done: int = 0
    moved: int = 0  # articles whose story changed


def restory(db, progress: Callable[[RestoryReport], None] | None = None,
            report: RestoryReport | None = None) -> RestoryReport:
    """Find every stored article's story again, indexing what is missing on the way. *report* is
    filled as the work goes (what an interrupted run did)."""
    report = report if report is not None else RestoryReport()
    report.total = db.execute("SELECT count(*) FROM articles").fetchone()[0]
    after = 0
    while rows := db.execute("SELECT id, text, story_id, published_at FROM articles WHERE id > ? ORDER BY id LIMIT ?",
                             (after, BATCH_ARTICLES)).fetchall():
        with transaction(db):
            for article_id, text, old_story, published in rows:
                fp = dedup.fingerprint(text)
                match = near_duplicates.find_duplicate(db, fp, before=article_id, published=published)
                story = match.story_id if match else article_id
                db.execute("UPDATE articles SET duplicate_of = ?, similarity = ?, story_id = ? WHERE id = ?",
                           (match.article_id if match else None, match.similarity if match else None, story, article_id))
                near_duplicates.index_article(db, article_id, fp)
                report.moved += story != old_story
        report.done += len(rows)
        after = rows[-1][0]
        if progress:
            progress(report)
    return report
