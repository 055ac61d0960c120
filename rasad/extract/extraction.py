"""Article extraction: a pure function of (url, body bytes, headers) → Article or NotArticle.

No Scrapy here, so the same function serves crawls, ``rasad import`` and re-extraction, and is
tested on saved pages alone. trafilatura (``bare_extraction``) does the text, and its metadata
are found as trafilatura finds them (:mod:`rasad.extract.trafilatura_metadata`); around it this module
decodes the bytes, decides whether the page is an article at all, and finds the publication date
together with where it came from.

trafilatura runs in two tiers: its fast tier (``fast``: its own extractor alone) first, and its
full extraction (the same, then compared with readability and jusText) only where the fast text
is in doubt (:func:`doubt`). ``full=True`` (the ``RASAD_EXTRACTION=full`` setting) runs the full
extraction alone, as rasad did before the tiers.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterator, Mapping
from dataclasses import asdict, dataclass, field, fields
from datetime import date, datetime, timedelta
from email.utils import parsedate_to_datetime
from urllib.parse import unquote, urljoin, urlsplit

import trafilatura
from lxml import etree

from rasad.base import clock
from rasad.extract.encoding import decode_html, header
from rasad.extract.html_tree import parse_html
from rasad.extract.trafilatura_metadata import extract_metadata, page_date
from rasad.text.arabic import arabic_ratio, normalize
from rasad.text.arabic_dates import find_dates
from rasad.text.urls import canonical_url as canonical_form

MIN_TEXT_CHARS = 150
"""Shorter extracted text is a caption or a teaser, not an article (agency briefs run ~250)."""

LISTING_CARDS = 2
"""A page whose extracted text spans this many teaser cards (blocks with their own headline
link) is a section, tag or home page listing articles, not an article."""

BYLINE_ZONE_CHARS = 250
"""How far after the headline a written date is taken as the publication date."""

DATELINE_CHARS = 80
_DATELINE_END = set("-–—:()/|")
"""How far into the text a written date is taken as a dateline («دمشق - 5 شباط 2024 -»)."""

STATIC_PAGE_CHARS = 1000
"""A page not declared an article, with no date of its own, less text than this and a short
path without digits (/about-us/, /من-نحن/) is a static page, not news: news URLs carry ids,
dates or long slugs, and news pages carry dates."""
_STATIC_PATH = re.compile(r"^/[^/0-9]{1,40}/?$")

# Page types that are never an article, from Open Graph and JSON-LD.
# og:type "website" and JSON-LD "WebPage" are left out: many CMSs put them on every page.
_NON_ARTICLE_TYPES = {
    "video", "video.other", "video.movie", "video.episode", "profile", "book",
    "videoobject", "collectionpage", "profilepage", "searchresultspage",
    "aboutpage", "contactpage", "itemlist", "mediagallery", "imagegallery",
}
_ARTICLE_TYPES = {
    "article", "newsarticle", "reportagenewsarticle", "analysisnewsarticle", "blogposting",
    "opinionnewsarticle", "backgroundnewsarticle", "report", "liveblogposting",
}
_DATE_META = (
    "article:published_time", "og:published_time", "datepublished", "pubdate", "publishdate",
    "publish-date", "publish_date", "dc.date.issued", "dcterms.created", "sailthru.date",
    "parsely-pub-date", "date", "dc.date", "dc:date", "dcterms.date", "dcterms.issued",
)
# Microdata / RDFa properties of the publication date (on <span content=...>, <time> ...).
_DATE_PROPERTIES = {"datepublished", "dc:date", "dc:created", "dcterms:created", "dcterms:issued",
                    "article:published_time"}
# /2024/04/22/ and /2024-04-22/, also with one section between year and month (/2013/world/8/3/).
# <time> inside the article or its header, or marked as the publication time; never one inside
# an <aside>, a related-posts list or a footer.
_ARTICLE_TIME = (
    # one pass over the few <time> elements, not three over every element
    "//time[@datetime][(ancestor::article and not(ancestor::aside or ancestor::footer or ancestor::li))"
    " or @pubdate or contains(@class, 'publish') or contains(@class, 'entry-date')"
    " or ancestor::*[contains(@class, 'byline') or contains(@class, 'post-meta') or contains(@class, 'entry-meta')]]"
    "/@datetime"
)
TRAFILATURA_OPTIONS = dict(
    with_metadata=True, include_comments=False, include_tables=True, favor_precision=True,
    # deduplicate=False: trafilatura's dedup cache lives for the whole process, so identical
    # wire copy on a later page would come out empty; copies are rasad.analyse.dedup's job.
    deduplicate=False,
    # htmldate without its extensive search: on Arabic pages that search hands free text to
    # dateparser, which loads every language's month names (~45 MB per process) and comes
    # back with placeholders such as 2013-01-01; rasad reads written Arabic dates itself.
    # No max_date here: htmldate takes today's, at each call.
    date_extraction_params={"original_date": True, "extensive_search": False},
)
"""What rasad asks of trafilatura (bench/e2e.py measures ``trafilatura.bare_extraction`` alone
with the same): the full tier; the fast tier adds ``fast=True``. rasad asks ``bare_extraction``
for the text alone (:data:`_TEXT_OPTIONS`) and finds the metadata itself, as trafilatura would
with these options (:mod:`rasad.extract.trafilatura_metadata`)."""
_TEXT_OPTIONS = {**TRAFILATURA_OPTIONS, "with_metadata": False}
EXTRACTION_MODES = ("two-tier", "full")
"""Values of the ``RASAD_EXTRACTION`` setting: the fast tier with the full one where it is in
doubt (the default), or the full tier alone."""
# Below this the full tier would try jusText: trafilatura's own floor for trusting its extractor.
MIN_TRUSTED_CHARS = trafilatura.settings.DEFAULT_CONFIG.getint("DEFAULT", "MIN_EXTRACTED_SIZE")
OUTWEIGHED = 2
"""The fast text is in doubt when the page's own article body, or its paragraphs left out of the
text, hold this many times more text: trafilatura's full tier prefers readability's text when
it is over twice as long as its own."""
PARAGRAPH_CHARS = 80
"""A <p> this long (without spaces) is a paragraph of prose, not a caption, a teaser or a link."""
LAYOUT_TABLE_SHARE = 0.9
"""A page with this share of its text in tables is laid out in tables: the fast tier takes such
a page's cells whole, menus and all, so the full tier runs at once, not after it."""
_ARABIC_SCRIPT_LANGUAGES = {"ar", "fa", "ur", "ps", "ku", "ckb"}
EARLIEST_DATE = date(1995, 1, 1)
"""No Arabic news site published online before this: earlier dates are Hijri years or placeholders."""
_URL_DATE = re.compile(r"/((?:19|20)\d{2})(?:/[a-z_-]+)?[/-](\d{1,2})[/-](\d{1,2})(?:/|$|[-_.])")
# A date beside these words is when the page was last edited, not published.
_UPDATE_CUE = re.compile(r"(اخر تحديث|تم التحديث|تحديث|updated?|modified)\W*$", re.IGNORECASE)
_AFTER_UPDATE_CUE = re.compile(r"[\W\d:صم]*(اخر تحديث|تم التحديث|updated)", re.IGNORECASE)
_WHITESPACE = re.compile(r"\s+")
_TITLE_SEPARATORS = re.compile(r"\s+[-|–—:»]\s+")
# A first line such as «حوار: آسيا العتروس» or «صنعاء نيوز/بقلم : سري القدوة -» is a byline.
# The name is at most four words: «تقرير: القوات الأمريكية تعزز وجودها في سوريا» is a headline.
_BYLINE = re.compile(
    r"^(?:[^:/|]{0,30}[/|]\s*)?(?:بقلم|كتب|كتبت|حوار|إعداد|اعداد|ترجمة|متابعة|تحرير)\s*[:/-]\s*"
    r"(?P<name>\S+(?:\s+\S+){0,3}?)\s*[-–]?\s*$"
)
BYLINE_MAX_CHARS = 60
_HOME_PATHS = {"", "/", "/index.html", "/index.htm", "/index.php", "/ar", "/ar/", "/home"}


