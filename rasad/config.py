"""The sources file: one declaration per outlet, validated strictly at load time.

A bad file is refused as a whole with a :class:`SourcesError` that names the source and the
field, so a typo never silently turns into a crawl that does nothing.
"""

from __future__ import annotations

import math
import re
import tomllib
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from apscheduler.triggers.cron import CronTrigger

from rasad.base import clock
from rasad.text.urls import in_domains

_ID = re.compile(r"^[a-z0-9][a-z0-9-]{0,62}$")
_DURATION = re.compile(r"^(\d+)\s*([smhd])$")
_UNIT_SECONDS = {"s": 1, "m": 60, "h": 3600, "d": 86400}
_DOMAIN = re.compile(r"^(?=.{1,253}$)([a-z0-9-]{1,63}\.)+([a-z]{2,63}|xn--[a-z0-9-]{1,59})$|^localhost$")
MAX_OLDEST_DAYS = 36500


class SourcesError(ValueError):
    """The sources file cannot be used; the message names the file, source and field."""


@dataclass(frozen=True)
class Section:
    url: str
    article_pattern: str

    def matches(self, url: str) -> bool:
        return re.search(self.article_pattern, url) is not None


@dataclass(frozen=True)
class Schedule:
    """Either a fixed interval in seconds or a crontab expression."""

    interval_seconds: int | None = None
    cron: str | None = None

    def __str__(self) -> str:
        return self.cron if self.cron else f"every {self.interval_seconds}s"


@dataclass(frozen=True)
class Source:
    id: str
    name: str
    language: str
    allowed_domains: tuple[str, ...]
    schedule: Schedule
    feeds: tuple[str, ...] = ()
    sitemaps: tuple[str, ...] = ()
    sections: tuple[Section, ...] = ()
    delay: float = 1.0
    concurrency: int = 2
    max_articles: int = 200
    oldest: str | None = None

    def oldest_date(self, now: datetime | None = None) -> date | None:
        """The earliest publication date to keep, resolved against *now* for relative limits."""
        if self.oldest is None:
            return None
        relative = re.fullmatch(r"(\d+)d", self.oldest)
        if relative:
            now = now or clock.now()
            return (now - timedelta(days=int(relative.group(1)))).date()
        return date.fromisoformat(self.oldest)

    def entry_points(self) -> tuple[str, ...]:
        return self.feeds + self.sitemaps + tuple(s.url for s in self.sections)


@dataclass
class _Fields:
    """Reads one table of the file, remembering where it is for error messages."""

    table: dict[str, Any]
    where: str
    known: set[str] = field(default_factory=set)

    def fail(self, key: str, problem: str) -> SourcesError:
        return SourcesError(f"{self.where}, field '{key}': {problem}")

    def get(self, key: str, kind: type | tuple[type, ...], default: Any = ..., ) -> Any:
        self.known.add(key)
        if key not in self.table:
            if default is ...:
                raise self.fail(key, "missing")
            return default
        value = self.table[key]
        if not isinstance(value, kind) or (kind in (int, float, (int, float)) and isinstance(value, bool)):
            raise self.fail(key, f"expected {_kind_name(kind)}, got {value!r}")
        return value

    def check_unknown(self) -> None:
        unknown = sorted(set(self.table) - self.known)
        if unknown:
            raise self.fail(unknown[0], f"unknown key (known: {', '.join(sorted(self.known))})")


def _kind_name(kind: type | tuple[type, ...]) -> str:
    kinds = kind if isinstance(kind, tuple) else (kind,)
    names = {str: "a string", int: "an integer", float: "a number", list: "a list", dict: "a table"}
    return " or ".join(names.get(k, k.__name__) for k in kinds)


def _check_url(fields: _Fields, key: str, url: Any, domains: tuple[str, ...]) -> str:
    if not isinstance(url, str):
        raise fields.fail(key, f"expected a URL string, got {url!r}")
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise fields.fail(key, f"not an http(s) URL: {url!r}")
    if not in_domains(url, domains):
        raise fields.fail(key, f"{url!r} is outside allowed_domains {list(domains)}")
    return url


def check_oldest(text: str) -> str:
    """*text* if it is an age limit: ``"30d"`` or an ISO date like ``"2023-10-01"``."""
    relative = re.fullmatch(r"(\d+)d", text)
    if relative:
        if int(relative.group(1)) > MAX_OLDEST_DAYS:
            raise ValueError(f"{text!r}: at most {MAX_OLDEST_DAYS}d")
        return text
    try:
        date.fromisoformat(text)
    except ValueError:
        raise ValueError(f"{text!r}: expected '30d' or a date like '2023-10-01'") from None
    return text


