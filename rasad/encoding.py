"""Bytes of a web page to text: the BOM, then the HTTP charset, then ``<meta>``, then detection.

Older Arabic sites still serve windows-1256, sometimes declared only in ``<meta>``, sometimes
nowhere; detection covers the last case.
"""

from __future__ import annotations

from collections.abc import Mapping

from charset_normalizer import from_bytes
from w3lib.encoding import html_to_unicode


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


def decode_html(body: bytes, headers: Mapping | None = None) -> tuple[str, str]:
    """(text, encoding used) for an HTML page."""
    encoding, text = html_to_unicode(header(headers or {}, "Content-Type"), body, auto_detect_fun=_guess_encoding)
    return text, encoding
