"""Every page of the sample web, and every real Arabic page in it, against its golden file, as
Fundus does: every source of sources.toml has an article and a page that is no article, and each
result is compared field by field (the text by its hash); ``scripts/update_goldens.py`` rewrites
the fields after an intended change."""

from __future__ import annotations

import re

import pytest

from rasad.config import load_sources
from rasad.extract.extraction import Article, NotArticle
from tests.conftest import REPOSITORY
from tests.golden import extracted_fields, goldens

_SPACE = re.compile(r"\s+")


def squash(text: str) -> str:
    return _SPACE.sub(" ", text).strip()


CASES = goldens()


def test_every_source_has_an_article_golden_and_a_non_article_golden():
    kinds = {(g.expected.get("source"), g.expected["is_article"]) for g in CASES}
    for source in load_sources(REPOSITORY / "sources.toml"):
        assert {(source, True), (source, False)} <= kinds, f"{source} lacks an article or a non-article golden file"
    assert any(source is None for source, _ in kinds)  # and the real pages of outlets rasad does not crawl


@pytest.mark.parametrize("golden", CASES, ids=[g.id for g in CASES])
def test_extraction_matches_the_golden_file(golden):
    expected = golden.expected
    result = golden.extract()
    assert extracted_fields(result) == expected["extracted"], "run scripts/update_goldens.py if the change is meant"
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
