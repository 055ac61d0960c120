"""Crawls on worker nodes: ``rasad run --redis URL`` is the coordinator, ``rasad worker --redis URL
--crawls N`` the nodes that crawl.

The coordinator is ``rasad run``'s daemon (:class:`scheduler.Daemon`: the one APScheduler, the
sources' schedules, backoff, ``rasad trigger`` requests polled from SQLite, the heartbeat that
``rasad status`` reads) whose "crawl a source" sends a ``crawl`` job to :data:`CRAWL_QUEUE` and
waits for its outcome, instead of crawling here. It holds the Redis lock :data:`LOCK_KEY`, so
there is one coordinator per Redis: a second one waits for the lock (and says so once). It is
also the one writer: :class:`CrawlWriter` takes what the nodes send on :data:`CRAWLED_QUEUE` (a
run's start, its articles, the pages to remember as not articles, its end with its stats) and
stores it with the store pipeline's batch writer into the one SQLite file, acknowledging a
message only after the COMMIT that holds it. A message redelivered after the writer died comes
back "already stored" (the URL check and the insert are one transaction); a run is known by its
source and start time, so its start or end stored twice is one row. After each COMMIT the
writer adds the URLs it stored (or remembered as not articles) to the known URLs in Redis
(:class:`rasad.crawl.known.RedisKnownUrls`), which the nodes' spiders skip as a local crawl skips
the database's. A page too old for its source is remembered in SQLite only (it stays known
while older than a crawl's limit, which only the database can tell).

A node's crawl process (:func:`crawl_node`) takes up to N jobs at a time and crawls each with
today's spider and pipelines (:func:`scheduler.crawl_one`), the source's lease held in Redis
(:class:`rasad.crawl.redis_lease.RedisLeases`: a second job for a source that is being crawled comes
back as Busy, as today), and :mod:`pipelines.send` in place of the store pipeline. It
acknowledges a job once its crawl has closed and its run's last message is sent: a node killed
mid-crawl leaves its job to be redelivered (Dramatiq's heartbeat timeout, 60 s), its source's
lease goes with its holder's alive key (30 s after its last beat, so the redelivered job crawls
rather than meet a Busy) and its run is marked interrupted when the source's next run starts.
SIGTERM closes the crawls in flight (their runs recorded as interrupted, as ``rasad run`` does)
and puts back the jobs not begun.

The crawled queue is not the backfill's store queue: a backfill's writer and a coordinator may
share a Redis, and each takes only its own messages.

Reads the daemon's settings (:mod:`settings`) and ``RASAD_REDIS`` (set on the nodes: the URL the
send pipeline sends to). Needs the ``distributed`` extra.
"""

from __future__ import annotations

import asyncio
import logging
import os
import queue
import signal
import threading
import time
import uuid

from scrapy.crawler import AsyncCrawlerRunner

from rasad.analyse.analysis import Analysed
from rasad.base import clock
from rasad.config import Source
from rasad.crawl.known import RedisKnownUrls
from rasad.crawl.redis_lease import RedisLeases, RedisLock
from rasad.crawl.runs import log_run, record_run_end, record_run_start, run_status, summarize
from rasad.distributed import ack_all, shared_broker
from rasad.messages import VERSION, from_json, payload_or_dead_letter, to_json
from rasad.store import db as database, leases
from rasad.store.batch_writer import BatchWriter
from rasad.store.ingest import Stored, remember_skipped, store_articles
from rasad.text.urls import url_key
from pipelines.store import to_store
from scheduler import CrawlResult, Daemon, crawl_one
from spiders.loader import spider_class

logger = logging.getLogger(__name__)

CRAWL_QUEUE = "rasad-crawl"
CRAWLED_QUEUE = "rasad-crawled"
LOCK_KEY = "rasad:coordinator"
LOCK_SECONDS = 30  # a coordinator that stopped renewing gives way this long after
LOCK_RETRY_SECONDS = 2
IDLE_SECONDS = 0.1  # how long the writer (or a node) sleeps when its queue is empty
PREFETCH = 200  # crawled messages the writer holds at a time
# The writer is the database's one regular writer here (``rasad trigger`` and other commands write
# rarely): it may hold the write lock longer than a shared crawl does, and commit less often.
WRITER_HOLD_SECONDS = 0.5
HEARTBEAT_SECONDS = 10  # a node busy crawling tells Redis it lives (Dramatiq's timeout: 60 s)


class JobFailed(Exception):
    """A crawl job raised on its node (the message says what)."""


