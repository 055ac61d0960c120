"""Meta refresh redirects without decoding every page (a downloader middleware).

Scrapy's ``MetaRefreshMiddleware`` decodes the whole body of every HTML response (and keeps the
text with it) to look for ``<meta http-equiv="refresh">`` in its first 4,096 characters: for
pages of 100 kB and more, that is work in the crawling process on every page for a tag few have.
This one hands a response to it only when the word "refresh" is in the bytes where those
characters lie (at most 4 bytes each in UTF-8; one in windows-1256 and the other single-byte
Arabic encodings). Settings read: those of Scrapy's middleware (``METAREFRESH_ENABLED``,
``METAREFRESH_IGNORE_TAGS``, ``METAREFRESH_MAXDELAY``).
"""

from __future__ import annotations

from scrapy.downloadermiddlewares.redirect import MetaRefreshMiddleware as ScrapyMetaRefreshMiddleware
from scrapy.http import Request, Response

SCANNED_CHARACTERS = 4096  # what Scrapy's get_meta_refresh reads
_SCANNED_BYTES = 4 * SCANNED_CHARACTERS


class MetaRefreshMiddleware(ScrapyMetaRefreshMiddleware):
    def process_response(self, request: Request, response: Response) -> Request | Response:
        if b"refresh" not in response.body[:_SCANNED_BYTES].lower():
            return response
        return super().process_response(request, response)
