"""URL canonical form: one spelling per page, so a page is stored and fetched once.

Drops fragments and tracking parameters, lower-cases scheme and host, removes default ports,
and writes the path and query with one percent-encoding (UTF-8, upper-case hex), so an Arabic
slug typed raw and the same slug percent-encoded compare equal.
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
