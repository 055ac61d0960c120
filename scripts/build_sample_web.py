#!/usr/bin/env python3
"""Build the rasad "sample web": a static copy of five Arabic news outlets plus real Arabic pages.

The sample web is what `rasad demo` and the end-to-end tests crawl instead of the internet.  A small
HTTP server serves ``sample_web/sites/<host>/<path>`` by Host header (see ``sample_web/README.md`` for
the URL -> file contract).  This script writes, from the read-only ``shared/`` material:

* ``sample_web/sites/<host>/...``  - for each outlet of ``sources.toml`` (Ugarit Post, Youm7,
  Enab Baladi, Al-Quds Al-Arabi, Erem News): its feeds, sitemaps, section pages, robots.txt, home page,
  article pages (seed texts of the project + ANT corpus articles, one wire story republished twice)
  and non-article pages (about, contact, tag, author, video pages), each outlet with its own page
  chrome; plus the real Arabic pages of ``shared/data/arabic-html`` under their real host and path,
  bytes unchanged (windows-1256 pages stay windows-1256).
* ``tests/golden/sample_web/<host>/<name>.json`` - the expected result for every HTML page.
* ``sample_web/README.md`` - what the sample web is, its sources and licences.

Then it checks its own output (and exits non-zero when a check fails): every feed and sitemap parses
as XML (the .gz after decompressing), every URL linked from a feed, sitemap, section or listing page
resolves to a file, every outlet page is reachable from the outlet's entry points, robots.txt blocks
exactly the print page, golden strings are present in their pages, and the total size stays under
3 MB.  Output is deterministic: no clock, no unseeded randomness; running it twice gives the same
bytes.

Standard library only.  Run from anywhere:

    python scripts/build_sample_web.py [--shared ../shared]

``--shared`` defaults to ``<repo>/../shared``.
"""

from __future__ import annotations

import argparse
import bz2
import gzip
import hashlib
import html
import json
import random
import re
import shutil
import sys
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from email.utils import format_datetime, parsedate_to_datetime
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import quote, unquote, urljoin, urlsplit
from urllib.robotparser import RobotFileParser

REPO = Path(__file__).resolve().parent.parent
SITES_REL = Path("sample_web/sites")
GOLDEN_REL = Path("tests/golden/sample_web")
README_REL = Path("sample_web/README.md")
MAX_BYTES = 3 * 1024 * 1024
RNG = random.Random(20240422)  # only used for cosmetic numbers (view counts); fixed seed

UTC = timezone.utc


def tzh(hours: int) -> timezone:
    return timezone(timedelta(hours=hours))


# --------------------------------------------------------------------------------------------
# small helpers
# --------------------------------------------------------------------------------------------

AR_WEEKDAYS = ["الاثنين", "الثلاثاء", "الأربعاء", "الخميس", "الجمعة", "السبت", "الأحد"]
LEVANT_MONTHS = ["كانون الثاني", "شباط", "آذار", "نيسان", "أيار", "حزيران", "تموز", "آب", "أيلول",
                 "تشرين الأول", "تشرين الثاني", "كانون الأول"]
EGYPT_MONTHS = ["يناير", "فبراير", "مارس", "أبريل", "مايو", "يونيو", "يوليو", "أغسطس", "سبتمبر",
                "أكتوبر", "نوفمبر", "ديسمبر"]
URL_SAFE = "/-._~!$&'()*+,;=:@"


def esc(s: str) -> str:
    return html.escape(s, quote=True)


def xesc(s: str) -> str:
    return html.escape(s, quote=False)


def norm_ws(s: str) -> str:
    return " ".join(s.split())


def iso(dt: datetime) -> str:
    return dt.isoformat(timespec="seconds")


def iso_utc_z(dt: datetime) -> str:
    return dt.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def rfc2822(dt: datetime) -> str:
    return format_datetime(dt)


def h12(dt: datetime) -> tuple[int, str]:
    h = dt.hour % 12 or 12
    return h, ("ص" if dt.hour < 12 else "م")


def encode_url(url: str) -> str:
    """Percent-encode the path (UTF-8, upper-case hex) of an absolute URL; keep the query as is."""
    p = urlsplit(url)
    path = quote(unquote(p.path), safe=URL_SAFE)
    out = f"{p.scheme}://{p.netloc}{path}"
    if p.query:
        out += "?" + p.query
    return out


def url_to_rel(url: str) -> str:
    """The server contract: URL -> file path relative to sample_web/sites."""
    p = urlsplit(url)
    path = unquote(p.path, encoding="utf-8", errors="strict") or "/"
    if path.endswith("/"):
        path += "index.html"
    rel = (p.hostname or "") + path
    if p.query:
        rel += "@" + p.query
    return rel


DIACRITICS = re.compile("[\u064b-\u065f\u0670\u0640]")


def slugify_ar(title: str, maxwords: int = 8) -> str:
    s = DIACRITICS.sub("", title)
    s = re.sub(r"[^\w\s-]", " ", s)
    words = [w for w in re.split(r"[\s_\-]+", s) if w]
    return "-".join(words[:maxwords])


def golden_name(url: str) -> str:
    p = urlsplit(url)
    s = unquote(p.path) + (("@" + p.query) if p.query else "")
    ascii_part = re.sub(r"[^A-Za-z0-9]+", "-", s).strip("-").lower()
    if any(ord(c) > 127 for c in s):
        h = hashlib.sha1(s.encode("utf-8")).hexdigest()[:8]
        ascii_part = f"{ascii_part}-{h}" if ascii_part else f"p-{h}"
    return ascii_part or "index"


def date_levant(dt: datetime) -> str:
    return f"{dt.day} {LEVANT_MONTHS[dt.month - 1]} {dt.year}"


def date_egypt(dt: datetime) -> str:
    return f"{dt.day} {EGYPT_MONTHS[dt.month - 1]} {dt.year}"


class Fail(Exception):
    pass


def check(cond: bool, msg: str) -> None:
    if not cond:
        raise Fail(msg)


# --------------------------------------------------------------------------------------------
# HTML inspection (for the self-checks)
# --------------------------------------------------------------------------------------------

