"""Extract pipeline: turns a fetched :class:`rasad.items.Page` into an article.

Calls the pure :func:`rasad.extraction.extract`; a page that is not an article is dropped with
:class:`pipelines.SkipPage` and counted in ``rasad/skipped/<reason>``. Reads no settings.
"""

from __future__ import annotations

from rasad.extraction import NotArticle, extract
from rasad.items import Page
from pipelines import SkipPage


class ExtractPipeline:
    def __init__(self, stats):
        self.stats = stats

    @classmethod
    def from_crawler(cls, crawler) -> ExtractPipeline:
        return cls(crawler.stats)

    def process_item(self, item: Page) -> Page:
        if item.status != 200:
            self.stats.inc_value("rasad/skipped/http-status")
            raise SkipPage(f"http-{item.status}", item.url)
        result = extract(item.url, item.body, item.headers, hint=item.hint)
        if isinstance(result, NotArticle):
            self.stats.inc_value(f"rasad/skipped/{result.reason}")
            raise SkipPage(result.reason, item.url)
        item.article = result
        self.stats.inc_value("rasad/extracted")
        return item
