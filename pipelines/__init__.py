"""Item pipelines, in order: extract → validate → dedup → tag → store (see ``settings.ITEM_PIPELINES``)."""

from __future__ import annotations

from scrapy.exceptions import DropItem


class SkipPage(DropItem):
    """A page that is fetched but not stored, with the reason counted and recorded."""

    def __init__(self, reason: str, url: str, published_at: str | None = None):
        super().__init__(f"skipped ({reason}): {url}", log_level="DEBUG")
        self.reason = reason
        self.url = url
        self.published_at = published_at
