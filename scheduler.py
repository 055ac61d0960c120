"""Runs crawls in-process: one asyncio reactor for the life of the process, Scrapy's
``AsyncCrawlerRunner`` for every crawl, APScheduler's ``AsyncIOScheduler`` for the daemon.

- ``run_crawls``: the one-shot commands (``rasad crawl``, ``rasad demo``).
- ``Daemon``: ``rasad run``. One job per source (interval or cron, with jitter; never two runs of
  a source at once; coalesced; misfire grace time), several sources crawling concurrently,
  manual triggers taken from the ``crawl_requests`` table (``rasad trigger``), SIGTERM/SIGINT
  stop gracefully, SIGHUP reloads the sources file, a failing source backs off, SQLite's quick
  check runs every ``RASAD_CHECK_SECONDS`` (daily) and a damaged database stops the daemon.

Every crawl holds the source's lease (rasad.store.leases), so two processes never crawl one source at
once. Each crawl gets fresh pipelines; what must outlive a run lives in SQLite.
"""

from __future__ import annotations

import asyncio
import logging
import os
import random
import signal
import sqlite3
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import timedelta, timezone
from pathlib import Path

from apscheduler.schedulers.asyncio import AsyncIOScheduler
from apscheduler.triggers.interval import IntervalTrigger
from scrapy.crawler import AsyncCrawlerRunner
from scrapy.settings import Settings
from scrapy.utils.log import configure_logging
from scrapy.utils.reactor import install_reactor

from rasad.analyse import worker_pool
from rasad.base.clock import now as _now
from rasad.config import Source, SourcesError, cron_trigger, load_sources
from rasad.store import db as database, leases
from spiders.loader import spider_class

logger = logging.getLogger("rasad.daemon")

REACTOR = "twisted.internet.asyncioreactor.AsyncioSelectorReactor"
TRIGGER_POLL_SECONDS = 1.0
MISFIRE_GRACE_SECONDS = 300
MAX_BACKOFF_SECONDS = 6 * 3600
STOP_TIMEOUT_SECONDS = 20


@dataclass
class CrawlResult:
    source: str
    finish_reason: str
    stats: dict


def project_settings(overrides: dict | None = None) -> Settings:
    """rasad's Scrapy settings (``settings.py``) with *overrides* on top."""
    import settings as rasad_settings

    result = Settings()
    result.setmodule(rasad_settings, priority="project")
    for key, value in (overrides or {}).items():
        result.set(key, value, priority="cmdline")
    return result


def _configure_logging(settings: Settings) -> None:
    """Scrapy's logging, its loggers at LOG_LEVEL: Scrapy sets them to DEBUG and leaves the
    filtering to the handler, so every page's "Crawled" and "Scraped from" records were built
    only to be dropped."""
    configure_logging(settings)
    logging.getLogger("scrapy").setLevel(settings.get("LOG_LEVEL"))


def run_in_reactor(main: Callable[[], object]) -> object:
    """Install the asyncio reactor, run coroutine function *main* in it, stop, return its result."""
    install_reactor(REACTOR)
    from twisted.internet import reactor
    from twisted.internet.defer import Deferred

    outcome: dict = {}

    def finish(result):
        outcome["result"] = result
        reactor.stop()

    async def main_then_stop_workers():
        try:
            return await main()
        finally:
            await worker_pool.close_shared()

    def start():
        deferred = Deferred.fromFuture(asyncio.ensure_future(main_then_stop_workers()))
        deferred.addBoth(finish)

    reactor.callWhenRunning(start)
    reactor.run(installSignalHandlers=False)  # our own handlers: see crawl_sources and Daemon
    result = outcome.get("result")
    if hasattr(result, "raiseException"):  # a twisted Failure
        result.raiseException()
    return result


async def _renew_lease(held, crawler, source_id: str) -> None:
    """Renew the lease while crawling; a lease another process took (this one was paused past its
    expiry) stops the crawl at once, and its writes are refused meanwhile (rasad.store.leases.fence)."""
    while True:
        await asyncio.sleep(leases.RENEW_EVERY_SECONDS)
        if not held.renew(source_id):
            logger.warning("source=%s lease lost while crawling (another crawl took it over): stopping this crawl",
                           source_id)
            await crawler.engine.close_spider_async(reason="lease-lost")
            return


