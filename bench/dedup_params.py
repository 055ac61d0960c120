"""Choose the near-duplicate parameters from labeled pairs of ANT-corpus articles.

For each shingle type, prints precision, recall and F1 of "same text" (label same-text vs
same-event/different) at several Jaccard thresholds, using the MinHash estimate rasad stores.

Usage:
    python scripts/ant_to_jsonl.py ../shared/data/ant-corpus/antcorpus.multisource.data-full.tar.gz -o /tmp/ant.jsonl
    python bench/dedup_params.py /tmp/ant.jsonl

The labels (bench/labels/ant_pairs.jsonl, 150 pairs) were made by reading both articles of each
pair, blind to any similarity score; the pairs were sampled across the whole similarity range
of LSH candidates plus random same-day pairs.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from rasad.analyse import dedup
from rasad.text.arabic import normalize

LABELS = Path(__file__).parent / "labels" / "ant_pairs.jsonl"


def words(n: int):
    def shingle(text: str) -> set[str]:
        tokens = [w for w in text.split() if any(c.isalnum() for c in w)]
        return {" ".join(tokens[i:i + n]) for i in range(max(1, len(tokens) - n + 1))}
    return shingle


def chars(n: int):
    def shingle(text: str) -> set[str]:
        return {text[i:i + n] for i in range(max(1, len(text) - n + 1))}
    return shingle


SHINGLES = {"word-2": words(2), "word-3": words(3), "word-5": words(5), "char-5": chars(5), "char-8": chars(8)}
THRESHOLDS = [0.2, 0.3, 0.35, 0.4, 0.45, 0.5, 0.6, 0.7]


def main(corpus: Path) -> None:
    labels = [json.loads(line) for line in LABELS.open(encoding="utf-8")]
    needed = {label[k] for label in labels for k in ("a", "b")}
    texts = {}
    for line in corpus.open(encoding="utf-8"):
        record = json.loads(line)
        if record.get("corpus_id") in needed:
            texts[record["corpus_id"]] = normalize(record["text"])
    truth = [label["label"] == "same-text" for label in labels]
    print(f"{len(labels)} labeled pairs: {sum(truth)} same-text, {len(truth) - sum(truth)} same-event or different")
    print(f"{'shingles':<8} {'threshold':>9} {'precision':>9} {'recall':>7} {'F1':>6}")
    for name, shingle in SHINGLES.items():
        signatures = {doc: dedup.minhash(shingle(text)) for doc, text in texts.items()}
        scores = [dedup.similarity(signatures[label["a"]], signatures[label["b"]]) for label in labels]
        for threshold in THRESHOLDS:
            predicted = [score >= threshold for score in scores]
            tp = sum(p and t for p, t in zip(predicted, truth))
            precision = tp / max(1, sum(predicted))
            recall = tp / max(1, sum(truth))
            f1 = 2 * precision * recall / max(1e-9, precision + recall)
            print(f"{name:<8} {threshold:>9.2f} {precision:>9.2f} {recall:>7.2f} {f1:>6.2f}")


if __name__ == "__main__":
    main(Path(sys.argv[1]))