class Sender:
    """Sends crawled messages (the send pipeline's, a node's) to the coordinator's writer, from a
    thread of its own and in the order given, so a crawl's reactor never waits on Redis;
    :meth:`flush` returns once all that was given is sent (a run's end, before its job is
    acknowledged). A message Redis refused is said in the log (a crawl's send always lost it)."""

    def __init__(self, redis_url: str):
        self.broker = shared_broker(redis_url)
        self._outbox: queue.Queue[dict] = queue.Queue()
        threading.Thread(target=self._send_all, name="rasad-sender", daemon=True).start()

    def send(self, kind: str, **fields) -> None:
        self._outbox.put({"v": VERSION, "kind": kind, **fields})

    def flush(self) -> None:
        self._outbox.join()

    def _send_all(self) -> None:
        from dramatiq import Message

        while True:
            payload = self._outbox.get()
            try:
                self.broker.enqueue(Message(queue_name=CRAWLED_QUEUE, actor_name="crawled", kwargs={}, options={},
                                            args=(payload,)))
            except Exception as exc:  # Redis went away: the node's log says what was not sent
                logger.error("could not send the %s message of %s to the writer: %r", payload["kind"],
                             payload.get("source"), exc)
            finally:
                self._outbox.task_done()


def crawl_job(job: str, source: Source, trigger: str):
    """The message asking a node to crawl *source* once; *job* names it in what the node sends back."""
    from dramatiq import Message

    return Message(queue_name=CRAWL_QUEUE, actor_name="crawl", kwargs={}, options={},
                   args=({"v": VERSION, "job": job, "source": to_json(source), "trigger": trigger},))


class CrawlWriter:
    """The coordinator's one writer (see the module docstring). ``waiting`` holds the futures of the
    jobs the coordinator awaits, by job id: each gets the run's CrawlResult, a Busy or a JobFailed."""

    def __init__(self, db, broker, max_rows: int, max_seconds: float):
        self.db = db
        self.consumer = broker.consume(CRAWLED_QUEUE, prefetch=PREFETCH, timeout=1)
        self.writer: BatchWriter = BatchWriter(self._store, self._written, max_rows=max_rows,
                                               max_seconds=max_seconds)
        self.waiting: dict[str, asyncio.Future] = {}
        self.known = RedisKnownUrls(broker.client)

    async def run(self, stopping: asyncio.Event) -> None:
        """Take and write messages until *stopping*; then write what was taken and put the rest back."""
        from dramatiq import Message

        try:
            while not stopping.is_set():
                message = next(self.consumer)
                if message is None:
                    # Nothing came. What waits is written by the batch writer's timer, not now: a
                    # writer that wrote at every pause would commit each article alone while the
                    # nodes send a few a second (and the full-text indexes merge at every commit).
                    await asyncio.sleep(IDLE_SECONDS)
                    continue
                self._take(message)
                await asyncio.sleep(0)  # the scheduler, the triggers and the batch writer's timer
        finally:
            self.writer.flush()
            self.consumer.requeue([Message.decode(data) for data in self.consumer.message_cache if data is not None])
            self.consumer.close()

    def _take(self, message) -> None:
        if (payload := payload_or_dead_letter(self.consumer, message, "crawled message")) is None:
            return
        if payload["kind"] == "article":
            analysed = from_json(Analysed, payload["analysed"])
            self.writer.put((message, to_store(analysed, source=payload["source"], fetched_at=payload["fetched_at"],
                                               content_type=payload["content_type"],
                                               discovered_via=payload["discovered_via"])))
            return
        self.writer.flush()  # a run's articles are written before its end is recorded
        {"run-start": self._run_start, "run-end": self._run_end, "skipped": self._skipped,
         "busy": self._busy, "failed": self._failed}[payload["kind"]](payload)
        self.consumer.ack(message)

    def _store(self, batch: list) -> list[Stored | Exception]:
        """Store *batch* in one transaction; then its URLs are known to the nodes, and its
        messages acknowledged, all in one round trip each."""
        results = store_articles(self.db, [entry for _, entry in batch], hold_seconds=WRITER_HOLD_SECONDS)
        stored = [message for (message, _), result in zip(batch, results) if not isinstance(result, Exception)]
        known = [message.args[0]["url"] for message in stored]
        for (message, _), result in zip(batch, results):
            payload = message.args[0]
            requested = payload["requested_url"]
            if isinstance(result, Stored) and result.article_id is not None and requested \
                    and url_key(requested) != url_key(payload["url"]):
                # a redirecting link (http→https, a short link): known from now on, not fetched again
                remember_skipped(self.db, requested, payload["source"], "redirect", clock.timestamp())
                known.append(requested)
        self.known.add(known)
        ack_all(self.consumer, stored)
        return results

    def _written(self, entry, stored: Stored | Exception) -> None:
        """An article that could not be stored is kept in Redis's dead letters, said here (the
        stored ones were acknowledged with their batch)."""
        message, _ = entry
        if isinstance(stored, Exception):
            logger.error("could not store %s: %s", message.args[0]["url"], stored)
            self.consumer.nack(message)

    def _run_id(self, payload: dict) -> int | None:
        row = self.db.execute("SELECT id FROM crawl_runs WHERE source = ? AND started_at = ?",
                              (payload["source"], payload["started_at"])).fetchone()
        return row[0] if row else None

    def _run_start(self, payload: dict) -> None:
        if self._run_id(payload) is not None:  # redelivered
            return
        run_id = record_run_start(self.db, payload["source"], payload["trigger"], payload["started_at"])
        with database.transaction(self.db):  # a run of the source left running: its node died
            interrupted = leases.interrupt_runs(self.db, "source = ? AND id < ?", (payload["source"], run_id))
        if interrupted:
            logger.warning("source=%s: %d runs left by a node that stopped marked interrupted", payload["source"],
                           interrupted)

    def _run_end(self, payload: dict) -> None:
        """Record the run with the node's stats and what was stored of it here."""
        stats, source = payload["stats"], payload["source"]
        stored, exact, near = self.db.execute(
            "SELECT count(*), count(*) FILTER (WHERE similarity = 1.0), "
            "count(*) FILTER (WHERE duplicate_of IS NOT NULL AND similarity < 1.0) "
            "FROM articles WHERE source = ? AND fetched_at >= ?", (source, payload["started_at"])).fetchone()
        stats.update({"rasad/stored": stored, "rasad/duplicates/exact": exact, "rasad/duplicates/near": near})
        run_id = self._run_id(payload)
        summary = summarize(stats)
        status, reason = run_status(stats)
        record_run_end(self.db, run_id, stats, status, reason, summary)
        log_run(run_id, source, status, reason, summary)
        self._resolve(payload, CrawlResult(source, stats.get("finish_reason", "unknown"), stats))

    def _skipped(self, payload: dict) -> None:
        remember_skipped(self.db, payload["url"], payload["source"], payload["reason"], payload["seen_at"],
                         payload["published_at"])
        if payload["reason"] != "too-old":  # known to a crawl only while older than its limit: asked of SQLite
            self.known.add([payload["url"]])

    def _busy(self, payload: dict) -> None:
        self._resolve(payload, leases.Busy(payload["source"], payload["holder"], payload["since"]))

    def _failed(self, payload: dict) -> None:
        self._resolve(payload, JobFailed(payload["error"]))

    def _resolve(self, payload: dict, outcome: object) -> None:
        future = self.waiting.pop(payload.get("job"), None)
        if future is None or future.done():  # a job of an earlier coordinator
            return
        if isinstance(outcome, Exception):
            future.set_exception(outcome)
        else:
            future.set_result(outcome)