def parse_schedule(text: str) -> Schedule:
    """``"15m"``/``"2h"``/``"1d"``/``"90s"`` → interval; five crontab fields → cron."""
    duration = _DURATION.match(text.strip())
    if duration:
        seconds = int(duration.group(1)) * _UNIT_SECONDS[duration.group(2)]
        if seconds <= 0:
            raise ValueError("interval must be positive")
        return Schedule(interval_seconds=seconds)
    if len(text.split()) != 5:
        raise ValueError("expected an interval like '15m' or a 5-field crontab like '*/20 * * * *'")
    cron_trigger(text)  # raises ValueError on a bad expression
    return Schedule(cron=text)


_WEEKDAYS = ["sun", "mon", "tue", "wed", "thu", "fri", "sat", "sun"]


def _crontab_weekdays(field: str) -> str:
    """Standard crontab day-of-week (0 or 7 = Sunday) in APScheduler's names (its numbers start
    at Monday = 0, so "0 9 * * 1" would otherwise run on Tuesdays)."""
    if field == "*":
        return field
    days: list[str] = []
    for part in field.split(","):
        base, _, step = part.partition("/")
        if base == "*":
            base = "0-6"
        if re.fullmatch(r"\d", base):
            numbers = [int(base)]
        elif (span := re.fullmatch(r"(\d)-(\d)", base)) is not None:
            numbers = list(range(int(span.group(1)), int(span.group(2)) + 1))
        else:
            days.append(part)  # names such as mon-fri are passed through
            continue
        if any(n > 7 for n in numbers):
            raise ValueError(f"day of week {part!r} out of range 0-7")
        days.extend(_WEEKDAYS[n] for n in numbers[:: int(step) if step else 1])
    return ",".join(dict.fromkeys(days))


def cron_trigger(text: str, timezone=None, jitter: int | None = None) -> CronTrigger:
    """An APScheduler trigger for a standard 5-field crontab expression."""
    minute, hour, day, month, day_of_week = text.split()
    return CronTrigger(minute=minute, hour=hour, day=day, month=month,
                       day_of_week=_crontab_weekdays(day_of_week), timezone=timezone, jitter=jitter)


def _parse_source(table: Any, index: int, path: Path) -> Source:
    """One [[source]] table, validated field by field in the order the file reads (so the first
    error a user sees is the first in the table); each error names the source and the field."""
    if not isinstance(table, dict):
        raise SourcesError(f"{path}: [[source]] #{index + 1} is not a table")
    label = table.get("id") if isinstance(table.get("id"), str) else f"#{index + 1}"
    top = _Fields(table, f"{path}: source '{label}'")
    source_id, name, language = _identity(top)
    domains = _allowed_domains(top)
    schedule = _schedule(top)
    feeds, sitemaps, sections = _discovery(top, domains)
    delay, concurrency = _politeness(top)
    max_articles, oldest = _limits(top)
    top.check_unknown()
    return Source(
        id=source_id, name=name, language=language, allowed_domains=domains,
        schedule=schedule, feeds=feeds, sitemaps=sitemaps, sections=sections,
        delay=delay, concurrency=concurrency, max_articles=max_articles, oldest=oldest,
    )


def _identity(top: _Fields) -> tuple[str, str, str]:
    """A source's (id, name, language): an id fit for URLs and file names, an ISO 639-1 language."""
    source_id = top.get("id", str)
    if not _ID.match(source_id):
        raise top.fail("id", f"{source_id!r} must be lowercase letters, digits and '-'")
    name = top.get("name", str)
    language = top.get("language", str)
    if not re.fullmatch(r"[a-z]{2}", language):
        raise top.fail("language", f"{language!r} is not an ISO 639-1 code like 'ar'")
    return source_id, name, language


def _allowed_domains(top: _Fields) -> tuple[str, ...]:
    """The domains a source may be crawled on, at least one, each a domain name (an
    internationalized one is checked in its ASCII form but kept as written)."""
    domains = top.get("allowed_domains", list)
    if not domains:
        raise top.fail("allowed_domains", "must list at least one domain")
    for domain in domains:
        if isinstance(domain, str) and not domain.isascii():
            domain = _idna(domain)
        if not isinstance(domain, str) or not _DOMAIN.match(domain):
            raise top.fail("allowed_domains", f"{domain!r} is not a domain name like 'example.com'")
    return tuple(domains)


def _idna(domain: str) -> str:
    """*domain* in its ASCII (IDNA) form, or as given when it has none (the domain check then
    refuses it)."""
    try:
        return domain.encode("idna").decode("ascii")
    except UnicodeError:
        return domain


