"""Stories, not copies: exact and near-duplicate detection over the normalized article text.

Exact duplicates share the SHA-1 of the normalized text. Near duplicates are edited
republications of one story: wire copy under another headline, a lead rewritten or added,
paragraphs cut or reordered, a ticker, a footer or a "related stories" block added, or the story
embedded in a longer roundup. Two indexes in SQLite find the candidates, so a lookup is a fixed
number of index seeks whatever the number of stored articles and nothing is held in memory
between runs:

- MinHash signatures (``article_signatures``) and their LSH bands (``lsh_buckets``, one row per
  band, at most ``POSTINGS_KEPT`` articles per bucket) find texts similar as wholes: word 2-grams,
  128 permutations in 42 bands of 3 rows.
- Passage anchors (``passage_anchors``) find a text inside a longer one: the word 5-grams whose
  hash falls in one bucket of four (the choice depends on the words alone, so two copies of a
  passage pick the same anchors), at most ``POSTINGS_KEPT`` articles per anchor. Each passage
  gives the anchors of its words as printed and of its bare words (punctuation and hashtag
  marks taken off, see below), one anchor where the passage has no punctuation: a copy that
  another outlet punctuated otherwise is found, and databases indexed before bare words keep
  finding their articles (``rasad restory`` adds the bare anchors to them).

A candidate is the same story when most of the shorter text's content is in the longer one:
the containment of its word 3-grams is at least ``SAME_STORY_CONTAINMENT`` (or when the texts
as wholes are near-identical, ``NEAR_IDENTICAL``: a new version of one article), or at least
``LEAD_STORY_CONTAINMENT`` when one text's lead (its first ``LEAD_GRAMS`` 3-grams of content) is
mostly in the other, ``LEAD_SHARED``: a story trimmed, or given a new lead, keeps the other's
opening, where two reports that share background paragraphs each open on their own news. Time
tells two more apart when both publication times are known: a text published ``FOLLOW_UP_HOURS``
or more after the other that shares neither's opening (its first paragraph) is a later day's news
over the earlier story's background, whatever it shares (and a text that joins a story through a
later member must not be such a follow-up of the story's first report, or a running story would
chain one day's news to the next); within those hours, a wire story edited
word by word under a rewritten opening is the same story when half of the shorter text's 3-grams
(``REWRITTEN_CONTAINMENT``) are in the other and ``PARAGRAPHS_HELD`` of its content is in
paragraphs at least half found there. Content leaves out
the outlet's furniture: a paragraph whose anchors the same outlet has printed in ``FURNITURE_STORIES``
or more different stories, or under ``FURNITURE_ONE_STORY`` or more different texts of one ("related
stories" teasers, sign-offs, standing disclaimers), which otherwise makes two unrelated articles of a
day look alike. Stories, not texts: an outlet that prints its own story again under a new lead
repeats the story's body, which is no furniture. Content 3-grams
are of bare words: an outlet republishing a wire story adds or drops commas, quotes and hashtags
(``#الجاسوس_الروسي``) in nearly every sentence, and each such edit would otherwise break the three
3-grams around it; and of their skeletons, without the long vowels inside a word of four letters
or more, for the names and loanwords each outlet spells its own way.

This module is the computation, run in the analysis workers and by the writer alike:
fingerprints, and the rule that decides whether two texts are one story.
:mod:`rasad.store.near_duplicates` holds the indexes' SQL: the lookup of a text's candidates
and the indexing of a stored article.

Parameters chosen on the development half of ``bench/labels/pairs_blind.jsonl`` only (the
held-out half scored once): ``python bench/blind_eval.py --ant /tmp/ant.jsonl``.
"""

from __future__ import annotations

import hashlib
import re
import zlib
from collections import defaultdict
from collections.abc import Iterator, Set
from dataclasses import dataclass, field
from datetime import datetime, timezone
from functools import cached_property

import numpy as np

from rasad.text.arabic import normalize_lines

NUM_PERM = 128
ROWS = 3
BANDS = NUM_PERM // ROWS  # 42 bands use 126 of the 128 values; all 128 estimate similarity
SHINGLE_WORDS = 2
CONTENT_WORDS = 3
ANCHOR_WORDS = 5
ANCHOR_SAMPLING = 4
POSTINGS_KEPT = 16  # the first articles holding an anchor: enough to find a story and to tell furniture
FURNITURE_STORIES = 2
FURNITURE_ONE_STORY = 3  # an outlet's versions of one story: the first, an update, a second update
SAME_STORY_CONTAINMENT = 0.6
LEAD_STORY_CONTAINMENT = 0.45
LEAD_GRAMS = 40
LEAD_SHARED = 0.6
NEAR_IDENTICAL = 0.9  # Jaccard of the whole texts: a new version of one text, whatever the outlet repeats
# A text published a day later that holds another's body under an opening of its own is the next
# day's news with yesterday's background; the same body under a rewritten opening on the same day is
# the same wire story. 18 hours: past one news cycle, short of the next day's edition.
FOLLOW_UP_HOURS = 18
OPENING_GRAMS = 8  # a text's opening: its first content paragraph of this many 3-grams (not a dateline)
OPENING_SHARED = 0.25  # a later day's own news shares less of the opening it rewrote
# Edited word by word (a name spelt otherwise, a clause added or cut), a wire paragraph keeps half
# of its 3-grams: the same day, half of the shorter text's 3-grams in the other and this share of its
# content in paragraphs at least half found there make the same story.
REWRITTEN_CONTAINMENT = 0.5
PARAGRAPHS_HELD = 0.7
CANDIDATES_VERIFIED = 8
# A candidate found by anchors is read and verified only when it shares this share of the smaller
# anchor set: a copy edited word by word that keeps half of the shorter text's 3-grams keeps a fifth
# of its anchors (5-grams, one in four), while articles that share a formula or two are left unread.
LIKELY_SHARE = 0.15
_BARE_WORD = re.compile(r"[^\W_]+")  # letters and digits: "_" joins a hashtag's words
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