NOT_STORED = {"stored": False}
"""The metadata of an :class:`Article` field that is no column of ``articles``."""


@dataclass(frozen=True)
class Article:
    """An extracted article. Each field is a column of ``articles`` of the same name (a list one
    holds JSON), but those marked :data:`NOT_STORED`: a new column is a field here and its
    migration in :mod:`rasad.store.db`."""

    url: str
    canonical_url: str
    title: str
    text: str
    author: str | None
    published_at: str | None
    date_source: str | None
    description: str | None
    language: str | None
    site_name: str | None
    categories: list[str] = field(default_factory=list)
    tags: list[str] = field(default_factory=list)
    image: str | None = None
    encoding: str | None = None
    extractor: str | None = None
    """What extracted it (rasad.analyse.versions.extractor), set by the analysis; None for an imported text."""
    tier: str | None = field(default=None, metadata=NOT_STORED)
    """The trafilatura tier whose text this is, "fast" or "full" (None: not extracted from a page)."""
    doubt: str | None = field(default=None, metadata=NOT_STORED)
    """Why the fast tier was in doubt (see :func:`doubt`) when the full tier's text is used in its
    stead: a fallback."""

    def as_dict(self) -> dict:
        return asdict(self)

    @classmethod
    def columns(cls) -> tuple[str, ...]:
        """The columns of ``articles`` this class fills, in the order of its fields."""
        return tuple(f.name for f in fields(cls) if f.metadata.get("stored", True))

    @classmethod
    def _lists(cls) -> set[str]:
        return {f.name for f in fields(cls) if f.default_factory is list}

    def row(self) -> dict:
        """The values of :meth:`columns`, as ``articles`` holds them (lists as JSON)."""
        lists = self._lists()
        return {name: json.dumps(getattr(self, name), ensure_ascii=False) if name in lists else getattr(self, name)
                for name in self.columns()}

    @classmethod
    def from_row(cls, row: Mapping) -> Article:
        """The article a row of ``articles`` (its :meth:`columns` at least) holds."""
        lists = cls._lists()
        return cls(**{name: json.loads(row[name] or "[]") if name in lists else row[name] for name in cls.columns()})


