"""rasad's parse of a page is trafilatura's: the same tree, whatever the page, only faster classes."""

from __future__ import annotations

import lxml.html
import pytest
from lxml import etree
from trafilatura.utils import load_html

from rasad.extract.encoding import decode_html
from rasad.extract.html_tree import parse_html
from tests.golden import goldens

CASES = goldens()


@pytest.mark.parametrize("golden", CASES, ids=[g.id for g in CASES])
def test_every_sample_page_parses_to_trafilaturas_tree(golden):
    html = decode_html(golden.body(), golden.headers())[0]
    ours, theirs = parse_html(html), load_html(html)
    assert etree.tostring(ours, encoding="unicode") == etree.tostring(theirs, encoding="unicode")
    assert all(type(element) is lxml.html.HtmlElement for element in ours.iter())


@pytest.mark.parametrize("html", [
    "<?xml version='1.0' encoding='utf-8'?><html><body><p>بيان</p></body></html>",  # lxml refuses it as a str
    "<!DOCTYPE html><html/><body><p>خبر</p></body>",  # self-closing <html/>, repaired
    "<div><p>خبر عاجل</p><p>تفاصيل</p></div>",  # no <html>, but structure
])
def test_pages_trafilatura_repairs_or_reparses_come_out_the_same(html):
    assert etree.tostring(parse_html(html)) == etree.tostring(load_html(html))


@pytest.mark.parametrize("text", ["", "   ", "just a sentence, not a page", "<p>x</p>"])
def test_what_trafilatura_refuses_as_html_rasad_refuses_too(text):
    assert load_html(text) is None
    assert parse_html(text) is None


@pytest.mark.parametrize("html", [
    "<html><body><p>خبر\x00 عاجل\x08 من\x1f بغداد</p><p>تفاصيل</p></body></html>",  # control characters XML forbids
    "<html><body><p>خبر\ufffe عاجل\uffff</p><p>تفاصيل</p></body></html>",  # the two non-characters
    '<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Strict//EN" "http://www.w3.org/TR/xhtml1/DTD/xhtml1-strict.dtd">\n'
    "<html><body><p>خبر</p></body></html>",  # a doctype trafilatura rewrites
    "<!DOCTYPE html><html><body><p>خبر في سطر واحد</p></body></html>",  # a doctype and not one line break
    "<html/>\n<body><p>خبر</p><p>تفاصيل</p></body>",  # a self-closing <html/>
])
def test_pages_needing_trafilaturas_repairs_come_out_the_same(html):
    assert etree.tostring(parse_html(html)) == etree.tostring(load_html(html))
