from __future__ import annotations

import csv
import io
import json
import sqlite3
import subprocess
import sys
from contextlib import closing
from datetime import datetime, timezone

import pytest

from rasad.analyse import dedup
from rasad.analyse.search_index import index_text
from rasad.analyse.search_query import parse
from rasad.extract.extraction import Article
from rasad.query.search import search
from rasad.store import db as database
from tests.conftest import REPOSITORY, run_rasad, store_article

TEXTS = {
    "https://a.example.com/1": ("هجوم بطائرة مسيّرة على قاعدة عين الأسـد", "استهدفت طائرة مسيرة قاعدة عين الأسد الجوية غرب العراق، وقالت مصادر إن الهجوم لم يسفر عن إصابات في صفوف القوات. " * 3),
    "https://a.example.com/2": ("تعزيزات إلى التنف", "وصلت تعزيزات عسكرية إلى قاعدة التنف وبسوريا عموما حيث تنتشر القوات الامريكية، في خطوة تهدف إلى حماية الجنود. " * 3),
    "https://b.example.com/3": ("مباراة ودية", "انتهت المباراة الودية بين الفريقين بالتعادل في ملعب المدينة الرياضي وسط حضور جماهيري كبير جدا. " * 3),
}


@pytest.fixture
def db(tmp_db):
    db = database.connect(tmp_db)
    db.execute("INSERT INTO sources (id, name) VALUES ('s', 's')")
    for url, (title, text) in TEXTS.items():
        article = Article(url=url, canonical_url=url, title=title, text=text, author=None, published_at="2024-02-05",
                          date_source="meta", description=None, language="ar", site_name=None)
        store_article(db, article, source="s", fetched_at=datetime.now(timezone.utc).isoformat(),
                      fingerprint=dedup.fingerprint(text))
    return db


@pytest.mark.parametrize("query", ["عين الأسد", "عين الاسد", "عيـن الأسَد", "بعين الأسد", "وعين الأسد"])
def test_spelling_and_clitics_do_not_hide_an_article(db, query):
    assert [hit.title for hit in search(db, query)] == [TEXTS["https://a.example.com/1"][0]]


def test_a_word_with_a_clitic_in_the_text_is_found():
    assert "سوريا" in index_text("وبسوريا").split() and "الاسد" in index_text("والأسد").split()


def test_fts_syntax_in_a_query_is_only_quoted_words(db):
    assert parse('NEAR(a b) AND "x').fts() == '"near" AND "a" AND "b" AND "and" AND "x"'
    assert parse("بعين").fts() == '("بعين" OR "عين")'
    assert parse('"a" b* ^c').fts() == '"a" AND "b" * AND "c"'
    assert [hit.article_id for hit in search(db, 'التنف OR * NEAR(')] == [2]
    result = run_rasad("search", '"(((', "--db", str(db.conn.execute("PRAGMA database_list").fetchone()[2]))
    assert result.returncode == 2 and "no words" in result.stderr and "Traceback" not in result.stderr


@pytest.mark.parametrize(("query", "expected"), [("سوريا", [2]), ("الأسد", [1]), ("الاسد", [1]),
                                               ("قاعدة", [1, 2]), ("قاعده", [1, 2]), ("الإسلامية", []), ("التنف", [2]),
                                               ("الأمريكية", [2]), ("الامريكية", [2])])
def test_plain_sqlite_utils_search_finds_the_same_articles_whatever_the_spelling(db, query, expected):
    path = db.conn.execute("PRAGMA database_list").fetchone()[2]
    result = subprocess.run([sys.executable, "-m", "sqlite_utils", "search", path, "article_search", query,
                             "-c", "article_id"], capture_output=True, text=True, check=True)
    assert sorted(row["article_id"] for row in json.loads(result.stdout)) == expected


def test_the_rasad_search_command_filters_and_highlights(db):
    path = db.conn.execute("PRAGMA database_list").fetchone()[2]
    result = run_rasad("search", "التنف", "--db", path, "--since", "2024-01-01")
    assert result.returncode == 0 and "[التنف]" in result.stdout
    assert "no articles found" in run_rasad("search", "التنف", "--db", path, "--until", "2000-01-01").stderr
    misspelled = run_rasad("search", "التنف", "--db", path, "--source", "other")
    assert misspelled.returncode == 2 and "unknown source 'other'" in misspelled.stderr


def test_views_and_exports_on_a_crawled_sample_web(demo_db, tmp_path):
    db = demo_db[0]
    with closing(sqlite3.connect(db)) as conn:
        for view in ("attacks_per_day", "attacks_per_week", "attacks_per_site", "attacks_per_weapon",
                     "attacks_per_claimant", "latest_core_articles", "story_groups", "events_with_articles"):
            assert conn.execute(f"SELECT count(*) FROM {view}").fetchone()[0] > 0, view
        events = conn.execute("SELECT count(*) FROM events").fetchone()[0]
    exported = run_rasad("export", "events", "--format", "csv", "--db", str(db))
    assert exported.stdout.startswith("\ufeff")  # spreadsheet programs read it as UTF-8
    rows = list(csv.DictReader(io.StringIO(exported.stdout.removeprefix("\ufeff"))))
    assert len(rows) == events and set(rows[0]) >= {"event_date", "event_type", "sub_event_type", "actor1", "actor2",
                                                    "latitude", "longitude", "fatalities", "injuries", "source_url"}
    geo = json.loads(run_rasad("export", "events", "--format", "geojson", "--db", str(db)).stdout)
    located = [f for f in geo["features"] if f["geometry"]]
    assert located and all(-180 <= f["geometry"]["coordinates"][0] <= 180 for f in located)
    out = tmp_path / "core.jsonl"
    result = run_rasad("export", "articles", "--relevance", "core", "-o", str(out), "--db", str(db))
    assert result.returncode == 0
    lines = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert lines and all(line["relevance"] == "core" for line in lines)
    assert run_rasad("export", "articles", "--format", "csv", "--db", str(db)).returncode == 2