@dataclass(frozen=True)
class NotArticle:
    url: str
    reason: str
    """One of: not-html, empty, home-page, page-type, no-text, too-short, listing, static-page."""
    tier: str | None = None  # as Article's, when trafilatura ran
    doubt: str | None = None


@dataclass(frozen=True)
class DateHint:
    """What a feed or sitemap said of a URL before it was fetched: its date and title."""

    value: str | None
    kind: str | None  # "feed" (pubDate, Atom published, news:publication_date) or "sitemap" (lastmod)
    title: str | None = None


def _clean(text: str | None) -> str | None:
    if text is None:
        return None
    text = _WHITESPACE.sub(" ", text).strip()
    return text or None


@dataclass(frozen=True)
class Markup:
    """What rasad reads from a page's markup besides its text, gathered in one pass over the
    tree (each ``//`` query walks every element of a page of thousands)."""

    metas: list  # <meta content>, in document order
    jsonld: list[dict]  # JSON-LD objects, @graph and mainEntity flattened
    microdata: list  # elements with itemprop or property, and content or datetime
    canonical: str | None
    headings: list[str]  # the text of each <h1>
    bodies: list  # elements marked as the article's body (itemprop="articleBody")

    @classmethod
    def of(cls, tree) -> Markup:
        metas, scripts, microdata, canonicals, headings, bodies = [], [], [], [], [], []
        for element in _MARKUP(tree):
            if element.get("itemprop") == "articleBody":
                bodies.append(element)
            tag = element.tag
            if tag == "meta":
                metas.append(element)
            elif tag == "script":
                scripts.append(element)
            elif tag == "link":
                canonicals.append(element.get("href"))
            elif tag == "h1":
                headings.append(_clean(element.text_content()))
            if tag != "script" and (element.get("itemprop") or element.get("property")) is not None \
                    and (element.get("content") or element.get("datetime")) is not None:
                microdata.append(element)
        return cls(metas, _jsonld_objects(scripts), microdata, canonicals[0] if canonicals else None, headings,
                   bodies)

    def meta(self, property_: str) -> list[str]:
        """The content of every <meta property=...> with this property."""
        return [m.get("content") for m in self.metas if m.get("property") == property_]


