"""The query language of rasad search (rasad.analyse.search_query) on Arabic text with clitics and
spelling variants, through the index and through the CLI's output formats."""

from __future__ import annotations

import csv
import io
import json
from datetime import datetime, timezone

import pytest

from rasad.analyse import dedup
from rasad.analyse.search_query import Near, Phrase, QueryError, Term, parse
from rasad.extract.extraction import Article
from rasad.query.search import search
from rasad.store import db as database
from tests.conftest import run_rasad, store_article

FILLER = "وأضاف المصدر أن الوضع الأمني في المنطقة يبقى متوترا منذ أسابيع. "
# id: (published, title, text)
ARTICLES = {
    1: ("2024-01-10", "صواريخ على القاعدة", "سقطت ثلاثة صواريخ على قاعدة بعين الأسد في محافظة الأنبار غرب العراق. " + FILLER),
    # both words, never side by side, and more often than in article 1: plain ranking would put it first
    2: ("2024-03-02", "تصريحات رسمية", ("قال المتحدث إن الحكومة تأخذ بعين الاعتبار موقف الأسد. عين المراقبين على الأسد. "
                                        "وحضر الأسد الاجتماع. ") * 2 + FILLER),
    3: ("2024-02-15", "هجوم على التنف", "استهدفت طائرة مسيرة قاعدة التنف في سوريا دون إصابات. " + FILLER),
    4: ("2024-04-20", "هجوم صاروخي في أربيل", "تعرضت قاعدة حرير في أربيل لهجوم صاروخي مساء أمس. " + FILLER),
    5: (None, "مباراة ودية", "انتهت المباراة الودية بين الفريقين بالتعادل في ملعب المدينة. " + FILLER),
}


@pytest.fixture
def db(tmp_db):
    db = database.connect(tmp_db)
    db.execute("INSERT INTO sources (id, name) VALUES ('s', 's')")
    for number, (published, title, text) in ARTICLES.items():
        url = f"https://a.example.com/{number}"
        article = Article(url=url, canonical_url=url, title=title, text=text, author=None, published_at=published,
                          date_source="meta" if published else None, description=None, language="ar", site_name=None)
        store_article(db, article, source="s", fetched_at=datetime.now(timezone.utc).isoformat(),
                      fingerprint=dedup.fingerprint(text))
    yield db
    db.conn.close()


def found(db, query: str, **options) -> list[int]:
    return [hit.article_id for hit in search(db, query, every_copy=True, **options)]


@pytest.mark.parametrize("query", ['"عين الأسد"', "«عين الاسد»", "“عين الأسـد”", '"بعين الأسد"'])
def test_a_phrase_needs_its_words_side_by_side_in_any_spelling(db, query):
    assert found(db, query) == [1]


def test_plain_words_rank_the_articles_where_they_stand_together_first(db):
    # without the boost, bm25 prefers article 2, which repeats both words
    by_bm25 = [row[0] for row in db.execute(
        "SELECT s.article_id FROM article_search_fts JOIN article_search s ON s.rowid = article_search_fts.rowid "
        "WHERE article_search_fts MATCH ? ORDER BY rank", [parse("عين الأسد").fts()])]
    assert by_bm25 == [2, 1]
    assert found(db, "عين الأسد") == [1, 2]


@pytest.mark.parametrize(("query", "expected"), [
    ("التنف OR حرير", {3, 4}),
    ("التنف OR «عين الأسد»", {1, 3}),
    ("سوريا OR العراق قاعدة", {1, 3}),  # (Syria or Iraq) and base
    ("مباراة OR تصريحات OR التنف", {2, 3, 5}),
])
def test_or_takes_either(db, query, expected):
    assert set(found(db, query)) == expected


@pytest.mark.parametrize(("query", "expected"), [
    ("قاعدة -التنف", {1, 4}),
    ("قاعدة NOT التنف", {1, 4}),
    ("قاعدة -بالتنف", {1, 4}),  # the excluded word in any form
    ("الأسد -«عين الأسد»", {2}),  # a phrase left out; article 2 has both words, not side by side
    ("الأسد -عين", set()),
])
def test_words_and_phrases_left_out(db, query, expected):
    assert set(found(db, query)) == expected


def test_a_prefix_finds_the_words_that_start_so(db):
    assert found(db, "صاروخ*") == [4]  # «صاروخي», not «صواريخ»
    assert set(found(db, "صوار*")) == {1}
    assert set(found(db, "قاعد* -التنف")) == {1, 4}


@pytest.mark.parametrize(("query", "expected"), [
    ("طائرة NEAR/2 التنف", [3]),  # two words between them
    ("طائرة NEAR/1 التنف", []),
    ("التنف NEAR/2 طائرة", [3]),  # either order
    ("طائرة NEAR التنف", [3]),  # within 10 words by default
    ("الأنبار NEAR/3 «عين الأسد»", [1]),
])
def test_near_counts_the_words_in_between(db, query, expected):
    assert found(db, query) == expected


def test_newest_first_on_request_with_undated_articles_last(db):
    assert found(db, "في", sort="date") == [4, 2, 3, 1, 5]


def test_the_parse_tree_of_a_mixed_query():
    query = parse('«عين الأسد» OR حرير -سوريا صاروخ* NEAR/4 التنف')
    assert [type(clause).__name__ for clause in query.required] == ["AnyOf", "Near"]
    assert query.required[0].options == (Phrase((Term("عين"), Term("الاسد"))), Term("حرير"))
    assert query.required[1] == Near(Phrase((Term("صاروخ", prefix=True),)), Phrase((Term("التنف"),)), 4)
    assert query.excluded == (Term("سوريا"),)


@pytest.mark.parametrize("query", ["", "-التنف", "NOT OR", "«»", '"(((', "NEAR/3"])
def test_a_query_with_nothing_to_find_is_an_error(query):
    with pytest.raises(QueryError):
        parse(query)


def test_the_cli_prints_rows_as_json_csv_or_lines(db):
    path = db.conn.execute("PRAGMA database_list").fetchone()[2]
    as_json = run_rasad("search", "«عين الأسد»", "--db", path, "--json")
    assert as_json.returncode == 0
    hits = json.loads(as_json.stdout)
    assert [hit["article_id"] for hit in hits] == [1] and "[بعين الأسد]" in hits[0]["snippet"]
    lines = run_rasad("search", "قاعدة", "--db", path, "--nl", "--sort", "date").stdout.splitlines()
    assert [json.loads(line)["article_id"] for line in lines] == [4, 3, 1]
    rows = list(csv.DictReader(io.StringIO(run_rasad("search", "التنف OR حرير", "--db", path, "--csv").stdout)))
    assert {row["article_id"] for row in rows} == {"3", "4"} and "title" in rows[0]
    empty = run_rasad("search", "غائب", "--db", path, "--json")
    assert empty.returncode == 0 and json.loads(empty.stdout) == [] and empty.stderr == ""
    both = run_rasad("search", "قاعدة", "--db", path, "--json", "--csv")
    assert both.returncode == 2 and "choose one of --json, --csv" in both.stderr


def test_the_cli_names_a_query_error_in_one_line(db):
    path = db.conn.execute("PRAGMA database_list").fetchone()[2]
    result = run_rasad("search", "NOT التنف", "--db", path)
    assert result.returncode == 2 and "only leaves words out" in result.stderr and "Traceback" not in result.stderr
