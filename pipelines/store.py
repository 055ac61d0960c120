"""Store pipeline: writes each article with its compressed raw HTML and its story, and records
the fetched pages that were not articles.

Articles are written in batches (:mod:`rasad.store.batch_writer`): one transaction per
``RASAD_WRITE_BATCH`` articles or ``RASAD_WRITE_SECONDS`` seconds, whichever comes first, and on
close (a SIGTERM closes the crawl, so it flushes too). Each article is whole or absent (row, raw
page, duplicate lookup and LSH buckets together), so a crash never leaves half an article. A URL already stored (by :func:`rasad.text.urls.url_key`) is not
stored again; a copy of a stored text is stored, marked ``duplicate_of``. At most
``RASAD_MAX_ARTICLES`` are stored per run; pages past the limit are left for the next run
(``CLOSESPIDER_ITEMCOUNT`` stops the crawl, but pages already in flight still arrive).
Settings read: ``RASAD_DB``, ``RASAD_MAX_ARTICLES`` (0: no limit), ``RASAD_WRITE_BATCH``,
``RASAD_WRITE_SECONDS``, ``RASAD_REDIS`` (set on a worker node: this pipeline is off and
:mod:`pipelines.send` sends the articles to the coordinator, whose writer stores them).
"""

from __future__ import annotations

import asyncio
import functools
import logging
import sqlite3
from pathlib import Path

from scrapy import signals
from scrapy.exceptions import DropItem, NotConfigured

from rasad.analyse import gazetteer
from rasad.analyse.analysis import Analysed
from rasad.base import clock
from rasad.crawl.items import Page
from rasad.store import db as database, leases
from rasad.store.batch_writer import BatchWriter
from rasad.store.ingest import Stored, ToStore, remember_skipped, store_articles
from rasad.store.tag_store import sync_sites
from rasad.text.urls import url_key
from pipelines import SkipPage

logger = logging.getLogger(__name__)

# Lasting reasons: the page will not become an article. Others (too-short, no-text, an HTTP
# error, a wrong language) may heal, and the run limit or a stored URL say nothing of the page.
# A too-old page is remembered with its date (see rasad.crawl.known.KnownUrls).
REMEMBERED = {"home-page", "page-type", "listing", "static-page", "too-old"}


def to_store(analysed: Analysed, *, source: str, fetched_at: str, content_type: str | None,
             discovered_via: str | None) -> ToStore:
    """What the batch writer stores of an analysed page (here, or in a coordinator's writer)."""
    return ToStore.of(analysed, source=source, fetched_at=fetched_at, compressed_html=analysed.compressed_html,
                      content_type=content_type, discovered_via=discovered_via)