class PageScan(HTMLParser):
    """Collects <a href> (with a flag: inside <main>?) and the visible text of a page."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.links: list[tuple[str, bool]] = []
        self.text_parts: list[str] = []
        self._main = 0
        self._skip = 0

    def handle_starttag(self, tag, attrs):
        if tag == "main":
            self._main += 1
        if tag in ("script", "style"):
            self._skip += 1
        if tag == "a":
            href = dict(attrs).get("href")
            if href:
                self.links.append((href, self._main > 0))

    def handle_endtag(self, tag):
        if tag == "main" and self._main:
            self._main -= 1
        if tag in ("script", "style") and self._skip:
            self._skip -= 1

    def handle_data(self, data):
        if not self._skip:
            self.text_parts.append(data)

    @property
    def text(self) -> str:
        return "".join(self.text_parts)


def scan_html(data: bytes, encoding: str = "utf-8") -> PageScan:
    p = PageScan()
    p.feed(data.decode(encoding))
    p.close()
    return p


# --------------------------------------------------------------------------------------------
# content model
# --------------------------------------------------------------------------------------------

@dataclass
class Art:
    outlet: str
    key: str                      # seed-000 / ANT DOCNO / ...
    title: str
    blocks: list[tuple[str, str]]  # (kind, text): p | h2 | h3 | credit | readalso
    published: datetime
    author: str
    summary: str
    section: str                  # news | sport | economy | culture | tech | video
    date_mode: str                # jsonld | time | text
    kind: str = "article"         # article | video | print
    caption: str = ""
    origin: str = ""
    post_id: int = 0
    url: str = ""
    tags: list[str] = field(default_factory=list)
    video_id: str = ""

    @property
    def first_para(self) -> str:
        return next(t for k, t in self.blocks if k == "p")

    @property
    def modified(self) -> datetime:
        m = self.published + timedelta(minutes=85)
        if m.date() != self.published.date() or m.astimezone(UTC).date() != self.published.date():
            return self.published
        return m


def blocks_from_lines(lines: list[str], heading: str = "h3") -> list[tuple[str, str]]:
    out: list[tuple[str, str]] = []
    for raw in lines:
        line = raw.strip()
        if not line:
            continue
        if line.startswith("إعداد:"):
            out.append(("credit", line))
        elif line.startswith("اقرأ أيضًا:") or line.startswith("اقرأ أيضاً:"):
            out.append(("readalso", line))
        elif len(line) < 80 and not line.endswith((".", "،", ":", "؟", "\"", "”")):
            out.append((heading, line))
        else:
            out.append(("p", line))
    return out


def read_seed(shared: Path, num: int) -> list[str]:
    files = sorted((shared / "seeds").glob(f"{num:03d}_*.txt"))
    check(len(files) == 1, f"seed {num:03d} not found")
    return files[0].read_text("utf-8").splitlines()


def read_ant(shared: Path, rel: str) -> dict:
    path = shared / "data/ant-corpus/sample" / f"{rel}.txt"
    t = path.read_text("utf-8")

    def g(k: str) -> str:
        m = re.search(rf"<{k}>(.*?)</{k}>", t, re.S)
        check(m is not None, f"{rel}: no <{k}>")
        return m.group(1).strip()

    dt = parsedate_to_datetime(g("TIME"))
    check(dt.tzinfo is not None, f"{rel}: naive TIME")
    # the golden date is the date of TIME as written; avoid articles where UTC disagrees
    check(dt.date() == dt.astimezone(UTC).date(), f"{rel}: TIME date differs from its UTC date")
    paras = [norm_ws(l) for l in g("TEXT").splitlines() if l.strip()]
    return {
        "docno": g("DOCNO"), "url": g("URL"), "title": norm_ws(g("TITLE")), "time": dt,
        "author": norm_ws(g("AUTHOR")), "abstract": norm_ws(g("ABSTRACT")), "paras": paras,
        "rel": rel,
    }


# ANT articles used (sample/<Outlet>/<category>/<DOCNO>); each used once, except the wire story.
ON_TOPIC = {
    "ugarit-post": ["CNN/middleEast/CN-middleEast-10-20180218",
                    "France24/middleEast/FR-middleEast-111-20180306",
                    "BBC/middleEast/BB-middleEast-10-20180216"],
    "youm7": ["SkyNews/middleEast/SK-middleEast-1015-20180414",
              "SkyNews/middleEast/SK-middleEast-1001-20180413",
              "SkyNews/middleEast/SK-middleEast-1002-20180413"],
    "enab-baladi": ["BBC/middleEast/BB-middleEast-1006-20181001",
                    "France24/middleEast/FR-middleEast-114-20180306",
                    "SkyNews/middleEast/SK-middleEast-1010-20180413"],
    "alquds-alarabi": ["BBC/middleEast/BB-middleEast-1011-20180928",
                       "SkyNews/middleEast/SK-middleEast-1013-20180414",
                       "CNN/middleEast/CN-middleEast-1006-20180523"],
    "erem-news": ["SkyNews/middleEast/SK-middleEast-1009-20180413",
                  "SkyNews/middleEast/SK-middleEast-1007-20180413",
                  "BBC/middleEast/BB-middleEast-1004-20181001"],
}
OFF_TOPIC = {  # sport, economy, culture, technology
    "ugarit-post": ["SkyNews/sport/SK-sport-1003-20180505", "SkyNews/economy/SK-economy-1005-20180718",
                    "Alarabia/culture/AL-culture-112-20180302",
                    "SkyNews/technology/SK-technology-1007-20180629"],
    "youm7": ["SkyNews/sport/SK-sport-1012-20180504", "Alarabia/economy/AL-economy-1003-20170216",
              "Alarabia/culture/AL-culture-109-20180301", "SkyNews/technology/SK-technology-1003-20180628"],
    "enab-baladi": ["France24/sport/FR-sport-116-20180527", "SkyNews/economy/SK-economy-1011-20180719",
                    "BBC/culture/BB-culture-102-20180407", "Alarabia/technology/AL-technology-1-20180218"],
    "alquds-alarabi": ["France24/sport/FR-sport-114-20180526", "Alarabia/economy/AL-economy-1012-20180712",
                       "BBC/culture/BB-culture-104-20180408",
                       "SkyNews/technology/SK-technology-1012-20180629"],
    "erem-news": ["SkyNews/sport/SK-sport-1014-20180504", "SkyNews/economy/SK-economy-1010-20180719",
                  "BBC/culture/BB-culture-107-20180410", "SkyNews/technology/SK-technology-1014-20180630"],
}
OFF_SECTIONS = ["sport", "economy", "culture", "tech"]
WIRE = "France24/internationalNews/FR-internationalNews-1001-20180430"   # on youm7 and alquds-alarabi
PRINT_ONLY = "CNN/middleEast/CN-middleEast-1015-20180524"                  # enab-baladi /print/ page

# How each article shows its date: seed first, then the 3 on-topic, then the 4 off-topic (+ wire).
DATE_MODES = {
    "ugarit-post": ["text", "jsonld", "time", "jsonld", "time", "text", "jsonld", "time"],
    "youm7": ["text", "time", "jsonld", "text", "jsonld", "time", "jsonld", "text", "jsonld"],
    "enab-baladi": ["time", "jsonld", "text", "time", "jsonld", "time", "text", "jsonld"],
    "alquds-alarabi": ["jsonld", "time", "text", "jsonld", "time", "jsonld", "text", "time", "time"],
    "erem-news": ["jsonld", "text", "time", "jsonld", "time", "text", "jsonld", "jsonld"],
}


def ant_article(outlet: str, a: dict, section: str, mode: str, default_author: str) -> Art:
    return Art(outlet=outlet, key=a["docno"], title=a["title"], blocks=[("p", p) for p in a["paras"]],
               published=a["time"], author=a["author"] or default_author, summary=a["abstract"],
               section=section, date_mode=mode, origin=f"ANT corpus v2.1 {a['rel']}.txt ({a['url']})")


def build_content(shared: Path) -> dict[str, list[Art]]:
    """All pages with text, per outlet (articles, the video pages and the print page)."""
    used: set[str] = set()

    def ant(rel: str) -> dict:
        check(rel not in used, f"ANT article used twice: {rel}")
        used.add(rel)
        return read_ant(shared, rel)

    out: dict[str, list[Art]] = {k: [] for k in ON_TOPIC}
    defaults = {"ugarit-post": "أوغاريت بوست", "youm7": "وكالات", "enab-baladi": "عنب بلدي",
                "alquds-alarabi": "القدس العربي", "erem-news": "إرم نيوز"}

    # --- seed 000: Ugarit Post, April 2024 (the text: attacks resumed after ~2 months, the night
    # of Sunday-Monday after al-Sudani's Washington visit -> Monday 22 April 2024)
    s0 = [l for l in read_seed(shared, 0) if l.strip()]
    check(s0[0].startswith("أوغاريت بوست (مركز الأخبار)"), "seed 000 changed")
    out["ugarit-post"].append(Art(
        outlet="ugarit-post", key="seed-000",
        # the seed has no headline line: this one is written from its lead (see README)
        title="بعد توقف دام شهرين.. عودة الهجمات على قواعد التحالف الدولي في سوريا والعراق",
        blocks=blocks_from_lines(s0), published=datetime(2024, 4, 22, 14, 35, tzinfo=tzh(3)),
        author="علي ابراهيم", summary=s0[0][:220], section="news", date_mode="", origin="seed 000",
        caption="صورة أرشيفية لقوات التحالف الدولي في ريف الحسكة",
        tags=["التحالف الدولي", "عين الأسد", "المقاومة الإسلامية"]))

    # --- seed 001: Youm7 (AFP copy), Wednesday 5 January 2022
    s1 = [l for l in read_seed(shared, 1) if l.strip()]
    out["youm7"].append(Art(
        outlet="youm7", key="seed-001", title=norm_ws(s1[0]), blocks=[("p", l.strip()) for l in s1[1:]],
        published=datetime(2022, 1, 5, 15, 15, tzinfo=tzh(2)), author="أ ف ب", summary=s1[1][:220],
        section="news", date_mode="", origin="seed 001", caption="قاعدة عين الأسد - أرشيفية",
        tags=["التحالف الدولى", "عين الأسد", "العراق", "سوريا"]))

    # --- seed 002: Enab Baladi, «اليوم، الاثنين 5 من شباط» -> Monday 5 February 2024
    s2 = [l for l in read_seed(shared, 2) if l.strip()]
    end = next(i for i, l in enumerate(s2) if l.startswith("اذا كنت تعتقد"))
    check([l.strip() for l in s2[end:]][-1] == "تابعنا على :", "seed 002 footer changed")
    out["enab-baladi"].append(Art(
        outlet="enab-baladi", key="seed-002", title=norm_ws(s2[0]), blocks=blocks_from_lines(s2[1:end], "h2"),
        published=datetime(2024, 2, 5, 17, 20, tzinfo=tzh(3)), author="عنب بلدي", summary=s2[1][:220],
        section="news", date_mode="", origin="seed 002",
        caption="عناصر من القوات الأمريكية في قاعدة شرقي سوريا (تعبيرية)",
        tags=["التحالف الدولي", "حقل العمر", "البرج 22"]))

    # --- seed 003: Al-Quds Al-Arabi; «أمس الثلاثاء» after the Monday 30 Oct Pentagon briefing
    # -> Wednesday 1 November 2023.  Trailing signature + comment form are page chrome.
    s3 = [l.strip() for l in read_seed(shared, 3) if l.strip()]
    end = s3.index("القدس العربي")
    check(s3[end + 1:] == ["اترك تعليقاً", "لن يتم نشر عنوان بريدك الإلكتروني.",
                           "هذا الموقع يستخدم Akismet للحدّ من التعليقات المزعجة والغير مرغوبة. "
                           "تعرّف على كيفية معالجة بيانات تعليقك."], "seed 003 footer changed")
    out["alquds-alarabi"].append(Art(
        outlet="alquds-alarabi", key="seed-003", title=norm_ws(s3[0]), blocks=[("p", l) for l in s3[1:end]],
        published=datetime(2023, 11, 1, 10, 45, tzinfo=UTC), author="القدس العربي", summary=s3[1][:220],
        section="news", date_mode="", origin="seed 003", caption="من تدريبات سابقة للتحالف الدولي في سوريا",
        tags=["التحالف الدولي", "حقل العمر", "كونيكو"]))

    # --- seed 004: Erem News, 26 July 2024 1:42 pm; ticker/logo/caption/footer are page chrome
    s4 = [l.strip() for l in read_seed(shared, 4)]
    s4n = [l for l in s4 if l]
    check(s4n[0] == "عاجل" and s4n[2] == "logo" and s4n[3] == "العالم العربي", "seed 004 header changed")
    title4 = s4n[4]
    cap_line = s4n[6]
    check(cap_line.endswith("المصدر: رويترز"), "seed 004 caption changed")
    check(s4n[7] == "26 يوليو 2024، 1:42 م", "seed 004 date line changed")
    body_end = len(s4n) - 1 - s4n[::-1].index("logo")
    check(s4n[body_end + 1:] == ["تابعونا على", "جميع الحقوق محفوظة ©️ 2024 شركة إرم ميديا - Erem Media FZ LLC"],
          "seed 004 footer changed")
    out["erem-news"].append(Art(
        outlet="erem-news", key="seed-004", title=title4, blocks=blocks_from_lines(s4n[8:body_end], "h2"),
        published=datetime(2024, 7, 26, 13, 42, tzinfo=tzh(4)), author="إرم نيوز", summary=s4n[8][:220],
        section="news", date_mode="", origin="seed 004", caption=cap_line[: -len("المصدر: رويترز")],
        tags=["العراق", "عين الأسد", "كونيكو"]))

    # --- ANT articles
    for outlet in ON_TOPIC:
        modes = DATE_MODES[outlet]
        out[outlet][0].date_mode = modes[0]
        for i, rel in enumerate(ON_TOPIC[outlet]):
            art = ant_article(outlet, ant(rel), "news", modes[1 + i], defaults[outlet])
            out[outlet].append(art)
        for i, rel in enumerate(OFF_TOPIC[outlet]):
            art = ant_article(outlet, ant(rel), OFF_SECTIONS[i], modes[4 + i], defaults[outlet])
            out[outlet].append(art)

    # --- the wire story, republished with small edits by youm7 and alquds-alarabi
    w = ant(WIRE)

    def egyptian(s: str) -> str:  # Youm7 orthography: final yaa without dots in في / التي / الذي
        for a, b in (("في", "فى"), ("التي", "التى"), ("الذي", "الذى")):
            s = re.sub(rf"(?<!\w){a}(?!\w)", b, s)
        return s

    y = ant_article("youm7", w, "news", DATE_MODES["youm7"][8], "أ ف ب")
    y.title = "مقتل 26 مقاتلا مواليا للنظام السورى فى قصف صاروخى على حماة وحلب"
    y.blocks = ([("p", "تعرضت مواقع عسكرية تابعة للنظام السورى فى ريفى حماة وحلب لقصف صاروخى مساء الأحد، "
                        "وفقا لما أفادت به وكالة الأنباء الفرنسية اليوم الاثنين.")]
                + [("p", egyptian(p)) for p in w["paras"]] + [("p", "(أ ف ب)")])
    y.key = w["docno"] + "/youm7"
    y.origin += " - wire copy (edited)"
    out["youm7"].append(y)
    q = ant_article("alquds-alarabi", w, "news", DATE_MODES["alquds-alarabi"][8], "وكالات")
    q.title = "قصف صاروخي يستهدف «اللواء 47» في حماة ومواقع للنظام في حلب.. والمرصد يرجح أنه إسرائيلي"
    q.blocks = ([("p", "دمشق – وكالات: " + w["paras"][0])] + [("p", p) for p in w["paras"][1:]]
                + [("p", "(وكالات)")])
    q.key = w["docno"] + "/alquds"
    q.origin += " - wire copy (edited)"
    out["alquds-alarabi"].append(q)

    # --- non-article pages with a caption (video) and the print-only article
    out["youm7"].append(Art(
        outlet="youm7", key="video-youm7", title="فيديو.. أمطار غزيرة وأجواء شتوية على القاهرة والجيزة",
        blocks=[("p", "لقطات من شوارع القاهرة والجيزة مع استمرار هطول الأمطار وانخفاض درجات الحرارة.")],
        published=datetime(2022, 1, 5, 12, 40, tzinfo=tzh(2)), author="فيديو اليوم السابع",
        summary="لقطات من شوارع القاهرة والجيزة مع استمرار هطول الأمطار.", section="video", date_mode="time",
        kind="video", video_id="q7Wm3Zc1TfA"))
    out["enab-baladi"].append(Art(
        outlet="enab-baladi", key="video-enab", title="مرئيات | جولة في سوق الهال بمدينة إدلب",
        blocks=[("p", "جولة مصورة لعنب بلدي في سوق الهال بمدينة إدلب ترصد حركة البيع والشراء.")],
        published=datetime(2024, 2, 4, 19, 5, tzinfo=tzh(3)), author="عنب بلدي",
        summary="جولة مصورة في سوق الهال بمدينة إدلب.", section="video", date_mode="time", kind="video",
        video_id="Xb4n0LpQ2sE"))
    out["erem-news"].append(Art(
        outlet="erem-news", key="video-erem", title="فيديو.. موجة حر شديدة تضرب عدة مدن عربية",
        blocks=[("p", "درجات الحرارة تقترب من 50 درجة مئوية في عدد من المدن العربية.")],
        published=datetime(2024, 7, 25, 21, 10, tzinfo=tzh(4)), author="إرم نيوز",
        summary="موجة حر شديدة تضرب عدة مدن عربية.", section="video", date_mode="time", kind="video",
        video_id="Lr8sV2kN5dY"))
    pr = ant_article("enab-baladi", ant(PRINT_ONLY), "news", "text", "عنب بلدي")
    pr.kind = "print"
    out["enab-baladi"].append(pr)
    return out


# --------------------------------------------------------------------------------------------
# outlets: URLs and page chrome
# --------------------------------------------------------------------------------------------

SOCIAL = [("facebook", "فيسبوك"), ("twitter", "إكس"), ("youtube", "يوتيوب"), ("telegram", "تلغرام"),
          ("instagram", "إنستغرام")]


class Outlet:
    id = ""
    host = ""
    name = ""
    tz = UTC
    sections: dict[str, tuple[str, str]] = {}
    ticker = ""
    newsletter = ""
    follow = ""
    copyright = ""
    most_read_label = "الأكثر قراءة"
    related_label = "اقرأ أيضاً"

    def __init__(self) -> None:
        self.arts: list[Art] = []

    # -- urls
    def abs(self, path: str, query: str = "") -> str:
        return encode_url(f"https://{self.host}{path}" + (f"?{query}" if query else ""))

    def href(self, url: str) -> str:
        """How the outlet writes an internal link (absolute by default)."""
        return url

    def article_path(self, art: Art) -> str:
        raise NotImplementedError

    def section_url(self, key: str) -> str:
        return self.abs(self.sections[key][1])

    # -- date display
    def date_text(self, dt: datetime) -> str:
        raise NotImplementedError

    # -- shared bits
    def articles(self) -> list[Art]:
        return [a for a in self.arts if a.kind == "article"]

    def by_date(self, arts: list[Art]) -> list[Art]:
        return sorted(arts, key=lambda a: a.published, reverse=True)

    def related(self, art: Art, n: int = 3) -> list[Art]:
        arts = self.articles()
        if art not in arts:
            return arts[:n]
        i = arts.index(art)
        return [arts[(i + k) % len(arts)] for k in range(1, n + 1)]

    def most_read(self, art: Art | None, n: int = 4) -> list[Art]:
        pool = [a for a in reversed(self.articles()) if a is not art]
        rel = self.related(art) if art else []
        pool = [a for a in pool if a not in rel] + [a for a in pool if a in rel]
        return pool[:n]

    def chrome_strings(self, art: Art | None) -> list[str]:
        out = [self.ticker, self.newsletter, self.follow, self.copyright]
        out += [a.title for a in self.most_read(art)]
        return out

    def jsonld_article(self, art: Art) -> dict:
        return {
            "@context": "https://schema.org", "@type": "NewsArticle",
            "mainEntityOfPage": {"@type": "WebPage", "@id": art.url}, "headline": art.title,
            "image": [self.image_url(art)], "datePublished": iso(art.published),
            "dateModified": iso(art.modified), "author": {"@type": "Person", "name": art.author},
            "publisher": {"@type": "Organization", "name": self.name,
                          "logo": {"@type": "ImageObject", "url": f"https://{self.host}/logo.png"}},
            "description": art.summary[:160],
        }

    def image_url(self, art: Art) -> str:
        h = hashlib.sha1(art.key.encode()).hexdigest()[:10]
        return f"https://{self.host}/images/{h}.jpg"

    def ld_script(self, obj: dict, cls: str = "") -> str:
        c = f' class="{cls}"' if cls else ""
        return (f'<script type="application/ld+json"{c}>'
                + json.dumps(obj, ensure_ascii=False, separators=(",", ":")).replace("</", "<\\/")
                + "</script>")

    def og(self, title: str, url: str, desc: str, image: str, typ: str = "article") -> str:
        return "\n".join([
            f'<meta property="og:type" content="{typ}" />',
            f'<meta property="og:title" content="{esc(title)}" />',
            f'<meta property="og:description" content="{esc(desc[:200])}" />',
            f'<meta property="og:url" content="{esc(url)}" />',
            f'<meta property="og:image" content="{esc(image)}" />',
        ])

    def date_meta(self, art: Art) -> str:
        if art.date_mode != "jsonld":
            return ""
        return (f'<meta property="article:published_time" content="{iso(art.published)}" />\n'
                f'<meta property="article:modified_time" content="{iso(art.modified)}" />\n')

    def date_html(self, art: Art, cls: str, prefix: str = "") -> str:
        txt = self.date_text(art.published)
        if art.date_mode == "time":
            return f'<span class="{cls}">{esc(prefix)}<time datetime="{iso(art.published)}">{esc(txt)}</time></span>'
        return f'<span class="{cls}">{esc(prefix + txt)}</span>'

    def body_html(self, art: Art) -> str:
        parts = []
        for kind, text in art.blocks:
            if kind == "p":
                parts.append(f"<p>{esc(text)}</p>")
            elif kind in ("h2", "h3"):
                parts.append(f"<{kind}>{esc(text)}</{kind}>")
            elif kind == "credit":
                parts.append(f"<p><strong>{esc(text)}</strong></p>")
            elif kind == "readalso":
                label, _, rest = text.partition(":")
                parts.append(f'<p><strong>{esc(label)}: <a href="{self.abs("/archives/683187")}">'
                             f"{esc(rest.strip())}</a></strong></p>")
        return "\n".join(parts)

    def social_links(self) -> str:
        return "".join(f'<li><a href="https://www.{k}.com/{self.id.replace("-", "")}" target="_blank" '
                       f'rel="noopener" aria-label="{v}" class="social-{k}"><i class="icon-{k}"></i></a></li>'
                       for k, v in SOCIAL)

    def share_links(self, url: str) -> str:
        u = quote(url, safe="")
        return (f'<a class="share-facebook" href="https://www.facebook.com/sharer/sharer.php?u={u}" target="_blank" rel="nofollow">فيسبوك</a>'
                f'<a class="share-twitter" href="https://twitter.com/intent/tweet?url={u}" target="_blank" rel="nofollow">إكس</a>'
                f'<a class="share-whatsapp" href="https://api.whatsapp.com/send?text={u}" target="_blank" rel="nofollow">واتساب</a>'
                f'<a class="share-telegram" href="https://t.me/share/url?url={u}" target="_blank" rel="nofollow">تلغرام</a>')

    def views(self) -> str:
        return f"{RNG.randint(300, 9000):,}"

    # -- page renderers implemented per outlet
    def render_article(self, art: Art) -> tuple[str, list[str]]:
        raise NotImplementedError

    def render_listing(self, url: str, heading: str, items: list[Art], extra_main: str = "",
                       intro: str = "", kind: str = "section") -> str:
        raise NotImplementedError

    def render_static(self, url: str, heading: str, paras: list[str], form: bool = False) -> str:
        raise NotImplementedError

    def render_video(self, art: Art) -> str:
        raise NotImplementedError


# ---------------------------------------------------------------- Ugarit Post (WordPress, Newspaper theme)

class Ugarit(Outlet):
    id = "ugarit-post"
    host = "www.ugaritpost.com"
    name = "أوغاريت بوست"
    tz = tzh(3)
    sections = {"news": ("أخبار", "/category/news/"), "sport": ("رياضة", "/category/sport/"),
                "economy": ("اقتصاد", "/category/economy/"), "culture": ("منوعات", "/category/variety/"),
                "tech": ("علوم وتكنولوجيا", "/category/technology/")}
    ticker = "انخفاض ملحوظ في درجات الحرارة وتوقعات بهطول أمطار على المناطق الساحلية"
    newsletter = "اشترك في نشرتنا البريدية لتصلك آخر الأخبار والتقارير"
    follow = "تابعونا على"
    copyright = "جميع الحقوق محفوظة © 2024 أوغاريت بوست"
    related_label = "مواضيع ذات صلة"

    def article_path(self, art: Art) -> str:
        d = art.published
        return f"/{d.year:04d}/{d.month:02d}/{d.day:02d}/{slugify_ar(art.title)}/"

    def date_text(self, dt: datetime) -> str:
        return date_levant(dt)

    def doc(self, *, title: str, url: str, head: str, body_class: str, content: str) -> str:
        return f"""<!DOCTYPE html>
<html lang="ar" dir="rtl" prefix="og: https://ogp.me/ns#">
<head>
<meta charset="UTF-8" />
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<title>{esc(title)}</title>
<meta name="robots" content="index, follow, max-image-preview:large, max-snippet:-1, max-video-preview:-1" />
<link rel="canonical" href="{esc(url)}" />
<meta property="og:locale" content="ar_AR" />
<meta property="og:site_name" content="أوغاريت بوست" />
{head}
<meta name="twitter:card" content="summary_large_image" />
<link rel='stylesheet' id='td-theme-css' href='https://www.ugaritpost.com/wp-content/themes/Newspaper/style.css?ver=12.6.2' type='text/css' media='all' />
<link rel="alternate" type="application/atom+xml" title="أوغاريت بوست &raquo; الخلاصة" href="https://www.ugaritpost.com/feed/atom/" />
<link rel="icon" href="https://www.ugaritpost.com/wp-content/uploads/2020/01/cropped-favicon-32x32.png" sizes="32x32" />
<script type="text/javascript">var td_ajax_url="https:\\/\\/www.ugaritpost.com\\/wp-admin\\/admin-ajax.php?td_theme_name=Newspaper&v=12.6.2";var tds_general_modal_image="yes";</script>
</head>
<body class="{body_class} td-standard-pack global-block-template-1 td-full-layout" itemscope="itemscope" itemtype="https://schema.org/WebPage">
<div class="td-scroll-up"><i class="td-icon-menu-up"></i></div>
<div id="td-outer-wrap" class="td-theme-wrap">
{self.header()}
<div class="td-main-content-wrap td-container-wrap">
<div class="td-container">
{content}
</div>
</div>
{self.footer()}
</div>
<script type='text/javascript' src='https://www.ugaritpost.com/wp-content/themes/Newspaper/js/tagdiv_theme.min.js?ver=12.6.2' id='td-site-min-js'></script>
</body>
</html>
"""

    def header(self) -> str:
        nav = "".join(f'<li class="menu-item menu-item-type-taxonomy"><a href="{self.section_url(k)}">{esc(v[0])}</a></li>'
                      for k, v in self.sections.items())
        return f"""<div class="td-header-wrap td-header-style-1">
<div class="td-header-top-menu-full td-container-wrap"><div class="td-container td-header-row td-header-top-menu">
<div class="top-bar-style-1"><div class="td-header-sp-top-menu"><ul id="menu-top" class="top-header-menu">
<li class="menu-item"><a href="{self.abs('/about-us/')}">من نحن</a></li>
<li class="menu-item"><a href="{self.abs('/contact-us/')}">اتصل بنا</a></li></ul></div>
<div class="td-header-sp-top-widget"><ul class="td-social-icons">{self.social_links()}</ul></div></div>
</div></div>
<div class="td-banner-wrap-full td-logo-wrap-full td-container-wrap"><div class="td-container td-header-row td-header-header">
<div class="td-header-sp-logo"><a class="td-main-logo" href="{self.abs('/')}"><img class="td-retina-data" src="https://www.ugaritpost.com/wp-content/uploads/2020/01/logo-ugarit.png" alt="أوغاريت بوست" title="أوغاريت بوست" width="300" height="90" /><span class="td-visual-hidden">أوغاريت بوست</span></a></div>
<div class="td-header-sp-recs"><div class="td-header-rec-wrap"><div class="td-a-rec td-a-rec-id-header"><!-- ad slot --></div></div></div>
</div></div>
<div class="td-header-menu-wrap-full td-container-wrap"><div class="td-header-menu-wrap td-header-gradient"><div class="td-container td-header-row td-header-main-menu">
<nav id="td-header-menu" role="navigation"><div class="menu-main-container"><ul id="menu-main-1" class="sf-menu">
<li class="menu-item menu-item-home"><a href="{self.abs('/')}">الرئيسية</a></li>{nav}
<li class="menu-item"><a href="{self.abs('/category/reports/')}">تقارير</a></li>
<li class="menu-item"><a href="{self.abs('/category/opinion/')}">مقالات الرأي</a></li>
<li class="menu-item"><a href="{self.abs('/category/translations/')}">ترجمات</a></li>
</ul></div></nav>
<div class="header-search-wrap"><div class="td-search-btns-wrap"><a id="td-header-search-button" href="#" role="button" aria-label="Search" class="dropdown-toggle"><i class="td-icon-search"></i></a></div></div>
</div></div></div>
<div class="td-container"><div class="td-trending-now-wrapper" id="td_uid_1_trending" data-start="">
<div class="td-trending-now-title">عاجل</div>
<div class="td-trending-now-display-area"><div class="td-trending-now-post td-trending-now-post-0"><a class="td-trending-now-post-link" href="{self.abs('/2024/04/22/' + slugify_ar(self.ticker) + '/')}">{esc(self.ticker)}</a></div></div>
</div></div>
</div>"""

    def sidebar(self, art: Art | None) -> str:
        mr = "".join(f'<div class="td_module_wrap td_module_6"><div class="item-details"><h3 class="entry-title td-module-title">'
                     f'<a href="{a.url}" rel="bookmark" title="{esc(a.title)}">{esc(a.title)}</a></h3></div></div>'
                     for a in self.most_read(art))
        return f"""<div class="td-pb-span4 td-main-sidebar" role="complementary"><div class="td-ss-main-sidebar">