def test_the_datasette_metadata_matches_the_schema(demo_db):
    db = demo_db[0]
    metadata = json.loads((REPOSITORY / "datasette" / "metadata.json").read_text(encoding="utf-8"))
    database_meta = metadata["databases"]["rasad"]
    with closing(sqlite3.connect(db)) as conn:
        names = {row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type IN ('table', 'view')")}
        for table, meta in database_meta["tables"].items():
            assert table in names, table
            columns = {row[1] for row in conn.execute(f"PRAGMA table_info({table})")}
            assert set(meta.get("columns", {})) <= columns, table
        for name, query in database_meta["queries"].items():
            conn.execute(query["sql"], {"site": "ain-al-asad", "incident_id": 1}).fetchall()


@pytest.mark.parametrize("typed", ["عيـن الأسَد", "عَيْن الأسد", "عين الاسد"])
def test_plain_sqlite_utils_search_with_diacritics_or_tatweel_through_rasad_normalize(db, typed):
    path = db.conn.execute("PRAGMA database_list").fetchone()[2]
    normalized = run_rasad("normalize", typed).stdout.strip()
    assert normalized == "عين الاسد"
    result = subprocess.run([sys.executable, "-m", "sqlite_utils", "search", path, "article_search", normalized,
                             "-c", "article_id"], capture_output=True, text=True, check=True)
    assert [row["article_id"] for row in json.loads(result.stdout)] == [1]


def test_full_text_indexes_follow_text_changes_and_only_those(db):
    first = db.execute("SELECT id FROM articles ORDER BY id LIMIT 1").fetchone()[0]
    db.execute("UPDATE articles SET relevance = 'core', story_id = ? WHERE id = ?", (first, first))
    db.execute("UPDATE articles SET text = 'نص جديد عن قاعدة حرير' WHERE id = ?", (first,))
    db.execute("UPDATE article_search SET body = ? WHERE article_id = ?", (index_text("نص جديد عن قاعدة حرير"), first))
    for table in ("articles_fts", "article_search_fts"):
        db.execute(f"INSERT INTO {table}({table}) VALUES ('integrity-check')")  # raises if out of step
    found = [row[0] for row in db.execute("SELECT rowid FROM articles_fts WHERE articles_fts MATCH 'حرير'")]
    assert found == [first]
    assert not db.execute("SELECT rowid FROM articles_fts WHERE articles_fts MATCH 'المسيرة' AND rowid = ?",
                          (first,)).fetchall()
    assert [hit.title for hit in search(db, "حرير")] == [TEXTS["https://a.example.com/1"][0]]


def test_datasette_searches_articles_in_any_spelling_and_shows_them_readably(demo_db, tmp_path):
    import asyncio
    import shutil

    from datasette.app import Datasette

    db = tmp_path / "rasad.db"  # the metadata's database name
    shutil.copy(demo_db[0], db)
    metadata = json.loads((REPOSITORY / "datasette" / "metadata.json").read_text(encoding="utf-8"))
    datasette = Datasette([str(db)], metadata=metadata)

    async def get(path: str):
        response = await datasette.client.get(path)
        assert response.status_code == 200, (path, response.text[:300])
        return response

    async def visit():
        tables = (await get("/rasad.json")).json()["tables"]
        shown = {table["name"] for table in tables if not table["hidden"]}
        summaries = (await get("/rasad/article_summaries.json?_search=%D8%B9%D9%8A%D9%86+%D8%A7%D9%84%D8%A7%D8%B3%D8%AF"
                               "&_shape=array")).json()
        articles = (await get("/rasad/articles.json?_search=%D8%B9%D9%8A%D9%86+%D8%A7%D9%84%D8%A7%D8%B3%D8%AF"
                              "&_shape=array")).json()
        page = (await get("/rasad/article_summaries?_search=%D8%B9%D9%8A%D9%86+%D8%A7%D9%84%D8%A7%D8%B3%D8%AF")).text
        return shown, summaries, articles, page

    shown, summaries, articles, page = asyncio.run(visit())
    assert "article_search" not in shown and "articles" in shown
    with closing(sqlite3.connect(db)) as conn:  # «عين الاسد» typed without hamza: every article with «عين الأسد»
        expected = {row[0] for row in conn.execute("SELECT id FROM articles WHERE replace(text, 'أ', 'ا') LIKE '%عين الاسد%'")}
    assert expected and {row["article_id"] for row in summaries} >= expected
    assert {row["id"] for row in articles} == {row["article_id"] for row in summaries}
    assert set(summaries[0]) == {"article_id", "published_at", "source", "title", "opening", "url", "relevance",
                                 "story_id"}
    assert 'name="_search"' in page and summaries[0]["title"] in page
