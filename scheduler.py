"""Runs crawls in-process: one asyncio reactor for the life of the process, Scrapy's
``AsyncCrawlerRunner`` for every crawl.

``run_crawls`` serves the one-shot commands (``rasad crawl``, ``rasad demo``). Each crawl
gets fresh pipelines; what must outlive a run (stored URLs, runs) lives in SQLite.
"""

from __future__ import annotations

import asyncio
import logging
import signal
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from scrapy.crawler import AsyncCrawlerRunner
from scrapy.settings import Settings
from scrapy.utils.log import configure_logging
from scrapy.utils.reactor import install_reactor

logger = logging.getLogger(__name__)

REACTOR = "twisted.internet.asyncioreactor.AsyncioSelectorReactor"


@dataclass
class CrawlResult:
    source: str
    finish_reason: str
    stats: dict


def project_settings(overrides: dict | None = None) -> Settings:
    """rasad's Scrapy settings (``settings.py``) with *overrides* on top."""
    import settings as rasad_settings

    result = Settings()
    result.setmodule(rasad_settings, priority="project")
    for key, value in (overrides or {}).items():
        result.set(key, value, priority="cmdline")
    return result


def run_in_reactor(main: Callable[[], object]) -> object:
    """Install the asyncio reactor, run coroutine function *main* in it, stop, return its result."""
    install_reactor(REACTOR)
    from twisted.internet import reactor
    from twisted.internet.defer import Deferred

    outcome: dict = {}

    def finish(result):
        outcome["result"] = result
        reactor.stop()

    def start():
        deferred = Deferred.fromFuture(asyncio.ensure_future(main()))
        deferred.addBoth(finish)

    reactor.callWhenRunning(start)
    reactor.run(installSignalHandlers=False)  # crawl_sources handles SIGINT and SIGTERM
    result = outcome.get("result")
    if hasattr(result, "raiseException"):  # a twisted Failure
        result.raiseException()
    return result


async def crawl_sources(source_ids: Iterable[str], settings: Settings,
                        progress: Callable[[str, dict], None] | None = None) -> list[CrawlResult]:
    """Crawl each source in turn in this reactor; *progress* is called with live stats.

    SIGINT or SIGTERM stops the crawl in flight gracefully (Scrapy closes it with reason
    ``shutdown``: pages in the pipelines are stored, the run is recorded as interrupted) and
    starts no further source."""
    runner = AsyncCrawlerRunner(settings)
    results = []
    stopping = False
    loop = asyncio.get_running_loop()

    def request_stop(name: str) -> None:
        nonlocal stopping
        if not stopping:
            stopping = True
            logger.warning("%s received: closing the crawl in flight", name)
            asyncio.ensure_future(runner.stop())

    for sig in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(sig, request_stop, sig.name)
    try:
        for source_id in source_ids:
            if stopping:
                break
            crawler = runner.create_crawler(source_id)
            ticker = asyncio.ensure_future(_report(crawler, source_id, progress)) if progress else None
            try:
                await runner.crawl(crawler)
            finally:
                if ticker is not None:
                    ticker.cancel()
            stats = crawler.stats.get_stats()
            if progress:
                progress(source_id, stats)
            results.append(CrawlResult(source_id, stats.get("finish_reason", "unknown"), stats))
    finally:
        for sig in (signal.SIGINT, signal.SIGTERM):
            loop.remove_signal_handler(sig)
    return results


async def _report(crawler, source_id: str, progress: Callable[[str, dict], None]) -> None:
    while True:
        await asyncio.sleep(0.5)
        if crawler.stats is not None:
            progress(source_id, crawler.stats.get_stats())


def run_crawls(source_ids: list[str], overrides: dict | None = None,
               progress: Callable[[str, dict], None] | None = None) -> list[CrawlResult]:
    """Blocking: crawl *source_ids* one after another and return their results."""
    settings = project_settings(overrides)
    configure_logging(settings)
    return run_in_reactor(lambda: crawl_sources(source_ids, settings, progress))  # type: ignore[return-value]
