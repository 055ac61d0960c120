"""The columns of ``articles`` and ``events`` come from the dataclasses that carry them: a new
column is one field and one migration."""

from __future__ import annotations

from dataclasses import dataclass, fields, replace

from rasad import reprocess
from rasad.analyse.analysis import analyse_article
from rasad.analyse.tagging import Event
from rasad.extract.extraction import Article
from rasad.query import export
from rasad.store import db as database, tag_store
from tests.conftest import store_article

TEXT = "قصفت طائرات مسيرة قاعدة عين الأسد الجوية في محافظة الأنبار غرب العراق فجر اليوم. " * 6
# What storing adds to an article's own columns.
STORAGE_COLUMNS = {"id", "url_key", "source", "fetched_at", "discovered_via", "text_hash", "duplicate_of", "similarity",
                   "story_id", "relevance", "relevance_score", "relevance_evidence", "tagged_at", "tagger"}


@dataclass(frozen=True)
class Summarised(Article):
    """Article with a new field, as a contributor would add it to Article itself."""

    summary: str | None = None


def _summaries(db) -> None:
    """The new field's migration."""
    db.execute("ALTER TABLE articles ADD COLUMN summary TEXT")


def test_the_dataclasses_name_every_column_their_tables_have():
    schema = database._schema_at(len(database.MIGRATIONS))
    assert set(schema["articles"]) == set(Article.columns()) | STORAGE_COLUMNS
    assert {"tier", "doubt"}.isdisjoint(Article.columns())
    assert set(schema["events"]) == {"id", "article_id", *(f.name for f in fields(Event))}
    assert tag_store._EVENT_COLUMNS == tuple(f.name for f in fields(Event))


def test_a_new_column_is_one_dataclass_field_and_one_migration(tmp_path, monkeypatch):
    monkeypatch.setattr(database, "MIGRATIONS", [*database.MIGRATIONS, _summaries])
    monkeypatch.setattr(reprocess, "Article", Summarised)
    try:
        db = database.connect(tmp_path / "rasad.db")
        db.execute("INSERT INTO sources (id, name) VALUES ('s', 's')")
        url = "https://s.example/1"
        article = Summarised(url=url, canonical_url=url, title="عين الأسد", text=TEXT, author=None,
                             published_at="2024-02-05", date_source="meta", description=None, language="ar",
                             site_name=None, categories=["أخبار"], summary="هجوم على عين الأسد")
        analysed = analyse_article(article, language="ar", oldest=None, gazetteer_path=None)
        stored = store_article(db, article, source="s", fetched_at="2024-02-05T10:00:00+00:00",
                               fingerprint=analysed.fingerprint)
        assert db.execute("SELECT summary, categories FROM articles").fetchone() == ("هجوم على عين الأسد", '["أخبار"]')

        [read] = reprocess._rows(db, reprocess._chosen(None, None, from_html=False), 0)  # what reextract and retag read
        assert read.article == article

        again = replace(analysed, article=replace(article, summary="ملخص آخر"))
        assert reprocess.update_articles(db, [(stored.article_id, again)]) == ["same"]
        assert db.execute("SELECT summary FROM articles").fetchone() == ("ملخص آخر",)
        db.conn.close()
    finally:
        database._schema_at.cache_clear()  # it knows the extra migration


def test_the_articles_export_names_only_columns_the_schema_has():
    # (datasette/metadata.json's columns are checked against a database in tests/test_search.py)
    assert set(export.ARTICLE_COLUMNS) <= set(database._schema_at(len(database.MIGRATIONS))["articles"])
