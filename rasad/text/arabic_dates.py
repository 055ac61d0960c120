"""Dates written in Arabic text: both month-name systems, Arabic-Indic digits, mixed forms.

Handles «22 نيسان 2024», «الاثنين 5 من شباط 2024», «28 كانون الثاني/يناير 2024», «السابع من فبراير 2018»,
«5 يناير 2022», «٢٢/٤/٢٠٢٤» and ISO dates. dateparser and htmldate get several of these wrong
(see the domain brief), so this is a small exact parser instead of a guesser.
"""

from __future__ import annotations

import re
from datetime import date

from rasad.text.arabic import normalize

# Keys are in normalized form (see rasad.text.arabic.normalize): hamza and taa marbuta folded.
MONTHS: dict[str, int] = {
    # Levantine / Iraqi
    "كانون الثاني": 1, "شباط": 2, "اذار": 3, "نيسان": 4, "ايار": 5, "حزيران": 6,
    "تموز": 7, "اب": 8, "ايلول": 9, "تشرين الاول": 10, "تشرين الثاني": 11, "كانون الاول": 12,
    # Egyptian / Gulf, with their common spellings
    "يناير": 1, "فبراير": 2, "فبرير": 2, "مارس": 3, "ابريل": 4, "مايو": 5,
    "يونيو": 6, "يونيه": 6, "يوليو": 7, "يوليه": 7, "اغسطس": 8, "سبتمبر": 9,
    "اكتوبر": 10, "نوفمبر": 11, "ديسمبر": 12,
    # Maghrebi
    "جانفي": 1, "فيفري": 2, "افريل": 4, "ماي": 5, "جوان": 6, "جويليه": 7, "اوت": 8,
}
_MONTH = "|".join(sorted((re.escape(m) for m in MONTHS), key=len, reverse=True))
_ORDINAL_UNITS = ("الاول", "الثاني", "الثالث", "الرابع", "الخامس", "السادس", "السابع", "الثامن", "التاسع")


def _ordinal_days() -> dict[str, int]:
    """«السابع» → 7, «الحادي عشر» → 11, «العشرين» → 20, «الحادي والثلاثين» → 31 (normalized)."""
    days = {word: number for number, word in enumerate(_ORDINAL_UNITS, start=1)}
    days["العاشر"] = 10
    for number, word in enumerate(_ORDINAL_UNITS, start=1):
        unit = "الحادي" if number == 1 else word
        days[f"{unit} عشر"] = 10 + number
        days[f"{unit} والعشرين"] = 20 + number
    days.update({"العشرين": 20, "الثلاثين": 30, "الحادي والثلاثين": 31})
    return days


ORDINAL_DAYS = _ordinal_days()
# A day in digits or as an ordinal word («السابع من فبراير»), but not the ordinal that belongs
# to a month name («تشرين الثاني»).
_DAY = "(\\d{1,2}|(?<!تشرين )(?<!كانون )(?:" + "|".join(sorted(ORDINAL_DAYS, key=len, reverse=True)) + "))"
# The day, an optional «من», one month name or two joined by / or \ (a gloss), the year.
_DAY_MONTH = rf"(?<!\d){_DAY}\s+(?:من\s+)?({_MONTH})(?:\s*[/\\|-]\s*({_MONTH}))?"
_NAMED = re.compile(rf"{_DAY_MONTH}\s*,?\s+(\d{{4}})(?!\d)")
# The same without a year («في 7 فبراير/شباط»): the year is the reader's, see event_dates.
_NAMED_NO_YEAR = re.compile(rf"{_DAY_MONTH}(?!\w)")
_ISO = re.compile(r"(?<!\d)(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?!\d)")
_DMY = re.compile(r"(?<!\d)(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})(?!\d)")


def _make(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def _day_and_month(m: re.Match) -> tuple[int, int]:
    day = int(m.group(1)) if m.group(1).isdigit() else ORDINAL_DAYS[m.group(1)]
    # With two month names the second is the gloss editors add for the other readership;
    # when they disagree (a typo such as «26 آب \ تموز 2024»), the gloss is kept.
    return day, MONTHS[m.group(3) or m.group(2)]


def find_dates(text: str) -> list[tuple[int, int, date]]:
    """All dates written in *text*: (start, end) in ``normalize(text)`` and the date, in order."""
    norm = normalize(text)
    found: list[tuple[int, int, date]] = []
    for m in _NAMED.finditer(norm):
        day, month = _day_and_month(m)
        if (d := _make(int(m.group(4)), month, day)) is not None:
            found.append((m.start(), m.end(), d))
    for m in _ISO.finditer(norm):
        if (d := _make(int(m.group(1)), int(m.group(2)), int(m.group(3)))) is not None:
            found.append((m.start(), m.end(), d))
    for m in _DMY.finditer(norm):
        if (d := _make(int(m.group(3)), int(m.group(2)), int(m.group(1)))) is not None:
            found.append((m.start(), m.end(), d))
    return sorted(found, key=lambda match: match[0])


def find_days_without_year(text: str) -> list[tuple[int, int]]:
    """(day, month) of every date written without a year in *text* («في السابع من شباط»)."""
    without_full_dates = _NAMED.sub(lambda m: " " * len(m.group(0)), normalize(text))
    return [_day_and_month(m) for m in _NAMED_NO_YEAR.finditer(without_full_dates)]
