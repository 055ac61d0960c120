"""Send pipeline, on a worker node (``rasad worker --crawls N``) in place of the store pipeline:
each analysed article goes as a message to the coordinator's writer (``rasad run --redis``), which
stores it with the store pipeline's batch writer, and so do the pages to remember as not
articles and the run itself (its start, and its stats when it closes), so ``rasad status`` and
``rasad runs`` show it as they show a local crawl's. Messages are versioned JSON
(:mod:`rasad.messages`, :data:`rasad.coordinator.CRAWLED_QUEUE`), sent from a thread of their
own (:class:`rasad.coordinator.Sender`: the reactor never waits on Redis), in order; the spider's
close (SIGTERM's too) waits until all are sent, and the node acknowledges its crawl job only then.

Counts: ``rasad/sent``, the articles sent (the writer counts what it stored into the run's record).
Settings read: ``RASAD_REDIS`` (the Redis URL; unset, the pipeline is off). The crawl job's id
comes from the spider (``job``), the run's start time is the spider's opening.
"""

from __future__ import annotations

import json
import logging

from scrapy import signals
from scrapy.exceptions import NotConfigured

from rasad.base import clock
from rasad.crawl.items import Page
from rasad.messages import to_json
from pipelines import SkipPage
from pipelines.store import REMEMBERED

logger = logging.getLogger(__name__)


class SendPipeline:
    def __init__(self, crawler, redis_url: str):
        from rasad.coordinator import Sender

        self.crawler = crawler
        self.stats = crawler.stats
        self.sender = Sender(redis_url)
        self.run: dict = {}  # what every message of this run carries

    @classmethod
    def from_crawler(cls, crawler) -> SendPipeline:
        url = crawler.settings.get("RASAD_REDIS")
        if not url:
            raise NotConfigured  # pipelines.store stores the articles here (no args: not logged at every crawl)
        pipeline = cls(crawler, url)
        crawler.signals.connect(pipeline.item_dropped, signal=signals.item_dropped)
        crawler.signals.connect(pipeline.spider_closed, signal=signals.spider_closed)
        return pipeline

    def open_spider(self) -> None:
        spider = self.crawler.spider
        self.run = {"job": getattr(spider, "job", None), "source": spider.source.id, "started_at": clock.timestamp()}
        self.sender.send("run-start", trigger=getattr(spider, "trigger", "manual"), **self.run)

    def process_item(self, item: Page) -> Page:
        self.sender.send("article", **self.run, url=item.url, requested_url=item.requested_url,
                         fetched_at=item.fetched_at, content_type=item.headers.get("Content-Type"),
                         discovered_via=item.discovered_via, analysed=to_json(item.analysed))
        self.stats.inc_value("rasad/sent")
        return item

    def item_dropped(self, item, response, exception, spider) -> None:
        if isinstance(exception, SkipPage) and exception.reason in REMEMBERED:
            self.sender.send("skipped", **self.run, url=exception.url, reason=exception.reason, seen_at=clock.timestamp(),
                             published_at=exception.published_at)

    def spider_closed(self, spider, reason: str) -> None:
        stats = json.loads(json.dumps({**self.stats.get_stats(), "finish_reason": reason}, default=str))
        self.sender.send("run-end", **self.run, stats=stats)
        self.sender.flush()  # the run's messages all sent (its job is acknowledged after this), on SIGTERM too
