"""Story grouping and relevance against the blind labels of issue 16 (``labels/pairs_blind.jsonl``,
``labels/relevance_blind.jsonl``): labelled by a reader given only the definitions, sampled
beyond keyword hits, half held out by a hash before any rule changed.

Usage:
    python bench/blind_eval.py --ant /tmp/ant.jsonl [-v] [--relevance-only] [--also FILE] [--db FILE]

``--relevance-only`` leaves story grouping out (a minute instead of half an hour); ``--also FILE``
scores another labels file (lines of id and relevance) as a set of its own; ``--db FILE`` keeps
the story-grouping import and, run again, regroups it with the rules of the moment. ``-v`` explains the dev half's story-grouping and relevance errors, and only the dev half's: the
held-out half is scored, never shown.

- Story grouping: every article of the pairs imported with ``rasad import`` into a throwaway
  database (the real path: candidates, verification, stories), together with everything their
  outlets published that day and the day before, in publication order, as a daemon would have
  stored them (about 16,000 ANT articles; an outlet's furniture is known from its other
  articles); a pair is predicted "same story" when both articles have the same ``story_id``.
  Precision and recall of the label ``same-text``; and the same for the older set of 150 pairs
  (``labels/ant_pairs.jsonl``, not blind to the rules: a check that precision holds), imported
  together with them.
- Relevance: ``rasad.analyse.tagging.tag`` on each article; confusion matrix, macro-F1, and precision
  and recall of ``core``; for all the articles and for each set alone (``batch`` 2 was labelled
  after the first round of issue 16's rules, ``batch`` 3, drawn by
  ``labels/sample_relevance.py``, after the second; neither held-out half looked at).
- Core alone: 2018 held few attacks, so the relevance sets hold two core articles; the incident
  set's articles (``labels/incident_articles.jsonl``, labelled blind for issue 15: those reporting
  an attack are core, its hard negatives are not) are added to them for core precision and
  recall, each in its incident's split.

Printed for the dev half, the held-out half (the clean figures) and both. The last line is one
JSON object. ``-v`` first lists the dev half's relevance errors (id, label, tagged, the sentences
that decided it), never the held-out half's.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from collections import Counter
from datetime import date, datetime, timedelta, timezone
from email.utils import parsedate_to_datetime
from pathlib import Path

REPOSITORY = Path(__file__).resolve().parent.parent
LABELS = REPOSITORY / "bench" / "labels"
sys.path.insert(0, str(REPOSITORY))

from corpus import ant_documents  # noqa: E402
from incident_eval import articles as incident_lines  # noqa: E402
from rasad.analyse import dedup  # noqa: E402
from rasad.analyse.tagging import tag  # noqa: E402
from rasad.store import db as database, near_duplicates  # noqa: E402
from rasad.text.urls import url_key  # noqa: E402

CLASSES = ("core", "related", "none")


def _load(name: str) -> list[dict]:
    return [json.loads(line) for line in (LABELS / name).open(encoding="utf-8")]


def _outlet_day(corpus_id: str) -> tuple[str, date]:
    """The outlet prefix and publication day an ANT corpus id carries (``SK-middleEast-2646-20180628``)."""
    outlet, day = corpus_id.split("-")[0], corpus_id.rsplit("-", 1)[1]
    return outlet, date(int(day[:4]), int(day[4:6]), int(day[6:]))


def _published(doc: dict) -> datetime:
    return parsedate_to_datetime(doc["published_at"]) if doc.get("published_at") else datetime.min.replace(tzinfo=timezone.utc)


def with_context(ant: Path, ids: set[str]) -> list[dict]:
    """The articles of *ids* with everything their outlets published that day and the day before,
    in publication order: what rasad would hold when it stores them (an outlet's furniture, such as
    its "related stories" teasers, is known from its other articles)."""
    days = {(outlet, day - timedelta(days=back)) for outlet, day in map(_outlet_day, ids) for back in (0, 1)}
    with ant.open(encoding="utf-8") as lines:
        docs = [doc for doc in map(json.loads, lines) if doc["corpus_id"] in ids or _outlet_day(doc["corpus_id"]) in days]
    return sorted(docs, key=_published)


def stories(ant: Path, pairs: list[dict], docs: dict[str, dict], verbose: bool = False,
            kept: Path | None = None) -> dict[str, int]:
    """story_id of every article of the pairs, imported with their context (see with_context);
    *verbose*: the dev half's errors explained (see explain_dev_errors). *kept*: the database to
    import into and keep; when it exists already, its articles are regrouped (``rasad restory``,
    minutes instead of the import's half hour) with the rules as they are now."""
    ids = {p[k] for p in pairs for k in ("a", "b")}
    with tempfile.TemporaryDirectory() as folder:
        path, db_path = Path(folder) / "pairs.jsonl", kept or Path(folder) / "pairs.db"
        if db_path.exists():
            subprocess.run([sys.executable, "-m", "rasad", "restory", "--db", str(db_path)], capture_output=True, check=True)
        else:
            path.write_text("".join(json.dumps({k: doc[k] for k in ("url", "title", "text", "published_at")},
                                               ensure_ascii=False) + "\n" for doc in with_context(ant, ids)),
                            encoding="utf-8")
            importing = db_path.with_name(db_path.name + ".importing")  # a kept database is a whole import or none
            importing.unlink(missing_ok=True)
            subprocess.run([sys.executable, "-m", "rasad", "import", str(path), "--source", "ant", "--db", str(importing)],
                           capture_output=True, check=True)
            importing.rename(db_path)
        with database.opened(db_path) as db:
            by_key = {url_key(url): (article_id, story) for article_id, url, story in db.execute("SELECT id, url, story_id FROM articles")}
            stored = {i: by_key.get(url_key(docs[i]["url"]), (None, None)) for i in ids}
            story = {i: story for i, (_, story) in stored.items()}
            if verbose:
                explain_dev_errors(db, [p for p in pairs if p.get("split") == "dev"], {i: a for i, (a, _) in stored.items()}, story)
    return story


def _same_story(pair: dict, story: dict[str, int]) -> bool:
    return story[pair["a"]] is not None and story[pair["a"]] == story[pair["b"]]


def explain_dev_errors(db, dev_pairs: list[dict], article: dict[str, int], story: dict[str, int]) -> None:
    """For each miss and false join of the dev half (never the held-out half): the labels, how
    alike the two texts' content is (word 3-gram Jaccard, containment of each in the other, the
    share of each one's lead in the other), whether the later one's lookup found the earlier one
    (LSH similarity as wholes, or passage anchors) and which rule joined them or why none did,
    and what each article was joined to on import."""
    for pair in dev_pairs:
        truth, predicted = pair["label"] == "same-text", _same_story(pair, story)
        if truth == predicted or None in (article[pair["a"]], article[pair["b"]]):
            continue
        early, late = sorted((article[pair["a"]], article[pair["b"]]))
        texts = dict(db.execute("SELECT id, text FROM articles WHERE id IN (?, ?)", (early, late)))
        found = near_duplicates.lookup(db, dedup.fingerprint(texts[late]), late)
        early_paragraphs, late_paragraphs = dedup.paragraphs(texts[early]), dedup.paragraphs(texts[late])
        late_content = dedup._content(late_paragraphs, found.furniture)
        early_content = dedup._content(early_paragraphs, found.furniture)
        shared = late_content & early_content
        published = dict(db.execute("SELECT id, published_at FROM articles WHERE id IN (?, ?)", (early, late)))
        rule = dedup.verdict(late_paragraphs, early_paragraphs, found.whole.get(early, 0.0), found.furniture,
                             dedup.hours_apart(published[early], published[late]))
        joined = {i: db.execute("SELECT duplicate_of, similarity FROM articles WHERE id = ?", (i,)).fetchone() for i in (early, late)}
        print(f"{'MISS' if truth else 'FALSE JOIN':<10} {pair['a']} {pair['b']} label={pair['label']} "
              f"jaccard={len(shared) / max(1, len(late_content | early_content)):.2f} "
              f"in_early={len(shared) / max(1, len(late_content)):.2f} in_late={len(shared) / max(1, len(early_content)):.2f} "
              f"words={len(texts[late].split())}/{len(texts[early].split())} "
              f"lead_late_in_early={_lead_share(late_paragraphs, early_content, found.furniture):.2f} "
              f"lead_early_in_late={_lead_share(early_paragraphs, late_content, found.furniture):.2f} "
              f"found={'no' if early not in found.others else 'lsh %.2f' % found.whole[early] if early in found.whole else 'anchors'} "
              f"rule={rule.rule} score={rule.score} joined={joined[late]}/{joined[early]}")


def _lead_share(paragraphs, other_content: set[int], furniture: set[int]) -> float:
    lead = dedup._lead(paragraphs, furniture)
    return len(lead & other_content) / max(1, len(lead))


def _pair_scores(pairs: list[dict], story: dict[str, int]) -> dict:
    truth = [p["label"] == "same-text" for p in pairs]
    predicted = [_same_story(p, story) for p in pairs]
    tp = sum(p and t for p, t in zip(predicted, truth))
    return {"pairs": len(pairs), "same_text": sum(truth), "precision": round(tp / max(1, sum(predicted)), 3),
            "recall": round(tp / max(1, sum(truth)), 3)}


def _relevance_scores(articles: list[dict], predicted: dict[str, str]) -> dict:
    confusion = Counter((a["relevance"], predicted[a["id"]]) for a in articles)
    f1s = []
    for cls in (c for c in CLASSES if any(c in pair for pair in confusion)):  # classes of this half only
        tp = confusion[(cls, cls)]
        precision = tp / max(1, sum(n for (_, p), n in confusion.items() if p == cls))
        recall = tp / max(1, sum(n for (t, _), n in confusion.items() if t == cls))
        f1s.append(2 * precision * recall / max(1e-9, precision + recall))
    core_predicted = sum(n for (_, p), n in confusion.items() if p == "core")
    core_true = sum(n for (t, _), n in confusion.items() if t == "core")
    return {"articles": len(articles), "macro_f1": round(sum(f1s) / len(f1s), 3),
            "core_precision": round(confusion[("core", "core")] / max(1, core_predicted), 3),
            "core_recall": round(confusion[("core", "core")] / max(1, core_true), 3),
            "core_true": core_true, "core_predicted": core_predicted,
            "confusion": {f"{t}->{p}": n for (t, p), n in sorted(confusion.items())}}


def _core_checks(shared: Path, ant: Path) -> list[dict]:
    """The incident set's articles (labels/incident_articles.jsonl, labelled blind for issue 15) as
    checks of ``core`` alone: an article reporting an attack is core, a hard negative is not,
    an article that only mentions one is left out; each in its incident's split."""
    incident_split = {g["incident"]: g["split"] for g in _load("incidents_gold.jsonl")}
    labels = {label["article"]: label for label in _load("incident_articles.jsonl")}
    checks = []
    for line in incident_lines(shared, ant):
        label = labels[line["label"]]
        reported = [r["incident"] for r in label["reports"] if r["role"] == "report"]
        if label["reports"] and not reported:
            continue
        published = datetime.fromisoformat(line["published_at"]).date() if line["published_at"] else None
        checks.append({"id": line["label"], "core": bool(reported), "title": line["title"], "text": line["text"],
                       "published": published,
                       "split": incident_split[reported[0]] if reported else label.get("split", "dev")})
    return checks


def _core_scores(checks: list[dict], predicted: dict[str, str]) -> dict:
    tp = sum(c["core"] and predicted[c["id"]] == "core" for c in checks)
    said_core = sum(predicted[c["id"]] == "core" for c in checks)
    core = sum(c["core"] for c in checks)
    return {"articles": len(checks), "core_true": core, "core_predicted": said_core,
            "core_precision": round(tp / max(1, said_core), 3), "core_recall": round(tp / max(1, core), 3)}


def _print_relevance_errors(labelled: list[tuple[str, str]], tags: dict) -> None:
    """The articles of the dev half (*labelled*: id and label; "not core" for the incident set's
    hard negatives) that tagging gets wrong, with the sentences that decided it (none for an
    article tagged none). The held-out half is never listed."""
    for key, label in labelled:
        relevance = tags[key].relevance
        if relevance != label and not (label == "not core" and relevance != "core"):
            print(f"dev error {key}: labelled {label}, tagged {relevance}")
            for sentence in tags[key].evidence:
                print(f"    {sentence}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--ant", type=Path, required=True, help="the ANT corpus as JSONL (scripts/ant_to_jsonl.py)")
    parser.add_argument("--shared", type=Path, default=REPOSITORY.parent / "shared",
                        help="the shared folder, for the seeds among the incident set's articles")
    parser.add_argument("-v", "--verbose", action="store_true",
                        help="explain the dev half's story-grouping and relevance errors (never the held-out half's)")
    parser.add_argument("--also", type=Path, action="append", default=[],
                        help="another relevance labels file (id, relevance), scored as one set of its own")
    parser.add_argument("--db", type=Path,
                        help="keep the story-grouping database here; if it exists, regroup it instead of importing")
    parser.add_argument("--relevance-only", action="store_true",
                        help="score relevance alone (a minute, not half an hour: no import for story grouping)")
    args = parser.parse_args(argv)
    pairs, older_pairs, articles = _load("pairs_blind.jsonl"), _load("ant_pairs.jsonl"), _load("relevance_blind.jsonl")
    others = {path.stem: [json.loads(line) for line in path.open(encoding="utf-8")] for path in args.also}
    docs = ant_documents(args.ant, {p[k] for p in pairs + older_pairs for k in ("a", "b")}
                         | {a["id"] for a in articles + [a for labelled in others.values() for a in labelled]})
    story = None if args.relevance_only else stories(args.ant, pairs + older_pairs, docs, args.verbose, args.db)
    tags = {}
    for article in articles + [a for labelled in others.values() for a in labelled]:
        doc = docs[article["id"]]
        published = parsedate_to_datetime(doc["published_at"]).date() if doc["published_at"] else None
        tags[article["id"]] = tag(doc["text"], doc["title"], published if isinstance(published, date) else None)
    checks = _core_checks(args.shared, args.ant)
    for check in checks:
        tags[check["id"]] = tag(check["text"], check["title"], check["published"])
    predicted = {key: tags[key].relevance for key in tags}
    if args.verbose:
        _print_relevance_errors([(a["id"], a["relevance"]) for a in articles if a["split"] == "dev"] + [
            (c["id"], "core" if c["core"] else "not core") for c in checks if c["split"] == "dev"], tags)
    result = {}
    batches = sorted({a.get("batch", 1) for a in articles})
    for split in ("dev", "heldout", None):
        name = split or "all"
        in_split = [a for a in articles if split in (None, a["split"])]
        result[name] = {
            **({} if story is None else {
                "stories": _pair_scores([p for p in pairs if split in (None, p["split"])], story),
                **{f"stories_set_{batch}": _pair_scores([p for p in pairs if split in (None, p["split"])
                                                         and p.get("batch", 1) == batch], story)
                   for batch in sorted({p.get("batch", 1) for p in pairs})}}),
            "relevance": _relevance_scores(in_split, predicted),
            **{f"relevance_set_{batch}": _relevance_scores([a for a in in_split if a.get("batch", 1) == batch], predicted)
               for batch in batches},
            "core_with_incident_set": _core_scores(
                [c for c in checks if split in (None, c["split"])]
                + [{"id": a["id"], "core": a["relevance"] == "core"} for a in in_split], predicted),
        }
        for index, (key, value) in enumerate(result[name].items()):
            print(f"{'' if index else name:<8} {key} {value}")
    for name, labelled in others.items():
        result[name] = _relevance_scores(labelled, predicted)
        print(f"{name:<8} relevance {result[name]}")
    if story is not None:
        result["older_pairs"] = _pair_scores(older_pairs, story)
        print(f"{'older':<8} stories {result['older_pairs']}")
    print(json.dumps(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())