_MARKUP = etree.XPath(
    # microdata through its attributes: a third faster than testing every element's
    '//meta[@content] | //script[@type="application/ld+json"] | //@itemprop/parent::*[@content or @datetime]'
    ' | //@property/parent::*[@content or @datetime] | //link[@rel="canonical"][@href] | //h1'
    ' | //@itemprop[. = "articleBody"]/parent::*'
)


def _jsonld_objects(scripts) -> list[dict]:
    found: list[dict] = []
    for script in scripts:
        try:
            data = json.loads(script.text or "")
        except (json.JSONDecodeError, RecursionError):
            continue
        stack = [data]
        while stack:
            item = stack.pop()
            if isinstance(item, list):
                stack.extend(item)
            elif isinstance(item, dict):
                found.append(item)
                stack.extend(v for k, v in item.items() if k in ("@graph", "mainEntity", "itemListElement"))
    return found


def _types(obj: dict) -> set[str]:
    kind = obj.get("@type")
    kinds = kind if isinstance(kind, list) else [kind]
    return {k.lower() for k in kinds if isinstance(k, str)}


def page_types(markup: Markup) -> tuple[set[str], set[str]]:
    """(Open Graph type, JSON-LD types) declared by the page, lower-cased."""
    og = {v.strip().lower() for v in markup.meta("og:type")}
    ld: set[str] = set()
    for obj in markup.jsonld:
        ld |= _types(obj)
    return og, ld


def parse_datetime(value: str) -> tuple[str, date] | None:
    """An ISO 8601 / RFC 2822 timestamp as (ISO string, its calendar date), or None."""
    value = value.strip()
    if not value:
        return None
    try:
        parsed = datetime.fromisoformat(value.replace("Z", "+00:00"))
        return parsed.isoformat(), parsed.date()
    except ValueError:
        pass
    try:
        parsed = parsedate_to_datetime(value)
        return parsed.isoformat(), parsed.date()
    except (TypeError, ValueError, IndexError):
        pass
    dates = find_dates(value)
    if dates:
        return dates[0][2].isoformat(), dates[0][2]
    return None


def _structured_date(markup: Markup) -> tuple[str, str] | None:
    """(date, where from) of the page's structured data: an article's JSON-LD datePublished,
    else a date <meta>, else a microdata date."""
    if (found := _jsonld_date(markup)) is not None:
        return found, "json-ld"
    if (found := _meta_date(markup)) is not None:
        return found, "meta"
    if (found := _microdata_date(markup)) is not None:
        return found, "meta"
    return None


def _jsonld_date(markup: Markup) -> str | None:
    """The first readable datePublished of a JSON-LD object typed as an article."""
    for obj in markup.jsonld:
        if _types(obj) & _ARTICLE_TYPES and isinstance(obj.get("datePublished"), str):
            if (parsed := parse_datetime(obj["datePublished"])) is not None:
                return parsed[0]
    return None


def _meta_date(markup: Markup) -> str | None:
    """The first readable date of a <meta> whose property, name or itemprop says publication."""
    for meta in markup.metas:
        key = (meta.get("property") or meta.get("name") or meta.get("itemprop") or "").strip().lower()
        if key in _DATE_META and (parsed := parse_datetime(meta.get("content"))) is not None:
            return parsed[0]
    return None


def _microdata_date(markup: Markup) -> str | None:
    """The first readable date of an element whose itemprop or property says publication."""
    for element in markup.microdata:
        key = (element.get("itemprop") or element.get("property") or "").strip().lower()
        if key in _DATE_PROPERTIES:
            value = element.get("datetime") or element.get("content")
            if (parsed := parse_datetime(value)) is not None:
                return parsed[0]
    return None


def _time_element_date(tree) -> str | None:
    """The first <time datetime> of the article itself (not of a sidebar or a related post)."""
    for value in tree.xpath(_ARTICLE_TIME):
        if (parsed := parse_datetime(value)) is not None:
            return parsed[0]
    return None


def _url_date(url: str) -> str | None:
    match = _URL_DATE.search(urlsplit(url).path)
    if match:
        try:
            return date(int(match.group(1)), int(match.group(2)), int(match.group(3))).isoformat()
        except ValueError:
            return None
    return None


