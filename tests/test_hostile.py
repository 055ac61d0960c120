"""Bad input, faults and hostile pages: one real crawl of a misbehaving local web, then what
must hold. Each protection has its test here (or in the test named in its docstring)."""

from __future__ import annotations

import json
import sqlite3
from contextlib import closing
import subprocess
import sys
import time

import pytest

from tests.conftest import REPOSITORY, run_rasad
from tests.hostile_web import ENCODED, PARAGRAPH, SOURCES, HostileWeb, title_of

TIMEOUT = 4
RETRIES = 2


@pytest.fixture(scope="module")
def crawl(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("hostile")
    db, sources = tmp / "rasad.db", tmp / "sources.toml"
    sources.write_text(SOURCES, encoding="utf-8")
    handler = "rasad.crawl.routing.RoutedDownloadHandler"
    with HostileWeb() as web:
        started = time.monotonic()
        result = subprocess.run(
            [sys.executable, "-m", "scrapy", "crawl", "hostile", "-s", f"RASAD_DB={db}", "-s", f"RASAD_SOURCES={sources}",
             "-s", f"RASAD_ROUTE_TO={web.address}", "-s", "RASAD_OLDEST=all", "-s", "AUTOTHROTTLE_ENABLED=False",
             "-s", f"DOWNLOAD_TIMEOUT={TIMEOUT}", "-s", f"RETRY_TIMES={RETRIES}",
             "-s", "DOWNLOAD_HANDLERS=" + json.dumps({"http": handler, "https": handler})],
            cwd=REPOSITORY, capture_output=True, text=True, timeout=300,
        )
        seconds = time.monotonic() - started
        hits = {path: list(times) for path, times in web.hits.items()}
    assert result.returncode == 0, result.stderr[-3000:]
    with closing(sqlite3.connect(db)) as conn:
        stats = json.loads(conn.execute("SELECT stats FROM crawl_runs").fetchone()[0])
        articles = {url.split("/", 3)[3]: (title, text) for url, title, text in
                    conn.execute("SELECT url, title, text FROM articles")}
        run = conn.execute("SELECT status, errors_by_kind, skipped_by_reason FROM crawl_runs").fetchone()
    return {"db": db, "stats": stats, "articles": articles, "hits": hits, "seconds": seconds, "run": run,
            "log": result.stderr}


def test_the_good_articles_are_all_stored_once(crawl):
    for path in ("good/1", "good/2", "good/3", "good/4", "good/5", "good/6", "good/7"):
        assert path in crawl["articles"], path
    assert crawl["run"][0] == "ok"


@pytest.mark.parametrize("variant", ENCODED)
def test_windows_1256_utf8_bom_and_lying_headers_store_correct_arabic(crawl, variant):
    title, text = crawl["articles"][f"enc/{variant}"]
    assert title == title_of(f"enc/{variant}")
    assert PARAGRAPH.split("،")[0] in text


def test_truncated_html_still_gives_its_article(crawl):
    assert "broken/truncated" in crawl["articles"]


@pytest.mark.parametrize("path", ["broken/empty", "broken/not-found-200", "broken/binary", "broken/pdf", "broken/image",
                                  "broken/nothing-to-extract"])
def test_pages_that_are_not_articles_are_counted_not_stored(crawl, path):
    assert path not in crawl["articles"]
    assert crawl["hits"].get(path), f"{path} was never requested"
    skipped = json.loads(crawl["run"][2])
    assert sum(skipped.get(reason, 0) for reason in ("empty", "not-html", "no-text", "too-short", "static-page")) >= 5


def test_a_50_mb_page_and_a_gzip_bomb_are_cut_at_the_size_limit(crawl):
    assert "broken/huge" not in crawl["articles"] and "broken/gzip-bomb" not in crawl["articles"]
    stats = crawl["stats"]
    errors = json.loads(crawl["run"][1])
    assert errors.get("scrapy.exceptions.DownloadCancelledError") == 1  # the 50 MB page, counted
    assert "gzip-bomb> because its body" in crawl["log"] and "exceeded DOWNLOAD_MAXSIZE" in crawl["log"]
    assert stats["memusage/max"] < 400 * 2**20


def test_hostile_discovery_documents_neither_hang_nor_read_files(crawl):
    stats = crawl["stats"]
    assert stats.get("rasad/discovery/rejected", 0) >= 2  # XXE and entity bomb refused
    assert crawl["hits"]["sitemap-index.xml"] and len(crawl["hits"]["sitemap-index.xml"]) == 1  # lists itself: fetched once
    for _, text in crawl["articles"].values():
        assert "root:" not in text
    assert not any(path.startswith("good/root") or "lol" in path for path in crawl["hits"])


def test_feed_links_relative_invalid_and_dated_oddly(crawl):
    assert "good/5" in crawl["articles"]  # a relative link
    assert "good/2" in crawl["articles"] and "good/3" in crawl["articles"]  # future / unparseable feed dates
    assert not any("broken link" in path or path.startswith("etc") for path in crawl["hits"])


def test_404_and_410_are_recorded_not_retried(crawl):
    assert len(crawl["hits"]["fault/404"]) == 1 and len(crawl["hits"]["fault/410"]) == 1
    assert crawl["stats"].get("downloader/response_status_count/404", 0) >= 1


def test_429_and_503_with_retry_after_are_waited_for(crawl):
    for path in ("fault/429", "fault/503"):
        times = [t for t, _ in crawl["hits"][path]]
        assert len(times) == 2 and times[1] - times[0] >= 0.9, path
        assert path in crawl["articles"]
    assert crawl["stats"].get("rasad/retry-after/waited") == 2


def test_500_is_retried_then_recorded(crawl):
    assert len(crawl["hits"]["fault/500"]) == 1 + RETRIES
    assert crawl["stats"].get("retry/max_reached", 0) >= 1


def test_resets_hangs_and_slow_drips_end_in_a_timeout_and_are_counted(crawl):
    assert len(crawl["hits"]["fault/reset"]) == 1 + RETRIES
    assert crawl["hits"]["fault/hang"] and crawl["hits"]["fault/drip"]
    errors = json.loads(crawl["run"][1])
    assert any("TimeoutError" in kind for kind in errors), errors
    assert any(kind.endswith(("DownloadFailedError", "ConnectionLost", "ResponseNeverReceived")) for kind in errors), errors
    assert crawl["seconds"] < 120


def test_redirect_loops_and_redirects_off_the_allowed_domains(crawl):
    assert len(crawl["hits"]["fault/loop"]) <= 7
    assert not any(host.startswith("evil.") for times in crawl["hits"].values() for _, host in times)
    assert not any(host.startswith("169.254") for times in crawl["hits"].values() for _, host in times)


def test_robots_txt_disallow_and_broken_robots(crawl):
    assert "private/secret" not in crawl["hits"]
    assert crawl["stats"].get("robotstxt/forbidden", 0) >= 1
    assert "good/6" in crawl["articles"]  # news.hostile.example answers robots.txt with a 500


def test_private_addresses_are_refused_unless_allowed(tmp_path, tmp_db):
    """The offsite filter already drops IP links for a normal source; a source that declares
    localhost shows the address policy itself."""
    with HostileWeb() as web:
        port = web.server_address[1]
        sources = tmp_path / "sources.toml"
        sources.write_text(SOURCES.replace('allowed_domains = ["hostile.example"]', 'allowed_domains = ["localhost"]')
                           .replace('feeds = ["https://www.hostile.example/feed"]', f'feeds = ["http://localhost:{port}/feed"]')
                           .replace('sitemaps = ["https://www.hostile.example/sitemap-index.xml"]', ''), encoding="utf-8")
        refused = run_rasad("crawl", "hostile", "--oldest", "all", "--sources", str(sources), "--db", str(tmp_db))
        assert refused.returncode == 1 and "no entry point could be read" in refused.stderr
        with closing(sqlite3.connect(tmp_db)) as conn:
            stats = json.loads(conn.execute("SELECT stats FROM crawl_runs").fetchone()[0])
        assert stats.get("rasad/refused/private-address", 0) >= 1
        allowed = subprocess.run(
            [sys.executable, "-m", "scrapy", "crawl", "hostile", "-s", f"RASAD_DB={tmp_db}", "-s", f"RASAD_SOURCES={sources}",
             "-s", "RASAD_OLDEST=all", "-s", "AUTOTHROTTLE_ENABLED=False", "-s", "DOWNLOAD_TIMEOUT=2",
             "-s", "RASAD_ALLOWED_NETWORKS=127.0.0.0/8"],
            cwd=REPOSITORY, capture_output=True, text=True, timeout=120)
        assert allowed.returncode == 0, allowed.stderr[-2000:]
        with closing(sqlite3.connect(tmp_db)) as conn:
            status, stats = conn.execute("SELECT status, stats FROM crawl_runs ORDER BY id DESC").fetchone()
        assert status == "ok" and json.loads(stats).get("rasad/discovery/feed") == 1
        assert "rasad/refused/private-address" not in json.loads(stats)


def test_search_terms_and_source_ids_cannot_inject_sql(crawl):
    result = run_rasad("runs", "x' OR '1'='1", "--db", str(crawl["db"]))
    assert result.returncode == 2 and "unknown source" in result.stderr  # an id like any other: not declared
    result = run_rasad("dupes", "--source", "'; DROP TABLE articles; --", "--db", str(crawl["db"]))
    assert result.returncode == 2 and "unknown source" in result.stderr
    with closing(sqlite3.connect(crawl["db"])) as conn:
        assert conn.execute("SELECT count(*) FROM articles").fetchone()[0] == len(crawl["articles"])


@pytest.mark.parametrize("url", ["http://127.0.0.1/x", "http://127.1/", "http://2130706433/", "http://0x7f000001/",
                                 "http://017700000001/", "http://0x7f.1/", "http://0/", "http://2852039166/latest",
                                 "http://169.254.169.254/", "http://10.1.2.3/", "http://[::1]/", "http://[::ffff:127.0.0.1]/",
                                 "http://[fd00::1]/", "http://100.64.0.1/", "http://localhost:8080/", "ftp://example.com/",
                                 "file:///etc/passwd"])
def test_the_address_policy_refuses_every_spelling_of_a_private_address(url):
    from rasad.crawl.address_policy import AddressPolicyMiddleware

    assert AddressPolicyMiddleware(None, []).refusal(url) is not None


@pytest.mark.parametrize("url", ["https://www.youm7.com/story/1", "http://8.8.8.8/", "https://1news.example.com/"])
def test_the_address_policy_lets_public_addresses_and_names_through(url):
    from rasad.crawl.address_policy import AddressPolicyMiddleware

    assert AddressPolicyMiddleware(None, []).refusal(url) is None


def test_endless_discovery_structures_cost_at_most_ten_requests_and_are_counted(crawl):
    hits = crawl["hits"]
    chain = sum(len(times) for path, times in hits.items() if path.startswith("sitemap-chain-"))
    self_listing = len(hits.get("sitemap-self.xml", []))
    cycle = len(hits.get("sitemap-cycle-a.xml", [])) + len(hits.get("sitemap-cycle-b.xml", []))
    assert 1 <= chain <= 10 and 1 <= self_listing <= 10 and 1 <= cycle <= 10, (chain, self_listing, cycle)
    skipped = json.loads(crawl["run"][2])
    assert skipped.get("sitemap-too-deep", 0) >= 1 and skipped.get("sitemap-seen", 0) >= 1