def _schedule(top: _Fields) -> Schedule:
    """A source's schedule: an interval or a crontab expression."""
    schedule_text = top.get("schedule", str)
    try:
        return parse_schedule(schedule_text)
    except ValueError as exc:
        raise top.fail("schedule", f"{schedule_text!r}: {exc}") from None


def _discovery(top: _Fields, domains: tuple[str, ...]) -> tuple[tuple[str, ...], tuple[str, ...], tuple[Section, ...]]:
    """A source's [discovery] table as (feeds, sitemaps, sections): URLs on its allowed domains,
    at least one entry point, none declared twice."""
    discovery = _Fields(top.get("discovery", dict), f"{top.where}, [discovery]")
    feeds = tuple(
        _check_url(discovery, f"feeds[{i}]", u, domains)
        for i, u in enumerate(discovery.get("feeds", list, []))
    )
    sitemaps = tuple(
        _check_url(discovery, f"sitemaps[{i}]", u, domains)
        for i, u in enumerate(discovery.get("sitemaps", list, []))
    )
    sections = tuple(_section(discovery, i, entry, domains)
                     for i, entry in enumerate(discovery.get("sections", list, [])))
    discovery.check_unknown()
    if not (feeds or sitemaps or sections):
        raise discovery.fail("feeds", "declare at least one feed, sitemap or section")
    entry_points = feeds + sitemaps + tuple(s.url for s in sections)
    repeated = next((u for u in entry_points if entry_points.count(u) > 1), None)
    if repeated:
        raise discovery.fail("feeds", f"{repeated!r} is declared twice")
    return feeds, sitemaps, sections


def _section(discovery: _Fields, i: int, entry: Any, domains: tuple[str, ...]) -> Section:
    """The *i*-th section page of [discovery]: its URL and a pattern that picks its article
    links (an empty one would take every link)."""
    if not isinstance(entry, dict):
        raise discovery.fail(f"sections[{i}]", "expected a table { url = ..., article_pattern = ... }")
    section = _Fields(entry, f"{discovery.where}, sections[{i}]")
    url = _check_url(section, "url", section.get("url", str), domains)
    pattern = section.get("article_pattern", str)
    if not pattern.strip():
        raise section.fail("article_pattern", "must not be empty (it would match every link)")
    try:
        re.compile(pattern)
    except re.error as exc:
        raise section.fail("article_pattern", f"bad regular expression: {exc}") from None
    section.check_unknown()
    return Section(url, pattern)


def _politeness(top: _Fields) -> tuple[float, int]:
    """A source's [politeness] as (delay in seconds, concurrency)."""
    politeness = _Fields(top.get("politeness", dict, {}), f"{top.where}, [politeness]")
    delay = float(politeness.get("delay", (int, float), 1.0))
    concurrency = politeness.get("concurrency", int, 2)
    if not math.isfinite(delay) or delay < 0:
        raise politeness.fail("delay", "must be a finite number >= 0")
    if concurrency < 1:
        raise politeness.fail("concurrency", "must be >= 1")
    politeness.check_unknown()
    return delay, concurrency


def _limits(top: _Fields) -> tuple[int, str | None]:
    """A source's [limits] as (most articles per run, the oldest date worth storing)."""
    limits = _Fields(top.get("limits", dict, {}), f"{top.where}, [limits]")
    max_articles = limits.get("max_articles", int, 200)
    if max_articles < 1:
        raise limits.fail("max_articles", "must be >= 1")
    oldest = limits.get("oldest", str, None)
    if oldest is not None:
        try:
            check_oldest(oldest)
        except ValueError as exc:
            raise limits.fail("oldest", str(exc)) from None
    limits.check_unknown()
    return max_articles, oldest


def load_sources(path: Path) -> dict[str, Source]:
    """Read and validate the sources file; sources keyed by id, in file order."""
    try:
        data = tomllib.loads(Path(path).read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise SourcesError(f"{path}: sources file not found") from None
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise SourcesError(f"{path}: not valid TOML: {exc}") from None
    unknown = sorted(set(data) - {"source"})
    if unknown:
        raise SourcesError(f"{path}: unknown top-level key '{unknown[0]}' (expected [[source]] tables)")
    tables = data.get("source")
    if not isinstance(tables, list) or not tables:
        raise SourcesError(f"{path}: no [[source]] declared")
    sources: dict[str, Source] = {}
    for index, table in enumerate(tables):
        source = _parse_source(table, index, path)
        if source.id in sources:
            raise SourcesError(f"{path}: source '{source.id}', field 'id': declared twice")
        sources[source.id] = source
    return sources
