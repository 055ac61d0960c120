"""URLs: one spelling per page, so a page is stored and fetched once.

``canonical_url`` is the form that is requested and stored: no fragment or tracking
parameters, lower-case scheme and host, no default port, the path and query written with one
percent-encoding (UTF-8, upper-case hex), so an Arabic slug typed raw and percent-encoded
compare equal. ``url_key`` is the identity of the page behind it: it also folds the variants
one article is served under (``www.``/``m.``/``amp.`` hosts, ``/amp`` paths, ``.amp`` pages,
a trailing slash, http and https), for the "already stored?" lookups; it is not fetched.
"""

from __future__ import annotations

import re
from urllib.parse import parse_qsl, quote, unquote, urlencode, urlsplit, urlunsplit

_TRACKING = re.compile(
    r"^(utm_\w+|fbclid|gclid|dclid|msclkid|mc_cid|mc_eid|_ga|igshid|ref|ref_src|"
    r"traffic_source|cmpid|ocid|at_medium|at_campaign|amp|output)$",
    re.IGNORECASE,
)
_PATH_SAFE = "/:@!$&'()*+,;=-._~"


def canonical_url(url: str) -> str:
    parts = urlsplit(url.strip())
    scheme = parts.scheme.lower()
    host = (parts.hostname or "").lower()
    port = parts.port
    if port and not ((scheme == "http" and port == 80) or (scheme == "https" and port == 443)):
        host = f"{host}:{port}"
    path = quote(unquote(parts.path), safe=_PATH_SAFE) or "/"
    query = [(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if not _TRACKING.match(k)]
    return urlunsplit((scheme, host, path, urlencode(query, quote_via=quote), ""))


_HOST_VARIANT = re.compile(r"^(www|m|amp|mobile)\.(?=.+\..+)")
_AMP_PATH = re.compile(r"(^/amp(?=/)|/amp/?$|\.amp(?=\.html?$|$))")


def url_key(url: str) -> str:
    parts = urlsplit(canonical_url(url))
    host = _HOST_VARIANT.sub("", parts.netloc)
    path = _AMP_PATH.sub("", parts.path).rstrip("/") or "/"
    return urlunsplit(("", host, path, parts.query, "")).removeprefix("//")
