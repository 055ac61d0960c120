from __future__ import annotations

import gzip

import pytest

from rasad.crawl import discovery
from rasad.crawl.discovery import DiscoveryError, parse_xml, section_links
from tests.conftest import REPOSITORY

RSS = b"""<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0"><channel><title>t</title>
<item><title>\xd9\x82\xd8\xb5\xd9\x81</title><link>https://www.example.com/a/1</link>
<pubDate>Mon, 05 Feb 2024 10:00:00 +0300</pubDate></item>
<item><title>relative</title><link>/a/2</link></item>
<item><title>no link</title></item>
<item><title>guid only</title><guid isPermaLink="false">12345</guid></item>
<item><title>permalink guid</title><guid>https://www.example.com/a/3</guid></item>
<item><title>bad scheme</title><link>javascript:alert(1)</link></item>
</channel></rss>"""

ATOM = b"""<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>t</title>
<entry><title>one</title><link rel="alternate" href="https://www.example.com/2024/04/22/x/"/>
<updated>2024-04-23T08:00:00Z</updated><published>2024-04-22T08:00:00Z</published></entry>
</feed>"""

NEWS_SITEMAP = b"""<?xml version="1.0" encoding="UTF-8"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"
        xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">
<url><loc>https://www.example.com/story/1</loc>
 <image:image xmlns:image="http://www.google.com/schemas/sitemap-image/1.1"><image:title>caption</image:title></image:image>
 <news:news><news:publication><news:name>x</news:name><news:language>ar</news:language></news:publication>
 <news:publication_date>2024-07-26T13:42:00+03:00</news:publication_date><news:title>headline</news:title></news:news>
</url>
<url><loc>https://www.example.com/story/2</loc><lastmod>2024-07-01</lastmod></url>
</urlset>"""

INDEX = b"""<?xml version="1.0" encoding="UTF-8"?>
<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
<sitemap><loc>https://www.example.com/post-sitemap1.xml.gz</loc></sitemap>
<sitemap><loc>https://www.example.com/page-sitemap.xml</loc><lastmod>2024-01-01</lastmod></sitemap>
</sitemapindex>"""


def test_rss_items_with_title_and_publication_date():
    found = parse_xml("https://www.example.com/feed/", RSS)
    assert found.kind == "feed"
    assert [link.url for link in found.links] == [
        "https://www.example.com/a/1", "https://www.example.com/a/2", "https://www.example.com/a/3"]
    assert found.links[0].title == "قصف"
    assert (found.links[0].published, found.links[0].date_kind) == ("Mon, 05 Feb 2024 10:00:00 +0300", "feed")
    assert found.links[1].date_kind is None


def test_atom_entries_prefer_published_over_updated():
    found = parse_xml("https://www.example.com/feed/atom/", ATOM)
    assert found.links[0].url == "https://www.example.com/2024/04/22/x/"
    assert found.links[0].published == "2024-04-22T08:00:00Z"


def test_google_news_sitemap_dates_are_publication_dates_lastmod_is_not():
    found = parse_xml("https://www.example.com/sitemap/news.xml", NEWS_SITEMAP)
    assert found.kind == "urlset"
    first, second = found.links
    assert (first.title, first.published, first.date_kind) == ("headline", "2024-07-26T13:42:00+03:00", "feed")
    assert (second.published, second.date_kind) == ("2024-07-01", "sitemap")


def test_sitemap_index_and_gzip():
    index = parse_xml("https://www.example.com/sitemap_index.xml", INDEX)
    assert index.kind == "sitemapindex" and len(index.links) == 2
    zipped = parse_xml("https://www.example.com/post-sitemap1.xml.gz", gzip.compress(NEWS_SITEMAP))
    assert len(zipped.links) == 2


def test_external_entities_and_entity_expansion_are_refused(tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP SECRET")
    xxe = f"""<?xml version="1.0"?><!DOCTYPE r [<!ENTITY x SYSTEM "file://{secret}">]>
<rss><channel><item><title>&x;</title><link>https://www.example.com/a</link></item></channel></rss>""".encode()
    with pytest.raises(DiscoveryError, match="entities"):
        parse_xml("https://www.example.com/feed", xxe)
    bomb = b'<?xml version="1.0"?><!DOCTYPE l [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]><rss>&b;</rss>'
    with pytest.raises(DiscoveryError):
        parse_xml("https://www.example.com/feed", bomb)


def test_a_truncated_gzip_is_refused_not_crashed():
    with pytest.raises(DiscoveryError, match="broken gzip"):
        parse_xml("https://www.example.com/s.xml.gz", gzip.compress(NEWS_SITEMAP)[:60])


def test_a_gzip_bomb_is_refused(monkeypatch):
    monkeypatch.setattr(discovery, "MAX_INFLATED_BYTES", 1000)
    with pytest.raises(DiscoveryError, match="inflates beyond"):
        parse_xml("https://www.example.com/s.xml.gz", gzip.compress(b"<urlset>" + b" " * 5000 + b"</urlset>"))


def test_garbage_is_refused_not_crashed():
    for body in (b"", b"not xml at all", b"<html><body>hello</body></html>", b"\x00\xff\xfe"):
        with pytest.raises(DiscoveryError):
            parse_xml("https://www.example.com/feed", body)


def test_section_pages_split_article_links_from_the_rest():
    html = """<html><body>
      <a href="/news/arab-world/1234567">عنوان أول</a><a href="/news/arab-world/1234567#comments"></a>
      <a href="https://www.example.com/news/arab-world/7654321">ثان</a>
      <a href="/news/arab-world/page/2">التالي</a><a href="mailto:x@example.com">mail</a>
    </body></html>""".encode()
    articles, others = section_links("https://www.example.com/news/arab-world", html, r"/news/arab-world/\d+$")
    assert [(a.url, a.title) for a in articles] == [
        ("https://www.example.com/news/arab-world/1234567", "عنوان أول"),
        ("https://www.example.com/news/arab-world/7654321", "ثان"),
    ]
    assert others == ["https://www.example.com/news/arab-world/page/2"]


def test_a_run_fetches_at_most_its_share_of_discovery_documents_and_counts_the_rest():
    import asyncio

    from scrapy.utils.test import get_crawler

    from rasad.config import load_sources
    from spiders.news import NewsSpider

    source = next(iter(load_sources(REPOSITORY / "sources.toml").values()))
    crawler = get_crawler(NewsSpider, {"RASAD_MAX_DISCOVERY": 1})
    spider = NewsSpider(source, max_discovery=1)
    spider._set_crawler(crawler)
    crawler.stats.open_spider()

    async def requests():
        return [request async for request in spider.start()]

    started = asyncio.run(requests())
    entry_points = len(source.feeds) + len(source.sitemaps) + len(source.sections)
    assert entry_points > 1 and len(started) == 1
    assert crawler.stats.get_value("rasad/skipped/discovery-limit") == entry_points - 1
    assert spider._sitemap_request("https://x.example/sitemap.xml", 4) is None  # deeper than the default 3
    assert crawler.stats.get_value("rasad/skipped/sitemap-too-deep") == 1
