from __future__ import annotations

from hypothesis import given, settings, strategies as st

from rasad.text.urls import canonical_url, in_domains


def test_tracking_parameters_fragments_ports_and_case_are_dropped():
    assert canonical_url("HTTPS://WWW.Example.com:443/a/b?utm_source=rss&id=5&fbclid=x#top") == "https://www.example.com/a/b?id=5"
    assert canonical_url("http://example.com:80") == "http://example.com/"
    assert canonical_url("http://example.com:8080/x") == "http://example.com:8080/x"


def test_arabic_paths_have_one_spelling():
    raw = canonical_url("https://www.alquds.co.uk/قصف-قاعدة/")
    lower = canonical_url("https://www.alquds.co.uk/%d9%82%d8%b5%d9%81-%d9%82%d8%a7%d8%b9%d8%af%d8%a9/")
    assert raw == lower == "https://www.alquds.co.uk/%D9%82%D8%B5%D9%81-%D9%82%D8%A7%D8%B9%D8%AF%D8%A9/"
    assert canonical_url(raw) == raw


def test_url_keys_fold_the_variants_of_one_page():
    from rasad.text.urls import url_key

    key = url_key("https://www.youm7.com/story/2022/1/5/x/5614523")
    for variant in ("http://youm7.com/story/2022/1/5/x/5614523/", "https://m.youm7.com/story/2022/1/5/x/5614523",
                    "https://www.youm7.com/amp/story/2022/1/5/x/5614523", "https://amp.youm7.com/story/2022/1/5/x/5614523/amp",
                    "https://www.youm7.com/story/2022/1/5/x/5614523?utm_source=twitter#comments"):
        assert url_key(variant) == key
    assert url_key("https://www.youm7.com/story/2022/1/5/x/5614524") != key
    assert url_key("https://www.example.com/article.amp.html") == url_key("https://example.com/article.html")
    # a host that is only "m" + one label is a domain of its own, not a mobile variant
    assert url_key("https://m.tv/a") == "m.tv/a"


def test_canonical_form_never_changes_what_a_url_points_to():
    assert canonical_url("https://example.com/a%2Fb/c") == "https://example.com/a%2Fb/c"
    assert canonical_url("https://example.com/a%3fb?x=%26y") == "https://example.com/a%3Fb?x=%26y"
    # windows-1256 escapes are not UTF-8: they keep their bytes, only the hex case is unified
    assert canonical_url("http://www.sanaanews.net/%c7%e1%da%d1%c7%de.htm?q=%D3%E6") == \
        "http://www.sanaanews.net/%C7%E1%DA%D1%C7%DE.htm?q=%D3%E6"
    assert canonical_url("https://example.com:99999/x") == "https://example.com:99999/x"
    assert canonical_url("https://مثال.إختبار/خبر") == "https://xn--mgbh0fb.xn--kgbechtv/%D8%AE%D8%A8%D8%B1"
    assert canonical_url("https://example.com/?b=2&utm_medium=x&a=1") == "https://example.com/?b=2&a=1"


_URL_PIECES = st.lists(
    st.sampled_from(["a", "Z", "0", " ", "&", "=", "?", "#", "/", "%", "%00", "%2F", "%25", "%D8%B9", "%C7",
                     "عين", "\x00", "utm_source", ".amp", "amp"]),
    max_size=30,
).map("".join)


@settings(max_examples=1500, deadline=None)
@given(path=_URL_PIECES, query=_URL_PIECES)
def test_canonicalization_is_idempotent(path, query):
    from rasad.text.urls import url_key

    url = f"https://x.example/{path}?{query}"
    canonical = canonical_url(url)
    assert canonical_url(canonical) == canonical
    assert url_key(canonical) == url_key(url)


def test_nul_and_non_utf8_escapes_stay_escaped():
    # %00 once came out as a bare "%" (a NUL sentinel leaked), which a second pass turned into %25
    assert canonical_url("https://x.example/a%00b") == "https://x.example/a%00b"
    # characters beside a windows-1256 escape are quoted like everywhere else, not kept raw
    assert canonical_url("https://x.example/?%C7 &b") == "https://x.example/?%C7%20&b"


def test_a_url_is_in_a_domain_when_its_host_is_it_or_below_it():
    assert in_domains("https://www.example.com/a", ["example.com"])
    assert in_domains("https://EXAMPLE.com:8443/a", ["other.org", "example.com"])
    assert not in_domains("https://notexample.com/a", ["example.com"])
    assert not in_domains("https://example.com.evil.org/a", ["example.com"])
    assert not in_domains("not a url", ["example.com"])
