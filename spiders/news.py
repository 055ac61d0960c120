"""The generic news spider: discovers article URLs of one source and fetches them.

It only discovers and fetches; extraction, validation and storage are pipelines. Discovery
follows the source's feeds, sitemaps (indexes, gzip, Google News) and section pages, skips URLs
already stored and articles whose feed or sitemap date is older than the source's limit, and
hands every fetched page on as a :class:`rasad.crawl.items.Page`.

Settings read: ``RASAD_SOURCES`` (path of the sources file), ``RASAD_DB`` (database, for the
URLs already known), ``RASAD_OLDEST`` (overrides every source's ``oldest``; ``"all"`` keeps
every date), ``RASAD_SECTION_PAGES`` (how many listing pages deep to follow, default 2),
``RASAD_SITEMAP_DEPTH`` (how many levels of sitemap indexes to follow below an entry point,
default 3; real sites use 2), ``RASAD_MAX_DISCOVERY`` (feeds, sitemaps and section pages fetched
per run, default 500), ``RASAD_REDIS`` (set on a worker node, which has no database: the known
URLs are in this Redis, :class:`rasad.crawl.known.RedisKnownUrls`). A feed's, sitemap's or section
page's URLs are looked up as known all at once. What either limit cuts off is counted (``skipped/sitemap-too-deep``,
``skipped/discovery-limit``) in the run's record; a sitemap listed again, by itself or in a cycle,
is not fetched again (``skipped/sitemap-seen``).

An entry point (a feed, sitemap or section page of the sources file) that cannot be fetched
goes in the stat ``rasad/failed_entry_points`` (URL → reason: "connection refused", "DNS lookup
failed", "timed out", "HTTP 404"...), which the crawl's summary lists and the run records;
Scrapy's own report of the failure, with its traceback, is logged at INFO (``rasad crawl -v``).
"""

from __future__ import annotations

import dataclasses
import logging
import re
from collections.abc import AsyncIterator
from datetime import date
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import scrapy
from scrapy.exceptions import (CannotResolveHostError, DownloadConnectionRefusedError, DownloadFailedError,
                               DownloadTimeoutError, ResponseDataLossError)
from scrapy.http import Response
from scrapy.spidermiddlewares.httperror import HttpError

from rasad.base import clock
from rasad.base.settings_registry import default
from rasad.config import Source, load_sources
from rasad.crawl.discovery import DiscoveryError, Link, parse_xml, section_links
from rasad.crawl.items import Page
from rasad.crawl.known import KnownUrls, RedisKnownUrls
from rasad.extract.extraction import DateHint, parse_datetime
from rasad.text.urls import canonical_url, in_domains

logger = logging.getLogger(__name__)

SITEMAP_MAXSIZE = 50 * 1024 * 1024
_PAGINATION = re.compile(r"(/page/\d+/?$|[?&](page|p|pg)=\d+)")


def _path_and_query(url: str) -> str:
    parts = urlsplit(url)
    return parts.path + ("?" + parts.query if parts.query else "")


_FAILURE_REASONS = ((DownloadConnectionRefusedError, "connection refused"), (CannotResolveHostError, "DNS lookup failed"),
                    (DownloadTimeoutError, "timed out"), (DownloadFailedError, "connection lost"),
                    (ResponseDataLossError, "response cut short"))


def failure_reason(failure) -> str:
    """Why a request failed, in a few words for a one-line report."""
    if failure.check(HttpError):
        return f"HTTP {failure.value.response.status}"
    return next((words for kind, words in _FAILURE_REASONS if failure.check(kind)),
                str(failure.value) or failure.type.__name__)


_ROBOTSTXT_LOGGER = "scrapy.downloadermiddlewares.robotstxt"


class _ReportedBySpider(logging.Filter):
    """Scrapy logs a request that failed after its retries, and a robots.txt it could not fetch,
    as an ERROR with a traceback. For the spider's feeds, sitemaps and section pages its own
    report says it in one line, and without robots.txt Scrapy fetches as if all were allowed (a
    host that is down fails its pages, which are reported): these records are demoted to INFO,
    where ``rasad crawl -v`` shows them."""

    def filter(self, record: logging.LogRecord) -> bool:
        if record.levelno > logging.INFO and self._said_otherwise(record):
            record.levelno, record.levelname = logging.INFO, "INFO"
        return True

    @staticmethod
    def _said_otherwise(record: logging.LogRecord) -> bool:
        spider = getattr(record, "spider", None)
        request = record.args.get("request") if isinstance(record.args, dict) else None
        if not (isinstance(spider, NewsSpider) and isinstance(request, scrapy.Request)):
            return False
        robots_txt = record.name == _ROBOTSTXT_LOGGER or urlsplit(request.url).path == "/robots.txt"
        return robots_txt or request.errback == spider.discovery_failed


