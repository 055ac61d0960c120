"""Every ``RASAD_*`` setting in one place, as Datasette's ``SETTINGS``: its name, default, where
it is read from and what it does.

A setting is read from Scrapy's settings (``settings.py``, ``-s NAME=VALUE``, the overrides rasad
commands pass), from the environment variable of the same name, or both: a Scrapy setting that
the environment also sets takes the environment's value when ``settings.py`` is loaded. Modules
read environment settings through :func:`from_environment`, so a name read anywhere is a name
listed here (``tests/test_settings.py`` scans the code). ``settings.py``'s docstring lists them as
:func:`describe` does (``scripts/update_docs.py`` rewrites it).

Settings read: all of them, by name, for the modules that read them.
"""

from __future__ import annotations

import os
import textwrap
from dataclasses import dataclass

from rasad.base.paths import REPOSITORY


@dataclass(frozen=True)
class Setting:
    name: str
    default: str | int | float | bool | tuple[str, ...]
    help: str
    scrapy: bool = True  # a Scrapy setting
    environment: bool = False  # the environment variable of the same name sets it
    shown_default: str = ""  # the default as the docs give it, where its value depends on the machine

    def initial(self) -> str | int | float | bool | tuple[str, ...]:
        """The value ``settings.py`` starts from: the environment's where it is read, else the default."""
        return from_environment(self.name) if self.environment else self.default


SETTINGS = (
    Setting("RASAD_SOURCES", str(REPOSITORY / "sources.toml"), "path of the sources file", environment=True,
            shown_default="the repository's sources.toml"),
    Setting("RASAD_DB", "data/rasad.db", "SQLite database", environment=True),
    Setting("RASAD_OLDEST", "", 'override every source\'s oldest date: "30d", "2024-01-01" or "all"',
            environment=True),
    Setting("RASAD_TRIGGER", "manual", 'recorded in crawl_runs: "manual" or "schedule"'),
    Setting("RASAD_ROUTE_TO", "", "host:port of a local server that answers for every host (demo, tests)"),
    Setting("RASAD_SECTION_PAGES", 2, "listing pages to follow per section"),
    Setting("RASAD_SITEMAP_DEPTH", 3, "levels of sitemap indexes followed below an entry point"),
    Setting("RASAD_MAX_DISCOVERY", 500, "feeds, sitemaps and section pages fetched per run and source at most"),
    Setting("RASAD_MAX_ARTICLES", 0, "articles stored per run at most (set per source from its limits; 0: none)"),
    Setting("RASAD_GAZETTEER", "", "the gazetteer file (empty: the repository's gazetteer.toml)", environment=True),
    Setting("RASAD_VERBOSE", False, "the daemon logs Scrapy's and APScheduler's lines too (`rasad run -v`)"),
    Setting("RASAD_WORKERS", "", "worker processes for extraction, dedup fingerprints and tagging "
            "(empty: one per core; 0: in the crawling process)", environment=True),
    Setting("RASAD_PAGE_TIME_LIMIT", 60.0, "seconds one page's analysis may take before its worker is killed",
            environment=True),
    Setting("RASAD_EXTRACTION", "two-tier", '"two-tier" (trafilatura\'s fast tier, its full extraction only '
            'where the fast text is in doubt) or "full" (the full extraction on every page)', environment=True),
    Setting("RASAD_WRITE_BATCH", 100, "articles written per transaction at most"),
    Setting("RASAD_WRITE_SECONDS", 2.0, "longest an analysed article waits to be written"),
    Setting("RASAD_ALLOWED_NETWORKS", (), "private networks that may be fetched anyway (CIDRs)"),
    Setting("RASAD_REDIS", "", "the Redis URL of a worker node (rasad worker): its crawls send what they find to the "
            "coordinator's writer, not to SQLite (empty: not a node)"),
    Setting("RASAD_MAX_RETRY_AFTER", 120, "longest Retry-After honoured, in seconds"),
    Setting("RASAD_CHECK_SECONDS", 86400.0, "how often the daemon runs SQLite's quick check on its database "
            "(`rasad run` checks it at start too)", environment=True),
    Setting("RASAD_LEASE_SECONDS", 60, "a source's crawl lease expires this long after it was last renewed",
            scrapy=False, environment=True),
    Setting("RASAD_BUSY_TIMEOUT", 30.0, "seconds to wait for another process's write lock", scrapy=False,
            environment=True),
    Setting("RASAD_SYNCHRONOUS", "NORMAL", 'SQLite\'s synchronous for writers: "NORMAL" or "FULL" (every '
            'commit survives a power loss)', scrapy=False, environment=True),
    Setting("RASAD_MAX_LINE_BYTES", 16 * 2**20, "longest line `rasad import` reads", scrapy=False,
            environment=True),
)
BY_NAME = {setting.name: setting for setting in SETTINGS}


def default(name: str) -> str | int | float | bool | tuple[str, ...]:
    """Setting *name*'s default, for code that reads Scrapy settings which may lack it."""
    return BY_NAME[name].default


def from_environment(name: str) -> str | int | float | bool | tuple[str, ...]:
    """The environment's value of setting *name*, of its default's type; the default when unset or empty."""
    setting = BY_NAME[name]
    if not setting.environment:
        raise KeyError(f"{name} is not read from the environment")
    raw = os.environ.get(name)
    return type(setting.default)(raw) if raw else setting.default


def describe() -> str:
    """The settings as ``settings.py``'s docstring lists them: name, where it is read, default, help."""
    lines = []
    for setting in SETTINGS:
        where = " and ".join(kind for kind, read in (("Scrapy", setting.scrapy), ("environment", setting.environment))
                             if read)
        default = setting.shown_default or repr(list(setting.default) if isinstance(setting.default, tuple)
                                                else setting.default)
        lines += textwrap.wrap(f"{setting.name} ({where}; default {default}): {setting.help}", width=100,
                               initial_indent="  ", subsequent_indent="      ")
    return "\n".join(lines)
