"""Discovery documents: RSS/Atom feeds, XML sitemaps (index, urlset, gzip, Google News) and
section pages, parsed into links with the title and date they carry.

Pure functions of (url, bytes). XML is parsed without DTDs, entities or network access, and
gzip is inflated with a size cap, so a hostile document cannot read files or fill memory.
"""

from __future__ import annotations

import gzip
import io
import re
import zlib
from collections.abc import Mapping
from dataclasses import dataclass
from urllib.parse import urljoin, urlsplit

import lxml.etree
import lxml.html

from rasad.extract.encoding import decode_html

MAX_INFLATED_BYTES = 50 * 1024 * 1024
"""A sitemap may be 50 MB uncompressed (sitemaps.org); anything larger is refused."""


@dataclass(frozen=True)
class Link:
    url: str
    title: str | None = None
    published: str | None = None
    date_kind: str | None = None  # "feed" for publication dates, "sitemap" for lastmod


@dataclass(frozen=True)
class Discovered:
    kind: str  # "feed", "sitemapindex", "urlset", "html", "unknown"
    links: list[Link]


class DiscoveryError(ValueError):
    """The document is not a feed or sitemap that can be read safely."""


_PARSER = lxml.etree.XMLParser(
    resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False, recover=True,
    remove_comments=True, remove_pis=True,
)


def inflate(body: bytes) -> bytes:
    """Gunzip *body* if it is gzip, refusing more than MAX_INFLATED_BYTES (gzip bombs)."""
    if body[:2] != b"\x1f\x8b":
        return body
    out = io.BytesIO()
    try:
        with gzip.GzipFile(fileobj=io.BytesIO(body)) as stream:
            while chunk := stream.read(1 << 16):
                out.write(chunk)
                if out.tell() > MAX_INFLATED_BYTES:
                    raise DiscoveryError(f"gzip document inflates beyond {MAX_INFLATED_BYTES} bytes")
    except (OSError, EOFError, zlib.error) as exc:
        raise DiscoveryError(f"broken gzip: {exc}") from None
    return out.getvalue()


def _local(tag: object) -> str:
    return tag.rsplit("}", 1)[-1].lower() if isinstance(tag, str) else ""


def _child_text(element, *names: str) -> str | None:
    """The text of the first child named *names[0]*, else of *names[1]*, ... (priority order)."""
    for name in names:
        for child in element:
            if _local(child.tag) == name and child.text and child.text.strip():
                return child.text.strip()
    return None


def _news_text(entry, name: str) -> str | None:
    """A Google News sitemap field (``news:title``, ``news:publication_date``) from the entry's
    ``<news:news>`` block, never an ``image:title`` or ``video:title`` of the same entry."""
    for block in entry.iter():
        if _local(block.tag) == "news":
            for child in block.iter():
                if _local(child.tag) == name and child.text and child.text.strip():
                    return child.text.strip()
    return None


def _absolute(base: str, href: str | None) -> str | None:
    if not href:
        return None
    url = urljoin(base, href.strip())
    return url if urlsplit(url).scheme in ("http", "https") else None


def parse_xml(url: str, body: bytes) -> Discovered:
    """Parse a feed or sitemap at *url*."""
    root = _xml_root(body)
    kind = _local(root.tag)
    if kind == "sitemapindex":
        return Discovered("sitemapindex", _sitemap_index_links(url, root))
    if kind == "urlset":
        return Discovered("urlset", _urlset_links(url, root))
    if kind in ("rss", "rdf"):  # RDF nests its items beside the channel, RSS inside it
        return Discovered("feed", _feed_links(url, root.iter(), "item", _rss_item_link, ("pubdate", "date")))
    if kind == "feed":  # Atom
        return Discovered("feed", _feed_links(url, root, "entry", _atom_entry_href, ("published", "updated")))
    raise DiscoveryError(f"unknown document type <{kind}>")


def _xml_root(body: bytes):
    """The root element of a (possibly gzipped) XML document, refusing one that declares
    entities (the billion-laughs kind) and one that is not XML or is empty."""
    body = inflate(body)
    if b"<!ENTITY" in body[:4096].upper():
        raise DiscoveryError("document declares entities; refused")
    try:
        root = lxml.etree.fromstring(body.lstrip(), _PARSER)
    except lxml.etree.XMLSyntaxError as exc:
        raise DiscoveryError(f"not XML: {exc}") from None
    if root is None:
        raise DiscoveryError("empty XML document")
    return root


def _sitemap_index_links(url: str, root) -> list[Link]:
    """The sitemaps a sitemap index lists, dated by their lastmod."""
    links: list[Link] = []
    for entry in root:
        if _local(entry.tag) == "sitemap" and (loc := _absolute(url, _child_text(entry, "loc"))):
            lastmod = _child_text(entry, "lastmod")
            links.append(Link(loc, published=lastmod, date_kind="sitemap" if lastmod else None))
    return links


def _urlset_links(url: str, root) -> list[Link]:
    """The pages a sitemap lists: a Google News publication date is the article's own (a feed
    date), before the lastmod, which may be any later edit."""
    links: list[Link] = []
    for entry in root:
        if _local(entry.tag) != "url" or not (loc := _absolute(url, _child_text(entry, "loc"))):
            continue
        news_date = _news_text(entry, "publication_date")
        lastmod = _child_text(entry, "lastmod")
        links.append(
            Link(
                loc,
                title=_news_text(entry, "title"),
                published=news_date or lastmod,
                date_kind="feed" if news_date else ("sitemap" if lastmod else None),
            )
        )
    return links


def _feed_links(url: str, elements, tag: str, href_of, date_names: tuple[str, ...]) -> list[Link]:
    """The links of a feed's *tag* elements among *elements* (RSS items, Atom entries): each
    one's URL (read by *href_of*), title and first date of *date_names*."""
    links: list[Link] = []
    for element in elements:
        if _local(element.tag) != tag:
            continue
        if loc := _absolute(url, href_of(element)):
            published = _child_text(element, *date_names)
            links.append(Link(loc, _child_text(element, "title"), published, "feed" if published else None))
    return links


def _rss_item_link(item) -> str | None:
    """An RSS item's link, or its GUID when it has no link and the GUID is a permalink."""
    link = _child_text(item, "link")
    guid = next((c for c in item if _local(c.tag) == "guid"), None)
    if not link and guid is not None and guid.get("isPermaLink", "true") != "false":
        link = (guid.text or "").strip()  # a GUID is a URL only when it says so
    return link


def _atom_entry_href(entry) -> str | None:
    """The href of an Atom entry's first alternate link (a link without rel is one)."""
    for child in entry:
        if _local(child.tag) == "link" and child.get("rel", "alternate") == "alternate":
            return child.get("href")
    return None


def section_links(url: str, body: bytes, article_pattern: str,
                  headers: Mapping | None = None) -> tuple[list[Link], list[str]]:
    """Links on a section page: (article links matching the pattern, all other links)."""
    try:
        tree = lxml.html.document_fromstring(decode_html(body, headers)[0])
    except (lxml.etree.ParserError, ValueError):
        return [], []
    pattern = re.compile(article_pattern)
    articles: dict[str, Link] = {}
    others: list[str] = []
    for anchor in tree.iter("a"):
        href = _absolute(url, anchor.get("href"))
        if not href:
            continue
        href = href.split("#", 1)[0]
        if pattern.search(href):
            title = " ".join(anchor.text_content().split()) or None
            if href not in articles or (title and not articles[href].title):
                articles[href] = Link(href, title)
        else:
            others.append(href)
    return list(articles.values()), others
