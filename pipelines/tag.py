"""Tag pipeline: what the article reports (relevance, sites, actors, event types, events), from
the gazetteer (see :mod:`rasad.tagging`). Settings read: ``RASAD_GAZETTEER`` (path; default the
repository's gazetteer.toml). Counts go to ``rasad/relevance/<core|related|none>``.
"""

from __future__ import annotations

from pathlib import Path

from rasad import gazetteer
from rasad.items import Page
from rasad.tagging import tag_article


class TagPipeline:
    def __init__(self, stats, gazetteer_path: Path | None = None):
        self.stats = stats
        self.gazetteer = gazetteer.load(gazetteer_path)

    @classmethod
    def from_crawler(cls, crawler) -> TagPipeline:
        path = crawler.settings.get("RASAD_GAZETTEER")
        return cls(crawler.stats, Path(path) if path else None)

    def process_item(self, item: Page) -> Page:
        item.tags = tag_article(item.article, self.gazetteer)
        self.stats.inc_value(f"rasad/relevance/{item.tags.relevance}")
        return item
