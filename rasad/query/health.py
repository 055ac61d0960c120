"""``rasad check``: what is wrong with a database, each finding one line.

SQLite's integrity check (or quick check), FTS5's ``integrity-check`` of both full-text indexes
against the tables they index, rows whose parent is gone (every foreign key), articles whose
story names no article, articles whose near-duplicate index (``lsh_buckets``) lacks the row of a band
whose bucket is not full (a bucket keeps its first ``POSTINGS_KEPT`` articles), and runs and leases left by a process that stopped.
"""

from __future__ import annotations

import sqlite3
from collections import Counter

import numpy as np

from rasad.analyse.dedup import BANDS, POSTINGS_KEPT, Fingerprint
from rasad.base import clock
from rasad.store.db import integrity_problems

FULL_TEXT_INDEXES = ("articles_fts", "article_search_fts")


def find_problems(conn: sqlite3.Connection, *, quick: bool = False) -> list[str]:
    """Every problem found in the database behind *conn*; none for a healthy one."""
    problems = [f"sqlite {'quick' if quick else 'integrity'} check: {row}" for row in integrity_problems(conn, quick)]
    if problems:  # the other checks would read through the damaged pages
        return problems
    tables = {row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    for index in FULL_TEXT_INDEXES:
        if index in tables:
            try:
                # rank 1: also compare the index with the table it indexes (external content)
                conn.execute(f"INSERT INTO {index} ({index}, rank) VALUES ('integrity-check', 1)")
            except sqlite3.DatabaseError as exc:
                problems.append(f"full-text index {index}: {exc}")
    orphans = Counter((table, parent) for table, _, parent, _ in conn.execute("PRAGMA foreign_key_check"))
    problems += [f"{n} rows of {table} refer to {parent} rows that do not exist" for (table, parent), n in orphans.items()]
    if "article_signatures" in tables:
        problems += _story_and_lsh_problems(conn)
    if "crawl_leases" in tables:
        problems += _run_and_lease_problems(conn)
    return problems


def _story_and_lsh_problems(conn: sqlite3.Connection) -> list[str]:
    problems = []
    (strays,) = conn.execute("SELECT count(*) FROM articles a WHERE story_id IS NOT NULL AND NOT EXISTS "
                             "(SELECT 1 FROM articles s WHERE s.id = a.story_id)").fetchone()
    if strays:
        problems.append(f"{strays} articles belong to a story whose first article does not exist")
    # one grouped pass over lsh_buckets: a count per article would scan it once per article
    short = conn.execute(
        "SELECT s.article_id, s.signature FROM article_signatures s LEFT JOIN (SELECT article_id, count(*) AS rows "
        "FROM lsh_buckets GROUP BY article_id) b ON b.article_id = s.article_id WHERE coalesce(b.rows, 0) < ?", (BANDS,))
    uneven = sum(1 for article_id, signature in short if _lacks_a_band_row(conn, article_id, signature))
    if uneven:
        problems.append(f"{uneven} articles lack a near-duplicate index row (lsh_buckets) of a band whose bucket is "
                        "not full")
    return problems


def _lacks_a_band_row(conn: sqlite3.Connection, article_id: int, signature: bytes) -> bool:
    """Does the article lack the row of one of its bands whose bucket holds fewer than POSTINGS_KEPT
    articles (its buckets recomputed from its signature; a full bucket takes no more)?"""
    buckets = Fingerprint("", np.frombuffer(signature, dtype=np.uint32)).buckets
    for band, bucket in enumerate(buckets):
        held = conn.execute(f"SELECT article_id FROM lsh_buckets WHERE band = ? AND bucket = ? LIMIT {POSTINGS_KEPT}",
                            (band, bucket)).fetchall()
        if (article_id,) not in held and len(held) < POSTINGS_KEPT:
            return True
    return False


def _run_and_lease_problems(conn: sqlite3.Connection) -> list[str]:
    now = clock.now().isoformat()
    problems = [f"lease on {source} held by {holder} expired at {expires} (its process stopped; the next crawl "
                f"of {source} takes it over)"
                for source, holder, expires in conn.execute(
                    "SELECT source, holder, expires_at FROM crawl_leases WHERE expires_at <= ?", (now,))]
    problems += [f"run {run_id} of {source} is marked running but no live process holds {source}'s lease (the "
                 f"next crawl of {source} marks it interrupted)"
                 for run_id, source in conn.execute(
                     "SELECT id, source FROM crawl_runs WHERE status = 'running' AND source NOT IN "
                     "(SELECT source FROM crawl_leases WHERE expires_at > ?)", (now,))]
    return problems
