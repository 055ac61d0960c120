"""Arabic-aware full-text search.

``article_search`` holds, per article, the normalized title and text (rasad.text.arabic) in which
every word is followed by its forms without attached clitics («وسوريا» → «وسوريا سوريا»,
«والأسد» → «والاسد الاسد») and by the usual written spellings of those (hamza on an initial
alef, final ة and ى), with an FTS5 index. A query is normalized the same way, so hamza,
taa marbuta, alef maqsura, diacritics and tatweel do not matter, and «سوريا» finds «بسوريا».
The query language (phrases, OR, NOT, prefix*, NEAR) is rasad.analyse.search_query's; the
indexed form of a text, computed in the worker processes, is rasad.analyse.search_index's.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

from rasad.analyse.search_query import WORD, Query, parse
from rasad.text.arabic import normalize_with_offsets

SORTS = ("relevance", "date")
_CHECKED_AT_ONCE = 200  # candidates whose words are read together when a query needs it
_TOGETHER_CHECKED = 1000  # the best-ranked candidates checked for words standing together


def snippet(text: str, query: Query, width: int = 70) -> str:
    """The original *text* around the first place *query* matches (a word in any spelling or
    with a clitic, a whole phrase), the match in [brackets]."""
    normalized, offsets = normalize_with_offsets(text)
    spans = [word.span() for word in WORD.finditer(normalized)]
    match = query.first_match([normalized[start:end] for start, end in spans])
    if match is None:
        return " ".join(text[:width * 2].split())
    start, end = offsets[spans[match[0]][0]], offsets[spans[match[1] - 1][1] - 1] + 1
    before = " ".join(text[max(0, start - width):start].split())
    after = " ".join(text[end:end + width].split())
    return f"… {before} [{text[start:end]}] {after} …"


@dataclass(frozen=True)
class Hit:
    article_id: int
    story_id: int | None
    source: str
    published_at: str | None
    title: str
    url: str
    relevance: str | None
    snippet: str
    copies: int


def search(db, query: str, *, source: str | None = None, since: str | None = None, until: str | None = None,
           relevance: str | None = None, site: str | None = None, every_copy: bool = False,
           limit: int = 20, sort: str = "relevance") -> list[Hit]:
    """Articles matching *query* (rasad.analyse.search_query), best first or newest first (*sort*); one
    per story unless *every_copy* (``copies`` counts the copies of each story met before the
    limit was reached). Raises rasad.analyse.search_query.QueryError for a query with nothing to find."""
    if sort not in SORTS:
        raise ValueError(f"sort must be one of {', '.join(SORTS)}")
    parsed = parse(query)
    where = ["article_search_fts MATCH ?"]
    args: list = [parsed.fts()]
    for column, value in (("a.source = ?", source), ("substr(a.published_at, 1, 10) >= ?", since),
                          ("substr(a.published_at, 1, 10) <= ?", until), ("a.relevance = ?", relevance)):
        if value:
            where.append(column)
            args.append(value)
    if site:
        where.append("a.id IN (SELECT article_id FROM article_tags WHERE kind = 'site' AND tag_id = ?)")
        args.append(site)
    order = ["rank"]
    together = _together(db, parsed)
    if together:
        order.insert(0, "a.id NOT IN (SELECT value FROM json_each(?))")
        args.append(json.dumps(together))
    if sort == "date":
        order[:0] = ["a.published_at IS NULL", "a.published_at DESC"]
    sql = f"""
        SELECT a.id, a.story_id, a.source, a.published_at, a.title, a.url, a.relevance,
               bm25(article_search_fts) AS rank
        FROM article_search_fts
        JOIN article_search s ON s.rowid = article_search_fts.rowid
        JOIN articles a ON a.id = s.article_id
        WHERE {' AND '.join(where)}
        ORDER BY {', '.join(order)}"""
    rows: list[list] = []
    seen: dict[int, int] = {}
    for row in _accepted(db, db.execute(sql, args), parsed):
        story = row[1] if row[1] is not None else -row[0]
        if not every_copy and story in seen:
            rows[seen[story]][-1] += 1  # another copy of a story already listed
            continue
        if len(rows) >= limit:
            break
        seen[story] = len(rows)
        rows.append([*row[:7], 1])
    # The text is read for the results only, to cut their snippets.
    texts = dict(db.execute(f"SELECT id, text FROM articles WHERE id IN ({','.join('?' * len(rows))})",
                            [r[0] for r in rows])) if rows else {}
    return [Hit(r[0], r[1], r[2], r[3], r[4], r[5], r[6], snippet(texts[r[0]], parsed), r[7]) for r in rows]


def _together(db, query: Query) -> list[int]:
    """Ids of the best-ranked candidates where the query's plain words stand together, in
    order (the index finds them roughly, their words tell)."""
    phrase, expression = query.together(), query.together_fts()
    if phrase is None or expression is None:
        return []
    candidates = db.execute("""
        SELECT s.article_id FROM article_search_fts JOIN article_search s ON s.rowid = article_search_fts.rowid
        WHERE article_search_fts MATCH ? ORDER BY rank LIMIT ?""", [expression, _TOGETHER_CHECKED])
    return [row[0] for row in _accepted(db, candidates, Query((phrase,), ()))]


def _accepted(db, candidates, query: Query):
    """The candidate rows (article id first) whose words satisfy *query*: all of them when the
    index alone decides it, else checked word by word, a few hundred articles at a time."""
    while chunk := candidates.fetchmany(_CHECKED_AT_ONCE):
        if query.checks_text:
            fields = {row[0]: row[1:] for row in db.execute(
                f"SELECT id, title, text FROM articles WHERE id IN ({','.join('?' * len(chunk))})",
                [row[0] for row in chunk])}
            chunk = [row for row in chunk if query.accepts(*fields[row[0]])]
        yield from chunk
