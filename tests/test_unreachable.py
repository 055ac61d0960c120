"""`rasad crawl` of an outlet whose entry points cannot be fetched, against real local servers
and a port with nothing listening: one line per entry point with the reason, then the summary;
the run records them; Scrapy's tracebacks only with -v.

The sources file names the outlet's real-looking URLs and --route-to sends them to 127.0.0.1
(the address policy refuses 127.0.0.1 itself in a sources file)."""

from __future__ import annotations

import json
import socket
import sqlite3
import threading
from contextlib import closing
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from tests.conftest import run_rasad

SOURCES = """
[[source]]
id = "down"
name = "Down outlet"
language = "ar"
allowed_domains = ["{domain}"]
schedule = "1h"
[source.discovery]
feeds = ["https://www.{domain}/feed"]
sitemaps = ["https://www.{domain}/sitemap.xml"]
sections = [{{ url = "https://www.{domain}/news/", article_pattern = "/news/\\\\d+" }}]
[source.politeness]
delay = 0.0
"""


def entry_points(domain: str) -> list[str]:
    return [f"https://www.{domain}/feed", f"https://www.{domain}/sitemap.xml", f"https://www.{domain}/news/"]


def closed_port() -> int:
    """A port on 127.0.0.1 with nothing listening: connecting to it is refused."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def crawl(tmp_path, domain: str, *args: str):
    sources = tmp_path / "sources.toml"
    sources.write_text(SOURCES.format(domain=domain), encoding="utf-8")
    return run_rasad("crawl", "down", *args, "--sources", str(sources), "--db", str(tmp_path / "rasad.db"))


def recorded_run(tmp_path) -> tuple[str, dict]:
    with closing(sqlite3.connect(tmp_path / "rasad.db")) as conn:
        status, failed = conn.execute("SELECT status, failed_entry_points FROM crawl_runs").fetchone()
    return status, json.loads(failed)


def test_an_outlet_refusing_connections_is_one_line_per_entry_point_and_a_failed_run(tmp_path):
    result = crawl(tmp_path, "down.example", "--route-to", f"127.0.0.1:{closed_port()}")
    assert result.returncode == 1, result.stderr
    failures = [f"[down] {url} failed: connection refused" for url in entry_points("down.example")]
    lines = result.stderr.splitlines()
    assert set(failures) <= set(lines), result.stderr
    # nothing else: the summary and the verdict; no Scrapy errors, no tracebacks
    others = [line for line in lines if line not in failures]
    assert len(others) == 2, result.stderr
    assert others[0].startswith("[down] 0 pages fetched") and "3 failed entry points" in others[0]
    assert others[1] == "Error: crawl failed for: down (finished: no entry point could be read)"
    assert recorded_run(tmp_path) == ("failed", dict.fromkeys(entry_points("down.example"), "connection refused"))


def test_verbose_shows_scrapys_retries_and_tracebacks(tmp_path):
    result = crawl(tmp_path, "down.example", "-v", "--route-to", f"127.0.0.1:{closed_port()}")
    assert result.returncode == 1
    assert "Traceback" in result.stderr and "Gave up retrying" in result.stderr
    for url in entry_points("down.example"):
        assert f"[down] {url} failed: connection refused" in result.stderr


def test_a_name_that_does_not_resolve_is_said(tmp_path):
    result = crawl(tmp_path, "down.invalid")  # .invalid never resolves (RFC 6761)
    assert result.returncode == 1
    for url in entry_points("down.invalid"):
        assert f"[down] {url} failed: DNS lookup failed" in result.stderr.splitlines()
    assert "Traceback" not in result.stderr


class PartlyThere(BaseHTTPRequestHandler):
    """The feed answers (an empty one); the sitemap is gone (404), the section page fails (500)."""

    def log_message(self, *args) -> None:
        pass

    def do_GET(self) -> None:  # noqa: N802
        if self.path != "/feed":
            self.send_error({"/sitemap.xml": 404, "/news/": 500}.get(self.path, 404))
            return
        body = b"<?xml version='1.0'?><rss version='2.0'><channel><title>t</title></channel></rss>"
        self.send_response(200)
        self.send_header("Content-Type", "application/rss+xml")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


@pytest.fixture
def partly_there():
    server = ThreadingHTTPServer(("127.0.0.1", 0), PartlyThere)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def test_an_outlet_with_one_entry_point_read_is_listed_but_not_failed(tmp_path, partly_there):
    result = crawl(tmp_path, "down.example", "--route-to", partly_there)
    assert result.returncode == 0, result.stderr
    feed, sitemap, section = entry_points("down.example")
    lines = result.stderr.splitlines()
    assert f"[down] {sitemap} failed: HTTP 404" in lines and f"[down] {section} failed: HTTP 500" in lines
    assert not any(feed in line for line in lines) and "Traceback" not in result.stderr
    assert recorded_run(tmp_path) == ("ok", {sitemap: "HTTP 404", section: "HTTP 500"})
