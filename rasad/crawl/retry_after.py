"""Retry-After (a downloader middleware): a server that answers 429 or 503 with ``Retry-After``
is given that time before Scrapy's RetryMiddleware asks again.

Sits closer to the downloader than RetryMiddleware, so it sees the response first, waits (without
blocking other requests), then lets the retry happen. Settings read: ``RASAD_MAX_RETRY_AFTER``
(seconds; a longer wait is not honoured here: the page is retried on the next run instead).
Counts in ``rasad/retry-after/waited`` and ``rasad/retry-after/too-long``.
"""

from __future__ import annotations

import asyncio
import logging
import re
from datetime import timezone
from email.utils import parsedate_to_datetime

from rasad.base import clock
from rasad.base.settings_registry import default

logger = logging.getLogger(__name__)


def retry_after_seconds(value: str) -> float | None:
    """Seconds to wait from a Retry-After header: delta-seconds or an HTTP date."""
    value = value.strip()
    if re.fullmatch(r"[0-9]{1,7}", value):
        return float(value)
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=timezone.utc)
    return max(0.0, (when - clock.now()).total_seconds())


class RetryAfterMiddleware:
    def __init__(self, stats, max_wait: float, crawler=None):
        self.stats = stats
        self.max_wait = max_wait
        self.crawler = crawler

    @classmethod
    def from_crawler(cls, crawler) -> RetryAfterMiddleware:
        return cls(crawler.stats, crawler.settings.getfloat("RASAD_MAX_RETRY_AFTER", default("RASAD_MAX_RETRY_AFTER")), crawler)

    async def process_response(self, request, response):
        if response.status not in (429, 503):
            return response
        header = response.headers.get(b"Retry-After")
        if not header:
            return response
        wait = retry_after_seconds(header.decode("latin-1"))
        if wait is None:
            return response
        if wait > self.max_wait:
            self.stats.inc_value("rasad/retry-after/too-long")
            logger.info("%s asks to wait %.0fs: left for the next run", request.url, wait)
            request.meta["dont_retry"] = True
            return response
        self.stats.inc_value("rasad/retry-after/waited")
        logger.info("%s: %d, waiting %.1fs as asked before retrying", request.url, response.status, wait)
        deadline = asyncio.get_running_loop().time() + wait
        # In short steps: a crawl being stopped (SIGTERM) does not wait out a long Retry-After.
        while (left := deadline - asyncio.get_running_loop().time()) > 0:
            if self.crawler is not None and not self.crawler.crawling:
                request.meta["dont_retry"] = True
                break
            await asyncio.sleep(min(0.5, left))
        return response
