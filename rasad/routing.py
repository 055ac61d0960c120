"""Host routing (a downloader middleware) for the demo and tests: sends every request to one
local server while the crawl keeps the real URLs.

The request goes to ``http://HOST:PORT/path?query`` with the original ``Host`` header, and the
response is given back the original URL, so the spider, robots.txt, redirects and the database
all see the outlet's own URLs. Settings read: ``RASAD_ROUTE_TO`` (``host:port``; unset, the
middleware switches itself off).
"""

from __future__ import annotations

from urllib.parse import urlsplit, urlunsplit

from scrapy.exceptions import NotConfigured

_ORIGINAL = "rasad_original_url"


class HostRoutingMiddleware:
    def __init__(self, route_to: str):
        self.route_to = route_to

    @classmethod
    def from_crawler(cls, crawler) -> HostRoutingMiddleware:
        route_to = crawler.settings.get("RASAD_ROUTE_TO")
        if not route_to:
            raise NotConfigured("RASAD_ROUTE_TO is not set")
        return cls(route_to)

    def process_request(self, request):
        if _ORIGINAL in request.meta or urlsplit(request.url).netloc == self.route_to:
            return None
        parts = urlsplit(request.url)
        routed = request.replace(url=urlunsplit(("http", self.route_to, parts.path or "/", parts.query, "")))
        routed.headers["Host"] = parts.netloc
        routed.meta[_ORIGINAL] = request.url
        # Keep politeness per outlet, not one slot for the whole local server.
        routed.meta.setdefault("download_slot", parts.hostname)
        return routed

    def process_response(self, request, response):
        original = request.meta.get(_ORIGINAL)
        if original is None:
            return response
        return response.replace(url=original)
