from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest
import trafilatura

from rasad.extract.extraction import TRAFILATURA_OPTIONS, Article, NotArticle, extract, full_tier_only
from tests.golden import goldens
from tests.test_golden import squash


def test_extraction_is_a_pure_function_identical_pages_extract_identically():
    golden = next(g for g in goldens() if g.expected.get("source") == "youm7" and g.expected["is_article"])
    results = [extract(golden.expected["url"], golden.body(), golden.headers()) for _ in range(4)]
    assert all(isinstance(r, Article) for r in results)
    assert len({(r.title, r.text, r.published_at) for r in results}) == 1


BODY = ("قالت مصادر محلية إن طائرة مسيرة استهدفت قاعدة حقل العمر النفطي في ريف دير الزور الشرقي، "
        "وأضافت أن الدفاعات الجوية التابعة للتحالف الدولي تصدت للهجوم من دون وقوع إصابات. ") * 4


def page(*, head: str = "", before: str = "", body: str = BODY, after: str = "", lang: str = "ar",
         title: str = "هجوم بطائرة مسيرة على قاعدة حقل العمر في دير الزور") -> bytes:
    return f"""<html lang="{lang}"><head><meta charset="utf-8"><title>{title} - الموقع</title>{head}</head>
<body><nav><a href="/">الرئيسية</a></nav><article><h1>{title}</h1>{before}
{''.join(f'<p>{p}</p>' for p in body.split('، '))}{after}</article>
<aside><ul><li><a href="/other">خبر آخر من أرشيف الموقع عن موضوع مختلف</a><time datetime="2019-01-01">1 يناير 2019</time></li></ul></aside>
<footer>جميع الحقوق محفوظة 2024</footer></body></html>""".encode()


def test_a_time_element_outside_the_article_never_dates_it():
    result = extract("https://example.com/2024/02/20/x/", page())
    assert (result.published_at[:10], result.date_source) == ("2024-02-20", "url")
    result = extract("https://example.com/news/123", page(before='<time datetime="2024-02-05T09:00:00+03:00">5 شباط</time>'))
    assert (result.published_at[:10], result.date_source) == ("2024-02-05", "time-element")


def test_dates_of_events_in_the_lead_are_not_the_publication_date():
    lead = "في 8 كانون الثاني 2020 قصفت إيران قاعدة عين الأسد بصواريخ باليستية، واليوم تكرر المشهد، "
    result = extract("https://example.com/news/123", page(body=lead + BODY))
    assert result.published_at is None or not result.published_at.startswith("2020")


def test_a_date_under_the_headline_is_the_publication_date():
    result = extract("https://example.com/news/123", page(before="<div class='meta'>الاثنين 5 من شباط 2024</div>"))
    assert (result.published_at[:10], result.date_source) == ("2024-02-05", "text")


def test_hijri_years_and_placeholder_dates_are_rejected():
    hijri = extract("https://example.com/news/1", page(before="<div>1445/08/19 هـ</div>"))
    assert hijri.published_at is None or hijri.published_at[:4] >= "1995"
    placeholder = extract("https://example.com/news/2", page(head='<meta property="article:published_time" content="1900-01-01">'))
    assert placeholder.published_at is None or placeholder.published_at[:4] >= "1995"


def test_arabic_text_under_a_wrong_lang_attribute_is_arabic():
    assert extract("https://example.com/news/1", page(lang="en")).language == "ar"


def test_a_declared_article_with_teaser_boxes_in_its_body_is_an_article():
    teasers = "".join(
        f'<div class="read-also"><a href="/news/{i}">اقرأ أيضا: عنوان خبر مرتبط رقم {i} في الموضوع</a>'
        f'<p>ملخص الخبر المرتبط رقم {i} الذي يظهر داخل نص المقال بين فقراته كما تفعل مواقع كثيرة</p></div>'
        for i in range(3)
    )
    result = extract("https://example.com/news/9", page(head='<meta property="og:type" content="article">', after=teasers))
    assert isinstance(result, Article)


