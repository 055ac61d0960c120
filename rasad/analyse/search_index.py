"""The searchable form of an article's title and text, as ``article_search`` holds it (the
search itself: rasad.query.search): normalized (rasad.text.arabic), every word followed by its
forms without attached clitics («وسوريا» → «وسوريا سوريا») and by the usual written spellings of
those (hamza on an initial alef, final ة and ى). A pure function, computed in the worker processes
with the rest of the analysis. Settings read: none.
"""

from __future__ import annotations

from functools import lru_cache

from rasad.analyse.search_query import WORD, word_forms
from rasad.text.arabic import normalize


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
    """:func:`index_text` of a text already through rasad.text.arabic.normalize."""
    return " ".join(map(_indexed_forms, WORD.findall(normalized)))
