"""trafilatura's metadata of a page, the fields rasad keeps, for less CPU than trafilatura spends.

``trafilatura.metadata.extract_metadata`` (what ``bare_extraction(with_metadata=True)`` runs) is
a third of trafilatura's work on the pages rasad crawls, and most of that third is its author
search: it copies the whole tree, prunes it with its AUTHOR_DISCARD_XPATHS, then runs its three
AUTHOR_XPATHS over every element, each test of each element a step of libxml2's XPath machine;
its category and tag search runs ten more XPaths the same way. :func:`extract_metadata` gives the
same fields (title, author, url, date, sitename, description, image, categories, tags) from
trafilatura's own functions, but finds the author in one pass over the elements, tests written
as those XPaths' predicates, copying and pruning only the element whose text is taken, and the
categories and tags in one more pass; it skips what rasad never reads (the license, the hostname).
``tests/test_trafilatura_metadata.py`` holds both to the same result, page by page. No settings.
"""

from __future__ import annotations

import logging
import re
from copy import deepcopy

from htmldate import find_date
from trafilatura import metadata as trafilatura_metadata
from trafilatura.htmlprocessing import prune_unwanted_nodes
from trafilatura.json_metadata import normalize_authors
from trafilatura.baseline import block_text
from trafilatura.metadata import (
    META_URL, examine_meta, extract_meta_json, extract_sitename, extract_title, extract_url,
)
from trafilatura.settings import Document
from trafilatura.utils import line_processing, trim
from trafilatura.xpaths import AUTHOR_DISCARD_XPATHS

logger = logging.getLogger(__name__)

AUTHOR_MAX_CHARS = 120
"""trafilatura's ``len_limit`` of an author found in the page's elements."""

# trafilatura.xpaths.AUTHOR_XPATHS, one entry per XPath, tried in this order: the tags the XPath
# takes (None: any) and its predicate on an element's attributes.
_AUTHOR_NAME_CLASS = re.compile("author-?name|AuthorName|authorName")
_AUTHOR_ID = re.compile("author|zuozhe|bianji|xiaobian")
_AUTHOR_CLASS = re.compile("author|channel-name|zuozhe|bianji|xiaobian|submitted-by|posted-by|journalist-name")
_LAST_RESORT_ID = re.compile("[Aa]uthor")
_LAST_RESORT_CLASS = re.compile("[Aa]uthor|screenname|writer|[Bb]yline")


def _specific(get) -> bool:
    return (get("rel") == "author" or get("id") == "author" or get("class") == "author"
            or get("itemprop") == "author name" or get("data-testid") in ("AuthorCard", "AuthorURL")
            or _AUTHOR_NAME_CLASS.search(get("class") or "") is not None)


def _generic(get) -> bool:
    return (get("class") in ("byline", "username", "byl", "BBL") or "author" in (get("itemprop") or "")
            or _AUTHOR_ID.search(get("id") or "") is not None
            or _AUTHOR_CLASS.search(get("class") or "") is not None)


def _last_resort(get) -> bool:
    return ("Byline" in (get("data-component") or "") or "author" in (get("itemprop") or "")
            or _LAST_RESORT_ID.search(get("id") or "") is not None
            or _LAST_RESORT_CLASS.search(get("class") or "") is not None)


_AUTHOR_TESTS = (
    ({"a", "address", "div", "link", "p", "span", "strong"}, _specific),
    ({"a", "div", "h3", "h4", "p", "span"}, _generic),
    (None, _last_resort),
)
_AUTHOR_ATTRIBUTES = {"rel", "id", "class", "itemprop", "data-testid", "data-component"}
# A word that every value passing one of those predicates holds: most elements have a class or
# an id, few hold one of these, and one search rules an element out for less than the tests.
_AUTHOR_HINT = re.compile(
    "[Aa]uthor|[Bb]yl|BBL|username|channel-name|zuozhe|bianji|xiaobian|submitted-by|posted-by|journalist-name"
    "|screenname|writer")
# trafilatura.xpaths.AUTHOR_DISCARD_XPATHS: what its author search prunes before it looks.
_DISCARD_ID = re.compile("^comments|comment-?list|ProductReviews")
_DISCARD_CLASS = re.compile(
    "^[Cc]omments|commentlist|comments-list|sidebar|is-hidden|quote|embedly-instagram|article-(?:share|support)"
    "|print|category|meta-date|meta-reviewer")
