"""Extraction in two tiers against the full tier alone (rasad before the tiers), page by page.

    python bench/extraction_tiers.py [--shared ../shared] > bench/extraction_tiers.txt

Runs ``rasad.extract.extraction.extract`` on every page twice: with ``full=True`` (trafilatura's full
extraction alone: the old path, ``RASAD_EXTRACTION=full``) and by default (the fast tier, the
full one where the fast text is in doubt). The text scored is rasad's article text, empty when
the page is refused as no article. Three sets:

  scrapinghub  the article-extraction benchmark (../shared/data/extraction-benchmark, 181 pages,
               gold article bodies);
  arabic-html  every page of ../shared/data/arabic-html: gold text where its repository gives one
               (fundus, newspaper4k), snippets that must and must not be in the text where it gives
               those (goose3's opening, trafilatura's for assabah), and for every page the checks
               of its golden file in tests/golden
               (the sample web holds the same bytes): opening of the text, page chrome kept out;
  sample_web   every HTML page of the sample web against its golden file (an article's opening
               and chrome, or not an article at all).

Token F1: the gold text's and the extracted text's words (``\\w+``, lower-cased) as bags;
2 x common / (gold + extracted). Checks: how many of a page's snippet checks hold. Prints, per
set, the pages, the fallbacks to the full tier (by doubt), the mean F1 and checks held of both
paths and their CPU time per page (noisy on a shared machine: the ratio within one run is what
counts), then every page whose text changes with both scores, and every page whose other
fields (title, dates, author, ...) change; ends with one JSON line.
"""

from __future__ import annotations

import argparse
import bz2
import gzip
import json
import re
import sys
import time
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

REPOSITORY = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPOSITORY))

from rasad.base.paths import SAMPLE_WEB  # noqa: E402
from rasad.extract.extraction import Article, extract  # noqa: E402
from tests.golden import GOLDEN  # noqa: E402

_WORD = re.compile(r"\w+")
_SPACE = re.compile(r"\s+")
# arabic-html page → (its file in the sample web, where its gold text is, how to read it)
ARABIC_HTML = {
    "fundus-lb/tests/resources/parser/test_data/lb/LBCGroup_2026_01_08.html.gz": (
        "www.lbcgroup.tv/news/lifestyle/898682/شعر-وردي-يُشعل-السخرية-لغز-لون-شعر-دونالد-ترامب-يربك-الجمهور-وخبير-يشر/ar",
        "fundus-lb/tests/resources/parser/test_data/lb/LBCGroup.json", "fundus"),
    "goose3/tests/data/content/test_cnn_arabic.html": (
        "arabic.cnn.com/2013/middle_east/8/3/syria.clashes/index.html", "goose3/tests/data/content/test_cnn_arabic.json",
        "goose3"),
    "newspaper4k/tests/data/html/arabic_article.html": (
        "arabic.cnn.com/2013/middle_east/8/3/syria.clashes/index.html", "newspaper4k/tests/data/txt/arabic_article.txt",
        "text"),
    "trafilatura/tests/eval/assabah.com.tn.article.html": (
        "www.assabah.com.tn/article/164913/الناشط-الحقوقي-السوداني-خالد-عبد-الكريم-ماسا-لـ«الصباح»-كل-الشروط-متوفرة-لثورة",
        "trafilatura/tests/evaldata_assabah_only.json", "snippets"),
    "guessenc/data/html/httpalfajertvcomnews4037470html.bz2": ("alfajertv.com/news/4037470.html", None, None),
    "guessenc/data/html/httpswwwaljazeeranetnewspolitics2019923d987d8acd988d985-d8a3d8b1d8a7d985d983d988-d8a5d98ad8b1d8a7d986-d8a8d98ad8a7d986-d8abd984d8a7d8abd98a.bz2": (
        "www.aljazeera.net/news/politics/2019/9/23/هجوم-أرامكو-إيران-بيان-ثلاثي", None, None),
    "guessenc/data/html/httpwwwfatehwatanpspage-183525html.bz2": ("www.fatehwatan.ps/page-183525.html", None, None),
    "guessenc/data/html/httpwwwsanaanewsnetnews-66176htm.bz2": ("www.sanaanews.net/news-66176.htm", None, None),
}


