"""A decoded page parsed once into the tree both rasad's checks and trafilatura read.

As trafilatura's ``load_html`` parses a decoded page (its repairs, its parser's settings, its
refusal of what is not HTML), with one difference: each element's Python class comes from
lxml's C-level default lookup, always ``HtmlElement``, instead of lxml.html's lookup written
in Python, which runs every time Python touches an element (trafilatura touches thousands per
page) only to pick form and input subclasses that neither trafilatura nor rasad use. And it parses
the page's UTF-8 bytes, which libxml2 reads faster than a str, after looking for the characters
XML forbids in those bytes, faster than trafilatura's scan of the str (which is then only run,
with the rest of its repairs, on a page that needs one). Same tree, same extraction
(``tests/test_html_tree.py``). ``python bench/stages.py``: rasad's extraction, trafilatura
inside, took 3 % more CPU than trafilatura alone with trafilatura's loader, and 3 % less with this.
"""

from __future__ import annotations

import lxml.html
from lxml import etree
from trafilatura.utils import DOCTYPE_TAG, is_dubious_html, repair_faulty_html

_PARSER = lxml.html.HTMLParser(collect_ids=False, default_doctype=False, encoding="utf-8",
                               remove_comments=True, remove_pis=True)  # trafilatura.utils.HTML_PARSER's
_PARSER.set_element_class_lookup(etree.ElementDefaultClassLookup(
    element=lxml.html.HtmlElement, comment=lxml.html.HtmlComment, pi=lxml.html.HtmlProcessingInstruction,
    entity=lxml.html.HtmlEntity))


def _parse(document: bytes) -> lxml.html.HtmlElement | None:
    try:
        return lxml.html.fromstring(document, parser=_PARSER)
    except etree.LxmlError:
        return None


_XML_FORBIDDEN_BYTES = bytes([*range(0x09), 0x0B, 0x0C, *range(0x0E, 0x20)])
_XML_FORBIDDEN_NONCHARACTERS = (b"\xef\xbf\xbe", b"\xef\xbf\xbf")  # U+FFFE and U+FFFF in UTF-8


def _needs_repair(html: str, beginning: str, document: bytes) -> bool:
    """Would trafilatura's ``repair_faulty_html`` change *html* (whose UTF-8 is *document*)?"""
    if len(document.translate(None, _XML_FORBIDDEN_BYTES)) != len(document) or any(
            character in document for character in _XML_FORBIDDEN_NONCHARACTERS):
        return True
    if "doctype" in beginning and ("\n" not in html or DOCTYPE_TAG.match(html.partition("\n")[0])):
        return True
    return any("<html" in line and line.endswith("/>") for line in html[:4096].splitlines()[:4])


def parse_html(html: str) -> lxml.html.HtmlElement | None:
    """The tree of the page *html* as rasad.extract.encoding decoded it, or None when it is not HTML."""
    beginning = html[:50].lower()
    document = html.encode("utf-8", "surrogatepass")
    if _needs_repair(html, beginning, document):
        document = repair_faulty_html(html, beginning).encode("utf-8", "surrogatepass")
    tree = _parse(document)
    # trafilatura's test: without an <html> in its first characters, a page must have some structure
    if tree is not None and is_dubious_html(beginning) and len(tree) < 2:
        return None
    return tree