def test_a_headline_with_a_byline_cue_is_not_taken_for_a_byline():
    headline_like = "تقرير: القوات الأمريكية تعزز وجودها في شرق سوريا بعد الهجمات"
    result = extract("https://example.com/news/1", page(body=headline_like + "، " + BODY))
    assert result.text.startswith("تقرير: القوات الأمريكية") and result.author != "القوات الأمريكية تعزز وجودها"
    byline = extract("https://example.com/news/2", page(body="بقلم: سري القدوة، " + BODY))
    assert byline.author == "سري القدوة" and not byline.text.startswith("بقلم")


# --- two tiers: trafilatura's fast tier, its full one where the fast text is in doubt -------------

BENCHMARK = Path(__file__).resolve().parent / "fixtures" / "extraction-benchmark"


def test_articles_the_fast_tier_gets_whole_are_not_extracted_again():
    articles = [g for g in goldens() if g.expected.get("source") and g.expected["is_article"]]
    assert len(articles) >= 40
    for golden in articles:
        result = extract(golden.expected["url"], golden.body(), golden.headers())
        assert (result.tier, result.doubt) == ("fast", None), golden.id
        assert result.text == extract(golden.expected["url"], golden.body(), golden.headers(), full=True).text


def test_a_page_laid_out_in_tables_goes_to_the_full_tier_at_once():
    golden = next(g for g in goldens() if "sanaanews" in g.id)
    fast = trafilatura.bare_extraction(golden.body().decode("windows-1256"), url=golden.expected["url"], fast=True,
                                       **TRAFILATURA_OPTIONS)
    assert squash(fast.text).startswith("| |")  # the fast tier opens with the menu's table cells
    result = extract(golden.expected["url"], golden.body(), golden.headers())
    assert (result.tier, result.doubt) == ("full", "layout-table")
    assert squash(result.text).startswith(squash(golden.expected["text_start"]))
    assert result.text == extract(golden.expected["url"], golden.body(), golden.headers(), full=True).text


@pytest.mark.parametrize("key, doubt", [("d90bda7ed1", "missing-paragraphs"), ("e372e42c0a", "short")])
def test_a_fast_text_missing_most_of_the_article_falls_back_to_the_full_tier(key, doubt):
    (name, truth), = ((k, v) for k, v in json.loads((BENCHMARK / "ground-truth.json").read_text()).items()
                      if k.startswith(key))
    body = gzip.decompress((BENCHMARK / f"{name}.html.gz").read_bytes())
    ending = squash(truth["articleBody"])[-100:]
    fast = trafilatura.bare_extraction(body.decode("utf-8"), url=truth["url"], fast=True, **TRAFILATURA_OPTIONS)
    assert ending not in squash(fast.text)
    result = extract(truth["url"], body, {"Content-Type": "text/html"})
    assert (result.tier, result.doubt) == ("full", doubt)
    assert ending in squash(result.text)


def test_a_short_static_page_falls_back_and_is_still_no_article():
    golden = next(g for g in goldens() if g.id.endswith("ugaritpost.com/contact-us.json"))
    result = extract(golden.expected["url"], golden.body(), golden.headers())
    assert isinstance(result, NotArticle)
    assert (result.reason, result.tier, result.doubt) == ("static-page", "full", "short")


def test_the_setting_forces_the_full_tier_alone():
    golden = next(g for g in goldens() if g.expected.get("source") == "youm7" and g.expected["is_article"])
    result = extract(golden.expected["url"], golden.body(), golden.headers(), full=True)
    assert (result.tier, result.doubt) == ("full", None)
    assert [full_tier_only(mode) for mode in (None, "", "two-tier", "full", " Full ")] == [False, False, False, True, True]
    with pytest.raises(ValueError, match="two-tier, full"):
        full_tier_only("fast")