<aside class="td_block_template_1 widget td_block_wrap td_block_slide"><h4 class="block-title"><span>{self.most_read_label}</span></h4>
<div class="td_block_inner">{mr}</div></aside>
<aside class="td_block_template_1 widget widget_newsletter"><h4 class="block-title"><span>النشرة البريدية</span></h4>
<div class="tdn-newsletter"><p class="tdn-descr">{esc(self.newsletter)}</p>
<form class="tdn-form" action="#" method="post"><input type="email" name="email" placeholder="البريد الإلكتروني" /><button type="submit">اشتراك</button></form></div></aside>
</div></div>"""

    def footer(self) -> str:
        return f"""<div class="td-footer-wrapper td-footer-container td-container-wrap"><div class="td-container">
<div class="td-pb-row"><div class="td-pb-span4"><aside class="footer-logo-wrap"><a href="{self.abs('/')}"><img class="td-retina-data" src="https://www.ugaritpost.com/wp-content/uploads/2020/01/logo-ugarit-footer.png" alt="أوغاريت بوست" width="272" /></a></aside>
<div class="footer-text-wrap">موقع إخباري سوري مستقل.<div class="footer-email-wrap">للتواصل: <a href="mailto:info@ugaritpost.com">info@ugaritpost.com</a></div></div></div>
<div class="td-pb-span4"><div class="footer-social-wrap td-social-style-2"><h4 class="block-title"><span>{esc(self.follow)}</span></h4><ul>{self.social_links()}</ul></div></div></div>
</div></div>
<div class="td-sub-footer-container td-container-wrap"><div class="td-container"><div class="td-pb-row">
<div class="td-pb-span td-sub-footer-menu"><ul class="td-subfooter-menu"><li><a href="{self.abs('/about-us/')}">من نحن</a></li><li><a href="{self.abs('/contact-us/')}">اتصل بنا</a></li></ul></div>
<div class="td-pb-span td-sub-footer-copy">{esc(self.copyright)}</div>
</div></div></div>"""

    def jsonld_article(self, art: Art) -> dict:
        u = art.url
        base = f"https://{self.host}/"
        return {"@context": "https://schema.org", "@graph": [
            {"@type": "NewsArticle", "@id": u + "#article", "isPartOf": {"@id": u},
             "author": {"name": art.author, "@id": base + "#/schema/person/" + hashlib.md5(art.author.encode()).hexdigest()},
             "headline": art.title, "datePublished": iso(art.published), "dateModified": iso(art.modified),
             "mainEntityOfPage": {"@id": u}, "wordCount": sum(len(t.split()) for _, t in art.blocks),
             "publisher": {"@id": base + "#organization"}, "image": {"@id": u + "#primaryimage"},
             "thumbnailUrl": self.image_url(art), "articleSection": [self.sections[art.section][0]], "inLanguage": "ar"},
            {"@type": "WebPage", "@id": u, "url": u, "name": f"{art.title} - أوغاريت بوست",
             "isPartOf": {"@id": base + "#website"}, "datePublished": iso(art.published),
             "dateModified": iso(art.modified), "breadcrumb": {"@id": u + "#breadcrumb"}, "inLanguage": "ar"},
            {"@type": "BreadcrumbList", "@id": u + "#breadcrumb", "itemListElement": [
                {"@type": "ListItem", "position": 1, "name": "الرئيسية", "item": base},
                {"@type": "ListItem", "position": 2, "name": art.title}]},
            {"@type": "WebSite", "@id": base + "#website", "url": base, "name": "أوغاريت بوست", "inLanguage": "ar"},
            {"@type": "Organization", "@id": base + "#organization", "name": "أوغاريت بوست", "url": base},
        ]}

    def render_article(self, art: Art) -> tuple[str, list[str]]:
        rel = self.related(art)
        sec_label, _ = self.sections[art.section]
        head = self.og(art.title, art.url, art.summary, self.image_url(art)) + "\n" + self.date_meta(art)
        if art.date_mode == "jsonld":
            head += self.ld_script(self.jsonld_article(art), "yoast-schema-graph")
        if art.date_mode == "time":
            date = (f'<span class="td-post-date"><time class="entry-date updated td-module-date" '
                    f'datetime="{iso(art.published)}">{esc(self.date_text(art.published))}</time></span>')
        else:
            date = f'<span class="td-post-date">{esc("نُشر في " + self.date_text(art.published))}</span>'
        cap = (f'<div class="td-post-featured-image"><figure><img width="696" height="392" class="entry-thumb" src="{self.image_url(art)}" alt="" title="{esc(art.title)}" />'
               f'<figcaption class="wp-caption-text">{esc(art.caption)}</figcaption></figure></div>' if art.caption
               else f'<div class="td-post-featured-image"><img width="696" height="392" class="entry-thumb" src="{self.image_url(art)}" alt="" /></div>')
        tags = "".join(f'<li><a href="{self.abs("/tag/" + slugify_ar(t) + "/")}">{esc(t)}</a></li>' for t in art.tags)
        related = "".join(
            f'<div class="td-related-span4"><div class="td_module_related_posts td-animation-stack td_mod_related_posts">'
            f'<div class="td-module-image"><div class="td-module-thumb"><a href="{a.url}" rel="bookmark" class="td-image-wrap" title="{esc(a.title)}"><img class="entry-thumb" src="{self.image_url(a)}" alt="" width="218" height="150" /></a></div></div>'
            f'<div class="item-details"><h3 class="entry-title td-module-title"><a href="{a.url}" rel="bookmark" title="{esc(a.title)}">{esc(a.title)}</a></h3></div></div></div>'
            for a in rel)
        content = f"""<div class="td-crumb-container"><div class="entry-crumbs"><span><a title="" class="entry-crumb" href="{self.abs('/')}">الرئيسية</a></span> <i class="td-icon-right td-bread-sep"></i> <span><a title="عرض جميع المشاركات في {esc(sec_label)}" class="entry-crumb" href="{self.section_url(art.section)}">{esc(sec_label)}</a></span></div></div>
<div class="td-pb-row">
<div class="td-pb-span8 td-main-content" role="main"><div class="td-ss-main-content">
<article id="post-{art.post_id}" class="post-{art.post_id} post type-post status-publish format-standard has-post-thumbnail category-{art.section}">
<div class="td-post-header">
<ul class="td-category"><li class="entry-category"><a href="{self.section_url(art.section)}">{esc(sec_label)}</a></li></ul>
<header class="td-post-title">
<h1 class="entry-title">{esc(art.title)}</h1>
<div class="td-module-meta-info">
<div class="td-post-author-name"><div class="td-author-by">بواسطة</div> <a href="{self.abs('/author/' + hashlib.md5(art.author.encode()).hexdigest()[:8] + '/')}">{esc(art.author)}</a><div class="td-author-line"> - </div></div>
{date}
<div class="td-post-views"><i class="td-icon-views"></i><span class="td-nr-views-{art.post_id}">{self.views()}</span></div>
</div>
</header>
</div>
<div class="td-post-sharing-top"><div class="td-post-sharing-classic"><span class="td-social-share-text">شارك</span>{self.share_links(art.url)}</div></div>
<div class="td-post-content tagdiv-type">
{cap}
{self.body_html(art)}
</div>
<footer>
<div class="td-post-source-tags"><ul class="td-tags td-post-small-box clearfix"><li><span>الوسوم</span></li>{tags}</ul></div>
<div class="td-post-sharing-bottom"><span class="td-social-share-text">شارك</span>{self.share_links(art.url)}</div>
</footer>
<div class="td_block_wrap td_block_related_posts tdi_2 td_with_ajax_pagination td-pb-border-top td_block_template_1">
<h4 class="td-related-title td-block-title"><a id="tdi_3" class="td-related-left td-cur-simple-item" data-td_filter_value="" data-td_block_id="tdi_2" href="#">{self.related_label}</a></h4>
<div id="tdi_2" class="td_block_inner"><div class="td-related-row">{related}</div></div>
</div>
</article>
</div></div>
{self.sidebar(art)}
</div>"""
        page = self.doc(title=f"{art.title} - أوغاريت بوست", url=art.url, head=head,
                        body_class=f"post-template-default single single-post postid-{art.post_id} single-format-standard",
                        content=f'<main id="td-main" class="td-main-page-wrap">{content}</main>')
        return page, self.chrome_strings(art) + [a.title for a in rel]

    def listing_items(self, items: list[Art]) -> str:
        return "\n".join(
            f'<div class="td_module_10 td_module_wrap td-animation-stack"><div class="td-module-thumb"><a href="{a.url}" rel="bookmark" class="td-image-wrap" title="{esc(a.title)}"><img class="entry-thumb" src="{self.image_url(a)}" alt="" width="218" height="150" /></a></div>'
            f'<div class="item-details"><h3 class="entry-title td-module-title"><a href="{a.url}" rel="bookmark" title="{esc(a.title)}">{esc(a.title)}</a></h3>'
            f'<div class="td-module-meta-info"><span class="td-post-author-name"><a href="#">{esc(a.author)}</a> <span>-</span> </span><span class="td-post-date">{esc(self.date_text(a.published))}</span></div>'
            f'<div class="td-excerpt">{esc(a.summary[:180])}...</div></div></div>' for a in items)

    def render_listing(self, url, heading, items, extra_main="", intro="", kind="section"):
        content = f"""<div class="td-pb-row"><div class="td-pb-span8 td-main-content"><div class="td-ss-main-content">
<div class="td-page-header"><h1 class="entry-title td-page-title"><span>{esc(heading)}</span></h1></div>
{self.listing_items(items)}
{extra_main}
</div></div>{self.sidebar(None)}</div>"""
        return self.doc(title=f"{heading} - أوغاريت بوست", url=url,
                        head=self.og(heading, url, intro or self.name, f"https://{self.host}/logo.png", "website"),
                        body_class="home page-template-default page" if kind == "home" else "archive category",
                        content=f'<main id="td-main" class="td-main-page-wrap">{content}</main>')

    def render_static(self, url, heading, paras, form=False):
        body = "".join(f"<p>{esc(p)}</p>" for p in paras)
        if form:
            body += ('<div class="wpcf7 js" id="wpcf7-f51-p12-o1" lang="ar" dir="rtl"><form action="#wpcf7-f51-p12-o1" method="post" class="wpcf7-form init">'
                     '<p><label> الاسم<br /><input size="40" class="wpcf7-form-control wpcf7-text" type="text" name="your-name" /></label></p>'
                     '<p><label> البريد الإلكتروني<br /><input size="40" class="wpcf7-form-control wpcf7-email" type="email" name="your-email" /></label></p>'
                     '<p><label> الموضوع<br /><input size="40" class="wpcf7-form-control wpcf7-text" type="text" name="your-subject" /></label></p>'
                     '<p><label> رسالتك<br /><textarea cols="40" rows="10" class="wpcf7-form-control wpcf7-textarea" name="your-message"></textarea></label></p>'
                     '<p><input class="wpcf7-form-control wpcf7-submit has-spinner" type="submit" value="إرسال" /></p></form></div>')
        content = f"""<div class="td-pb-row"><div class="td-pb-span8 td-main-content" role="main"><div class="td-ss-main-content">
<div class="td-page-header"><h1 class="entry-title td-page-title"><span>{esc(heading)}</span></h1></div>
<div class="td-page-content tagdiv-type">{body}</div>
</div></div>{self.sidebar(None)}</div>"""
        return self.doc(title=f"{heading} - أوغاريت بوست", url=url,
                        head=self.og(heading, url, paras[0], f"https://{self.host}/logo.png", "website"),
                        body_class="page-template-default page", content=f'<main id="td-main">{content}</main>')


# ---------------------------------------------------------------- Youm7 (custom ASP.NET CMS)

class Youm7(Outlet):
    id = "youm7"
    host = "www.youm7.com"
    name = "اليوم السابع"
    tz = tzh(2)
    sections = {"breaking": ("أخبار عاجلة", "/Section/أخبار-عاجلة/65/1"),
                "news": ("أخبار عربية", "/Section/أخبار-عربية/88/1"),
                "sport": ("رياضة", "/Section/رياضة/298/1"),
                "economy": ("اقتصاد وبورصة", "/Section/اقتصاد-وبورصة/297/1"),
                "culture": ("فن", "/Section/فن/48/1"),
                "tech": ("علوم و تكنولوجيا", "/Section/علوم-و-تكنولوجيا/328/1"),
                "video": ("فيديو", "/Section/فيديو/203/1")}
    ticker = "الأرصاد: طقس شديد البرودة ليلا على أغلب الأنحاء والصغرى بالقاهرة 8 درجات"
    newsletter = "اشترك فى النشرة الإخبارية لليوم السابع ليصلك أهم الأخبار يوميا"
    follow = "تابعونا على"
    copyright = "جميع الحقوق محفوظة © 2022 اليوم السابع"
    most_read_label = "الأكثر قراءة"

    def article_path(self, art: Art) -> str:
        d = art.published
        prefix = "video" if art.kind == "video" else "story"
        return f"/{prefix}/{d.year}/{d.month}/{d.day}/{slugify_ar(art.title, 12)}/{art.post_id}"

    def href(self, url: str) -> str:  # Youm7 writes root-relative links
        p = urlsplit(url)
        return p.path + (f"?{p.query}" if p.query else "") if p.hostname == self.host else url

    def date_text(self, dt: datetime) -> str:
        h, ap = h12(dt)
        return f"{AR_WEEKDAYS[dt.weekday()]}، {dt.day:02d} {EGYPT_MONTHS[dt.month - 1]} {dt.year} {h:02d}:{dt.minute:02d} {ap}"

    def doc(self, *, title: str, url: str, head: str, content: str, aside: str) -> str:
        nav = "".join(f'<li><a href="{self.href(self.section_url(k))}">{esc(v[0])}</a></li>' for k, v in self.sections.items())
        return f"""<!DOCTYPE html>
<html lang="ar" dir="rtl">
<head>
<meta http-equiv="Content-Type" content="text/html; charset=utf-8" />
<meta name="viewport" content="width=device-width, initial-scale=1" />
<title>{esc(title)}</title>
<link rel="canonical" href="{esc(url)}" />
<meta property="og:site_name" content="اليوم السابع" />
<meta property="fb:app_id" content="112408612147911" />
{head}
<meta name="twitter:site" content="@youm7" />
<link href="/Content/css/bootstrap.rtl.min.css?v=3.7" rel="stylesheet" />
<link href="/Content/css/style.min.css?v=4.2.11" rel="stylesheet" />
<link rel="alternate" type="application/rss+xml" title="اليوم السابع - أخبار عاجلة" href="/rss/SectionRss?SectionID=65" />
<script>window.dataLayer = window.dataLayer || []; function gtag(){{dataLayer.push(arguments);}} gtag('js', new Date()); gtag('config', 'G-Y7N0000000');</script>
</head>
<body>
<div id="header">
<div class="topHeader"><div class="container">
<a href="/" class="logo"><img src="https://img.youm7.com/images/graphics/logo.png" alt="اليوم السابع" width="205" height="62" /></a>
<ul class="headerSocial">{self.social_links()}</ul>
<form class="searchForm" action="/Search" method="get"><input type="text" name="allwords" placeholder="ابحث" /><button type="submit">بحث</button></form>
</div></div>
<nav class="mainMenu"><div class="container"><ul><li class="active"><a href="/">الرئيسية</a></li>{nav}</ul></div></nav>
<div class="breakingNews"><div class="container"><span class="brTitle">عاجل</span><div class="brText" id="breakingText"><a href="/story/2022/1/5/{esc(slugify_ar(self.ticker, 12))}/5614588">{esc(self.ticker)}</a></div></div></div>
</div>
<div class="container" id="mainContent"><div class="row">
<main class="col-md-8 col-xs-12" id="main">
{content}
</main>
<aside class="col-md-4 col-xs-12 leftSide">{aside}</aside>
</div></div>
<footer id="footer"><div class="container">
<div class="footerLogo"><a href="/"><img src="https://img.youm7.com/images/graphics/logo-footer.png" alt="اليوم السابع" /></a></div>
<ul class="footerLinks"><li><a href="/Home/About">من نحن</a></li><li><a href="/Home/Contact">اتصل بنا</a></li><li><a href="/Home/Privacy">سياسة الخصوصية</a></li><li><a href="/Home/Advertise">أعلن معنا</a></li></ul>
<div class="footerSocial"><span>{esc(self.follow)}</span><ul>{self.social_links()}</ul></div>
<p class="copyRights">{esc(self.copyright)}</p>
</div></footer>
<script src="/Scripts/jquery-3.6.0.min.js"></script>
<script src="/Scripts/main.min.js?v=4.2.11"></script>
</body>
</html>
"""

    def aside(self, art: Art | None) -> str:
        mr = "".join(f'<li><span class="num">{i}</span><a href="{self.href(a.url)}">{esc(a.title)}</a></li>'
                     for i, a in enumerate(self.most_read(art), 1))
        return (f'<div class="mostRead"><h3 class="boxTitle">{self.most_read_label}</h3><ol>{mr}</ol></div>'
                f'<div class="newsLetter"><h3 class="boxTitle">النشرة الإخبارية</h3><p>{esc(self.newsletter)}</p>'
                '<form action="/Newsletter/Subscribe" method="post"><input type="email" name="Email" placeholder="البريد الإلكترونى" /><button type="submit">اشترك</button></form></div>'
                '<div class="adBox"><!-- Youm7_HP_300x250 --></div>')

    def render_article(self, art: Art) -> tuple[str, list[str]]:
        rel = self.related(art)
        sec_label, _ = self.sections[art.section]
        head = (f'<meta name="description" content="{esc(art.summary[:200])}" />\n'
                f'<meta name="keywords" content="{esc(",".join(art.tags))}" />\n'
                + self.og(art.title, art.url, art.summary, self.image_url(art)) + "\n" + self.date_meta(art))
        if art.date_mode == "jsonld":
            obj = self.jsonld_article(art)
            obj["@context"] = "http://schema.org"
            head += self.ld_script(obj)
        if art.date_mode == "time":
            date = f'<span class="newsStoryDate"><time datetime="{iso(art.published)}">{esc(self.date_text(art.published))}</time></span>'
        else:
            date = f'<span class="newsStoryDate">{esc(self.date_text(art.published))}</span>'
        tags = "".join(f'<a href="/Tags/Index?id={1000 + i}&amp;tag={quote(t)}">{esc(t)}</a>' for i, t in enumerate(art.tags))
        related = "".join(f'<li><a href="{self.href(a.url)}"><img src="{self.image_url(a)}" alt="" />{esc(a.title)}</a></li>' for a in rel)
        writer = art.author
        content = f"""<div class="articleCont" id="articleCont" data-id="{art.post_id}">
