"""Analyse pipeline: extraction, validation, fingerprint and tags of each fetched page, in the
worker processes of :mod:`rasad.analyse.worker_pool` (see :func:`rasad.analyse.analysis.analyse_page`).

The reactor only sends the page and awaits the result, so fetching, analysis and storing
overlap and every core works. A page that is not an article, or not one to keep, is dropped with
:class:`pipelines.SkipPage` and counted in ``rasad/skipped/<reason>``; a page whose extraction
runs past the time limit (``extraction-timeout``) or kills its worker twice (``worker-crashed``)
is counted the same way and left for the next run. Counts: ``rasad/extracted``,
``rasad/relevance/<core|related|none>``, and for every page trafilatura extracted its tier,
``rasad/extraction/<fast|full>``, with ``rasad/extraction/fallback`` and
``rasad/extraction/fallback/<doubt>`` when the fast tier's text was in doubt and the full tier
ran after it (see :mod:`rasad.extract.extraction`).

Settings read: ``RASAD_WORKERS`` (worker processes; default one per core, 0 analyses in the
reactor's process), ``RASAD_PAGE_TIME_LIMIT`` (seconds per page), ``RASAD_GAZETTEER``,
``RASAD_EXTRACTION`` (``two-tier`` or ``full``); the source's language and oldest date come from
the spider (``RASAD_SOURCES``, ``RASAD_OLDEST``).
"""

from __future__ import annotations

from rasad.analyse import worker_pool
from rasad.analyse.analysis import Rejected, analyse_page, extraction_of
from rasad.crawl.items import Page
from rasad.extract.extraction import full_tier_only
from pipelines import SkipPage


class AnalysePipeline:
    def __init__(self, crawler, workers: int | None, time_limit: float, gazetteer_path: str | None,
                 full: bool = False):
        self.crawler = crawler
        self.stats = crawler.stats
        self.workers = workers
        self.time_limit = time_limit
        self.gazetteer_path = gazetteer_path
        self.full = full
        self.pool: worker_pool.WorkerPool | None = None

    @classmethod
    def from_crawler(cls, crawler) -> AnalysePipeline:
        settings = crawler.settings
        workers = settings.get("RASAD_WORKERS")
        return cls(crawler, None if workers in (None, "") else int(workers),
                   settings.getfloat("RASAD_PAGE_TIME_LIMIT"), settings.get("RASAD_GAZETTEER") or None,
                   full_tier_only(settings.get("RASAD_EXTRACTION")))

    def open_spider(self) -> None:
        self.pool = worker_pool.shared(self.workers, self.time_limit)
        # the workers' imports (trafilatura, the gazetteer's matcher) overlap with discovery
        self.pool.start(preload=("rasad.analyse.analysis",))

    async def process_item(self, item: Page) -> Page:
        if item.status != 200:
            self.stats.inc_value("rasad/skipped/http-status")
            raise SkipPage(f"http-{item.status}", item.url)
        spider = self.crawler.spider
        try:
            result = await self.pool.run(
                analyse_page, item.url, item.body, item.headers, item.hint,
                language=spider.source.language, oldest=spider.oldest, gazetteer_path=self.gazetteer_path,
                full=self.full)
        except worker_pool.TaskTimeout:
            result = Rejected("extraction-timeout")
        except worker_pool.WorkerCrashed:
            result = Rejected("worker-crashed")
        tier, doubt = extraction_of(result)
        if tier is not None:
            self.stats.inc_value(f"rasad/extraction/{tier}")
        if doubt is not None:
            self.stats.inc_value("rasad/extraction/fallback")
            self.stats.inc_value(f"rasad/extraction/fallback/{doubt}")
        if isinstance(result, Rejected):
            self.stats.inc_value(f"rasad/skipped/{result.reason}")
            raise SkipPage(result.reason, item.url, result.published_at)
        item.analysed = result
        self.stats.inc_value("rasad/extracted")
        self.stats.inc_value(f"rasad/relevance/{result.tags.relevance}")
        return item
