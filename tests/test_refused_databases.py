"""Databases rasad must not use: one made by a newer rasad, one whose schema was changed by
hand, and damaged files (truncated, a zeroed header, a text file, random bytes over data pages).
Every command refuses them with one line and exit code 1 and leaves the file as it was; `rasad
check` finds what is wrong with a database that opens."""

from __future__ import annotations

import hashlib
import json
import random
import shutil
import sqlite3
from contextlib import closing
from pathlib import Path

import pytest

from rasad.store.db import MIGRATIONS
from tests.conftest import run_rasad

PARAGRAPH = ("قالت مصادر محلية إن طائرة مسيرة استهدفت قاعدة حقل العمر النفطي في ريف دير الزور الشرقي، "
             "وأضافت المصادر أن الدفاعات الجوية تصدت للهجوم من دون وقوع إصابات في صفوف القوات. ")


@pytest.fixture(scope="module")
def archive(tmp_path_factory) -> Path:
    """A real database of 40 imported articles (enough pages for damage to land in data pages)."""
    folder = tmp_path_factory.mktemp("archive")
    jsonl = folder / "a.jsonl"
    jsonl.write_text("".join(json.dumps({"url": f"https://x.example/{n}", "title": f"هجوم على قاعدة {n}",
                                         "published_at": "2024-02-01", "source": "my-archive",
                                         "text": f"{n} " + PARAGRAPH * (4 + n % 5)}, ensure_ascii=False) + "\n"
                             for n in range(40)), encoding="utf-8")
    result = run_rasad("import", str(jsonl), "--db", str(folder / "rasad.db"))
    assert result.returncode == 0, result.stderr
    return folder / "rasad.db"


def _commands(folder: Path) -> list[tuple[str, ...]]:
    jsonl = folder / "more.jsonl"
    jsonl.write_text(json.dumps({"url": "https://x.example/new", "title": "خبر جديد", "source": "my-archive",
                                 "text": PARAGRAPH * 5}, ensure_ascii=False) + "\n", encoding="utf-8")
    return [("status",), ("search", "حقل العمر"), ("runs",), ("sources",), ("dupes",), ("incidents",), ("incident", "1"),
            ("export", "articles"), ("report", "-o", str(folder / "report.html")), ("trigger", "youm7"),
            ("import", str(jsonl)), ("retag",), ("reextract",), ("recluster",), ("incident", "verify", "1"),
            ("crawl", "youm7", "--sample-web"), ("run", "--sample-web"), ("check",)]


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _refused_by_every_command(db: Path, expected_start: str) -> None:
    before = _sha256(db)
    for args in _commands(db.parent):
        result = run_rasad(*args, "--db", str(db), timeout=120)
        assert result.returncode == 1, (args, result.stdout, result.stderr)
        assert result.stderr.startswith(f"Error: {expected_start}") and len(result.stderr.splitlines()) == 1, \
            (args, result.stderr)
        assert _sha256(db) == before, args
    assert sorted(p.name for p in db.parent.iterdir() if p.name.startswith(db.name)) == [db.name]


def _copy(archive: Path, tmp_path: Path) -> Path:
    db = tmp_path / "rasad.db"
    shutil.copy(archive, db)
    return db


def test_a_database_from_a_newer_rasad_is_refused_untouched(archive, tmp_path):
    db = _copy(archive, tmp_path)
    with sqlite3.connect(db) as conn:
        conn.execute("PRAGMA user_version = 99")
    conn.close()
    _refused_by_every_command(db, f"cannot use {db}: its schema is version 99, newer than this rasad's "
                                  f"(version {len(MIGRATIONS)}); a newer rasad made it: upgrade rasad")


def test_a_schema_changed_by_hand_is_refused_untouched(archive, tmp_path):
    db = _copy(archive, tmp_path)
    with sqlite3.connect(db) as conn:
        conn.execute("ALTER TABLE articles RENAME COLUMN published_at TO published")
    conn.close()
    _refused_by_every_command(db, f"cannot use {db}: its schema says version {len(MIGRATIONS)} (this rasad's is "
                                  f"{len(MIGRATIONS)}) but articles has no column published_at; it was changed "
                                  f"outside rasad")


