"""The gazetteer matches of an article, with those that do not mean what their words say left out
(weapons named as equipment, «أسقط» a bomb, «تبنى» a resolution), and the matches by sentence
and kind that the rules read.
"""

from __future__ import annotations

from rasad.analyse import matching
from rasad.analyse.gazetteer import Gazetteer
from rasad.analyse.tagging.patterns import ADOPTED, DROPPED, DROPPED_REACH, EQUIPMENT_AFTER, EQUIPMENT_BEFORE
from rasad.text.arabic import normalize

KINDS = ("site", "actor", "weapon", "event_type", "country")
"""The kinds of gazetteer entries tagging looks for (exclusions only mark sentences)."""
MatchesByKind = dict[str, list[matching.Match]]


class SentenceMatches:
    """The matches of one sentence by kind: ``kinds["site"]`` is an empty list where it has none."""

    def __init__(self) -> None:
        self._by_kind: dict[str, list[matching.Match]] = {}

    def add(self, match: matching.Match) -> None:
        self._by_kind.setdefault(match.kind, []).append(match)

    def __getitem__(self, kind: str) -> list[matching.Match]:
        return self._by_kind.get(kind, [])

    def ids(self, kind: str) -> set[str]:
        return {m.id for m in self[kind]}


class MatchesBySentence:
    """An article's matches by sentence number: ``by_sentence[n]["site"]``, empty for a sentence
    without matches and for a number outside the text (the sentence before the first)."""

    def __init__(self, found: MatchesByKind) -> None:
        self._sentences: dict[int, SentenceMatches] = {}
        for matches in found.values():
            for m in matches:
                self._sentences.setdefault(m.sentence, SentenceMatches()).add(m)

    def __getitem__(self, number: int) -> SentenceMatches:
        return self._sentences.get(number, _NONE)


_NONE = SentenceMatches()


def article_matches(gazetteer: Gazetteer, prepared: matching.Text) -> tuple[MatchesByKind, set[int]]:
    """The article's matches by kind (see KINDS), those that do not mean what their words say left
    out, and the numbers of the sentences an exclusion matches."""
    found = {kind: matching.find(gazetteer, kind, prepared) for kind in KINDS}
    found["weapon"] = [m for m in found["weapon"] if not _is_equipment(prepared, m)]
    found["event_type"] = [m for m in found["event_type"] if _is_meant(prepared, m)]
    excluded = {m.sentence for m in matching.find(gazetteer, "exclusion", prepared)}
    # «التحالف» next to Yemen is the Saudi-led coalition; a site or country of this monitor in the
    # same sentence keeps it.
    found["actor"] = [m for m in found["actor"] if not (m.id == "coalition" and m.sentence in excluded)]
    return found, excluded


def _is_equipment(prepared: matching.Text, weapon: matching.Match) -> bool:
    """Is *weapon* named as equipment (see EQUIPMENT_BEFORE) rather than as the means of an attack?"""
    start = prepared.position(weapon.start)
    end = prepared.position(weapon.end - 1) + 1
    return bool(EQUIPMENT_BEFORE.search(prepared.normalized[max(0, start - 30):start])
                or EQUIPMENT_AFTER.match(prepared.normalized, end))


def _is_meant(prepared: matching.Text, event_type: matching.Match) -> bool:
    """Does the word of *event_type* mean it: not «أسقط» a bomb (see _drops), not «تبنى» a
    resolution (see ADOPTED)?"""
    if event_type.id == "interception":
        return not _drops(prepared, event_type)
    if event_type.id == "claim":
        return not ADOPTED.match(prepared.normalized, prepared.position(event_type.end - 1) + 1)
    return True


def _drops(prepared: matching.Text, interception: matching.Match) -> bool:
    """Is the «أسقط» of *interception* the dropping of a bomb (see DROPPED)?"""
    if "اسقط" not in normalize(interception.surface):
        return False
    end = prepared.position(interception.end - 1) + 1
    sentence_end = prepared.sentence_starts[interception.sentence + 1] \
        if interception.sentence + 1 < len(prepared) else len(prepared.normalized)
    return DROPPED.search(prepared.normalized[end:min(sentence_end, end + DROPPED_REACH)]) is not None