def _byline_zone(tree, title: str, text: str) -> str:
    """The page text between the headline and the start of the article text, where bylines
    carry the publication date (cut short so a sidebar is not read as a byline)."""
    body = tree.find("body")
    page_text = _WHITESPACE.sub(" ", body.text_content() if body is not None else "")
    start = page_text.find(title[:40]) if title else -1
    if start < 0:
        return ""
    zone = page_text[start + len(title):start + len(title) + BYLINE_ZONE_CHARS]
    body_start = zone.find(_squash(text)[:30]) if text else -1
    return zone[:body_start] if body_start >= 0 else zone


def _publication_dates(text: str) -> list[date]:
    """Dates written in *text*, leaving out those marked as the last update."""
    norm = normalize(text)
    return [
        found for start, end, found in find_dates(text)
        if not _UPDATE_CUE.search(norm[max(0, start - 25):start])
        and not _AFTER_UPDATE_CUE.match(norm[end:end + 40])
    ]


def _dateline_date(text: str) -> list[date]:
    """The date of a dateline opening the text («دمشق - 5 شباط 2024 -»): a place of a few
    words, the date, then a dash, colon or bracket. A sentence that opens with a date
    («في 8 كانون الثاني 2020 قصفت ...») dates an event, not the article."""
    opening = text[:DATELINE_CHARS]
    norm = normalize(opening)
    return [found for start, end, found in find_dates(opening)
            if start <= 25 and norm[end:end + 3].strip()[:1] in _DATELINE_END
            and not norm[:start].strip().endswith(("في", "منذ", "يوم"))]


def find_published(tree, markup: Markup, url: str, title: str, text: str, hint: DateHint | None,
                   fallback: Callable[[], str | None], now: datetime) -> tuple[str | None, str | None]:
    """The publication date and where it came from, most reliable evidence first.

    Order: structured data (JSON-LD, meta, microdata), the URL, the feed's own date, the article's
    <time> element, a date written under the headline or in the opening dateline, the sitemap's
    lastmod, then htmldate's guess (*fallback*, called only when it comes to it: its search costs
    more than all the others). A date after *now* (plus a day for time zones) or before
    EARLIEST_DATE is rejected as impossible.
    """
    limit = (now + timedelta(days=1)).date()

    def candidates() -> Iterator[tuple[str | None, str]]:
        # lazily: most pages settle it with the first, cheap, candidates
        yield _structured_date(markup) or (None, "json-ld")
        yield _url_date(url), "url"
        if hint is not None and hint.kind == "feed":
            yield hint.value, "feed"
        yield _time_element_date(tree), "time-element"
        # The byline zone under the headline, or a dateline opening the text; not the lead's
        # sentences, which date the events they report.
        near = _publication_dates(_byline_zone(tree, title, text)) or _dateline_date(text)
        yield (near[0].isoformat() if near else None), "text"
        if hint is not None and hint.kind == "sitemap":
            yield hint.value, "sitemap"
        yield fallback(), "htmldate"

    for value, source in candidates():
        if not value:
            continue
        parsed = parse_datetime(value)
        if parsed is not None and EARLIEST_DATE <= parsed[1] <= limit:
            return parsed[0], source
    return None, None


def _best_title(meta_title: str | None, text: str, headings: list[str | None]) -> str | None:
    """The headline: the page's <h1> (or the body's first line) when the <title> merely wraps
    it with the site's or section's name ("Section - Headline", "Headline | Site")."""
    first_line = _clean(text.strip().split("\n", 1)[0])
    meta_title = _clean(meta_title)
    for candidate in [*headings, first_line]:
        if candidate and len(candidate) >= 15 and (meta_title is None or candidate in meta_title):
            return candidate
    return meta_title or (headings[0] if headings else None)


def _squash(text: str) -> str:
    return _WHITESPACE.sub(" ", text).strip()


def _bare(text: str) -> str:
    return _WHITESPACE.sub("", text)


def _teaser_cards(tree, text: str, url: str) -> int:
    """How many teaser cards the extracted text spans: blocks holding exactly one extracted
    paragraph and a headline link to another page, either around the paragraph or opening it
    (a list item "headline + excerpt"). The cards of a section, tag, author or home page.
    An article's paragraphs share one container, so they never count, nor do links inside
    its sentences."""
    # Compared without whitespace: lxml joins a heading and its excerpt with none, trafilatura with a space.
    lines = {_bare(line.strip().removeprefix("- ")) for line in text.splitlines() if len(line.strip()) >= 40}
    matched = [
        element for element in tree.iter("p", "div", "li", "span", "section", "article")
        if len(element) <= 4 and _bare(element.text_content()) in lines
    ]
    matched_set = set(matched)
    cards = {card for element in matched if (card := _card_of(element, matched_set, url)) is not None}
    return len(cards)


