"""Numbers an attack sentence gives: people killed and wounded, projectiles fired."""

from __future__ import annotations

import re

from rasad.analyse import matching
from rasad.analyse.tagging.patterns import KILLED, KILLED_AFTER, PERSONS, WOUNDED, WOUNDED_AFTER
from rasad.text.arabic import normalize
from rasad.text.arabic_numbers import is_dual, number_before

_PUNCTUATION = "،,.؛;:!؟?\"«»()"


def casualties(sentence: str) -> tuple[int | None, int | None]:
    """(killed, wounded) written in a normalized sentence; a lower bound («أكثر من 40») counts as 40."""
    def first(*patterns: re.Pattern) -> int | None:
        for pattern in patterns:
            for m in pattern.finditer(sentence):
                word = m.group(1).strip(_PUNCTUATION)  # «مقتل جنديين،»
                if (value := number_before(word.split())) is not None or (value := PERSONS.get(word)) is not None:
                    return value
        return None

    return first(KILLED, KILLED_AFTER), first(WOUNDED, WOUNDED_AFTER)


def count_projectiles(text: matching.Text, weapon: matching.Match) -> int | None:
    """How many of *weapon* were fired: two for a dual («صاروخان»), the number written just before
    it («خمسة صواريخ»), one for a singular noun, else unknown."""
    surface = normalize(weapon.surface)
    first_word = surface.split()[0]
    if is_dual(first_word) or is_dual(surface.split()[-1]):
        return 2
    before = text.normalized[:text.position(weapon.start)].split()[-3:]
    value = number_before(before)
    if value is not None:
        return value
    if first_word.lstrip("وفبلك") in ("صاروخ", "قذيفه", "طائره", "مسيره", "عبوه"):
        return 1
    return None
