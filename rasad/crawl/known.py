"""Which URLs a crawl can skip because an earlier run stored or rejected them (by
:func:`rasad.text.urls.url_key`, so an AMP or mobile variant of a stored article is skipped too).
A spider asks once per feed, sitemap or section page: ``known.among(urls)``.

:class:`KnownUrls`: one indexed lookup per URL in the database, never a set loaded into memory,
so a restart costs nothing and a source with a million stored articles costs the same as one
with a thousand.

:class:`RedisKnownUrls`, on worker nodes (which have no database): each URL is a 64-bit hash
(BLAKE2b of its key) in one of ``BUCKETS`` Redis sets, chosen by the hash's top bits. A set of
integers under ``set-max-intset-entries`` (512) is an intset, 8 bytes an entry: at 2 million URLs
a bucket holds about 120 and the whole costs under 16 bytes a URL (bench/distributed.py measures
it), where a set of URL strings costs about 88. The coordinator's writer adds a page's URLs
after the COMMIT that stored it (or remembered it as not an article); a document's URLs are
checked in one round trip (one ``SMISMEMBER`` per bucket, pipelined). Two URLs sharing a hash
(one chance in 2^64 a pair) would make the second skipped as known. Reads no settings.
"""

from __future__ import annotations

import hashlib
import sqlite3
from collections.abc import Iterable
from datetime import date
from pathlib import Path

from rasad.text.urls import url_key

KEY_PREFIX = "rasad:known:"
BUCKETS = 2**14  # ~120 URLs a bucket at 2 million: intsets up to 8 million


class KnownUrls:
    """``url in known``: stored, or skipped for a lasting reason. A page skipped as too old
    stays known only while it is older than *oldest* (None: every date is wanted)."""

    def __init__(self, db_path: Path | str, oldest: date | None = None):
        self._conn = sqlite3.connect(f"file:{db_path}?mode=ro", uri=True, timeout=30, check_same_thread=False)
        self._conn.execute("PRAGMA busy_timeout = 30000")
        self._oldest = oldest.isoformat() if oldest else None

    def among(self, urls: Iterable[str]) -> set[str]:
        """Those of *urls* that are known."""
        return {url for url in urls if url in self}

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


def _hashed(url: str) -> tuple[str, int]:
    """The bucket key and the member (a signed 64-bit integer, as an intset holds it) of *url*."""
    value = int.from_bytes(hashlib.blake2b(url_key(url).encode(), digest_size=8).digest(), "big")
    return f"{KEY_PREFIX}{value % BUCKETS}", value - 2**63


class RedisKnownUrls:
    """Known URLs as 64-bit hashes in bucketed Redis sets (see the module docstring); *client* is
    a ``redis.Redis``."""

    def __init__(self, client):
        self.client = client

    def among(self, urls: Iterable[str]) -> set[str]:
        """Those of *urls* that are known, in one round trip."""
        by_bucket: dict[str, list[tuple[str, int]]] = {}
        for url in dict.fromkeys(urls):
            key, member = _hashed(url)
            by_bucket.setdefault(key, []).append((url, member))
        if not by_bucket:
            return set()
        pipeline = self.client.pipeline(transaction=False)
        for key, entries in by_bucket.items():
            pipeline.smismember(key, [member for _, member in entries])
        return {url for entries, found in zip(by_bucket.values(), pipeline.execute())
                for (url, _), hit in zip(entries, found) if hit}

    def add(self, urls: Iterable[str]) -> None:
        """Make *urls* known, in one round trip."""
        by_bucket: dict[str, list[int]] = {}
        for url in urls:
            key, member = _hashed(url)
            by_bucket.setdefault(key, []).append(member)
        if not by_bucket:
            return
        pipeline = self.client.pipeline(transaction=False)
        for key, members in by_bucket.items():
            pipeline.sadd(key, *members)
        pipeline.execute()

    def close(self) -> None:
        self.client.close()
