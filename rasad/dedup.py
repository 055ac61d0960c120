"""Stories, not copies: exact and near-duplicate detection over the normalized article text.

Exact duplicates share the SHA-1 of the normalized text. Near duplicates are edited
republications of one story: wire copy under another headline, a lead rewritten or added,
paragraphs cut or reordered, a ticker, a footer or a "related stories" block added, or the story
embedded in a longer roundup. Two indexes in SQLite find the candidates, so a lookup is a fixed
number of index seeks whatever the number of stored articles and nothing is held in memory
between runs:

- MinHash signatures (``article_signatures``) and their LSH bands (``lsh_buckets``, one row per
  band) find texts similar as wholes: word 2-grams, 128 permutations in 42 bands of 3 rows.
- Passage anchors (``passage_anchors``) find a text inside a longer one: the word 5-grams whose
  hash falls in one bucket of four (the choice depends on the words alone, so two copies of a
  passage pick the same anchors), at most ``POSTINGS_KEPT`` articles per anchor.

A candidate is the same story when most of the shorter text's content is in the longer one:
the containment of its word 3-grams is at least ``SAME_STORY_CONTAINMENT`` (or when the texts
as wholes are near-identical, ``NEAR_IDENTICAL``: a new version of one article), or at least
``LEAD_STORY_CONTAINMENT`` when one text's lead (its first ``LEAD_GRAMS`` 3-grams of content) is
mostly in the other, ``LEAD_SHARED``: a story trimmed, or given a new lead, keeps the other's
opening, where two reports that share background paragraphs each open on their own news. Content leaves out
the outlet's furniture: a paragraph whose anchors the same outlet has printed under
``FURNITURE_TEXTS`` or more different texts ("related stories" teasers, sign-offs, standing
disclaimers), which otherwise makes two unrelated articles of a day look alike.

Parameters chosen on the development half of ``bench/labels/pairs_blind.jsonl`` only (the
held-out half scored once): ``python bench/blind_eval.py --ant /tmp/ant.jsonl``.
"""

from __future__ import annotations

import hashlib
import zlib
from collections import Counter, defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cached_property

import numpy as np

from rasad.arabic import normalize_lines

NUM_PERM = 128
ROWS = 3
BANDS = NUM_PERM // ROWS  # 42 bands use 126 of the 128 values; all 128 estimate similarity
SHINGLE_WORDS = 2
CONTENT_WORDS = 3
ANCHOR_WORDS = 5
ANCHOR_SAMPLING = 4
POSTINGS_KEPT = 16  # the first articles holding an anchor: enough to find a story and to tell furniture
FURNITURE_TEXTS = 2
SAME_STORY_CONTAINMENT = 0.6
LEAD_STORY_CONTAINMENT = 0.45
LEAD_GRAMS = 40
LEAD_SHARED = 0.6
NEAR_IDENTICAL = 0.9  # Jaccard of the whole texts: a new version of one text, whatever the outlet repeats
CANDIDATES_VERIFIED = 8
# A candidate found by anchors is read and verified only when it shares this share of the smaller
# anchor set: a copy holding 60 % of the shorter text's 3-grams holds far more than that of its
# anchors, while articles that share a formula or two are left unread.
LIKELY_SHARE = 0.25
_PRIME = np.uint64(4294967291)  # largest prime below 2**32
_rng = np.random.default_rng(20240128)
_A = _rng.integers(1, 2**32 - 5, NUM_PERM, dtype=np.uint64)
_B = _rng.integers(0, 2**32 - 5, NUM_PERM, dtype=np.uint64)


@dataclass(frozen=True)
class Paragraph:
    anchors: frozenset[int]  # signed 64-bit, as SQLite stores them
    content: frozenset[int]  # hashes of its word 3-grams


