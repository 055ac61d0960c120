"""When what a sentence reports happened, and whether it is told as background."""

from __future__ import annotations

from datetime import date, timedelta

from rasad.analyse import matching
from rasad.analyse.event_dates import WEEK, resolve, resolve_reported
from rasad.analyse.tagging.patterns import TOLD_AS_BACKGROUND

MENTION_DAYS = 7
"""An attack dated more than this many days before the paper is background, however it is told."""
FRESH_DAYS = 2
"""A background phrasing of an attack dated within this many days of the paper is still its news."""


def _is_mention(sentence: str, own_date: tuple[date, int] | None, published: date | None) -> bool:
    """Is the attack of *sentence* an earlier one told as background: dated well before the paper,
    or told in a background phrasing (TOLD_AS_BACKGROUND) without a date of the last days?"""
    if own_date is not None and published is not None and own_date[0] < published - timedelta(days=MENTION_DAYS):
        return True
    fresh = own_date is not None and published is not None and own_date[0] >= published - timedelta(days=FRESH_DAYS)
    return not fresh and TOLD_AS_BACKGROUND.search(sentence) is not None


def _week_of(found: tuple[date, int] | None) -> tuple[date, int] | None:
    return (found[0], max(found[1], WEEK)) if found else None


def opening_date(prepared: matching.Text, published: date | None) -> tuple[date, int] | None:
    """The first date the article's first three sentences give (a dateline, the report's day)."""
    for number in range(min(3, len(prepared))):
        if (resolved := resolve(prepared.normalized_sentence(number), published)) is not None:
            return resolved
    return None


def when(prepared: matching.Text, number: int, published: date | None,
         opening: tuple[date, int] | None) -> tuple[tuple[date | None, int | None], bool]:
    """((date, precision), told as background?) of what sentence *number* reports. Undated: the
    date of the nearest sentence around it that reports one (the next one first: «… قتلا في
    انفجار. وقال إن الانفجار وقع أمس الخميس»), else the week of the report («قالت الوزارة،
    السبت، إن ...»), of the article's opening date or of the paper. What is told as background
    has only the date its own words give."""
    sentence = prepared.normalized_sentence(number)
    own_date = resolve_reported(sentence, published)
    if _is_mention(sentence, own_date, published):
        return own_date or (None, None), True
    nearby = [prepared.normalized_sentence(n) for n in (number + 1, number - 1, number + 2, number - 2, number - 3)
              if 0 <= n < len(prepared)]
    resolved = own_date or next(
        (found for text in nearby if (found := resolve_reported(text, published)) is not None),
        None) or _week_of(resolve(sentence, published) or opening) or ((published, WEEK) if published else (None, None))
    return resolved, _is_mention(sentence, resolved if resolved[0] else None, published)
