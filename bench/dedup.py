"""Dedup at scale: the whole ANT corpus through ``rasad import``, and near-duplicate lookups
against 30k, 300k and 1M stored articles.

Usage (one command, everything measured in one run):
    python bench/dedup.py [--ant ../shared/data/ant-corpus/antcorpus.multisource.data-full.tar.gz] [--sizes 30000,300000,1000000]
    python bench/dedup.py --stage-only /tmp/ant.jsonl [--stage-articles 6000]   # the dedup stage alone

Prints, for the import: articles/s of the dedup stage alone (fingerprint + lookup + index, as
the store stage runs them) and of the whole import, story groups found, peak memory, and what a
second import of the same corpus adds (nothing); for the
scaling part (one stored article in 100 a synthetic text, three paragraphs of 40 words drawn
from 50,000 made-up words, the others random signatures and anchors that fill the indexes; half
the probes are stored texts with one word in twenty replaced and a new lead, which the lookup must
find and verify, half new texts): median and p99 lookup time, the near copies found, and the
process's memory at each size. The last line is one JSON object with every figure.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

REPOSITORY = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPOSITORY))

from rasad.analyse import dedup  # noqa: E402
from rasad.store import db as database, near_duplicates  # noqa: E402


def rss_mb() -> float:
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return 0.0


def dedup_stage(texts: list[str], db_path: Path) -> dict:
    """The dedup stage alone, on a fresh database: fingerprint, lookup (verification included) and
    index of every text, in order; articles per second and CPU ms per article."""
    fresh = database.connect(db_path)
    fresh.execute("INSERT INTO sources (id, name) VALUES ('ant', 'ant')")
    started, cpu = time.perf_counter(), time.process_time()
    with database.transaction(fresh):
        for article_id, text in enumerate(texts, start=1):
            fp = dedup.fingerprint(text)
            match = near_duplicates.find_duplicate(fresh, fp)
            # the text is stored: the lookup reads the candidates' texts to verify them
            fresh.execute("INSERT INTO articles (id, url, url_key, canonical_url, source, title, fetched_at, text, "
                          "text_hash, story_id) VALUES (?, ?, ?, ?, 'ant', 't', 'now', ?, ?, ?)",
                          (article_id, f"u{article_id}", f"u{article_id}", f"u{article_id}", text, fp.text_hash,
                           match.story_id if match else article_id))
            near_duplicates.index_article(fresh, article_id, fp)
    return {"articles_s": round(len(texts) / (time.perf_counter() - started), 1),
            "cpu_ms": round((time.process_time() - cpu) / len(texts) * 1000, 2)}


def import_ant(corpus: Path, workdir: Path) -> dict:
    jsonl = workdir / "ant.jsonl"
    subprocess.run([sys.executable, str(REPOSITORY / "scripts" / "ant_to_jsonl.py"), str(corpus), "-o", str(jsonl)],
                   check=True, capture_output=True)
    lines = sum(1 for _ in jsonl.open(encoding="utf-8"))
    db_path = workdir / "ant.db"
    started = time.perf_counter()
    subprocess.run([sys.executable, "-m", "rasad", "import", str(jsonl), "--source", "ant-corpus", "--db", str(db_path)],
                   check=True, capture_output=True, cwd=REPOSITORY)
    import_seconds = time.perf_counter() - started
    peak_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    # The same corpus again: every line is a stored URL, nothing is added.
    started = time.perf_counter()
    second = subprocess.run([sys.executable, "-m", "rasad", "import", str(jsonl), "--source", "ant-corpus",
                             "--db", str(db_path)], check=True, capture_output=True, text=True, cwd=REPOSITORY)
    second_seconds = time.perf_counter() - started
    db = database.connect(db_path)
    stored = db.execute("SELECT count(*) FROM articles").fetchone()[0]
    groups = db.execute("SELECT count(*) FROM (SELECT story_id FROM articles GROUP BY story_id HAVING count(*) > 1)").fetchone()[0]
    in_groups = db.execute("SELECT count(*) FROM articles WHERE duplicate_of IS NOT NULL").fetchone()[0]
    exact = db.execute("SELECT count(*) FROM articles WHERE similarity = 1.0").fetchone()[0]
    texts = [json.loads(line)["text"] for line in jsonl.open(encoding="utf-8")]
    stage = dedup_stage(texts, workdir / "dedup-only.db")
    return {
        "ant_lines": lines, "ant_stored": stored, "ant_already_stored": lines - stored,
        "ant_import_articles_s": round(lines / import_seconds, 1), "ant_import_seconds": round(import_seconds, 1),
        "ant_dedup_stage_articles_s": stage["articles_s"], "ant_dedup_stage_cpu_ms": stage["cpu_ms"],
        "ant_story_groups": groups, "ant_copies": in_groups, "ant_exact_copies": exact,
        "ant_import_peak_rss_mb": round(peak_mb, 1),
        "ant_second_import": second.stdout.strip(), "ant_second_import_seconds": round(second_seconds, 1),
    }


_LETTERS = np.array(list("ابتثجحخدذرزسشصضطظعغفقكلمنهوي"))
PARAGRAPHS, PARAGRAPH_WORDS = 3, 40


def vocabulary(rng: np.random.Generator, size: int = 50_000) -> np.ndarray:
    return np.array(["".join(rng.choice(_LETTERS, rng.integers(3, 8))) for _ in range(size)])


def synthetic_text(rng: np.random.Generator, words: np.ndarray) -> str:
    return "\n".join(" ".join(rng.choice(words, PARAGRAPH_WORDS)) for _ in range(PARAGRAPHS))


REAL_EVERY = 100  # one stored article in this many has a text; the others only fill the indexes


def fill(db, start: int, stop: int, rng: np.random.Generator, words: np.ndarray) -> None:
    """Articles *start* to *stop*: one in REAL_EVERY a synthetic text, fingerprinted and indexed as
    rasad does; the others random signatures and anchors (as many as a text of that length has),
    which fill the indexes as much but never match."""
    anchors_per_text = len(dedup.fingerprint(synthetic_text(rng, words)).anchors)
    batch = 20_000
    for first in range(start, stop, batch):
        last = min(first + batch, stop)
        real = {i: synthetic_text(rng, words) for i in range(first, last) if i % REAL_EVERY == 0}
        fingerprints = {i: dedup.fingerprint(text) for i, text in real.items()}
        filler = [i for i in range(first, last) if i not in real]
        signatures = rng.integers(0, 2**32 - 1, size=(len(filler), dedup.NUM_PERM), dtype=np.uint32)
        anchors = rng.integers(-2**63, 2**63 - 1, size=(len(filler), anchors_per_text), dtype=np.int64)
        for i, signature, random_anchors in zip(filler, signatures, anchors):
            fingerprints[i] = dedup.Fingerprint(f"h{i}", signature, (dedup.Paragraph(frozenset(random_anchors.tolist()),
                                                                                        frozenset()),))
        with database.transaction(db):
            db.conn.executemany(
                "INSERT INTO articles (id, url, url_key, canonical_url, source, title, fetched_at, text, text_hash, story_id) "
                "VALUES (?, ?, ?, ?, 'synthetic', 't', 'now', ?, ?, ?)",
                ((i, f"s{i}", f"s{i}", f"s{i}", real.get(i, ""), fingerprints[i].text_hash, i) for i in range(first, last)))
            for i in range(first, last):
                near_duplicates.index_article(db, i, fingerprints[i])


def lookups(db, rng: np.random.Generator, words: np.ndarray, n: int = 2000) -> dict:
    stored = db.execute(f"SELECT text FROM articles WHERE id % {REAL_EVERY} = 0 ORDER BY random() LIMIT ?", (n // 2,)).fetchall()
    probes = []
    for (text,) in stored:  # near copies of stored texts: one word in twenty replaced, and a new lead
        tokens = text.split(" ")
        for i in np.flatnonzero(rng.random(len(tokens)) < 0.05):
            tokens[i] = str(rng.choice(words))
        probes.append(" ".join(rng.choice(words, PARAGRAPH_WORDS // 2)) + "\n" + " ".join(tokens))
    probes += [synthetic_text(rng, words) for _ in range(n - len(probes))]
    times, found = [], 0
    for text in probes:
        fp = dedup.fingerprint(text)
        started = time.perf_counter()
        match = near_duplicates.find_duplicate(db, fp)
        times.append((time.perf_counter() - started) * 1000)
        found += match is not None
    times.sort()
    return {"median_ms": round(statistics.median(times), 3), "p99_ms": round(times[int(len(times) * 0.99)], 3),
            "near_copies_found": f"{found}/{len(stored)}", "rss_mb": round(rss_mb(), 1)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--ant", type=Path,
                        default=REPOSITORY.parent / "shared/data/ant-corpus/antcorpus.multisource.data-full.tar.gz")
    parser.add_argument("--sizes", default="30000,300000,1000000")
    parser.add_argument("--stage-only", type=Path, metavar="ANT_JSONL",
                        help="only the dedup stage, on the first --stage-articles texts of this JSONL")
    parser.add_argument("--stage-articles", type=int, default=6000)
    args = parser.parse_args()
    if args.stage_only:
        with args.stage_only.open(encoding="utf-8") as lines, tempfile.TemporaryDirectory() as tmp:
            texts = [json.loads(line)["text"] for _, line in zip(range(args.stage_articles), lines)]
            print(json.dumps({"dedup_stage": dedup_stage(texts, Path(tmp) / "stage.db"), "articles": len(texts)}))
        return
    results: dict = {}
    with tempfile.TemporaryDirectory() as tmp:
        workdir = Path(tmp)
        if args.ant.exists():
            print(f"importing the ANT corpus from {args.ant} ...", flush=True)
            results.update(import_ant(args.ant, workdir))
            for key, value in results.items():
                print(f"  {key}: {value}")
        else:
            print(f"ANT corpus not found at {args.ant}: import part skipped")
        rng = np.random.default_rng(1)
        words = vocabulary(rng)
        db = database.connect(workdir / "scale.db")
        db.execute("INSERT INTO sources (id, name) VALUES ('synthetic', 'synthetic')")
        stored = 0
        for size in (int(s) for s in args.sizes.split(",")):
            started = time.perf_counter()
            fill(db, stored + 1, size + 1, rng, words)
            stored = size
            figures = lookups(db, rng, words)
            figures["fill_s"] = round(time.perf_counter() - started, 1)
            figures["db_mb"] = round(os.path.getsize(workdir / "scale.db") / 2**20)
            results[f"lookup_{size}"] = figures
            print(f"  {size:>9} articles: lookup median {figures['median_ms']} ms, p99 {figures['p99_ms']} ms, "
                  f"near copies found {figures['near_copies_found']}, RSS {figures['rss_mb']} MB, "
                  f"database {figures['db_mb']} MB", flush=True)
    print(json.dumps(results))


if __name__ == "__main__":
    main()