async def _report(crawler, source_id: str, progress: Callable[[str, dict], None]) -> None:
    while True:
        await asyncio.sleep(0.5)
        if crawler.stats is not None:
            progress(source_id, crawler.stats.get_stats())


async def crawl_one(runner: AsyncCrawlerRunner, source: str | type, held, trigger: str,
                    progress: Callable[[str, dict], None] | None = None, **spider_args) -> CrawlResult | leases.Busy:
    """Crawl *source* (an id, or its spider class) once while holding its lease in *held*
    (:class:`rasad.store.leases.SqliteLeases`, or RedisLeases on a worker node); a Busy if another
    process holds it. *spider_args* go to the spider."""
    crawler = runner.create_crawler(source)  # before the lease: a source that cannot start holds nothing
    source_id = crawler.spidercls.name
    busy = held.acquire(source_id)
    if busy is not None:
        return busy
    renewer = asyncio.ensure_future(_renew_lease(held, crawler, source_id))
    ticker = asyncio.ensure_future(_report(crawler, source_id, progress)) if progress else None
    try:
        await runner.crawl(crawler, trigger=trigger, lease_holder=held.holder, **spider_args)
    finally:
        renewer.cancel()
        if ticker is not None:
            ticker.cancel()
        held.release(source_id)
    stats = crawler.stats.get_stats()
    if progress:
        progress(source_id, stats)
    return CrawlResult(source_id, stats.get("finish_reason", "unknown"), stats)


async def crawl_sources(source_ids: Iterable[str], settings: Settings,
                        progress: Callable[[str, dict], None] | None = None,
                        wait: bool = False) -> list[CrawlResult | leases.Busy]:
    """Crawl each source in turn in this reactor; *progress* is called with live stats.

    A source another process is crawling is skipped (a Busy in the results), or waited for with
    *wait*. SIGINT or SIGTERM stops the crawl in flight gracefully (Scrapy closes it with reason
    ``shutdown``: pages in the pipelines are stored, the run is recorded as interrupted) and
    starts no further source."""
    runner = AsyncCrawlerRunner(settings)
    db = database.connect(settings["RASAD_DB"])
    leases.recover_abandoned_runs(db)
    held = leases.SqliteLeases(db, leases.holder_id())
    results: list[CrawlResult | leases.Busy] = []
    stopping = asyncio.Event()
    loop = asyncio.get_running_loop()

    def request_stop(name: str) -> None:
        if not stopping.is_set():
            stopping.set()
            logger.warning("%s received: closing the crawl in flight", name)
            asyncio.ensure_future(runner.stop())

    for sig in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(sig, request_stop, sig.name)
    try:
        for source_id in source_ids:
            while not stopping.is_set():
                result = await crawl_one(runner, source_id, held, "manual", progress)
                if not (wait and isinstance(result, leases.Busy)):
                    break
                await asyncio.sleep(2)
            else:
                break
            results.append(result)
    finally:
        for sig in (signal.SIGINT, signal.SIGTERM):
            loop.remove_signal_handler(sig)
        db.conn.close()
    return results


def run_crawls(source_ids: list[str], overrides: dict | None = None,
               progress: Callable[[str, dict], None] | None = None, wait: bool = False) -> list:
    """Blocking: crawl *source_ids* one after another and return their results."""
    settings = project_settings(overrides)
    _configure_logging(settings)
    return run_in_reactor(lambda: crawl_sources(source_ids, settings, progress, wait))  # type: ignore[return-value]


