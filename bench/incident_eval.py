"""Incident evaluation: the labelled articles of ``bench/labels/incident_articles.jsonl`` imported
with ``rasad import`` (one import per outlet) into a throwaway database, their incidents compared
with ``bench/labels/incidents_gold.jsonl``.

Usage:
    python bench/incident_eval.py [--shared ../shared] [--ant /tmp/ant.jsonl]

The ANT texts come from the corpus in ``--shared`` (or a JSONL made by scripts/ant_to_jsonl.py),
the seeds' from ``--shared/seeds``. Printed per split (dev: rules were written looking at it;
heldout: never looked at while writing rules) and for both:

- a gold incident is *reportable* when at least one article reports it (a mention alone never
  opens an incident, by design); recall counts matched reportable incidents, and is also given
  over every gold incident;
- predicted incidents are the attacks (responses, the US strikes, are not in the gold set); one
  matches a gold one when they share an article, the same country, a
  compatible site (equal or one unknown) and the gold day lies in the predicted span; matching
  is one to one, most shared articles first;
- precision: matched predicted ÷ predicted; inflation: predicted ÷ reportable gold incidents;
- exact date: matched day-precision gold incidents whose predicted date is the gold day;
- claimed_by: matched incidents whose claimant equals the gold one (both none counts).

It also imports the articles in reverse order into a second database and checks that the
incidents are the same (``order_independent``). The last line is one JSON object.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from collections import Counter, defaultdict
from email.utils import parsedate_to_datetime
from pathlib import Path

REPOSITORY = Path(__file__).resolve().parent.parent
LABELS = REPOSITORY / "bench" / "labels"
sys.path.insert(0, str(REPOSITORY))

from corpus import ant_documents, incident_content  # noqa: E402
from rasad.text.urls import url_key  # noqa: E402


def _ant_texts(shared: Path, ant: Path | None, wanted: set[str]) -> dict[str, dict]:
    if ant is None:
        ant = Path(tempfile.mkdtemp()) / "ant.jsonl"
        subprocess.run([sys.executable, str(REPOSITORY / "scripts" / "ant_to_jsonl.py"),
                        str(shared / "data" / "ant-corpus" / "antcorpus.multisource.data-full.tar.gz"), "-o", str(ant)],
                       check=True, stderr=subprocess.DEVNULL)
    return ant_documents(ant, wanted)


def _seed_text(shared: Path, seed: str) -> tuple[str, str]:
    path = next((shared / "seeds").glob(f"{seed.split('-')[1]}_*.txt"))
    title, _, text = path.read_text(encoding="utf-8").partition("\n")
    return title.strip(), text.strip()


def articles(shared: Path, ant: Path | None) -> list[dict]:
    """Every labelled article as an import line, with its outlet and label id."""
    labelled = [json.loads(line) for line in (LABELS / "incident_articles.jsonl").open(encoding="utf-8")]
    texts = _ant_texts(shared, ant, {a["article"] for a in labelled if not a["article"].startswith("seed-")})
    lines = []
    for label in labelled:
        if label["article"].startswith("seed-"):
            title, text = _seed_text(shared, label["article"])
            url = f"https://seeds.example/{label['article']}"
            published = label["published_at"]
        else:
            doc = texts[label["article"]]
            title, text, url = doc["title"], doc["text"], doc["url"]
            published = parsedate_to_datetime(doc["published_at"]).isoformat() if doc["published_at"] else label["published_at"]
        lines.append({"label": label["article"], "outlet": label["outlet"], "url": url, "title": title, "text": text,
                      "published_at": published})
    return lines


def import_all(lines: list[dict], db: Path) -> None:
    by_outlet: dict[str, list[dict]] = defaultdict(list)
    for line in lines:
        by_outlet[line["outlet"]].append(line)
    with tempfile.TemporaryDirectory() as folder:
        for outlet, outlet_lines in by_outlet.items():
            path = Path(folder) / f"{outlet}.jsonl"
            path.write_text("".join(json.dumps({k: line[k] for k in ("url", "title", "text", "published_at")},
                                               ensure_ascii=False) + "\n" for line in outlet_lines), encoding="utf-8")
            result = subprocess.run([sys.executable, "-m", "rasad", "import", str(path), "--source", outlet.lower(),
                                     "--db", str(db)], capture_output=True, text=True)
            if result.returncode not in (0, 1):
                raise SystemExit(f"rasad import failed: {result.stderr}")


def predicted(db: Path, url_label: dict[str, str]) -> list[dict]:
    from rasad.store import db as database

    with database.opened(db) as conn:
        found = []
        for row in conn.execute("SELECT id, key, event_date, date_earliest, date_latest, country, site, claimed_by, "
                                "event_type FROM incidents WHERE status != 'rejected' AND event_type != 'air-strike'").fetchall():
            urls = [u for (u,) in conn.execute("SELECT DISTINCT a.url FROM incident_reports r JOIN articles a "
                                               "ON a.id = r.article_id WHERE r.incident_id = ?", (row[0],))]
            found.append(dict(zip(("id", "key", "event_date", "date_earliest", "date_latest", "country", "site",
                                   "claimed_by", "event_type"), row), articles={url_label[url_key(u)] for u in urls}))
        return found


def gold() -> tuple[dict[str, dict], dict[str, str]]:
    incidents = {g["incident"]: dict(g, articles=set(), reportable=False)
                 for g in map(json.loads, (LABELS / "incidents_gold.jsonl").open(encoding="utf-8"))}
    negative_split = {}
    for label in map(json.loads, (LABELS / "incident_articles.jsonl").open(encoding="utf-8")):
        if not label["reports"]:
            negative_split[label["article"]] = label.get("split", "dev")
        for report in label["reports"]:
            incident = incidents[report["incident"]]
            if report["role"] == "report" or report["date_from_text"]:
                incident["articles"].add(label["article"])
            incident["reportable"] |= report["role"] == "report"
    return incidents, negative_split


def _fits(p: dict, g: dict) -> bool:
    return (p["country"] == g["country"] and (p["site"] is None or g["site"] is None or p["site"] == g["site"])
            and p["date_earliest"] is not None and (g["time_precision"] != 1 or p["date_earliest"] <= g["event_date"] <= p["date_latest"]))


def match(pred: list[dict], incidents: dict[str, dict]) -> dict[int, str]:
    pairs = sorted(((len(p["articles"] & g["articles"]), p["id"], gid) for p in pred for gid, g in incidents.items()
                    if p["articles"] & g["articles"] and _fits(p, g)), reverse=True)
    matched: dict[int, str] = {}
    for _, pid, gid in pairs:
        if pid not in matched and gid not in matched.values():
            matched[pid] = gid
    return matched


def scores(pred: list[dict], incidents: dict[str, dict], matched: dict[int, str], split_of_pred: dict[int, str],
           split: str | None) -> dict:
    in_split = lambda s: split is None or s == split  # noqa: E731
    gold_here = {gid: g for gid, g in incidents.items() if in_split(g["split"])}
    reportable = {gid for gid, g in gold_here.items() if g["reportable"]}
    pred_here = [p for p in pred if in_split(split_of_pred[p["id"]])]
    hits = {pid: gid for pid, gid in matched.items() if gid in gold_here}
    by_id = {p["id"]: p for p in pred}
    day_hits = [(by_id[pid], gold_here[gid]) for pid, gid in hits.items() if gold_here[gid]["time_precision"] == 1]
    return {
        "gold": len(gold_here), "reportable": len(reportable), "predicted": len(pred_here),
        "recall": round(len(set(hits.values()) & reportable) / max(len(reportable), 1), 3),
        "recall_all": round(len(hits) / max(len(gold_here), 1), 3),
        "precision": round(len([p for p in pred_here if p["id"] in hits]) / max(len(pred_here), 1), 3),
        "inflation": round(len(pred_here) / max(len(reportable), 1), 3),
        "exact_date": round(sum(p["event_date"] == g["event_date"] for p, g in day_hits) / max(len(day_hits), 1), 3),
        "claimed_by": round(sum(by_id[pid]["claimed_by"] == gold_here[gid]["claimed_by"] for pid, gid in hits.items())
                            / max(len(hits), 1), 3),
    }


def pred_splits(pred: list[dict], incidents: dict[str, dict], matched: dict[int, str],
                negative_split: dict[str, str]) -> dict[int, str]:
    """A predicted incident belongs to its gold incident's split, else to the split its articles'
    gold incidents or negatives mostly belong to."""
    article_splits: dict[str, list[str]] = defaultdict(list)
    for g in incidents.values():
        for article in g["articles"]:
            article_splits[article].append(g["split"])
    splits = {}
    for p in pred:
        if p["id"] in matched:
            splits[p["id"]] = incidents[matched[p["id"]]]["split"]
            continue
        votes = Counter(s for a in p["articles"] for s in article_splits.get(a) or [negative_split.get(a, "dev")])
        splits[p["id"]] = votes.most_common(1)[0][0] if votes else "dev"
    return splits


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--shared", type=Path, default=REPOSITORY.parent / "shared")
    parser.add_argument("--ant", type=Path, help="the ANT corpus as JSONL (scripts/ant_to_jsonl.py)")
    parser.add_argument("-v", "--verbose", action="store_true",
                        help="print each predicted incident of the dev split and its match, and the missed dev incidents "
                             "(never the held-out ones: rules must not be written looking at them)")
    args = parser.parse_args(argv)
    lines = articles(args.shared, args.ant)
    url_label = {url_key(line["url"]): line["label"] for line in lines}
    with tempfile.TemporaryDirectory() as folder:
        forward, backward = Path(folder) / "forward.db", Path(folder) / "backward.db"
        import_all(lines, forward)
        import_all(lines[::-1], backward)
        order_independent = incident_content(forward) == incident_content(backward)
        pred = predicted(forward, url_label)
    incidents, negative_split = gold()
    matched = match(pred, incidents)
    splits = pred_splits(pred, incidents, matched, negative_split)
    if args.verbose:
        for p in sorted((p for p in pred if splits[p["id"]] == "dev"), key=lambda p: p["key"]):
            print(f"{p['key']:<40} {p['claimed_by'] or '-':<24} {matched.get(p['id'], 'UNMATCHED'):<10} "
                  f"{splits[p['id']]:<8} {sorted(p['articles'])}")
        for gid, g in sorted(incidents.items()):
            if gid not in matched.values() and g["split"] == "dev":
                print(f"missed {gid} {g['event_date']} {g['site']} {g['country']} reportable={g['reportable']} {sorted(g['articles'])}")
    result = {"order_independent": order_independent}
    for split in ("dev", "heldout", None):
        name = split or "all"
        result[name] = scores(pred, incidents, matched, splits, split)
        print(f"{name:<8} " + "  ".join(f"{k} {v}" for k, v in result[name].items()))
    print(f"order independent: {order_independent}")
    print(json.dumps(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())
