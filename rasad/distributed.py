"""Past one machine: archives analysed on worker nodes, stored by one writer, over Dramatiq on Redis.

``rasad backfill --redis URL FILE...`` reads JSON Lines or WARC files as ``rasad import`` does
(records already stored and bad ones are passed over there), sends the rest in batches of
``BATCH_RECORDS`` to the ``rasad-analyse`` queue, and is the one writer: it takes the analysed
batches back from ``rasad-store`` and stores them with the import's batch writer, in the files'
order (an earlier page is its story's original, as in an import), acknowledging a message only
once the transaction holding its articles has committed. At most ``BATCHES_AHEAD`` batches are
out at a time, so a large archive never sits whole in Redis.

``rasad worker --redis URL --workers N`` is a node (:mod:`rasad.node`): N processes, each a Dramatiq worker with one
thread (analysis is pure Python: threads would share one core) that extracts, validates,
fingerprints and tags a batch (:func:`rasad.importer.analyse_numbered`) and sends the results to
``rasad-store``. SIGTERM or Ctrl-C lets each finish the batch it holds; what it had fetched ahead
goes back to the queue.

Delivery is at least once: a message held by a node that died comes back after Dramatiq's
heartbeat timeout (60 s), and a batch analysed twice, or stored and not yet acknowledged when
the writer died, comes back to a writer as "already stored" (the URL check and the insert are
one transaction). Store messages of a backfill that was stopped are written by the next one.
Messages are versioned JSON (:mod:`rasad.messages`), never pickle.

Reads no settings: the Redis URL (``redis://``, or ``rediss://`` for TLS, with a password if
Redis wants one) comes from the command line. Needs the ``distributed`` extra.
"""

from __future__ import annotations

import asyncio
import base64
import functools
import itertools
import json
import logging
import time
import uuid
from collections.abc import Callable, Iterable
from datetime import date, datetime

from rasad.analyse.analysis import Analysed, Rejected
from rasad.base import clock
from rasad.crawl.warc import ArchivedPage
from rasad.importer import Admitted, ImportReport, ImportWriter, analyse_numbered
from rasad.messages import VERSION, WrongVersion, check_version, from_json, payload_or_dead_letter, to_json

logger = logging.getLogger(__name__)

ANALYSE_QUEUE = "rasad-analyse"
STORE_QUEUE = "rasad-store"
BATCH_RECORDS = 20
BATCHES_AHEAD = 32
POLL_MS = 200  # how long the writer waits for a store message before writing what it has
NO_WORKER_WARNING_S = 10  # nothing back for this long: is any worker there?
MAINTENANCE_CHANCE = 20_000  # in a million


class Utf8JsonEncoder:
    """Dramatiq's JSON encoding (``dramatiq.encoder.JSONEncoder``) with text written as UTF-8 rather
    than \\u escapes: an Arabic article's message is a third smaller in Redis and quicker for the
    writer to decode. Any JSON decoder reads both, so nodes of either encoding work together
    (Dramatiq's Message.decode turns a decoding error into its DecodeError). A text UTF-8 cannot
    hold (a lone surrogate: an emoji cut in two in a JSON line) is escaped, as Dramatiq's own
    encoder does, so that it costs no batch."""

    def encode(self, data: dict) -> bytes:
        try:
            return json.dumps(data, separators=(",", ":"), ensure_ascii=False).encode("utf-8")
        except UnicodeEncodeError:
            return json.dumps(data, separators=(",", ":")).encode("ascii")

    def decode(self, data: bytes) -> dict:
        return json.loads(data)


def connect(url: str):
    """The Dramatiq broker on the Redis at *url*, with rasad's actor declared and JSON messages."""
    import dramatiq
    from dramatiq.brokers.redis import RedisBroker

    dramatiq.set_encoder(Utf8JsonEncoder())
    # Dramatiq puts back a dead node's messages when a live one does maintenance: at 2 % of its
    # Redis calls (default 0.1 %) that comes seconds, not minutes, after the heartbeat timeout
    broker = RedisBroker(url=url, maintenance_chance=MAINTENANCE_CHANCE)
    dramatiq.set_broker(broker)
    # a message of another version is dead-lettered at once: retrying would not make it readable
    dramatiq.actor(analyse_batch, actor_name="analyse_batch", queue_name=ANALYSE_QUEUE, broker=broker,
                   max_retries=3, throws=(WrongVersion,))
    broker.declare_queue(STORE_QUEUE)
    return broker


