"""Evaluate tagging against the hand-labeled set (bench/labels/tagging.jsonl: 146 articles, the
five seeds and ANT-corpus articles found by keyword, with hard negatives: the Yemen coalition,
Israeli and Turkish strikes, US forces outside Iraq/Syria/Jordan).

Usage:
    python bench/tagging_eval.py [--ant /tmp/ant.jsonl] [--split dev|test] [-v]

Prints precision, recall and F1 per tag kind (sites, actors, event types, countries), the
relevance confusion matrix with macro-F1, how many labeled events of core articles get their
exact date, and (with --ant, the corpus converted by scripts/ant_to_jsonl.py) tagging
throughput in articles per second. The last line is one JSON object with every figure.

``--split test`` keeps every 4th labeled article (by line order), the held-out part rules are not
tuned on; ``--split dev`` keeps the other three quarters.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections import Counter
from datetime import date
from pathlib import Path

REPOSITORY = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPOSITORY))  # this checkout's rasad, not whichever one is installed

from rasad.analyse import gazetteer  # noqa: E402
from rasad.analyse.tagging import tag  # noqa: E402

LABELS = Path(__file__).parent / "labels" / "tagging.jsonl"
KINDS = ("sites", "actors", "event_types", "countries")
RELEVANCE = ("core", "related", "none")
HELD_OUT_EVERY = 4


def in_split(line_number: int, split: str) -> bool:
    """Is the labeled article on *line_number* (from 0) part of *split* (all, dev or test)?"""
    held_out = line_number % HELD_OUT_EVERY == HELD_OUT_EVERY - 1
    return split == "all" or held_out == (split == "test")


def prf(tp: int, fp: int, fn: int) -> tuple[float, float, float]:
    precision = tp / (tp + fp) if tp + fp else 1.0
    recall = tp / (tp + fn) if tp + fn else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return round(precision, 3), round(recall, 3), round(f1, 3)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--ant", type=Path, help="the ANT corpus as JSON Lines, for throughput")
    parser.add_argument("--split", choices=("all", "dev", "test"), default="all",
                        help="every labeled article, the tuning part, or the held-out every 4th one")
    parser.add_argument("-v", "--verbose", action="store_true", help="list every disagreement")
    args = parser.parse_args()
    labeled = [json.loads(line) for number, line in enumerate(LABELS.open(encoding="utf-8"))
               if in_split(number, args.split)]
    tagger = gazetteer.load()
    counts = {kind: Counter() for kind in KINDS}
    confusion = Counter()
    dated_events = dated_found = 0
    core_articles = core_exact = 0
    for item in labeled:
        published = date.fromisoformat(item["published_at"]) if item.get("published_at") else None
        result = tag(item["text"], item.get("title") or "", published, tagger)
        predicted = result.as_json()
        confusion[(item["relevance"], result.relevance)] += 1
        for kind in KINDS:
            truth, guess = set(item[kind]), set(predicted[kind])
            counts[kind]["tp"] += len(truth & guess)
            counts[kind]["fp"] += len(guess - truth)
            counts[kind]["fn"] += len(truth - guess)
            if args.verbose and truth != guess:
                print(f"  {item['id']} {kind}: missing {sorted(truth - guess)} extra {sorted(guess - truth)}")
        if item["relevance"] == "core":
            core_articles += 1
            found_dates = {e["event_date"] for e in predicted["events"]}
            wanted = [e for e in item["events"] if e.get("date") and e.get("date_precision") == "day"]
            hits = [e for e in wanted if e["date"] in found_dates]
            dated_events += len(wanted)
            dated_found += len(hits)
            core_exact += len(hits) == len(wanted)
            if args.verbose and len(hits) < len(wanted):
                print(f"  {item['id']} event dates: missing {sorted({e['date'] for e in wanted} - found_dates)} "
                      f"found {sorted(d for d in found_dates if d)}")
        if args.verbose and item["relevance"] != result.relevance:
            print(f"  {item['id']} relevance: labeled {item['relevance']}, tagged {result.relevance} ({item.get('note')})")
    figures: dict = {"articles": len(labeled), "split": args.split}
    print(f"{len(labeled)} labeled articles: " + ", ".join(
        f"{sum(v for (t, _), v in confusion.items() if t == r)} {r}" for r in RELEVANCE))
    print(f"{'kind':<12} {'precision':>9} {'recall':>7} {'F1':>6}")
    for kind in KINDS:
        p, r, f = prf(counts[kind]["tp"], counts[kind]["fp"], counts[kind]["fn"])
        figures[f"{kind}_f1"] = f
        print(f"{kind:<12} {p:>9.3f} {r:>7.3f} {f:>6.3f}")
    print("\nrelevance confusion (rows: labeled, columns: tagged)")
    print(f"{'':<9}" + "".join(f"{r:>9}" for r in RELEVANCE))
    f1s = []
    for truth in RELEVANCE:
        print(f"{truth:<9}" + "".join(f"{confusion[(truth, guess)]:>9}" for guess in RELEVANCE))
        tp = confusion[(truth, truth)]
        fp = sum(confusion[(other, truth)] for other in RELEVANCE if other != truth)
        fn = sum(confusion[(truth, other)] for other in RELEVANCE if other != truth)
        f1s.append(prf(tp, fp, fn)[2])
    figures["relevance_macro_f1"] = round(sum(f1s) / len(f1s), 3)
    figures["relevance_f1"] = dict(zip(RELEVANCE, f1s))
    print(f"relevance macro-F1 {figures['relevance_macro_f1']} (per class {figures['relevance_f1']})")
    figures["event_dates_exact"] = f"{dated_found}/{dated_events}"
    figures["core_articles_all_dates_exact"] = round(core_exact / core_articles, 3) if core_articles else None
    print(f"event dates (day precision) found exactly: {dated_found}/{dated_events}; "
          f"core articles with every dated event exact: {core_exact}/{core_articles}")
    if args.ant:
        texts = [json.loads(line) for line in args.ant.open(encoding="utf-8")]
        started = time.perf_counter()
        for record in texts:
            tag(record["text"], record.get("title") or "", None, tagger)
        seconds = time.perf_counter() - started
        figures["ant_tagging_articles_s"] = round(len(texts) / seconds, 1)
        print(f"tagging throughput: {len(texts)} ANT articles in {seconds:.1f} s = {figures['ant_tagging_articles_s']} articles/s")
    print(json.dumps(figures, ensure_ascii=False))


if __name__ == "__main__":
    main()
