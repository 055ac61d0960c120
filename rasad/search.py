"""Arabic-aware full-text search.

``article_search`` holds, per article, the normalized title and text (rasad.arabic) in which
every word is followed by its forms without attached clitics («وسوريا» → «وسوريا سوريا»,
«والأسد» → «والاسد الاسد») and by the usual written spellings of those (hamza on an initial
alef, final ة and ى), with an FTS5 index. A query is normalized the same way, so hamza,
taa marbuta, alef maqsura, diacritics and tatweel do not matter, and «سوريا» finds «بسوريا».
Each query word is quoted before it reaches FTS5: user input never becomes FTS syntax.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from rasad.arabic import normalize, normalize_with_offsets

_WORD = re.compile(r"[\w\u0600-\u06ff]+")
_CLITICS = ("وبال", "فبال", "وكال", "وال", "فال", "بال", "كال", "ولل", "فلل", "وب", "فب", "ول", "فل", "وك", "فك",
            "لل", "و", "ف", "ب", "ل", "ك")
MIN_STEM = 2


def word_forms(word: str) -> list[str]:
    """*word* and its forms without clitics: «بالتنف» → [بالتنف, التنف]; «للتحالف» → [للتحالف, التحالف]."""
    forms = [word]
    for clitic in _CLITICS:
        if word.startswith(clitic) and len(word) - len(clitic) >= MIN_STEM:
            rest = word[len(clitic):]
            if clitic.endswith("ال"):
                rest = "ال" + rest  # keep the article: «بالتنف» → «التنف»
            elif clitic.endswith("لل"):
                rest = "ال" + rest  # «للتحالف» → «التحالف»
            if rest not in forms:
                forms.append(rest)
    return forms


def written_forms(word: str) -> list[str]:
    """A normalized word and the spellings people type for it: hamza on an initial alef
    («اسد» → «أسد», «إسد»; «الاسد» → «الأسد»), ة for a final ه, ى for a final ي. With them in the
    index, plain ``sqlite-utils search`` finds an article whichever way the query spells it."""
    starts = [word]
    for prefix in ("ال", ""):
        if word.startswith(prefix + "ا") and len(word) > len(prefix) + 2:
            rest = word[len(prefix) + 1:]
            starts += [prefix + "أ" + rest, prefix + "إ" + rest]
            break
    forms = list(starts)
    for start in starts:
        if start.endswith("ه") and len(start) > 2:
            forms.append(start[:-1] + "ة")
        elif start.endswith("ي") and len(start) > 2:
            forms.append(start[:-1] + "ى")
    return forms


@lru_cache(maxsize=8192)  # news words repeat: three in four are found here, for ~2 MB
def _indexed_forms(word: str) -> str:
    return " ".join(spelling for form in word_forms(word) for spelling in written_forms(form))


def index_text(text: str) -> str:
    """The searchable form of *text*: normalized, every word with its clitic-free forms and the
    usual written spellings of each (see written_forms)."""
    return index_normalized(normalize(text))


def index_normalized(normalized: str) -> str:
    """:func:`index_text` of a text already through rasad.arabic.normalize."""
    return " ".join(map(_indexed_forms, _WORD.findall(normalized)))


def fts_query(query: str) -> str:
    """An FTS5 MATCH expression for *query*: every normalized word required, in any of its forms
    (with or without the clitics the query gave it), each form quoted."""
    words = _WORD.findall(normalize(query))
    if not words:
        raise ValueError("the query has no words to search for")

    def quoted(form: str) -> str:
        return '"' + form.replace('"', '""') + '"'

    groups = []
    for word in words:
        forms = word_forms(word)
        groups.append(quoted(word) if len(forms) == 1 else "(" + " OR ".join(quoted(f) for f in forms) + ")")
    return " AND ".join(groups)


def snippet(text: str, query: str, width: int = 70) -> str:
    """The original *text* around the first match of a query word (any spelling or clitic),
    the match in [brackets]."""
    normalized, offsets = normalize_with_offsets(text)
    words = _WORD.findall(normalize(query))
    pattern = re.compile("|".join(rf"(?<![\w\u0600-\u06ff])(?:[وف]?(?:[بلك]|لل)?){re.escape(w)}"
                                  rf"|(?<![\w\u0600-\u06ff])(?:[وف]?[بك]?|[وف]?)ل{re.escape(w[2:])}" if w.startswith("ال")
                                  else rf"(?<![\w\u0600-\u06ff])(?:[وف]?[بلك]?){re.escape(w)}" for w in words))
    found = pattern.search(normalized) if words else None
    if found is None or not offsets:
        return " ".join(text[:width * 2].split())
    start, end = offsets[found.start()], offsets[found.end() - 1] + 1
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
           limit: int = 20) -> list[Hit]:
    """Articles matching *query*, best first; one per story unless *every_copy* (``copies``
    counts the copies of each story met before the limit was reached)."""
    where = ["article_search_fts MATCH ?"]
    args: list = [fts_query(query)]
    for column, value in (("a.source = ?", source), ("substr(a.published_at, 1, 10) >= ?", since),
                          ("substr(a.published_at, 1, 10) <= ?", until), ("a.relevance = ?", relevance)):
        if value:
            where.append(column)
            args.append(value)
    if site:
        where.append("a.id IN (SELECT article_id FROM article_tags WHERE kind = 'site' AND tag_id = ?)")
        args.append(site)
    sql = f"""
        SELECT a.id, a.story_id, a.source, a.published_at, a.title, a.url, a.relevance,
               bm25(article_search_fts) AS rank
        FROM article_search_fts
        JOIN article_search s ON s.rowid = article_search_fts.rowid
        JOIN articles a ON a.id = s.article_id
        WHERE {' AND '.join(where)}
        ORDER BY rank"""
    rows: list[list] = []
    seen: dict[int, int] = {}
    for row in db.execute(sql, args):
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
    return [Hit(r[0], r[1], r[2], r[3], r[4], r[5], r[6], snippet(texts[r[0]], query), r[7]) for r in rows]
