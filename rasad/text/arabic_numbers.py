"""Counts written in Arabic news: digits, number words in both genders, and dual nouns.

«خمسة صواريخ» → 5, «ثماني قذائف» → 8, «بطائرتين مسيرتين» → 2, «أكثر من 40 جريحا» → 40,
«ثلاثة عشر» → 13, «عشرين» → 20. Works on normalized text (see rasad.text.arabic.normalize).
"""

from __future__ import annotations

import re

# Normalized spellings (taa marbuta folded to ه, hamza forms to ا).
_UNITS = {
    "واحد": 1, "واحده": 1, "اثنان": 2, "اثنين": 2, "اثنتان": 2, "اثنتين": 2, "اثنا": 2, "اثنتا": 2,
    "ثلاث": 3, "ثلاثه": 3, "اربع": 4, "اربعه": 4, "خمس": 5, "خمسه": 5, "ست": 6, "سته": 6,
    "سبع": 7, "سبعه": 7, "ثمان": 8, "ثماني": 8, "ثمانيه": 8, "تسع": 9, "تسعه": 9, "عشر": 10, "عشره": 10,
}
_TENS = {
    "عشرون": 20, "عشرين": 20, "ثلاثون": 30, "ثلاثين": 30, "اربعون": 40, "اربعين": 40, "خمسون": 50,
    "خمسين": 50, "ستون": 60, "ستين": 60, "سبعون": 70, "سبعين": 70, "ثمانون": 80, "ثمانين": 80,
    "تسعون": 90, "تسعين": 90, "ميه": 100, "مايه": 100, "ميات": 100,
}
_CLITIC = re.compile(r"^(?:[وف])?(?:[بل])?")
_DIGITS = re.compile(r"^\d{1,4}$")


def word_value(word: str) -> int | None:
    """The value of one number word or digit string (with clitics such as «ب», «و» removed)."""
    if _DIGITS.match(word):
        return int(word)
    for candidate in (word, _CLITIC.sub("", word)):
        if candidate in _UNITS:
            return _UNITS[candidate]
        if candidate in _TENS:
            return _TENS[candidate]
    return None


def number_before(words: list[str]) -> int | None:
    """The count written in the words just before a noun: «خمسة», «ثلاثة عشر», «25», «خمسة وعشرين»."""
    if not words:
        return None
    last = words[-1]
    value = word_value(last)
    if value is None:
        return None
    if len(words) >= 2:
        previous = word_value(words[-2])
        if last in ("عشر", "عشره") and previous is not None and previous < 10:
            return previous + 10  # «ثلاثة عشر»
        if value >= 20 and last.startswith("و") and previous is not None and previous < 10:
            return previous + value  # «خمسة وعشرين»
    return value


def is_dual(noun: str) -> bool:
    """«صاروخين», «مسيرتين», «قذيفتين», «طائرتان»: the noun itself says two."""
    return noun.endswith(("تين", "تان")) or (noun.endswith(("ين", "ان")) and len(noun) > 5 and not noun.endswith("يين"))
