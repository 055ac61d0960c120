"""Arabic text normalization: the one place every matching, search and dedup stage goes through.

Stored text is never altered; this produces the form that is compared. The folds follow the
spelling variation seen in Arabic news (hamza carriers, taa marbuta, alef maqsura, tatweel,
diacritics, Arabic-Indic and Persian digits).
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

# Harakat, Quranic marks and superscript alef: they vary by outlet and carry no identity.
_DIACRITICS = re.compile("[\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed]")
_TATWEEL = "\u0640"
_FOLD = str.maketrans(
    {
        "أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا",
        "ى": "ي", "ة": "ه", "ؤ": "و", "ئ": "ي",
        "٠": "0", "١": "1", "٢": "2", "٣": "3", "٤": "4", "٥": "5", "٦": "6", "٧": "7", "٨": "8", "٩": "9",
        "۰": "0", "۱": "1", "۲": "2", "۳": "3", "۴": "4", "۵": "5", "۶": "6", "۷": "7", "۸": "8", "۹": "9",
        "،": ",", "؛": ";", "؟": "?", "٪": "%", "«": '"', "»": '"', "“": '"', "”": '"', "„": '"',
        "‘": "'", "’": "'", "ـ": "",
    }
)
# Invisible format characters (RLM, LRM, ZWJ, ZWNJ, BOM ...) that break token matching.
_FORMAT_CHARS = re.compile("[\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff]")
_SPACES = re.compile(r"\s+")


_LETTER_FOLD = str.maketrans({"أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ى": "ي", "ة": "ه", "ؤ": "و", "ئ": "ي"})


def fold_pattern(pattern: str) -> str:
    """A regular expression written in ordinary Arabic spelling, in the normalized spelling it
    must match (hamza forms, taa marbuta, alef maqsura folded; metacharacters untouched)."""
    return pattern.translate(_LETTER_FOLD)


def compile_arabic(pattern: str) -> re.Pattern:
    """A regular expression over normalized text, written in ordinary spelling."""
    return re.compile(fold_pattern(pattern))


def fold_digits(text: str) -> str:
    """Arabic-Indic and Persian digits to ASCII, nothing else changed."""
    return text.translate(_DIGITS)


_DIGITS = str.maketrans({k: v for k, v in _FOLD.items() if isinstance(k, int) and chr(k).isdigit()})


def normalize(text: str) -> str:
    """The comparison form of *text*: idempotent, length may shrink, case-folded for Latin."""
    text = unicodedata.normalize("NFKC", text)
    text = _FORMAT_CHARS.sub("", text)
    text = _DIACRITICS.sub("", text).replace(_TATWEEL, "")
    text = text.translate(_FOLD).casefold()
    return _SPACES.sub(" ", text).strip()


def arabic_ratio(text: str) -> float:
    """Share of letters in *text* that are Arabic script."""
    letters = [c for c in text if c.isalpha()]
    if not letters:
        return 0.0
    return sum("\u0600" <= c <= "\u06ff" or "\u0750" <= c <= "\u077f" for c in letters) / len(letters)


@lru_cache(maxsize=4096)
def _fold_char(char: str) -> str:
    """What one character of the original becomes in the normalized text ("" if dropped;
    " " for any whitespace)."""
    if char.isspace():
        return " "
    out = []
    for folded in unicodedata.normalize("NFKC", char):
        if _FORMAT_CHARS.match(folded) or _DIACRITICS.match(folded) or folded == _TATWEEL:
            continue
        out.append(folded.translate(_FOLD).casefold())
    return "".join(out)


def normalize_with_offsets(text: str) -> tuple[str, list[int]]:
    """``normalize`` character by character, with the index in *text* of every character of the
    result, so a match in the normalized form points back at the original."""
    out: list[str] = []
    offsets: list[int] = []
    for index, char in enumerate(text):
        for piece in _fold_char(char):
            if piece.isspace():
                if not out or out[-1] == " ":
                    continue
                piece = " "
            out.append(piece)
            offsets.append(index)
    while out and out[-1] == " ":
        out.pop()
        offsets.pop()
    return "".join(out), offsets
