"""Finding gazetteer entries in Arabic text: on the normalized form, with attached clitics,
and with the place of every match in the original text.

A variant matches as whole words, optionally preceded by the clitics و ف (conjunctions), ب ل ك
(prepositions) and, for variants starting with the article, the fused forms لل / بال / وال
(«وعين الأسد», «بقاعدة التنف», «للتحالف الدولي»).
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass
from functools import lru_cache

from rasad.analyse.gazetteer import Gazetteer
from rasad.text.arabic import normalize, normalize_with_offsets

_WORD = r"[\w\u0600-\u06ff]"
# conjunction, then preposition; «لل» is ل + ال with the alef dropped
_PREFIX = r"(?:[وف])?(?:[بلك])?"
_SENTENCE_END = re.compile(r"[.!?؟\n]+\s*")


@dataclass(frozen=True)
class Match:
    kind: str
    id: str
    start: int  # in the original text
    end: int
    surface: str  # the text as written
    sentence: int  # index of the sentence (see sentences())


def _trie(words: list[str]) -> str:
    """One pattern matching any of *words*, as a tree of shared beginnings: the engine then tries
    each letter once instead of every variant in turn (tagging speed depends on it). A space
    matches any run of white space; a longer word is tried before its beginning."""
    tree: dict = {}
    for word in words:
        node = tree
        for char in word:
            node = node.setdefault(char, {})
        node[""] = {}

    def pattern(node: dict) -> str:
        branches = [(r"\s+" if char == " " else re.escape(char)) + pattern(child)
                    for char, child in sorted(node.items()) if char]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        return f"(?:{body})?" if "" in node else body

    return pattern(tree)


def _stems(gazetteer: Gazetteer, kind: str) -> tuple[dict[str, str], dict[str, str]]:
    """The entry of every variant of *kind*: those written after the article (by what follows
    it) and those written without one. A noun and its adjective take the article together:
    «طائرة مسيرة» is also «الطائرة المسيرة», «بالعبوة الناسفة»."""
    after_article: dict[str, str] = {}
    bare: dict[str, str] = {}
    for entry in gazetteer.of(kind).values():
        for variant in entry.variants:
            norm = " ".join(normalize(variant).split())
            words = norm.split()
            if norm.startswith("ال"):
                after_article.setdefault(norm[2:], entry.id)
                continue
            bare.setdefault(norm, entry.id)
            if len(words) == 2 and not words[1].startswith("ال"):
                after_article.setdefault(f"{words[0]} ال{words[1]}", entry.id)
    return after_article, bare


@lru_cache(maxsize=16)
def _compiled(gazetteer: Gazetteer, kind: str) -> tuple[re.Pattern, dict[str, str], dict[str, str]] | None:
    """One regular expression for every variant of *kind* with its clitics (after the article
    also the fused «لل»), and the entries of what its groups match."""
    after_article, bare = _stems(gazetteer, kind)
    if not after_article and not bare:
        return None
    branches = []
    if after_article:
        branches.append(rf"[وف]?(?:[بلك]?ال|لل)(?P<after_article>{_trie(list(after_article))})")
    if bare:
        branches.append(rf"{_PREFIX}(?P<bare>{_trie(list(bare))})")
    pattern = re.compile(rf"(?<!{_WORD})(?:{'|'.join(branches)})(?!{_WORD})")
    return pattern, after_article, bare


@dataclass(frozen=True)
class Text:
    """A text prepared for matching: normalized, with offsets and sentence boundaries."""

    original: str
    normalized: str
    offsets: list[int]
    sentence_starts: list[int]  # in the normalized text

    @classmethod
    def of(cls, text: str) -> Text:
        normalized, offsets = normalize_with_offsets(text)
        # Sentence ends are found in the original, where line breaks still exist.
        starts = {0} | {bisect_left(offsets, m.end()) for m in _SENTENCE_END.finditer(text)}
        return cls(text, normalized, offsets, sorted(s for s in starts if s < len(normalized)) or [0])

    def position(self, original_index: int) -> int:
        """The position in the normalized text of an index of the original."""
        return bisect_left(self.offsets, original_index)

    def sentence_of(self, position: int) -> int:
        return max(0, bisect_right(self.sentence_starts, position) - 1)

    def sentence(self, number: int) -> str:
        """The original text of sentence *number*."""
        start = self.sentence_starts[number]
        end = self.sentence_starts[number + 1] if number + 1 < len(self.sentence_starts) else len(self.normalized)
        return self.original[self.offsets[start]:self.offsets[end - 1] + 1].strip() if end > start else ""

    def normalized_sentence(self, number: int) -> str:
        start = self.sentence_starts[number]
        end = self.sentence_starts[number + 1] if number + 1 < len(self.sentence_starts) else len(self.normalized)
        return self.normalized[start:end]

    def __len__(self) -> int:
        return len(self.sentence_starts)


def find(gazetteer: Gazetteer, kind: str, text: Text) -> list[Match]:
    compiled = _compiled(gazetteer, kind)
    if compiled is None:
        return []
    pattern, after_article, bare = compiled
    found = []
    for m in pattern.finditer(text.normalized):
        stem = m.group("after_article") if after_article else None
        entry_id = after_article[" ".join(stem.split())] if stem is not None else bare[" ".join(m.group("bare").split())]
        start, end = text.offsets[m.start()], text.offsets[m.end() - 1] + 1
        found.append(Match(kind, entry_id, start, end, text.original[start:end], text.sentence_of(m.start())))
    return found
