"""``rasad backfill`` on ``rasad worker`` nodes, with a real redis-server (the redis_server
fixture) and real worker processes."""

from __future__ import annotations

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
def workers(redis_url: str, count: int):
    """*count* `rasad worker` nodes of one process each; stopped with SIGTERM, which must end them cleanly."""
    env = {**os.environ, "PYTHONWARNINGS": "ignore::DeprecationWarning"}
    nodes = [subprocess.Popen([sys.executable, "-m", "rasad", "worker", "--redis", redis_url, "--workers", "1"],
                              cwd=REPOSITORY, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
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


def test_a_redelivered_batch_comes_back_already_stored_and_another_version_is_refused(tmp_path, pages,
                                                                                      redis_server):
    from datetime import datetime, timezone

    from dramatiq import Message

    from rasad.distributed import STORE_QUEUE, analyse_batch, connect, encode_record
    from rasad.warc import ArchivedPage

    articles = [page for page in pages if page[0].startswith("https://www.eremnews.com/news/arab-world/")]
    first, second = tmp_path / "first.warc.gz", tmp_path / "second.warc.gz"
    write_warc(first, articles[:2])
    write_warc(second, articles[2:3])
    assert run_rasad("import", str(first), "--db", str(tmp_path / "rasad.db")).returncode == 0
    broker = connect(redis_server)
    # what a backfill stopped after its writer had committed, before it acknowledged, leaves behind
    url, body, headers = articles[0]
    record = encode_record(ArchivedPage(url, body, dict(headers)))
    analyse_batch({"v": 1, "backfill": "stopped", "batch": 0, "now": datetime.now(timezone.utc).isoformat(),
                   "language": None, "oldest": None, "records": [[1, "www.eremnews.com", "text/html", record]]})
    broker.enqueue(Message(queue_name=STORE_QUEUE, actor_name="store", args=({"v": 99, "results": []},), kwargs={},
                           options={}))
    broker.close()
    with workers(redis_server, 1):
        result = run_rasad("backfill", "--redis", redis_server, str(second), "--db", str(tmp_path / "rasad.db"))
    assert result.returncode == 0, result.stderr
    assert "1 records: 1 stored" in result.stdout and "1 already stored" in result.stdout
    assert "message version 99, this node reads version 1" in result.stderr
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


def test_kill_9_of_the_writer_loses_nothing_and_the_next_backfill_stores_nothing_twice(tmp_path, pages,
                                                                                        redis_server):
    import sqlite3

    warc = tmp_path / "sample.warc.gz"
    write_warc(warc, pages)
    db = tmp_path / "rasad.db"
    env = {**os.environ, "PYTHONWARNINGS": "ignore::DeprecationWarning"}

    def stored() -> int:
        try:
            return rows(db, "SELECT count(*) FROM articles")[0][0]
        except sqlite3.OperationalError:  # not made yet
            return 0

    with workers(redis_server, 2):
        backfill = subprocess.Popen([sys.executable, "-m", "rasad", "backfill", "--redis", redis_server, str(warc),
                                     "--db", str(db)], cwd=REPOSITORY, env=env, stdout=subprocess.PIPE,
                                    stderr=subprocess.PIPE, text=True)
        while not stored() and backfill.poll() is None:
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
