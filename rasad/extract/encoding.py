"""Bytes of a web page to text: the BOM, then the HTTP charset, then ``<meta>``, then detection,
with a check that the declared charset does not garble the text.

Older Arabic sites still serve windows-1256, sometimes declared only in ``<meta>``, sometimes
nowhere; detection covers the last case.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from charset_normalizer import from_bytes
from w3lib.encoding import html_body_declared_encoding, http_content_type_encoding, read_bom, to_unicode


def header(headers: Mapping, name: str) -> str | None:
    """A header's value from a plain or Scrapy-style mapping, case-insensitively."""
    for key, value in headers.items():
        key = key.decode("latin-1") if isinstance(key, bytes) else key
        if key.lower() == name.lower():
            if isinstance(value, list):
                value = value[0] if value else b""
            return value.decode("latin-1") if isinstance(value, bytes) else value
    return None


def _guess_encoding(body: bytes) -> str | None:
    try:
        body.decode("utf-8")
        return "utf-8"
    except UnicodeDecodeError:
        pass
    best = from_bytes(body[:200_000]).best()
    return best.encoding if best else None


_LATIN1_LETTERS = re.compile("[\u00c0-\u00ff]")


def _garbling(text: str) -> int:
    """How garbled a decoding looks: replacement characters, and Latin-1 accented letters
    (what Arabic bytes become when read as ISO-8859-1 or windows-1252)."""
    return 5 * text.count("\ufffd") + len(_LATIN1_LETTERS.findall(text))


def _declared_decoding(body: bytes, headers: Mapping) -> tuple[str, str]:
    """(encoding, text) by the first of: BOM, HTTP charset, <meta> charset, detection, UTF-8."""
    bom_encoding, bom = read_bom(body)
    if bom_encoding and bom is not None:
        return bom_encoding, to_unicode(body[len(bom) :], bom_encoding)
    encoding = (
        http_content_type_encoding(header(headers, "Content-Type"))
        or html_body_declared_encoding(body)
        or _guess_encoding(body)
        or "utf-8"
    )
    return encoding, to_unicode(body, encoding)


def decode_html(body: bytes, headers: Mapping | None = None) -> tuple[str, str]:
    """(text, encoding used) for an HTML page.

    The declared encoding is trusted unless the text it gives looks garbled (a server that
    lies about the charset); then the page's own <meta> charset, UTF-8, windows-1256 and
    detection are tried, and the cleanest decoding wins."""
    encoding, text = _declared_decoding(body, headers or {})
    if _garbling(text[:20_000]) <= len(text[:20_000]) // 100:
        return text, encoding
    meta = html_body_declared_encoding(body)
    best = (_garbling(text[:20_000]), encoding, text)
    for candidate in dict.fromkeys(c for c in (meta, "utf-8", "cp1256", _guess_encoding(body)) if c):
        try:
            decoded = body.decode(candidate)
        except (UnicodeDecodeError, LookupError):
            continue
        score = _garbling(decoded[:20_000])
        if score < best[0]:
            best = (score, candidate, decoded.lstrip("\ufeff"))
    return best[2], best[1]
