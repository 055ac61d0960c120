"""What makes an extracted article fit to store, as a pure function (crawls and imports)."""

from __future__ import annotations

from datetime import date

from rasad.extract.extraction import Article


def rejection(article: Article, *, language: str | None, oldest: date | None) -> str | None:
    """Why *article* must not be stored, or None: no-title, no-text, wrong-language, too-old."""
    if not article.title.strip():
        return "no-title"
    if not article.text.strip():
        return "no-text"
    if language and article.language and article.language != language:
        return "wrong-language"
    if oldest is not None and article.published_at and date.fromisoformat(article.published_at[:10]) < oldest:
        return "too-old"
    return None
