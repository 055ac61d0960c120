"""Address policy (a downloader middleware): only http and https, never private networks.

Refuses requests whose scheme is not http or https, and requests to loopback, private,
link-local (cloud metadata: 169.254.169.254), unique-local, multicast or reserved addresses,
written as IP literals or as ``localhost``, unless the network is allowed. Settings read:
``RASAD_ALLOWED_NETWORKS`` (CIDRs allowed anyway, e.g. ``["127.0.0.0/8"]`` to crawl a local
mirror; default none). Refusals count in ``rasad/refused/<reason>``.
"""

from __future__ import annotations

import ipaddress
import logging
from urllib.parse import urlsplit

from scrapy.exceptions import IgnoreRequest

logger = logging.getLogger(__name__)

_LOCAL_NAMES = {"localhost", "localhost.localdomain", "ip6-localhost", "metadata.google.internal"}


class AddressPolicyMiddleware:
    def __init__(self, stats, allowed_networks: list[str]):
        self.stats = stats
        self.allowed = [ipaddress.ip_network(network, strict=False) for network in allowed_networks]

    @classmethod
    def from_crawler(cls, crawler) -> AddressPolicyMiddleware:
        return cls(crawler.stats, crawler.settings.getlist("RASAD_ALLOWED_NETWORKS"))

    def refusal(self, url: str) -> str | None:
        """Why *url* must not be fetched, or None."""
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https"):
            return "scheme"
        host = (parts.hostname or "").rstrip(".").lower()
        if host in _LOCAL_NAMES or host.endswith(".localhost"):
            address = ipaddress.ip_address("127.0.0.1")
        else:
            try:
                address = ipaddress.ip_address(host)
            except ValueError:
                return None  # a name; allowed_domains decides
        if any(address in network for network in self.allowed):
            return None
        if (address.is_private or address.is_loopback or address.is_link_local or address.is_multicast
                or address.is_reserved or address.is_unspecified):
            return "private-address"
        return None

    def process_request(self, request):
        reason = self.refusal(request.url)
        if reason is not None:
            self.stats.inc_value(f"rasad/refused/{reason}")
            logger.warning("refused (%s): %s", reason, request.url)
            raise IgnoreRequest(f"refused ({reason}): {request.url}")
        return None