<div class="breadcumb"><a href="/">الرئيسية</a> » <a href="{self.href(self.section_url(art.section))}">{esc(sec_label)}</a></div>
<div class="articleHeader">
<h1>{esc(art.title)}</h1>
<div class="writeBy">{esc(writer)}</div>
{date}
</div>
<div class="img-cont"><img class="img-responsive" src="{self.image_url(art)}" alt="{esc(art.title)}" /><span class="imgDesc">{esc(art.caption or art.title)}</span></div>
<div class="articleSocialShare"><span>شارك</span>{self.share_links(art.url)}</div>
<div id="articleBody" class="articleBody">
{self.body_html(art)}
</div>
<div class="tags"><span class="tagsTitle">الموضوعات المتعلقة</span>{tags}</div>
<div class="readMore"><h3 class="boxTitle">{self.related_label}</h3><ul>{related}</ul></div>
<div class="fbComments"><div class="fb-comments" data-href="{esc(art.url)}" data-numposts="5" data-width="100%"></div></div>
</div>"""
        return (self.doc(title=f"{art.title} - اليوم السابع", url=art.url, head=head, content=content,
                         aside=self.aside(art)),
                self.chrome_strings(art) + [a.title for a in rel])

    def render_listing(self, url, heading, items, extra_main="", intro="", kind="section"):
        lis = "".join(
            f'<div class="col-xs-12 bigOneSec"><div class="bigOneImg"><a href="{self.href(a.url)}"><img src="{self.image_url(a)}" alt="{esc(a.title)}" /></a></div>'
            f'<div class="bigOneTxt"><h3><a href="{self.href(a.url)}">{esc(a.title)}</a></h3><span class="newsDate2">{esc(self.date_text(a.published))}</span>'
            f'<p>{esc(a.summary[:160])}</p></div></div>' for a in items)
        content = f'<div class="sectionPage"><h1 class="sectionTitle">{esc(heading)}</h1><div class="row">{lis}</div>{extra_main}</div>'
        return self.doc(title=f"{heading} - اليوم السابع", url=url,
                        head=self.og(heading, url, intro or heading, "https://img.youm7.com/images/graphics/logo.png", "website"),
                        content=content, aside=self.aside(None))

    def render_video(self, art: Art) -> str:
        content = f"""<div class="videoPage" data-id="{art.post_id}">
<div class="breadcumb"><a href="/">الرئيسية</a> » <a href="{self.href(self.section_url('video'))}">فيديو</a></div>
<h1 class="videoTitle">{esc(art.title)}</h1>
<span class="newsStoryDate"><time datetime="{iso(art.published)}">{esc(self.date_text(art.published))}</time></span>
<div class="videoPlayer"><iframe width="100%" height="400" src="https://www.youtube.com/embed/{art.video_id}?autoplay=0" title="{esc(art.title)}" frameborder="0" allow="accelerometer; autoplay; encrypted-media; gyroscope; picture-in-picture" allowfullscreen></iframe></div>
<p class="videoDesc">{esc(art.first_para)}</p>
<div class="articleSocialShare"><span>شارك</span>{self.share_links(art.url)}</div>
</div>"""
        return self.doc(title=f"{art.title} - اليوم السابع", url=art.url,
                        head=self.og(art.title, art.url, art.summary, self.image_url(art), "video.other"),
                        content=content, aside=self.aside(None))


# ---------------------------------------------------------------- Enab Baladi (WordPress, own theme)

class Enab(Outlet):
    id = "enab-baladi"
    host = "www.enabbaladi.net"
    name = "عنب بلدي"
    tz = tzh(3)
    sections = {"news": ("أخبار", "/category/news/"), "sport": ("رياضة", "/category/sport/"),
                "economy": ("اقتصاد", "/category/economy/"), "culture": ("ثقافة", "/category/culture/"),
                "tech": ("تكنولوجيا", "/category/technology/"), "video": ("مرئيات", "/category/videos/")}
    ticker = "الليرة السورية تسجل سعرا جديدا أمام الدولار في أسواق دمشق وحلب"
    newsletter = "اشترك في النشرة البريدية لعنب بلدي لتصلك أبرز الأخبار والتقارير"
    follow = "تابعنا على :"
    copyright = "جميع الحقوق محفوظة © 2024 عنب بلدي"
    related_label = "مقالات متعلقة"
    corrections = ("اذا كنت تعتقد/تعتقدين أن المقال يحوي معلومات خاطئة أو لديك تفاصيل إضافية ",
                   "أرسل/أرسلي تصحيحًا")
    complaints = ("إذا كنت تعتقد/تعتقدين أن المقال ينتهك أيًا من المبادئ الأخلاقية أو المعايير المهنية ",
                  "قدم/قدمي شكوى")

    def article_path(self, art: Art) -> str:
        return f"/print/archives/{art.post_id}" if art.kind == "print" else f"/archives/{art.post_id}"

    def date_text(self, dt: datetime) -> str:
        return f"{AR_WEEKDAYS[dt.weekday()]} {dt.day} من {LEVANT_MONTHS[dt.month - 1]} {dt.year}"

    def doc(self, *, title: str, url: str, head: str, body_class: str, content: str, aside: str) -> str:
        nav = "".join(f'<li class="menu-item"><a href="{self.section_url(k)}">{esc(v[0])}</a></li>' for k, v in self.sections.items())
        return f"""<!DOCTYPE html>
<html dir="rtl" lang="ar">
<head>
<meta charset="UTF-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{esc(title)}</title>
<link rel="canonical" href="{esc(url)}" />
<meta property="og:locale" content="ar_AR" />
<meta property="og:site_name" content="عنب بلدي" />
{head}
<meta name="twitter:site" content="@EnabBaladi" />
<link rel='stylesheet' id='enab-style-css' href='https://www.enabbaladi.net/wp-content/themes/enab2021/style.css?ver=3.1.4' type='text/css' media='all' />
<link rel="alternate" type="application/rss+xml" title="عنب بلدي &laquo; الخلاصة" href="https://www.enabbaladi.net/feed/" />
</head>
<body class="{body_class}">
<div id="page" class="site">
<a class="skip-link screen-reader-text" href="#primary">تخطي إلى المحتوى</a>
<header id="masthead" class="site-header">
<div class="top-bar"><div class="container"><ul class="top-links"><li><a href="{self.abs('/about-us/')}">من نحن</a></li><li><a href="{self.abs('/join-us/')}">انضم إلينا</a></li><li><a href="https://english.enabbaladi.net/">English</a></li></ul>
<ul class="social-links">{self.social_links()}</ul></div></div>
<div class="container header-main"><div class="site-branding"><a href="{self.abs('/')}" rel="home" class="custom-logo-link"><img src="https://www.enabbaladi.net/wp-content/themes/enab2021/images/logo.svg" class="custom-logo" alt="عنب بلدي" width="190" height="64" /></a></div></div>
<nav id="site-navigation" class="main-navigation"><div class="container"><ul id="primary-menu" class="menu"><li class="menu-item"><a href="{self.abs('/')}">الرئيسية</a></li>{nav}<li class="menu-item"><a href="{self.abs('/category/opinion/')}">رأي</a></li><li class="menu-item"><a href="{self.abs('/category/investigations/')}">تحقيقات</a></li></ul></div></nav>
<div class="latest-news-bar"><div class="container"><span class="latest-label">آخر الأخبار</span><span class="latest-item">{esc(self.ticker)}</span></div></div>
</header>
<div id="content" class="site-content"><div class="container"><div class="row">
<main id="primary" class="site-main col-lg-8">
{content}
</main>
<aside id="secondary" class="widget-area col-lg-4">{aside}</aside>
</div></div></div>
<footer id="colophon" class="site-footer"><div class="container">
<div class="footer-logo"><img src="https://www.enabbaladi.net/wp-content/themes/enab2021/images/logo-white.svg" alt="عنب بلدي" width="150" /></div>
<ul class="footer-menu"><li><a href="{self.abs('/about-us/')}">من نحن</a></li><li><a href="{self.abs('/editorial-policy/')}">السياسة التحريرية</a></li><li><a href="{self.abs('/corrections/')}">التصحيحات</a></li><li><a href="{self.abs('/privacy-policy/')}">سياسة الخصوصية</a></li></ul>
<div class="footer-social"><span class="follow-label">{esc(self.follow)}</span><ul>{self.social_links()}</ul></div>
<div class="site-info">{esc(self.copyright)}</div>
</div></footer>
</div>
<script type='text/javascript' src='https://www.enabbaladi.net/wp-content/themes/enab2021/js/main.js?ver=3.1.4' id='enab-main-js'></script>
</body>
</html>
"""

    def aside(self, art: Art | None) -> str:
        mr = "".join(f'<li><a href="{a.url}">{esc(a.title)}</a></li>' for a in self.most_read(art))
        return (f'<section class="widget widget-most-read"><h2 class="widget-title">{self.most_read_label}</h2><ol>{mr}</ol></section>'
                f'<section class="widget widget-newsletter"><h2 class="widget-title">النشرة البريدية</h2><p>{esc(self.newsletter)}</p>'
                '<form class="mc4wp-form" method="post"><input type="email" name="EMAIL" placeholder="بريدك الإلكتروني" required /><input type="submit" value="اشترك" /></form></section>')

    def jsonld_article(self, art: Art) -> dict:
        base = f"https://{self.host}/"
        return {"@context": "https://schema.org", "@graph": [
            {"@type": "Organization", "@id": base + "#organization", "name": "عنب بلدي", "url": base},
            {"@type": "WebSite", "@id": base + "#website", "url": base, "name": "عنب بلدي",
             "publisher": {"@id": base + "#organization"}, "inLanguage": "ar"},
            {"@type": "WebPage", "@id": art.url + "#webpage", "url": art.url, "name": art.title,
             "isPartOf": {"@id": base + "#website"}, "inLanguage": "ar"},
            {"@type": "NewsArticle", "headline": art.title, "datePublished": iso(art.published),
             "dateModified": iso(art.modified), "author": {"@type": "Person", "name": art.author},
             "publisher": {"@id": base + "#organization"}, "description": art.summary[:160],
             "image": {"@type": "ImageObject", "url": self.image_url(art)}, "inLanguage": "ar",
             "@id": art.url + "#richSnippet", "isPartOf": {"@id": art.url + "#webpage"},
             "mainEntityOfPage": {"@id": art.url + "#webpage"}},
        ]}

    def author_url(self) -> str:
        return self.abs("/author/enab-baladi/")

    def render_article(self, art: Art) -> tuple[str, list[str]]:
        rel = self.related(art)
        sec_label, _ = self.sections[art.section]
        head = self.og(art.title, art.url, art.summary, self.image_url(art)) + "\n" + self.date_meta(art)
        if art.date_mode == "jsonld":
            head += self.ld_script(self.jsonld_article(art), "rank-math-schema")
        date = self.date_html(art, "posted-on")
        byline = (f'<span class="byline"><a class="url fn n" href="{self.author_url()}">{esc(art.author)}</a></span>'
                  if art.author == "عنب بلدي" else f'<span class="byline">{esc(art.author)}</span>')
        cap = f'<figcaption class="wp-caption-text">{esc(art.caption)}</figcaption>' if art.caption else ""
        related = "".join(f'<li class="related-item"><a href="{a.url}"><img src="{self.image_url(a)}" alt="" loading="lazy" /><h3>{esc(a.title)}</h3></a></li>' for a in rel)
        tags = "".join(f'<a href="{self.abs("/tag/" + slugify_ar(t) + "/")}" rel="tag">{esc(t)}</a>' for t in art.tags)
        c1, c2 = self.corrections
        k1, k2 = self.complaints
        content = f"""<article id="post-{art.post_id}" class="post-{art.post_id} post type-post status-publish format-standard has-post-thumbnail hentry category-{art.section}">
<header class="entry-header">
<div class="cat-links"><a href="{self.section_url(art.section)}" rel="category tag">{esc(sec_label)}</a></div>
<h1 class="entry-title">{esc(art.title)}</h1>
<div class="entry-meta">{byline} {date}</div>
</header>
<figure class="post-thumbnail"><img width="1000" height="563" src="{self.image_url(art)}" class="attachment-post-thumbnail size-post-thumbnail wp-post-image" alt="" />{cap}</figure>
<div class="share-buttons"><span class="share-label">شارك</span>{self.share_links(art.url)}</div>
<div class="entry-content">
{self.body_html(art)}
</div>
<div class="post-corrections">
<p class="correction-link">{esc(c1)}<a href="{self.abs('/corrections/', f'post={art.post_id}')}">{esc(c2)}</a></p>
<p class="complaint-link">{esc(k1)}<a href="{self.abs('/complaints/', f'post={art.post_id}')}">{esc(k2)}</a></p>
</div>
<footer class="entry-footer"><span class="tags-links">{tags}</span></footer>
</article>
<section class="related-posts"><h2 class="section-title">{self.related_label}</h2><ul class="related-list">{related}</ul></section>"""
        page = self.doc(title=f"{art.title} | عنب بلدي", url=art.url, head=head,
                        body_class=f"post-template-default single single-post postid-{art.post_id} single-format-standard",
                        content=content, aside=self.aside(art))
        return page, self.chrome_strings(art) + [a.title for a in rel] + [c1 + c2, k1 + k2]

    def listing_items(self, items: list[Art]) -> str:
        return "\n".join(
            f'<article class="post-item post-{a.post_id}"><a class="post-thumb" href="{a.url}"><img src="{self.image_url(a)}" alt="" loading="lazy" /></a>'
            f'<div class="post-body"><h2 class="post-title"><a href="{a.url}">{esc(a.title)}</a></h2>'
            f'<div class="post-meta"><span class="date">{esc(self.date_text(a.published))}</span></div>'
            f'<p class="excerpt">{esc(a.summary[:170])}&hellip;</p></div></article>' for a in items)

    def render_listing(self, url, heading, items, extra_main="", intro="", kind="section"):
        content = (f'<header class="page-header"><h1 class="page-title">{esc(heading)}</h1>'
                   + (f'<div class="archive-description"><p>{esc(intro)}</p></div>' if intro else "")
                   + f'</header><div class="posts-list">{self.listing_items(items)}</div>{extra_main}')
        return self.doc(title=f"{heading} | عنب بلدي", url=url,
                        head=self.og(heading, url, intro or heading, f"https://{self.host}/logo.png", "website"),
                        body_class="home blog" if kind == "home" else "archive category",
                        content=content, aside=self.aside(None))

    def render_video(self, art: Art) -> str:
        content = f"""<article id="post-{art.post_id}" class="post-{art.post_id} post type-post status-publish format-video hentry category-videos post_format-post-format-video">
<header class="entry-header"><div class="cat-links"><a href="{self.section_url('video')}" rel="category tag">مرئيات</a></div>
<h1 class="entry-title">{esc(art.title)}</h1>
<div class="entry-meta"><span class="posted-on"><time datetime="{iso(art.published)}">{esc(self.date_text(art.published))}</time></span></div></header>
<div class="entry-content"><figure class="wp-block-embed is-type-video is-provider-youtube wp-block-embed-youtube"><div class="wp-block-embed__wrapper">
<iframe title="{esc(art.title)}" width="1000" height="563" src="https://www.youtube.com/embed/{art.video_id}?feature=oembed" frameborder="0" allow="accelerometer; autoplay; clipboard-write; encrypted-media; gyroscope; picture-in-picture" allowfullscreen></iframe>
</div><figcaption class="wp-element-caption">{esc(art.first_para)}</figcaption></figure></div>
<div class="share-buttons"><span class="share-label">شارك</span>{self.share_links(art.url)}</div>
</article>"""
        return self.doc(title=f"{art.title} | عنب بلدي", url=art.url,
                        head=self.og(art.title, art.url, art.summary, self.image_url(art), "video.other"),
                        body_class=f"post-template-default single single-post postid-{art.post_id} single-format-video",
                        content=content, aside=self.aside(None))

    def render_print(self, art: Art) -> str:
        canon = self.abs(f"/archives/{art.post_id}")
        return f"""<!DOCTYPE html>
<html dir="rtl" lang="ar">
<head>
<meta charset="UTF-8">
<title>{esc(art.title)} | عنب بلدي</title>
<meta name="robots" content="noindex, follow" />
<link rel="canonical" href="{canon}" />
<style>body{{font-family:Tahoma,Arial,sans-serif;max-width:760px;margin:20px auto;line-height:1.8}} .print-header img{{height:48px}} .no-print{{display:none}}</style>
</head>
<body class="print-page">
<div class="print-header"><img src="https://www.enabbaladi.net/wp-content/themes/enab2021/images/logo.svg" alt="عنب بلدي" /></div>
<article class="print-article">
<h1>{esc(art.title)}</h1>
<div class="print-meta">{esc(self.date_text(art.published))}</div>
<div class="print-content">
{self.body_html(art)}
</div>
</article>
<div class="print-footer"><p>رابط المقال: {esc(canon)}</p><p>{esc(self.copyright)}</p></div>
<script>window.onload = function () {{ window.print(); }};</script>
</body>
</html>
"""


# ---------------------------------------------------------------- Al-Quds Al-Arabi (WordPress)

class Alquds(Outlet):
    id = "alquds-alarabi"
    host = "www.alquds.co.uk"
    name = "القدس العربي"
    tz = UTC
    sections = {"news": ("عربي", "/category/arab/"), "sport": ("رياضة", "/category/sport/"),
                "economy": ("اقتصاد", "/category/economy/"), "culture": ("ثقافة", "/category/culture/"),
                "tech": ("تكنولوجيا", "/category/technology/")}
    ticker = "الأمم المتحدة تدعو إلى إدخال المزيد من المساعدات الإنسانية دون عوائق"
    newsletter = "اشترك في قائمتنا البريدية ليصلك كل جديد"
    follow = "تابعونا على"
    copyright = "جميع الحقوق محفوظة © 2023 دار القدس العربي للنشر"
    signature = "القدس العربي"
    comment_lines = ["اترك تعليقاً", "لن يتم نشر عنوان بريدك الإلكتروني.",
                     "هذا الموقع يستخدم Akismet للحدّ من التعليقات المزعجة والغير مرغوبة. تعرّف على كيفية معالجة بيانات تعليقك."]

    def article_path(self, art: Art) -> str:
        return f"/{slugify_ar(art.title)}/"

    def date_text(self, dt: datetime) -> str:
        m = dt.month - 1
        return f"{dt.day} {LEVANT_MONTHS[m]}/{EGYPT_MONTHS[m]} {dt.year}"

    def doc(self, *, title: str, url: str, head: str, body_class: str, content: str, aside: str) -> str:
        nav = "".join(f'<li class="menu-item"><a href="{self.section_url(k)}">{esc(v[0])}</a></li>' for k, v in self.sections.items())
        return f"""<!DOCTYPE html>
