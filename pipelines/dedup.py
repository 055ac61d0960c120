"""Dedup pipeline: fingerprints the article's normalized text (hash and MinHash signature).

The lookup against stored articles happens in the store stage, inside the transaction that
inserts the article, so two writers can never both miss each other. Reads no settings.
"""

from __future__ import annotations

from rasad.dedup import fingerprint
from rasad.items import Page


class DedupPipeline:
    def process_item(self, item: Page) -> Page:
        item.fingerprint = fingerprint(item.article.text)
        return item
