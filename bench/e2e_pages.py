"""Article pages for bench/e2e.py: real Arabic news text (the ANT corpus) in real Arabic page shells.

The shells are the seven real pages of the sample web (CNN Arabic, Al Jazeera, Assabah, LBC,
Alfajer TV, Fateh Watan, Sanaa News; 20–500 kB, menus, scripts, related lists and all): each
page keeps its shell's chrome and gets one ANT article's headline and paragraphs in place of the
shell's own. So the benchmark extracts pages as heavy as real ones, with as many different texts
as there are pages (no two pages are copies of one story).
"""

from __future__ import annotations

import json
import re
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import lxml.html

REPOSITORY = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPOSITORY / "scripts"))
from ant_to_jsonl import documents, parse_doc  # noqa: E402

SHELLS = {  # name → page in the sample web
    "cnn": "arabic.cnn.com/2013/middle_east/8/3/syria.clashes/index.html",
    "aljazeera": "www.aljazeera.net/news/politics/2019/9/23/هجوم-أرامكو-إيران-بيان-ثلاثي",
    "assabah": "www.assabah.com.tn/article/164913/الناشط-الحقوقي-السوداني-خالد-عبد-الكريم-ماسا-لـ«الصباح»-كل-الشروط-متوفرة-لثورة",
    "lbc": "www.lbcgroup.tv/news/lifestyle/898682/شعر-وردي-يُشعل-السخرية-لغز-لون-شعر-دونالد-ترامب-يربك-الجمهور-وخبير-يشر/ar",
    "alfajer": "alfajertv.com/news/4037470.html",
    "fatehwatan": "www.fatehwatan.ps/page-183525.html",
    "sanaanews": "www.sanaanews.net/news-66176.htm",
}
MIN_TEXT = 600  # characters: a real article, not a brief


@dataclass(frozen=True)
class BenchPage:
    path: str
    title: str
    body: bytes  # UTF-8 HTML


def ant_articles(corpus: Path) -> Iterator[dict]:
    """ANT articles long enough to be real articles, each text once."""
    seen: set[str] = set()
    for _, raw in documents(corpus):
        doc = parse_doc(raw)
        if doc and doc["title"] and len(doc["text"]) >= MIN_TEXT and doc["text"] not in seen:
            seen.add(doc["text"])
            yield doc


def _shell_tree(name: str):
    path = REPOSITORY / "sample_web/sites" / SHELLS[name]
    raw = path.read_bytes()
    headers = path.with_name(path.name + ".headers.json")
    declared = json.loads(headers.read_text()).get("Content-Type", "") if headers.exists() else ""
    encoding = "windows-1256" if "1256" in declared or b"1256" in raw[:3000].lower() else "utf-8"
    return lxml.html.document_fromstring(raw.decode(encoding, errors="replace"))


def _body_container(tree):
    """The element holding the most article text of its own (in <p> children, or as text broken
    by <br>): the article body."""
    def own_text(element) -> int:
        if not isinstance(element.tag, str) or element.tag in ("script", "style", "head", "html", "body"):
            return 0
        loose = len((element.text or "").strip()) + sum(len((c.tail or "").strip()) for c in element)
        return loose + sum(len(p.text_content()) for p in element if p.tag == "p")
    return max(tree.iter(), key=own_text)


def _replace_text(container, lines: list[str]) -> None:
    removed = [c for c in container if c.tag in ("p", "br")]
    position = container.index(removed[0]) if removed else 0
    for child in removed:
        container.remove(child)
    container.text = None
    for child in container:
        child.tail = None
    for offset, line in enumerate(lines):
        paragraph = lxml.html.Element("p")
        paragraph.text = line
        container.insert(position + offset, paragraph)


def render(name: str, doc: dict, number: int) -> BenchPage:
    tree = _shell_tree(name)
    for element in tree.xpath('//script[@type="application/ld+json"] | //link[@rel="canonical"]'
                              ' | //meta[@charset] | //meta[@http-equiv]'):
        element.getparent().remove(element)
    tree.find(".//head").insert(0, lxml.html.Element("meta", charset="utf-8"))
    title = re.sub(r"\s+", " ", doc["title"]).strip()
    for element in tree.xpath("//title | //h1"):
        element.text, element[:] = title, []
    for meta in tree.xpath('//meta[@property="og:title" or @name="twitter:title"]'):
        meta.set("content", title)
    _replace_text(_body_container(tree), [line.strip() for line in doc["text"].splitlines() if line.strip()])
    html = lxml.html.tostring(tree, encoding="unicode", doctype="<!DOCTYPE html>")
    return BenchPage(f"/{name}/{number}.html", title, html.encode("utf-8"))


def build(corpus: Path, count: int) -> list[BenchPage]:
    """*count* pages, their texts spread evenly over the corpus (every outlet and section)."""
    docs = list(ant_articles(corpus))
    if len(docs) < count:
        raise SystemExit(f"the corpus has only {len(docs)} articles of {MIN_TEXT}+ characters")
    names = list(SHELLS)
    step = len(docs) / count
    return [render(names[number % len(names)], docs[int(number * step)], number) for number in range(count)]