def _truncated(db: Path) -> None:
    with db.open("r+b") as stream:
        stream.truncate(db.stat().st_size // 2)


def _zeroed_header(db: Path) -> None:
    with db.open("r+b") as stream:
        stream.write(bytes(100))


def _text(db: Path) -> None:
    db.write_text("this is a note, not a database\n" * 200, encoding="utf-8")


@pytest.mark.parametrize("damage", [_truncated, _zeroed_header, _text], ids=lambda damage: damage.__name__[1:])
def test_a_damaged_file_is_refused_with_the_way_to_recover_it(archive, tmp_path, damage):
    db = _copy(archive, tmp_path)
    damage(db)
    _refused_by_every_command(db, f"{db} is damaged (")
    assert f"sqlite3 {db} .recover | sqlite3 recovered.db" in run_rasad("status", "--db", str(db)).stderr


def test_random_bytes_in_data_pages_stop_every_writer_and_check_finds_them(archive, tmp_path):
    db = _copy(archive, tmp_path)
    page_size = 4096
    with db.open("r+b") as stream:
        stream.seek(db.stat().st_size // 2 // page_size * page_size)
        stream.write(random.Random(21).randbytes(2 * page_size))
    before = _sha256(db)
    for args in [command for command in _commands(tmp_path) if command[0] in
                 ("import", "retag", "reextract", "recluster", "crawl", "run", "check")] + [("check", "--quick")]:
        result = run_rasad(*args, "--db", str(db), timeout=120)
        assert result.returncode == 1, (args, result.stdout, result.stderr)
        assert "Traceback" not in result.stderr and len(result.stderr.splitlines()) == 1, (args, result.stderr)
        assert f"{db} is damaged (" in result.stderr and ".recover" in result.stderr, (args, result.stderr)
        assert _sha256(db) == before, args


def test_check_finds_what_is_wrong_beyond_sqlite_itself(archive, tmp_path):
    db = _copy(archive, tmp_path)
    healthy = run_rasad("check", "--db", str(db))
    assert healthy.returncode == 0 and healthy.stdout == "" and "healthy" in healthy.stderr, healthy.stderr
    assert run_rasad("check", "--quick", "--db", str(db)).returncode == 0
    with sqlite3.connect(db) as conn:
        conn.execute("PRAGMA foreign_keys = OFF")
        (first,) = conn.execute("SELECT min(id) FROM articles").fetchone()
        # the search index told nothing of a change, an article gone under its raw page, half an LSH entry
        conn.execute('DROP TRIGGER "article_search_au"')
        conn.execute("UPDATE article_search SET body = 'كلمة' WHERE article_id = ?", (first,))
        conn.execute("INSERT INTO article_html (article_id, content_type, compression, html) VALUES (9999, 'text/html', 'zlib', x'00')")
        # (only rows of buckets that are not full: none of them turned an article away)
        assert conn.execute(
            "DELETE FROM lsh_buckets WHERE article_id = (SELECT max(article_id) FROM lsh_buckets) AND (band, bucket) IN "
            "(SELECT band, bucket FROM lsh_buckets GROUP BY band, bucket HAVING count(*) < 16)").rowcount > 0
        conn.execute("INSERT INTO crawl_runs (source, started_at, status) VALUES ('youm7', '2024-01-01', 'running')")
        conn.execute("INSERT INTO crawl_leases VALUES ('erem-news', 'elsewhere:1:x', '2024-01-01', '2024-01-01T00:01')")
    conn.close()
    result = run_rasad("check", "--db", str(db))
    assert result.returncode == 1, result.stderr
    findings = result.stdout.splitlines()
    assert findings[0].startswith("full-text index article_search_fts: ") and len(findings) == 5, findings
    assert findings[1:] == [
        "1 rows of article_html refer to articles rows that do not exist",
        "1 articles lack a near-duplicate index row (lsh_buckets) of a band whose bucket is not full",
        "lease on erem-news held by elsewhere:1:x expired at 2024-01-01T00:01 (its process stopped; the next crawl "
        "of erem-news takes it over)",
        "run 1 of youm7 is marked running but no live process holds youm7's lease (the next crawl of "
        "youm7 marks it interrupted)",
    ], findings


def test_the_daemon_checks_its_database_while_running_and_stops_when_it_is_damaged(archive, tmp_path):
    import os
    import signal
    import subprocess
    import sys
    import time

    from tests.conftest import REPOSITORY

    db = _copy(archive, tmp_path)
    sources = tmp_path / "sources.toml"
    # one source whose feed is missing: its runs write crawl_runs only, never the articles' pages
    sources.write_text('[[source]]\nid = "youm7"\nname = "Youm7"\nlanguage = "ar"\nallowed_domains = ["youm7.com"]\n'
                       'schedule = "1h"\n[source.discovery]\nfeeds = ["https://www.youm7.com/no-such-feed"]\n',
                       encoding="utf-8")
    daemon = subprocess.Popen([sys.executable, "-m", "rasad", "run", "--sample-web", "--sources", str(sources),
                               "--db", str(db)], cwd=REPOSITORY, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                              text=True, env={**os.environ, "RASAD_CHECK_SECONDS": "1"})
    try:
        deadline = time.monotonic() + 60
        while not _daemon_started(db) and time.monotonic() < deadline:
            time.sleep(0.3)
        with db.open("r+b") as stream:
            stream.seek(db.stat().st_size // 2 // 4096 * 4096)
            stream.write(random.Random(21).randbytes(8192))
        _, stderr = daemon.communicate(timeout=60)
    finally:
        if daemon.poll() is None:
            daemon.send_signal(signal.SIGTERM)
            daemon.communicate(timeout=30)
    assert daemon.returncode == 1, stderr
    assert f"ERROR rasad.daemon: {db} is damaged (quick check: " in stderr and ".recover" in stderr, stderr


def _daemon_started(db: Path) -> bool:
    with closing(sqlite3.connect(db, timeout=30)) as conn:
        return conn.execute("SELECT count(*) FROM daemons").fetchone()[0] > 0