@dataclass(frozen=True)
class Fingerprint:
    text_hash: str
    signature: np.ndarray  # uint32[NUM_PERM]
    paragraphs: tuple[Paragraph, ...] = ()

    @cached_property
    def buckets(self) -> tuple[int, ...]:
        """One signed 64-bit key per band (what SQLite stores and indexes)."""
        keys = []
        for band in range(BANDS):
            rows = self.signature[band * ROWS:(band + 1) * ROWS].tobytes()
            digest = hashlib.blake2b(rows, digest_size=8, person=band.to_bytes(2, "big")).digest()
            keys.append(int.from_bytes(digest, "big", signed=True))
        return tuple(keys)

    @cached_property
    def anchors(self) -> frozenset[int]:
        return anchors_of(self.paragraphs)


@dataclass(frozen=True)
class Match:
    article_id: int
    story_id: int
    similarity: float  # 1.0 for an exact copy, else the containment of the shorter text's content


def _words(normalized: str) -> list[str]:
    return [w for w in normalized.split() if w.isalnum() or any(c.isalnum() for c in w)]  # most words: the first test


def shingles(normalized: str) -> set[str]:
    words = _words(normalized)
    if len(words) < SHINGLE_WORDS:
        return {" ".join(words)} if words else set()
    return {" ".join(words[i:i + SHINGLE_WORDS]) for i in range(len(words) - SHINGLE_WORDS + 1)}


def minhash(items: set[str]) -> np.ndarray:
    if not items:
        return np.full(NUM_PERM, 0xFFFFFFFF, dtype=np.uint32)
    hashes = np.fromiter((zlib.crc32(s.encode("utf-8")) for s in items), dtype=np.uint64, count=len(items))
    permuted = (np.outer(_A, hashes) + _B[:, None]) % _PRIME
    return permuted.min(axis=1).astype(np.uint32)


def paragraph(normalized_line: str) -> Paragraph:
    words = _words(normalized_line)
    grams = [" ".join(words[i:i + CONTENT_WORDS]) for i in range(len(words) - CONTENT_WORDS + 1)] or [" ".join(words)]
    anchors = set()
    for i in range(len(words) - ANCHOR_WORDS + 1):
        passage = " ".join(words[i:i + ANCHOR_WORDS]).encode("utf-8")
        low = zlib.crc32(passage)
        if low % ANCHOR_SAMPLING == 0:
            anchors.add(((zlib.adler32(passage) << 32) | low) - 2**63)
    return Paragraph(frozenset(anchors), frozenset(zlib.crc32(g.encode("utf-8")) for g in grams if g))


def paragraphs(text: str) -> tuple[Paragraph, ...]:
    return tuple(paragraph(line) for line in normalize_lines(text))


def anchors_of(paragraphs: tuple[Paragraph, ...]) -> frozenset[int]:
    return frozenset().union(*(p.anchors for p in paragraphs))


def fingerprint(text: str) -> Fingerprint:
    return fingerprint_lines(normalize_lines(text))


def fingerprint_lines(lines: list[str]) -> Fingerprint:
    """The fingerprint of a text's lines already through rasad.arabic.normalize_lines (one pass
    serves more)."""
    normalized = " ".join(lines)
    result = Fingerprint(hashlib.sha1(normalized.encode("utf-8")).hexdigest(), minhash(shingles(normalized)),
                         tuple(paragraph(line) for line in lines))
    result.buckets  # noqa: B018 -- computed where the fingerprint is (a worker) and pickled with it
    return result


def similarity(a: np.ndarray, b: np.ndarray) -> float:
    """Jaccard similarity of the shingle sets, as the signatures estimate it."""
    return float(np.count_nonzero(a == b)) / NUM_PERM


# One primary-key seek per band (SQLite's multi-index OR); a row-value IN (VALUES ...) would
# scan the whole table instead.
CANDIDATES_SQL = "SELECT DISTINCT article_id FROM lsh_buckets WHERE " + " OR ".join(
    "(band = ? AND bucket = ?)" for _ in range(BANDS))


