from __future__ import annotations

from rasad.urls import canonical_url


def test_tracking_parameters_fragments_ports_and_case_are_dropped():
    assert canonical_url("HTTPS://WWW.Example.com:443/a/b?utm_source=rss&id=5&fbclid=x#top") == "https://www.example.com/a/b?id=5"
    assert canonical_url("http://example.com:80") == "http://example.com/"
    assert canonical_url("http://example.com:8080/x") == "http://example.com:8080/x"


def test_arabic_paths_have_one_spelling():
    raw = canonical_url("https://www.alquds.co.uk/قصف-قاعدة/")
    lower = canonical_url("https://www.alquds.co.uk/%d9%82%d8%b5%d9%81-%d9%82%d8%a7%d8%b9%d8%af%d8%a9/")
    assert raw == lower == "https://www.alquds.co.uk/%D9%82%D8%B5%D9%81-%D9%82%D8%A7%D8%B9%D8%AF%D8%A9/"
    assert canonical_url(raw) == raw
