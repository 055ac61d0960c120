from __future__ import annotations

import gzip
from pathlib import Path

import lxml.html
import pytest
from trafilatura import metadata as trafilatura_metadata

from rasad.extract.encoding import decode_html
from rasad.extract.extraction import TRAFILATURA_OPTIONS
from rasad.extract.html_tree import parse_html
from rasad.extract.trafilatura_metadata import extract_author, extract_metadata
from tests.golden import goldens

DATE_PARAMS = TRAFILATURA_OPTIONS["date_extraction_params"]
KEPT = ("title", "author", "url", "date", "sitename", "description", "image", "categories", "tags")
BENCHMARK = Path(__file__).resolve().parent / "fixtures" / "extraction-benchmark"


def saved_pages() -> list[tuple[str, bytes, dict]]:
    """(url, body, headers) of every page of the sample web with a golden file, and of the
    benchmark pages kept in the fixtures."""
    pages = [(g.expected["url"], g.body(), g.headers()) for g in goldens()]
    pages += [(f"https://benchmark.example/{path.name}", gzip.decompress(path.read_bytes()), {})
              for path in sorted(BENCHMARK.glob("*.html.gz"))]
    return pages


def test_the_fields_rasad_keeps_are_trafilaturas_on_every_saved_page():
    pages = saved_pages()
    assert len(pages) >= 60
    authors = 0
    for url, body, headers in pages:
        tree = parse_html(decode_html(body, headers)[0])
        if tree is None:
            continue
        before = lxml.html.tostring(tree)
        ours = extract_metadata(tree, url, DATE_PARAMS)
        assert lxml.html.tostring(tree) == before, url  # rasad reads the same tree afterwards
        theirs = trafilatura_metadata.extract_metadata(tree, url, DATE_PARAMS)
        assert {f: getattr(ours, f) for f in KEPT} == {f: getattr(theirs, f) for f in KEPT}, url
        assert extract_author(tree) == trafilatura_metadata.extract_author(tree), url
        authors += extract_author(tree) is not None
    assert authors >= 5  # the author search itself is compared, not only its absence


def tree_of(body: str):
    return lxml.html.fromstring(f"<html><head><title>t</title></head><body>{body}</body></html>")


@pytest.mark.parametrize("body, author", [
    # an author in a pruned block (a sidebar) is left for the next one
    ('<div class="sidebar"><span class="author">Sami Haddad</span></div><p class="author">Lina Saleh</p>',
     "Lina Saleh"),
    # the first XPath's results come before the second's, wherever they are in the page
    ('<div class="byline">Omar Khalil</div><span rel="author">Rana Aziz</span>', "Rana Aziz"),
    # a pruned element inside the author's keeps its tail text
    ('<span class="author-name">Nour <time>2024</time>Ahmad <figure>x</figure>Youssef</span>', "Nour Ahmad Youssef"),
    # too long a text is no author's name; the last resort takes any element
    (f'<span class="author">{"word " * 40}</span><td class="writer">Hadi Mansour</td>', "Hadi Mansour"),
    # an <author> element: trafilatura's own search
    ("<author>Maya Nasser</author>", "Maya Nasser"),
    ('<div id="comments"><a class="author">Commenter Name</a></div>', None),
])
def test_the_author_is_trafilaturas(body, author):
    tree = tree_of(body)
    assert trafilatura_metadata.extract_author(tree) == author
    assert extract_author(tree) == author


