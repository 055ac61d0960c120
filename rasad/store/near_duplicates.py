"""The near-duplicate indexes in SQLite: a text's candidates looked up, a stored article indexed.

What makes two texts one story, and the fingerprints these indexes hold, is computed by
:mod:`rasad.analyse.dedup` (see its docstring); this module reads and writes the three tables
(``article_signatures``, ``lsh_buckets``, ``passage_anchors``), inside the caller's transaction,
so a lookup is a fixed number of index seeks whatever the number of stored articles.
"""

from __future__ import annotations

from collections import Counter
from functools import lru_cache

import numpy as np

from rasad.analyse import dedup

# One primary-key seek per band (SQLite's multi-index OR); a row-value IN (VALUES ...) would
# scan the whole table instead.
CANDIDATES_SQL = "SELECT DISTINCT article_id FROM lsh_buckets WHERE " + " OR ".join(
    "(band = ? AND bucket = ?)" for _ in range(dedup.BANDS))


def _postings(db, anchors, before: int) -> list[tuple[int, int, str, str, int]]:
    """(anchor, article, outlet, text hash, story) of the stored articles (before *before*) that hold *anchors*."""
    anchors = list(anchors)
    rows = []
    for start in range(0, len(anchors), 500):  # well under SQLite's bound on parameters
        chunk = anchors[start:start + 500]
        rows += db.execute(
            "SELECT p.anchor, p.article_id, a.source, a.text_hash, coalesce(a.story_id, a.id) FROM passage_anchors p "
            f"JOIN articles a ON a.id = p.article_id WHERE p.anchor IN ({','.join('?' * len(chunk))}) "
            "AND p.article_id < ?", [*chunk, before]).fetchall()
    return rows


def find_duplicate(db, fp: dedup.Fingerprint, before: int | None = None, published: str | None = None) -> dedup.Match | None:
    """The stored article *fp* (published at *published*, ISO 8601, if known) copies: the exact
    copy if any, else the near copy holding the most of the shorter text; only articles stored
    before article *before* if given."""
    before = before if before is not None else 2**63 - 1
    row = db.execute(
        "SELECT id, coalesce(story_id, id) FROM articles WHERE text_hash = ? AND id < ? ORDER BY id LIMIT 1",
        (fp.text_hash, before),
    ).fetchone()
    if row:
        return dedup.Match(row[0], row[1], 1.0)
    found = lookup(db, fp, before)
    return next((match for match in dedup.verified(fp, found, published)
                 if not _follows_up_first_report(db, fp, found, match, published)), None)


def _follows_up_first_report(db, fp: dedup.Fingerprint, found: dedup.Lookup, match: dedup.Match,
                             published: str | None) -> bool:
    """Joined through a later member of its story, is *fp* a later day's news to the story's first
    report? (A running story would otherwise chain one day's news to the next.)"""
    if published is None or match.story_id == match.article_id:  # no time to tell, or joined to the first report
        return False
    first = db.execute("SELECT published_at FROM articles WHERE id = ?", (match.story_id,)).fetchone()
    hours = dedup.hours_apart(published, first[0] if first else None)
    if hours is None or hours < dedup.FOLLOW_UP_HOURS:
        return False
    if match.story_id in found.others:
        first_paragraphs = found.others[match.story_id][1]
    else:
        (text,) = db.execute("SELECT text FROM articles WHERE id = ?", (match.story_id,)).fetchone()
        first_paragraphs = stored_paragraphs(text)
    return dedup.follow_up(fp.paragraphs, first_paragraphs, found.furniture, hours)


def lookup(db, fp: dedup.Fingerprint, before: int) -> dedup.Lookup:
    """The candidates of *fp* among the articles stored before *before*, read, with the furniture
    of their outlets."""
    whole = _alike_as_wholes(db, fp, before)
    postings = _postings(db, fp.anchors, before)
    furniture = dedup.furniture_of(postings)
    candidates = set(whole) | _sharing_passages(db, fp.anchors - furniture, postings)
    if not candidates:
        return dedup.Lookup({}, whole, furniture)
    stored = db.execute(f"SELECT id, coalesce(story_id, id), text, published_at FROM articles "
                        f"WHERE id IN ({','.join('?' * len(candidates))})", list(candidates)).fetchall()
    others = {article_id: (story_id, stored_paragraphs(text)) for article_id, story_id, text, _ in stored}
    unseen = dedup.anchors_of(tuple(p for _, other in others.values() for p in other)) - fp.anchors
    furniture |= dedup.furniture_of(_postings(db, unseen, before))
    return dedup.Lookup(others, whole, furniture, {article_id: published for article_id, _, _, published in stored})


