"""``rasad import``: articles fetched elsewhere, through the same stages as a crawl minus fetching
(extract when there is HTML, validate, fingerprint and tag in the worker processes of
:mod:`rasad.analyse.worker_pool`; dedup and batched writes in this process).

Input is JSON Lines, one article per line. Fields, with the names common tools give them:

=============  =====================================  ============================================
rasad          news-please                            trafilatura (``--json``)
=============  =====================================  ============================================
url            url                                    url
text           maintext                               text (or raw_text)
title          title                                  title
published_at   date_publish                           date
author         authors (a list, joined)               author
description    description                            excerpt (or description)
source         source_domain                          hostname (or sitename)
=============  =====================================  ============================================

``url`` and a text (or ``html``) are required; ``outlet`` is another name for ``source``. Dates
are ISO 8601, ``YYYY-MM-DD HH:MM:SS`` or RFC 2822. A line's own source (its outlet) wins over the
import's ``--source``, which serves the lines that have none. With ``html`` the page is extracted
like a crawled one (trafilatura's fast tier, its full one where the fast text is in doubt, or
the full one alone with ``full``; the report counts the pages extracted and the fallbacks), and
every field the line gives (title, text, published_at, author, description) wins over what the
page says. Other keys are ignored.

Lines are validated as crawled pages are: a text shorter than a crawled article's minimum
(``extraction.MIN_TEXT_CHARS``) is refused as ``too-short``, a date after today as
``future-date``, one before ``EARLIEST_PUBLISHED`` as ``implausible-date``, a text not in
``--language`` as ``wrong-language`` (imported texts are Arabic when most of their letters are),
one older than ``--oldest`` as ``too-old``. A refused line and a bad one are both reported with
their number and reason; every other line is imported, wherever the bad one stands.

A hostile line costs little: a line is read up to ``RASAD_MAX_LINE_BYTES`` (environment; default
16 MB) and the rest of a longer one is skipped unread into memory; a line that is not UTF-8, nested
deeper than ``MAX_NESTING`` levels, or with a URL longer than ``MAX_URL_CHARS`` is a bad line.

A WARC file (:mod:`rasad.crawl.warc`) is read instead when the file is one: each archived HTML page is
extracted with the HTTP headers it was served with (their charset counts), then refused, analysed
and stored as a line with ``html`` would be. Its source is ``--source``, else the page's host; its
records are numbered by their byte offset in the file.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field, replace
from typing import NamedTuple
from datetime import date, datetime, timedelta
from pathlib import Path
from urllib.parse import urlsplit

from rasad.analyse import gazetteer
from rasad.analyse.analysis import Analysed, ExtractionCounts, Rejected, analyse_article
from rasad.analyse.raw_pages import compress_page
from rasad.analyse.worker_pool import WorkerPool
from rasad.base import clock
from rasad.base.settings_registry import from_environment
from rasad.crawl.warc import ArchivedPage, is_warc, read_warc
from rasad.extract.encoding import header
from rasad.extract.extraction import MIN_TEXT_CHARS, Article, DateHint, NotArticle, extract, parse_datetime
from rasad.store.batch_writer import BatchWriter
from rasad.store.db import transaction
from rasad.store.ingest import Stored, ToStore, is_stored, store_articles
from rasad.store.tag_store import sync_sites
from rasad.text.arabic import arabic_ratio
from rasad.text.urls import canonical_url

PROGRESS_EVERY = 500  # lines
MAX_LINE_BYTES = from_environment("RASAD_MAX_LINE_BYTES")
MAX_NESTING = 20  # levels of objects and arrays in a line; articles need two or three
MAX_URL_CHARS = 2048  # what browsers and sitemaps.org hold URLs to
EARLIEST_PUBLISHED = date(1900, 1, 1)  # before: a placeholder or a typing error, not a news article


class BadLine(ValueError):
    """A line that cannot be imported; the message says why."""


@dataclass
class ImportReport:
    lines: int = 0
    stored: int = 0
    already_stored: int = 0
    copies: int = 0
    rejected: Counter = field(default_factory=Counter)
    refused: list[tuple[int, str]] = field(default_factory=list)  # (line number, reason) of rejected lines
    errors: list[tuple[int, str]] = field(default_factory=list)
    extraction: ExtractionCounts = field(default_factory=ExtractionCounts)  # of the lines with html


# rasad's field, then the names news-please and trafilatura give it (see the module docstring)
FIELDS = {"url": ("url",), "text": ("text", "maintext", "raw_text"), "title": ("title",),
          "published_at": ("published_at", "date_publish", "date"), "author": ("author", "authors"),
          "description": ("description", "excerpt"), "html": ("html",),
          "source": ("source", "outlet", "source_domain", "hostname", "sitename")}


def field_of(record: dict, name: str) -> str | None:
    """The first of *name*'s spellings the line gives, as a string (a list of authors joined)."""
    for key in FIELDS[name]:
        value = record.get(key)
        if isinstance(value, list) and all(isinstance(v, str) for v in value):
            value = ", ".join(v.strip() for v in value if v.strip())
        if value is None or value == "":
            continue
        if not isinstance(value, str):
            raise BadLine(f"'{key}' must be a string, got {type(value).__name__}")
        return value.strip() or None
    return None


