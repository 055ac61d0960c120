from __future__ import annotations

from rasad.extraction import Article, extract
from tests.golden import goldens


def test_extraction_is_a_pure_function_identical_pages_extract_identically():
    golden = next(g for g in goldens() if g.expected.get("source") == "youm7" and g.expected["is_article"])
    results = [extract(golden.expected["url"], golden.body(), golden.headers()) for _ in range(4)]
    assert all(isinstance(r, Article) for r in results)
    assert len({(r.title, r.text, r.published_at) for r in results}) == 1
