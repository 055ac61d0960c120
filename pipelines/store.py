"""Store pipeline: writes articles, their compressed raw HTML, and the pages that were skipped.

Each article is one short transaction (the article row and its raw page together, so a crash
never leaves half an article). A URL or canonical URL already stored is not stored again. At
most ``RASAD_MAX_ARTICLES`` are stored per run; pages past the limit are left for the next run
(``CLOSESPIDER_ITEMCOUNT`` stops the crawl, but pages already in flight still arrive).
Settings read: ``RASAD_DB``, ``RASAD_MAX_ARTICLES`` (0: no limit).
"""

from __future__ import annotations

import json
import logging
import zlib
from datetime import datetime, timezone
from pathlib import Path

from scrapy import signals
from scrapy.exceptions import DropItem

from rasad import db as database
from rasad.items import Page
from pipelines import SkipPage

logger = logging.getLogger(__name__)

# Reasons that say nothing lasting about the page: it may be stored by a later run.
_NOT_REMEMBERED = {"already-stored", "too-old", "run-limit"}


def store_article(db, page: Page) -> int | None:
    """Insert the article of *page* with its raw HTML; None if its URL is already stored."""
    article = page.article
    with db.conn:
        exists = db.execute(
            "SELECT id FROM articles WHERE url IN (?1, ?2) OR canonical_url IN (?1, ?2) LIMIT 1",
            (article.url, article.canonical_url),
        ).fetchone()
        if exists:
            return None
        cursor = db.execute(
            """INSERT INTO articles (url, canonical_url, source, title, author, published_at,
                   date_source, fetched_at, language, text, description, site_name, categories,
                   tags, image, encoding, discovered_via)
               VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""",
            (
                article.url, article.canonical_url, page.source, article.title, article.author,
                article.published_at, article.date_source, page.fetched_at, article.language,
                article.text, article.description, article.site_name,
                json.dumps(article.categories, ensure_ascii=False),
                json.dumps(article.tags, ensure_ascii=False), article.image, article.encoding,
                page.discovered_via,
            ),
        )
        article_id = cursor.lastrowid
        db.execute(
            "INSERT INTO article_html (article_id, content_type, compression, html) VALUES (?, ?, 'zlib', ?)",
            (article_id, page.headers.get("Content-Type"), zlib.compress(page.body, 6)),
        )
    return article_id


class StorePipeline:
    def __init__(self, db_path: Path, stats, max_articles: int = 0):
        self.db_path = db_path
        self.stats = stats
        self.max_articles = max_articles
        self.stored = 0
        self.db = None

    @classmethod
    def from_crawler(cls, crawler) -> StorePipeline:
        settings = crawler.settings
        pipeline = cls(Path(settings["RASAD_DB"]), crawler.stats, settings.getint("RASAD_MAX_ARTICLES"))
        crawler.signals.connect(pipeline.item_dropped, signal=signals.item_dropped)
        return pipeline

    def open_spider(self) -> None:
        self.db = database.connect(self.db_path)

    def close_spider(self) -> None:
        if self.db is not None:
            self.db.conn.close()

    def process_item(self, item: Page) -> Page:
        if self.max_articles and self.stored >= self.max_articles:
            self.stats.inc_value("rasad/skipped/run-limit")
            raise SkipPage("run-limit", item.url)
        if store_article(self.db, item) is None:
            self.stats.inc_value("rasad/skipped/already-stored")
            raise SkipPage("already-stored", item.url)
        self.stored += 1
        self.stats.inc_value("rasad/stored")
        logger.info("stored %s: %s", item.source, item.article.title)
        return item

    def item_dropped(self, item, response, exception: DropItem, spider) -> None:
        """Remember fetched pages that are not articles so later runs do not fetch them again."""
        if not isinstance(exception, SkipPage) or self.db is None or exception.reason in _NOT_REMEMBERED:
            return
        if exception.reason.startswith("http-"):
            return  # a server error may heal; try again next run
        with self.db.conn:
            self.db.execute(
                "INSERT OR IGNORE INTO skipped_pages (url, source, reason, seen_at) VALUES (?, ?, ?, ?)",
                (exception.url, item.source, exception.reason, datetime.now(timezone.utc).isoformat(timespec="seconds")),
            )