def source_of(record: object, default: str | None) -> str:
    """The line's own outlet, else the import's --source; raises BadLine when there is neither."""
    own = field_of(record, "source") if isinstance(record, dict) else None
    if own:
        return own.lower()
    if default is None:
        raise BadLine("no source: the line has no 'source' (or outlet, source_domain, hostname) and no --source was given")
    return default


def to_article(record: object, now: datetime, full: bool = False) -> Article | NotArticle:
    """One parsed JSON line to an article (its html extracted with trafilatura's full tier alone
    when *full*); raises BadLine when the line is unusable."""
    if not isinstance(record, dict):
        raise BadLine("expected a JSON object")
    url = _line_url(record)
    published = _line_published(record)
    title, text, html = (field_of(record, k) for k in ("title", "text", "html"))
    author, description = field_of(record, "author"), field_of(record, "description")
    if html:
        given = {"title": title, "text": text, "author": author, "description": description}
        result = _extracted(url, html, given, published, now=now, full=full)
        if isinstance(result, Article) or not text:
            return result
    if not text:
        raise BadLine("needs a text ('text', 'maintext') or 'html'")
    return Article(
        url=url, canonical_url=url, title=title or "", text=text, author=author,
        published_at=published, date_source="import" if published else None, description=description,
        language="ar" if arabic_ratio(text) > 0.5 else None, site_name=field_of(record, "source"),
    )


def _line_url(record: dict) -> str:
    """The line's URL, canonical; BadLine when it is missing, too long or not http(s)."""
    url = field_of(record, "url")
    if url and len(url) > MAX_URL_CHARS:
        raise BadLine(f"'url' is {len(url)} characters long; at most {MAX_URL_CHARS}")
    if not url or urlsplit(url).scheme not in ("http", "https") or not urlsplit(url).hostname:
        raise BadLine(f"'url' must be an http(s) URL, got {record.get('url')!r}")
    return canonical_url(url)


def _line_published(record: dict) -> str | None:
    """The line's publication date, normalized; BadLine when it gives one no parser reads."""
    published_raw = field_of(record, "published_at")
    if not published_raw:
        return None
    parsed = parse_datetime(published_raw)
    if parsed is None:
        raise BadLine(f"the date {published_raw!r} is not ISO 8601 or RFC 2822")
    return parsed[0]


def _extracted(url: str, html: str, given: dict[str, str | None], published: str | None, *, now: datetime,
               full: bool) -> Article | NotArticle:
    """The line's *html* extracted (its date the hint a feed's would be), with the fields the
    line gives (*given*, and its date) over the extracted ones; what extraction refused as is."""
    result = extract(url, html.encode("utf-8"), {"Content-Type": "text/html; charset=utf-8"},
                     hint=DateHint(published, "feed") if published else None, now=now, full=full)
    if not isinstance(result, Article):
        return result
    if published:
        given = {**given, "published_at": published, "date_source": "import"}
    return Article(**{**result.as_dict(), **{k: v for k, v in given.items() if v}})


def refusal(article: Article, *, language: str | None, now: datetime) -> str | None:
    """Why an imported article is refused where a crawled one would be: too-short, future-date,
    implausible-date, wrong-language (an imported text has a language only when it is Arabic)."""
    if len(article.text.strip()) < MIN_TEXT_CHARS:
        return "too-short"
    if article.published_at and date.fromisoformat(article.published_at[:10]) > (now + timedelta(days=1)).date():
        return "future-date"
    if article.published_at and date.fromisoformat(article.published_at[:10]) < EARLIEST_PUBLISHED:
        return "implausible-date"
    if language and article.language != language and (language == "ar" or article.language == "ar"):
        return "wrong-language"
    return None


def read_lines(path: Path, max_bytes: int = MAX_LINE_BYTES) -> Iterator[tuple[int, str | BadLine]]:
    """The non-blank lines of *path* (``-``: stdin) with their numbers, as text; a line longer
    than *max_bytes* (skipped without being held whole) or not UTF-8 comes as a BadLine."""
    stream = open(0, "rb", closefd=False) if str(path) == "-" else path.open("rb")
    with stream:
        number = 0
        while raw := stream.readline(max_bytes + 1):
            number += 1
            if len(raw) > max_bytes and not raw.endswith(b"\n"):
                while (rest := stream.readline(2**20)) and not rest.endswith(b"\n"):
                    pass
                yield number, BadLine(f"longer than {max_bytes} bytes (RASAD_MAX_LINE_BYTES)")
                continue
            try:
                line = raw.decode("utf-8")
            except UnicodeDecodeError as exc:
                yield number, BadLine(f"not UTF-8 (byte 0x{raw[exc.start]:02x} at byte {exc.start + 1} of the line)")
                continue
            if line.strip():
                yield number, line


