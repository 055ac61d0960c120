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


def normalize_lines(text: str) -> list[str]:
    """The non-empty lines of *text*, each normalized; joined with spaces they are ``normalize(text)``."""
    return [line for line in map(normalize, text.splitlines()) if line]


def normalize(text: str) -> str:
    """The comparison form of *text*: idempotent, length may shrink, case-folded for Latin."""
    text = unicodedata.normalize("NFKC", text)
    text = _FORMAT_CHARS.sub("", text)
    text = _DIACRITICS.sub("", text).replace(_TATWEEL, "")
    text = text.translate(_FOLD).casefold()
    return _SPACES.sub(" ", text).strip()


class _LetterScripts(dict):
    """``str.translate`` table: an Arabic-script letter to "a", any other letter to "l", the rest
    deleted; filled per code point on first sight, so counting letters stays in C."""

    def __missing__(self, code: int) -> str | None:
        char = chr(code)
        value = None if not char.isalpha() else "a" if "\u0600" <= char <= "\u06ff" or "\u0750" <= char <= "\u077f" else "l"
        self[code] = value
        return value


_LETTER_SCRIPTS = _LetterScripts()


def arabic_ratio(text: str) -> float:
    """Share of letters in *text* that are Arabic script."""
    letters = text.translate(_LETTER_SCRIPTS)
    return letters.count("a") / len(letters) if letters else 0.0


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


class _SingleFolds(dict):
    """``str.translate`` table: a character to what it becomes in the normalized text when that
    is one character (whitespace: " "), anything else (dropped, expanded, NUL itself) to NUL;
    filled per code point on first sight. Every character stays one character, so positions
    in the translation are positions in the original."""

    def __missing__(self, code: int) -> str:
        folded = _fold_char(chr(code))
        value = folded if len(folded) == 1 and code and (folded == " " or not folded.isspace()) else "\0"
        self[code] = value
        return value


_SINGLE_FOLDS = _SingleFolds()
_IRREGULAR = re.compile("\0+| {2,}")  # in the translation: characters to fold one by one, space runs


def normalize_with_offsets(text: str) -> tuple[str, list[int]]:
    """``normalize`` character by character, with the index in *text* of every character of the
    result, so a match in the normalized form points back at the original."""
    # Most of a text folds one character to one: those stretches are copied whole, and only
    # dropped or expanded characters and runs of whitespace are handled one at a time.
    folded = text.translate(_SINGLE_FOLDS)
    parts: list[str] = []
    offsets: list[int] = []
    last = " "  # a space is never the first character, nor follows another

    def copy(start: int, end: int) -> None:  # folded[start:end]: single folds, no two spaces in a row
        nonlocal last
        if start < end and last == " " and folded[start] == " ":
            start += 1
        if start < end:
            parts.append(folded[start:end])
            offsets.extend(range(start, end))
            last = folded[end - 1]

    copied = 0
    for irregular in _IRREGULAR.finditer(folded):
        copy(copied, irregular.start())
        copied = irregular.end()
        if folded[irregular.start()] == " ":
            copy(irregular.start(), irregular.start() + 1)
            continue
        for index in range(irregular.start(), irregular.end()):
            for piece in _fold_char(text[index]):
                if piece.isspace():
                    if last == " ":
                        continue
                    piece = " "
                parts.append(piece)
                offsets.append(index)
                last = piece
    copy(copied, len(folded))
    normalized = "".join(parts)
    if last == " " and offsets:
        offsets.pop()
        normalized = normalized[:-1]
    return normalized, offsets