def _bare_words(normalized: str) -> list[str]:
    """The words without the punctuation stuck to them, a hashtag's words apart: a republication
    adds and drops commas, quotes and hashtags (``انجلترا,`` ``#الجاسوس_الروسي``) in every other
    sentence, and each such edit would otherwise change three 3-grams."""
    return _BARE_WORD.findall(normalized)


_LONG_VOWELS = str.maketrans("", "", "اوي")


def _skeletons(words: list[str]) -> list[str]:
    """*words* without the long vowels inside them, those of four letters or more: outlets
    transliterate names and spell loanwords each their own way («الأميركية» / «الأمريكية», «تليغرام» /
    «تلغرام», «بوتين» / «بوتن»), and each such word would otherwise change three 3-grams."""
    return [word if len(word) < 4 else word[0] + word[1:-1].translate(_LONG_VOWELS) + word[-1] for word in words]


def paragraph(normalized_line: str) -> Paragraph:
    bare = _bare_words(normalized_line)
    skeletons = _skeletons(bare)
    grams = [" ".join(skeletons[i:i + CONTENT_WORDS]) for i in range(len(skeletons) - CONTENT_WORDS + 1)] or [
        " ".join(skeletons)]
    # Anchors of the words as printed (what databases indexed before) and of the bare words (a copy
    # punctuated otherwise): where a passage has no punctuation the two are one anchor.
    anchors = _anchors(_words(normalized_line)) | _anchors(bare)
    return Paragraph(frozenset(anchors), frozenset(zlib.crc32(g.encode("utf-8")) for g in grams if g))


def _anchors(words: list[str]) -> set[int]:
    anchors = set()
    for i in range(len(words) - ANCHOR_WORDS + 1):
        passage = " ".join(words[i:i + ANCHOR_WORDS]).encode("utf-8")
        low = zlib.crc32(passage)
        if low % ANCHOR_SAMPLING == 0:
            anchors.add(((zlib.adler32(passage) << 32) | low) - 2**63)
    return anchors


def paragraphs(text: str) -> tuple[Paragraph, ...]:
    return tuple(paragraph(line) for line in normalize_lines(text))


def anchors_of(paragraphs: tuple[Paragraph, ...]) -> frozenset[int]:
    return frozenset().union(*(p.anchors for p in paragraphs))


def fingerprint(text: str) -> Fingerprint:
    return fingerprint_lines(normalize_lines(text))


def fingerprint_lines(lines: list[str]) -> Fingerprint:
    """The fingerprint of a text's lines already through rasad.text.arabic.normalize_lines (one pass
    serves more)."""
    normalized = " ".join(lines)
    result = Fingerprint(hashlib.sha1(normalized.encode("utf-8")).hexdigest(), minhash(shingles(normalized)),
                         tuple(paragraph(line) for line in lines))
    result.buckets  # noqa: B018 -- computed where the fingerprint is (a worker) and pickled with it
    return result


def similarity(a: np.ndarray, b: np.ndarray) -> float:
    """Jaccard similarity of the shingle sets, as the signatures estimate it."""
    return float(np.count_nonzero(a == b)) / NUM_PERM


def furniture_of(postings) -> set[int]:
    """The anchors one outlet printed in FURNITURE_STORIES or more different stories, or under
    FURNITURE_ONE_STORY or more different texts of one: a block that wrongly joined two articles
    must still become furniture, or every later article carrying it would join them too. (A wire
    story in many outlets is no furniture: each prints it once.) *postings*: (anchor, article,
    outlet, text hash, story) rows."""
    stories, texts = defaultdict(set), defaultdict(set)
    for anchor, _, source, text_hash, story in postings:
        stories[anchor, source].add(story)
        texts[anchor, source].add(text_hash)
    return {anchor for (anchor, source), held in texts.items()
            if len(stories[anchor, source]) >= FURNITURE_STORIES or len(held) >= FURNITURE_ONE_STORY}


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


def _either_held(a_part: Set[int], b_part: Set[int], a_content: set[int], b_content: set[int], share: float) -> bool:
    """Is *share* or more of either text's part (its lead, its opening) in the other's content?"""
    return any(len(part & other) >= share * len(part) > 0 for part, other in ((a_part, b_content), (b_part, a_content)))


