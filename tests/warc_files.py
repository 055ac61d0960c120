"""WARC files for the tests, written with warcio from pages fetched off the sample web (a real
HTTP server on 127.0.0.1) with the headers it served them with."""

from __future__ import annotations

import http.client
import io
import json
from pathlib import Path
from urllib.parse import urlsplit

from rasad.crawl.sample_web import SampleWebServer
from tests.golden import goldens


def sample_pages() -> list[tuple[str, bytes, list[tuple[str, str]]]]:
    """(URL, body, HTTP headers) of every golden page, fetched from the sample web."""
    pages = []
    with SampleWebServer() as server:
        host, port = server.address.rsplit(":", 1)
        for golden in goldens():
            url = urlsplit(golden.expected["url"])
            connection = http.client.HTTPConnection(host, int(port), timeout=30)
            connection.request("GET", url.path + (f"?{url.query}" if url.query else ""), headers={"Host": url.hostname})
            response = connection.getresponse()
            assert response.status == 200, golden.expected["url"]
            pages.append((golden.expected["url"], response.read(), response.getheaders()))
            connection.close()
    return pages


def write_warc(path: Path, records: list[tuple[str, bytes, list[tuple[str, str]]] | tuple[str, str]],
               *, gzip: bool = True) -> list[int]:
    """Write *records* (URL, body, headers as a response; or URL, "request") to *path*; returns
    each record's byte offset."""
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    buffer = io.BytesIO()
    writer = WARCWriter(buffer, gzip=gzip)
    offsets = []
    for record in records:
        offsets.append(buffer.tell())
        if record[1] == "request":
            http_headers = StatusAndHeaders(f"GET {urlsplit(record[0]).path} HTTP/1.1",
                                            [("Host", urlsplit(record[0]).hostname)], is_http_request=True)
            writer.write_record(writer.create_warc_record(record[0], "request", http_headers=http_headers))
            continue
        url, body, headers = record
        http_headers = StatusAndHeaders("200 OK", headers, protocol="HTTP/1.1")
        writer.write_record(writer.create_warc_record(url, "response", payload=io.BytesIO(body),
                                                      length=len(body),
                                                      http_headers=http_headers))
    path.write_bytes(buffer.getvalue())
    return offsets


def write_jsonl(path: Path, pages: list[tuple[str, bytes, list[tuple[str, str]]]]) -> None:
    """The same pages as JSON Lines with their HTML decoded, each with its host as its outlet."""
    from rasad.extract.encoding import decode_html

    with path.open("w", encoding="utf-8") as stream:
        for url, body, headers in pages:
            html = decode_html(body, dict(headers))[0]
            stream.write(json.dumps({"url": url, "html": html, "hostname": urlsplit(url).hostname},
                                    ensure_ascii=False) + "\n")