<html dir="rtl" lang="ar">
<head>
<meta charset="UTF-8" />
<meta name="viewport" content="width=device-width, initial-scale=1" />
<title>{esc(title)}</title>
<link rel="canonical" href="{esc(url)}" />
<meta property="og:locale" content="ar_AR" />
<meta property="og:site_name" content="القدس العربي" />
{head}
<meta name="twitter:card" content="summary_large_image" />
<meta name="twitter:site" content="@alqudsalarabi" />
<link rel='stylesheet' id='alquds-main-css' href='https://www.alquds.co.uk/wp-content/themes/alquds/assets/css/main.min.css?ver=2.9.3' media='all' />
<link rel="alternate" type="application/rss+xml" title="القدس العربي &raquo; الخلاصة" href="https://www.alquds.co.uk/feed/" />
</head>
<body class="{body_class}">
<div class="site-wrapper">
<header class="site-header">
<div class="header-top"><div class="container"><ul class="header-links"><li><a href="{self.abs('/من-نحن/')}">من نحن</a></li><li><a href="{self.abs('/اتصل-بنا/')}">اتصل بنا</a></li><li><a href="https://www.alquds.co.uk/pdf/">النسخة الورقية</a></li></ul><ul class="header-social">{self.social_links()}</ul></div></div>
<div class="header-main"><div class="container"><a class="site-logo" href="{self.abs('/')}"><img src="https://www.alquds.co.uk/wp-content/themes/alquds/assets/images/logo.svg" alt="القدس العربي" width="260" height="70" /></a></div></div>
<nav class="main-nav" aria-label="القائمة الرئيسية"><div class="container"><ul class="menu"><li class="menu-item"><a href="{self.abs('/')}">الرئيسية</a></li><li class="menu-item"><a href="{self.abs('/category/palestine/')}">فلسطين</a></li>{nav}<li class="menu-item"><a href="{self.abs('/category/opinion/')}">رأي</a></li></ul></div></nav>
<div class="breaking-news"><div class="container"><span class="breaking-label">عاجل</span><a class="breaking-link" href="{self.abs('/' + slugify_ar(self.ticker) + '/')}">{esc(self.ticker)}</a></div></div>
</header>
<main id="main" class="site-main"><div class="container"><div class="row">
<div class="col-lg-8 content-col">
{content}
</div>
<aside class="col-lg-4 sidebar">{aside}</aside>
</div></div></main>
<footer class="site-footer"><div class="container">
<div class="footer-logo"><img src="https://www.alquds.co.uk/wp-content/themes/alquds/assets/images/logo-white.svg" alt="القدس العربي" /></div>
<ul class="footer-menu"><li><a href="{self.abs('/من-نحن/')}">من نحن</a></li><li><a href="{self.abs('/اتصل-بنا/')}">اتصل بنا</a></li><li><a href="{self.abs('/privacy-policy/')}">سياسة الخصوصية</a></li></ul>
<div class="footer-social"><p class="follow-title">{esc(self.follow)}</p><ul>{self.social_links()}</ul></div>
<p class="copyright">{esc(self.copyright)}</p>
</div></footer>
</div>
<script src='https://www.alquds.co.uk/wp-content/themes/alquds/assets/js/main.min.js?ver=2.9.3' id='alquds-main-js'></script>
</body>
</html>
"""

    def aside(self, art: Art | None) -> str:
        mr = "".join(f'<li class="most-read-item"><a href="{a.url}">{esc(a.title)}</a></li>' for a in self.most_read(art))
        return (f'<section class="widget most-read"><h3 class="widget-title">{self.most_read_label}</h3><ul>{mr}</ul></section>'
                f'<section class="widget newsletter"><h3 class="widget-title">النشرة الإخبارية</h3><p class="newsletter-text">{esc(self.newsletter)}</p>'
                '<form class="newsletter-form" method="post"><input type="email" name="email" placeholder="البريد الإلكتروني" /><button type="submit">اشترك</button></form></section>')

    def comment_form(self, art: Art) -> str:
        return f"""<div id="comments" class="comments-area">
<div id="respond" class="comment-respond">
<h3 id="reply-title" class="comment-reply-title">اترك تعليقاً <small><a rel="nofollow" id="cancel-comment-reply-link" href="{art.url}#respond" style="display:none;">إلغاء الرد</a></small></h3><form action="https://www.alquds.co.uk/wp-comments-post.php" method="post" id="commentform" class="comment-form" novalidate><p class="comment-notes"><span id="email-notes">لن يتم نشر عنوان بريدك الإلكتروني.</span> <span class="required-field-message">الحقول الإلزامية مشار إليها بـ <span class="required">*</span></span></p><p class="comment-form-comment"><label for="comment">التعليق <span class="required">*</span></label> <textarea id="comment" name="comment" cols="45" rows="8" maxlength="65525" required></textarea></p><p class="comment-form-author"><label for="author">الاسم <span class="required">*</span></label> <input id="author" name="author" type="text" value="" size="30" maxlength="245" autocomplete="name" required /></p>
<p class="comment-form-email"><label for="email">البريد الإلكتروني <span class="required">*</span></label> <input id="email" name="email" type="email" value="" size="30" maxlength="100" aria-describedby="email-notes" autocomplete="email" required /></p>
<p class="form-submit"><input name="submit" type="submit" id="submit" class="submit" value="إرسال التعليق" /> <input type='hidden' name='comment_post_ID' value='{art.post_id}' id='comment_post_ID' />
<input type='hidden' name='comment_parent' id='comment_parent' value='0' />
</p><p style="display: none;"><input type="hidden" id="akismet_comment_nonce" name="akismet_comment_nonce" value="{hashlib.md5(art.key.encode()).hexdigest()[:10]}" /></p></form></div><!-- #respond -->
<p class="akismet_comment_form_privacy_notice">هذا الموقع يستخدم Akismet للحدّ من التعليقات المزعجة والغير مرغوبة. <a href="https://akismet.com/privacy/" target="_blank" rel="nofollow noopener">تعرّف على كيفية معالجة بيانات تعليقك</a>.</p>
</div>"""

    def render_article(self, art: Art) -> tuple[str, list[str]]:
        rel = self.related(art)
        sec_label, _ = self.sections[art.section]
        head = self.og(art.title, art.url, art.summary, self.image_url(art)) + "\n" + self.date_meta(art)
        if art.date_mode == "jsonld":
            head += self.ld_script(self.jsonld_article(art))
        date = self.date_html(art, "entry-date")
        wire = art.key.endswith("/alquds")
        sig = "" if wire else f'<div class="post-signature"><span class="signature-name">{esc(self.signature)}</span></div>'
        cap = f'<figcaption class="wp-element-caption">{esc(art.caption)}</figcaption>' if art.caption else ""
        related = "".join(f'<article class="related-post"><a href="{a.url}"><img src="{self.image_url(a)}" alt="" loading="lazy" /></a><h4 class="related-title"><a href="{a.url}">{esc(a.title)}</a></h4></article>' for a in rel)
        tags = "".join(f'<a href="{self.abs("/tag/" + slugify_ar(t) + "/")}" rel="tag">{esc(t)}</a>' for t in art.tags)
        content = f"""<article id="post-{art.post_id}" class="post-{art.post_id} post type-post status-publish format-standard has-post-thumbnail hentry category-{art.section} single-article">
<header class="entry-header">
<div class="entry-category"><a href="{self.section_url(art.section)}">{esc(sec_label)}</a></div>
<h1 class="entry-title">{esc(art.title)}</h1>
<div class="entry-meta">{date}</div>
</header>
<figure class="wp-block-image featured-image"><img width="730" height="438" src="{self.image_url(art)}" class="attachment-large size-large wp-post-image" alt="" decoding="async" />{cap}</figure>
<div class="alquds-share"><span class="share-title">شارك</span>{self.share_links(art.url)}</div>
<div class="entry-content">
{self.body_html(art)}
</div>
{sig}
<div class="entry-tags">{tags}</div>
</article>
<section class="related-posts"><h3 class="section-title">{self.related_label}</h3><div class="related-grid">{related}</div></section>
{self.comment_form(art)}"""
        page = self.doc(title=f"{art.title} | القدس العربي", url=art.url, head=head,
                        body_class=f"post-template-default single single-post postid-{art.post_id} single-format-standard",
                        content=content, aside=self.aside(art))
        bp = self.chrome_strings(art) + [a.title for a in rel] + self.comment_lines
        if not wire:
            bp.append(self.signature)
        return page, bp

    def render_listing(self, url, heading, items, extra_main="", intro="", kind="section"):
        lis = "".join(
            f'<article class="archive-post"><a class="post-thumb" href="{a.url}"><img src="{self.image_url(a)}" alt="" loading="lazy" /></a>'
            f'<div class="post-text"><h2 class="post-title"><a href="{a.url}">{esc(a.title)}</a></h2><p class="post-excerpt">{esc(a.summary[:170])} [&hellip;]</p></div></article>'
            for a in items)
        content = f'<header class="archive-header"><h1 class="archive-title">{esc(heading)}</h1></header><div class="archive-list">{lis}</div>{extra_main}'
        return self.doc(title=f"{heading} | القدس العربي", url=url,
                        head=self.og(heading, url, intro or heading, f"https://{self.host}/logo.png", "website"),
                        body_class="home blog" if kind == "home" else "archive category", content=content,
                        aside=self.aside(None))

    def render_static(self, url, heading, paras, form=False):
        body = "".join(f"<p>{esc(p)}</p>" for p in paras)
        if form:
            body += ('<div class="wpforms-container"><form class="wpforms-form" method="post"><div class="wpforms-field"><label>الاسم</label><input type="text" name="wpforms[fields][0]" /></div>'
                     '<div class="wpforms-field"><label>البريد الإلكتروني</label><input type="email" name="wpforms[fields][1]" /></div>'
                     '<div class="wpforms-field"><label>الرسالة</label><textarea name="wpforms[fields][2]"></textarea></div><button type="submit">إرسال</button></form></div>')
        content = f'<article class="page type-page status-publish hentry"><header class="entry-header"><h1 class="entry-title">{esc(heading)}</h1></header><div class="entry-content">{body}</div></article>'
        return self.doc(title=f"{heading} | القدس العربي", url=url,
                        head=self.og(heading, url, paras[0], f"https://{self.host}/logo.png", "website"),
                        body_class="page-template-default page", content=content, aside=self.aside(None))


# ---------------------------------------------------------------- Erem News (Next.js front end)

class Erem(Outlet):
    id = "erem-news"
    host = "www.eremnews.com"
    name = "إرم نيوز"
    tz = tzh(4)
    sections = {"news": ("العالم العربي", "/news/arab-world"), "sport": ("رياضة", "/sports"),
                "economy": ("اقتصاد", "/economy"), "culture": ("ثقافة وفنون", "/culture"),
                "tech": ("تكنولوجيا", "/technology"), "video": ("فيديو", "/video")}
    ticker = "السلطات الأوكرانية: مقتل شخصين وإصابة آخرين في قصف جوي روسي على مدينة سومي"
    newsletter = "اشترك في النشرة الإخبارية لإرم نيوز ليصلك أهم الأخبار"
    follow = "تابعونا على"
    copyright = "جميع الحقوق محفوظة ©️ 2024 شركة إرم ميديا - Erem Media FZ LLC"
    related_label = "مواضيع ذات صلة"
    SECTION_PATH = {"news": "news/arab-world", "sport": "sports", "economy": "economy", "culture": "culture",
                    "tech": "technology", "video": "video"}

    def article_path(self, art: Art) -> str:
        return f"/{self.SECTION_PATH[art.section]}/{art.post_id}"

    def href(self, url: str) -> str:  # Next.js links are root-relative
        p = urlsplit(url)
        return p.path if p.hostname == self.host else url

    def date_text(self, dt: datetime) -> str:
        h, ap = h12(dt)
        return f"{dt.day} {EGYPT_MONTHS[dt.month - 1]} {dt.year}، {h}:{dt.minute:02d} {ap}"

    def doc(self, *, title: str, url: str, head: str, content: str, aside: str, page: str) -> str:
        nav = "".join(f'<li class="header_navItem__p2LwQ"><a href="{self.href(self.section_url(k))}">{esc(v[0])}</a></li>'
                      for k, v in self.sections.items())
        build = "kZ3pQw8r1XyT0m4a"
        return f"""<!DOCTYPE html><html lang="ar" dir="rtl"><head><meta charSet="utf-8"/><meta name="viewport" content="width=device-width, initial-scale=1"/><title>{esc(title)}</title><link rel="canonical" href="{esc(url)}"/><meta property="og:site_name" content="إرم نيوز"/><meta property="og:locale" content="ar_AR"/>
{head}
<meta name="twitter:card" content="summary_large_image"/><meta name="twitter:site" content="@EremNews"/><link rel="preload" href="/_next/static/css/3b1e7c0a9f2d4e61.css" as="style"/><link rel="stylesheet" href="/_next/static/css/3b1e7c0a9f2d4e61.css" data-n-g=""/><link rel="alternate" type="application/rss+xml" href="https://www.eremnews.com/rss" title="إرم نيوز"/></head>
<body><div id="__next"><div class="layout_wrapper__Xk2p9">
<header class="header_header__a1B2c"><div class="header_top__Fq7s1"><a href="/" class="header_logo__T8c3d"><img src="/images/logo.svg" alt="logo" width="120" height="40"/></a>
<nav class="header_nav__R4nY0"><ul class="header_navList__0bC1e"><li class="header_navItem__p2LwQ"><a href="/">الرئيسية</a></li>{nav}</ul></nav>
<button class="header_search__Z9m2x" aria-label="بحث"></button></div>
<div class="breaking_breaking__Q9x2L"><span class="breaking_label__W1e5r">عاجل</span><div class="breaking_marquee__H7t6y"><a href="/news/world/1519902">{esc(self.ticker)}</a></div></div>
</header>
<div class="layout_content__m3Q8v">
<main class="layout_main__Yp1c7">
{content}
</main>
<aside class="layout_aside__v2B6n">{aside}</aside>
</div>
<footer class="footer_footer__k0S2a"><div class="footer_top__N5r8e"><a href="/"><img src="/images/logo-white.svg" alt="logo" width="110" height="36"/></a>
<ul class="footer_links__e4Uu1"><li><a href="/about-us">من نحن</a></li><li><a href="/contact-us">اتصل بنا</a></li><li><a href="/privacy-policy">سياسة الخصوصية</a></li><li><a href="/terms">الشروط والأحكام</a></li></ul></div>
<div class="footer_social__Lb7w0"><p>{esc(self.follow)}</p><ul>{self.social_links()}</ul></div>
<p class="footer_copy__c6Vv3">{esc(self.copyright)}</p></footer>
</div></div>
<script id="__NEXT_DATA__" type="application/json">{{"props":{{"pageProps":{{"page":"{page}"}}}},"page":"/{page}","query":{{}},"buildId":"{build}","isFallback":false,"gssp":true,"locale":"ar"}}</script>
<script src="/_next/static/chunks/webpack-5c4a1f0e2b8d9a37.js" defer=""></script><script src="/_next/static/chunks/framework-2f0b8e1d4c6a9b35.js" defer=""></script><script src="/_next/static/{build}/_buildManifest.js" defer=""></script>
</body></html>
"""

    def aside(self, art: Art | None) -> str:
        mr = "".join(f'<li class="mostRead_item__s8Qp2"><span class="mostRead_num__G3k1t">{i}</span><a href="{self.href(a.url)}">{esc(a.title)}</a></li>'
                     for i, a in enumerate(self.most_read(art), 1))
        return (f'<section class="mostRead_box__B0z7n"><h3 class="mostRead_title__Kc4x9">{self.most_read_label}</h3><ol>{mr}</ol></section>'
                f'<section class="newsletter_box__u5Dd8"><p class="newsletter_text__Aa2m4">{esc(self.newsletter)}</p>'
                '<form class="newsletter_form__Ww9e1"><input type="email" placeholder="البريد الإلكتروني"/><button type="submit">اشترك</button></form></section>')

    def jsonld_article(self, art: Art) -> dict:
        obj = super().jsonld_article(art)
        obj["@id"] = art.url
        obj["articleSection"] = self.sections[art.section][0]
        obj["inLanguage"] = "ar"
        return obj

    def render_article(self, art: Art) -> tuple[str, list[str]]:
        rel = self.related(art)
        sec_label, _ = self.sections[art.section]
        head = (f'<meta name="description" content="{esc(art.summary[:200])}"/>\n'
                + self.og(art.title, art.url, art.summary, self.image_url(art)) + "\n" + self.date_meta(art))
        if art.date_mode == "jsonld":
            head += self.ld_script(self.jsonld_article(art))
            head += self.ld_script({"@context": "https://schema.org", "@type": "BreadcrumbList", "itemListElement": [
                {"@type": "ListItem", "position": 1, "name": "إرم نيوز", "item": f"https://{self.host}/"},
                {"@type": "ListItem", "position": 2, "name": sec_label, "item": self.section_url(art.section)}]})
        if art.date_mode == "time":
            date = f'<time class="article_date__Vb5n1" dateTime="{iso(art.published)}">{esc(self.date_text(art.published))}</time>'
        else:
            date = f'<span class="article_date__Vb5n1">{esc(self.date_text(art.published))}</span>'
        source = "المصدر: رويترز" if art.key == "seed-004" or art.post_id % 2 == 0 else "المصدر: أ ف ب"
        caption = art.caption or "صورة أرشيفية"
        related = "".join(f'<li class="related_item__t0Pj4"><a href="{self.href(a.url)}"><img src="{self.image_url(a)}" alt="{esc(a.title)}" loading="lazy"/><span>{esc(a.title)}</span></a></li>' for a in rel)
        tags = "".join(f'<a class="tags_tag__Hc2s0" href="/tag/{quote(slugify_ar(t))}">{esc(t)}</a>' for t in art.tags)
        content = f"""<article class="article_article__q8Nf3">
