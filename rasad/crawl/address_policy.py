"""Address policy (a downloader middleware): only http and https, never private networks.

Refuses requests whose scheme is not http or https, and requests to loopback, private,
link-local (cloud metadata: 169.254.169.254), unique-local, shared (100.64/10), multicast or
reserved addresses, written as IP literals in any form a resolver accepts (``127.1``,
``2130706433``, ``0x7f000001``, IPv4-mapped IPv6) or as ``localhost``, unless the network is
allowed. Names are not resolved here: a name must be one of the source's allowed domains. Settings read:
``RASAD_ALLOWED_NETWORKS`` (CIDRs allowed anyway, e.g. ``["127.0.0.0/8"]`` to crawl a local
mirror; default none). Refusals count in ``rasad/refused/<reason>``.
"""

from __future__ import annotations

import ipaddress
import logging
import socket
from urllib.parse import urlsplit

from scrapy.exceptions import IgnoreRequest

logger = logging.getLogger(__name__)

_LOCAL_NAMES = {"localhost", "localhost.localdomain", "ip6-localhost", "metadata.google.internal"}


_SHARED = ipaddress.ip_network("100.64.0.0/10")  # carrier-grade NAT


def _literal_address(host: str):
    """The IP address *host* spells, in any form a resolver accepts («127.1», «2130706433»,
    «0x7f000001», «017700000001», IPv6, IPv4-mapped IPv6), or None for a name."""
    try:
        address = ipaddress.ip_address(host.strip("[]").split("%")[0])
    except ValueError:
        if not host or not all(part and part[0].isdigit() for part in host.split(".")):
            return None  # labels of a name do not all start with a digit
        try:
            address = ipaddress.ip_address(socket.inet_aton(host))  # decimal, hex, octal, short forms
        except OSError:
            return None
    if address.version == 6 and address.ipv4_mapped is not None:
        return address.ipv4_mapped
    return address


def _host_address(host: str):
    """The address *host* stands for: loopback for the local names, else the IP literal it
    spells; None for any other name."""
    if host in _LOCAL_NAMES or host.endswith(".localhost"):
        return ipaddress.ip_address("127.0.0.1")
    return _literal_address(host)


def _non_public(address) -> bool:
    """Whether *address* is one a crawler must not reach: private, loopback, link-local,
    multicast, reserved, unspecified, shared, or a 6to4 address wrapping one not global."""
    return (address.is_private or address.is_loopback or address.is_link_local or address.is_multicast
            or address.is_reserved or address.is_unspecified or address in _SHARED
            or (address.version == 6 and address.sixtofour is not None and not address.sixtofour.is_global))


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
        address = _host_address((parts.hostname or "").rstrip(".").lower())
        if address is None:
            return None  # a name; allowed_domains decides
        if any(address in network for network in self.allowed):
            return None
        return "private-address" if _non_public(address) else None

    def process_request(self, request):
        reason = self.refusal(request.url)
        if reason is not None:
            self.stats.inc_value(f"rasad/refused/{reason}")
            logger.warning("refused (%s): %s", reason, request.url)
            raise IgnoreRequest(f"refused ({reason}): {request.url}")
        return None
