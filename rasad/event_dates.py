"""When a reported event happened, from the words of its sentence and the article's date.

Explicit dates (both month systems, see rasad.arabic_dates) give the day; «أمس», «أول أمس»,
«اليوم», a weekday («الأربعاء», «أمس الثلاثاء», «ليلة الجمعة» = the night before Friday) are
resolved against the publication date («ليلة الجمعة» in Friday's paper is Thursday night, in a
later one Friday night; «ليل الجمعة» is Friday night); «الأسبوع الماضي», «الشهر الماضي» give a coarser
precision. Precision follows ACLED: 1 = day, 2 = week, 3 = month.
"""

from __future__ import annotations

from datetime import date, timedelta

from rasad.arabic import compile_arabic
from rasad.arabic_dates import find_dates

DAY, WEEK, MONTH = 1, 2, 3
# Python's weekday(): Monday = 0. Normalized spellings.
WEEKDAYS = {"الاثنين": 0, "الثلاثاء": 1, "الاربعاء": 2, "الخميس": 3, "الجمعه": 4, "السبت": 5, "الاحد": 6}
_WEEKDAY = "|".join(WEEKDAYS)
_NIGHT = compile_arabic(rf"(?<!\w)(?:[وف]?ب?)(ليله|ليل)\s+(?:يوم\s+)?({_WEEKDAY})")
_WEEKDAY_WORD = compile_arabic(rf"(?<!\w)(?:[وف]?(?:ب|يوم|في)?\s*)({_WEEKDAY})(?!\w)")
_BEFORE_YESTERDAY = compile_arabic(r"(?<!\w)اول\s+(?:من\s+)?امس(?!\w)")
_YESTERDAY = compile_arabic(r"(?<!\w)(?:[وف]?)(?:امس|البارحه)(?!\w)")
_TODAY = compile_arabic(r"(?<!\w)(?:[وف]?)(?:اليوم|الليله|هذا الصباح|صباح اليوم|فجر اليوم|مساء اليوم)(?!\w)")
_LAST_WEEK = compile_arabic(r"الاسبوع الماضي")
_LAST_MONTH = compile_arabic(r"الشهر الماضي")


def last_weekday(weekday: int, published: date) -> date:
    """The most recent *weekday* on or before the publication date."""
    return published - timedelta(days=(published.weekday() - weekday) % 7)


def resolve(sentence: str, published: date | None) -> tuple[date, int] | None:
    """(date, precision) of the event a normalized *sentence* reports, or None if it says nothing."""
    explicit = [found for _, _, found in find_dates(sentence)
                if published is None or found <= published + timedelta(days=1)]
    if explicit:
        return explicit[0], DAY
    if published is None:
        return None
    if (night := _NIGHT.search(sentence)) is not None:
        # «ليلة الجمعة» in Friday's paper is the night before it; written later, it is Friday night.
        day = last_weekday(WEEKDAYS[night.group(2)], published)
        before = night.group(1) == "ليله" and day == published
        return day - timedelta(days=1) if before else day, DAY
    if _BEFORE_YESTERDAY.search(sentence):
        return published - timedelta(days=2), DAY
    weekday = _WEEKDAY_WORD.search(sentence)
    if _YESTERDAY.search(sentence):
        yesterday = published - timedelta(days=1)
        if weekday is not None:  # «أمس الثلاثاء»: the weekday confirms (or corrects) yesterday
            return last_weekday(WEEKDAYS[weekday.group(1)], yesterday), DAY
        return yesterday, DAY
    if weekday is not None:
        return last_weekday(WEEKDAYS[weekday.group(1)], published), DAY
    if _TODAY.search(sentence):
        return published, DAY
    if _LAST_WEEK.search(sentence):
        return published - timedelta(days=7), WEEK
    if _LAST_MONTH.search(sentence):
        first = published.replace(day=1) - timedelta(days=1)
        return first.replace(day=1), MONTH
    return None
