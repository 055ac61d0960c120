"""Article extraction: a pure function of (url, body bytes, headers) → Article or NotArticle.

No Scrapy here, so the same function serves crawls, ``rasad import`` and re-extraction, and is
tested on saved pages alone. trafilatura (``bare_extraction`` with metadata) does the text;
around it this module decodes the bytes, decides whether the page is an article at all, and
finds the publication date together with where it came from.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from dataclasses import asdict, dataclass, field
from datetime import date, datetime, timedelta, timezone
from urllib.parse import urljoin, urlsplit

import lxml.html
import trafilatura

from rasad.arabic import arabic_ratio
from rasad.arabic_dates import find_dates
from rasad.encoding import decode_html, header

MIN_TEXT_CHARS = 150
"""Shorter extracted text is a caption or a teaser, not an article (agency briefs run ~250)."""

LISTING_LINK_SHARE = 0.5
"""Text that is mostly the text of links on the page is a list of headlines, not an article."""

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
    "parsely-pub-date", "date",
)
_URL_DATE = re.compile(r"/((?:19|20)\d{2})[/-](\d{1,2})[/-](\d{1,2})(?:/|$|[-_])")
_WHITESPACE = re.compile(r"\s+")


@dataclass(frozen=True)
class Article:
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

    def as_dict(self) -> dict:
        return asdict(self)


@dataclass(frozen=True)
class NotArticle:
    url: str
    reason: str
    """One of: not-html, empty, no-text, too-short, page-type, listing."""


@dataclass(frozen=True)
class DateHint:
    """A date a feed or sitemap gave for a URL before it was fetched."""

    value: str
    kind: str  # "feed" (pubDate, Atom published, news:publication_date) or "sitemap" (lastmod)


def _clean(text: str | None) -> str | None:
    if text is None:
        return None
    text = _WHITESPACE.sub(" ", text).strip()
    return text or None


def _jsonld_objects(tree) -> list[dict]:
    found: list[dict] = []
    for script in tree.xpath('//script[@type="application/ld+json"]'):
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


def page_types(tree) -> tuple[set[str], set[str]]:
    """(Open Graph type, JSON-LD types) declared by the page, lower-cased."""
    og = {v.strip().lower() for v in tree.xpath('//meta[@property="og:type"]/@content')}
    ld: set[str] = set()
    for obj in _jsonld_objects(tree):
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
    from email.utils import parsedate_to_datetime

    try:
        parsed = parsedate_to_datetime(value)
        return parsed.isoformat(), parsed.date()
    except (TypeError, ValueError, IndexError):
        pass
    dates = find_dates(value)
    if dates:
        return dates[0][1].isoformat(), dates[0][1]
    return None


def _structured_date(tree) -> tuple[str, str] | None:
    for obj in _jsonld_objects(tree):
        if _types(obj) & _ARTICLE_TYPES and isinstance(obj.get("datePublished"), str):
            if (parsed := parse_datetime(obj["datePublished"])) is not None:
                return parsed[0], "json-ld"
    for meta in tree.xpath("//meta[@content]"):
        key = (meta.get("property") or meta.get("name") or meta.get("itemprop") or "").strip().lower()
        if key in _DATE_META and (parsed := parse_datetime(meta.get("content"))) is not None:
            return parsed[0], "meta"
    for value in tree.xpath('//*[@itemprop="datePublished"]/@datetime | //time[@datetime]/@datetime'):
        if (parsed := parse_datetime(value)) is not None:
            return parsed[0], "time-element"
    return None


def _url_date(url: str) -> str | None:
    match = _URL_DATE.search(urlsplit(url).path)
    if match:
        try:
            return date(int(match.group(1)), int(match.group(2)), int(match.group(3))).isoformat()
        except ValueError:
            return None
    return None


def _text_near_title(tree, title: str) -> str:
    """The page text from the headline on, where bylines carry the publication date."""
    body = tree.find("body")
    page_text = _WHITESPACE.sub(" ", body.text_content() if body is not None else "")
    start = page_text.find(title[:40]) if title else -1
    return page_text[start : start + 600] if start >= 0 else ""


def find_published(tree, url: str, title: str, text: str, hint: DateHint | None,
                   fallback: str | None, now: datetime) -> tuple[str | None, str | None]:
    """The publication date and where it came from, most reliable evidence first.

    Order: structured data (JSON-LD, meta, <time>), the URL, the feed's own date, a date written
    next to the headline or at the top of the text, the sitemap's lastmod, then htmldate's guess.
    A date after *now* (plus a day for time zones) is rejected as impossible.
    """
    limit = (now + timedelta(days=1)).date()
    candidates: list[tuple[str | None, str]] = []
    candidates.append(_structured_date(tree) or (None, "json-ld"))
    candidates.append((_url_date(url), "url"))
    if hint is not None and hint.kind == "feed":
        candidates.append((hint.value, "feed"))
    near = find_dates(_text_near_title(tree, title)) or find_dates(text[:300])
    candidates.append((near[0][1].isoformat() if near else None, "text"))
    if hint is not None and hint.kind == "sitemap":
        candidates.append((hint.value, "sitemap"))
    candidates.append((fallback, "htmldate"))
    for value, source in candidates:
        if not value:
            continue
        parsed = parse_datetime(value)
        if parsed is not None and parsed[1] <= limit:
            return parsed[0], source
    return None, None


def _best_title(meta_title: str | None, text: str, tree) -> str | None:
    """The headline: the page's <h1> (or the body's first line) when the <title> merely wraps
    it with the site's or section's name ("Section - Headline", "Headline | Site")."""
    headings = [_clean(h.text_content()) for h in tree.xpath("//h1")]
    first_line = _clean(text.strip().split("\n", 1)[0])
    meta_title = _clean(meta_title)
    for candidate in [*headings, first_line]:
        if candidate and len(candidate) >= 15 and (meta_title is None or candidate in meta_title):
            return candidate
    return meta_title or (headings[0] if headings else None)


def _link_share(tree, text: str) -> float:
    """Share of the extracted text's characters that sit on lines which are link texts."""
    anchors = {_clean(a.text_content()) for a in tree.xpath("//a")}
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    total = sum(len(line) for line in lines)
    linked = sum(len(line) for line in lines if _clean(line) in anchors)
    return linked / total if total else 0.0