def _card_of(element, matched: set, url: str):
    """The teaser card of *element*, an extracted paragraph: itself when a headline link opens
    it, else the nearest of its three closest ancestors with a headline link of its own, as
    long as they hold no other extracted paragraph; None when it is in no card."""
    inside = list(element.iter("a"))
    if _opens_with_headline(element, inside, url):
        return element
    card = element
    for _ in range(3):
        card = card.getparent()
        if card is None or sum(1 for e in card.iter() if e in matched) > 1:
            return None
        if any(a not in inside and _headline_link(a, url) for a in card.iter("a")):
            return card
    return None


def _opens_with_headline(element, links: list, url: str) -> bool:
    """Whether one of *element*'s *links* is a headline that opens it, followed by an excerpt
    of 25 characters or more (a list item "headline + excerpt")."""
    own_text = _bare(element.text_content())
    return any(_headline_link(a, url) and own_text.startswith(_bare(a.text_content()))
               and len(own_text) >= len(_bare(a.text_content())) + 25 for a in links)


def _headline_link(a, url: str) -> bool:
    """Whether link *a* reads as a headline (15 characters or more) to a page other than *url*."""
    return len(_squash(a.text_content())) >= 15 and (a.get("href") or "").split("#")[0] not in ("", url)


def _site_names(markup: Markup, sitename: str | None) -> set[str]:
    names = {_squash(v) for v in markup.meta("og:site_name")}
    if sitename:
        names.add(_squash(sitename))
    return {n for n in names if n}


def _strip_site_name(title: str, site_names: set[str]) -> str:
    """"Site - Headline" / "Headline | Site" → "Headline"."""
    parts = [p.strip() for p in _TITLE_SEPARATORS.split(title)]
    if len(parts) > 1:
        kept = [p for p in parts if p and p not in site_names]
        if kept and len(kept) < len(parts):
            return " - ".join(kept)
    return title


def _language(tree, text: str) -> str | None:
    """The page's declared language, unless the text's script contradicts it (many Arabic
    WordPress sites keep the theme's lang="en")."""
    declared = (tree.get("lang") or tree.get("xml:lang") or "").strip().lower().split("-")[0].split("_")[0][:8]
    in_arabic = arabic_ratio(text) > 0.5
    if in_arabic:
        return declared if declared in _ARABIC_SCRIPT_LANGUAGES else "ar"
    return None if declared in _ARABIC_SCRIPT_LANGUAGES else (declared or None)


def full_tier_only(mode: str | None) -> bool:
    """Whether *mode*, the ``RASAD_EXTRACTION`` setting (None or "": the default), asks for
    trafilatura's full tier alone; ValueError when it is none of EXTRACTION_MODES."""
    mode = (mode or EXTRACTION_MODES[0]).strip().lower()
    if mode not in EXTRACTION_MODES:
        raise ValueError(f"RASAD_EXTRACTION must be one of {', '.join(EXTRACTION_MODES)}, not {mode!r}")
    return mode == "full"


def doubt(tree, markup: Markup, document) -> str | None:
    """Why the fast tier's *document* may have missed the article, or None when it is trusted.

    Each signal is one on which trafilatura's full tier may take another text than its fast
    tier's, read from the page alone (no site is named); a page laid out in tables
    (``layout-table``, LAYOUT_TABLE_SHARE) is in doubt before the fast tier runs:
      no-text             nothing extracted;
      short               under MIN_TRUSTED_CHARS, where the full tier asks jusText;
      no-paragraphs       the text holds no paragraph, or more tables than paragraphs: a layout
                          table taken for the article (the full tier asks readability);
      article-body        the page's declared article body (JSON-LD or microdata ``articleBody``)
                          is OUTWEIGHED times longer than the text;
      missing-paragraphs  the page's paragraphs of prose that the text leaves out are OUTWEIGHED
                          times longer than it (readability would take them).
    """
    text = document.text if document is not None else ""
    if not text.strip():
        return "no-text"
    if len(text) < MIN_TRUSTED_CHARS:
        return "short"
    if _no_paragraphs(document.body):
        return "no-paragraphs"
    extracted = _bare(text)
    limit = OUTWEIGHED * len(extracted)
    if _declared_body_outweighs(markup, limit):
        return "article-body"
    if _missing_paragraph_chars(tree, extracted) > limit:
        return "missing-paragraphs"
    return None


