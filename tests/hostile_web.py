"""A misbehaving web on 127.0.0.1: good Arabic articles mixed with every fault a daemon meets.

Every request is answered by host-independent path (the crawl routes all hosts here), and
recorded in ``HostileWeb.hits`` (path → list of (time, Host header)) so tests can check what was
fetched, how often and when.
"""

from __future__ import annotations

import gzip
import json
import socket
import struct
import threading
import time
from collections import defaultdict
from email.utils import formatdate
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

HOST = "www.hostile.example"
PARAGRAPH = ("قالت مصادر محلية إن طائرة مسيرة استهدفت قاعدة حقل العمر النفطي في ريف دير الزور الشرقي، "
             "وأضافت المصادر أن الدفاعات الجوية تصدت للهجوم من دون وقوع إصابات في صفوف القوات. ")
ENCODED = ["meta-only", "header-only", "none", "bom", "lying-header"]
GOOD = [f"good/{n}" for n in range(1, 8)]
# Faults the benchmark repeats among good pages (hangs and drips only in the feed: each costs a timeout).
MIXED_FAULTS = ["fault/404", "fault/410", "fault/500", "fault/reset", "fault/loop", "fault/off-domain", "fault/to-metadata",
                "broken/empty", "broken/binary", "broken/pdf", "broken/not-found-200", "broken/truncated", "broken/gzip-bomb",
                "enc/none", "enc/lying-header", "private/secret"]
_GZIP_BOMB = gzip.compress(b"<html><body>" + b"\0" * (60 * 1024 * 1024) + b"</body></html>", 9)


def title_of(name: str) -> str:
    return f"تقرير خاص رقم {name.replace('/', ' ')} عن هجوم على قاعدة حقل العمر"


def article(name: str, *, charset_meta: str = "") -> str:
    return (f"<html lang='ar'><head>{charset_meta}<title>{title_of(name)}</title>"
            f"<meta property='og:type' content='article'>"
            f"<script type='application/ld+json'>{json.dumps({'@type': 'NewsArticle', 'datePublished': '2024-02-05T10:00:00+03:00'})}</script>"
            f"</head><body><article><h1>{title_of(name)}</h1><p>{PARAGRAPH * 3}</p><p>{PARAGRAPH} ({name})</p>"
            f"</article></body></html>")


def feed(base: str) -> str:
    links = [f"{base}/{g}" for g in GOOD[:4]] + [f"{base}/enc/{e}" for e in ENCODED] + [
        f"{base}/broken/{b}" for b in ("truncated", "empty", "not-found-200", "binary", "pdf", "image", "huge",
                                       "gzip-bomb", "nothing-to-extract")] + [
        f"{base}/fault/{f}" for f in ("404", "410", "429", "503", "500", "reset", "hang", "drip", "loop",
                                      "off-domain", "to-metadata")] + [
        f"{base}/private/secret", "https://news.hostile.example/good/6", "/good/5", "ht!tp://broken link",
        "javascript:alert(1)", "file:///etc/passwd", "http://169.254.169.254/latest/meta-data/"]
    dates = {f"{base}/good/2": "Mon, 05 Feb 2099 10:00:00 +0300", f"{base}/good/3": "not a date at all"}
    items = "".join(f"<item><title>t</title><link>{url}</link>"
                    + (f"<pubDate>{dates[url]}</pubDate>" if url in dates else "") + "</item>" for url in links)
    return f"<?xml version='1.0'?><rss version='2.0'><channel><title>hostile</title>{items}</channel></rss>"


def index_of(base: str, *names: str) -> str:
    maps = "".join(f"<sitemap><loc>{base}/{name}</loc></sitemap>" for name in names)
    return f"<?xml version='1.0'?><sitemapindex xmlns='http://www.sitemaps.org/schemas/sitemap/0.9'>{maps}</sitemapindex>"


def sitemap_index(base: str) -> str:
    return index_of(base, "sitemap-index.xml", "sitemap-good.xml", "sitemap-xxe.xml", "sitemap-bomb.xml",
                    "sitemap-malformed.xml", "sitemap-chain-1.xml", "sitemap-self.xml", "sitemap-cycle-a.xml")


