"""What travels from the spider through the pipelines: one fetched page and, once analysed,
its article with fingerprint and tags."""

from __future__ import annotations

from dataclasses import dataclass, field

from rasad.analyse.analysis import Analysed
from rasad.extract.extraction import DateHint


@dataclass
class Page:
    source: str
    url: str
    status: int
    headers: dict[str, str]
    body: bytes
    fetched_at: str
    requested_url: str | None = None  # before redirects
    hint: DateHint | None = None
    discovered_via: str | None = None
    analysed: Analysed | None = field(default=None)

    def __repr__(self) -> str:  # Scrapy logs items; never dump the body
        return f"<Page {self.source} {self.status} {self.url} ({len(self.body)} bytes)>"