@dataclass
class Page:
    name: str
    url: str
    body: bytes
    headers: dict
    gold: str | None = None  # the article's whole text
    present: list[str] = field(default_factory=list)  # snippets the text must hold
    absent: list[str] = field(default_factory=list)  # snippets it must not
    opening: str | None = None  # the text must start so
    article: bool = True


def token_f1(gold: str, extracted: str) -> float:
    gold_words, words = Counter(_WORD.findall(gold.lower())), Counter(_WORD.findall(extracted.lower()))
    total = sum(gold_words.values()) + sum(words.values())
    return 2 * sum((gold_words & words).values()) / total if total else 1.0


def squash(text: str) -> str:
    return _SPACE.sub(" ", text).strip()


def checks(page: Page, text: str | None) -> tuple[int, int]:
    """(checks held, checks) of *text* (None: not an article) against the page's snippets."""
    if not page.article:
        return int(text is None), 1
    text = squash(text or "")
    held = [squash(s) in text for s in page.present] + [squash(s) not in text for s in page.absent]
    if page.opening is not None:
        held.append(text.startswith(squash(page.opening)))
    return sum(held), len(held)


def golden_checks(page: Page, expected: dict) -> Page:
    page.article = expected["is_article"]
    page.opening = expected.get("text_start")
    page.absent += expected.get("boilerplate", [])
    return page


def goldens_by_file() -> dict[str, dict]:
    return {expected["file"]: expected for expected in
            (json.loads(path.read_text(encoding="utf-8")) for path in sorted((GOLDEN / "sample_web").rglob("*.json")))}


def headers_of(file: str) -> dict:
    sidecar = SAMPLE_WEB / (file + ".headers.json")
    return json.loads(sidecar.read_text()) if sidecar.exists() else {"Content-Type": "text/html; charset=utf-8"}


def scrapinghub(shared: Path) -> Iterator[Page]:
    folder = shared / "data/extraction-benchmark"
    for key, truth in json.loads((folder / "ground-truth.json").read_text(encoding="utf-8")).items():
        body = gzip.decompress((folder / f"html/{key}.html.gz").read_bytes())
        yield Page(key[:12], truth["url"], body, {"Content-Type": "text/html"}, gold=truth["articleBody"])


def arabic_html(shared: Path) -> Iterator[Page]:
    folder, goldens = shared / "data/arabic-html", goldens_by_file()
    on_disk = {str(p.relative_to(folder)) for p in folder.rglob("*") if p.suffix in (".html", ".gz", ".bz2")
               and "html" in str(p)}
    if unknown := on_disk - set(ARABIC_HTML):
        raise SystemExit(f"pages of {folder} this script does not know: {sorted(unknown)}")
    for path, (file, gold_path, kind) in ARABIC_HTML.items():
        raw = (folder / path).read_bytes()
        body = gzip.decompress(raw) if path.endswith(".gz") else bz2.decompress(raw) if path.endswith(".bz2") else raw
        expected = goldens[file]
        page = golden_checks(Page(path.split("/")[0] + ":" + Path(path).name[:40], expected["url"], body,
                                  headers_of(file)), expected)
        gold = json.loads((folder / gold_path).read_text(encoding="utf-8")) if kind in ("fundus", "goose3", "snippets") \
            else (folder / gold_path).read_text(encoding="utf-8") if kind == "text" else None
        if kind == "fundus":
            body_ = gold["V1"]["body"]
            page.gold = "\n".join([*body_["summary"], *(p for s in body_["sections"] for p in [*s["headline"], *s["paragraphs"]])])
        elif kind == "goose3":  # the article's opening only
            page.present.append(gold["expected"]["cleaned_text"])
        elif kind == "text":
            page.gold = gold
        elif kind == "snippets":
            (entry,) = gold.values()
            page.present += entry["with"]
            page.absent += entry["without"]
        yield page


def sample_web() -> Iterator[Page]:
    for file, expected in goldens_by_file().items():
        yield golden_checks(Page(file[:60], expected["url"], (SAMPLE_WEB / file).read_bytes(), headers_of(file)),
                            expected)


@dataclass
class Outcome:
    text: str | None  # None: not an article
    fields: dict  # everything extract() says of the page but the tier: title, dates, author... or why no article
    tier: str | None
    doubt: str | None
    seconds: float


