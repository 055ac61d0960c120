"""Host routing (a download handler) for the demo and tests: every http(s) request is sent to
one local server while the crawl keeps the real URLs.

It sits below all downloader middlewares, like a DNS override: robots.txt, the offsite filter,
redirects, retries, politeness slots and the database all see the outlet's own URLs. The
request goes to ``http://HOST:PORT/path?query`` with the original ``Host`` header, and the
response comes back under the original URL. Settings read: ``RASAD_ROUTE_TO`` (``host:port``);
the command line installs this handler for http and https only when it is set.
"""

from __future__ import annotations

from urllib.parse import urlsplit, urlunsplit

from scrapy.core.downloader.handlers.base import BaseDownloadHandler
from scrapy.core.downloader.handlers.http11 import HTTP11DownloadHandler
from scrapy.exceptions import NotConfigured
from scrapy.http import Request, Response


class RoutedDownloadHandler(BaseDownloadHandler):
    lazy = False

    def __init__(self, crawler):
        super().__init__(crawler)
        self.route_to = crawler.settings.get("RASAD_ROUTE_TO")
        if not self.route_to:
            raise NotConfigured("RASAD_ROUTE_TO is not set")
        self._http = HTTP11DownloadHandler(crawler)

    async def download_request(self, request: Request) -> Response:
        parts = urlsplit(request.url)
        routed = request.replace(url=urlunsplit(("http", self.route_to, parts.path or "/", parts.query, "")))
        routed.headers["Host"] = parts.netloc
        response = await self._http.download_request(routed)
        return response.replace(url=request.url)

    async def close(self) -> None:
        await self._http.close()