_REPORTED_BY_SPIDER = _ReportedBySpider()


class NewsSpider(scrapy.Spider):
    """Crawls one declared source; ``spiders.loader`` makes one subclass per source id."""

    name = "news"
    source: Source

    def __init__(self, source: Source, known: KnownUrls | RedisKnownUrls | None = None, oldest: date | None = None,
                 section_depth: int = default("RASAD_SECTION_PAGES"), sitemap_depth: int = default("RASAD_SITEMAP_DEPTH"),
                 max_discovery: int = default("RASAD_MAX_DISCOVERY"), **kwargs: Any):
        super().__init__(name=source.id, **kwargs)
        self.source = source
        self.allowed_domains = list(source.allowed_domains)
        self.known = known
        self.oldest = oldest
        self.section_depth = section_depth
        self.sitemap_depth = sitemap_depth
        self.max_discovery = max_discovery
        self.discovery_requests = 0
        self.sitemaps_seen: set[str] = set()

    @classmethod
    def from_crawler(cls, crawler, *args: Any, **kwargs: Any) -> NewsSpider:
        settings = crawler.settings
        source = getattr(cls, "source", None)
        if source is None:
            source = load_sources(Path(settings["RASAD_SOURCES"]))[kwargs.pop("source_id")]
        oldest_setting = settings.get("RASAD_OLDEST")
        if oldest_setting == "all":
            oldest = None
        elif oldest_setting:
            oldest = dataclasses.replace(source, oldest=oldest_setting).oldest_date()
        else:
            oldest = source.oldest_date()
        db_path = Path(settings["RASAD_DB"])
        if settings.get("RASAD_REDIS"):  # a worker node: no database, the known URLs are in Redis
            import redis

            known = RedisKnownUrls(redis.Redis.from_url(settings["RASAD_REDIS"]))
        else:
            known = KnownUrls(db_path, oldest) if db_path.exists() else None
        limits = [settings.getint(name, default(name))
                  for name in ("RASAD_SECTION_PAGES", "RASAD_SITEMAP_DEPTH", "RASAD_MAX_DISCOVERY")]
        spider = cls(source, known, oldest, *limits, *args, **kwargs)
        spider._set_crawler(crawler)
        for name in ("scrapy.downloadermiddlewares.retry", _ROBOTSTXT_LOGGER):
            logging.getLogger(name).addFilter(_REPORTED_BY_SPIDER)  # added once, however many spiders
        return spider

    @classmethod
    def update_settings(cls, settings) -> None:
        super().update_settings(settings)
        source = getattr(cls, "source", None)
        if source is not None:
            settings.set("DOWNLOAD_DELAY", source.delay, priority="spider")
            settings.set("AUTOTHROTTLE_START_DELAY", max(source.delay, 0.1), priority="spider")
            settings.set("CONCURRENT_REQUESTS_PER_DOMAIN", source.concurrency, priority="spider")
            settings.set("RASAD_MAX_ARTICLES", source.max_articles, priority="spider")
            settings.set("CLOSESPIDER_ITEMCOUNT", source.max_articles, priority="spider")

    async def start(self) -> AsyncIterator[Any]:
        for url in self.source.feeds:
            if self._may_discover():
                yield scrapy.Request(url, callback=self.parse_document, errback=self.discovery_failed)
        for url in self.source.sitemaps:
            if (request := self._sitemap_request(url, 0)) is not None:
                yield request
        for section in self.source.sections:
            if self._may_discover():
                yield scrapy.Request(section.url, callback=self.parse_section, errback=self.discovery_failed,
                                     cb_kwargs={"pattern": section.article_pattern, "depth": 0})

    def _may_discover(self) -> bool:
        """One more discovery document for this run, unless the run has had its share."""
        if self.discovery_requests >= self.max_discovery:
            self._count("skipped/discovery-limit")
            return False
        self.discovery_requests += 1
        return True

    def _sitemap_request(self, url: str, depth: int) -> scrapy.Request | None:
        """A sitemap *depth* levels of indexes below an entry point, unless seen this run, too deep
        or over the run's share of discovery documents."""
        key = canonical_url(url)
        if key in self.sitemaps_seen:
            self._count("skipped/sitemap-seen")
            return None
        if depth > self.sitemap_depth:
            self._count("skipped/sitemap-too-deep")
            return None
        if not self._may_discover():
            return None
        self.sitemaps_seen.add(key)
        # sitemaps.org allows 50 MB uncompressed, more than the page size limit
        return scrapy.Request(url, callback=self.parse_document, errback=self.discovery_failed,
                              meta={"download_maxsize": SITEMAP_MAXSIZE, "rasad_sitemap_depth": depth})

    def discovery_failed(self, failure) -> None:
        """A feed, sitemap or section page that could not be fetched: an entry point goes in the
        run's stats (logged at INFO: the crawl's summary lists it), a sitemap an index listed in
        the log."""
        self._count("discovery/failed")
        request = failure.request
        url = request.meta.get("redirect_urls", [request.url])[0]
        reason = failure_reason(failure)
        if request.meta.get("rasad_sitemap_depth", 0):
            logger.warning("%s: sitemap %s failed: %s", self.source.id, url, reason)
            return
        failed = self.crawler.stats.get_value("rasad/failed_entry_points", {})
        self.crawler.stats.set_value("rasad/failed_entry_points", {**failed, url: reason})
        logger.info("%s: entry point %s failed: %s", self.source.id, url, reason)

    def closed(self, reason: str) -> None:
        if self.known is not None:
            self.known.close()

    # discovery

    def parse_document(self, response: Response) -> Any:
        """A feed or sitemap: follow child sitemaps, request the articles it lists."""
        try:
            document = parse_xml(response.url, response.body)
        except DiscoveryError as exc:
            self._count("discovery/rejected")
            logger.warning("%s: unreadable discovery document %s: %s", self.source.id, response.url, exc)
            return
        self._count(f"discovery/{document.kind}")
        known = self._known_among(document.links) if document.kind != "sitemapindex" else set()
        for link in document.links:
            if document.kind == "sitemapindex":
                if self._too_old(link):
                    self._count("skipped/old-sitemap")  # a child sitemap last changed before the limit
                elif self._allowed(link.url) and (request := self._sitemap_request(
                        link.url, response.meta.get("rasad_sitemap_depth", 0) + 1)) is not None:
                    yield request
            elif (request := self._article_request(link, response.url, known)) is not None:
                yield request

    def parse_section(self, response: Response, pattern: str, depth: int) -> Any:
        """A listing page: request matching article links, follow its pagination a few pages."""
        self._count("discovery/section")
        articles, others = section_links(response.url, response.body, pattern, response.headers)
        known = self._known_among(articles)
        for link in articles:
            if (request := self._article_request(link, response.url, known)) is not None:
                yield request
        if depth + 1 < self.section_depth:
            for url in dict.fromkeys(others):
                if _PAGINATION.search(_path_and_query(url)) and self._allowed(url) and self._may_discover():
                    yield response.follow(url, callback=self.parse_section,
                                          cb_kwargs={"pattern": pattern, "depth": depth + 1})

    def _known_among(self, links: list[Link]) -> set[str]:
        """The canonical URLs of *links* stored or skipped by earlier runs: one lookup a document."""
        return self.known.among(canonical_url(link.url) for link in links) if self.known is not None else set()

    def _article_request(self, link: Link, via: str, known: set[str]) -> scrapy.Request | None:
        url = canonical_url(link.url)
        if not self._allowed(url):
            self._count("skipped/offsite-link")
            return None
        hint = DateHint(link.published, link.date_kind, link.title) if link.published and link.date_kind else (
            DateHint(None, None, link.title) if link.title else None)
        if self._too_old(link):
            self._count("skipped/too-old-before-fetch")
            return None
        if url in known:
            self._count("skipped/known-url")
            return None
        return scrapy.Request(url, callback=self.parse_page, cb_kwargs={"hint": hint, "via": via})

    def _too_old(self, link: Link) -> bool:
        """A lastmod or publication date before the limit proves the article (or every article
        of a child sitemap) is old; a newer lastmod says nothing of the publication date."""
        if self.oldest is None or not link.published:
            return False
        parsed = parse_datetime(link.published)
        return parsed is not None and parsed[1] < self.oldest

    def _allowed(self, url: str) -> bool:
        return in_domains(url, self.source.allowed_domains)

    def _count(self, key: str) -> None:
        self.crawler.stats.inc_value(f"rasad/{key}")

    # fetching

    def parse_page(self, response: Response, hint: DateHint | None, via: str) -> Any:
        if not isinstance(response, scrapy.http.TextResponse) and not response.body:
            self._count("skipped/empty")
            return
        yield Page(
            source=self.source.id,
            url=canonical_url(response.url),
            requested_url=canonical_url(response.meta.get("redirect_urls", [response.url])[0]),
            status=response.status,
            headers={k.decode("latin-1"): b", ".join(v).decode("latin-1") for k, v in response.headers.items()},
            body=response.body,
            fetched_at=clock.timestamp(),
            hint=hint,
            discovered_via=via,
        )