class Coordinator(Daemon):
    """``rasad run --redis URL`` (see the module docstring)."""

    def __init__(self, settings, sources_path, redis_url: str):
        super().__init__(settings, sources_path)
        self.redis_url = redis_url

    async def main(self) -> int:
        loop = asyncio.get_running_loop()
        for sig in (signal.SIGTERM, signal.SIGINT):  # while waiting for the lock too
            loop.add_signal_handler(sig, self._stop, sig.name)
        self.broker = shared_broker(self.redis_url)
        self.broker.declare_queue(CRAWL_QUEUE)
        lock = RedisLock(self.broker.client, LOCK_KEY, self.holder, LOCK_SECONDS)
        if not await self._wait_for(lock):
            return 0
        keeper = asyncio.ensure_future(self._keep(lock))
        writes = database.connect(self.settings["RASAD_DB"])
        self.writer = CrawlWriter(writes, self.broker, self.settings.getint("RASAD_WRITE_BATCH"),
                                  self.settings.getfloat("RASAD_WRITE_SECONDS"))
        writing = asyncio.ensure_future(self.writer.run(self.stopping))
        writing.add_done_callback(self._writer_stopped)
        try:
            code = await super().main()
        finally:
            self.stopping.set()
            keeper.cancel()
            await asyncio.wait([writing])
            writes.conn.close()
            lock.release()
        return 1 if writing.exception() is not None else code

    def _writer_stopped(self, writing: asyncio.Task) -> None:
        """A writer that failed (a damaged database, a full disk) stops the coordinator, exit 1:
        what it had not acknowledged stays in Redis for the next one."""
        if writing.exception() is not None:
            logger.error("the writer failed: %r; stopping", writing.exception())
            self._stop("writer failure")

    async def _wait_for(self, lock: RedisLock) -> bool:
        """Take the coordinator's lock, waiting for it while another coordinator holds it; False
        when stopped while waiting."""
        said = False
        while (other := lock.acquire()) is not None:
            if not said:
                logger.warning("another coordinator holds the lock on this Redis (%s, since %s): waiting for it", *other)
                said = True
            try:
                await asyncio.wait_for(self.stopping.wait(), LOCK_RETRY_SECONDS)
                return False
            except asyncio.TimeoutError:
                pass
        logger.info("coordinator lock taken on %s", self.redis_url.rsplit("@", 1)[-1])
        return True

    async def _keep(self, lock: RedisLock) -> None:
        while True:
            await asyncio.sleep(LOCK_SECONDS / 3)
            if not lock.renew():
                logger.error("the coordinator lock was lost (this process was paused past %ds?): stopping",
                             LOCK_SECONDS)
                self._stop("lost coordinator lock")
                return

    async def _crawl(self, source_id: str, trigger: str) -> CrawlResult | leases.Busy | None:
        """Send the crawl job and wait for its outcome from the writer; None when the coordinator
        stops first (the job goes on on its node)."""
        job = uuid.uuid4().hex
        future = asyncio.get_running_loop().create_future()
        self.writer.waiting[job] = future
        self.broker.enqueue(crawl_job(job, self.sources[source_id], trigger))
        logger.info("source=%s crawl job %s sent to the workers", source_id, job)
        try:
            return await future
        finally:
            self.writer.waiting.pop(job, None)

    async def _shutdown(self) -> None:
        for future in self.writer.waiting.values():  # the jobs go on on their nodes; the next coordinator stores them
            future.set_result(None)
        await super()._shutdown()