# Dramatiq's "ack" (its dispatch.lua) for many messages in one call: KEYS[1] the consumer's acks
# set, KEYS[2] the queue's messages; ARGV the messages' Redis ids. A message no longer in the
# acks set (put back meanwhile, another consumer's now) is left alone, as Dramatiq's ack does.
_ACK_ALL = """
for i = 1, #ARGV do
    if redis.call('srem', KEYS[1], ARGV[i]) > 0 then redis.call('hdel', KEYS[2], ARGV[i]) end
end
"""


def ack_all(consumer, messages: list) -> None:
    """Acknowledge *messages* taken from Dramatiq Redis *consumer*, in one round trip (one
    ``consumer.ack`` each is one round trip each: the writer's ceiling). Reads the key layout
    of Dramatiq's Redis broker (2.x)."""
    if not messages:
        return
    broker, queue = consumer.broker, consumer.queue_name
    script = broker.client.register_script(_ACK_ALL)
    script(keys=[f"{broker.namespace}:__acks__.{broker.broker_id}.{queue}", f"{broker.namespace}:{queue}.msgs"],
           args=[message.options["redis_message_id"] for message in messages])
    for message in messages:
        consumer.queued_message_ids.discard(message.message_id)


@functools.cache
def shared_broker(url: str):
    """One broker per process and Redis URL (:func:`connect`), for the code that sends from a crawl."""
    return connect(url)


def encode_record(record: object) -> dict:
    if isinstance(record, ArchivedPage):
        return {"page": {"url": record.url, "headers": record.headers,
                         "body": base64.b64encode(record.body).decode("ascii")}}
    return {"line": record}


def decode_record(data: dict) -> object:
    if "page" in data:
        page = data["page"]
        return ArchivedPage(page["url"], base64.b64decode(page["body"]), page["headers"])
    return data["line"]


def analyse_batch(message: dict) -> None:
    """The actor: analyse a batch of records, send the results to the store queue."""
    import dramatiq
    from dramatiq import Message

    check_version(message)
    now = datetime.fromisoformat(message["now"])
    oldest = date.fromisoformat(message["oldest"]) if message["oldest"] else None
    results = []
    for number, record_source, content_type, record in message["records"]:
        result = {"n": number, "source": record_source, "content_type": content_type}
        try:
            analysed = analyse_numbered((number, decode_record(record)), now=now, language=message["language"],
                                        oldest=oldest, gazetteer_path=None, full=message.get("full", False))
        except Exception as exc:  # one bad record costs that record, as in an import
            result["error"] = str(exc)
        else:
            if isinstance(analysed, Rejected):
                result["rejected"] = to_json(analysed)
            else:
                result["analysed"] = to_json(analysed)
        results.append(result)
    stored = {"v": VERSION, "backfill": message["backfill"], "batch": message["batch"], "results": results}
    dramatiq.get_broker().enqueue(Message(queue_name=STORE_QUEUE, actor_name="store", args=(stored,), kwargs={},
                                          options={}))


def _workers_seen(broker) -> bool:
    """Whether a node other than this process called Redis in the last minute (Dramatiq keeps each
    consumer's last call in its heartbeats set)."""
    since = int(time.time() * 1000) - 60_000
    beats = broker.client.zrangebyscore(f"{broker.namespace}:__heartbeats__", since, "+inf")
    return any(beat.decode() != broker.broker_id for beat in beats)


def _records(batch: list[Admitted]) -> list[list]:
    """The admitted records of an analyse message."""
    return [[item.number, item.source, item.content_type, encode_record(item.record)] for item in batch]


