"""The bundled sample web, served on 127.0.0.1 by a real HTTP server (demo and tests).

Files live in ``sample_web/sites/<host>/<path>``; the server picks the site by the request's
``Host`` header. ``/a/b/`` (or ``/a/b`` when it is a folder) serves ``a/b/index.html``; a query string maps to ``<path>@<query>``;
a sidecar ``<file>.headers.json`` replaces the default headers of that file.
"""

from __future__ import annotations

import json
import logging
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import unquote, urlsplit

from rasad.base.paths import SAMPLE_WEB

logger = logging.getLogger(__name__)

_TYPES = {
    ".html": "text/html; charset=utf-8",
    ".htm": "text/html; charset=utf-8",
    ".xml": "application/xml; charset=utf-8",
    ".gz": "application/gzip",
    ".txt": "text/plain; charset=utf-8",
}


def resolve(root: Path, host: str, target: str) -> Path | None:
    """The file that answers *target* (path and query) on *host*, or None."""
    parts = urlsplit(target)
    path = unquote(parts.path, errors="strict")
    if path.endswith("/"):
        path += "index.html"
    if parts.query:
        path += "@" + unquote(parts.query)
    site = (root / host.split(":")[0].lower()).resolve()
    candidate = (site / path.lstrip("/")).resolve()
    if candidate.is_dir():  # "/news/arab-world" is both a page and the folder of its articles
        candidate = candidate / "index.html"
    if not candidate.is_relative_to(site) or not candidate.is_file():
        return None
    return candidate


def _handler(root: Path) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        server_version = "rasad-sample-web"

        def do_GET(self) -> None:  # noqa: N802 (http.server's name)
            host = self.headers.get("Host", "")
            try:
                path = resolve(root, host, self.path)
            except (UnicodeDecodeError, ValueError):
                path = None
            if path is None:
                self.send_error(404)
                return
            body = path.read_bytes()
            sidecar = path.with_name(path.name + ".headers.json")
            headers = json.loads(sidecar.read_text()) if sidecar.exists() else {
                "Content-Type": _TYPES.get(path.suffix.lower(), "text/html; charset=utf-8")
            }
            self.send_response(200)
            for name, value in headers.items():
                self.send_header(name, value)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, format: str, *args) -> None:  # noqa: A002 (http.server's name)
            logger.debug("sample web: " + format, *args)

    return Handler


class SampleWebServer:
    """``with SampleWebServer() as server: server.address`` → ``"127.0.0.1:PORT"``."""

    def __init__(self, root: Path = SAMPLE_WEB, port: int = 0):
        self.root = root
        self.port = port
        self._server: ThreadingHTTPServer | None = None

    @property
    def address(self) -> str:
        assert self._server is not None, "server not started"
        return f"127.0.0.1:{self._server.server_address[1]}"

    def __enter__(self) -> SampleWebServer:
        if not self.root.is_dir():
            raise FileNotFoundError(f"sample web not found at {self.root}")
        self._server = ThreadingHTTPServer(("127.0.0.1", self.port), _handler(self.root))
        self._server.daemon_threads = True
        threading.Thread(target=self._server.serve_forever, name="sample-web", daemon=True).start()
        return self

    def __exit__(self, *exc) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