def run(page: Page, full: bool) -> Outcome:
    started = time.process_time()
    result = extract(page.url, page.body, page.headers, full=full)
    seconds = time.process_time() - started
    fields = {k: v for k, v in vars(result).items() if k not in ("tier", "doubt")}
    return Outcome(result.text if isinstance(result, Article) else None, fields, result.tier, result.doubt, seconds)


def compare(name: str, pages: list[Page]) -> dict:
    for page in pages[:3]:  # warm up: imports, caches
        run(page, True)
    old_f1 = new_f1 = 0.0
    old_held = new_held = total_checks = golds = 0
    old_seconds = new_seconds = 0.0
    doubts: Counter = Counter()
    changed, fields_changed = [], []
    for page in pages:
        old, new = run(page, True), run(page, False)
        old_seconds += old.seconds
        new_seconds += new.seconds
        if new.doubt:
            doubts[new.doubt] += 1
        scores = {}
        if page.gold is not None:
            golds += 1
            scores["f1"] = (token_f1(page.gold, old.text or ""), token_f1(page.gold, new.text or ""))
            old_f1 += scores["f1"][0]
            new_f1 += scores["f1"][1]
        (held_old, count), (held_new, _) = checks(page, old.text), checks(page, new.text)
        if count:
            scores["checks"] = (f"{held_old}/{count}", f"{held_new}/{count}")
            old_held, new_held, total_checks = old_held + held_old, new_held + held_new, total_checks + count
        if old.text != new.text:
            changed.append((page, old, new, scores))
        elif old.fields != new.fields:
            fields_changed.append((page, [k for k in old.fields if old.fields[k] != new.fields.get(k)]))
    n = len(pages)
    figures = {
        "pages": n, "fallbacks": sum(doubts.values()), "fallback_rate": round(sum(doubts.values()) / n, 3),
        "fallbacks_by_doubt": dict(doubts.most_common()), "pages_with_gold_text": golds,
        "f1_full": round(old_f1 / golds, 4) if golds else None, "f1_two_tier": round(new_f1 / golds, 4) if golds else None,
        "checks": total_checks, "checks_held_full": old_held, "checks_held_two_tier": new_held,
        "cpu_ms_per_page_full": round(old_seconds * 1000 / n, 1), "cpu_ms_per_page_two_tier": round(new_seconds * 1000 / n, 1),
        "text_changed": len(changed), "other_fields_changed": len(fields_changed),
    }
    print(f"\n== {name}: {n} pages, {figures['fallbacks']} fell back to the full tier "
          f"({figures['fallback_rate']:.1%}; {', '.join(f'{k} {v}' for k, v in doubts.most_common()) or 'none'})")
    if golds:
        print(f"   token F1 over {golds} pages with a gold text: full tier alone {figures['f1_full']:.4f}, "
              f"two tiers {figures['f1_two_tier']:.4f}")
    if total_checks:
        print(f"   snippet checks held: full tier alone {old_held}/{total_checks}, two tiers {new_held}/{total_checks}")
    print(f"   CPU per page: full tier alone {figures['cpu_ms_per_page_full']} ms, two tiers "
          f"{figures['cpu_ms_per_page_two_tier']} ms (ratio {old_seconds / max(new_seconds, 1e-9):.2f})")
    print(f"   pages whose text changes: {len(changed)}; whose other fields (title, date, author, ...) "
          f"change: {len(fields_changed)}")
    for page, names in fields_changed:
        print(f"   {page.name}: {', '.join(names)} changed")
    for page, old, new, scores in changed:
        said = "; ".join(f"{k} {a if isinstance(a, str) else f'{a:.3f}'} -> {b if isinstance(b, str) else f'{b:.3f}'}"
                         for k, (a, b) in scores.items())
        print(f"   {page.name}: {len(old.text or '')} -> {len(new.text or '')} characters "
              f"(tier {new.tier}{', doubt ' + new.doubt if new.doubt else ''}); {said or 'no gold'}")
    return figures


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--shared", type=Path, default=REPOSITORY.parent / "shared")
    args = parser.parse_args(argv)
    results = {name: compare(name, list(pages)) for name, pages in (
        ("scrapinghub", scrapinghub(args.shared)), ("arabic-html", arabic_html(args.shared)), ("sample_web", sample_web()))}
    print(json.dumps(results))
    return 0


if __name__ == "__main__":
    sys.exit(main())
