from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given, strategies as st

from rasad.text.arabic import normalize
from rasad.text.arabic_dates import find_dates


def test_normalize_folds_the_spelling_variants_of_arabic_news():
    assert normalize("قاعدة عين الأسـد الجويّة") == normalize("قاعده عين الاسد الجويه")
    assert normalize("إيران") == normalize("ايران") == normalize("آيران")
    assert normalize("مستشفى") == normalize("مستشفي")
    assert normalize("مسؤول") == normalize("مسوول")
    assert normalize("٢٠٢٤ و۱۲") == "2024 و12"
    assert normalize("  a\u200f b\n") == "a b"


@given(st.text(alphabet=st.sampled_from(list("أإآٱاىيةهؤوئءـًٌٍَُِّْٰ٠١٩۴ abc\u200f\n،«»")) | st.characters()))
def test_normalize_is_idempotent(text):
    once = normalize(text)
    assert normalize(once) == once


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("الاثنين 5 من شباط 2024", date(2024, 2, 5)),
        ("28 كانون الثاني/يناير 2024", date(2024, 1, 28)),
        ("نشر في ٢٢ نيسان ٢٠٢٤", date(2024, 4, 22)),
        ("الأربعاء 5 يناير 2022 - 03:15 م", date(2022, 1, 5)),
        ("15 آب 2023", date(2023, 8, 15)),
        ("3 أيار، 2020", date(2020, 5, 3)),
        ("26 آب \\ تموز 2024", date(2024, 7, 26)),
        ("تحديث 2024-04-22T10:00", date(2024, 4, 22)),
        ("22/04/2024", date(2024, 4, 22)),
        ("17 تشرين الأول 2023", date(2023, 10, 17)),
    ],
)
def test_dates_written_in_arabic(text, expected):
    assert find_dates(text)[0][2] == expected


def test_impossible_dates_and_numbers_are_not_dates():
    assert find_dates("31 شباط 2024") == []
    assert find_dates("أطلقت 5 صواريخ عام 2024") == []


@given(st.text(alphabet=st.sampled_from(list("أإآٱاىيةهؤوئءـًٌٍَُِّْٰ٠١٩۴ abcﻻ\u200f\n،«»")) | st.characters()))
def test_normalize_with_offsets_agrees_with_normalize_and_points_into_the_text(text):
    from rasad.text.arabic import _fold_char, normalize_with_offsets

    normalized, offsets = normalize_with_offsets(text)
    assert normalized == normalize(text)
    assert len(offsets) == len(normalized)
    assert offsets == sorted(offsets) and all(0 <= i < len(text) for i in offsets)
    # each character comes from the one it points at (a space from any whitespace)
    assert all(c == " " and text[i].isspace() or c in _fold_char(text[i]) for c, i in zip(normalized, offsets))


def test_arabic_ratio_counts_letters_only():
    from rasad.text.arabic import arabic_ratio

    assert arabic_ratio("") == arabic_ratio("123 ،؟ \u064e") == 0.0
    assert arabic_ratio("قاعدة عين الأسد") == 1.0
    assert arabic_ratio("US قاعدة ٢٠٢٤") == 5 / 7  # digits, spaces and punctuation are not letters
