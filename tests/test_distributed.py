"""``rasad backfill`` on ``rasad worker`` nodes, with a real redis-server (the redis_server
fixture) and real worker processes."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from contextlib import contextmanager

import pytest

from tests.conftest import REPOSITORY, run_rasad
from tests.test_warc import STORED, rows, stories
from tests.warc_files import sample_pages, write_warc

pytest.importorskip("dramatiq", reason="the distributed extra is not installed (pip install -e '.[test]')")
redis = pytest.importorskip("redis", reason="the distributed extra is not installed (pip install -e '.[test]')")


@pytest.fixture(scope="module")
def pages():
    return sample_pages()


@contextmanager
def workers(redis_url: str, count: int, *options: str, env: dict | None = None):
    """*count* `rasad worker` nodes of one process each (and *options*); stopped with SIGTERM, which
    must end them cleanly."""
    env = {**os.environ, "PYTHONWARNINGS": "ignore::DeprecationWarning", **(env or {})}
    nodes = [subprocess.Popen([sys.executable, "-m", "rasad", "worker", "--redis", redis_url, "--workers", "1",
                               *options], cwd=REPOSITORY, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                              text=True)
             for _ in range(count)]
    try:
        client = redis.Redis.from_url(redis_url)
        # ready when each has called Redis (Dramatiq's heartbeats), so no test races their start-up
        while client.zcard("dramatiq:__heartbeats__") < count and all(node.poll() is None for node in nodes):
            time.sleep(0.1)
        client.close()
        yield nodes
    finally:
        for node in nodes:
            node.send_signal(signal.SIGTERM)
        outcomes = [node.communicate(timeout=120) for node in nodes]
    for node, (_, err) in zip(nodes, outcomes):
        assert node.returncode == 0 and "Traceback" not in err, err[-3000:]


def _stored_once_as_an_import_stores(db, warc, tmp_path) -> None:
    """*db* holds each page of *warc* once, in the stories `rasad import` of it gives."""
    imported = run_rasad("import", str(warc), "--db", str(tmp_path / "import.db"))
    assert imported.returncode == 0, imported.stderr
    count, distinct = rows(db, "SELECT count(*), count(DISTINCT url) FROM articles")[0]
    assert count == distinct == rows(tmp_path / "import.db", "SELECT count(*) FROM articles")[0][0]
    assert stories(db) == stories(tmp_path / "import.db")


def test_a_backfill_on_two_workers_stores_what_an_import_of_the_warc_stores(tmp_path, pages, redis_server):
    warc = tmp_path / "sample.warc.gz"
    write_warc(warc, pages)
    imported = run_rasad("import", str(warc), "--db", str(tmp_path / "import.db"))
    assert imported.returncode == 0, imported.stderr
    with workers(redis_server, 2):
        backfilled = run_rasad("backfill", "--redis", redis_server, str(warc), "--db", str(tmp_path / "backfill.db"))
    assert backfilled.returncode == 0, backfilled.stderr
    # the same report, the same rows and stories
    assert backfilled.stdout == imported.stdout and backfilled.stderr == imported.stderr
    stored = rows(tmp_path / "backfill.db", STORED)
    assert len(stored) >= 40 and stored == rows(tmp_path / "import.db", STORED)
    assert stories(tmp_path / "backfill.db") == stories(tmp_path / "import.db")
    # written in the file's order, as an import writes: the same ids, story originals and copies
    order = "SELECT id, url, story_id, duplicate_of, similarity FROM articles ORDER BY id"
    assert rows(tmp_path / "backfill.db", order) == rows(tmp_path / "import.db", order)
    tags = "SELECT article_id, kind, tag_id, mentions, evidence FROM article_tags ORDER BY 1, 2, 3"
    imported_tags = rows(tmp_path / "import.db", tags)
    assert imported_tags and rows(tmp_path / "backfill.db", tags) == imported_tags


def test_the_full_tier_alone_is_asked_of_the_workers_too(tmp_path, pages, redis_server):
    warc = tmp_path / "sample.warc.gz"
    write_warc(warc, pages)
    full = {"RASAD_EXTRACTION": "full"}
    imported = run_rasad("import", str(warc), "--db", str(tmp_path / "import.db"), env=full)
    with workers(redis_server, 1):
        backfilled = run_rasad("backfill", "--redis", redis_server, str(warc), "--db", str(tmp_path / "backfill.db"),
                               env=full)
    assert backfilled.returncode == 0 == imported.returncode, backfilled.stderr
    assert ", 0 fell back to the full tier" in backfilled.stdout and backfilled.stdout == imported.stdout


def test_two_workers_given_the_same_urls_store_one_row_each(tmp_path, pages, redis_server):
    warc = tmp_path / "twice.warc.gz"
    write_warc(warc, pages + pages)  # every page in two batches, taken by two workers
    with workers(redis_server, 2):
        result = run_rasad("backfill", "--redis", redis_server, str(warc), "--db", str(tmp_path / "rasad.db"))
    assert result.returncode == 0, result.stderr
    count, distinct = rows(tmp_path / "rasad.db", "SELECT count(*), count(DISTINCT url) FROM articles")[0]
    assert count == distinct >= 40
    assert f"{2 * len(pages)} records: {count} stored" in result.stdout and f"{count} already stored" in result.stdout


def test_backfill_refuses_a_redis_it_cannot_reach(tmp_path, pages):
    warc = tmp_path / "sample.warc.gz"
    write_warc(warc, pages[:1])
    result = run_rasad("backfill", "--redis", "redis://127.0.0.1:1/0", str(warc), "--db", str(tmp_path / "rasad.db"))
    assert result.returncode == 1 and "cannot reach Redis at redis://127.0.0.1:1/0" in result.stderr
    assert "Traceback" not in result.stderr and not (tmp_path / "rasad.db").exists()


@pytest.mark.parametrize("command", [["run"], ["worker", "--crawls", "1"]])
def test_a_coordinator_and_a_node_refuse_a_redis_they_cannot_reach_touching_nothing(tmp_path, command):
    result = run_rasad(*command, "--redis", "redis://127.0.0.1:1/0", "--db", str(tmp_path / "data" / "rasad.db"))
    assert result.returncode == 1 and "cannot reach Redis at redis://127.0.0.1:1/0" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1 and "Traceback" not in result.stderr, result.stderr
    assert list(tmp_path.iterdir()) == []


def test_a_redelivered_batch_comes_back_already_stored_and_another_version_is_refused(tmp_path, pages,
                                                                                      redis_server):
    from datetime import datetime, timezone

    from dramatiq import Message

    from rasad.crawl.warc import ArchivedPage
    from rasad.distributed import STORE_QUEUE, analyse_batch, connect, encode_record
    from rasad.messages import VERSION

    articles = [page for page in pages if page[0].startswith("https://www.eremnews.com/news/arab-world/")]
    first, second = tmp_path / "first.warc.gz", tmp_path / "second.warc.gz"
    write_warc(first, articles[:2])
    write_warc(second, articles[2:3])
    assert run_rasad("import", str(first), "--db", str(tmp_path / "rasad.db")).returncode == 0
    broker = connect(redis_server)
    # what a backfill stopped after its writer had committed, before it acknowledged, leaves behind
    url, body, headers = articles[0]
    record = encode_record(ArchivedPage(url, body, dict(headers)))
    analyse_batch({"v": VERSION, "backfill": "stopped", "batch": 0, "now": datetime.now(timezone.utc).isoformat(),
                   "language": None, "oldest": None, "records": [[1, "www.eremnews.com", "text/html", record]]})
    broker.enqueue(Message(queue_name=STORE_QUEUE, actor_name="store", args=({"v": 99, "results": []},), kwargs={},
                           options={}))
    broker.close()
    with workers(redis_server, 1):
        result = run_rasad("backfill", "--redis", redis_server, str(second), "--db", str(tmp_path / "rasad.db"))
    assert result.returncode == 0, result.stderr
    assert "1 records: 1 stored" in result.stdout and "1 already stored" in result.stdout
    assert f"message version 99, this node reads version {VERSION}" in result.stderr
    assert rows(tmp_path / "rasad.db", "SELECT count(*), count(DISTINCT url) FROM articles")[0] == (3, 3)


def test_ctrl_c_on_a_backfill_loses_nothing_and_the_next_one_goes_on(tmp_path, pages, redis_server):
    warc = tmp_path / "sample.warc.gz"
    write_warc(warc, pages)
    db = tmp_path / "rasad.db"
    env = {**os.environ, "PYTHONWARNINGS": "ignore::DeprecationWarning"}
    # no worker yet: the backfill sends its batches, waits for them, and says why it waits
    log = tmp_path / "backfill.err"
    with log.open("w") as stderr:
        backfill = subprocess.Popen([sys.executable, "-m", "rasad", "backfill", "--redis", redis_server, str(warc),
                                     "--db", str(db)], cwd=REPOSITORY, env=env, stdout=subprocess.DEVNULL,
                                    stderr=stderr, text=True, start_new_session=True)
        while "no rasad worker has been seen" not in log.read_text() and backfill.poll() is None:
            time.sleep(0.2)
        os.killpg(backfill.pid, signal.SIGINT)  # what Ctrl-C in a terminal sends
        backfill.wait(timeout=120)
    err = log.read_text()
    assert "no rasad worker has been seen on this Redis" in err
    assert backfill.returncode == 130 and "interrupted after" in err and "Traceback" not in err, err[-3000:]
    with workers(redis_server, 2):
        again = run_rasad("backfill", "--redis", redis_server, str(warc), "--db", str(db))
    assert again.returncode == 0, again.stderr
    # the batches the first backfill sent were analysed and stored too: each page once
    _stored_once_as_an_import_stores(db, warc, tmp_path)


def test_kill_9_of_a_worker_holding_a_batch_loses_nothing_and_stores_nothing_twice(tmp_path, pages, redis_server):
    from pathlib import Path

    warc = tmp_path / "sample.warc.gz"
    write_warc(warc, pages)
    db = tmp_path / "rasad.db"
    env = {**os.environ, "PYTHONWARNINGS": "ignore::DeprecationWarning"}
    client = redis.Redis.from_url(redis_server)
    with workers(redis_server, 1) as [node]:
        backfill = subprocess.Popen([sys.executable, "-m", "rasad", "backfill", "--redis", redis_server, str(warc),
                                     "--db", str(db)], cwd=REPOSITORY, env=env, stdout=subprocess.PIPE,
                                    stderr=subprocess.PIPE, text=True)

        def held() -> bool:
            return any(client.scard(key) for key in client.keys("dramatiq:__acks__.*.rasad-analyse"))

        while not held() and backfill.poll() is None:
            time.sleep(0.05)
        assert backfill.poll() is None, backfill.communicate()
        children = Path(f"/proc/{node.pid}/task/{node.pid}/children").read_text().split()
        processes = [int(pid) for pid in children
                     if b"resource_tracker" not in Path(f"/proc/{pid}/cmdline").read_bytes()]
        assert len(processes) == 1
        os.kill(processes[0], signal.SIGKILL)  # the node starts another; the batches held come back
        out, err = backfill.communicate(timeout=600)
    client.close()
    assert backfill.returncode == 0, err[-3000:]
    imported = run_rasad("import", str(warc), "--db", str(tmp_path / "import.db"))
    assert imported.returncode == 0, imported.stderr
    assert out == imported.stdout
    count, distinct = rows(db, "SELECT count(*), count(DISTINCT url) FROM articles")[0]
    assert count == distinct == rows(tmp_path / "import.db", "SELECT count(*) FROM articles")[0][0]
    assert stories(db) == stories(tmp_path / "import.db")


def stored_articles(db) -> int:
    import sqlite3

    try:
        return rows(db, "SELECT count(*) FROM articles")[0][0]
    except sqlite3.OperationalError:  # not made yet
        return 0


def test_kill_9_of_the_writer_loses_nothing_and_the_next_backfill_stores_nothing_twice(tmp_path, pages,
                                                                                        redis_server):
    warc = tmp_path / "sample.warc.gz"
    write_warc(warc, pages)
    db = tmp_path / "rasad.db"
    env = {**os.environ, "PYTHONWARNINGS": "ignore::DeprecationWarning"}

    with workers(redis_server, 2):
        backfill = subprocess.Popen([sys.executable, "-m", "rasad", "backfill", "--redis", redis_server, str(warc),
                                     "--db", str(db)], cwd=REPOSITORY, env=env, stdout=subprocess.PIPE,
                                    stderr=subprocess.PIPE, text=True)
        while not stored_articles(db) and backfill.poll() is None:
            time.sleep(0.05)
        backfill.kill()  # SIGKILL: committed batches may be left unacknowledged, taken ones unwritten
        backfill.communicate()
        again = run_rasad("backfill", "--redis", redis_server, str(warc), "--db", str(db))
    assert again.returncode == 0, again.stderr
    _stored_once_as_an_import_stores(db, warc, tmp_path)


def test_a_worker_node_killed_with_sigkill_takes_its_processes_along(redis_server):
    from pathlib import Path

    env = {**os.environ, "PYTHONWARNINGS": "ignore::DeprecationWarning"}
    node = subprocess.Popen([sys.executable, "-m", "rasad", "worker", "--redis", redis_server, "--workers", "1"],
                            cwd=REPOSITORY, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    client = redis.Redis.from_url(redis_server)
    while not client.zcard("dramatiq:__heartbeats__") and node.poll() is None:
        time.sleep(0.1)
    client.close()
    children = [int(pid) for pid in Path(f"/proc/{node.pid}/task/{node.pid}/children").read_text().split()]
    assert children
    node.kill()
    node.wait()
    for _ in range(600):  # up to a minute; each checks on its parent every second
        if not any(alive(pid) for pid in children):
            break
        time.sleep(0.1)
    else:
        pytest.fail(f"worker processes {children} outlived their node")


def alive(pid: int) -> bool:
    """Whether process *pid* runs (an exited one no parent reaped is a zombie, state Z)."""
    from pathlib import Path

    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except FileNotFoundError:
        return False
    return stat.rsplit(")", 1)[1].split()[0] != "Z"


# crawls on worker nodes, for a coordinator (`rasad run --redis`)

LOCK_RETRY_SECONDS = 2  # rasad.coordinator's; imported there only with the distributed extra

CRAWLED = "SELECT url, source, title, text, author, description, substr(published_at, 1, 10) FROM articles ORDER BY url"


def crawled(db) -> list[tuple]:
    """The stored articles with their day of publication: a page listed in a feed and a sitemap
    takes its date from whichever listing came first (as the e2e tests, the day is compared).
    Which article of a story is its original is left out: sources crawled at once (as `rasad
    run` crawls them) store in another order than the demo, which crawls one after another."""
    return rows(db, CRAWLED)


def coordinator_process(redis_url: str, db, stderr) -> subprocess.Popen:
    """`rasad run --redis` into *db*, its stderr into the file *stderr*."""
    env = {**os.environ, "PYTHONWARNINGS": "ignore::DeprecationWarning"}
    return subprocess.Popen([sys.executable, "-m", "rasad", "run", "--redis", redis_url, "--db", str(db)],
                            cwd=REPOSITORY, env=env, stdout=subprocess.DEVNULL, stderr=stderr)


@contextmanager
def coordinator(redis_url: str, db, log):
    """`rasad run --redis` into *db*, its stderr into *log*; stopped with SIGTERM, which must end it cleanly."""
    with open(log, "w") as stderr:
        process = coordinator_process(redis_url, db, stderr)
        try:
            yield process
        finally:
            process.send_signal(signal.SIGTERM)
            process.wait(timeout=120)
    err = log.read_text()
    assert process.returncode == 0 and "Traceback" not in err, err[-3000:]


def wait_for(condition, timeout: float, what: str) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            pytest.fail(f"{what}: not within {timeout:.0f} s")
        time.sleep(0.2)


def finished_runs(db) -> list[tuple]:
    import sqlite3

    try:
        return rows(db, "SELECT source, status FROM crawl_runs WHERE status != 'running' ORDER BY id")
    except sqlite3.OperationalError:  # not made yet
        return []


def test_a_coordinator_and_two_crawling_workers_store_what_the_demo_stores(tmp_path, demo_db, redis_server):
    from rasad.crawl.sample_web import SampleWebServer

    from tests.test_crawl_e2e import OUTLETS

    db = tmp_path / "rasad.db"
    with SampleWebServer() as web, coordinator(redis_server, db, tmp_path / "coordinator.err"), \
            workers(redis_server, 2, "--crawls", "1", "--oldest", "all", "--route-to", web.address):
        wait_for(lambda: len(finished_runs(db)) >= len(OUTLETS), 300, "a run of every source")
        runs = run_rasad("runs", "--db", str(db))
        status = run_rasad("status", "--db", str(db))
        # a run triggered now skips what the writer told Redis it stored
        assert run_rasad("trigger", "youm7", "--db", str(db)).returncode == 0
        wait_for(lambda: len(finished_runs(db)) > len(OUTLETS), 120, "the triggered run")
    again = json.loads(rows(db, "SELECT stats FROM crawl_runs ORDER BY id DESC LIMIT 1")[0][0])
    assert sorted(finished_runs(db)[:len(OUTLETS)]) == [(source, "ok") for source in sorted(OUTLETS)]
    assert crawled(db) == crawled(demo_db[0]) and len(crawled(db)) >= 40
    assert stories(db) == stories(demo_db[0])
    # the runs are recorded as a local crawl records them, with what the writer stored of each
    demo_counts = dict(rows(demo_db[0], "SELECT source, articles_stored FROM crawl_runs"))
    assert dict(rows(db, f"SELECT source, articles_stored FROM crawl_runs ORDER BY id LIMIT {len(OUTLETS)}")) == \
        demo_counts
    assert runs.returncode == 0 and all(source in runs.stdout for source in OUTLETS)
    assert status.returncode == 0 and "daemon: running" in status.stderr
    stored_youm7 = rows(db, "SELECT count(*) FROM articles WHERE source = 'youm7'")[0][0]
    assert again["rasad/skipped/known-url"] >= stored_youm7
    assert again["response_received_count"] < rows(db, "SELECT pages_fetched FROM crawl_runs WHERE source = 'youm7' "
                                                       "ORDER BY id")[0][0]


def test_messages_hold_arabic_text_as_utf8_and_escaped_ones_are_still_read(redis_server):
    from dramatiq import Message
    from dramatiq.encoder import JSONEncoder

    from rasad.distributed import STORE_QUEUE, connect

    broker, client = connect(redis_server), redis.Redis.from_url(redis_server)
    held_key = f"{broker.namespace}:{STORE_QUEUE}.msgs"
    payload = {"v": 2, "title": "قصف قاعدة عين الأسد"}
    sent = broker.enqueue(Message(queue_name=STORE_QUEUE, actor_name="store", args=(payload,), kwargs={},
                                  options={}))
    (held,) = client.hvals(held_key)
    assert payload["title"].encode("utf-8") in held and b"\\u" not in held
    # a node of an earlier release wrote \u escapes (Dramatiq's own encoder): read alike
    escaped = JSONEncoder().encode(sent.asdict())
    assert b"\\u" in escaped and Message.decode(escaped).args == Message.decode(held).args == (payload,)
    # a text cut inside an emoji (a lone surrogate, which UTF-8 cannot hold) is sent escaped
    cut = {"v": 2, "title": "قصف \ud83d"}
    broker.enqueue(Message(queue_name=STORE_QUEUE, actor_name="store", args=(cut,), kwargs={}, options={}))
    assert (cut,) in [Message.decode(data).args for data in client.hvals(held_key)]
    client.close()
    broker.close()


def test_known_urls_cost_a_64_bit_integer_each_in_redis(redis_server):
    from rasad.crawl.known import RedisKnownUrls

    client = redis.Redis.from_url(redis_server)
    known = RedisKnownUrls(client)
    urls = [f"https://www.youm7.com/story/2024/1/{n}" for n in range(5000)]
    known.add(urls[:2500])
    assert known.among(urls) == set(urls[:2500])
    # the key of a URL, not its spelling: a tracking parameter is the same page
    assert known.among([urls[0] + "?utm_source=x", urls[2500]]) == {urls[0] + "?utm_source=x"}
    assert {client.object("encoding", key) for key in client.scan_iter("rasad:known:*")} == {b"intset"}
    client.close()


def test_two_jobs_for_one_source_exactly_one_crawls(tmp_path, redis_server):
    from rasad.config import load_sources
    from rasad.coordinator import CRAWLED_QUEUE, crawl_job
    from rasad.crawl.sample_web import SampleWebServer
    from rasad.distributed import connect

    source = load_sources(REPOSITORY / "sources.toml")["youm7"]
    broker = connect(redis_server)
    for job in ("first", "second"):
        broker.enqueue(crawl_job(job, source, "manual"))
    outcomes = {}
    consumer = broker.consume(CRAWLED_QUEUE, prefetch=100, timeout=100)
    # one node crawling two sources at a time takes both jobs at once
    with SampleWebServer() as web, workers(redis_server, 1, "--crawls", "2", "--oldest", "all",
                                           "--route-to", web.address):
        deadline = time.monotonic() + 120
        while len(outcomes) < 2 and time.monotonic() < deadline:
            message = next(consumer)
            if message is not None:
                payload = message.args[0]
                if payload["kind"] in ("run-end", "busy"):
                    outcomes[payload["job"]] = payload
                consumer.ack(message)
    consumer.close()
    broker.close()
    assert sorted(payload["kind"] for payload in outcomes.values()) == ["busy", "run-end"]
    busy = next(payload for payload in outcomes.values() if payload["kind"] == "busy")
    ended = next(payload for payload in outcomes.values() if payload["kind"] == "run-end")
    assert busy["source"] == ended["source"] == "youm7" and busy["holder"]
    assert ended["stats"]["finish_reason"] == "finished" and ended["stats"]["rasad/sent"] >= 5


def test_a_lease_in_redis_is_released_and_renewed_by_its_holder_only(redis_server):
    from rasad.crawl.redis_lease import RedisLeases
    from rasad.store.leases import Busy

    client = redis.Redis.from_url(redis_server)
    first, second = RedisLeases(client, "host:1:a"), RedisLeases(client, "host:2:b")
    assert first.acquire("youm7") is None
    busy = second.acquire("youm7")
    assert isinstance(busy, Busy) and busy.holder == "host:1:a" and busy.since
    assert not second.renew("youm7") and first.renew("youm7")
    second.release("youm7")  # not its lease: nothing happens
    assert isinstance(second.acquire("youm7"), Busy)
    first.release("youm7")
    assert second.acquire("youm7") is None
    client.delete("rasad:lease:youm7")  # expired meanwhile (a paused holder): its renewal says so
    assert not second.renew("youm7")
    # a live holder keeps its lease; one that died (its alive key expired) gives it up at once
    assert first.acquire("youm7") is None and isinstance(second.acquire("youm7"), Busy)
    first.beat()
    assert isinstance(second.acquire("youm7"), Busy)
    client.delete("rasad:alive:host:1:a")
    assert second.acquire("youm7") is None and not first.renew("youm7") and second.renew("youm7")
    first.release("youm7")  # not its lease any more: nothing happens
    assert isinstance(first.acquire("youm7"), Busy)
    client.close()


def test_a_second_coordinator_waits_for_the_lock_and_takes_over_when_the_first_stops(tmp_path, redis_server):
    first_log, second_log = tmp_path / "first.err", tmp_path / "second.err"
    with coordinator(redis_server, tmp_path / "first.db", first_log) as first:
        wait_for(lambda: "daemon started" in first_log.read_text(), 60, "the first coordinator")
        with coordinator(redis_server, tmp_path / "second.db", second_log):
            wait_for(lambda: "another coordinator holds the lock" in second_log.read_text(), 60,
                     "the second coordinator saying it waits")
            time.sleep(LOCK_RETRY_SECONDS * 2)
            assert "daemon started" not in second_log.read_text()
            first.send_signal(signal.SIGTERM)
            wait_for(lambda: "daemon started" in second_log.read_text(), 60, "the second coordinator taking over")
    assert second_log.read_text().count("another coordinator holds the lock") == 1  # said once, not at every try


def test_kill_9_of_a_crawling_worker_redelivers_its_job_and_stores_nothing_twice(tmp_path, demo_db, redis_server):
    from rasad.crawl.sample_web import SampleWebServer

    from tests.test_crawl_e2e import OUTLETS

    db = tmp_path / "rasad.db"
    client = redis.Redis.from_url(redis_server)

    def running() -> list[str]:
        import sqlite3

        try:
            return [source for (source,) in rows(db, "SELECT source FROM crawl_runs WHERE status = 'running'")]
        except sqlite3.OperationalError:
            return []

    # the killed crawl's lease would last an hour: it goes with its holder's alive key, before the
    # job comes back (Dramatiq's heartbeat timeout, 60 s), which then crawls rather than meet a Busy
    log = tmp_path / "coordinator.err"
    with SampleWebServer() as web, coordinator(redis_server, db, log), \
            workers(redis_server, 1, "--crawls", "1", "--oldest", "all", "--route-to", web.address,
                    env={"RASAD_LEASE_SECONDS": "3600"}):
        wait_for(lambda: running() and client.keys("rasad:lease:*"), 120, "a crawl under way")
        [key] = client.keys("rasad:lease:*")
        victim = key.decode().removeprefix("rasad:lease:")
        pid = int(client.get(key).decode().split(":")[1])  # the lease names its holder: host:pid:token
        os.kill(pid, signal.SIGKILL)
        wait_for(lambda: len(finished_runs(db)) >= len(OUTLETS) + 1, 400, "every source crawled, the victim again")
    client.close()
    assert f"source={victim} busy" not in log.read_text()
    assert finished_runs(db).count((victim, "interrupted")) == 1
    assert sorted(run for run in finished_runs(db) if run[1] == "ok") == [(source, "ok") for source in sorted(OUTLETS)]
    count, distinct = rows(db, "SELECT count(*), count(DISTINCT url) FROM articles")[0]
    assert count == distinct
    assert crawled(db) == crawled(demo_db[0])
    assert stories(db) == stories(demo_db[0])


def committed_unacknowledged(client, db) -> int:
    """The crawled articles the coordinator's writer took and stored but has not acknowledged."""
    taken = [key for queue in client.keys("dramatiq:__acks__.*.rasad-crawled") for key in client.smembers(queue)]
    if not taken:
        return 0
    payloads = [json.loads(data)["args"][0] for data in client.hmget("dramatiq:rasad-crawled.msgs", taken) if data]
    urls = {payload["url"] for payload in payloads if payload["kind"] == "article"}
    return len(urls & {url for (url,) in rows(db, "SELECT url FROM articles")}) if urls else 0


