"""Which URLs a crawl can skip because an earlier run stored or rejected them (by
:func:`rasad.urls.url_key`, so an AMP or mobile variant of a stored article is skipped too).

One indexed lookup per URL in the database, never a set loaded into memory, so a restart costs
nothing and a source with a million stored articles costs the same as one with a thousand.
"""

from __future__ import annotations

import sqlite3
from datetime import date
from pathlib import Path

from rasad.urls import url_key


class KnownUrls:
    """``url in known``: stored, or skipped for a lasting reason. A page skipped as too old
    stays known only while it is older than *oldest* (None: every date is wanted)."""

    def __init__(self, db_path: Path | str, oldest: date | None = None):
        self._conn = sqlite3.connect(f"file:{db_path}?mode=ro", uri=True, timeout=30, check_same_thread=False)
        self._conn.execute("PRAGMA busy_timeout = 30000")
        self._oldest = oldest.isoformat() if oldest else None

    def __contains__(self, url: str) -> bool:
        row = self._conn.execute(
            "SELECT 1 FROM articles WHERE url_key = ?1 "
            "UNION ALL SELECT 1 FROM skipped_pages WHERE url_key = ?1 "
            "AND (reason != 'too-old' OR substr(published_at, 1, 10) < ?2) LIMIT 1",
            (url_key(url), self._oldest),
        ).fetchone()
        return row is not None

    def close(self) -> None:
        self._conn.close()
