"""Item pipelines, in order (see ``settings.ITEM_PIPELINES``): analyse (extract, validate,
fingerprint and tag each page in worker processes) → store (find the page's story among stored
articles — exact or near copy — and write articles in batches)."""

from __future__ import annotations

from scrapy.exceptions import DropItem


class SkipPage(DropItem):
    """A page that is fetched but not stored, with the reason counted and recorded."""

    def __init__(self, reason: str, url: str, published_at: str | None = None):
        super().__init__(f"skipped ({reason}): {url}", log_level="DEBUG")
        self.reason = reason
        self.url = url
        self.published_at = published_at
