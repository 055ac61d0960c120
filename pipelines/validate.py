"""Validate pipeline: keeps only articles fit to store (see :func:`rasad.validation.rejection`).

Reads the source's language and the crawl's oldest date from the spider (``RASAD_SOURCES``,
``RASAD_OLDEST``).
"""

from __future__ import annotations

from rasad.items import Page
from rasad.validation import rejection
from pipelines import SkipPage


class ValidatePipeline:
    def __init__(self, stats, crawler):
        self.stats = stats
        self.crawler = crawler

    @classmethod
    def from_crawler(cls, crawler) -> ValidatePipeline:
        return cls(crawler.stats, crawler)

    def process_item(self, item: Page) -> Page:
        spider = self.crawler.spider
        reason = rejection(item.article, language=spider.source.language, oldest=spider.oldest)
        if reason is not None:
            self.stats.inc_value(f"rasad/skipped/{reason}")
            raise SkipPage(reason, item.url, item.article.published_at)
        return item