def _outcome(result: dict) -> Analysed | Rejected | Exception:
    """What a worker made of one record: an analysed article, a rejection, or an error."""
    if "error" in result:
        return Exception(result["error"])
    if "rejected" in result:
        return from_json(Rejected, result["rejected"])
    return from_json(Analysed, result["analysed"])


def _warned_of_no_worker(broker, last_received: float) -> bool:
    """Nothing came back for a while: say so when no worker has been seen either."""
    if time.monotonic() - last_received <= NO_WORKER_WARNING_S or _workers_seen(broker):
        return False
    logger.warning("no rasad worker has been seen on this Redis in the last minute; the backfill waits for one "
                   "(rasad worker --redis URL)")
    return True


async def backfill(db, broker, records: Iterable[tuple[int, object]], *, source: str | None,
                   language: str | None = None, oldest: date | None = None, full: bool = False,
                   progress: Callable[[ImportReport], None] | None = None,
                   report: ImportReport | None = None) -> ImportReport:
    """Send *records* (see :func:`rasad.importer.read_records`) to the workers and store what
    they send back; see the module docstring (*full*: the workers run trafilatura's full tier
    alone). *report* is filled as it goes."""
    from dramatiq import Message

    writing = ImportWriter(db, source=source, language=language, progress=progress, report=report)
    backfill_id = uuid.uuid4().hex
    batch_fields = {"v": VERSION, "backfill": backfill_id, "now": clock.now().isoformat(), "language": language,
                    "oldest": oldest.isoformat() if oldest else None, "full": full}
    admitted = writing.admit(records)
    consumer = broker.consume(STORE_QUEUE, prefetch=2 * BATCHES_AHEAD, timeout=POLL_MS)
    waiting: dict[int, object] = {}  # our batch number -> its store message, until its turn
    unacknowledged: dict[str, object] = {}  # store messages taken and not acknowledged, by Redis id
    sent = written = 0  # our batches sent; taken to write, in order
    exhausted = warned = False
    last_received = time.monotonic()

    def write(message) -> None:
        """Queue a store message's articles for the batch writer; acknowledge it once written."""
        payload, key = message.args[0], message.options["redis_message_id"]
        unacknowledged[key] = message
        left = len(payload["results"])

        def done() -> None:
            nonlocal left
            left -= 1
            if left == 0:
                consumer.ack(message)
                del unacknowledged[key]

        for result in payload["results"]:
            writing.take(Admitted(result["n"], None, result["source"], result["content_type"]), _outcome(result),
                         done=done)

    def received(message) -> None:
        """A store message: written in our batches' order, or at once if another backfill left it."""
        if (payload := payload_or_dead_letter(consumer, message, "store message")) is None:
            return
        if payload["backfill"] != backfill_id:
            write(message)  # left by a backfill that was stopped: stored all the same
        elif payload["batch"] < written or payload["batch"] in waiting:
            consumer.ack(message)  # a batch analysed twice (its worker died before acknowledging)
        else:
            waiting[payload["batch"]] = message

    try:
        while True:
            while not exhausted and sent - written < BATCHES_AHEAD:
                batch = list(itertools.islice(admitted, BATCH_RECORDS))
                if not batch:
                    exhausted = True
                    break
                broker.enqueue(Message(queue_name=ANALYSE_QUEUE, actor_name="analyse_batch", kwargs={}, options={},
                                       args=({**batch_fields, "batch": sent, "records": _records(batch)},)))
                sent += 1
            if exhausted and written == sent and not unacknowledged:
                break
            message = next(consumer)
            if message is None:  # nothing came: write what waits, so its messages are acknowledged
                writing.writer.flush()
                if not warned and sent > written:
                    warned = _warned_of_no_worker(broker, last_received)
                await asyncio.sleep(0)
                continue
            last_received = time.monotonic()
            received(message)
            while written in waiting:
                write(waiting.pop(written))
                written += 1
            await asyncio.sleep(0)  # the batch writer's timer
        return writing.close()
    finally:
        writing.writer.flush()
        # what was taken and not written goes back to the queue for the next writer
        consumer.requeue([*waiting.values(), *unacknowledged.values(),
                          *(Message.decode(data) for data in consumer.message_cache if data is not None)])
        consumer.close()
