from __future__ import annotations

from rasad.extract.encoding import decode_html
from rasad.extract.extraction import extract
from tests.golden import goldens

ARABIC = "قالت مصادر محلية إن طائرة مسيرة استهدفت قاعدة حقل العمر النفطي في ريف دير الزور"


def html(charset_meta: str = "") -> str:
    return f"<html><head>{charset_meta}<title>خبر</title></head><body><p>{ARABIC}</p></body></html>"


def test_windows_1256_with_the_charset_in_meta_only_in_the_header_or_nowhere():
    body = html('<meta http-equiv="Content-Type" content="text/html; charset=windows-1256">').encode("cp1256")
    assert ARABIC in decode_html(body, {"Content-Type": "text/html"})[0]
    body = html().encode("cp1256")
    assert ARABIC in decode_html(body, {"Content-Type": "text/html; charset=windows-1256"})[0]
    assert ARABIC in decode_html(body, {})[0]


def test_utf8_with_a_bom_and_a_header_that_lies():
    assert ARABIC in decode_html(b"\xef\xbb\xbf" + html().encode("utf-8"), {})[0]
    lying = html('<meta charset="windows-1256">').encode("cp1256")
    assert ARABIC in decode_html(lying, {"Content-Type": "text/html; charset=iso-8859-1"})[0]
    assert ARABIC in decode_html(html().encode("utf-8"), {"Content-Type": "text/html; charset=iso-8859-1"})[0]


def test_the_real_windows_1256_pages_decode_under_a_lying_header():
    for golden in goldens():
        if golden.expected["url"].startswith(("http://www.sanaanews.net", "http://www.fatehwatan.ps")):
            article = extract(golden.expected["url"], golden.body(), {"Content-Type": "text/html; charset=iso-8859-1"})
            assert article.title == golden.expected["title"] and article.language == "ar"
