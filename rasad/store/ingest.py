"""Storing articles: URL identity, exact and near-duplicate stories, raw HTML and tags. A batch
of articles is one transaction, each article whole or not at all. Shared by the crawl's store
pipeline, ``rasad import`` and ``rasad reextract``."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from rasad.analyse import dedup, raw_pages
from rasad.analyse.search_index import index_text
from rasad.analyse.tagging import Tags
from rasad.extract.extraction import Article
from rasad.store import near_duplicates
from rasad.store.db import WRITE_HOLD_SECONDS, each_whole, transaction
from rasad.store.tag_store import save_tags
from rasad.text.urls import url_key

if TYPE_CHECKING:
    from rasad.analyse.analysis import Analysed


@dataclass(frozen=True)
class Stored:
    article_id: int | None  # None: the URL was already stored
    duplicate_of: int | None = None
    similarity: float | None = None
    story_id: int | None = None


def is_stored(db, url: str) -> bool:
    return db.execute("SELECT 1 FROM articles WHERE url_key = ? LIMIT 1", (url_key(url),)).fetchone() is not None


@dataclass(frozen=True)
class ToStore:
    """One article to store, with what was computed about it and the page it came from."""
    article: Article
    source: str
    fetched_at: str
    fingerprint: dedup.Fingerprint
    tags: Tags | None = None
    compressed_html: bytes | None = None  # rasad.analyse.raw_pages.compress_page
    content_type: str | None = None
    discovered_via: str | None = None
    search_index: tuple[str, str] | None = None  # see rasad.analyse.search_index.index_text; computed when absent
    tagger: str | None = None  # what made *tags* (rasad.analyse.versions.tagger)

    @classmethod
    def of(cls, analysed: Analysed, **page) -> ToStore:
        """*analysed* to store, with what is known of its page (*page*: source, fetched_at, ...)."""
        return cls(analysed.article, fingerprint=analysed.fingerprint, tags=analysed.tags,
                   search_index=analysed.search_index, tagger=analysed.tagger, **page)


def store_articles(db, batch: list[ToStore], fence: Callable[[], None] | None = None,
                   hold_seconds: float = WRITE_HOLD_SECONDS) -> list[Stored | Exception]:
    """Store every article of *batch* in one transaction: each unless its URL (or canonical URL) is
    stored; a copy of a stored text is stored too, marked ``duplicate_of`` the stored article it
    copies and in that article's story. Each article has its own savepoint: one that fails comes
    back as its exception, the others are stored. A transaction that has held the write lock for *hold_seconds* commits and
    the rest go on in the next (rasad.store.db.each_whole).
    *fence* may refuse the transaction (rasad.store.db.transaction)."""
    return each_whole(db, batch, lambda entry: _insert(db, entry), hold_seconds=hold_seconds, fence=fence)


def _insert(db, entry: ToStore) -> Stored:
    article, fingerprint = entry.article, entry.fingerprint
    keys = (url_key(article.url), url_key(article.canonical_url))
    if db.execute("SELECT 1 FROM articles WHERE url_key IN (?, ?) LIMIT 1", keys).fetchone():
        return Stored(None)
    match = near_duplicates.find_duplicate(db, fingerprint, published=article.published_at)
    row = {**article.row(), "url_key": keys[0], "source": entry.source, "fetched_at": entry.fetched_at,
           "discovered_via": entry.discovered_via, "text_hash": fingerprint.text_hash,
           "duplicate_of": match.article_id if match else None, "similarity": match.similarity if match else None,
           "story_id": match.story_id if match else None}
    article_id = db.execute(f"INSERT INTO articles ({', '.join(row)}) VALUES ({', '.join('?' * len(row))})",
                            list(row.values())).lastrowid
    story_id = match.story_id if match else article_id
    if match is None:
        db.execute("UPDATE articles SET story_id = ? WHERE id = ?", (article_id, article_id))
    if entry.compressed_html is not None:
        db.execute(
            "INSERT INTO article_html (article_id, content_type, compression, html) VALUES (?, ?, ?, ?)",
            (article_id, entry.content_type, raw_pages.COMPRESSION, entry.compressed_html),
        )
    near_duplicates.index_article(db, article_id, fingerprint)
    search_index = entry.search_index or (index_text(article.title), index_text(article.text))
    db.execute("INSERT INTO article_search (article_id, title, body) VALUES (?, ?, ?)", (article_id, *search_index))
    if entry.tags is not None:
        save_tags(db, article_id, entry.tags, entry.tagger)
    return Stored(article_id, match.article_id if match else None, match.similarity if match else None, story_id)


def remember_skipped(db, url: str, source: str, reason: str, seen_at: str, published_at: str | None = None,
                     fence: Callable[[], None] | None = None) -> None:
    """Record a fetched page that is not to be stored, so later runs do not fetch it again."""
    with transaction(db, fence):
        db.execute(
            "INSERT OR REPLACE INTO skipped_pages (url, url_key, source, reason, seen_at, published_at) "
            "VALUES (?, ?, ?, ?, ?, ?)",
            (url, url_key(url), source, reason, seen_at, published_at),
        )