def _no_paragraphs(body) -> bool:
    """Whether the fast tier's *body* holds no paragraph, or more tables than paragraphs (a
    layout table taken for the article)."""
    paragraphs = len(body.findall(".//p"))
    return not paragraphs or len(body.findall(".//table")) > paragraphs


def _declared_body_outweighs(markup: Markup, limit: int) -> bool:
    """Whether an article body the page declares (JSON-LD or microdata ``articleBody``) is
    longer than *limit*, without whitespace."""
    declared = [obj["articleBody"] for obj in markup.jsonld if isinstance(obj.get("articleBody"), str)]
    return any(len(_bare(body)) > limit for body in [*declared, *(e.text_content() for e in markup.bodies)])


def _missing_paragraph_chars(tree, extracted: str) -> int:
    """How long, without whitespace, the page's paragraphs of prose are that the *extracted*
    text (without whitespace) leaves out, each distinct paragraph counted once."""
    missing, seen = 0, set()
    for element in tree.iter("p"):
        paragraph = _bare(element.text_content())
        if len(paragraph) >= PARAGRAPH_CHARS and paragraph not in seen:
            seen.add(paragraph)  # a page may repeat its article (a print copy): counted once
            missing += len(paragraph) if paragraph[:PARAGRAPH_CHARS] not in extracted else 0
    return missing


def _laid_out_in_tables(tree) -> bool:
    """Whether LAYOUT_TABLE_SHARE of the page's text sits in tables (measured in libxml2: no
    string is built)."""
    body = tree.find("body")
    if body is None or next(body.iter("table"), None) is None:
        return False
    in_tables = sum(table.xpath("string-length(normalize-space())") for table in body.iter("table")
                    if next(table.iterancestors("table"), None) is None)
    return in_tables >= LAYOUT_TABLE_SHARE * body.xpath("string-length(normalize-space())") > 0


def _text(tree, url: str, **tier):
    """trafilatura's text of the page, without its metadata (:func:`_trafilatura` adds them)."""
    return trafilatura.bare_extraction(tree, url=url, **_TEXT_OPTIONS, **tier)


def _tiers(tree, markup: Markup, url: str, full: bool):
    """trafilatura's text of the page, the tier that gave it and the fast tier's doubt."""
    if full:
        return _text(tree, url), "full", None
    if _laid_out_in_tables(tree):
        return _text(tree, url), "full", "layout-table"
    document = _text(tree, url, fast=True)
    if (reason := doubt(tree, markup, document)) is None:
        return document, "fast", None
    return _text(tree, url), "full", reason


def _trafilatura(tree, markup: Markup, url: str, full: bool):
    """trafilatura's document of the page, the tier that gave its text and the fast tier's doubt.

    The metadata are found once, whatever the tier, by :mod:`rasad.extract.trafilatura_metadata`: the
    fields trafilatura's own metadata pass gives, for half its CPU; htmldate's date is left for
    :func:`find_published` to ask for, as its last resort."""
    document, tier, reason = _tiers(tree, markup, url, full)
    if document is None:
        return None, tier, reason
    metadata = extract_metadata(tree, url, None)
    metadata.text, metadata.raw_text, metadata.body = document.text, document.raw_text, document.body
    return metadata, tier, reason


def _unreadable(url: str, body: bytes, headers: Mapping) -> str | None:
    """Why the response holds no article before it is parsed: not HTML, empty, a home page."""
    content_type = (header(headers, "Content-Type") or "text/html").lower()
    if not any(kind in content_type for kind in ("html", "xml", "text/plain")):
        return "not-html"
    if not body.strip():
        return "empty"
    if urlsplit(url).path in _HOME_PATHS and not urlsplit(url).query:
        return "home-page"
    return None