def _postings(db, anchors, before: int) -> list[tuple[int, int, str, str]]:
    """(anchor, article, outlet, text hash) of the stored articles (before *before*) that hold *anchors*."""
    anchors = list(anchors)
    rows = []
    for start in range(0, len(anchors), 500):  # well under SQLite's bound on parameters
        chunk = anchors[start:start + 500]
        rows += db.execute(
            "SELECT p.anchor, p.article_id, a.source, a.text_hash FROM passage_anchors p "
            f"JOIN articles a ON a.id = p.article_id WHERE p.anchor IN ({','.join('?' * len(chunk))}) "
            "AND p.article_id < ?", [*chunk, before]).fetchall()
    return rows


def _furniture(postings) -> set[int]:
    """The anchors one outlet printed under FURNITURE_TEXTS or more different texts. Texts, not
    stories: a block that wrongly joined two articles must still count twice, or every later
    article carrying it would join them too. (A wire story in many outlets is no furniture: each
    prints it once.)"""
    texts = defaultdict(set)
    for anchor, _, source, text_hash in postings:
        texts[anchor, source].add(text_hash)
    return {anchor for (anchor, _), held in texts.items() if len(held) >= FURNITURE_TEXTS}


def _content_paragraphs(paragraphs: tuple[Paragraph, ...], furniture: set[int]) -> Iterator[Paragraph]:
    """The paragraphs that are not mostly furniture, in order."""
    return (p for p in paragraphs if not p.anchors or 2 * len(p.anchors & furniture) < len(p.anchors))


def _content(paragraphs: tuple[Paragraph, ...], furniture: set[int]) -> set[int]:
    """The word 3-grams of the paragraphs that are not mostly furniture."""
    return set().union(*(p.content for p in _content_paragraphs(paragraphs, furniture)))


def _lead(paragraphs: tuple[Paragraph, ...], furniture: set[int]) -> set[int]:
    """The 3-grams of the first content paragraphs, up to LEAD_GRAMS or just past."""
    lead: set[int] = set()
    for p in _content_paragraphs(paragraphs, furniture):
        lead |= p.content
        if len(lead) >= LEAD_GRAMS:
            break
    return lead


def _leads_shared(a: tuple[Paragraph, ...], b: tuple[Paragraph, ...], a_content: set[int], b_content: set[int],
                  furniture: set[int]) -> bool:
    """Is either text's lead mostly in the other's content?"""
    return any(len(lead & other) >= LEAD_SHARED * len(lead) > 0
               for lead, other in ((_lead(a, furniture), b_content), (_lead(b, furniture), a_content)))


def containment(a: set[int], b: set[int]) -> float:
    """The share of the smaller set found in the other."""
    smaller = min(len(a), len(b))
    return len(a & b) / smaller if smaller else 0.0


def find_duplicate(db, fp: Fingerprint, before: int | None = None) -> Match | None:
    """The stored article *fp* copies: the exact copy if any, else the near copy holding the most
    of the shorter text; only articles stored before article *before* if given."""
    before = before if before is not None else 2**63 - 1
    row = db.execute(
        "SELECT id, coalesce(story_id, id) FROM articles WHERE text_hash = ? AND id < ? ORDER BY id LIMIT 1",
        (fp.text_hash, before),
    ).fetchone()
    if row:
        return Match(row[0], row[1], 1.0)
    whole = _alike_as_wholes(db, fp, before)
    postings = _postings(db, fp.anchors, before)
    furniture = _furniture(postings)
    candidates = set(whole) | _sharing_passages(db, fp.anchors - furniture, postings)
    if not candidates:
        return None
    stored = db.execute(f"SELECT id, coalesce(story_id, id), text FROM articles WHERE id IN ({','.join('?' * len(candidates))})",
                        list(candidates)).fetchall()
    others = {article_id: (story_id, paragraphs(text)) for article_id, story_id, text in stored}
    unseen = anchors_of(tuple(p for _, other in others.values() for p in other)) - fp.anchors
    furniture |= _furniture(_postings(db, unseen, before))
    return _best_verified(fp, others, whole, furniture)