<div class="breadcrumb_breadcrumb__D2v5b"><a href="{self.href(self.section_url(art.section))}">{esc(sec_label)}</a></div>
<h1 class="article_title__3kfQ1">{esc(art.title)}</h1>
<figure class="article_figure__Jm0r6"><img src="{self.image_url(art)}" alt="{esc(art.title)}" width="840" height="472"/><figcaption class="article_caption__x1Ls8">{esc(caption)}<span class="article_source__Ns3e2">{esc(source)}</span></figcaption></figure>
<div class="article_meta__Pz6g4">{date}</div>
<div class="share_share__Ty9u0"><span class="share_label__e2Fq5">شارك</span>{self.share_links(art.url)}</div>
<div class="article_body__R7c2m article-body">
{self.body_html(art)}
</div>
<div class="tags_tags__k5Wb7">{tags}</div>
</article>
<section class="related_related__V3x8q"><h3 class="related_title__Mj1n6">{self.related_label}</h3><ul class="related_list__s7Ga9">{related}</ul></section>"""
        page = self.doc(title=f"{art.title} | إرم نيوز", url=art.url, head=head, content=content,
                        aside=self.aside(art), page=self.SECTION_PATH[art.section] + "/[id]")
        return page, self.chrome_strings(art) + [a.title for a in rel] + ["logo", source]

    def render_listing(self, url, heading, items, extra_main="", intro="", kind="section"):
        lis = "".join(
            f'<li class="sectionList_item__c4Tz1"><a class="sectionList_link__Yw2e8" href="{self.href(a.url)}"><img src="{self.image_url(a)}" alt="{esc(a.title)}" loading="lazy"/>'
            f'<h2 class="sectionList_title__P5n3v">{esc(a.title)}</h2></a><p class="sectionList_excerpt__g1Rk0">{esc(a.summary[:150])}</p></li>' for a in items)
        content = f'<h1 class="section_title__Q2w8x">{esc(heading)}</h1><ul class="sectionList_list__H8s2d">{lis}</ul>{extra_main}'
        return self.doc(title=f"{heading} | إرم نيوز", url=url,
                        head=self.og(heading, url, intro or heading, f"https://{self.host}/images/logo.svg", "website"),
                        content=content, aside=self.aside(None), page="home" if kind == "home" else "section")

    def render_video(self, art: Art) -> str:
        content = f"""<article class="video_video__Gg7k2">
<h1 class="video_title__Rm3w5">{esc(art.title)}</h1>
<div class="video_player__Tt0x4"><iframe src="https://www.youtube.com/embed/{art.video_id}" title="{esc(art.title)}" width="840" height="472" frameBorder="0" allow="autoplay; encrypted-media; picture-in-picture" allowFullScreen=""></iframe></div>
<p class="video_caption__Lw8b1">{esc(art.first_para)}</p>
<time class="video_date__Bq2n7" dateTime="{iso(art.published)}">{esc(self.date_text(art.published))}</time>
</article>"""
        return self.doc(title=f"{art.title} | إرم نيوز", url=art.url,
                        head=self.og(art.title, art.url, art.summary, self.image_url(art), "video.other"),
                        content=content, aside=self.aside(None), page="video/[id]")


OUTLET_CLASSES = [Ugarit, Youm7, Enab, Alquds, Erem]

# the real entry points (must mirror sources.toml)
ENTRY_POINTS = {
    "ugarit-post": {"feeds": ["https://www.ugaritpost.com/feed/atom/"],
                    "sitemaps": ["https://www.ugaritpost.com/sitemap_index.xml"], "sections": []},
    "youm7": {"feeds": ["https://www.youm7.com/rss/SectionRss?SectionID=65"],
              "sitemaps": ["https://www.youm7.com/sitemaps/news.xml"], "sections": []},
    "enab-baladi": {"feeds": ["https://www.enabbaladi.net/feed/"], "sitemaps": [],
                    "sections": [("https://www.enabbaladi.net/category/news/", r"^https://www\.enabbaladi\.net/archives/\d+")]},
    "alquds-alarabi": {"feeds": ["https://www.alquds.co.uk/feed/"],
                       "sitemaps": ["https://www.alquds.co.uk/sitemap_index.xml"], "sections": []},
    "erem-news": {"feeds": ["https://www.eremnews.com/rss"], "sitemaps": ["https://www.eremnews.com/sitemap/news.xml"],
                  "sections": [("https://www.eremnews.com/news/arab-world", r"^https://www\.eremnews\.com/news/arab-world/\d+")]},
}

# post ids / article ids: deterministic, increasing with the date like the real CMSs'
ID_RULES = {  # outlet: (seed id, base for 2018 copy, ids per day)
    "ugarit-post": (128734, 40000, 25),
    "youm7": (5614523, 3550000, 2350),
    "enab-baladi": (684522, 210000, 270),
    "alquds-alarabi": (3212345, 1000000, 550),
    "erem-news": (1519873, 1180000, 330),
}
FIXED_IDS = {"video-youm7": 5614611, "video-enab": 684498, "video-erem": 1519805}


def assign_ids(outlet: Outlet) -> None:
    seed_id, base, per_day = ID_RULES[outlet.id]
    for i, a in enumerate(outlet.arts):
        if a.key.startswith("seed-"):
            a.post_id = seed_id
        elif a.key in FIXED_IDS:
            a.post_id = FIXED_IDS[a.key]
        else:
            days = (a.published.date() - datetime(2018, 1, 1).date()).days
            a.post_id = base + days * per_day + 7 * i + (a.published.hour * 3)
        a.url = outlet.abs(outlet.article_path(a))


# --------------------------------------------------------------------------------------------
# the site being written
# --------------------------------------------------------------------------------------------

@dataclass
class Site:
    files: dict[str, bytes] = field(default_factory=dict)   # rel path (under sites/) -> bytes
    goldens: dict[str, dict] = field(default_factory=dict)  # rel path (under golden dir) -> json
    html_pages: dict[str, str] = field(default_factory=dict)  # url -> rel path (every HTML page)
    page_meta: dict[str, dict] = field(default_factory=dict)  # url -> info for the checks
    readme_sources: list[str] = field(default_factory=list)

    def put(self, rel: str, data: bytes | str, headers: dict | None = None) -> str:
        if isinstance(data, str):
            data = data.encode("utf-8")
        check(rel not in self.files, f"two files map to {rel}")
        for other in self.files:   # a file and a directory cannot share a name
            check(not other.startswith(rel + "/") and not rel.startswith(other + "/"),
                  f"file/directory clash: {rel} vs {other}")
        self.files[rel] = data
        if headers is not None:
            self.files[rel + ".headers.json"] = (json.dumps(headers, ensure_ascii=False, indent=2) + "\n").encode()
        return rel

    def put_url(self, url: str, data: bytes | str, headers: dict | None = None, rel: str | None = None) -> str:
        return self.put(rel or url_to_rel(url), data, headers)

    def page(self, url: str, data: bytes | str, golden: dict, *, rel: str | None = None,
             headers: dict | None = None, encoding: str = "utf-8", info: dict | None = None) -> None:
        rel = self.put_url(url, data, headers, rel)
        host = urlsplit(url).hostname
        g = {"url": url, "file": rel}
        g.update(golden)
        if "text_start" in g:
            g["text_start"] = g["text_start"].rstrip()
        name = golden_name(url)
        grel = f"{host}/{name}.json"
        check(grel not in self.goldens, f"golden name clash {grel}")
        self.goldens[grel] = g
        self.html_pages[url] = rel
        self.page_meta[url] = dict(info or {}, encoding=encoding)


def article_golden(art: Art, boilerplate: list[str], source: str | None) -> dict:
    return {"is_article": True, "title": norm_ws(art.title), "published": art.published.date().isoformat(),
            "text_start": norm_ws(art.first_para)[:60], "boilerplate": dedup(boilerplate), "source": source}


def dedup(items: list[str]) -> list[str]:
    seen: list[str] = []
    for s in items:
        s = norm_ws(s)
        if s and s not in seen:
            seen.append(s)
    return seen


def nonarticle_golden(source: str | None) -> dict:
    return {"is_article": False, "source": source}


# --------------------------------------------------------------------------------------------
# feeds and sitemaps
# --------------------------------------------------------------------------------------------

def cdata(s: str) -> str:
    check("]]>" not in s, "CDATA terminator in text")
    return f"<![CDATA[{s}]]>"


def content_html(art: Art) -> str:
    return "".join(f"<p>{esc(t)}</p>" if k != "h2" and k != "h3" else f"<{k}>{esc(t)}</{k}>" for k, t in art.blocks)


def rss_wordpress(outlet: Outlet, items: list[Art], title: str, desc: str, full: bool) -> str:
    parts = []
    for a in items:
        cats = f"<category>{cdata(outlet.sections[a.section][0])}</category>"
        enc = f"\n\t\t<content:encoded>{cdata(content_html(a))}</content:encoded>" if full else ""
        parts.append(f"""	<item>
		<title>{xesc(a.title)}</title>
		<link>{xesc(a.url)}</link>
		<dc:creator>{cdata(a.author)}</dc:creator>
		<pubDate>{rfc2822(a.published.astimezone(UTC)).replace("-0000", "+0000")}</pubDate>
		{cats}
		<guid isPermaLink="false">https://{outlet.host}/?p={a.post_id}</guid>
		<description>{cdata(a.summary[:220] + " [&#8230;]")}</description>{enc}
	</item>""")
    last = max(a.published for a in items).astimezone(UTC)
    return f"""<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"
	xmlns:content="http://purl.org/rss/1.0/modules/content/"
	xmlns:wfw="http://wellformedweb.org/CommentAPI/"
	xmlns:dc="http://purl.org/dc/elements/1.1/"
	xmlns:atom="http://www.w3.org/2005/Atom"
	xmlns:sy="http://purl.org/rss/1.0/modules/syndication/"
	xmlns:slash="http://purl.org/rss/1.0/modules/slash/"
	>

<channel>
	<title>{xesc(title)}</title>
	<atom:link href="https://{outlet.host}/feed/" rel="self" type="application/rss+xml" />
	<link>https://{outlet.host}</link>
	<description>{xesc(desc)}</description>
	<lastBuildDate>{rfc2822(last).replace("-0000", "+0000")}</lastBuildDate>
	<language>ar</language>
	<sy:updatePeriod>hourly</sy:updatePeriod>
	<sy:updateFrequency>1</sy:updateFrequency>
	<generator>https://wordpress.org/?v=6.4.3</generator>
{chr(10).join(parts)}
	</channel>
</rss>
"""


def atom_ugarit(outlet: Outlet, items: list[Art]) -> str:
    entries = []
    for a in items:
        entries.append(f"""	<entry>
		<author>
			<name>{xesc(a.author)}</name>
		</author>
		<title type="html"><![CDATA[{a.title}]]></title>
		<link rel="alternate" type="text/html" href="{xesc(a.url)}" />
		<id>https://{outlet.host}/?p={a.post_id}</id>
		<updated>{iso_utc_z(a.modified)}</updated>
		<published>{iso_utc_z(a.published)}</published>
		<category scheme="https://{outlet.host}" term="{esc(outlet.sections[a.section][0])}" />
		<summary type="html">{cdata(a.summary[:220] + " [&#8230;]")}</summary>
		<content type="html" xml:base="{xesc(a.url)}">{cdata(content_html(a))}</content>
		<link rel="replies" type="text/html" href="{xesc(a.url)}#respond" thr:count="0" />
	</entry>""")
    updated = iso_utc_z(max(a.modified for a in items))
    return f"""<?xml version="1.0" encoding="UTF-8"?><feed
  xmlns="http://www.w3.org/2005/Atom"
  xmlns:thr="http://purl.org/syndication/thread/1.0"
  xml:lang="ar"
  >
	<title type="text">أوغاريت بوست</title>
	<subtitle type="text">موقع إخباري سوري مستقل</subtitle>

	<updated>{updated}</updated>

	<link rel="alternate" type="text/html" href="https://{outlet.host}" />
	<id>https://{outlet.host}/feed/atom/</id>
	<link rel="self" type="application/atom+xml" href="https://{outlet.host}/feed/atom/" />

	<generator uri="https://wordpress.org/" version="6.5.2">WordPress</generator>
{chr(10).join(entries)}
</feed>
"""


def rss_plain(outlet: Outlet, items: list[Art], title: str, link: str, self_url: str, tz: timezone) -> str:
    parts = []
    for a in items:
        parts.append(f"""<item>
<title>{xesc(a.title)}</title>
<link>{xesc(a.url)}</link>
<description>{xesc(a.summary[:220])}</description>
<pubDate>{rfc2822(a.published.astimezone(tz))}</pubDate>
<guid isPermaLink="false">{a.post_id}</guid>
<media:content url="{xesc(outlet.image_url(a))}" medium="image" type="image/jpeg" />
</item>""")
    last = max(a.published for a in items).astimezone(tz)
    return f"""<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0" xmlns:atom="http://www.w3.org/2005/Atom" xmlns:media="http://search.yahoo.com/mrss/">
<channel>
<title>{xesc(title)}</title>
<link>{xesc(link)}</link>
<description>{xesc(title)}</description>
<language>ar</language>
<lastBuildDate>{rfc2822(last)}</lastBuildDate>
<atom:link href="{xesc(self_url)}" rel="self" type="application/rss+xml" />
<image><url>https://{outlet.host}/images/logo.png</url><title>{xesc(outlet.name)}</title><link>{xesc(link)}</link></image>
{chr(10).join(parts)}
</channel>
</rss>
"""


def urlset(entries: list[tuple[str, datetime | None, str | None]]) -> str:
    rows = []
    for loc, lastmod, img in entries:
        row = f"\t<url>\n\t\t<loc>{xesc(loc)}</loc>\n"
        if lastmod is not None:
            row += f"\t\t<lastmod>{lastmod.astimezone(UTC).isoformat(timespec='seconds')}</lastmod>\n"
        if img:
            row += f"\t\t<image:image>\n\t\t\t<image:loc>{xesc(img)}</image:loc>\n\t\t</image:image>\n"
        rows.append(row + "\t</url>")
    return ('<?xml version="1.0" encoding="UTF-8"?>\n'
            '<urlset xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" '
            'xmlns:image="http://www.google.com/schemas/sitemap-image/1.1" '
            'xsi:schemaLocation="http://www.sitemaps.org/schemas/sitemap/0.9 http://www.sitemaps.org/schemas/sitemap/0.9/sitemap.xsd '
            'http://www.google.com/schemas/sitemap-image/1.1 http://www.google.com/schemas/sitemap-image/1.1/sitemap-image.xsd" '
            'xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n' + "\n".join(rows) + "\n</urlset>\n")


def sitemapindex(entries: list[tuple[str, datetime]]) -> str:
    rows = "\n".join(f"\t<sitemap>\n\t\t<loc>{xesc(loc)}</loc>\n\t\t<lastmod>{lm.astimezone(UTC).isoformat(timespec='seconds')}</lastmod>\n\t</sitemap>"
                     for loc, lm in entries)
    return ('<?xml version="1.0" encoding="UTF-8"?>\n'
            '<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n' + rows + "\n</sitemapindex>\n")


def news_sitemap(outlet: Outlet, items: list[Art], pub_name: str) -> str:
    rows = []
    for a in items:
        rows.append(f"""<url>