def _language(tree, text: str) -> str | None:
    lang = (tree.get("lang") or tree.get("xml:lang") or "").strip().lower()
    if lang:
        return lang.split("-")[0].split("_")[0][:8]
    return "ar" if arabic_ratio(text) > 0.5 else None


def extract(url: str, body: bytes, headers: Mapping | None = None, hint: DateHint | None = None,
            now: datetime | None = None) -> Article | NotArticle:
    """Extract the article at *url* from its raw *body*, or say why it is not one."""
    headers = headers or {}
    now = now or datetime.now(timezone.utc)
    content_type = (header(headers, "Content-Type") or "text/html").lower()
    if not any(kind in content_type for kind in ("html", "xml", "text/plain")):
        return NotArticle(url, "not-html")
    if not body.strip():
        return NotArticle(url, "empty")
    html, encoding = decode_html(body, headers)
    try:
        tree = lxml.html.document_fromstring(html)
    except (lxml.etree.ParserError, ValueError):
        return NotArticle(url, "not-html")
    og_types, ld_types = page_types(tree)
    declared = og_types | ld_types
    if declared and not declared & (_ARTICLE_TYPES | {"article"}) and declared & _NON_ARTICLE_TYPES:
        return NotArticle(url, "page-type")
    document = trafilatura.bare_extraction(
        html, url=url, with_metadata=True, include_comments=False, include_tables=True,
        favor_precision=True, deduplicate=True,
    )
    if document is None or not (document.text or "").strip():
        return NotArticle(url, "no-text")
    title = _best_title(document.title, document.text, tree)
    lines = [line.strip() for line in document.text.splitlines() if line.strip()]
    # Many pages repeat the headline as the first line of the body.
    if lines and title and _clean(lines[0]) == title:
        lines = lines[1:]
    text = "\n".join(lines)
    if len(text) < MIN_TEXT_CHARS:
        return NotArticle(url, "too-short")
    if _link_share(tree, text) > LISTING_LINK_SHARE:
        return NotArticle(url, "listing")
    canonical = next(iter(tree.xpath('//link[@rel="canonical"]/@href')), None)
    canonical_url = urljoin(url, canonical.strip()) if canonical else url
    if urlsplit(canonical_url).hostname != urlsplit(url).hostname:
        canonical_url = url  # a canonical on another site is a syndication claim, not an alias
    published_at, date_source = find_published(tree, url, title or "", text, hint, document.date, now)
    return Article(
        url=url,
        canonical_url=canonical_url,
        title=title or "",
        text=text,
        author=_clean(document.author),
        published_at=published_at,
        date_source=date_source,
        description=_clean(document.description),
        language=_language(tree, text),
        site_name=_clean(document.sitename),
        categories=[c for c in (document.categories or []) if c],
        tags=[t for t in (document.tags or []) if t],
        image=document.image,
        encoding=encoding,
    )