def parse_line(line: str) -> object:
    """One line's JSON; raises BadLine when it is not JSON or is nested deeper than MAX_NESTING."""
    try:
        record = json.loads(line)
    except RecursionError:  # json's C parser recurses: far deeper than MAX_NESTING
        raise BadLine(f"nested deeper than {MAX_NESTING} levels") from None
    except ValueError as exc:  # JSONDecodeError, or a number too long to convert
        raise BadLine(f"not valid JSON: {exc.msg} at column {exc.colno}" if isinstance(exc, json.JSONDecodeError)
                      else f"not valid JSON: {exc}") from None
    containers = [(record, 1)]
    while containers:
        value, depth = containers.pop()
        if isinstance(value, (dict, list)):
            if depth > MAX_NESTING:
                raise BadLine(f"nested deeper than {MAX_NESTING} levels")
            containers.extend((child, depth + 1) for child in (value.values() if isinstance(value, dict) else value))
    return record


def parse_lines(lines: Iterable[tuple[int, str | BadLine]]) -> Iterator[tuple[int, object]]:
    """(number, parsed JSON or the BadLine saying why it cannot be imported) for each line."""
    for number, line in lines:
        if isinstance(line, BadLine):
            yield number, line
            continue
        try:
            yield number, parse_line(line)
        except BadLine as exc:
            yield number, exc


def read_records(path: Path) -> tuple[Iterator[tuple[int, object]], str]:
    """The records of a JSON Lines or WARC file (rasad.crawl.warc), and what they are called: "lines",
    numbered from 1, or "records", numbered by their byte offset."""
    if str(path) != "-" and is_warc(path):
        return read_warc(path), "records"
    return parse_lines(read_lines(path)), "lines"


def analyse_numbered(numbered: tuple[int, object] | Admitted, *, now: datetime, language: str | None,
                     oldest: date | None, gazetteer_path: str | None, full: bool = False) -> Analysed | Rejected:
    """One record (with its number), analysed in a worker (*full*: trafilatura's full tier alone);
    raises BadLine when unusable. The page it came with comes back compressed, as article_html
    stores it."""
    record = numbered[1]
    if isinstance(record, ArchivedPage):
        article, page = extract(record.url, record.body, record.headers, now=now, full=full), record.body
    else:
        article = to_article(record, now, full)
        html = record.get("html")
        page = html.encode("utf-8") if isinstance(html, str) and html else None
    if isinstance(article, NotArticle):
        return Rejected(article.reason, tier=article.tier, doubt=article.doubt)
    if (reason := refusal(article, language=language, now=now)) is not None:
        return Rejected(reason, article.published_at, article.tier, article.doubt)
    analysed = analyse_article(article, language=language, oldest=oldest, gazetteer_path=gazetteer_path)
    if isinstance(analysed, Rejected) or page is None:
        return analysed
    return replace(analysed, compressed_html=compress_page(page))


class Admitted(NamedTuple):
    """A record to analyse, with what the writer decided about it."""
    number: int
    record: object
    source: str
    content_type: str | None  # of the raw page stored with it


