"""The meta refresh middleware follows <meta http-equiv="refresh"> as Scrapy's does, and leaves
every other page undecoded."""

from __future__ import annotations

from scrapy import Spider
from scrapy.http import HtmlResponse, Request
from scrapy.utils.test import get_crawler

from rasad.crawl.meta_refresh import MetaRefreshMiddleware


def middleware() -> MetaRefreshMiddleware:
    crawler = get_crawler(Spider, {"METAREFRESH_MAXDELAY": 100})
    crawler.spider = Spider("test")
    return MetaRefreshMiddleware.from_crawler(crawler)


def test_a_meta_refresh_in_the_head_is_followed():
    request = Request("https://www.example.com/old")
    body = '<html><head><meta http-equiv="Refresh" content="0; url=/ar/news/1"></head><body>نص</body></html>'
    result = middleware().process_response(request, HtmlResponse(request.url, body=body.encode("cp1256"),
                                                                  encoding="cp1256"))
    assert isinstance(result, Request) and result.url == "https://www.example.com/ar/news/1"


def test_a_page_without_one_comes_back_as_it_was_never_decoded():
    request = Request("https://www.example.com/ar/news/2")
    response = HtmlResponse(request.url, body=("<html><body>" + "خبر عاجل " * 20_000 + "</body></html>").encode(),
                            encoding="utf-8")
    assert middleware().process_response(request, response) is response
    assert response._cached_ubody is None  # Scrapy's own middleware decodes all 200 kB here
