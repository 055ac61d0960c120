"""URLs: one spelling per page, so a page is stored and fetched once.

``canonical_url`` is the form that is requested and stored: no fragment or tracking
parameters, lower-case scheme and host, no default port, the path and query written with one
percent-encoding (UTF-8, upper-case hex), so an Arabic slug typed raw and percent-encoded
compare equal. ``url_key`` is the identity of the page behind it: it also folds the variants
one article is served under (``www.``/``m.``/``amp.`` hosts, ``/amp`` paths, ``.amp`` pages,
a trailing slash, http and https), for the "already stored?" lookups; it is not fetched.
``in_domains`` is a source's ``allowed_domains`` check. Settings read: none.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache
from urllib.parse import quote, unquote, unquote_to_bytes, urlsplit, urlunsplit

_TRACKING = re.compile(
    r"^(utm_\w+|fbclid|gclid|dclid|msclkid|mc_cid|mc_eid|_ga|igshid|ref|ref_src|"
    r"traffic_source|cmpid|ocid|at_medium|at_campaign|amp|output)$",
    re.IGNORECASE,
)
_PATH_SAFE = "/:@!$&'()*+,;=-._~"


# Escapes that must stay escaped: decoding them would change what the URL points to.
_RESERVED_ESCAPE = re.compile(r"%(?:2[fF]|3[fF]|23|25|26|3[dD]|2[bB])")


def _requote(component: str, safe: str) -> str:
    """One percent-encoding for *component*: reserved escapes kept (upper-cased), everything
    else taken as bytes (escapes decoded, characters as UTF-8) and quoted again with upper-case
    hex. Working on bytes keeps escapes that are not UTF-8 (windows-1256 pages) as they are and
    quotes the characters around them the same way, so a second pass changes nothing."""
    quoted = []
    start = 0
    for reserved in _RESERVED_ESCAPE.finditer(component):
        quoted.append(quote(unquote_to_bytes(component[start:reserved.start()]), safe=safe))
        quoted.append(reserved.group(0).upper())
        start = reserved.end()
    quoted.append(quote(unquote_to_bytes(component[start:]), safe=safe))
    return "".join(quoted)


def _host(parts) -> str:
    host = (parts.hostname or "").lower()
    try:
        return host.encode("idna").decode("ascii") if not host.isascii() else host
    except UnicodeError:
        return host


@lru_cache(maxsize=4096)  # a page's URL is canonicalized some eight times on its way from sitemap to store
def canonical_url(url: str) -> str:
    parts = urlsplit(url.strip())
    scheme = parts.scheme.lower()
    host = _host(parts)
    try:
        port = parts.port
    except ValueError:  # a port out of range: keep the URL as written, it will fail to fetch
        return url.strip()
    if port and not ((scheme == "http" and port == 80) or (scheme == "https" and port == 443)):
        host = f"{host}:{port}"
    path = _requote(parts.path, _PATH_SAFE) or "/"
    query = "&".join(
        pair for pair in parts.query.split("&")
        if pair and not _TRACKING.match(unquote(pair.split("=", 1)[0]))
    )
    return urlunsplit((scheme, host, path, _requote(query, "=&+:/,;@!$'()*"), ""))


_HOST_VARIANT = re.compile(r"^(www|m|amp|mobile)\.(?=.+\..+)")
_AMP_PATH = re.compile(r"(^/amp(?=/)|/amp/?$|\.amp(?=\.html?$|$))")


@lru_cache(maxsize=4096)
def url_key(url: str) -> str:
    parts = urlsplit(canonical_url(url))
    host = _HOST_VARIANT.sub("", parts.netloc)
    path = _AMP_PATH.sub("", parts.path).rstrip("/") or "/"
    return urlunsplit(("", host, path, parts.query, "")).removeprefix("//")


def in_domains(url: str, domains: Iterable[str]) -> bool:
    """Whether *url*'s host is one of *domains* or below one (``news.example.com`` is in ``example.com``)."""
    host = urlsplit(url).hostname or ""
    return any(host == domain or host.endswith("." + domain) for domain in domains)
