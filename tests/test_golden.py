"""Every page of the sample web, and every real Arabic page in it, against its golden file."""

from __future__ import annotations

import re

import pytest

from rasad.extraction import Article, NotArticle, extract
from tests.golden import goldens

_SPACE = re.compile(r"\s+")


def squash(text: str) -> str:
    return _SPACE.sub(" ", text).strip()


CASES = goldens()


def test_there_is_a_golden_file_for_every_outlet_and_the_real_pages():
    sources = {g.expected.get("source") for g in CASES}
    assert {"ugarit-post", "youm7", "enab-baladi", "alquds-alarabi", "erem-news", None} <= sources
    assert sum(1 for g in CASES if g.expected["is_article"]) >= 40
    assert sum(1 for g in CASES if not g.expected["is_article"]) >= 5


@pytest.mark.parametrize("golden", CASES, ids=[g.id for g in CASES])
def test_extraction_matches_the_golden_file(golden):
    expected = golden.expected
    result = extract(expected["url"], golden.body(), golden.headers())
    if not expected["is_article"]:
        assert isinstance(result, NotArticle), f"stored a non-article page: {getattr(result, 'title', '')}"
        return
    assert isinstance(result, Article), f"not extracted: {getattr(result, 'reason', '')}"
    assert squash(result.title) == squash(expected["title"])
    if expected.get("published"):
        assert result.published_at is not None and result.published_at[:10] == expected["published"], result.date_source
    assert squash(result.text).startswith(squash(expected["text_start"])), result.text[:200]
    for line in expected.get("boilerplate", []):
        assert squash(line) not in squash(result.text), f"boilerplate leaked: {line!r}"
