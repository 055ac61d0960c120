"""A decoded page parsed once into the tree both rasad's checks and trafilatura read.

As trafilatura's ``load_html`` parses a decoded page (its repairs, its parser's settings, its
refusal of what is not HTML), with one difference: each element's Python class comes from
lxml's C-level default lookup, always ``HtmlElement``, instead of lxml.html's lookup written
in Python, which runs every time Python touches an element (trafilatura touches thousands per
page) only to pick form and input subclasses that neither trafilatura nor rasad use. Same tree,
same extraction; about 1.5 % less CPU per page (``python bench/stages.py``, "extraction").
"""

from __future__ import annotations

import lxml.html
from lxml import etree
from trafilatura.utils import is_dubious_html, repair_faulty_html

_PARSER = lxml.html.HTMLParser(collect_ids=False, default_doctype=False, encoding="utf-8",
                               remove_comments=True, remove_pis=True)  # trafilatura.utils.HTML_PARSER's
_PARSER.set_element_class_lookup(etree.ElementDefaultClassLookup(
    element=lxml.html.HtmlElement, comment=lxml.html.HtmlComment, pi=lxml.html.HtmlProcessingInstruction,
    entity=lxml.html.HtmlEntity))


def _parse(document: str | bytes) -> lxml.html.HtmlElement | None:
    try:
        return lxml.html.fromstring(document, parser=_PARSER)
    except etree.LxmlError:
        return None


def parse_html(html: str) -> lxml.html.HtmlElement | None:
    """The tree of the decoded page *html*, or None when it is not HTML."""
    beginning = html[:50].lower()
    html = repair_faulty_html(html, beginning)
    try:
        tree = _parse(html)
    except ValueError:  # a str that declares its encoding: lxml takes it as bytes only
        tree = None
    if tree is None or len(tree) < 1:
        tree = _parse(html.encode("utf-8", "surrogatepass"))
    # trafilatura's test: without an <html> in its first characters, a page must have some structure
    if tree is not None and is_dubious_html(beginning) and len(tree) < 2:
        return None
    return tree
