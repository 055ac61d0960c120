"""Spider loader: one spider per declared source, named by the source id.

Makes ``scrapy list`` list the sources and ``scrapy crawl SOURCE`` crawl one, with no spider
class written per outlet. Settings read: ``RASAD_SOURCES``.
"""

from __future__ import annotations

from pathlib import Path

from scrapy.http import Request
from rasad.config import load_sources
from rasad.text.urls import in_domains
from spiders.news import NewsSpider


def spider_class(source) -> type[NewsSpider]:
    """The spider of one source declaration."""
    return type(f"NewsSpider_{source.id.replace('-', '_')}", (NewsSpider,), {"source": source, "name": source.id})


class SourceSpiderLoader:
    def __init__(self, sources_path: Path):
        self._sources = load_sources(sources_path)

    @classmethod
    def from_settings(cls, settings) -> SourceSpiderLoader:
        return cls(Path(settings["RASAD_SOURCES"]))

    def load(self, spider_name: str) -> type[NewsSpider]:
        try:
            source = self._sources[spider_name]
        except KeyError:
            raise KeyError(f"Spider not found: {spider_name} (sources: {', '.join(self._sources)})") from None
        return spider_class(source)

    def list(self) -> list[str]:
        return list(self._sources)

    def find_by_request(self, request: Request) -> list[str]:
        return [s.id for s in self._sources.values() if in_domains(request.url, s.allowed_domains)]
