"""When a reported event happened, from the words of its sentence and the article's date.

Explicit dates (both month systems, see rasad.text.arabic_dates) give the day, in the paper's year when
written without one («في السابع من شباط»); «أمس», «أول أمس»,
«اليوم», a weekday («الأربعاء», «أمس الثلاثاء», «ليلة الجمعة» = the night before Friday) are
resolved against the publication date («ليلة الجمعة» in Friday's paper is Thursday night, in a
later one Friday night; «ليل الجمعة» is Friday night; «الثلاثاء الماضي» is the Tuesday before the paper's
day, a week back in a Tuesday paper); «هذا الأسبوع», «الأسبوع الماضي», «هذا الشهر», «الشهر الماضي» give a
coarser precision. Precision follows ACLED: 1 = day, 2 = week, 3 = month; :func:`span` gives the
earliest and latest day a (date, precision) allows.
"""

from __future__ import annotations

import calendar
from datetime import date, timedelta

from rasad.text.arabic import compile_arabic
from rasad.text.arabic_dates import find_dates, find_days_without_year

DAY, WEEK, MONTH = 1, 2, 3
# Python's weekday(): Monday = 0. Normalized spellings.
WEEKDAYS = {"الاثنين": 0, "الثلاثاء": 1, "الاربعاء": 2, "الخميس": 3, "الجمعه": 4, "السبت": 5, "الاحد": 6}
_WEEKDAY = "|".join(WEEKDAYS)
_NIGHT = compile_arabic(rf"(?<!\w)(?:[وف]?ب?)(ليله|ليل)\s+(?:يوم\s+)?({_WEEKDAY})")
# «الثلاثاء الماضي», «يوم الجمعة الفائت»: the last such day before the paper's own.
_PAST_WEEKDAY = compile_arabic(rf"(?<!\w)(?:[وف]?(?:ب|يوم|في)?\s*)({_WEEKDAY})\s+(?:الماضي|الفائت|المنصرم|السابق)(?!\w)")
_WEEKDAY_WORD = compile_arabic(rf"(?<!\w)(?:[وف]?(?:ب|يوم|في)?\s*)({_WEEKDAY})(?!\w)")
_BEFORE_YESTERDAY = compile_arabic(r"(?<!\w)اول\s+(?:من\s+)?امس(?!\w)")
_YESTERDAY = compile_arabic(r"(?<!\w)(?:[وف]?)(?:امس|البارحه)(?!\w)")
# «اليوم» is the day of the paper, but not «في نفس اليوم», «اليوم نفسه», «اليوم التالي», «اليوم الذي»:
# those name another day the text speaks of.
_TODAY = compile_arabic(r"(?<!نفس )(?<!ذات )(?<!\w)(?:[وف]?)(?:اليوم|الليله|هذا الصباح|صباح اليوم|فجر اليوم|مساء اليوم)(?!\w)"
                        r"(?!\s+(?:نفسه|نفسها|ذاته|ذاتها|التالي|التاليه|السابق|السابقه|الذي|التي|الاول|الاخير|الثاني|الثالث)(?!\w))")
_REPORTING_CLAUSE = compile_arabic(
    r"(?<!\w)[وف]?(?:قال|قالت|ذكر|ذكرت|اعلن|اعلنت|افاد|افادت|اكد|اكدت|اوضح|اوضحت|اضاف|اضافت|اورد|اوردت|"
    r"نقل|نقلت|صرح|صرحت|كشف|كشفت|اشار|اشارت|قوله|قولها|قولهم)(?!\w)[^\"«:]{0,80}?(?=(?<!\w)(?:ان|بان)(?:ه|ها|هم|هما|نا)?(?!\w)|[\"«:])")
# The day of an announcement set off by commas after its verb: «أعلن الجيش الأميركي، الجمعة، مقتل جنديين».
_ANNOUNCED_ON = compile_arabic(
    r"(?<!\w)[وف]?(?:قال|قالت|ذكر|ذكرت|اعلن|اعلنت|افاد|افادت|اكد|اكدت|اوضح|اوضحت|اورد|اوردت|نقل|نقلت|صرح|صرحت|"
    rf"كشف|كشفت|اشار|اشارت|نفى|نفت|اتهم|اتهمت)(?!\w)(?:\s+\S+){{0,6}}?\s*[،,]\s*(?:يوم\s+)?(?:امس\s+)?(?:{_WEEKDAY})\s*[،,]")
# «منذ الاثنين», «منذ 7 شباط»: since when, not when.
_SINCE = compile_arabic(rf"(?<!\w)منذ\s+(?:يوم\s+)?(?:(?:{_WEEKDAY})|\S+\s+\S+(?:\s+\d{{4}})?)")
_ATTACK_OF_DATE = compile_arabic(r"(?<!\w)(?:ال)?(?:هجوم|هجمات|غاره|غارات|ضربه|ضربات|تفجير|تفجيرات|قصف)\s+(?:يوم\s+)?"
                                 r"(?=\d|ال)")
_LAST_WEEK = compile_arabic(r"الاسبوع (?:الماضي|الفائت|المنصرم)")
_LAST_MONTH = compile_arabic(r"الشهر (?:الماضي|الفائت|المنصرم)")
_THIS_WEEK = compile_arabic(r"(?:هذا|خلال|مطلع) الاسبوع(?! (?:الماضي|الفائت|المنصرم|المقبل|القادم))|الاسبوع (?:الجاري|الحالي)")
_THIS_MONTH = compile_arabic(r"(?:هذا|خلال|مطلع|اوائل|بدايه) الشهر(?! (?:الماضي|الفائت|المنصرم|المقبل|القادم))|الشهر (?:الجاري|الحالي)")


