"""`rasad reextract` and `rasad retag`: stored articles through the analysis again, in the pool."""

from __future__ import annotations

import json
import sqlite3
import zlib
from contextlib import closing
from pathlib import Path

import pytest

from rasad.analyse.raw_pages import decompress_page
from tests.conftest import run_rasad


def query(db: Path, sql: str, *args) -> list[tuple]:
    with closing(sqlite3.connect(db)) as conn:
        return conn.execute(sql, args).fetchall()


@pytest.fixture
def crawled_db(tmp_db) -> Path:
    for source in ("youm7", "alquds-alarabi"):
        result = run_rasad("crawl", source, "--sample-web", "--oldest", "all", "--db", str(tmp_db))
        assert result.returncode == 0, result.stderr
    return tmp_db


def test_reextract_rebuilds_a_damaged_article_from_its_raw_page(crawled_db):
    before = query(crawled_db, "SELECT id, title, text, text_hash, story_id, relevance FROM articles ORDER BY id")
    damaged = next(row for row in before if row[5] == "core")
    with closing(sqlite3.connect(crawled_db)) as conn, conn:
        conn.execute("UPDATE articles SET text = 'نص تالف', text_hash = 'x', relevance = 'none' WHERE id = ?", (damaged[0],))
        conn.execute("UPDATE article_search SET body = 'تالف' WHERE article_id = ?", (damaged[0],))
        conn.execute("DELETE FROM events WHERE article_id = ?", (damaged[0],))
    result = run_rasad("reextract", "--db", str(crawled_db))
    assert result.returncode == 0, result.stderr
    assert f"{len(before)} articles re-extracted" in result.stdout
    assert "1 changed" in result.stdout and f"{len(before) - 1} same" in result.stdout
    assert f"extraction: {len(before)} pages extracted, 0 fell back to the full tier" in result.stdout
    # every article as the crawl stored it, stories included
    assert query(crawled_db, "SELECT id, title, text, text_hash, story_id, relevance FROM articles ORDER BY id") == before
    assert query(crawled_db, "SELECT count(*) FROM events WHERE article_id = ?", damaged[0])[0][0] > 0
    assert query(crawled_db, "SELECT count(*) FROM article_search WHERE body = 'تالف'")[0][0] == 0
    assert query(crawled_db, "PRAGMA integrity_check")[0][0] == "ok"
    # the wire story both outlets carry is still one story
    assert query(crawled_db, "SELECT count(*) FROM articles WHERE duplicate_of IS NOT NULL")[0][0] == \
        sum(1 for row in before if row[4] != row[0])


def test_reextract_of_one_source_leaves_the_others_alone_also_with_the_full_tier_alone(crawled_db):
    others = query(crawled_db, "SELECT id, tagged_at FROM articles WHERE source = 'alquds-alarabi' ORDER BY id")
    youm7 = query(crawled_db, "SELECT count(*) FROM articles WHERE source = 'youm7'")[0][0]
    texts = query(crawled_db, "SELECT id, text FROM articles ORDER BY id")
    result = run_rasad("reextract", "--source", "youm7", "--db", str(crawled_db), env={"RASAD_EXTRACTION": "full"})
    assert result.returncode == 0, result.stderr
    assert f"{youm7} articles re-extracted" in result.stdout
    assert f"extraction: {youm7} pages extracted, 0 fell back to the full tier" in result.stdout
    assert query(crawled_db, "SELECT id, text FROM articles ORDER BY id") == texts
    assert query(crawled_db, "SELECT id, tagged_at FROM articles WHERE source = 'alquds-alarabi' ORDER BY id") == others


def test_retag_after_a_gazetteer_edit_changes_the_tags(crawled_db, tmp_path):
    gazetteer = tmp_path / "gazetteer.toml"
    original = (Path(__file__).parent.parent / "gazetteer.toml").read_text(encoding="utf-8")
    gazetteer.write_text(original.replace('id = "ain-al-asad"', 'id = "ain-al-asad-airbase"'), encoding="utf-8")
    result = run_rasad("retag", "--db", str(crawled_db), env={"RASAD_GAZETTEER": str(gazetteer)})
    assert result.returncode == 0, result.stderr
    assert "articles re-tagged" in result.stdout
    tags = {row[0] for row in query(crawled_db, "SELECT tag_id FROM article_tags WHERE kind = 'site'")}
    assert "ain-al-asad-airbase" in tags and "ain-al-asad" not in tags


