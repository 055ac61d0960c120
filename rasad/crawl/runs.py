"""Crawl run recorder (a Scrapy extension): one ``crawl_runs`` row per crawl.

Inserted as ``running`` when the spider opens, completed when it closes with the status
(``ok``, ``interrupted`` on shutdown, ``failed``), the counts, the entry points that could not be
fetched with the reason (``failed_entry_points``), the pages trafilatura extracted and how many
of them fell back from its fast tier to its full one, and Scrapy's stats.
Settings read: ``RASAD_DB``, ``RASAD_TRIGGER`` (``manual`` or ``schedule``; a ``trigger`` spider
argument, as the daemon passes, wins), ``RASAD_REDIS`` (set on a worker node: the recorder is off,
the run goes to the coordinator's writer, which records it with the same functions).
"""

from __future__ import annotations

import json
import logging
import sqlite3
from pathlib import Path

from scrapy import signals
from scrapy.exceptions import NotConfigured

from rasad.base import clock
from rasad.base.settings_registry import default
from rasad.store import db as database

logger = logging.getLogger(__name__)

_OK_REASONS = {"finished", "closespider_itemcount", "closespider_pagecount", "closespider_timeout"}


_DISCOVERY_READ = ("rasad/discovery/feed", "rasad/discovery/urlset", "rasad/discovery/sitemapindex",
                   "rasad/discovery/section")


def run_status(stats: dict) -> tuple[str, str]:
    """(status, reason) of a finished crawl: ok, interrupted, or failed (also when not one of
    the source's feeds, sitemaps or section pages could be read: a moved feed must show, and
    when the disk was full: articles were lost to it)."""
    reason = stats.get("finish_reason", "unknown")
    if unstored := stats.get("rasad/errors/disk-full"):
        return "failed", f"disk full: {unstored} articles could not be stored"
    if reason == "shutdown":
        return "interrupted", reason
    if reason not in _OK_REASONS:
        return "failed", reason
    if not any(stats.get(key) for key in _DISCOVERY_READ):
        return "failed", f"{reason}: no entry point could be read"
    return "ok", reason


def summarize(stats: dict) -> dict:
    """Counts for a run from Scrapy's stats."""
    skipped = {k.removeprefix("rasad/skipped/"): v for k, v in stats.items() if k.startswith("rasad/skipped/")}
    if stats.get("robotstxt/forbidden"):
        skipped["robots-txt"] = stats["robotstxt/forbidden"]
    # IgnoreRequest is a policy refusal (robots.txt), counted above, not a fault.
    errors = {
        k.removeprefix("downloader/exception_type_count/"): v
        for k, v in stats.items()
        if k.startswith("downloader/exception_type_count/") and not k.endswith(".IgnoreRequest")
    }
    errors.update({k.removeprefix("spider_exceptions/"): v for k, v in stats.items() if k.startswith("spider_exceptions/")})
    if stats.get("log_count/ERROR"):
        errors["logged"] = stats["log_count/ERROR"]
    return {
        "pages_fetched": stats.get("response_received_count", 0),
        "articles_stored": stats.get("rasad/stored", 0),
        "duplicates": stats.get("rasad/duplicates/exact", 0) + stats.get("rasad/duplicates/near", 0),
        "skipped": sum(v for k, v in skipped.items() if k not in ("known-url",)),
        "errors": sum(errors.values()),
        "skipped_by_reason": skipped,
        "errors_by_kind": errors,
        "failed_entry_points": stats.get("rasad/failed_entry_points", {}),
        "pages_extracted": stats.get("rasad/extraction/fast", 0) + stats.get("rasad/extraction/full", 0),
        "extraction_fallbacks": stats.get("rasad/extraction/fallback", 0),
    }


def record_run_start(db, source_id: str, trigger: str, started_at: str) -> int:
    """Insert a ``running`` row for a run of *source_id*; its id."""
    with database.transaction(db):
        return db.execute("INSERT INTO crawl_runs (source, trigger, started_at, status) VALUES (?, ?, ?, 'running')",
                          (source_id, trigger, started_at)).lastrowid