class ImportWriter:
    """The writing side of an import, wherever the analysis runs: :meth:`admit` passes over the
    records already stored (cheaply, so a re-import costs no analysis) and the bad ones, and
    registers sources; :meth:`take` queues an analysed record for the batch writer, in the order
    taken (an earlier record is its story's original). *report* is filled as the import goes."""

    def __init__(self, db, *, source: str | None, language: str | None, with_html: bool = True,
                 gazetteer_path: str | None = None, progress: Callable[[ImportReport], None] | None = None,
                 report: ImportReport | None = None):
        self.db, self.source, self.language, self.with_html = db, source, language, with_html
        self.progress = progress
        self.report = report if report is not None else ImportReport()
        self.fetched_at = clock.timestamp()
        with transaction(db):
            sync_sites(db, gazetteer.cached(Path(gazetteer_path) if gazetteer_path else None))
        self.registered: set[str] = set()
        self.writer: BatchWriter[tuple[int, ToStore, Callable | None], Stored] = BatchWriter(
            lambda batch: store_articles(db, [entry for _, entry, _ in batch]), self._written)

    def admit(self, records: Iterable[tuple[int, object]]) -> Iterator[Admitted]:
        """The records of *records* to analyse; every record passed over is in the report."""
        report = self.report
        for number, record in records:
            if self.progress and report.lines % PROGRESS_EVERY == 0:
                self.progress(report)
            report.lines += 1
            if isinstance(record, ValueError):  # BadLine, BadRecord
                report.errors.append((number, str(record)))
                continue
            url = record.url if isinstance(record, ArchivedPage) else \
                record.get("url") if isinstance(record, dict) else None
            # checked first, cheaply, so a re-import costs no analysis (an overlong URL is refused later)
            if isinstance(url, str) and len(url) <= MAX_URL_CHARS and urlsplit(url).hostname and \
                    is_stored(self.db, canonical_url(url)):
                report.already_stored += 1
                continue
            try:
                record_source = self._source_of(record)
            except BadLine as exc:
                report.errors.append((number, str(exc)))
                continue
            self._register(record_source)
            content_type = header(record.headers, "Content-Type") if isinstance(record, ArchivedPage) \
                else "text/html; charset=utf-8"
            yield Admitted(number, record, record_source, content_type)

    def take(self, item: Admitted, result: Analysed | Rejected | Exception,
             done: Callable[[], None] | None = None) -> None:
        """The analysis of admitted *item*: queued for writing, or reported. ``done()`` runs once
        it is written (its transaction committed), or at once when there is nothing to write."""
        number = item.number
        if not isinstance(result, Exception):
            self.report.extraction.add(result)
        if isinstance(result, Exception):
            self.report.errors.append((number, str(result)))
        elif isinstance(result, Rejected):
            self.report.rejected[result.reason] += 1
            self.report.refused.append((number, result.reason))
        else:
            self._register(item.source)  # a record sent by an earlier backfill was admitted by it
            compressed_html = result.compressed_html if self.with_html else None
            self.writer.put((number, ToStore.of(
                result, source=item.source, fetched_at=self.fetched_at, compressed_html=compressed_html,
                content_type=item.content_type if compressed_html is not None else None, discovered_via="import"),
                done))
            return
        if done:
            done()

    def close(self) -> ImportReport:
        """Write what waits; the report is complete."""
        self.writer.flush()
        self.report.errors.sort()
        if self.progress:
            self.progress(self.report)
        return self.report

    def _source_of(self, record: object) -> str:
        """A WARC page's source is --source, else its host; a line's, see :func:`source_of`."""
        if isinstance(record, ArchivedPage):
            return self.source or urlsplit(record.url).hostname.lower()
        return source_of(record, self.source)

    def _register(self, source_id: str) -> None:
        """Record a source the first time a record names it (articles refer to their source)."""
        if source_id not in self.registered:
            with transaction(self.db):
                self.db.execute("INSERT OR IGNORE INTO sources (id, name, language, schedule, updated_at) "
                                "VALUES (?, ?, ?, 'import', ?)", (source_id, source_id, self.language, self.fetched_at))
            self.registered.add(source_id)

    def _written(self, entry: tuple[int, ToStore, Callable | None], stored: Stored | Exception) -> None:
        if isinstance(stored, Exception):
            self.report.errors.append((entry[0], f"not stored: {stored}"))
        elif stored.article_id is None:
            self.report.already_stored += 1
        else:
            self.report.stored += 1
            self.report.copies += stored.duplicate_of is not None
        if entry[2]:
            entry[2]()


async def import_records(db, records: Iterable[tuple[int, object]], *, source: str | None,
                         language: str | None = None, oldest: date | None = None, with_html: bool = True,
                         workers: int | None = None, gazetteer_path: str | None = None, full: bool = False,
                         progress: Callable[[ImportReport], None] | None = None,
                         report: ImportReport | None = None) -> ImportReport:
    """Import *records* ((number, parsed JSON line or rasad.crawl.warc page) pairs), each line's own
    source or else *source*; see the module docstring (*full*: trafilatura's full tier alone).
    *report* is filled as the import goes (what an interrupted one did)."""
    now = clock.now()
    writing = ImportWriter(db, source=source, language=language, with_html=with_html, gazetteer_path=gazetteer_path,
                           progress=progress, report=report)
    pool = WorkerPool(workers)
    try:
        # analysed in parallel, written in the file's order: an earlier record is its story's original
        async for item, result in pool.map_ordered(
                analyse_numbered, writing.admit(records), now=now, language=language, oldest=oldest,
                gazetteer_path=gazetteer_path, full=full):
            writing.take(item, result)
    finally:
        writing.writer.flush()
        await pool.close()
    return writing.close()


async def import_lines(db, lines: Iterable[tuple[int, str]], *, source: str | None, **options) -> ImportReport:
    """Import JSON Lines *lines* ((number, line) pairs); see :func:`import_records`."""
    return await import_records(db, parse_lines(lines), source=source, **options)