def test_a_page_past_the_time_limit_is_counted_not_stored_and_the_run_goes_on(tmp_db):
    result = run_rasad("crawl", "youm7", "--sample-web", "--oldest", "all", "--db", str(tmp_db),
                       env={"RASAD_PAGE_TIME_LIMIT": "0.001"})
    assert result.returncode == 0, result.stderr
    assert query(tmp_db, "SELECT count(*) FROM articles")[0][0] == 0
    status, skipped = query(tmp_db, "SELECT status, skipped_by_reason FROM crawl_runs")[0]
    assert status == "ok"
    assert json.loads(skipped).get("extraction-timeout", 0) >= 5
    # nothing was remembered as seen: the next run, with time enough, stores the articles
    again = run_rasad("crawl", "youm7", "--sample-web", "--oldest", "all", "--db", str(tmp_db))
    assert again.returncode == 0, again.stderr
    assert query(tmp_db, "SELECT count(*) FROM articles")[0][0] > 0


def test_reextract_reads_pages_an_older_rasad_stored_with_zlib(crawled_db):
    """Pages stored before zstd became the default keep their zlib compression and still re-extract."""
    article_id, title, text = query(crawled_db, "SELECT id, title, text FROM articles ORDER BY id LIMIT 1")[0]
    html, compression = query(crawled_db, "SELECT html, compression FROM article_html WHERE article_id = ?", article_id)[0]
    assert compression == "zstd"
    with closing(sqlite3.connect(crawled_db)) as conn, conn:
        conn.execute("UPDATE article_html SET html = ?, compression = 'zlib' WHERE article_id = ?",
                     (zlib.compress(decompress_page(html, compression)), article_id))
        conn.execute("UPDATE articles SET text = 'نص تالف', text_hash = 'x' WHERE id = ?", (article_id,))
    result = run_rasad("reextract", "--db", str(crawled_db))
    assert result.returncode == 0, result.stderr
    assert "1 changed" in result.stdout
    assert query(crawled_db, "SELECT title, text FROM articles WHERE id = ?", article_id) == [(title, text)]


def test_stale_takes_only_what_another_extractor_or_tagger_made(crawled_db, tmp_path):
    """Each article records what extracted and tagged it (rasad.analyse.versions): --stale re-does only
    those an upgrade or a gazetteer edit would change."""
    total = query(crawled_db, "SELECT count(*) FROM articles")[0][0]
    assert query(crawled_db, "SELECT count(*) FROM articles WHERE extractor LIKE 'trafilatura %' "
                             "AND tagger LIKE 'gazetteer %'")[0][0] == total
    for command, verb in (("reextract", "re-extracted"), ("retag", "re-tagged")):
        result = run_rasad(command, "--stale", "--db", str(crawled_db))
        assert result.returncode == 0 and f"0 articles {verb}" in result.stdout, result.stdout + result.stderr

    with closing(sqlite3.connect(crawled_db)) as conn, conn:  # as an older rasad left it
        conn.execute("UPDATE articles SET extractor = 'trafilatura 1.0, rasad old' WHERE id = 1")
    result = run_rasad("reextract", "--stale", "--db", str(crawled_db))
    assert result.returncode == 0 and "1 articles re-extracted" in result.stdout, result.stdout + result.stderr
    assert query(crawled_db, "SELECT count(DISTINCT extractor) FROM articles")[0][0] == 1

    gazetteer = tmp_path / "gazetteer.toml"
    edited = (Path(__file__).parent.parent / "gazetteer.toml").read_text(encoding="utf-8") + "\n# an edit\n"
    gazetteer.write_text(edited, encoding="utf-8")
    edit = {"RASAD_GAZETTEER": str(gazetteer)}
    result = run_rasad("retag", "--stale", "--db", str(crawled_db), env=edit)
    assert result.returncode == 0 and f"{total} articles re-tagged" in result.stdout, result.stdout + result.stderr
    result = run_rasad("retag", "--stale", "--db", str(crawled_db), env=edit)
    assert "0 articles re-tagged" in result.stdout, result.stdout
