"""How the blind sets of story pairs from the second on (``"batch": 2`` and later in
pairs_blind.jsonl) are drawn, before any label: pairs of ANT articles published within two days of each other, drawn at random within
each band of word 3-gram Jaccard and within each band of containment (the share of the shorter
text's 3-grams found in the longer), and random pairs, with ``random.Random(SEED)``. Articles with
one text (exact copies) or under 40 words are left out; so is every pair holding an article already
in a labelled pair (EXCLUDE_IDS: one corpus id a line). The 3-grams are of the bare words of the
normalized text (what rasad compares), but no furniture is known here and no rasad rule is applied;
pairs are found through the 3-grams they share, leaving out 3-grams printed in more than 50 texts of
a three-day window (formulas), so Jaccard and containment count those too but do not find pairs.

Writes OUT.jsonl (the pairs with their band, scores and split) and OUT.texts.jsonl (what the reader
gets: the two titles, dates, outlets and texts, without any score). The split is fixed by a hash
of the pair's ids: ``sha256("A B") % 2 == 0`` is held out.

Batch 2 is the default ``--seed 2626``; batch 3 is ``--seed 2727 --batch 3``, leaving out the articles of
batches 1 and 2 and of ant_pairs.jsonl.

Usage: python bench/labels/sample_pairs.py [--seed N] [--batch N] ANT.jsonl EXCLUDE_IDS OUT.jsonl
"""

from __future__ import annotations

import argparse
import hashlib
import json
import random
import sys
import zlib
from collections import Counter, defaultdict
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from rasad.analyse.dedup import CONTENT_WORDS, _bare_words  # noqa: E402
from rasad.text.arabic import normalize_lines  # noqa: E402

JACCARD_BANDS = [(0.0, 0.1), (0.1, 0.2), (0.2, 0.3), (0.3, 0.45), (0.45, 0.7), (0.7, 1.01)]
CONTAINMENT_BANDS = [(0.2, 0.4), (0.4, 0.6), (0.6, 0.8), (0.8, 1.01)]
PER_JACCARD_BAND, PER_CONTAINMENT_BAND, RANDOM_PAIRS = 14, 14, 20
DAYS_APART = 2
SHARED_AT_LEAST = 5  # 3-grams two texts share to be scored (below, a pair is drawn among the random ones)


def grams(text: str) -> frozenset[int]:
    grams = set()
    for line in normalize_lines(text):
        words = _bare_words(line)
        grams.update(zlib.crc32(" ".join(words[i:i + CONTENT_WORDS]).encode()) for i in range(len(words) - CONTENT_WORDS + 1))
    return frozenset(grams)


def day_of(corpus_id: str) -> date:
    digits = corpus_id.rsplit("-", 1)[1]
    return date(int(digits[:4]), int(digits[4:6]), int(digits[6:]))


def heldout(a: str, b: str) -> bool:
    return int(hashlib.sha256(f"{a} {b}".encode()).hexdigest(), 16) % 2 == 0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seed", type=int, default=2626)
    parser.add_argument("--batch", type=int, default=2, help="the batch number written on each pair")
    parser.add_argument("ant", type=Path)
    parser.add_argument("exclude_ids", type=Path)
    parser.add_argument("out", type=Path)
    args = parser.parse_args()
    rng = random.Random(args.seed)
    excluded = {line.strip() for line in args.exclude_ids.open() if line.strip()}
    docs, seen_texts = {}, Counter()
    for line in args.ant.open(encoding="utf-8"):
        doc = json.loads(line)
        seen_texts[doc["text"]] += 1
        if doc["corpus_id"] not in excluded and len(doc["text"].split()) >= 40:
            docs[doc["corpus_id"]] = doc
    docs = {key: doc for key, doc in docs.items() if seen_texts[doc["text"]] == 1}
    shingles = {key: grams(doc["text"]) for key, doc in docs.items()}
    by_day = defaultdict(list)
    for key in docs:
        by_day[day_of(key)].append(key)
    # pairs sharing SHARED_AT_LEAST 3-grams, within DAYS_APART days: an inverted index per day window
    scored = {}
    for day in sorted(by_day):
        window = [key for offset in range(DAYS_APART + 1) for key in by_day.get(date.fromordinal(day.toordinal() + offset), [])]
        postings = defaultdict(list)
        for key in window:
            for gram in shingles[key]:
                postings[gram].append(key)
        shared = Counter()
        for keys in postings.values():
            if 1 < len(keys) <= 50:  # a 3-gram in more texts is a formula, not a shared story
                for i, a in enumerate(keys):
                    for b in keys[i + 1:]:
                        if day_of(a) == day or day_of(b) == day:
                            shared[min(a, b), max(a, b)] += 1
        for (a, b), n in shared.items():
            if n >= SHARED_AT_LEAST and (a, b) not in scored:
                union = len(shingles[a] | shingles[b])
                scored[a, b] = (round(n / union, 3), round(n / min(len(shingles[a]), len(shingles[b])), 3))
    print(f"{len(docs)} articles, {len(scored)} pairs sharing {SHARED_AT_LEAST}+ 3-grams", file=sys.stderr)
    chosen, used = [], set()

    def draw(candidates: list[tuple[str, str]], count: int, band: str) -> None:
        rng.shuffle(candidates)
        for a, b in candidates:
            if count == 0:
                return
            if a in used or b in used:
                continue
            used.update((a, b))
            jaccard, containment = scored.get((a, b), (0.0, 0.0))
            chosen.append({"a": a, "b": b, "band": band, "jaccard": jaccard, "containment": containment,
                           "split": "heldout" if heldout(a, b) else "dev", "batch": args.batch})
            count -= 1

    ordered = sorted(scored)
    for low, high in JACCARD_BANDS:
        draw([p for p in ordered if low <= scored[p][0] < high], PER_JACCARD_BAND, f"jac[{low},{min(high, 1.0)})")
    for low, high in CONTAINMENT_BANDS:
        draw([p for p in ordered if low <= scored[p][1] < high and scored[p][0] < 0.45], PER_CONTAINMENT_BAND,
             f"containment[{low},{min(high, 1.0)}) jac<0.45")
    days = sorted(by_day)
    randoms = []
    while len(randoms) < 20 * RANDOM_PAIRS:
        day = rng.choice(days)
        other = date.fromordinal(day.toordinal() + rng.randint(0, DAYS_APART))
        if by_day.get(other):
            a, b = rng.choice(by_day[day]), rng.choice(by_day[other])
            if a != b:
                randoms.append((min(a, b), max(a, b)))
    draw(randoms, RANDOM_PAIRS, "random within two days")
    with args.out.open("w", encoding="utf-8") as out:
        for pair in chosen:
            out.write(json.dumps(pair, ensure_ascii=False) + "\n")
    with args.out.with_suffix(".texts.jsonl").open("w", encoding="utf-8") as out:
        for number, pair in enumerate(chosen, start=1):
            out.write(json.dumps({"pair": number, **{side: {"id": pair[side], "outlet": pair[side].split("-")[0],
                                                            "published": docs[pair[side]].get("published_at"),
                                                            "title": docs[pair[side]]["title"],
                                                            "text": docs[pair[side]]["text"]} for side in ("a", "b")}},
                                 ensure_ascii=False) + "\n")
    print(f"{len(chosen)} pairs: {Counter(p['band'] for p in chosen)}", file=sys.stderr)


if __name__ == "__main__":
    main()