<loc>{xesc(a.url)}</loc>
<news:news>
<news:publication>
<news:name>{xesc(pub_name)}</news:name>
<news:language>ar</news:language>
</news:publication>
<news:publication_date>{iso(a.published)}</news:publication_date>
<news:title>{xesc(a.title)}</news:title>
</news:news>
<image:image><image:loc>{xesc(outlet.image_url(a))}</image:loc></image:image>
</url>""")
    return ('<?xml version="1.0" encoding="UTF-8"?>\n'
            '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" '
            'xmlns:news="http://www.google.com/schemas/sitemap-news/0.9" '
            'xmlns:image="http://www.google.com/schemas/sitemap-image/1.1">\n' + "\n".join(rows) + "\n</urlset>\n")


FEED_HEADERS_RSS = {"Content-Type": "application/rss+xml; charset=UTF-8"}
FEED_HEADERS_ATOM = {"Content-Type": "application/atom+xml; charset=UTF-8"}


# --------------------------------------------------------------------------------------------
# building each outlet
# --------------------------------------------------------------------------------------------

def write_articles(site: Site, o: Outlet) -> None:
    for a in o.arts:
        if a.kind == "article":
            page, bp = o.render_article(a)
            site.page(a.url, page, article_golden(a, bp, o.id), info={"art": a, "outlet": o.id})
        elif a.kind == "video":
            site.page(a.url, o.render_video(a), nonarticle_golden(o.id), info={"outlet": o.id, "kind": "video"})
        elif a.kind == "print":
            g = article_golden(a, [o.copyright], o.id)
            g["robots_disallowed"] = True
            site.page(a.url, o.render_print(a), g, info={"art": a, "outlet": o.id, "print": True})


def build_ugarit(site: Site, o: Ugarit) -> None:
    arts = o.by_date(o.articles())
    home = o.abs("/")
    site.page(home, o.render_listing(home, "أوغاريت بوست - الرئيسية", arts, kind="home",
                                     intro="موقع إخباري سوري مستقل"), nonarticle_golden(o.id),
              info={"outlet": o.id, "listing": True})
    about, contact = o.abs("/about-us/"), o.abs("/contact-us/")
    site.page(about, o.render_static(about, "من نحن", [
        "أوغاريت بوست موقع إخباري سوري مستقل، يهتم بتغطية الأخبار السياسية والميدانية في سوريا والمنطقة، ويقدم التقارير والتحليلات والمقالات المترجمة.",
        "يسعى الموقع إلى تقديم معلومة دقيقة ومتوازنة، ويلتزم بالمعايير المهنية في العمل الصحفي، ويرحب بمساهمات الكتّاب والصحفيين.",
        "يعمل فريق الموقع من داخل سوريا وخارجها، ويمكن التواصل مع هيئة التحرير عبر صفحة اتصل بنا."]),
        nonarticle_golden(o.id), info={"outlet": o.id})
    site.page(contact, o.render_static(contact, "اتصل بنا", [
        "لمراسلة هيئة التحرير أو إرسال الملاحظات والتصحيحات، يرجى استخدام النموذج أدناه أو مراسلتنا عبر البريد الإلكتروني info@ugaritpost.com."],
        form=True), nonarticle_golden(o.id), info={"outlet": o.id})
    write_articles(site, o)
    # feeds and sitemaps
    site.put_url(o.abs("/feed/atom/"), atom_ugarit(o, arts[:6]), FEED_HEADERS_ATOM)
    last = max(a.modified for a in arts)
    site.put_url(o.abs("/sitemap_index.xml"), sitemapindex([(o.abs("/post-sitemap.xml"), last),
                                                             (o.abs("/page-sitemap.xml"), datetime(2023, 6, 14, 9, 12, tzinfo=UTC))]))
    site.put_url(o.abs("/post-sitemap.xml"), urlset([(a.url, a.modified, o.image_url(a)) for a in reversed(arts)]))
    site.put_url(o.abs("/page-sitemap.xml"), urlset([(home, last, None),
                                                      (about, datetime(2021, 3, 2, 10, 0, tzinfo=UTC), None),
                                                      (contact, datetime(2023, 6, 14, 9, 12, tzinfo=UTC), None)]))
    site.put_url(o.abs("/robots.txt"), "User-agent: *\nDisallow: /wp-admin/\nAllow: /wp-admin/admin-ajax.php\n\n"
                 "Sitemap: https://www.ugaritpost.com/sitemap_index.xml\n")


def build_youm7(site: Site, o: Youm7) -> None:
    arts = o.articles()
    seed, on1, on2, on3, off1, off2, off3, off4, wire = arts
    video = next(a for a in o.arts if a.kind == "video")
    home = o.abs("/")
    site.page(home, o.render_listing(home, "اليوم السابع", o.by_date(arts), kind="home"), nonarticle_golden(o.id),
              info={"outlet": o.id, "listing": True})
    sec = o.section_url("breaking")
    site.page(sec, o.render_listing(sec, "أخبار عاجلة", o.by_date([seed, wire, on1, on2, on3]),
                                    intro="آخر الأخبار العاجلة من اليوم السابع"),
              nonarticle_golden(o.id), info={"outlet": o.id, "listing": True})
    write_articles(site, o)
    rss_items = sorted([seed, wire, video, on1, on2, off1, off2], key=lambda a: a.published, reverse=True)
    site.put_url(o.abs("/rss/SectionRss", "SectionID=65"),
                 rss_plain(o, rss_items, "اليوم السابع - أخبار عاجلة", sec, o.abs("/rss/SectionRss", "SectionID=65"), o.tz),
                 {"Content-Type": "application/rss+xml; charset=utf-8"})
    site.put_url(o.abs("/sitemaps/news.xml"),
                 news_sitemap(o, o.by_date([seed, wire, on1, on3, off3, off4]), "اليوم السابع"))
    site.put_url(o.abs("/robots.txt"), "User-agent: *\nDisallow: /Account/\nDisallow: /Search\nDisallow: /Newsletter/\n\n"
                 "User-agent: GPTBot\nDisallow: /\n\nSitemap: https://www.youm7.com/sitemaps/news.xml\n")


def build_enab(site: Site, o: Enab) -> None:
    posts = o.by_date([a for a in o.arts if a.kind in ("article", "video")])
    printed = next(a for a in o.arts if a.kind == "print")
    home = o.abs("/")
    site.page(home, o.render_listing(home, "عنب بلدي", posts[:8], kind="home"), nonarticle_golden(o.id),
              info={"outlet": o.id, "listing": True})
    tag_url = o.abs("/tag/" + slugify_ar("التحالف الدولي") + "/")
    author_url = o.author_url()
    sec1, sec2 = o.abs("/category/news/"), o.abs("/category/news/page/2/")
    extras = f"""<div class="print-box"><span class="print-label">ملف للطباعة:</span> <a class="print-link" href="{printed.url}">{esc(printed.title)}</a></div>
<div class="section-tags"><h3>وسوم رائجة</h3><a href="{tag_url}" rel="tag">التحالف الدولي</a></div>
<div class="section-authors"><h3>كتّاب</h3><a href="{author_url}">عنب بلدي</a></div>
<nav class="navigation pagination" aria-label="المقالات"><div class="nav-links"><span aria-current="page" class="page-numbers current">1</span>
<a class="page-numbers" href="{sec2}">2</a>
<a class="next page-numbers" href="{sec2}">التالي</a></div></nav>"""
    site.page(sec1, o.render_listing(sec1, "أخبار", posts[:5], extras), nonarticle_golden(o.id),
              info={"outlet": o.id, "listing": True})
    nav2 = f"""<nav class="navigation pagination" aria-label="المقالات"><div class="nav-links"><a class="prev page-numbers" href="{sec1}">السابق</a>