class Daemon:
    """``rasad run``: keeps every source fresh on its schedule until SIGTERM or SIGINT."""

    def __init__(self, settings: Settings, sources_path: Path):
        self.settings = settings
        self.sources_path = sources_path
        self.sources: dict[str, Source] = {}
        self.holder = leases.holder_id()
        self.active: dict[str, asyncio.Task] = {}
        self.manual_waiting: set[str] = set()  # triggered while crawling: crawled again right after
        self.stopping = asyncio.Event()
        self.damage: str | None = None  # what the quick check found; the daemon then stops, exit 1
        self.disk_full = False  # said once when writes start failing for it, and once when they work again

    async def main(self) -> int:
        loop = asyncio.get_running_loop()
        self.db = database.connect(self.settings["RASAD_DB"])
        self.runner = AsyncCrawlerRunner(self.settings)
        self.scheduler = AsyncIOScheduler(event_loop=loop, timezone=timezone.utc)
        abandoned = leases.recover_abandoned_runs(self.db)
        if abandoned:
            logger.warning("marked %d runs left by a stopped process as interrupted", abandoned)
        self.sources = load_sources(self.sources_path)
        self._schedule(self.sources)
        self.scheduler.add_job(self._poll, IntervalTrigger(seconds=TRIGGER_POLL_SECONDS), id="rasad:poll",
                               max_instances=1, coalesce=True)
        self.scheduler.add_job(self._check_database, IntervalTrigger(seconds=self.settings.getfloat("RASAD_CHECK_SECONDS")),
                               id="rasad:check", max_instances=1, coalesce=True)
        self._heartbeat(started=True)
        self.scheduler.start()
        for sig in (signal.SIGTERM, signal.SIGINT):
            loop.add_signal_handler(sig, self._stop, sig.name)
        loop.add_signal_handler(signal.SIGHUP, self._reload)
        logger.info("daemon started pid=%d sources=%d db=%s", os.getpid(), len(self.sources), self.settings["RASAD_DB"])
        await self.stopping.wait()
        await self._shutdown()
        return 1 if self.damage else 0

    # schedule

    def _trigger(self, source: Source):
        if source.schedule.cron:
            return cron_trigger(source.schedule.cron, timezone=timezone.utc, jitter=30)
        seconds = source.schedule.interval_seconds
        return IntervalTrigger(seconds=seconds, jitter=min(60, seconds // 10) or None)

    def _schedule(self, sources: dict[str, Source]) -> None:
        for job in self.scheduler.get_jobs():
            if job.id.startswith("source:"):
                job.remove()
        for source in sources.values():
            # The first run comes at once (with a little spread), then on the schedule.
            first = _now() + timedelta(seconds=random.uniform(0, min(5, source.schedule.interval_seconds or 5)))
            self.scheduler.add_job(
                self._run_source, self._trigger(source), args=[source.id, "schedule"], id=f"source:{source.id}",
                max_instances=1, coalesce=True, misfire_grace_time=MISFIRE_GRACE_SECONDS, next_run_time=first,
            )
        self._record_next_runs()

    def _record_next_runs(self) -> None:
        with database.transaction(self.db):
            database.sync_sources(self.db, self.sources.values(), _now().isoformat(timespec="seconds"), in_transaction=True)
            for job in self.scheduler.get_jobs():
                if job.id.startswith("source:") and job.next_run_time is not None:
                    self.db.execute("UPDATE sources SET next_run_at = ? WHERE id = ?",
                                    (job.next_run_time.isoformat(timespec="seconds"), job.id.removeprefix("source:")))

    # runs

    async def _run_source(self, source_id: str, trigger: str) -> None:
        if self.stopping.is_set() or source_id not in self.sources:
            return
        if source_id in self.active:
            if trigger == "manual":  # what was published since this crawl began must not wait for the schedule
                self.manual_waiting.add(source_id)
                logger.info("source=%s already crawling; the manual run follows it", source_id)
            else:
                logger.info("source=%s already crawling; %s run skipped", source_id, trigger)
            return
        task = asyncio.current_task()
        self.active[source_id] = task
        try:
            result = await self._crawl(source_id, trigger)
            if result is None:  # a coordinator stopping: the crawl goes on on its worker node
                return
            if isinstance(result, leases.Busy):
                logger.info("source=%s busy: %s", source_id, result)
                return
            from rasad.crawl.runs import run_status, summarize

            status, reason = run_status(result.stats)
            summary = summarize(result.stats)
            logger.info("source=%s trigger=%s status=%s reason=%r pages=%d stored=%d skipped=%d errors=%d "
                        "extracted=%d fallbacks=%d", source_id, trigger, status, reason, summary["pages_fetched"],
                        summary["articles_stored"], summary["skipped"], summary["errors"], summary["pages_extracted"],
                        summary["extraction_fallbacks"])
            if status == "failed":
                self._back_off(source_id)
        except Exception as exc:  # a crawl that raises never stops the daemon
            if not self._said_disk_full(exc):
                logger.exception("source=%s crawl raised", source_id)
            self._back_off(source_id)
        finally:
            self.active.pop(source_id, None)
            if not self.stopping.is_set():
                self._while_space(self._record_next_runs)
                if source_id in self.manual_waiting:
                    self.manual_waiting.discard(source_id)
                    asyncio.ensure_future(self._run_source(source_id, "manual"))

    async def _crawl(self, source_id: str, trigger: str) -> CrawlResult | leases.Busy | None:
        """Crawl the source here (a coordinator has it crawled by a worker node, and gets None
        when it stops before the crawl ends)."""
        return await crawl_one(self.runner, spider_class(self.sources[source_id]),
                               leases.SqliteLeases(self.db, self.holder), trigger)

    def _back_off(self, source_id: str) -> None:
        """After consecutive failed runs, wait 2^(n-1) times the usual interval (at most 6 h)."""
        failures = 0
        for (status,) in self.db.execute("SELECT status FROM crawl_runs WHERE source = ? ORDER BY id DESC LIMIT 10",
                                         (source_id,)):
            if status != "failed":
                break
            failures += 1
        job = self.scheduler.get_job(f"source:{source_id}")
        source = self.sources.get(source_id)
        if failures < 2 or job is None or source is None:
            return
        base = source.schedule.interval_seconds or self._cron_interval(job)
        delay = min(MAX_BACKOFF_SECONDS, base * 2 ** (failures - 1))
        job.modify(next_run_time=_now() + timedelta(seconds=delay))
        logger.warning("source=%s failed %d times in a row: next run in %ds", source_id, failures, delay)

    @staticmethod
    def _cron_interval(job) -> float:
        """Seconds between two fire times of a crontab job (its usual interval)."""
        first = job.trigger.get_next_fire_time(None, _now())
        second = job.trigger.get_next_fire_time(first, first + timedelta(seconds=1))
        return max(60.0, (second - first).total_seconds()) if first and second else 3600.0

    def _while_space(self, write: Callable[[], object]) -> bool:
        """``write()``, unless the disk is full: that is logged once (not at every heartbeat), the
        daemon goes on (crawls fail and back off) and says so when writes work again."""
        try:
            write()
        except sqlite3.Error as exc:
            if not self._said_disk_full(exc):
                raise
            return False
        if self.disk_full:
            logger.warning("space again: writing resumes")
            self.disk_full = False
        return True

    def _said_disk_full(self, exc: Exception) -> bool:
        """Is *exc* a full disk? Logged the first time in a row only."""
        if not database.is_full(exc):
            return False
        if not self.disk_full:
            logger.error("disk full (%s): crawls fail and back off until there is space again", exc)
            self.disk_full = True
        return True

    async def _poll(self) -> None:
        """Manual triggers (``rasad trigger``) and the heartbeat."""
        requests = []

        def heartbeat_and_pick() -> None:
            self._heartbeat()
            with database.transaction(self.db):
                requests[:] = self.db.execute(
                    "SELECT id, source FROM crawl_requests WHERE picked_at IS NULL ORDER BY id").fetchall()
                for request_id, _ in requests:
                    self.db.execute("UPDATE crawl_requests SET picked_at = ? WHERE id = ?", (_now().isoformat(), request_id))

        if not self._while_space(heartbeat_and_pick):
            return
        for _, source_id in requests:
            if source_id not in self.sources:
                logger.warning("trigger for unknown source=%s ignored", source_id)
                continue
            logger.info("source=%s manual trigger", source_id)
            asyncio.ensure_future(self._run_source(source_id, "manual"))

    def _heartbeat(self, started: bool = False) -> None:
        now = _now().isoformat(timespec="seconds")
        with database.transaction(self.db):
            if started:
                self.db.execute("INSERT OR REPLACE INTO daemons (holder, pid, started_at, heartbeat_at) VALUES (?, ?, ?, ?)",
                                (self.holder, os.getpid(), now, now))
            else:
                self.db.execute("UPDATE daemons SET heartbeat_at = ? WHERE holder = ?", (now, self.holder))

    async def _check_database(self) -> None:
        """SQLite's quick check (`rasad run` made one at start): a damaged database is not written
        further; the daemon stops and exits 1."""
        path = self.settings["RASAD_DB"]
        problems = await asyncio.to_thread(_quick_check, path)  # it reads the whole file: not on the loop
        if problems:
            self.damage = str(database.damaged(path, f"quick check: {problems[0]}"))
            logger.error("%s", self.damage)
            self._stop("damaged database")

    # lifecycle

    def _stop(self, name: str) -> None:
        if not self.stopping.is_set():
            logger.info("%s received: stopping (in-flight crawls close and are recorded as interrupted)", name)
            self.stopping.set()

    def _reload(self) -> None:
        try:
            sources = load_sources(self.sources_path)
        except (SourcesError, OSError) as exc:
            logger.error("SIGHUP: sources file refused, keeping the current schedule: %s", exc)
            return
        self.sources = sources
        self._schedule(sources)
        logger.info("SIGHUP: reloaded %d sources from %s", len(sources), self.sources_path)

    def _record_stop(self) -> None:
        with database.transaction(self.db):
            self.db.execute("UPDATE daemons SET stopped_at = ? WHERE holder = ?",
                            (_now().isoformat(timespec="seconds"), self.holder))
            self.db.execute("UPDATE sources SET next_run_at = NULL")

    async def _stop_crawls(self) -> None:
        try:
            await asyncio.wait_for(self.runner.stop(), timeout=STOP_TIMEOUT_SECONDS)
        except asyncio.TimeoutError:
            logger.warning("crawls did not close within %ds; exiting (their runs are recovered at the next start)",
                           STOP_TIMEOUT_SECONDS)

    async def _shutdown(self) -> None:
        # No new runs; close the crawls in flight (their runs are recorded as interrupted and their
        # leases released by crawl_one), bounded in time; only then stop the scheduler, whose
        # shutdown would cancel the crawl tasks and release leases under running crawls.
        self.scheduler.pause()
        running = list(self.active.values())
        await self._stop_crawls()
        if running:
            _, late = await asyncio.wait(running, timeout=5)
            if late:  # crawls that were about to start when the runner stopped (taking their lease): stop them too
                await self._stop_crawls()
                _, late = await asyncio.wait(late, timeout=5)
            for task in late:  # still running: cancelled, its lease is released on the way out
                task.cancel()
            if late:
                await asyncio.wait(late, timeout=5)
        self.scheduler.shutdown(wait=False)
        if not self.damage:  # a damaged file is not written further
            self._while_space(self._record_stop)
        self.db.conn.close()
        logger.info("daemon stopped")


def _quick_check(path: str) -> list[str]:
    """SQLite's quick check of the database at *path*, on a connection of its own."""
    conn = database.open_readonly(path)
    try:
        return database.integrity_problems(conn, quick=True)
    except sqlite3.DatabaseError as exc:
        if not database.is_damage(exc):
            raise
        return [str(exc)]
    finally:
        conn.close()


def run_daemon(sources_path: Path, overrides: dict, redis_url: str | None = None) -> int:
    """Blocking: run the daemon until SIGTERM or SIGINT; returns the exit code. With *redis_url*
    it is the coordinator of worker nodes (:mod:`rasad.coordinator`)."""
    settings = project_settings(overrides)
    _configure_logging(settings)
    if not settings.getbool("RASAD_VERBOSE"):
        # One line per run from rasad.daemon; Scrapy's start-up lists and APScheduler's per-job
        # lines would bury them.
        for name in ("scrapy", "py.warnings", "pipelines", "rasad.crawl.runs"):
            logging.getLogger(name).setLevel(logging.WARNING)
        # "maximum number of running instances reached" is how max_instances=1 works, not news
        logging.getLogger("apscheduler").setLevel(logging.ERROR)
    if redis_url:
        from rasad.coordinator import Coordinator

        return run_in_reactor(lambda: Coordinator(settings, sources_path, redis_url).main())  # type: ignore[return-value]
    return run_in_reactor(lambda: Daemon(settings, sources_path).main())  # type: ignore[return-value]
