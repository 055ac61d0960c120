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

from rasad.arabic import normalize, normalize_with_offsets
from rasad.gazetteer import Gazetteer

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


def _definite(stem: str) -> str:
    """The pattern of *stem* (escaped, after an article) with the clitics an article allows."""
    return rf"(?:{_PREFIX}ال|[وف]?لل){stem}"


def _variant_pattern(variant: str) -> str:
    norm = normalize(variant)
    if norm.startswith("ال"):
        return _definite(re.escape(norm[2:]))
    words = norm.split()
    if len(words) == 2 and not words[1].startswith("ال"):
        # A noun and its adjective take the article together: «صواريخ كاتيوشا»… and «طائرة مسيرة»
        # is also «الطائرة المسيرة», «بالعبوة الناسفة».
        definite = _definite(re.escape(words[0]) + r"\s+ال" + re.escape(words[1]))
        return rf"(?:{_PREFIX}{re.escape(norm)}|{definite})"
    return _PREFIX + re.escape(norm)


@lru_cache(maxsize=16)
def _compiled(gazetteer: Gazetteer, kind: str) -> tuple[re.Pattern, dict[str, str]] | None:
    """One regular expression for every variant of *kind*, and which entry each group is."""
    alternatives = []
    for entry in gazetteer.of(kind).values():
        for variant in sorted(entry.variants, key=len, reverse=True):
            group = "g" + str(len(alternatives))
            alternatives.append((group, entry.id, _variant_pattern(variant), len(normalize(variant))))
    if not alternatives:
        return None
    alternatives.sort(key=lambda a: a[3], reverse=True)  # longest variants first
    body = "|".join(f"(?P<{group}>{pattern})" for group, _, pattern, _ in alternatives)
    return re.compile(rf"(?<!{_WORD})(?:{body})(?!{_WORD})"), {a[0]: a[1] for a in alternatives}


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
    pattern, groups = compiled
    found = []
    for m in pattern.finditer(text.normalized):
        entry_id = groups[m.lastgroup]
        start, end = text.offsets[m.start()], text.offsets[m.end() - 1] + 1
        found.append(Match(kind, entry_id, start, end, text.original[start:end], text.sentence_of(m.start())))
    return found