def _alike_as_wholes(db, fp: Fingerprint, before: int) -> dict[int, float]:
    """The CANDIDATES_VERIFIED articles most alike *fp* as wholes, with their similarity: those
    sharing an LSH band, ranked by their stored signatures (many texts may share a band)."""
    alike = [article_id for (article_id,) in db.execute(
        CANDIDATES_SQL, [v for band, bucket in enumerate(fp.buckets) for v in (band, bucket)]) if article_id < before]
    if not alike:
        return {}
    return dict(sorted(
        ((article_id, similarity(fp.signature, np.frombuffer(blob, dtype=np.uint32))) for article_id, blob in
         db.execute(f"SELECT article_id, signature FROM article_signatures WHERE article_id IN "
                    f"({','.join('?' * len(alike))})", alike)),
        key=lambda item: (-item[1], item[0]))[:CANDIDATES_VERIFIED])


def _sharing_passages(db, informative: frozenset[int], postings) -> set[int]:
    """The articles sharing enough of the *informative* anchors (not furniture) to be worth
    reading: only if the anchors they share could make the containment."""
    shared = Counter(article_id for anchor, article_id, _, _ in postings if anchor in informative)
    enough = min(2, len(informative))
    likely = [(article_id, n) for article_id, n in shared.most_common(CANDIDATES_VERIFIED) if n >= enough]
    if not likely:
        return set()
    counts = dict(db.execute(f"SELECT article_id, anchors FROM article_signatures WHERE article_id IN "
                             f"({','.join('?' * len(likely))})", [article_id for article_id, _ in likely]))
    return {article_id for article_id, n in likely
            if n >= LIKELY_SHARE * min(len(informative), counts.get(article_id) or len(informative))}


def _best_verified(fp: Fingerprint, others: dict[int, tuple[int, tuple[Paragraph, ...]]], whole: dict[int, float],
                   furniture: set[int]) -> Match | None:
    """Of the candidate articles *others* (id: story, paragraphs), the one *fp* is the same story
    as (see the module docstring) that holds the most of the shorter text, the oldest at a tie."""
    content = _content(fp.paragraphs, furniture)
    best: Match | None = None
    for article_id, (story_id, other) in others.items():
        other_content = _content(other, furniture)
        score = round(containment(content, other_content), 4)
        if whole.get(article_id, 0.0) >= NEAR_IDENTICAL:  # the same text, lightly edited: its furniture included
            score = max(score, whole[article_id])
        same = score >= SAME_STORY_CONTAINMENT or (
            score >= LEAD_STORY_CONTAINMENT and _leads_shared(fp.paragraphs, other, content, other_content, furniture))
        if same and (best is None or (score, -article_id) > (best.similarity, -best.article_id)):
            best = Match(article_id, story_id, score)
    return best


def index_article(db, article_id: int, fp: Fingerprint) -> None:
    """Make *article_id* findable by later lookups (inside the caller's transaction)."""
    db.execute("INSERT OR REPLACE INTO article_signatures (article_id, signature, anchors) VALUES (?, ?, ?)",
               (article_id, fp.signature.tobytes(), len(fp.anchors)))
    db.conn.executemany("INSERT OR IGNORE INTO lsh_buckets (band, bucket, article_id) VALUES (?, ?, ?)",
                        [(band, bucket, article_id) for band, bucket in enumerate(fp.buckets)])
    db.conn.executemany(
        "INSERT OR IGNORE INTO passage_anchors (anchor, article_id) SELECT ?1, ?2 WHERE "
        f"(SELECT count(*) FROM (SELECT 1 FROM passage_anchors WHERE anchor = ?1 LIMIT {POSTINGS_KEPT})) < {POSTINGS_KEPT}",
        [(anchor, article_id) for anchor in fp.anchors])


def forget_article(db, article_id: int, fp: Fingerprint) -> None:
    """Remove what :func:`index_article` wrote for *article_id* under *fp*, by primary key (no scan)."""
    db.conn.executemany("DELETE FROM lsh_buckets WHERE band = ? AND bucket = ? AND article_id = ?",
                        [(band, bucket, article_id) for band, bucket in enumerate(fp.buckets)])
    db.conn.executemany("DELETE FROM passage_anchors WHERE anchor = ? AND article_id = ?",
                        [(anchor, article_id) for anchor in fp.anchors])