XXE = ("<?xml version='1.0'?><!DOCTYPE urlset [<!ENTITY secret SYSTEM 'file:///etc/passwd'>]>"
       "<urlset xmlns='http://www.sitemaps.org/schemas/sitemap/0.9'><url><loc>https://www.hostile.example/good/&secret;</loc></url></urlset>")
BOMB = ("<?xml version='1.0'?><!DOCTYPE lolz [<!ENTITY lol 'lol'>"
        + "".join(f"<!ENTITY lol{i} '{('&lol' + (str(i - 1) if i > 1 else '') + ';') * 10}'>" for i in range(1, 10))
        + "]><urlset><url><loc>https://www.hostile.example/&lol9;</loc></url></urlset>")


class Handler(BaseHTTPRequestHandler):
    server: HostileWeb

    def log_message(self, *args) -> None:
        pass

    def send(self, status: int, body: bytes, content_type: str = "text/html; charset=utf-8", **headers: str) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        for name, value in headers.items():
            self.send_header(name.replace("_", "-"), value)
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self) -> None:  # noqa: N802 (http.server's name), C901: one branch per fault
        path = self.path.split("?")[0].strip("/")
        host = self.headers.get("Host", "")
        web = self.server
        with web.lock:
            web.hits[path].append((time.monotonic(), host))
            count = len(web.hits[path])
        base = f"https://{HOST}"
        if path == "robots.txt":
            if host.startswith("news."):
                self.send(500, b"<html>internal error</html>")
            else:
                self.send(200, b"User-agent: *\nDisallow: /private/\n", "text/plain")
        elif path == "feed":
            self.send(200, feed(base).encode(), "application/rss+xml")
        elif path == "sitemap-index.xml":
            self.send(200, sitemap_index(base).encode(), "application/xml")
        elif path == "sitemap-many.xml":  # the fault-injection benchmark: ?n= good articles, faults mixed in
            n = int(self.path.split("n=")[1]) if "n=" in self.path else 1000
            urls = [f"{base}/good/{1000 + i}" for i in range(n)] + [
                f"{base}/{fault}?i={i}" for i in range(n // 20) for fault in MIXED_FAULTS]
            entries = "".join(f"<url><loc>{url}</loc></url>" for url in urls)
            self.send(200, f"<urlset xmlns='http://www.sitemaps.org/schemas/sitemap/0.9'>{entries}</urlset>".encode(),
                      "application/xml")
        elif path.startswith("sitemap-chain-"):  # an endless chain: each index lists the next one
            number = int(path.removeprefix("sitemap-chain-").removesuffix(".xml"))
            self.send(200, index_of(base, f"sitemap-chain-{number + 1}.xml").encode(), "application/xml")
        elif path == "sitemap-self.xml":  # an index that lists itself, and a fresh spelling of itself
            self.send(200, index_of(base, "sitemap-self.xml", f"sitemap-self.xml?again={count}").encode(), "application/xml")
        elif path in ("sitemap-cycle-a.xml", "sitemap-cycle-b.xml"):  # two indexes that list each other
            other = "sitemap-cycle-b.xml" if path.endswith("a.xml") else "sitemap-cycle-a.xml"
            self.send(200, index_of(base, other).encode(), "application/xml")
        elif path == "sitemap-good.xml":
            self.send(200, f"<urlset xmlns='http://www.sitemaps.org/schemas/sitemap/0.9'><url><loc>{base}/good/7</loc></url></urlset>".encode(), "application/xml")
        elif path == "sitemap-xxe.xml":
            self.send(200, XXE.encode(), "application/xml")
        elif path == "sitemap-bomb.xml":
            self.send(200, BOMB.encode(), "application/xml")
        elif path == "sitemap-malformed.xml":
            self.send(200, b"<urlset><url><loc>https://www.hostile.example/good/1</loc></url", "application/xml")
        elif path.startswith("good/") or path.startswith("private/"):
            self.send(200, article(path).encode())
        elif path == "enc/meta-only":
            self.send(200, article(path, charset_meta="<meta http-equiv='Content-Type' content='text/html; charset=windows-1256'>").encode("cp1256"), "text/html")
        elif path == "enc/header-only":
            self.send(200, article(path).encode("cp1256"), "text/html; charset=windows-1256")
        elif path == "enc/none":
            self.send(200, article(path).encode("cp1256"), "text/html")
        elif path == "enc/bom":
            self.send(200, b"\xef\xbb\xbf" + article(path).encode("utf-8"), "text/html")
        elif path == "enc/lying-header":
            self.send(200, article(path, charset_meta="<meta charset='windows-1256'>").encode("cp1256"), "text/html; charset=utf-8")
        elif path == "broken/truncated":
            self.send(200, article(path).encode()[: len(article(path).encode()) - 40])
        elif path == "broken/empty":
            self.send(200, b"")
        elif path == "broken/not-found-200":
            self.send(200, "<html><body><h1>عذراً، الصفحة غير موجودة</h1><p>ربما تم حذفها.</p></body></html>".encode())
        elif path == "broken/binary":
            self.send(200, bytes(range(256)) * 64)
        elif path == "broken/pdf":
            self.send(200, b"%PDF-1.4\n" + b"\x00" * 2000, "application/pdf")
        elif path == "broken/image":
            self.send(200, b"\x89PNG\r\n\x1a\n" + b"\x00" * 2000, "image/png")
        elif path == "broken/nothing-to-extract":
            self.send(200, b"<html><body><nav><a href='/'>home</a></nav><script>var x = 1;</script></body></html>")
        elif path == "broken/huge":
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.send_header("Content-Length", str(50 * 1024 * 1024))
            self.end_headers()
            chunk = b"<p>" + b"x" * 65530 + b"</p>"
            try:
                for _ in range(50 * 16):
                    self.wfile.write(chunk)
            except OSError:
                pass
        elif path == "broken/gzip-bomb":
            self.send(200, _GZIP_BOMB, "text/html", Content_Encoding="gzip")
        elif path in ("fault/404", "fault/410"):
            self.send(int(path[-3:]), b"<html>gone</html>")
        elif path == "fault/429":
            if count == 1:
                self.send(429, b"slow down", Retry_After="1")
            else:
                self.send(200, article(path).encode())
        elif path == "fault/503":
            if count == 1:
                self.send(503, b"busy", Retry_After=formatdate(time.time() + 2, usegmt=True))
            else:
                self.send(200, article(path).encode())
        elif path == "fault/500":
            self.send(500, b"<html>oops</html>")
        elif path == "fault/reset":
            self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
            self.connection.close()
        elif path == "fault/hang":
            web.release.wait(120)
        elif path == "fault/drip":
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.send_header("Content-Length", "100000")
            self.end_headers()
            try:
                while not web.release.wait(0.5):
                    self.wfile.write(b"x")
                    self.wfile.flush()
            except OSError:
                pass
        elif path == "fault/loop":
            self.send(302, b"", Location=f"{base}/fault/loop")
        elif path == "fault/off-domain":
            self.send(302, b"", Location="https://evil.example.org/steal")
        elif path == "fault/to-metadata":
            self.send(302, b"", Location="http://169.254.169.254/latest/meta-data/")
        else:
            self.send(404, b"not here")


class HostileWeb(ThreadingHTTPServer):
    daemon_threads = True
    block_on_close = False

    def __init__(self):
        super().__init__(("127.0.0.1", 0), Handler)
        self.hits: dict[str, list] = defaultdict(list)
        self.lock = threading.Lock()
        self.release = threading.Event()

    @property
    def address(self) -> str:
        return f"127.0.0.1:{self.server_address[1]}"

    def __enter__(self) -> HostileWeb:
        threading.Thread(target=self.serve_forever, daemon=True).start()
        return self

    def __exit__(self, *exc) -> None:
        self.release.set()
        self.shutdown()
        self.server_close()


SOURCES = f"""
[[source]]
id = "hostile"
name = "A hostile outlet"
language = "ar"
allowed_domains = ["hostile.example"]
schedule = "1h"
[source.discovery]
feeds = ["https://{HOST}/feed"]
sitemaps = ["https://{HOST}/sitemap-index.xml"]
[source.politeness]
delay = 0
concurrency = 8
"""