_DISCARD_TAGS = {"a", "div", "section", "span"}
# Elements whose meaning in those XPaths is not a test of their own attributes: <author> is one
# of the first XPath's results, a <rel> child holding "me" makes its parent one.
_UNUSUAL_TAGS = {"author", "rel"}


def _discarded(element) -> bool:
    """Whether trafilatura's author search prunes *element* itself (not for an ancestor)."""
    if element.tag in ("time", "figure"):
        return True
    get = element.get
    return element.tag in _DISCARD_TAGS and (
        get("id") == "comments" or get("class") in ("comments", "title", "date")
        or _DISCARD_ID.search(get("id") or "") is not None or _DISCARD_CLASS.search(get("class") or "") is not None
        or "Figure" in (get("data-component") or ""))


def _author_candidates(tree) -> list[list] | None:
    """The elements each of AUTHOR_XPATHS takes on *tree*, pruned or not, in document order;
    None when the page holds an <author> or a <rel> element (then trafilatura's own search runs)."""
    found: list[list] = [[] for _ in _AUTHOR_TESTS]
    for element in tree.iter():
        tag = element.tag
        if not isinstance(tag, str):  # a comment or a processing instruction: no XPath's *
            continue
        if tag in _UNUSUAL_TAGS:
            return None
        if _AUTHOR_ATTRIBUTES.isdisjoint(element.keys()) or _AUTHOR_HINT.search(
                " ".join(value for name, value in element.items() if name in _AUTHOR_ATTRIBUTES)) is None:
            continue
        get = element.get
        for (tags, test), results in zip(_AUTHOR_TESTS, found):
            if (tags is None or tag in tags) and test(get):
                results.append(element)
    return found


def _author_text(element) -> str | None:
    """The text trafilatura's author search reads in *element*, None when it prunes the element;
    only an element with a pruned descendant is copied and pruned."""
    if any(_discarded(e) for e in element.iterancestors()) or _discarded(element):
        return None
    if any(_discarded(e) for e in element.iterdescendants()):
        element = prune_unwanted_nodes(deepcopy(element), AUTHOR_DISCARD_XPATHS)
    return trim(" ".join(element.itertext()))


def extract_author(tree) -> str | None:
    """What ``trafilatura.metadata.extract_author`` finds on *tree*: the first text of 3 to
    AUTHOR_MAX_CHARS characters among the results of its first XPath with one, pruned elements
    left out, as trafilatura normalizes an author."""
    candidates = _author_candidates(tree)
    if candidates is None:
        return trafilatura_metadata.extract_author(tree)
    for results in candidates:
        for element in results:
            if (text := _author_text(element)) and 2 < len(text) < AUTHOR_MAX_CHARS:
                return normalize_authors(None, text)
    return None


# trafilatura.xpaths.CATEGORIES_XPATHS and TAGS_XPATHS, in their order: each takes the links
# (<a href>) inside the elements of a tag (None: any) whose class and id pass a test.
_META_CLASS = re.compile("^(?:post-?info|post-?meta|meta|entry-meta|entry-info|entry-utility)")
_TAG_CLASS = re.compile("^(?:tag|postmeta|meta)")
_CATEGORY_CONTAINERS = (
    ({"div"}, lambda cls, id_: _META_CLASS.search(cls) is not None or id_.startswith("postpath")),
    ({"p"}, lambda cls, id_: cls.startswith(("postmeta", "entry-categories")) or cls == "postinfo" or id_ == "filedunder"),
    ({"footer"}, lambda cls, id_: cls.startswith(("entry-meta", "entry-footer"))),
    ({"li", "span"}, lambda cls, id_: cls in ("post-category", "postcategory", "entry-category") or "cat-links" in cls),
    ({"header"}, lambda cls, id_: cls == "entry-header"),
    ({"div"}, lambda cls, id_: cls in ("row", "tags")),
)
_TAG_CONTAINERS = (
    ({"div"}, lambda cls, id_: cls == "tags"),
    ({"p"}, lambda cls, id_: cls.startswith("entry-tags")),
    ({"div"}, lambda cls, id_: cls in ("row", "jp-relatedposts", "entry-utility") or _TAG_CLASS.search(cls) is not None),
    (None, lambda cls, id_: cls == "entry-meta" or "topics" in cls or "tags-links" in cls),
)
# A word that every class or id passing one of those tests holds (as _AUTHOR_HINT).
_CONTAINER_HINT = re.compile("post|meta|entry|filedunder|cat|row|tag|topics")