def test_kill_9_of_the_coordinator_between_commit_and_acknowledgement_loses_nothing_and_stores_nothing_twice(
        tmp_path, demo_db, redis_server):
    from rasad.crawl.sample_web import SampleWebServer

    from tests.test_crawl_e2e import OUTLETS

    db = tmp_path / "rasad.db"
    client = redis.Redis.from_url(redis_server)
    with SampleWebServer() as web, workers(redis_server, 1, "--crawls", "2", "--oldest", "all",
                                           "--route-to", web.address):
        with open(tmp_path / "killed.err", "w") as stderr:
            killed = coordinator_process(redis_server, db, stderr)
            wait_for(lambda: stored_articles(db) or killed.poll() is not None, 120, "a first article stored")
            # paused until caught with articles committed and not acknowledged, then killed there
            deadline = time.monotonic() + 300
            while killed.poll() is None and time.monotonic() < deadline:
                killed.send_signal(signal.SIGSTOP)
                if committed_unacknowledged(client, db):
                    break
                killed.send_signal(signal.SIGCONT)
            killed.kill()
            killed.wait()
        assert committed_unacknowledged(client, db), (tmp_path / "killed.err").read_text()[-3000:]
        # a new coordinator takes the lock once it times out, and the unacknowledged messages back
        with coordinator(redis_server, db, tmp_path / "coordinator.err"):
            wait_for(lambda: {source for source, status in finished_runs(db) if status == "ok"} >= set(OUTLETS)
                     and not client.hlen("dramatiq:rasad-crawled.msgs"), 400, "every source crawled and stored")
    client.close()
    count, distinct = rows(db, "SELECT count(*), count(DISTINCT url) FROM articles")[0]
    assert count == distinct
    assert crawled(db) == crawled(demo_db[0])
    assert stories(db) == stories(demo_db[0])


def test_a_node_sends_its_messages_off_the_reactor_in_order_and_a_flush_loses_none(redis_server):
    from rasad.coordinator import CRAWLED_QUEUE, Sender
    from rasad.distributed import connect

    sender = Sender(redis_server)
    for n in range(500):
        sender.send("article", source="youm7", n=n)
    sender.flush()  # what a spider's close waits for: every message is in Redis when it returns
    broker = connect(redis_server)
    consumer = broker.consume(CRAWLED_QUEUE, prefetch=1000, timeout=100)
    sent = [message.args[0]["n"] for message in iter(lambda: next(consumer), None)]
    consumer.close()
    broker.close()
    assert sent == list(range(500))


def test_a_send_never_waits_on_redis_and_one_redis_refused_is_said(caplog):
    from rasad.coordinator import Sender

    sender = Sender("redis://127.0.0.1:1/0")
    sender.send("article", source="youm7")  # the crawl's thread goes on: Redis is called from the sender's
    sender.flush()
    assert "could not send the article message of youm7 to the writer" in caplog.text