@lru_cache(maxsize=128)  # a few MB
def stored_paragraphs(text: str) -> tuple[dedup.Paragraph, ...]:
    """The paragraphs of a stored *text* (rasad.analyse.dedup.paragraphs), kept for the next lookups:
    the texts of a running story or of an outlet's template are read by lookup after lookup (in
    bench/distributed.py's 3,000 articles, 1,529 reads were of 187 texts)."""
    return dedup.paragraphs(text)


def _alike_as_wholes(db, fp: dedup.Fingerprint, before: int) -> dict[int, float]:
    """The CANDIDATES_VERIFIED articles most alike *fp* as wholes, with their similarity: those
    sharing an LSH band, ranked by their stored signatures (many texts may share a band)."""
    alike = [article_id for (article_id,) in db.execute(
        CANDIDATES_SQL, [v for band, bucket in enumerate(fp.buckets) for v in (band, bucket)]) if article_id < before]
    if not alike:
        return {}
    return dict(sorted(
        ((article_id, dedup.similarity(fp.signature, np.frombuffer(blob, dtype=np.uint32))) for article_id, blob in
         db.execute(f"SELECT article_id, signature FROM article_signatures WHERE article_id IN "
                    f"({','.join('?' * len(alike))})", alike)),
        key=lambda item: (-item[1], item[0]))[:dedup.CANDIDATES_VERIFIED])


def _sharing_passages(db, informative: frozenset[int], postings) -> set[int]:
    """The articles sharing enough of the *informative* anchors (not furniture) to be worth
    reading: only if the anchors they share could make the containment."""
    shared = Counter(article_id for anchor, article_id, *_ in postings if anchor in informative)
    enough = min(2, len(informative))
    likely = [(article_id, n) for article_id, n in shared.most_common(dedup.CANDIDATES_VERIFIED) if n >= enough]
    if not likely:
        return set()
    counts = dict(db.execute(f"SELECT article_id, anchors FROM article_signatures WHERE article_id IN "
                             f"({','.join('?' * len(likely))})", [article_id for article_id, _ in likely]))
    return {article_id for article_id, n in likely
            if n >= dedup.LIKELY_SHARE * min(len(informative), counts.get(article_id) or len(informative))}


def index_article(db, article_id: int, fp: dedup.Fingerprint) -> None:
    """Make *article_id* findable by later lookups (inside the caller's transaction)."""
    db.execute("INSERT OR REPLACE INTO article_signatures (article_id, signature, anchors) VALUES (?, ?, ?)",
               (article_id, fp.signature.tobytes(), len(fp.anchors)))
    # Both indexes keep the first POSTINGS_KEPT articles of a key: copies join the story of one of
    # them, and a text copied thousands of times (a template, a hot wire story) is not read whole
    # by every lookup.
    db.conn.executemany(_CAPPED_BUCKET_SQL, [(band, bucket, article_id) for band, bucket in enumerate(fp.buckets)])
    db.conn.executemany(_CAPPED_ANCHOR_SQL, [(anchor, article_id) for anchor in fp.anchors])


def _capped_insert_sql(table: str, key: tuple[str, ...]) -> str:
    """The statement inserting a (*key values…, article_id) row unless its key already holds
    POSTINGS_KEPT rows."""
    columns = (*key, "article_id")
    params = ", ".join(f"?{i}" for i in range(1, len(columns) + 1))
    same_key = " AND ".join(f"{column} = ?{i}" for i, column in enumerate(key, 1))
    return (f"INSERT OR IGNORE INTO {table} ({', '.join(columns)}) SELECT {params} WHERE (SELECT count(*) FROM "
            f"(SELECT 1 FROM {table} WHERE {same_key} LIMIT {dedup.POSTINGS_KEPT})) < {dedup.POSTINGS_KEPT}")


# built once: index_article runs for every stored article
_CAPPED_BUCKET_SQL = _capped_insert_sql("lsh_buckets", ("band", "bucket"))
_CAPPED_ANCHOR_SQL = _capped_insert_sql("passage_anchors", ("anchor",))


def forget_article(db, article_id: int, fp: dedup.Fingerprint) -> None:
    """Remove what :func:`index_article` wrote for *article_id* under *fp*, by primary key (no scan)."""
    db.conn.executemany("DELETE FROM lsh_buckets WHERE band = ? AND bucket = ? AND article_id = ?",
                        [(band, bucket, article_id) for band, bucket in enumerate(fp.buckets)])
    db.conn.executemany("DELETE FROM passage_anchors WHERE anchor = ? AND article_id = ?",
                        [(anchor, article_id) for anchor in fp.anchors])
