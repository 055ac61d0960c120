"""The query language of ``rasad search``, as analysts type it, on Arabic text.

- words: every one is required, in any spelling and with or without attached clitics;
- ``"exact phrase"`` (or «exact phrase»): the words next to each other, in this order (each still
  in any spelling, the first with any clitic: «"عين الأسد"» finds «بعين الاسد», not «بعين الاعتبار»);
- ``A OR B``: either (binds tighter than the space between words: ``سوريا OR العراق قاعدة``
  is (Syria or Iraq) and base);
- ``-word``, ``-"phrase"`` or ``NOT word``: articles with it are left out;
- ``prefix*``: any word starting so («صاروخ*» finds «صاروخية», «صواريخ» does not);
- ``A NEAR B`` (within 10 words, either order) or ``A NEAR/5 B``.

The query becomes an FTS5 expression that finds the candidates (every word quoted: user input
never becomes FTS syntax), and, when it holds phrases or NEAR, a test on the words of each
candidate (:meth:`Query.accepts`), because the index holds every word next to its other forms and
cannot tell adjacency itself.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from rasad.text.arabic import normalize

WORD = re.compile(r"[\w\u0600-\u06ff]+")
NEAR_DISTANCE = 10
MAX_BOOST_COMBINATIONS = 32
_CLITICS = ("وبال", "فبال", "وكال", "وال", "فال", "بال", "كال", "ولل", "فلل", "وب", "فب", "ول", "فل", "وك", "فك",
            "لل", "و", "ف", "ب", "ل", "ك")
MIN_STEM = 2
# A phrase in straight or Arabic/typographic quotes; an unclosed quote runs to the end.
_TOKEN = re.compile(r'(?P<neg>-)?(?:["«“](?P<phrase>[^"»”]*)["»”]?|(?P<near>NEAR(?:/(?P<distance>\d+))?)(?!\S)'
                    r'|(?P<word>[^\s"«“]+))')


class QueryError(ValueError):
    """A query that cannot be searched for; the message says why."""


@lru_cache(maxsize=8192)
def word_forms(word: str) -> tuple[str, ...]:
    """*word* and its forms without clitics: «بالتنف» → (بالتنف, التنف); «للتحالف» → (للتحالف, التحالف)."""
    forms = [word]
    for clitic in _CLITICS:
        if word.startswith(clitic) and len(word) - len(clitic) >= MIN_STEM:
            rest = word[len(clitic):]
            if clitic.endswith("ال") or clitic.endswith("لل"):
                rest = "ال" + rest  # keep the article: «بالتنف» → «التنف», «للتحالف» → «التحالف»
            if rest not in forms:
                forms.append(rest)
    return tuple(forms)


def _quoted(form: str, prefix: bool) -> str:
    return '"' + form.replace('"', '""') + '"' + (" *" if prefix else "")


@dataclass(frozen=True)
class Term:
    """One normalized word, or the start of words (``prefix``)."""
    word: str
    prefix: bool = False

    def fts(self) -> str:
        forms = word_forms(self.word)
        quoted = [_quoted(form, self.prefix) for form in forms]
        return quoted[0] if len(quoted) == 1 else "(" + " OR ".join(quoted) + ")"

    def matches(self, token: str) -> bool:
        """Whether a normalized word of a text is this term: they share a clitic-free form."""
        if self.prefix:
            return any(form.startswith(start) for form in word_forms(token) for start in word_forms(self.word))
        return not set(word_forms(token)).isdisjoint(word_forms(self.word))

    def positions(self, tokens: list[str]) -> list[tuple[int, int]]:
        return [(n, n + 1) for n, token in enumerate(tokens) if self.matches(token)]


@dataclass(frozen=True)
class Phrase:
    terms: tuple[Term, ...]

    def fts(self) -> str:
        return " AND ".join(term.fts() for term in self.terms)

    def positions(self, tokens: list[str]) -> list[tuple[int, int]]:
        """(start, end) of each place the phrase stands in *tokens*."""
        width = len(self.terms)
        return [(start, start + width) for start in range(len(tokens) - width + 1)
                if all(term.matches(tokens[start + n]) for n, term in enumerate(self.terms))]


@dataclass(frozen=True)
class Near:
    left: Phrase
    right: Phrase
    distance: int

    def fts(self) -> str:
        return f"{self.left.fts()} AND {self.right.fts()}"

    def positions(self, tokens: list[str]) -> list[tuple[int, int]]:
        rights = self.right.positions(tokens)
        return [(min(a, c), max(b, d)) for a, b in self.left.positions(tokens) for c, d in rights
                if max(a, c) - min(b, d) <= self.distance]  # words in between: at most distance


@dataclass(frozen=True)
class AnyOf:
    options: tuple[Term | Phrase | Near, ...]

    def fts(self) -> str:
        return "(" + " OR ".join(f"({option.fts()})" for option in self.options) + ")"

    def positions(self, tokens: list[str]) -> list[tuple[int, int]]:
        return sorted(place for option in self.options for place in option.positions(tokens))


Clause = Term | Phrase | Near | AnyOf


def _checked_in_text(clause: Clause) -> bool:
    """Whether the index alone cannot decide the clause (adjacency or distance)."""
    if isinstance(clause, AnyOf):
        return any(_checked_in_text(option) for option in clause.options)
    return isinstance(clause, (Near, Phrase)) and (isinstance(clause, Near) or len(clause.terms) > 1)


@dataclass(frozen=True)
class Query:
    required: tuple[Clause, ...]
    excluded: tuple[Clause, ...]

    @property
    def checks_text(self) -> bool:
        """Whether candidates must be checked word by word (:meth:`accepts`)."""
        return any(map(_checked_in_text, self.required + self.excluded))

    def fts(self) -> str:
        """The FTS5 expression of the candidates: every required clause, and no excluded clause
        that the index can decide alone."""
        expression = " AND ".join(clause.fts() for clause in self.required)
        excluded = [clause.fts() for clause in self.excluded if not _checked_in_text(clause)]
        if excluded:
            expression = f"({expression}) NOT ({' OR '.join(excluded)})"
        return expression

    def accepts(self, title: str, text: str) -> bool:
        """Whether an article's title and text satisfy every clause (phrases and NEAR within the
        title or within the text)."""
        fields = [WORD.findall(normalize(title)), WORD.findall(normalize(text))]
        return (all(any(clause.positions(tokens) for tokens in fields) for clause in self.required)
                and not any(clause.positions(tokens) for clause in self.excluded for tokens in fields))

    def first_match(self, tokens: list[str]) -> tuple[int, int] | None:
        """(start, end) in *tokens* of the first place the plain words stand together, else of the
        first place a required clause stands; None if none does."""
        together = self.together()
        places = together.positions(tokens) if together else []
        return min(places or [place for clause in self.required for place in clause.positions(tokens)], default=None)

    def together(self) -> Phrase | None:
        """The query's plain words as one phrase, for ranking articles where they stand together
        first («عين الأسد» before «بعين الاعتبار ... الأسد»); None for fewer than two."""
        terms = [clause for clause in self.required if isinstance(clause, Term) and not clause.prefix]
        return Phrase(tuple(terms)) if len(terms) >= 2 else None

    def together_fts(self) -> str | None:
        """FTS5 expression of the candidates for :meth:`together` (a superset: in the index each
        word is followed by its other forms, hence the wide NEAR); None when there is none."""
        together = self.together()
        if together is None:
            return None
        combinations = [[]]
        for term in together.terms:
            combinations = [combo + [form] for combo in combinations for form in word_forms(term.word)]
            if len(combinations) > MAX_BOOST_COMBINATIONS:
                return None
        span = 8 * (len(together.terms) - 1)
        near = " OR ".join(f"NEAR({' '.join(_quoted(form, False) for form in combo)}, {span})"
                           for combo in combinations)
        return f"({self.fts()}) AND ({near})"


def _phrase(text: str, prefix_last: bool = False) -> Phrase | None:
    words = WORD.findall(normalize(text))
    if not words:
        return None
    return Phrase(tuple(Term(word, prefix_last and n == len(words) - 1) for n, word in enumerate(words)))


def _unit(phrase: Phrase) -> Term | Phrase:
    return phrase.terms[0] if len(phrase.terms) == 1 else phrase


def parse(query: str) -> Query:
    """The :class:`Query` of what an analyst typed. Raises QueryError when nothing is left to
    look for (only operators or punctuation, or only words to leave out)."""
    items, negated = _items(query)
    required: list[Clause] = []
    excluded: list[Clause] = []
    index = 0
    while index < len(items):
        clause, negate, index = _next_clause(items, negated, index)
        if clause is not None:
            (excluded if negate else required).append(clause)
    if not required:
        raise QueryError("the query has no words to search for" if not excluded
                         else "the query only leaves words out: give at least one word to search for")
    return Query(tuple(required), tuple(excluded))


def _items(query: str) -> tuple[list, list[bool]]:
    """The query's phrases and operators in order ("OR", "NOT", ("NEAR", distance)), and for
    each whether a leading '-' leaves it out (operators: never). Punctuation alone is dropped."""
    items: list = []
    negated: list[bool] = []
    for token in _TOKEN.finditer(query):
        if token["near"]:
            items.append(("NEAR", int(token["distance"] or NEAR_DISTANCE)))
            negated.append(False)
            continue
        raw = token["phrase"] if token["phrase"] is not None else token["word"]
        if token["word"] in ("OR", "NOT"):
            items.append(token["word"])
            negated.append(False)
            continue
        phrase = _phrase(raw.rstrip("*"), prefix_last=token["word"] is not None and raw.endswith("*"))
        if phrase is not None:
            items.append(phrase)
            negated.append(bool(token["neg"]))
    return items, negated


def _next_clause(items: list, negated: list[bool], index: int) -> tuple[Clause | None, bool, int]:
    """(clause, left out, index after it) of the clause at *index*: an optional NOT, then
    phrases or NEAR chains joined by OR. The clause is None for an operator with nothing to act
    on, which is ignored."""
    negate = False
    if items[index] == "NOT":
        negate, index = True, index + 1
    if index >= len(items) or not isinstance(items[index], Phrase):
        return None, False, index + 1
    negate = negate or negated[index]
    options, index = _near_chain(items, index)
    while index + 1 < len(items) and items[index] == "OR" and isinstance(items[index + 1], Phrase):
        option, index = _near_chain(items, index + 1)
        options.extend(option)
    return (options[0] if len(options) == 1 else AnyOf(tuple(options))), negate, index


def _near_chain(items: list, index: int) -> tuple[list[Clause], int]:
    """The clause at *index* (a phrase, or phrase NEAR phrase) and the index after it."""
    left: Phrase = items[index]
    index += 1
    if index + 1 < len(items) and isinstance(items[index], tuple) and isinstance(items[index + 1], Phrase):
        near = Near(left, items[index + 1], items[index][1])
        return [near], index + 2
    return [_unit(left)], index
