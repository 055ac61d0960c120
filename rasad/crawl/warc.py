"""Web archives in: the pages of a WARC file (``.warc`` or ``.warc.gz``, e.g. Common Crawl's
CC-NEWS), for ``rasad import`` and ``rasad backfill``.

Only ``response`` records with a 2xx HTTP status are pages; their HTTP headers come with the body,
so the charset they declare is used as a crawled page's would be. Requests, metadata and other
records are passed over. A record is refused, with its byte offset (what ``warcio extract``
takes), when its block is shorter than its ``Content-Length`` says (a cut-off file) or its payload
does not match its ``WARC-Payload-Digest``; a stretch that cannot be parsed at all is reported once
and reading resumes at the next record found after it (the next gzip member, or ``WARC/1.`` in an
uncompressed file). Needs ``warcio`` (the ``warc`` extra).
"""

from __future__ import annotations

import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO
from urllib.parse import urlsplit

GZIP_MAGIC = b"\x1f\x8b\x08"
WARC_MAGIC = b"WARC/1."
HEADERS_DECODED = {"content-encoding", "transfer-encoding", "content-length"}  # warcio undoes them


class BadRecord(ValueError):
    """A record that cannot be read; the message says why."""


@dataclass(frozen=True)
class ArchivedPage:
    """One archived HTTP response: the page's URL, its body as served, and its HTTP headers."""
    url: str
    body: bytes
    headers: dict[str, str]


def is_warc(path: Path) -> bool:
    """Whether *path* starts like a WARC file, compressed or not (whatever it is called)."""
    with path.open("rb") as stream:
        start = stream.read(1 << 16)  # a deflate block's tables come before its first byte
    if start.startswith(GZIP_MAGIC[:2]):
        try:
            start = zlib.decompressobj(wbits=31).decompress(start, len(WARC_MAGIC))
        except zlib.error:
            return False
    return start.startswith(WARC_MAGIC)


def read_warc(path: Path) -> Iterator[tuple[int, ArchivedPage | BadRecord]]:
    """(byte offset, page or why the record there is refused) for each response record of *path*,
    in file order; see the module docstring. Raises ImportError at once without warcio."""
    from warcio.archiveiterator import ArchiveIterator
    from warcio.exceptions import ArchiveLoadFailed
    from warcio.statusandheaders import StatusAndHeadersParserException

    unreadable = (ArchiveLoadFailed, StatusAndHeadersParserException, zlib.error, EOFError, ValueError)
    return _records(path, ArchiveIterator, unreadable)


def _records(path: Path, ArchiveIterator, unreadable: tuple[type[Exception], ...]):  # noqa: N803 (a class)
    """What :func:`read_warc` yields, reading with *ArchiveIterator* and resuming at the next
    record marker after an error of the *unreadable* kinds."""
    with path.open("rb") as stream:
        marker = GZIP_MAGIC if stream.read(2) == GZIP_MAGIC[:2] else WARC_MAGIC
        closing = 0 if marker == GZIP_MAGIC else 4  # warcio leaves an uncompressed record's CRLF CRLF out of its length
        progress = _Progress()
        start: int | None = 0
        while start is not None:
            stream.seek(start)
            records = ArchiveIterator(stream, check_digests=True)
            try:
                for record in records:
                    page = _page(record)  # first: asking the offset reads the record to its end
                    offset = records.get_record_offset()  # from the start of the file, wherever it began
                    if (gap := progress.gap_before(offset)) is not None:
                        yield gap
                    progress.end = offset + records.get_record_length() + closing
                    if page is not None:
                        yield offset, page
                start = None
            except unreadable as exc:
                start = _find(stream, marker, progress.failed(start, exc) + 1)
                if start is not None:
                    progress.end = None
        if progress.broken is not None:
            yield progress.broken[0], BadRecord(f"unreadable ({progress.broken[1]}) to the end of the file")


@dataclass
class _Progress:
    """How far reading a WARC file got: where the last record read ended (None: none since
    reading resumed), and an unreadable stretch not reported yet (where, why)."""
    end: int | None = None
    broken: tuple[int, str] | None = None

    def gap_before(self, offset: int) -> tuple[int, BadRecord] | None:
        """The unreadable stretch a record read at *offset* ends, if any, reported once: the one
        an error began, or bytes warcio passed over without a word."""
        if self.broken is not None:
            (where, why), self.broken = self.broken, None
            return where, BadRecord(f"unreadable ({why}); skipped to byte {offset}")
        if self.end is not None and offset > self.end:
            return self.end, BadRecord(f"unreadable: {offset - self.end} bytes skipped to byte {offset}")
        return None

    def failed(self, start: int, error: Exception) -> int:
        """Where the record that raised *error* began (reading began at *start*), noted as the
        start of an unreadable stretch unless one is already open."""
        failing = start if self.end is None else self.end
        if self.broken is None:
            why = "".join(c if c.isprintable() else "?" for c in " ".join(str(error).split()))
            self.broken = (failing, why[:80] or type(error).__name__)
        return failing


def _page(record) -> ArchivedPage | BadRecord | None:
    """The page a record holds, why it is refused, or None when it holds no page."""
    if record.rec_type != "response" or record.http_headers is None:
        return None
    status = record.http_headers.get_statuscode()
    if not (status or "").startswith("2"):
        return None
    url = record.rec_headers.get_header("WARC-Target-URI") or ""
    if urlsplit(url).scheme not in ("http", "https") or not urlsplit(url).hostname:
        return BadRecord(f"WARC-Target-URI must be an http(s) URL, got {url!r}")
    body = record.content_stream().read()
    if record.raw_stream.limit > 0:
        return BadRecord(f"{url}: cut off, {record.raw_stream.limit} bytes short of its Content-Length")
    if record.digest_checker.passed is False:
        return BadRecord(f"{url}: its payload does not match its WARC-Payload-Digest")
    headers = {name: value for name, value in record.http_headers.headers if name.lower() not in HEADERS_DECODED}
    return ArchivedPage(url, body, headers)


def _find(stream: BinaryIO, marker: bytes, start: int, chunk: int = 1 << 20) -> int | None:
    """The offset of the first *marker* at or after *start*, or None."""
    position = start
    while True:
        stream.seek(position)
        data = stream.read(chunk + len(marker) - 1)
        found = data.find(marker)
        if found >= 0:
            return position + found
        if len(data) < chunk + len(marker) - 1:
            return None
        position += chunk
