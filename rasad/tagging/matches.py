"""The gazetteer matches of an article, with those that do not mean what their words say left out:
weapons named as equipment, «أسقط» a bomb, «تبنى» a resolution.
"""

from __future__ import annotations

from rasad import matching
from rasad.arabic import normalize
from rasad.tagging.patterns import DROPPED, DROPPED_REACH, EQUIPMENT_AFTER, EQUIPMENT_BEFORE

def is_equipment(prepared: matching.Text, weapon: matching.Match) -> bool:
    """Is *weapon* named as equipment (see EQUIPMENT_BEFORE) rather than as the means of an attack?"""
    start = prepared.position(weapon.start)
    end = prepared.position(weapon.end - 1) + 1
    return bool(EQUIPMENT_BEFORE.search(prepared.normalized[max(0, start - 30):start])
                or EQUIPMENT_AFTER.match(prepared.normalized, end))


def drops(prepared: matching.Text, interception: matching.Match) -> bool:
    """Is the «أسقط» of *interception* the dropping of a bomb (see DROPPED)?"""
    if "اسقط" not in normalize(interception.surface):
        return False
    end = prepared.position(interception.end - 1) + 1
    sentence_end = prepared.sentence_starts[interception.sentence + 1] \
        if interception.sentence + 1 < len(prepared) else len(prepared.normalized)
    return DROPPED.search(prepared.normalized[end:min(sentence_end, end + DROPPED_REACH)]) is not None