class StorePipeline:
    def __init__(self, db_path: Path, stats, max_articles: int, batch_rows: int, batch_seconds: float):
        self.db_path = db_path
        self.stats = stats
        self.max_articles = max_articles
        self.accepted = 0  # stored or on their way: the run limit counts both
        self.db = None
        self.fence = None  # refuses a write once the crawl's lease is another's (open_spider)
        self.writer: BatchWriter[tuple[Page, ToStore], Stored] = BatchWriter(
            self.store, self.written, max_rows=batch_rows, max_seconds=batch_seconds)

    @classmethod
    def from_crawler(cls, crawler) -> StorePipeline:
        settings = crawler.settings
        if settings.get("RASAD_REDIS"):
            raise NotConfigured  # a worker node: pipelines.send sends the articles (no args: not logged)
        pipeline = cls(Path(settings["RASAD_DB"]), crawler.stats, settings.getint("RASAD_MAX_ARTICLES"),
                       settings.getint("RASAD_WRITE_BATCH"), settings.getfloat("RASAD_WRITE_SECONDS"))
        crawler.signals.connect(pipeline.item_dropped, signal=signals.item_dropped)
        pipeline.crawler = crawler
        return pipeline

    def open_spider(self) -> None:
        self.db = database.connect(self.db_path)
        spider = self.crawler.spider
        # rasad's crawls hold the source's lease (scrapy crawl takes none): every write is fenced by it
        holder = getattr(spider, "lease_holder", None)
        self.fence = functools.partial(leases.fence, self.db, spider.name, holder) if holder else None
        try:
            with database.transaction(self.db):
                sync_sites(self.db, gazetteer.cached())
        except sqlite3.Error as exc:  # the sites as they were serve this run; its articles fail as they come
            if not database.is_full(exc):
                raise
            logger.error("could not update the gazetteer's sites: disk full (%s)", exc)

    def close_spider(self) -> None:
        if self.db is not None:
            self.writer.flush()
            self.db.conn.close()

    def process_item(self, item: Page) -> Page:
        """Hand the article to the batch writer; the page is done with (the response freed) at once."""
        if self.max_articles and self.accepted >= self.max_articles:
            self.stats.inc_value("rasad/skipped/run-limit")
            raise SkipPage("run-limit", item.url)
        self.accepted += 1
        self.writer.put((item, to_store(item.analysed, source=item.source, fetched_at=item.fetched_at,
                                        content_type=item.headers.get("Content-Type"),
                                        discovered_via=item.discovered_via)))
        return item

    def store(self, batch: list[tuple[Page, ToStore]]) -> list[Stored | Exception]:
        """Write *batch*; a full disk is said once for the batch, not once per article."""
        try:
            results = store_articles(self.db, [entry for _, entry in batch], fence=self.fence)
        except (sqlite3.Error, leases.LeaseLost) as exc:  # the transaction itself failed: every article with it
            results = [exc] * len(batch)
        if results and isinstance(results[0], leases.LeaseLost):
            logger.warning("not storing %d articles: %s", len(batch), results[0])
            self._stop_crawl("lease-lost")
        if full := [result for result in results if database.is_full(result)]:
            logger.error("could not store %d of %d articles: disk full (%s); the next run fetches them again",
                         len(full), len(batch), full[0])
        return results

    def written(self, entry: tuple[Page, ToStore], stored: Stored | Exception) -> None:
        item, article = entry[0], entry[1].article
        if isinstance(stored, Exception):
            self.accepted -= 1
            if isinstance(stored, leases.LeaseLost):  # said for its batch by store(); the other crawl has it
                self.stats.inc_value("rasad/skipped/lease-lost")
            elif database.is_full(stored):  # said for its batch by store()
                self.stats.inc_value("rasad/errors/disk-full")
            else:
                self.stats.inc_value("rasad/errors/store")
                logger.error("could not store %s: %s", item.url, stored)
            return
        if stored.article_id is None:
            self.accepted -= 1
            self.stats.inc_value("rasad/skipped/already-stored")
            return
        self.stats.inc_value("rasad/stored")
        if item.requested_url and url_key(item.requested_url) != url_key(item.url):
            # a redirecting link (http→https, a short link): known from now on, not fetched again
            self._remember(item.requested_url, item.source, "redirect")
        if stored.duplicate_of is not None:
            kind = "exact" if stored.similarity == 1.0 else "near"
            self.stats.inc_value(f"rasad/duplicates/{kind}")
            logger.info("stored %s: %s (copy of article %d, similarity %.2f)", item.source,
                        article.title, stored.duplicate_of, stored.similarity)
        else:
            logger.info("stored %s: %s", item.source, article.title)

    def item_dropped(self, item, response, exception: DropItem, spider) -> None:
        """Remember fetched pages that are not articles so later runs do not fetch them again."""
        if isinstance(exception, SkipPage) and self.db is not None and exception.reason in REMEMBERED:
            self._remember(exception.url, item.source, exception.reason, exception.published_at)

    def _remember(self, url: str, source: str, reason: str, published_at: str | None = None) -> None:
        """A URL not to fetch again, written under the lease like the articles."""
        try:
            remember_skipped(self.db, url, source, reason, clock.timestamp(), published_at, fence=self.fence)
        except leases.LeaseLost:  # the crawl that holds the lease fetches and remembers the page
            self._stop_crawl("lease-lost")

    def _stop_crawl(self, reason: str) -> None:
        """Close the spider at once (a write refused for a lost lease means another crawl has the
        source; this one must not fetch it a second time). Closing twice is closing once."""
        engine = self.crawler.engine
        if engine is not None and engine.spider is not None:
            asyncio.ensure_future(engine.close_spider_async(reason=reason))