@pytest.mark.parametrize("body, categories, tags", [
    # the first XPath with links to a /category/ path gives them; nested containers count a link once
    ('<div class="post-meta"><div class="meta"><a href="/category/syria/">سوريا</a></div>'
     '<a href="/about/">x</a></div><div class="row"><a href="/category/iraq/">العراق</a></div>'
     '<div class="tags"><a href="/tag/drones/">مسيرات</a></div>', ["سوريا"], ["مسيرات"]),
    # links without such a path are passed over for a later XPath's; any tag can hold the topics
    ('<p class="postinfo"><a href="/news/1">خبر</a></p><li class="cat-links"><a href="/categories/x">إكس</a></li>'
     '<section class="side-topics"><a href="/tags/y">واي</a></section>', ["إكس"], ["واي"]),
    ("<p>no links</p>", [], []),
])
def test_categories_and_tags_are_trafilaturas(body, categories, tags):
    tree = tree_of(body)
    theirs = trafilatura_metadata.extract_metadata(tree, "https://example.com/a", DATE_PARAMS)
    ours = extract_metadata(tree, "https://example.com/a", DATE_PARAMS)
    assert (theirs.categories, theirs.tags) == (categories, tags)
    assert (ours.categories, ours.tags) == (categories, tags)


AUTHOR_FORMS = [  # one element for each way AUTHOR_XPATHS take one: rasad rules most elements out by a word first
    ('span', 'rel="author"'), ('span', 'id="author"'), ('span', 'class="author"'), ('span', 'itemprop="author name"'),
    ('span', 'data-testid="AuthorCard"'), ('a', 'data-testid="AuthorURL"'), ('div', 'class="x-author-name"'),
    ('p', 'class="AuthorName"'), ('strong', 'class="authorName"'), ('div', 'class="byline"'), ('h3', 'class="username"'),
    ('h4', 'class="byl"'), ('span', 'class="BBL"'), ('p', 'itemprop="creator author"'), ('div', 'id="post-zuozhe"'),
    ('span', 'id="bianji"'), ('span', 'id="xiaobian"'), ('a', 'class="channel-name"'), ('div', 'class="submitted-by"'),
    ('p', 'class="posted-by"'), ('span', 'class="journalist-name"'), ('td', 'data-component="Byline"'),
    ('td', 'id="theAuthor"'), ('td', 'class="screenname"'), ('td', 'class="writer"'), ('td', 'class="Byline"'),
]


@pytest.mark.parametrize("tag, attributes", AUTHOR_FORMS)
def test_every_form_of_author_element_is_found_as_trafilatura_finds_it(tag, attributes):
    tree = tree_of(f'<div class="article"><{tag} {attributes}>Salim Haddad</{tag}></div>')
    assert trafilatura_metadata.extract_author(tree) == "Salim Haddad"
    assert extract_author(tree) == "Salim Haddad"


CONTAINER_FORMS = [  # (tag, class, id) of each way CATEGORIES_XPATHS and TAGS_XPATHS take a container
    ("div", "postinfo", ""), ("div", "post-meta", ""), ("div", "meta", ""), ("div", "entry-meta", ""),
    ("div", "entry-info", ""), ("div", "entry-utility", ""), ("div", "", "postpath"), ("p", "postmeta", ""),
    ("p", "entry-categories", ""), ("p", "", "filedunder"), ("footer", "entry-footer", ""),
    ("li", "post-category", ""), ("span", "postcategory", ""), ("li", "entry-category", ""),
    ("span", "cat-links", ""), ("header", "entry-header", ""), ("div", "row", ""), ("div", "tags", ""),
    ("p", "entry-tags", ""), ("div", "jp-relatedposts", ""), ("div", "tag-cloud", ""), ("section", "topics", ""),
    ("aside", "tags-links", ""),
]


@pytest.mark.parametrize("tag, class_, id_", CONTAINER_FORMS)
def test_every_form_of_category_or_tag_container_is_found_as_trafilatura_finds_it(tag, class_, id_):
    tree = tree_of(f'<{tag} class="{class_}" id="{id_}"><a href="/category/iraq/">العراق</a>'
                   f'<a href="/tag/drones/">مسيرات</a></{tag}>')
    theirs = trafilatura_metadata.extract_metadata(tree, "https://example.com/a", DATE_PARAMS)
    ours = extract_metadata(tree, "https://example.com/a", DATE_PARAMS)
    assert theirs.categories or theirs.tags  # the form is one of trafilatura's
    assert (ours.categories, ours.tags) == (theirs.categories, theirs.tags)
