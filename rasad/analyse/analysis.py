"""What a page or a text reports, ready to store: extraction, validation, fingerprint and tags as
one pure function — the unit of work the crawl, ``rasad import`` and ``rasad reextract`` send to
:mod:`rasad.analyse.worker_pool`. Everything in and out is plain picklable data."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from datetime import date, datetime
from pathlib import Path

from rasad.analyse import gazetteer, versions
from rasad.analyse.dedup import Fingerprint, fingerprint_lines
from rasad.analyse.raw_pages import compress_page
from rasad.analyse.search_index import index_normalized, index_text
from rasad.analyse.tagging import Tags, tag_article
from rasad.extract.extraction import Article, DateHint, NotArticle, extract
from rasad.extract.validation import rejection
from rasad.text.arabic import normalize_lines


@dataclass(frozen=True)
class Analysed:
    article: Article
    fingerprint: Fingerprint
    tags: Tags
    search_index: tuple[str, str]  # title and body as the search index holds them
    compressed_html: bytes | None = None  # the raw page as article_html stores it (rasad.analyse.raw_pages)
    tagger: str | None = None  # what made the tags (rasad.analyse.versions.tagger)


@dataclass(frozen=True)
class Rejected:
    """Not to be stored: the extraction's or the validation's reason."""
    reason: str
    published_at: str | None = None
    tier: str | None = None  # as the article's (Article.tier, Article.doubt), when trafilatura ran
    doubt: str | None = None


@dataclass
class ExtractionCounts:
    """Pages trafilatura extracted, and how many of them fell back from its fast tier to its full
    one (the fast text was in doubt): what ``rasad import`` and ``rasad reextract`` report."""
    extracted: int = 0
    fallbacks: int = 0

    def add(self, result: Analysed | Rejected) -> None:
        tier, doubt = extraction_of(result)
        self.extracted += tier is not None
        self.fallbacks += doubt is not None

    def __str__(self) -> str:
        share = f" ({self.fallbacks / self.extracted:.1%})" if self.extracted else ""
        return f"{self.extracted} pages extracted, {self.fallbacks} fell back to the full tier{share}"


def extraction_of(result: Analysed | Rejected) -> tuple[str | None, str | None]:
    """The trafilatura tier behind *result* and the fast tier's doubt (None, None: no page was
    extracted, e.g. an article imported as text)."""
    if isinstance(result, Analysed):
        return result.article.tier, result.article.doubt
    return result.tier, result.doubt


def analyse_article(article: Article, *, language: str | None, oldest: date | None,
                    gazetteer_path: str | None) -> Analysed | Rejected:
    """Validate *article*, then fingerprint and tag it."""
    reason = rejection(article, language=language, oldest=oldest)
    if reason is not None:
        return Rejected(reason, article.published_at, article.tier, article.doubt)
    tagger = gazetteer.cached(Path(gazetteer_path) if gazetteer_path else None)
    lines = normalize_lines(article.text)  # for both the fingerprint and the search index
    return Analysed(article, fingerprint_lines(lines), tag_article(article, tagger),
                    (index_text(article.title), index_normalized(" ".join(lines))), tagger=versions.tagger(gazetteer_path))


def analyse_page(url: str, body: bytes, headers: Mapping[str, str], hint: DateHint | None, *,
                 language: str | None, oldest: date | None, gazetteer_path: str | None,
                 now: datetime | None = None, compress: bool = True, full: bool = False) -> Analysed | Rejected:
    """Extract the article of a fetched page (*full*: with trafilatura's full tier alone), then
    :func:`analyse_article` it; the raw page comes back compressed for storing (compressing here
    keeps that work off the reactor too)."""
    result = extract(url, body, headers, hint=hint, now=now, full=full)
    if isinstance(result, NotArticle):
        return Rejected(result.reason, tier=result.tier, doubt=result.doubt)
    analysed = analyse_article(replace(result, extractor=versions.extractor()), language=language, oldest=oldest, gazetteer_path=gazetteer_path)
    if isinstance(analysed, Rejected) or not compress:
        return analysed
    return replace(analysed, compressed_html=compress_page(body))
