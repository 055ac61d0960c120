"""``rasad import``: articles fetched elsewhere, through the same stages as a crawl minus fetching
(extract when there is HTML, validate, fingerprint and tag in the worker processes of
:mod:`rasad.worker_pool`; dedup and batched writes in this process).

Input is JSON Lines, one article per line: ``url`` and ``text`` (or ``html``) are required;
``title``, ``published_at`` (ISO 8601 or RFC 2822), ``author``, ``description`` and ``html``
are optional (with ``html``, the page is extracted like a crawled one, and given fields win).
Other keys are ignored. A bad line is reported with its number and skipped; the rest is imported.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, timezone
from pathlib import Path
from urllib.parse import urlsplit

from rasad import gazetteer
from rasad.analysis import Analysed, Rejected, analyse_article
from rasad.arabic import arabic_ratio
from rasad.batch_writer import BatchWriter
from rasad.db import transaction
from rasad.extraction import Article, DateHint, NotArticle, extract, parse_datetime
from rasad.ingest import Stored, ToStore, is_stored, store_articles
from rasad.raw_pages import compress_page
from rasad.tag_store import sync_sites
from rasad.urls import canonical_url
from rasad.worker_pool import WorkerPool

PROGRESS_EVERY = 500  # lines


class BadLine(ValueError):
    """A line that cannot be imported; the message says why."""


@dataclass
class ImportReport:
    lines: int = 0
    stored: int = 0
    already_stored: int = 0
    copies: int = 0
    rejected: Counter = field(default_factory=Counter)
    errors: list[tuple[int, str]] = field(default_factory=list)


def _optional_str(record: dict, key: str) -> str | None:
    value = record.get(key)
    if value is not None and not isinstance(value, str):
        raise BadLine(f"'{key}' must be a string, got {type(value).__name__}")
    return value.strip() or None if value else None


def to_article(record: object, now: datetime) -> Article | NotArticle:
    """One parsed JSON line to an article; raises BadLine when the line is unusable."""
    if not isinstance(record, dict):
        raise BadLine("expected a JSON object")
    url = _optional_str(record, "url")
    if not url or urlsplit(url).scheme not in ("http", "https") or not urlsplit(url).hostname:
        raise BadLine(f"'url' must be an http(s) URL, got {record.get('url')!r}")
    url = canonical_url(url)
    published_raw = _optional_str(record, "published_at")
    published = None
    if published_raw:
        parsed = parse_datetime(published_raw)
        if parsed is None:
            raise BadLine(f"'published_at' {published_raw!r} is not ISO 8601 or RFC 2822")
        published = parsed[0]
    title, text, html = (_optional_str(record, k) for k in ("title", "text", "html"))
    author, description = _optional_str(record, "author"), _optional_str(record, "description")
    if html:
        result = extract(url, html.encode("utf-8"), {"Content-Type": "text/html; charset=utf-8"},
                         hint=DateHint(published, "feed") if published else None, now=now)
        if isinstance(result, Article):
            return Article(**{**result.as_dict(), "title": title or result.title, "text": text or result.text,
                              "author": author or result.author})
        if not text:
            return result
    if not text:
        raise BadLine("needs 'text' or 'html'")
    return Article(
        url=url, canonical_url=url, title=title or "", text=text, author=author,
        published_at=published, date_source="import" if published else None, description=description,
        language="ar" if arabic_ratio(text) > 0.5 else None, site_name=None,
    )


def read_lines(path: Path) -> Iterator[tuple[int, str]]:
    stream = open(0, encoding="utf-8", closefd=False) if str(path) == "-" else path.open(encoding="utf-8", errors="replace")
    with stream:
        for number, line in enumerate(stream, start=1):
            if line.strip():
                yield number, line


def analyse_numbered(numbered: tuple[int, object], *, now: datetime, language: str | None, oldest: date | None,
                     gazetteer_path: str | None) -> Analysed | Rejected:
    """One parsed JSON line (with its number), analysed in a worker; raises BadLine when unusable."""
    article = to_article(numbered[1], now)
    if isinstance(article, NotArticle):
        return Rejected(article.reason)
    return analyse_article(article, language=language, oldest=oldest, gazetteer_path=gazetteer_path)


async def import_lines(db, lines: Iterator[tuple[int, str]], *, source: str, language: str | None = None,
                       oldest: date | None = None, with_html: bool = True, workers: int | None = None,
                       gazetteer_path: str | None = None,
                       progress: Callable[[ImportReport], None] | None = None) -> ImportReport:
    """Import JSON Lines *lines* ((number, line) pairs) as *source*; see the module docstring."""
    report = ImportReport()
    now = datetime.now(timezone.utc)
    fetched_at = now.isoformat(timespec="seconds")
    with transaction(db):
        db.execute("INSERT OR IGNORE INTO sources (id, name, language, schedule, updated_at) VALUES (?, ?, ?, 'import', ?)",
                   (source, source, language, fetched_at))
        sync_sites(db, gazetteer.cached(Path(gazetteer_path) if gazetteer_path else None))
    pool = WorkerPool(workers)

    def written(entry: tuple[int, ToStore], stored: Stored | Exception) -> None:
        if isinstance(stored, Exception):
            report.errors.append((entry[0], f"not stored: {stored}"))
        elif stored.article_id is None:
            report.already_stored += 1
        else:
            report.stored += 1
            report.copies += stored.duplicate_of is not None

    writer: BatchWriter[tuple[int, ToStore], Stored] = BatchWriter(
        lambda batch: store_articles(db, [entry for _, entry in batch]), written)

    def records() -> Iterator[tuple[int, dict]]:
        for number, line in lines:
            if progress and report.lines % PROGRESS_EVERY == 0:
                progress(report)
            report.lines += 1
            try:
                record = json.loads(line)
            except json.JSONDecodeError as exc:
                report.errors.append((number, f"not valid JSON: {exc.msg} at column {exc.colno}"))
                continue
            url = record.get("url") if isinstance(record, dict) else None
            # checked first, cheaply, so a re-import costs no analysis
            if isinstance(url, str) and urlsplit(url).hostname and is_stored(db, canonical_url(url)):
                report.already_stored += 1
                continue
            yield number, record

    try:
        # analysed in parallel, written in the file's order: an earlier line is its story's original
        async for (number, record), result in pool.map_ordered(
                analyse_numbered, records(), now=now, language=language, oldest=oldest, gazetteer_path=gazetteer_path):
            if isinstance(result, Exception):
                report.errors.append((number, str(result)))
            elif isinstance(result, Rejected):
                report.rejected[result.reason] += 1
            else:
                html = record.get("html") if with_html else None
                writer.put((number, ToStore(
                    result.article, source=source, fetched_at=fetched_at, fingerprint=result.fingerprint,
                    tags=result.tags, compressed_html=compress_page(html.encode("utf-8")) if html else None,
                    content_type="text/html; charset=utf-8" if html else None, discovered_via="import",
                    search_index=result.search_index)))
    finally:
        writer.flush()
        await pool.close()
    report.errors.sort()
    if progress:
        progress(report)
    return report