async def crawl_node(redis_url: str, crawls: int, settings) -> None:
    """A node's crawl process: up to *crawls* jobs at a time until SIGTERM (see the module docstring)."""
    from dramatiq import Message

    broker = shared_broker(redis_url)
    sender = Sender(redis_url)
    runner = AsyncCrawlerRunner(settings)
    held = RedisLeases(broker.client, leases.holder_id())
    consumer = broker.consume(CRAWL_QUEUE, prefetch=crawls, timeout=1)
    stopping = asyncio.Event()
    loop = asyncio.get_running_loop()
    loop.add_signal_handler(signal.SIGTERM, stopping.set)  # from the node (Ctrl-C too reaches the node)
    jobs: set[asyncio.Task] = set()
    parent = os.getppid()

    async def crawl(message) -> None:
        if (payload := payload_or_dead_letter(consumer, message, "crawl job")) is None:
            return
        source = from_json(Source, payload["source"])
        try:
            result = await crawl_one(runner, spider_class(source), held, payload["trigger"], job=payload["job"])
        except Exception as exc:  # the coordinator hears of it; the node goes on
            logger.exception("source=%s crawl raised", source.id)
            sender.send("failed", job=payload["job"], source=source.id, error=f"{type(exc).__name__}: {exc}")
        else:
            if isinstance(result, leases.Busy):
                logger.info("source=%s busy: %s", source.id, result)
                sender.send("busy", job=payload["job"], source=source.id, holder=result.holder, since=result.since)
        await asyncio.to_thread(sender.flush)
        consumer.ack(message)

    async def beat() -> None:
        """Tell Redis this node lives while every slot crawls (Dramatiq's heartbeat), and that its
        leases' holder does (a dead one's leases may be taken at once: rasad.crawl.redis_lease)."""
        while True:
            broker.client.zadd(f"{broker.namespace}:__heartbeats__", {broker.broker_id: int(time.time() * 1000)})
            held.beat()
            await asyncio.sleep(HEARTBEAT_SECONDS)

    beating = asyncio.ensure_future(beat())
    try:
        while not stopping.is_set() and os.getppid() == parent:  # a node killed with SIGKILL takes its processes along
            message = next(consumer) if len(jobs) < crawls else None
            if message is None:
                await asyncio.sleep(IDLE_SECONDS if len(jobs) < crawls else 1)
                continue
            task = asyncio.ensure_future(crawl(message))
            jobs.add(task)
            task.add_done_callback(jobs.discard)
        await runner.stop()  # the crawls in flight close, recorded as interrupted
        if jobs:
            await asyncio.wait(jobs)
    finally:
        beating.cancel()
        consumer.requeue([Message.decode(data) for data in consumer.message_cache if data is not None])
        consumer.close()