def record_run_end(db, run_id: int | None, stats: dict, status: str, reason: str, summary: dict) -> None:
    """Complete run *run_id* from its final *stats* (with ``finish_reason``), its status and
    reason (:func:`run_status`) and summary (:func:`summarize`). On a full disk it gives the
    reserve up and tries once more."""

    def update() -> None:
        with database.transaction(db):
            db.execute(
                """UPDATE crawl_runs SET finished_at = ?, status = ?, finish_reason = ?,
                     pages_fetched = ?, articles_stored = ?, duplicates = ?, skipped = ?, errors = ?,
                     skipped_by_reason = ?, errors_by_kind = ?, failed_entry_points = ?, pages_extracted = ?,
                     extraction_fallbacks = ?, stats = ? WHERE id = ?""",
                (
                    clock.timestamp(), status, reason, summary["pages_fetched"], summary["articles_stored"], summary["duplicates"],
                    summary["skipped"], summary["errors"], json.dumps(summary["skipped_by_reason"]),
                    json.dumps(summary["errors_by_kind"]), json.dumps(summary["failed_entry_points"]),
                    summary["pages_extracted"], summary["extraction_fallbacks"],
                    json.dumps(stats, default=str), run_id,
                ),
            )

    database.with_reserve(db, update)


class CrawlRunRecorder:
    def __init__(self, db_path: Path, trigger: str, crawler):
        self.db_path = db_path
        self.trigger = trigger
        self.crawler = crawler
        self.run_id: int | None = None

    @classmethod
    def from_crawler(cls, crawler) -> CrawlRunRecorder:
        if crawler.settings.get("RASAD_REDIS"):
            raise NotConfigured  # a worker node: pipelines.send sends the run (no args: not logged)
        if not crawler.settings.get("RASAD_DB"):
            raise NotConfigured("RASAD_DB is not set")
        recorder = cls(Path(crawler.settings["RASAD_DB"]), crawler.settings.get("RASAD_TRIGGER", default("RASAD_TRIGGER")), crawler)
        crawler.signals.connect(recorder.spider_opened, signal=signals.spider_opened)
        crawler.signals.connect(recorder.spider_closed, signal=signals.spider_closed)
        return recorder

    def spider_opened(self, spider) -> None:
        database.keep_reserve(self.db_path)
        with database.opened(self.db_path) as db:
            try:
                database.sync_sources(db, [spider.source], clock.timestamp())
                self.run_id = record_run_start(db, spider.source.id, getattr(spider, "trigger", self.trigger), clock.timestamp())
            except sqlite3.Error as exc:
                if not database.is_full(exc):
                    raise
                logger.error("could not record a run of %s: disk full (%s)", spider.source.id, exc)
        self.crawler.stats.set_value("rasad/run_id", self.run_id)

    def spider_closed(self, spider, reason: str) -> None:
        stats = {**self.crawler.stats.get_stats(), "finish_reason": reason}
        summary = summarize(stats)
        status, reason = run_status(stats)
        with database.opened(self.db_path) as db:
            try:
                record_run_end(db, self.run_id, stats, status, reason, summary)
            except sqlite3.Error as exc:  # the next start marks the run interrupted
                if not database.is_full(exc):
                    raise
                logger.error("could not record run %s of %s: disk full (%s)", self.run_id, spider.source.id, exc)
        log_run(self.run_id, spider.source.id, status, reason, summary)


def log_run(run_id: int | None, source_id: str, status: str, reason: str, summary: dict) -> None:
    logger.info("run %s of %s: %s (%s), %d pages, %d stored, %d skipped, %d errors, %d of %d extractions "
                "fell back to the full tier", run_id, source_id, status, reason, summary["pages_fetched"],
                summary["articles_stored"], summary["skipped"], summary["errors"], summary["extraction_fallbacks"],
                summary["pages_extracted"])