def last_weekday(weekday: int, published: date) -> date:
    """The most recent *weekday* on or before the publication date."""
    return published - timedelta(days=(published.weekday() - weekday) % 7)


def _without_year(sentence: str, published: date) -> date | None:
    """A day and month written without a year («في 7 شباط»): the latest such day the paper
    could report, in its own year or the year before."""
    for day, month in find_days_without_year(sentence):
        for year in (published.year, published.year - 1):
            try:
                found = date(year, month, day)
            except ValueError:
                break
            if found <= published + timedelta(days=1):
                return found
    return None


def reported_part(sentence: str) -> str:
    """A normalized *sentence* without its reporting clauses («قالت الوزارة، يوم السبت، إن»):
    a date there is when something was said, not when it happened. Blanked, so of the same length."""
    blank = lambda m: " " * len(m.group(0))  # noqa: E731
    return _ANNOUNCED_ON.sub(blank, _REPORTING_CLAUSE.sub(blank, sentence))


def resolve(sentence: str, published: date | None) -> tuple[date, int] | None:
    """(date, precision) of the event a normalized *sentence* reports, or None if it says nothing:
    a date of what it reports, else that of the report."""
    return _resolve(reported_part(sentence), published) or _resolve(sentence, published)


def resolve_reported(sentence: str, published: date | None) -> tuple[date, int] | None:
    """Like :func:`resolve`, without the date of the report."""
    return _resolve(reported_part(sentence), published)


def _written_date(text: str, published: date | None) -> date | None:
    """The first date written out in *text* (with or without its year) the paper could report."""
    explicit = [found for _, _, found in find_dates(text) if published is None or found <= published + timedelta(days=1)]
    if explicit:
        return explicit[0]
    return _without_year(text, published) if published is not None else None


def _resolve(sentence: str, published: date | None) -> tuple[date, int] | None:
    """(day, precision) of what *sentence* tells of: a date written out, else a day, week or
    month said relative to the day the paper was *published*; None if it says none."""
    sentence = _SINCE.sub(lambda m: " " * len(m.group(0)), sentence)
    if (found := _date_written_out(sentence, published)) is not None:
        return found, DAY
    if published is None:
        return None
    if (day := _relative_day(sentence, published)) is not None:
        return day, DAY
    return _relative_week_or_month(sentence, published)


def _date_written_out(sentence: str, published: date | None) -> date | None:
    """The date written in *sentence*, that of an attack named by its date first."""
    # An attack named by its date («تقريرا عن هجوم 7 فبراير») says when better than any other date.
    for named in _ATTACK_OF_DATE.finditer(sentence):
        if (found := _written_date(sentence[named.end():named.end() + 40], published)) is not None:
            return found
    return _written_date(sentence, published)


def _relative_day(sentence: str, published: date) -> date | None:
    """The day *sentence* names relative to *published*: a night, the day before yesterday, a
    past weekday, yesterday (confirmed by its weekday), a weekday, today."""
    if (night := _NIGHT.search(sentence)) is not None:
        # «ليلة الجمعة» in Friday's paper is the night before it; written later, it is Friday night.
        day = last_weekday(WEEKDAYS[night.group(2)], published)
        before = night.group(1) == "ليله" and day == published
        return day - timedelta(days=1) if before else day
    if _BEFORE_YESTERDAY.search(sentence):
        return published - timedelta(days=2)
    if (past := _PAST_WEEKDAY.search(sentence)) is not None:
        return last_weekday(WEEKDAYS[past.group(1)], published - timedelta(days=1))
    weekday = _WEEKDAY_WORD.search(sentence)
    if _YESTERDAY.search(sentence):
        yesterday = published - timedelta(days=1)
        if weekday is not None:  # «أمس الثلاثاء»: the weekday confirms (or corrects) yesterday
            return last_weekday(WEEKDAYS[weekday.group(1)], yesterday)
        return yesterday
    if weekday is not None:
        return last_weekday(WEEKDAYS[weekday.group(1)], published)
    if _TODAY.search(sentence):
        return published
    return None


def _relative_week_or_month(sentence: str, published: date) -> tuple[date, int] | None:
    """(day, WEEK or MONTH) of last or this week or month, relative to *published*."""
    if _LAST_WEEK.search(sentence):
        return published - timedelta(days=7), WEEK
    if _LAST_MONTH.search(sentence):
        first = published.replace(day=1) - timedelta(days=1)
        return first.replace(day=1), MONTH
    if _THIS_WEEK.search(sentence):
        return published, WEEK
    if _THIS_MONTH.search(sentence):
        return published.replace(day=1), MONTH
    return None


def span(day: date, precision: int, published: date | None = None) -> tuple[date, date]:
    """The earliest and latest day that *day* at *precision* allows: the day itself; the week
    around it; the whole month. Nothing reported happened after the paper's day."""
    if precision == DAY:
        return day, day
    if precision == WEEK:
        earliest, latest = day - timedelta(days=6), day + timedelta(days=6)
    else:
        earliest = day.replace(day=1)
        latest = day.replace(day=calendar.monthrange(day.year, day.month)[1])
    return earliest, min(latest, published) if published is not None and published >= earliest else latest
