"""Validate pipeline: keeps only articles fit to store.

Refuses an article without a title, in another language than its source declares, or
published before the source's oldest date. Settings read: ``RASAD_SOURCES`` and
``RASAD_OLDEST`` through the spider's resolved ``oldest`` date.
"""

from __future__ import annotations

from datetime import date

from rasad.items import Page
from pipelines import SkipPage


class ValidatePipeline:
    def __init__(self, stats, crawler):
        self.stats = stats
        self.crawler = crawler

    @classmethod
    def from_crawler(cls, crawler) -> ValidatePipeline:
        return cls(crawler.stats, crawler)

    def _skip(self, reason: str, item: Page) -> SkipPage:
        self.stats.inc_value(f"rasad/skipped/{reason}")
        return SkipPage(reason, item.url)

    def process_item(self, item: Page) -> Page:
        article = item.article
        spider = self.crawler.spider
        if article is None or not article.title.strip():
            raise self._skip("no-title", item)
        if article.language and article.language != spider.source.language:
            raise self._skip("wrong-language", item)
        oldest = spider.oldest
        if oldest is not None and article.published_at and date.fromisoformat(article.published_at[:10]) < oldest:
            raise self._skip("too-old", item)
        return item
