from __future__ import annotations

import sqlite3
from contextlib import closing

import pytest

from tests.conftest import run_rasad
from tests.warc_files import sample_pages, write_jsonl, write_warc

pytest.importorskip("warcio", reason="WARC tests need warcio (pip install -e '.[test]')")

ARABIC = ("أعلن التحالف الدولي أن قاعدة عين الأسد تعرضت لهجوم بصواريخ كاتيوشا مساء الثلاثاء من دون وقوع إصابات "
          "في صفوف القوات، وقال المتحدث باسم التحالف إن التحقيق جار لتحديد الجهة المسؤولة عن إطلاق الصواريخ. ")
STORED = "SELECT url, source, title, text, published_at, date_source, author, description, duplicate_of IS NULL " \
         "FROM articles ORDER BY url"


def rows(db, sql):
    with closing(sqlite3.connect(db)) as conn:
        return conn.execute(sql).fetchall()


def stories(db) -> set[frozenset[str]]:
    """The story groups as sets of URLs (ids may differ between databases)."""
    groups: dict[int, set[str]] = {}
    for url, story_id in rows(db, "SELECT url, story_id FROM articles"):
        groups.setdefault(story_id, set()).add(url)
    return {frozenset(group) for group in groups.values()}


def windows_1256_page(url: str) -> tuple[str, bytes, list[tuple[str, str]]]:
    """A page whose charset only its HTTP header declares."""
    html = f"<html><head><title>هجوم على قاعدة عين الأسد</title></head><body><article><h1>هجوم على قاعدة عين الأسد</h1>" \
           f"<p>{ARABIC}</p><p>{ARABIC.replace('الثلاثاء', 'الأربعاء')}</p></article></body></html>"
    return url, html.encode("cp1256"), [("Content-Type", "text/html; charset=windows-1256")]


@pytest.fixture(scope="module")
def pages():
    return sample_pages()


def test_a_warc_import_stores_what_the_jsonl_import_of_the_same_pages_stores(tmp_path, pages):
    warc, jsonl = tmp_path / "sample.warc.gz", tmp_path / "sample.jsonl"
    write_warc(warc, pages)
    write_jsonl(jsonl, pages)
    from_warc = run_rasad("import", str(warc), "--db", str(tmp_path / "warc.db"))
    from_jsonl = run_rasad("import", str(jsonl), "--db", str(tmp_path / "jsonl.db"))
    assert from_warc.returncode == 0, from_warc.stderr
    assert from_jsonl.returncode == 0, from_jsonl.stderr
    assert f"{len(pages)} records:" in from_warc.stdout
    stored = rows(tmp_path / "warc.db", STORED)
    assert len(stored) >= 40 and stored == rows(tmp_path / "jsonl.db", STORED)
    assert stories(tmp_path / "warc.db") == stories(tmp_path / "jsonl.db")
    # the real windows-1256 captures are read as Arabic, and their raw pages are kept as served
    fatehwatan = rows(tmp_path / "warc.db", "SELECT a.text, h.content_type FROM articles a JOIN article_html h "
                                            "ON h.article_id = a.id WHERE a.url LIKE 'http://www.fatehwatan.ps/%'")
    assert len(fatehwatan) == 1 and "ال" in fatehwatan[0][0] and fatehwatan[0][1] == "text/html"
    again = run_rasad("import", str(warc), "--db", str(tmp_path / "warc.db"))
    assert again.returncode == 0 and "0 stored" in again.stdout and f"{len(stored)} already stored" in again.stdout


@pytest.mark.parametrize("gzip", [True, False], ids=["warc.gz", "warc"])
def test_bad_records_are_reported_with_their_offset_and_the_rest_is_imported(tmp_path, pages, gzip):
    articles = [page for page in pages if page[0].startswith("https://www.eremnews.com/news/arab-world/")]
    assert len(articles) == 4
    records = [articles[0],
               ("https://www.eremnews.com/logo.png", b"\x89PNG\r\n\x1a\n" + bytes(64), [("Content-Type", "image/png")]),
               ("https://www.eremnews.com/news/arab-world/1213737", "request"),
               articles[1],  # garbled below
               windows_1256_page("https://example.com/news/1"),
               articles[2],
               articles[3]]  # cut off below
    warc = tmp_path / ("bad.warc.gz" if gzip else "bad.warc")
    offsets = write_warc(warc, records, gzip=gzip)
    data = bytearray(warc.read_bytes())
    data[offsets[3]:offsets[3] + 24] = b"\x00garbled\xff" * 2 + bytes(6)
    warc.write_bytes(bytes(data[:-60]))
    result = run_rasad("import", str(warc), "--db", str(tmp_path / "rasad.db"))
    assert result.returncode == 1
    assert f"bad.warc{'.gz' if gzip else ''}@{offsets[1]}: refused (not-html)" in result.stderr
    assert f"@{offsets[3]}: unreadable" in result.stderr and f"skipped to byte {offsets[4]}" in result.stderr
    assert f"@{offsets[6]}: {articles[3][0]}: cut off" in result.stderr
    assert "6 records: 3 stored" in result.stdout and "rejected: 1 not-html" in result.stdout
    assert "2 bad records" in result.stdout
    stored = dict(rows(tmp_path / "rasad.db", "SELECT url, text FROM articles"))
    assert set(stored) == {articles[0][0], articles[2][0], "https://example.com/news/1"}
    assert ARABIC.strip() in stored["https://example.com/news/1"]


def test_a_file_that_is_neither_jsonl_nor_warc_is_refused(tmp_path):
    other = tmp_path / "page.warc"
    other.write_bytes(b"\x1f\x8b\x08 not gzip at all")
    result = run_rasad("import", str(other), "--db", str(tmp_path / "rasad.db"))
    assert result.returncode == 2 and "is not JSON Lines" in result.stderr
    assert not (tmp_path / "rasad.db").exists()