<a class="page-numbers" href="{sec1}">1</a><span aria-current="page" class="page-numbers current">2</span></div></nav>"""
    site.page(sec2, o.render_listing(sec2, "أخبار - الصفحة 2", posts[5:], nav2), nonarticle_golden(o.id),
              info={"outlet": o.id, "listing": True})
    on_topic = [a for a in posts if a.kind == "article" and (a.key.startswith("seed") or a.key in {
        read_key(r) for r in ON_TOPIC[o.id]})]
    site.page(tag_url, o.render_listing(tag_url, "التحالف الدولي", on_topic,
                                        intro="كل ما نشرته عنب بلدي عن التحالف الدولي"),
              nonarticle_golden(o.id), info={"outlet": o.id, "listing": True})
    site.page(author_url, o.render_listing(author_url, "عنب بلدي", [a for a in posts if a.author == "عنب بلدي"],
                                           intro="صحيفة سورية مستقلة تأسست عام 2012 في مدينة داريا بريف دمشق."),
              nonarticle_golden(o.id), info={"outlet": o.id, "listing": True})
    write_articles(site, o)
    # The feed also lists the print version, which robots.txt disallows: a polite crawler never fetches it.
    site.put_url(o.abs("/feed/"), rss_wordpress(o, posts[:6] + [printed], "عنب بلدي", "صحيفة سورية مستقلة", full=False),
                 FEED_HEADERS_RSS)
    site.put_url(o.abs("/robots.txt"), "User-agent: *\nDisallow: /wp-admin/\nDisallow: /print/\n"
                 "Disallow: /?s=\nAllow: /wp-admin/admin-ajax.php\n")


def read_key(rel: str) -> str:
    return rel.rsplit("/", 1)[1]


def build_alquds(site: Site, o: Alquds) -> None:
    arts = o.by_date(o.articles())
    home = o.abs("/")
    site.page(home, o.render_listing(home, "القدس العربي", arts, kind="home"), nonarticle_golden(o.id),
              info={"outlet": o.id, "listing": True})
    about, contact = o.abs("/من-نحن/"), o.abs("/اتصل-بنا/")
    site.page(about, o.render_static(about, "من نحن", [
        "القدس العربي صحيفة يومية عربية مستقلة تصدر في لندن منذ عام 1989، وتعنى بالشأن العربي والدولي.",
        "تنشر الصحيفة الأخبار والتقارير والتحقيقات ومقالات الرأي، إلى جانب ملفات الثقافة والاقتصاد والرياضة، عبر نسختها الورقية وموقعها الإلكتروني.",
        "للتواصل مع أسرة التحرير يرجى زيارة صفحة اتصل بنا."]), nonarticle_golden(o.id), info={"outlet": o.id})
    site.page(contact, o.render_static(contact, "اتصل بنا", [
        "يسعدنا تلقي رسائلكم واقتراحاتكم. للتواصل مع التحرير أو قسم الإعلانات يرجى تعبئة النموذج التالي."], form=True),
        nonarticle_golden(o.id), info={"outlet": o.id})
    write_articles(site, o)
    site.put_url(o.abs("/feed/"), rss_wordpress(o, arts[:6], "القدس العربي", "صحيفة عربية يومية مستقلة", full=True),
                 FEED_HEADERS_RSS)
    last = max(a.modified for a in arts)
    posts_xml = urlset([(a.url, a.modified, o.image_url(a)) for a in reversed(arts)]).encode("utf-8")
    site.put_url(o.abs("/post-sitemap1.xml.gz"), gzip.compress(posts_xml, compresslevel=9, mtime=0))
    site.put_url(o.abs("/page-sitemap.xml"), urlset([(home, last, None),
                                                      (about, datetime(2022, 9, 1, 8, 0, tzinfo=UTC), None),
                                                      (contact, datetime(2022, 9, 1, 8, 5, tzinfo=UTC), None)]))
    site.put_url(o.abs("/sitemap_index.xml"), sitemapindex([(o.abs("/post-sitemap1.xml.gz"), last),
                                                             (o.abs("/page-sitemap.xml"), datetime(2022, 9, 1, 8, 5, tzinfo=UTC))]))
    site.put_url(o.abs("/robots.txt"), "User-agent: *\nDisallow: /wp-admin/\nDisallow: /wp-content/uploads/wpforms/\n"
                 "Allow: /wp-admin/admin-ajax.php\n\nSitemap: https://www.alquds.co.uk/sitemap_index.xml\n")


def build_erem(site: Site, o: Erem) -> None:
    arts = o.articles()
    video = next(a for a in o.arts if a.kind == "video")
    home = o.abs("/")
    site.page(home, o.render_listing(home, "إرم نيوز", o.by_date(arts), kind="home"), nonarticle_golden(o.id),
              info={"outlet": o.id, "listing": True})
    news = o.by_date([a for a in arts if a.section == "news"])
    tag_url = o.abs("/tag/" + slugify_ar("العراق"))
    sec = o.section_url("news")
    extras = (f'<section class="section_video__Xq2v0"><h2>فيديو</h2><a href="{o.href(video.url)}">{esc(video.title)}</a></section>'
              f'<div class="section_tags__F4n1k"><span>وسوم:</span><a href="{o.href(tag_url)}">العراق</a></div>')
    # /news/arab-world is also the directory of the articles: stored as news/arab-world/index.html
    site.page(sec, o.render_listing(sec, "العالم العربي", news, extras), nonarticle_golden(o.id),
              rel=f"{o.host}/news/arab-world/index.html", info={"outlet": o.id, "listing": True})
    site.page(tag_url, o.render_listing(tag_url, "العراق", news[:3],
                                        intro="آخر الأخبار عن العراق"),
              nonarticle_golden(o.id), info={"outlet": o.id, "listing": True})
    write_articles(site, o)
    rss_items = o.by_date(arts + [video])[:7]
    site.put_url(o.abs("/rss"), rss_plain(o, rss_items, "إرم نيوز", o.abs("/"), o.abs("/rss"), UTC),
                 {"Content-Type": "application/rss+xml; charset=utf-8"})
    site.put_url(o.abs("/sitemap/news.xml"), news_sitemap(o, o.by_date(arts), "إرم نيوز"))
    site.put_url(o.abs("/robots.txt"), "User-agent: *\nDisallow: /search\nDisallow: /api/\nDisallow: /_next/\n\n"
                 "Sitemap: https://www.eremnews.com/sitemap/news.xml\n")


# --------------------------------------------------------------------------------------------
# the real pages
# --------------------------------------------------------------------------------------------

def load_sources_tsv(shared: Path) -> dict[str, dict]:
    rows = (shared / "data/SOURCES.tsv").read_text("utf-8").splitlines()
    head = rows[0].split("\t")
    return {r.split("\t")[0]: dict(zip(head, r.split("\t"))) for r in rows[1:] if r.strip()}


def text_of(data: bytes, enc: str) -> str:
    return norm_ws(html.unescape(scan_html(data, enc).text))


def build_real(site: Site, shared: Path) -> None:
    base = shared / "data/arabic-html"
    src = load_sources_tsv(shared)

    def cite(local: str) -> str:
        r = src["arabic-html/" + local]
        return f"{r['origin_repo']} `{r['path_in_repo']}` @ {r['commit'][:12]} ({r['license']})"

    # Fundus (LBC)
    lb = base / "fundus-lb/tests/resources/parser/test_data/lb"
    meta = json.loads((lb / "meta.info").read_text("utf-8"))
    fname, info = next(iter(meta.items()))
    data = gzip.decompress((lb / fname).read_bytes())
    truth = json.loads((lb / "LBCGroup.json").read_text("utf-8"))["V1"]
    paras = [p for s in truth["body"]["sections"] for p in s["paragraphs"]]
    url = encode_url(info["url"])
    site.page(url, data, {"is_article": True, "title": norm_ws(truth["title"]),
                          "published": truth["publishing_date"][:10], "text_start": norm_ws(paras[0])[:60],
                          "boilerplate": [], "source": None}, info={"real": True})
    site.readme_sources.append(f"- `{url_to_rel(url)}` — LBC Group page from the Fundus parser tests, "
                               f"{cite('fundus-lb/tests/resources/parser/test_data/lb/' + fname)}; "
                               "ground truth: `LBCGroup.json`.")

    # newspaper4k CNN Arabic (the goose3 copy is the same URL, whitespace-only differences: not kept)
    n4 = base / "newspaper4k/tests/data"
    md = json.loads((n4 / "metadata/arabic_article.json").read_text("utf-8"))
    g3 = json.loads((base / "goose3/tests/data/content/test_cnn_arabic.json").read_text("utf-8"))
    check(g3["url"] == md["url"], "CNN copies have different URLs")
    data = (n4 / "html/arabic_article.html").read_bytes()
    txt = [l for l in (n4 / "txt/arabic_article.txt").read_text("utf-8").splitlines() if l.strip()]
    check(norm_ws(g3["expected"]["cleaned_text"])[:60] == norm_ws(txt[0])[:60], "goose3/newspaper4k disagree")
    url = encode_url(md["url"])
    site.page(url, data, {"is_article": True, "title": norm_ws(md["title"]),
                          # no date in the ground truth; the URL and the text (events of Friday night to
                          # Saturday) give Saturday 3 Aug 2013.  The page's «الأربعاء، 28 آب/اغسطس 2013،
                          # آخر تحديث» line is a later "last updated" stamp.
                          "published": "2013-08-03", "text_start": norm_ws(txt[0])[:60],
                          "boilerplate": ["© 2013 Cable News Network."], "source": None}, info={"real": True})
    site.readme_sources.append(f"- `{url_to_rel(url)}` — CNN Arabic page, {cite('newspaper4k/tests/data/html/arabic_article.html')}; "
                               f"ground truth: newspaper4k `txt/` + `metadata/` and goose3 `test_cnn_arabic.json` "
                               f"({cite('goose3/tests/data/content/test_cnn_arabic.html')}; the goose3 copy of the same "
                               "URL differs only in whitespace and is not duplicated).")

    # trafilatura eval (assabah.com.tn)
    ev = json.loads((base / "trafilatura/tests/evaldata_assabah_only.json").read_text("utf-8"))
    raw_url, e = next(iter(ev.items()))
    data = (base / "trafilatura/tests/eval" / e["file"]).read_bytes()
    url = encode_url(raw_url)
    site.page(url, data, {"is_article": True, "title": norm_ws(e["title"]),
                          # evaldata has date ""; the page carries dc:date 2019-02-08 («الجمعة 8 فيفري 2019»)
                          "published": "2019-02-08",
                          # the description starts with the byline «حوار: آسيا العتروس»; the body after it:
                          "text_start": "مالذي يحدث في السودان؟ والى أين يتجه البلد الذي يقوده الرئيس ",
                          # evaldata's "without" strings that this copy of the page really contains
                          "boilerplate": [w for w in e["without"] if w in text_of(data, "utf-8")],
                          "source": None}, info={"real": True})
    site.readme_sources.append(f"- `{url_to_rel(url)}` — assabah.com.tn page, {cite('trafilatura/tests/eval/assabah.com.tn.article.html')}; "
                               "ground truth: the page's entry of trafilatura `tests/evaldata.json`.")

    # guessenc captures (bz2-compressed bytes + captured headers)
    ge = base / "guessenc/data"
    aj_hex = ("d987d8acd988d985-d8a3d8b1d8a7d985d983d988-d8a5d98ad8b1d8a7d986-d8a8d98ad8a7d986-"
              "d8abd984d8a7d8abd98a")
    aj_slug = "-".join(bytes.fromhex(p).decode("utf-8") for p in aj_hex.split("-"))
    captures = [
        ("httpwwwfatehwatanpspage-183525html", "http://www.fatehwatan.ps/page-183525.html", "cp1256", {
            "title": "مجدلاني: صفقة القرن دخلت بمأزق في ظل موقف القيادة الصلب", "published": "2019-06-20",
            "text_start": "قال رئيس دائرة العمل والتخطيط بمنظمة التحرير، عضو اللجنة التنفي",
            "boilerplate": ["جميع الحقوق محفوظة لـمفوضية العلاقات الوطنية © 2019"]}),
        ("httpalfajertvcomnews4037470html", "http://alfajertv.com/news/4037470.html", "utf-8", {
            "title": "قطر تبدأ بتوزيع مساعدات نقدية جديدة في قطاع غزة", "published": "2019-06-20",
            "text_start": "بدأت اللجنة القطرية لإعمار قطاع غزة صباح اليوم الخميس بتوزيع مس",
            "boilerplate": ["جميع الحقوق محفوظة لتلفزيون الفجر الجديد"]}),
        ("httpwwwsanaanewsnetnews-66176htm", "http://www.sanaanews.net/news-66176.htm", "cp1256", {
            "title": "السياسة الامريكية والعزلة الدولية", "published": "2019-06-17",
            "text_start": "لقد اثبتت السياسة الخارجية للولايات المتحدة الامريكية فشلها على",
            "boilerplate": []}),
        ("httpswwwaljazeeranetnewspolitics2019923" + aj_hex,
         "https://www.aljazeera.net/news/politics/2019/9/23/" + aj_slug, "utf-8", {
            "title": "هجوم أرامكو.. بيان ألماني فرنسي بريطاني يحمّل إيران المسؤولية", "published": "2019-09-23",
            "text_start": "قالت فرنسا وبريطانيا وألمانيا في بيان مشترك بعد قمة في نيويورك ",
            "boilerplate": ["جميع الحقوق محفوظة © 2019 شبكة الجزيرة الاعلامية"]}),
    ]
    for stem, raw_url, enc, truth in captures:
        data = bz2.decompress((ge / "html" / (stem + ".bz2")).read_bytes())
        captured = json.loads((ge / "headers" / stem).read_text("utf-8"))
        headers = {"Content-Type": captured["Content-Type"]}
        url = encode_url(raw_url)
        page_text = data.decode(enc)
        if "aljazeera" in raw_url:
            check(f'<link rel="canonical" href="{raw_url}"' in page_text, "aljazeera canonical differs")
        else:
            check(raw_url.split("//", 1)[1].split("/", 1)[1] in page_text, f"{raw_url}: path not in page")
        site.page(url, data, dict({"is_article": True}, **truth, source=None), headers=headers, encoding=enc,
                  info={"real": True})
        site.readme_sources.append(f"- `{url_to_rel(url)}` — capture from {cite('guessenc/data/html/' + stem + '.bz2')} "
                                   f"({'windows-1256' if enc == 'cp1256' else 'UTF-8'} bytes; `.headers.json` keeps only the captured "
                                   f"`Content-Type: {headers['Content-Type']}`); golden values read from the page by hand.")
    for host in sorted({urlsplit(u).hostname for u, m in site.page_meta.items() if m.get("real")}):
        site.put(f"{host}/robots.txt", "User-agent: *\nDisallow:\n")


# --------------------------------------------------------------------------------------------
# self-checks
# --------------------------------------------------------------------------------------------

def resolve(site: Site, url: str, notes: set[str]) -> str | None:
    url = url.split("#", 1)[0]
    rel = url_to_rel(url)
    if rel in site.files:
        return rel
    if rel + "/index.html" in site.files:   # path that is a directory (www.eremnews.com/news/arab-world)
        notes.add(f"{url} -> {rel}/index.html (directory index: the server must serve <dir>/index.html "
                  "for a path that is a directory)")
        return rel + "/index.html"
    return None


def parse_xml(site: Site, rel: str) -> ET.Element:
    data = site.files[rel]
    if rel.endswith(".gz"):
        check(data[:2] == b"\x1f\x8b", f"{rel} is not gzip")
        data = gzip.decompress(data)
    try:
        return ET.fromstring(data)
    except ET.ParseError as exc:
        raise Fail(f"{rel}: XML does not parse: {exc}") from exc


def localname(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def xml_links(root: ET.Element) -> tuple[str, list[str], list[str]]:
    """(kind, page links, sitemap links) of a feed or sitemap."""
    kind = localname(root.tag)
    pages: list[str] = []
    maps: list[str] = []
    if kind == "rss":
        ch = root.find("channel")
        check(ch is not None, "rss without channel")
        pages.append(ch.findtext("link").strip())
        for item in ch.iter("item"):
            pages.append(item.findtext("link").strip())
        for el in ch:
            if localname(el.tag) == "link" and el.get("href"):
                pages.append(el.get("href"))   # atom:link rel=self
    elif kind == "feed":
        for el in root.iter():
            if localname(el.tag) == "link" and el.get("href"):
                pages.append(el.get("href"))
    elif kind == "urlset":
        for el in root:
            loc = [c for c in el if localname(c.tag) == "loc"]
            check(len(loc) == 1, "url without loc")
            pages.append(loc[0].text.strip())
    elif kind == "sitemapindex":
        for el in root:
            loc = [c for c in el if localname(c.tag) == "loc"]
            maps.append(loc[0].text.strip())
    else:
        raise Fail(f"unknown XML root {kind}")
    return kind, pages, maps


def verify(site: Site, outlets: list[Outlet]) -> list[str]:
    notes: set[str] = set()
    report: list[str] = []
    html_rels = set(site.html_pages.values())

    # 1. every golden matches its file; every HTML page has a golden
    for grel, g in site.goldens.items():
        check(g["file"] in site.files, f"golden {grel}: missing file {g['file']}")
        check(resolve(site, g["url"], notes) == g["file"], f"golden {grel}: url does not map to file")
        check(g["url"] == encode_url(g["url"]), f"golden {grel}: url not percent-encoded")
    for rel in site.files:
        if rel.endswith((".xml", ".gz", ".txt", ".json")) or "/feed/" in rel or rel.endswith(("/rss", "@SectionID=65")):
            continue
        check(rel in html_rels, f"HTML file without golden: {rel}")

    # 2. every XML file parses
    for rel in site.files:
        if rel.endswith((".xml", ".xml.gz")) or rel.endswith(("/feed/index.html", "/feed/atom/index.html", "/rss",
                                                              "@SectionID=65")):
            parse_xml(site, rel)

    # 3. discovery from the entry points of each outlet
    reached: dict[str, set[str]] = {}
    for o in outlets:
        ep = ENTRY_POINTS[o.id]
        got: set[str] = set()
        how: dict[str, set[str]] = {}

        def hit(url: str, via: str) -> None:
            rel = resolve(site, url, notes)
            check(rel is not None, f"[{o.id}] dangling link {url} (from {via})")
            got.add(url.split("#")[0])
            how.setdefault(url.split("#")[0], set()).add(via)

        todo = [(u, "feed") for u in ep["feeds"]] + [(u, "sitemap") for u in ep["sitemaps"]]
        seen_maps: set[str] = set()
        while todo:
            u, kind = todo.pop(0)
            rel = resolve(site, u, notes)
            check(rel is not None, f"[{o.id}] entry point/sitemap missing: {u}")
            kind_x, pages, maps = xml_links(parse_xml(site, rel))
            check((kind == "feed") == (kind_x in ("rss", "feed")), f"{u}: expected a {kind}, got {kind_x}")
            for p in pages:
                hit(p, u)
            for m in maps:
                check(m not in seen_maps, f"sitemap loop {m}")
                seen_maps.add(m)
                check(resolve(site, m, notes) is not None, f"[{o.id}] dangling sitemap {m} (from {u})")
                todo.append((m, "sitemap"))
        sec_todo = list(ep["sections"])
        seen_secs: set[str] = set()
        while sec_todo:
            su, pattern = sec_todo.pop(0)
            if su in seen_secs:
                continue
            seen_secs.add(su)
            got.add(su)
            rel = resolve(site, su, notes)
            check(rel is not None, f"[{o.id}] section page missing: {su}")
            scan = scan_html(site.files[rel])
            for href, in_main in scan.links:
                absu = encode_url(urljoin(su, href)) if not href.startswith(("mailto:", "#")) else ""
                if not absu or urlsplit(absu).hostname != o.host:
                    continue
                if re.match(pattern, absu) or in_main:
                    hit(absu, su)
                if in_main and re.search(r"/page/\d+/$", absu):
                    sec_todo.append((absu, pattern))
        reached[o.id] = got
        pages = [u for u, m in site.page_meta.items() if m.get("outlet") == o.id]
        for u in pages:
            if u == o.abs("/"):
                continue
            check(u in got, f"[{o.id}] page not reachable from the entry points: {u}")
        # robots.txt: only the print page may be disallowed, and it must be
        rp = RobotFileParser()
        rp.parse(site.files[f"{o.host}/robots.txt"].decode().splitlines())
        for u in sorted(got):
            allowed = rp.can_fetch("rasad", u)
            is_print = site.page_meta.get(u, {}).get("print", False)
            check(allowed != is_print, f"[{o.id}] robots.txt: {u} allowed={allowed} print={is_print}")
        for sm in rp.site_maps() or []:
            check(resolve(site, sm, notes) is not None, f"robots Sitemap {sm} missing")
        report.append(f"{o.id}: {len(got)} URLs reached from {len(ep['feeds'])} feed(s), "
                      f"{len(seen_maps) + len(ep['sitemaps'])} sitemap(s), {len(seen_secs)} section page(s)")

    # 4. links in <main> of all listing pages resolve
    for u, m in site.page_meta.items():
        if not m.get("listing"):
            continue
        scan = scan_html(site.files[site.html_pages[u]])
        host = urlsplit(u).hostname
        for href, in_main in scan.links:
            if not in_main or href.startswith(("mailto:", "#")):
                continue
            absu = encode_url(urljoin(u, href))
            if urlsplit(absu).hostname == host:
                check(resolve(site, absu, notes) is not None, f"listing {u}: dangling link {absu}")

    # 5. golden strings are on their pages; boilerplate is not in the body
    for grel, g in site.goldens.items():
        if not g["is_article"]:
            continue
        meta = site.page_meta[g["url"]]
        text = text_of(site.files[g["file"]], meta["encoding"])
        check(g["title"] in text, f"{grel}: title not on page")
        check(g["text_start"] in text, f"{grel}: text_start not on page")
        raw = html.unescape(site.files[g["file"]].decode(meta["encoding"]))
        for b in g["boilerplate"]:   # visible text, or an attribute such as alt="logo"
            check(b in text or f'"{b}"' in raw, f"{grel}: boilerplate not on page: {b}")
        art = meta.get("art")
        if art is not None:
            body = " ".join(t for _, t in art.blocks) + " " + art.title
            for b in g["boilerplate"]:
                check(b not in body, f"{grel}: boilerplate string occurs in the body: {b}")
            check(len(g["text_start"]) >= 40, f"{grel}: text_start too short")

    # 6. size, counted like `du -sb sample_web`: file bytes + 4096 per directory (+ README)
    dirs = {str(Path(rel).parent) for rel in site.files}
    dirs = {str(p) for d in dirs for p in [Path(d), *Path(d).parents]}
    total = sum(len(v) for v in site.files.values()) + 4096 * (len(dirs) + 2) + 8192
    check(total < MAX_BYTES, f"sample web is about {total} bytes (limit {MAX_BYTES})")
    report.append(f"size of sample_web/ (du -sb estimate): {total} bytes")
    return report + sorted(notes)


# --------------------------------------------------------------------------------------------
# README
# --------------------------------------------------------------------------------------------

def readme(site: Site, outlets: list[Outlet], shared: Path) -> str:
    src = load_sources_tsv(shared)
    ant = src["ant-corpus/README.md"]
    lines = [
        "# sample_web — a static copy of the news web rasad crawls",
        "",
        "Generated by `python scripts/build_sample_web.py [--shared ../shared]`; do not edit by hand, "
        "re-run the script (its output is deterministic and it checks itself).",
        "",
        "`sites/<host>/<path>` holds the pages of five Arabic news outlets (the entry points of "
        "`sources.toml`: feeds, sitemaps, section pages, with robots.txt, article and non-article pages) "
        "and a few real Arabic pages, served by Host header. URL → file:",
        "",
        "- `https://HOST/a/b/` → `sites/HOST/a/b/index.html`; `https://HOST/a/b` → `sites/HOST/a/b`; "
        "percent-encoded paths are decoded to UTF-8 (Arabic slugs are Arabic file names); "
        "`?query` → `<path>@<query>`.",
        "- Content-Type by extension (`.html`/`.htm`/none → `text/html; charset=utf-8`, `.xml` → "
        "`application/xml; charset=utf-8`, `.gz` → `application/gzip`, `.txt` → `text/plain; charset=utf-8`); "
        "a sidecar `<file>.headers.json` replaces it (feeds, and real pages with their captured Content-Type).",
        "- One path is both a page and a directory: `https://www.eremnews.com/news/arab-world` (section page) "
        "and `https://www.eremnews.com/news/arab-world/<id>` (its articles). The section page is stored as "
        "`sites/www.eremnews.com/news/arab-world/index.html`: the server must serve `<dir>/index.html` for a "
        "path that is a directory.",
        "",
        "`tests/golden/sample_web/<host>/<name>.json` gives, for every HTML page, the URL, the file, whether it is "
        "an article and, for articles, the true title, publication date, start of the body text and the page "
        "chrome that must not end up in the extracted text.",
        "",
        "## Sources and licences",
        "",
        "- **Outlet pages are synthetic.** The markup imitates each outlet's CMS (WordPress themes for Ugarit Post, "
        "Enab Baladi and Al-Quds Al-Arabi, an ASP.NET page for Youm7, a Next.js page for Erem News); it is not "
        "copied from the outlets. Headlines of the ticker, about/contact/video pages and captions are written for "
        "this sample web.",
        "- **Seed texts**: one article body per outlet is the project's own seed text (`shared/seeds/000`–`004`), "
        "with the page chrome that leaked into seeds 003/004 moved back into the page chrome. Seed 000 has no "
        "headline; the one used here was written from its lead.",
        f"- **ANT corpus v2.1** (Arabic News Texts; articles of Al Arabiya, BBC Arabic, CNN Arabic, France24 Arabic "
        f"and Sky News Arabia, Feb–Oct 2018), from `{ant['origin_repo']}` @ {ant['commit'][:12]}: TITLE, TIME, "
        "AUTHOR and TEXT of 37 articles are republished here on the five outlets (one of them, a wire story, twice "
        "with small edits). Licence: citation licence of the corpus README (the repository has no LICENSE file; "
        "its badge says Apache-2.0). Cite: A. Chouigui, O. Ben Khiroun, B. Elayeb, \"ANT Corpus: An Arabic News "
        "Text Collection for Textual Classification\", AICCSA 2017, pp. 135-142; and \"An Arabic Multi-source News "
        "Corpus: Experimenting on Single-document Extractive Summarization\", Arabian Journal for Science and "
        "Engineering 46(08), 2021, DOI 10.1007/s13369-020-05258-z.",
        "- **Real pages** (original bytes and encoding, decompressed):",
    ]
    lines += ["  " + s for s in site.readme_sources]
    lines += [
        "- `robots.txt` of the real pages' hosts are written for this sample web (allow all).",
        "",
        "## Contents",
        "",
    ]
    for o in outlets:
        n = len([u for u, m in site.page_meta.items() if m.get("outlet") == o.id])
        ep = ENTRY_POINTS[o.id]
        eps = ", ".join([f"`{u}`" for u in ep["feeds"] + ep["sitemaps"]] + [f"`{s}`" for s, _ in ep["sections"]])
        lines.append(f"- {o.name} (`{o.id}`, {o.host}): {n} HTML pages; entry points {eps}.")
    real = [u for u, m in site.page_meta.items() if m.get("real")]
    lines.append(f"- Real pages: {len(real)}.")
    return "\n".join(lines) + "\n"


# --------------------------------------------------------------------------------------------
# main
# --------------------------------------------------------------------------------------------

def build(shared: Path) -> tuple[Site, list[Outlet], list[str]]:
    content = build_content(shared)
    outlets: list[Outlet] = []
    for cls in OUTLET_CLASSES:
        o = cls()
        o.arts = content[o.id]
        assign_ids(o)
        outlets.append(o)
    site = Site()
    builders = {"ugarit-post": build_ugarit, "youm7": build_youm7, "enab-baladi": build_enab,
                "alquds-alarabi": build_alquds, "erem-news": build_erem}
    for o in outlets:
        builders[o.id](site, o)
    build_real(site, shared)
    report = verify(site, outlets)
    return site, outlets, report


def write_out(site: Site, outlets: list[Outlet], shared: Path) -> None:
    sites_dir = REPO / SITES_REL
    golden_dir = REPO / GOLDEN_REL
    for d in (sites_dir, golden_dir):
        if d.exists():
            shutil.rmtree(d)
    for rel, data in sorted(site.files.items()):
        p = sites_dir / rel
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_bytes(data)
    for rel, g in sorted(site.goldens.items()):
        p = golden_dir / rel
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_text(json.dumps(g, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    (REPO / README_REL).write_text(readme(site, outlets, shared), encoding="utf-8")


def check_sources_toml() -> list[str]:
    """Warn (do not fail) when sources.toml lists entry points the sample web does not mirror."""
    path = REPO / "sources.toml"
    if not path.exists():
        return []
    try:
        import tomllib
        data = tomllib.loads(path.read_text("utf-8"))
    except Exception as exc:  # the file belongs to the rest of the project; never fail on it here
        return [f"warning: sources.toml not readable ({exc})"]
    out = []
    for s in data.get("source", []):
        ep = ENTRY_POINTS.get(s.get("id"))
        disc = s.get("discovery", {})
        if ep is None:
            out.append(f"warning: source {s.get('id')} has no sample web")
            continue
        want = set(disc.get("feeds", [])) | set(disc.get("sitemaps", [])) | {x["url"] for x in disc.get("sections", [])}
        have = set(ep["feeds"]) | set(ep["sitemaps"]) | {u for u, _ in ep["sections"]}
        if want != have:
            out.append(f"warning: sources.toml entry points of {s['id']} differ from the sample web: {sorted(want ^ have)}")
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--shared", type=Path, default=REPO.parent / "shared",
                    help="path of the read-only shared/ folder (default: <repo>/../shared)")
    args = ap.parse_args(argv)
    shared = args.shared.resolve()
    if not (shared / "seeds").is_dir():
        print(f"error: {shared} does not look like shared/ (no seeds/)", file=sys.stderr)
        return 2
    try:
        site, outlets, report = build(shared)
    except Fail as exc:
        print(f"CHECK FAILED: {exc}", file=sys.stderr)
        return 1
    write_out(site, outlets, shared)
    per_host: dict[str, list[int]] = {}
    for rel, data in site.files.items():
        host = rel.split("/", 1)[0]
        per_host.setdefault(host, [0, 0])[1] += len(data)
    for url in site.html_pages:
        per_host[urlsplit(url).hostname][0] += 1
    print(f"{'host':28} {'HTML pages':>10} {'bytes':>10}")
    for host in sorted(per_host):
        pages, size = per_host[host]
        print(f"{host:28} {pages:10d} {size:10d}")
    total = sum(v[1] for v in per_host.values())
    print(f"{'total':28} {len(site.html_pages):10d} {total:10d}  ({len(site.files)} files, "
          f"{len(site.goldens)} golden files)")
    for line in report + check_sources_toml():
        print(line)
    print("all checks passed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