def _headline_and_body(document, markup: Markup, hint: DateHint | None) -> tuple[str, str, str | None]:
    """The headline, the body's text and the author: the headline and a byline that open the
    body are the page's furniture, not its text."""
    title = _best_title(document.title, document.text, markup.headings) or (hint.title if hint else None)
    if title:
        title = _strip_site_name(title, _site_names(markup, document.sitename))
    lines = [line.strip() for line in document.text.splitlines() if line.strip()]
    # Many pages repeat the headline as the first line of the body.
    if lines and title and _clean(lines[0]) == title:
        lines = lines[1:]
    author = _clean(document.author)
    if lines and len(lines[0]) <= BYLINE_MAX_CHARS and (byline := _BYLINE.match(lines[0])):
        lines = lines[1:]
        author = author or _clean(byline.group("name"))
    return title or "", "\n".join(lines), author


def _canonical_url(markup: Markup, url: str) -> str:
    canonical = markup.canonical
    canonical_url = canonical_form(urljoin(url, canonical.strip())) if canonical else url
    if urlsplit(canonical_url).hostname != urlsplit(url).hostname:
        return url  # a canonical on another site is a syndication claim, not an alias
    return canonical_url


def _given(values: list[str] | None) -> list[str]:
    """The values trafilatura found, without the empty ones."""
    return [value for value in values or [] if value]


def _undated_and_short(date_source: str | None, text: str) -> bool:
    """No date of its own (only a guess, or the sitemap's) and a short text: on a static-looking
    path, an about page rather than news."""
    return date_source in (None, "htmldate", "sitemap") and len(text) < STATIC_PAGE_CHARS


def _short_or_listing(tree, url: str, text: str, declared_article: bool, static_path: bool) -> str | None:
    """Why an extracted text is no article: too short (a contact form is a static page for good;
    a short news stub may still grow), or a listing of teasers."""
    if len(text) < MIN_TEXT_CHARS:
        return "static-page" if static_path else "too-short"
    if not declared_article and _teaser_cards(tree, text, url) >= LISTING_CARDS:
        return "listing"
    return None


def extract(url: str, body: bytes, headers: Mapping | None = None, hint: DateHint | None = None,
            now: datetime | None = None, *, full: bool = False) -> Article | NotArticle:
    """Extract the article at *url* from its raw *body*, or say why it is not one; *full* runs
    trafilatura's full tier alone (see the module docstring)."""
    headers = headers or {}
    now = now or clock.now()
    if reason := _unreadable(url, body, headers):
        return NotArticle(url, reason)
    html, encoding = decode_html(body, headers)
    # one parse serves rasad's checks and, copied by trafilatura, the extraction itself
    tree = parse_html(html)
    if tree is None:
        return NotArticle(url, "not-html")
    markup = Markup.of(tree)
    og_types, ld_types = page_types(markup)
    declared = og_types | ld_types
    declared_article = bool(declared & (_ARTICLE_TYPES | {"article"}))
    if not declared_article and declared & _NON_ARTICLE_TYPES:
        return NotArticle(url, "page-type")
    document, tier, reason = _trafilatura(tree, markup, url, full)

    def refused(why: str) -> NotArticle:
        return NotArticle(url, why, tier, reason)

    if document is None or not (document.text or "").strip():
        return refused("no-text")
    title, text, author = _headline_and_body(document, markup, hint)
    static_path = not declared_article and _STATIC_PATH.match(unquote(urlsplit(url).path)) is not None
    if why := _short_or_listing(tree, url, text, declared_article, static_path):
        return refused(why)
    canonical_url = _canonical_url(markup, url)
    published_at, date_source = find_published(
        tree, markup, url, title, text, hint,
        lambda: page_date(tree, document.url, TRAFILATURA_OPTIONS["date_extraction_params"]), now)
    if static_path and _undated_and_short(date_source, text):
        return refused("static-page")
    return Article(
        url=url,
        canonical_url=canonical_url,
        title=title,
        text=text,
        author=author,
        published_at=published_at,
        date_source=date_source,
        description=_clean(document.description),
        language=_language(tree, text),
        site_name=_clean(document.sitename),
        categories=_given(document.categories),
        tags=_given(document.tags),
        image=document.image,
        encoding=encoding,
        tier=tier,
        doubt=reason,
    )