def _containers(tree, tests: tuple) -> list[list]:
    """The elements each of *tests* takes on *tree*, in document order."""
    found: list[list] = [[] for _ in tests]
    for element in tree.iter():
        if not isinstance(element.tag, str):
            continue
        cls, id_ = element.get("class") or "", element.get("id") or ""  # every test is of these
        if _CONTAINER_HINT.search(f"{cls} {id_}") is None:
            continue
        for (tags, test), containers in zip(tests, found):
            if (tags is None or element.tag in tags) and test(cls, id_):
                containers.append(element)
    return found


def _catstags(kind: str, containers: list[list], tree) -> list[str]:
    """What ``trafilatura.metadata.extract_catstags(kind, tree)`` finds, *kind* "category" or
    "tag", given the *containers* of its XPaths: the text of the links of the first XPath whose
    links lead to a /category/ (/tag/) path, else for categories the page's article:section or
    subject <meta>."""
    path = re.compile("/" + kind.rstrip("y") + "(?:y|ies|s)?/")
    results: list[str] = []
    for elements in containers:
        links = dict.fromkeys(a for container in elements for a in container.iterdescendants("a")
                              if a.get("href") is not None and path.search(a.get("href")))
        results.extend(block_text(a) for a in links)
        if results:
            break
    if kind == "category" and not results:
        results.extend(element.attrib["content"] for element in tree.xpath(
            './/head//meta[@property="article:section" or contains(@name, "subject")][@content]'))
    return [r for r in dict.fromkeys(line_processing(x) for x in results if x) if r]


def _categories_and_tags(tree, metadata: Document) -> None:
    """The page's categories and tags, where its meta tags and JSON-LD gave none, from one pass
    over its elements."""
    if metadata.categories and metadata.tags:
        return
    containers = _containers(tree, _CATEGORY_CONTAINERS + _TAG_CONTAINERS)
    metadata.categories = metadata.categories or _catstags("category", containers[:len(_CATEGORY_CONTAINERS)], tree)
    metadata.tags = metadata.tags or _catstags("tag", containers[len(_CATEGORY_CONTAINERS):], tree)


def _sitename(found: str | None, url: str | None) -> str | None:
    """The site's name as trafilatura gives it: a Twitter handle without its @, capitalized
    unless a domain, else the domain of the page's URL."""
    if found:
        found = found.lstrip("@")
        if found and "." not in found and not found[0].isupper():
            found = found.title()
        return found
    if url and (match := META_URL.match(url)):
        return match[1]
    return found


def page_date(tree, url: str | None, date_params: dict) -> str | None:
    """htmldate's date of the page, as trafilatura's metadata pass finds it (*url*: the page's
    URL in its metadata)."""
    return find_date(tree, **{**date_params, "url": url})


def extract_metadata(tree, url: str, date_params: dict | None) -> Document:
    """The metadata ``trafilatura.metadata.extract_metadata(tree, url, date_params)`` gives,
    but its license and hostname, left empty: the same fields from the same functions of
    trafilatura, with the author from :func:`extract_author`. With *date_params* None the date
    is left empty too: htmldate's search is a tenth of the extraction, and a caller that finds
    the date elsewhere first asks :func:`page_date` only when it must."""
    metadata = examine_meta(tree)
    if metadata.author and " " not in metadata.author:
        metadata.author = None  # trafilatura's rule: one word is no author's name
    try:
        metadata = extract_meta_json(tree, metadata)
    except Exception as error:  # noqa: BLE001 - trafilatura's guard against its JSON-LD code's bugs
        logger.warning("error in JSON metadata extraction: %s", error)
    metadata.title = metadata.title or extract_title(tree)
    metadata.author = metadata.author or extract_author(tree)
    metadata.url = metadata.url or extract_url(tree, url)
    if date_params is not None:
        metadata.date = page_date(tree, metadata.url, date_params)
    metadata.sitename = _sitename(metadata.sitename or extract_sitename(tree), metadata.url)
    _categories_and_tags(tree, metadata)
    metadata.clean_and_trim()
    return metadata
