from __future__ import annotations

import json
import sqlite3
from contextlib import closing
import subprocess
import sys
from collections.abc import Callable

import pytest

from tests.conftest import REPOSITORY, run_rasad
from tests.golden import goldens

ANT = REPOSITORY / "tests" / "fixtures" / "ant"
TEXT = ("أعلن التحالف الدولي أن قاعدة عين الأسد تعرضت لهجوم بصواريخ كاتيوشا مساء الثلاثاء من دون وقوع إصابات "
        "في صفوف القوات، وقال المتحدث باسم التحالف إن التحقيق جار لتحديد الجهة المسؤولة عن إطلاق الصواريخ. ") * 2


def write_jsonl(path, records) -> None:
    path.write_text("".join((r if isinstance(r, str) else json.dumps(r, ensure_ascii=False)) + "\n" for r in records),
                    encoding="utf-8")


def rows(db, sql):
    with closing(sqlite3.connect(db)) as conn:
        return conn.execute(sql).fetchall()


def test_the_ant_corpus_converts_and_imports_once(tmp_path, tmp_db):
    jsonl = tmp_path / "ant.jsonl"
    subprocess.run([sys.executable, "scripts/ant_to_jsonl.py", str(ANT), "-o", str(jsonl)], cwd=REPOSITORY, check=True,
                   capture_output=True)
    records = [json.loads(line) for line in jsonl.read_text(encoding="utf-8").splitlines()]
    assert len(records) == 17 and all(r["url"] and r["text"] and r["published_at"] for r in records)
    first = run_rasad("import", str(jsonl), "--source", "ant-corpus", "--db", str(tmp_db))
    assert first.returncode == 0, first.stderr
    # the corpus files one article under two categories: its URL is stored once; one text is
    # shorter than a crawled article may be, and is refused as a crawl would refuse it
    assert "15 stored" in first.stdout and "1 already stored" in first.stdout and "1 too-short" in first.stdout
    assert "ant.jsonl:11: refused (too-short)" in first.stderr
    stored = rows(tmp_db, "SELECT source, published_at, date_source, title, site_name FROM articles")
    outlets = {r["outlet"].lower() for r in records}
    assert len(stored) == 15 and all(r[0] in outlets and r[2] == "import" and r[3] and r[4] for r in stored)
    assert {r[0] for r in stored} == outlets  # each line's own outlet, not the import's --source
    assert all(r[1][:4] == "2018" for r in stored)
    second = run_rasad("import", str(jsonl), "--source", "ant-corpus", "--db", str(tmp_db))
    assert second.returncode == 0 and "0 stored" in second.stdout and "16 already stored" in second.stdout
    assert rows(tmp_db, "SELECT count(*) FROM articles")[0][0] == 15


def test_bad_lines_are_reported_with_their_number_and_the_rest_is_imported(tmp_path, tmp_db):
    jsonl = tmp_path / "mixed.jsonl"
    write_jsonl(jsonl, [
        {"url": "https://example.com/a/1", "title": "أول", "text": TEXT, "published_at": "2024-01-28T10:00:00+03:00"},
        "{not json",
        {"title": "بلا رابط", "text": TEXT},
        {"url": "https://example.com/a/4", "title": "تاريخ", "text": TEXT, "published_at": "yesterday"},
        {"url": "ftp://example.com/a/5", "title": "x", "text": TEXT},
        ["a", "list"],
        {"url": "https://example.com/a/7", "title": "سابع", "text": TEXT.replace("الثلاثاء", "الأربعاء"),
         "published_at": "Sun, 28 Jan 2024 18:20:00 +0000", "author": "مراسل"},
        {"url": "https://example.com/a/8", "title": "بلا نص"},
    ])
    result = run_rasad("import", str(jsonl), "--source", "wire", "--db", str(tmp_db))
    assert result.returncode == 1
    for number, message in [(2, "not valid JSON"), (3, "'url' must be an http(s) URL"), (4, "the date 'yesterday'"),
                            (5, "'url' must be an http(s) URL"), (6, "expected a JSON object"), (8, "needs a text")]:
        assert f"{jsonl}:{number}: {message}" in result.stderr
    stored = rows(tmp_db, "SELECT url, published_at, author, duplicate_of FROM articles ORDER BY id")
    assert [r[0] for r in stored] == ["https://example.com/a/1", "https://example.com/a/7"]
    assert stored[1][1] == "2024-01-28T18:20:00+00:00" and stored[1][2] == "مراسل"
    assert stored[1][3] == 1, "a near copy of the first article joins its story"
    assert "2 stored (1 copies of stored stories)" in result.stdout and "6 bad lines" in result.stdout