def containment(a: set[int], b: set[int]) -> float:
    """The share of the smaller set found in the other."""
    smaller = min(len(a), len(b))
    return len(a & b) / smaller if smaller else 0.0


def _opening(paragraphs: tuple[Paragraph, ...], furniture: set[int]) -> frozenset[int]:
    """The 3-grams of the first content paragraph of OPENING_GRAMS or more (a dateline is not one)."""
    return next((p.content for p in _content_paragraphs(paragraphs, furniture) if len(p.content) >= OPENING_GRAMS),
                frozenset())


def _held_in_paragraphs(a: tuple[Paragraph, ...], b: tuple[Paragraph, ...], a_content: set[int], b_content: set[int],
                        furniture: set[int]) -> float:
    """The share of the shorter text's content in its paragraphs at least half found in the other."""
    shorter, other = (a, b_content) if len(a_content) <= len(b_content) else (b, a_content)
    sizes = [(len(p.content), 2 * len(p.content & other) >= len(p.content)) for p in _content_paragraphs(shorter, furniture)]
    total = sum(size for size, _ in sizes)
    return sum(size for size, held in sizes if held) / total if total else 0.0


def _follows_up(a: tuple[Paragraph, ...], b: tuple[Paragraph, ...], a_content: set[int], b_content: set[int],
                furniture: set[int], hours: float | None) -> bool:
    return hours is not None and hours >= FOLLOW_UP_HOURS and not _either_held(
        _opening(a, furniture), _opening(b, furniture), a_content, b_content, OPENING_SHARED)


def follow_up(a: tuple[Paragraph, ...], b: tuple[Paragraph, ...], furniture: set[int], hours: float | None) -> bool:
    """Is one of texts *a* and *b*, published *hours* apart, a later day's news (see verdict)?"""
    return _follows_up(a, b, _content(a, furniture), _content(b, furniture), furniture, hours)


def hours_apart(published: str | None, other: str | None) -> float | None:
    """Hours between two ISO 8601 publication times (one without a zone is taken as UTC); None
    when either is unknown or a day without its time (an hour of it would be a guess)."""
    if not (published and other and ":" in published and ":" in other):
        return None
    try:
        times = [datetime.fromisoformat(value) for value in (published, other)]
    except ValueError:
        return None
    first, second = (t if t.tzinfo else t.replace(tzinfo=timezone.utc) for t in times)
    return abs((first - second).total_seconds()) / 3600


@dataclass
class Lookup:
    """What a lookup found for a text: the candidates read (id: story, paragraphs), their
    similarity as wholes when LSH found them, the furniture of the outlets involved, and the
    candidates' publication times."""
    others: dict[int, tuple[int, tuple[Paragraph, ...]]]
    whole: dict[int, float]
    furniture: set[int]
    published: dict[int, str | None] = field(default_factory=dict)


@dataclass(frozen=True)
class Verdict:
    score: float  # the containment of the shorter text's content, or the whole-text similarity
    rule: str | None  # the rule that makes them one story ("near-identical", "containment", "lead",
    # "rewritten"), or None


def verdict(a: tuple[Paragraph, ...], b: tuple[Paragraph, ...], whole: float, furniture: set[int],
            hours: float | None = None) -> Verdict:
    """Are texts *a* and *b* (alike as wholes by *whole*, published *hours* apart if known) one
    story? See the module docstring."""
    a_content, b_content = _content(a, furniture), _content(b, furniture)
    score = round(containment(a_content, b_content), 4)
    if whole >= NEAR_IDENTICAL:  # the same text, lightly edited: its furniture included
        return Verdict(max(score, whole), "near-identical")
    if _follows_up(a, b, a_content, b_content, furniture, hours):
        return Verdict(score, None)  # a later day's news over the earlier story's background
    if score >= SAME_STORY_CONTAINMENT:
        return Verdict(score, "containment")
    if score >= LEAD_STORY_CONTAINMENT and _either_held(_lead(a, furniture), _lead(b, furniture), a_content, b_content,
                                                        LEAD_SHARED):
        return Verdict(score, "lead")
    if hours is not None and hours < FOLLOW_UP_HOURS and score >= REWRITTEN_CONTAINMENT and \
            _held_in_paragraphs(a, b, a_content, b_content, furniture) >= PARAGRAPHS_HELD:
        return Verdict(score, "rewritten")
    return Verdict(score, None)


def verified(fp: Fingerprint, found: Lookup, published: str | None = None) -> list[Match]:
    """The candidates *found* that *fp* (published at *published* if known) is the same story as,
    best first: the one that holds the most of the shorter text, the oldest at a tie."""
    matches = []
    for article_id, (story_id, other) in found.others.items():
        same = verdict(fp.paragraphs, other, found.whole.get(article_id, 0.0), found.furniture,
                       hours_apart(published, found.published.get(article_id)))
        if same.rule:
            matches.append(Match(article_id, story_id, same.score))
    return sorted(matches, key=lambda match: (-match.similarity, match.article_id))