def test_html_lines_are_extracted_like_crawled_pages_and_stdin_works(tmp_db):
    golden = next(g for g in goldens() if g.expected.get("source") == "erem-news" and g.expected["is_article"])
    line = json.dumps({"url": golden.expected["url"], "html": golden.body().decode("utf-8")}, ensure_ascii=False)
    result = subprocess.run([sys.executable, "-m", "rasad", "import", "-", "--source", "erem-news", "--db", str(tmp_db)],
                            input=line + "\n", cwd=REPOSITORY, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    title, text, published, html = rows(tmp_db, "SELECT title, text, published_at, (SELECT count(*) FROM article_html) "
                                                 "FROM articles")[0]
    assert title == golden.expected["title"] and published[:10] == golden.expected["published"]
    assert " ".join(text.split()).startswith(" ".join(golden.expected["text_start"].split()))
    assert html == 1
    assert "extraction of the pages: 1 pages extracted, 0 fell back to the full tier (0.0%)" in result.stdout


def test_an_unknown_extraction_setting_is_refused_before_the_database_is_made(tmp_path, tmp_db):
    lines = tmp_path / "a.jsonl"
    lines.write_text(json.dumps({"url": "https://example.com/a", "text": "نص " * 100}) + "\n", encoding="utf-8")
    result = run_rasad("import", str(lines), "--source", "x", "--db", str(tmp_db), env={"RASAD_EXTRACTION": "fast"})
    assert result.returncode == 2 and "RASAD_EXTRACTION must be one of two-tier, full, not 'fast'" in result.stderr
    assert not tmp_db.exists()


def test_a_missing_file_is_refused(tmp_path, tmp_db):
    result = run_rasad("import", str(tmp_path / "nope.jsonl"), "--source", "x", "--db", str(tmp_db))
    assert result.returncode == 2 and "is not a file" in result.stderr
    assert not tmp_db.exists()


def test_dupes_lists_story_groups(tmp_path, tmp_db):
    jsonl = tmp_path / "two.jsonl"
    write_jsonl(jsonl, [{"url": "https://a.example.com/1", "title": "الأول", "text": TEXT},
                        {"url": "https://b.example.com/2", "title": "الثاني بعنوان آخر", "text": "بغداد - " + TEXT}])
    assert run_rasad("import", str(jsonl), "--source", "wire", "--db", str(tmp_db)).returncode == 0
    result = run_rasad("dupes", "--db", str(tmp_db))
    assert result.returncode == 0
    assert "2 articles from wire" in result.stdout
    assert "الأول" in result.stdout and "الثاني بعنوان آخر" in result.stdout


def test_a_file_that_is_not_json_lines_is_refused_and_changes_nothing(tmp_path, tmp_db):
    for name, content in (("binary.jsonl", bytes(range(256)) * 10), ("empty.jsonl", b""),
                          ("csv.jsonl", "url,title\nhttps://example.com,x\n".encode())):
        path = tmp_path / name
        path.write_bytes(content)
        result = run_rasad("import", str(path), "--source", "x", "--db", str(tmp_db))
        assert result.returncode == 2 and "nothing was imported" in result.stderr, result.stderr
        assert not tmp_db.exists()


def test_a_broken_gazetteer_is_refused_with_one_message(tmp_path, tmp_db):
    bad = tmp_path / "gazetteer.toml"
    bad.write_text('[[site]]\nid = "x"\nvariants = []\n', encoding="utf-8")
    result = run_rasad("tag", "-", "--db", str(tmp_db), env={"RASAD_GAZETTEER": str(bad)})
    assert result.returncode == 1
    assert "[[site]] #1 ('x'), field 'variants'" in result.stderr and "Traceback" not in result.stderr


def test_news_please_and_trafilatura_lines_are_read_as_they_come_and_validated_as_crawls(tmp_path, tmp_db):
    jsonl = tmp_path / "tools.jsonl"
    write_jsonl(jsonl, [
        {"url": "https://news.example/1", "title": "نيوز بليز", "maintext": TEXT, "date_publish": "2024-01-28 10:00:00",
         "source_domain": "news.example", "authors": ["مراسل أول", "مراسل ثان"]},
        {"url": "https://traf.example/2", "title": "ترافيلاتورا", "text": TEXT.replace("الثلاثاء", "الخميس") + " ثم",
         "date": "2024-01-27", "hostname": "traf.example"},
        {"url": "https://x.example/3", "title": "قصير", "text": "إخلاء مسؤولية: جميع الحقوق محفوظة للناشر 2024.",
         "outlet": "x"},
        {"url": "https://x.example/4", "title": "المستقبل", "text": TEXT + " آخر", "published_at": "2999-01-01",
         "outlet": "x"},
        {"url": "https://x.example/5", "title": "English", "text": "A long English text about something else. " * 8,
         "outlet": "x"},
        {"url": "https://x.example/6", "title": "بلا مصدر", "text": TEXT + " أخير"},
    ])
    result = run_rasad("import", str(jsonl), "--language", "ar", "--db", str(tmp_db))
    assert result.returncode == 1  # line 6 names no source and no --source was given
    for number, message in [(3, "refused (too-short)"), (4, "refused (future-date)"), (5, "refused (wrong-language)"),
                            (6, "no source")]:
        assert f"{jsonl}:{number}: {message}" in result.stderr, result.stderr
    stored = rows(tmp_db, "SELECT url, source, published_at, author FROM articles ORDER BY id")
    assert stored == [("https://news.example/1", "news.example", "2024-01-28T10:00:00", "مراسل أول, مراسل ثان"),
                      ("https://traf.example/2", "traf.example", "2024-01-27T00:00:00", None)]



@pytest.mark.parametrize(("stop", "code"), [("ctrl-c", 130), ("sigterm", 143)])
def test_ctrl_c_or_sigterm_on_import_retag_and_reextract_says_what_was_done(tmp_path, tmp_db, stop, code):
    import os
    import signal
    import time

    lines = 3000  # enough that an import under a loaded CI is still running when the first rows are seen
    jsonl = tmp_path / "many.jsonl"
    write_jsonl(jsonl, [{"url": f"https://many.example/{n}", "title": f"خبر {n}", "text": f"{n} " + TEXT,
                         "source": "many"} for n in range(lines)])

    def interrupted(*args: str, when: Callable[[], bool]) -> subprocess.CompletedProcess:
        process = subprocess.Popen([sys.executable, "-m", "rasad", *args, "--db", str(tmp_db)], cwd=REPOSITORY,
                                   stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                                   env={**os.environ, "RASAD_WORKERS": "1"}, start_new_session=True)
        while not when():
            time.sleep(0.1)
        if stop == "ctrl-c":
            os.killpg(process.pid, signal.SIGINT)  # what Ctrl-C in a terminal sends: the whole group
        else:
            process.terminate()  # what kill, timeout and a service manager send: SIGTERM, to rasad alone
        out, err = process.communicate(timeout=120)
        return subprocess.CompletedProcess(process.args, process.returncode, out, err)

    def some_stored() -> bool:
        if not tmp_db.exists():
            return False
        try:
            return rows(tmp_db, "SELECT count(*) FROM articles")[0][0] > 0
        except sqlite3.OperationalError:  # not made yet
            return False

    def after(seconds: float) -> Callable[[], bool]:
        deadline = time.monotonic() + seconds
        return lambda: time.monotonic() >= deadline

    result = interrupted("import", str(jsonl), when=some_stored)
    assert result.returncode == code, result.stderr[-2000:]
    assert "interrupted after" in result.stderr and "Traceback" not in result.stderr
    stored = rows(tmp_db, "SELECT count(*) FROM articles")[0][0]
    assert 0 < stored < lines and f"{stored} stored" in result.stderr
    again = run_rasad("import", str(jsonl), "--db", str(tmp_db))  # goes on where it stopped
    assert again.returncode == 0 and f"{stored} already stored" in again.stdout
    assert rows(tmp_db, "SELECT count(*) FROM articles")[0][0] == lines
    result = interrupted("retag", when=after(3))
    assert result.returncode == code, result.stderr[-2000:]
    assert f"of {lines} articles re-tagged" in result.stderr and "Traceback" not in result.stderr
    result = interrupted("reextract", when=after(3))
    assert result.returncode == code, result.stderr[-2000:]
    assert f"of {lines} articles re-extracted" in result.stderr and "Traceback" not in result.stderr


def test_hostile_lines_are_reported_and_skipped_wherever_they_stand(tmp_path, tmp_db):
    def line(n: int, **fields) -> bytes:
        record = {"url": f"https://hostile.example/{n}", "title": f"خبر {n}", "text": f"{n} " + TEXT, **fields}
        return json.dumps(record, ensure_ascii=False).encode("utf-8") + b"\n"

    big = 17 * 2**20  # past the default cap of 16 MB
    lines = [
        line(1).replace("خبر".encode(), b"\xff\xfe"),  # not UTF-8, and the file's first line
        line(2),
        b"[" * 200_000 + b"]" * 200_000 + b"\n",
        line(4),
        b'{"url": "https://hostile.example/5", "text": "' + b"x" * big + b'"}\n',
        line(6, url="https://hostile.example/" + "a" * 100_000),
        line(7, published_at="2999-01-01"),
        line(8, published_at="0001-01-01"),
        b'{"url": "https://hostile.example/9", "n": ' + b"9" * 100_000 + b"}\n",
        line(10, extra=json.loads("[" * 25 + "]" * 25)),
        line(11),
    ]
    jsonl = tmp_path / "hostile.jsonl"
    jsonl.write_bytes(b"".join(lines))
    result = run_rasad("import", str(jsonl), "--source", "wire", "--db", str(tmp_db))
    assert result.returncode == 1, result.stderr
    assert "Traceback" not in result.stderr
    for number, message in [(1, "not UTF-8 (byte 0xff at byte "), (3, "nested deeper than 20 levels"),
                            (5, f"longer than {16 * 2**20} bytes"), (6, "'url' is 100024 characters long; at most 2048"),
                            (7, "refused (future-date)"), (8, "refused (implausible-date)"),
                            (9, "not valid JSON: Exceeds the limit"), (10, "nested deeper than 20 levels")]:
        assert f"{jsonl}:{number}: {message}" in result.stderr, (number, result.stderr)
    assert [r[0] for r in rows(tmp_db, "SELECT url FROM articles ORDER BY id")] == \
        [f"https://hostile.example/{n}" for n in (2, 4, 11)]
    assert "11 lines: 3 stored" in result.stdout and "6 bad lines" in result.stdout, result.stdout


def test_the_line_size_cap_is_a_setting(tmp_path, tmp_db):
    jsonl = tmp_path / "long.jsonl"
    write_jsonl(jsonl, [{"url": f"https://cap.example/{n}", "title": "خبر", "text": TEXT * n, "source": "wire"}
                        for n in (1, 20)])
    result = run_rasad("import", str(jsonl), "--db", str(tmp_db), env={"RASAD_MAX_LINE_BYTES": "8000"})
    assert result.returncode == 1 and f"{jsonl}:2: longer than 8000 bytes (RASAD_MAX_LINE_BYTES)" in result.stderr
    assert rows(tmp_db, "SELECT url FROM articles") == [("https://cap.example/1",)]


def test_every_field_a_line_gives_wins_over_what_its_page_says():
    from datetime import datetime, timezone

    from rasad.importer import to_article

    html = ('<html><head><title>Page title</title><meta name="description" content="the page\'s description">'
            '<script type="application/ld+json">{"@type": "NewsArticle", "headline": "Page title", '
            '"datePublished": "2023-05-05T10:00:00+00:00", "author": {"name": "Page Author"}}</script></head>'
            '<body><article><h1>Page title</h1><p>'
            + "نص خبر طويل بما يكفي ليكون مقالا كاملا عن حدث ما وقع أمس في المدينة. " * 8 + "</p></article></body></html>")
    line = {"url": "https://x.example/a/1", "html": html}
    from_page = to_article(line, datetime.now(timezone.utc), False)
    assert (from_page.title, from_page.published_at[:10]) == ("Page title", "2023-05-05")
    given = {"title": "Given title", "published_at": "2024-01-02", "author": "Given Author",
             "description": "the given description"}
    article = to_article({**line, **given}, datetime.now(timezone.utc), False)
    assert (article.title, article.published_at, article.date_source, article.author, article.description) == (
        "Given title", "2024-01-02T00:00:00", "import", "Given Author", "the given description")
