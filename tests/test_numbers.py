"""Numbers, units and months become spans with their English computed by rule."""

from __future__ import annotations

import pytest

from briefing.glossary.store import Entry, Glossary, load_glossary
from briefing.protect.quantities import find_number_spans
from helpers import ROOT


def rendered(text: str, glossary: Glossary | None = None) -> list[tuple[str, str, str]]:
    spans = find_number_spans(text, glossary)
    for span in spans:
        assert text[span.start : span.end] == span.source
    return [(s.source, s.english, s.kind) for s in spans]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("وصل ١٢٥ شخصا", [("١٢٥", "125", "number")]),
        ("النسبة ٢٫٥٪ فقط", [("٢٫٥٪", "2.5%", "number")]),
        ("نحو 10 آلاف جندي", [("10 آلاف", "10,000", "number")]),
        ("نحو ١٠ آلاف جندي", [("١٠ آلاف", "10,000", "number")]),
        ("أرسلت ثلاثة آلاف جندي", [("ثلاثة آلاف", "3,000", "number")]),
        ("كان عدد سكانها 20 ألفا", [("20 ألفا", "20,000", "number")]),
        ("تعد 60 ألف نسمة", [("60 ألف", "60,000", "number")]),
        ("بلغ 1.5 ألف طلب", [("1.5 ألف", "1,500", "number")]),
        ("يقطنها 27 مليون نسمة", [("27 مليون", "27 million", "number")]),
        ("صفقة بقيمة 2.5 مليار دولار", [("2.5 مليار دولار", "$2.5 billion", "unit")]),
        ("سيطر على 478 كلم مربعة", [("478 كلم مربعة", "478 km²", "unit")]),
        ("على بعد 15 كلم جنوبا", [("15 كلم", "15 km", "unit")]),
        ("تراجع 20 في المئة", [("20 في المئة", "20%", "unit")]),
        ("بلغ 7 بالمائة", [("7 بالمائة", "7%", "unit")]),
    ],
)
def test_quantities(text: str, expected: list[tuple[str, str, str]]) -> None:
    assert rendered(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("في يونيو/حزيران الماضي", [("يونيو/حزيران", "June", "month")]),
        ("في تشرين الأول الماضي", [("تشرين الأول", "October", "month")]),
        ("منذ فبراير شباط 2022", [("فبراير شباط 2022", "February 2022", "month")]),
        ("في 23 أكتوبر 2024", [("23 أكتوبر 2024", "October 23, 2024", "month")]),
        ("يوم 5 كانون الثاني", [("5 كانون الثاني", "January 5", "month")]),
        ("في أكتوبر (تشرين الأول) 2024", [("أكتوبر (تشرين الأول) 2024", "October 2024", "month")]),
        ("بحلول ديسمبر.", [("ديسمبر", "December", "month")]),
        ("وفي أغسطس شنت", [("أغسطس", "August", "month")]),
        ("في مايو الماضي", [("مايو", "May", "month")]),
        ("منذ مارس 2022", [("مارس 2022", "March 2022", "month")]),
        ("في شهر آب", [("آب", "August", "month")]),
    ],
)
def test_months(text: str, expected: list[tuple[str, str, str]]) -> None:
    assert rendered(text) == expected


def test_month_words_that_are_other_words_need_context() -> None:
    assert rendered("مارس الضغط على الحكومة") == []  # "practised"
    assert rendered("قال أب الضحية") == []  # "father", not آب
    assert rendered("سيارة نيسان جديدة") == []  # the carmaker
    assert rendered("أب 2020") == [("2020", "2020", "number")]


def test_digits_inside_latin_runs_are_left_alone() -> None:
    assert rendered("طائرات F-16 وعددها 12") == [("12", "12", "number")]


def test_units_and_months_come_from_the_glossary_too() -> None:
    glossary = Glossary(
        [
            Entry("فرسخ", "leagues", "unit", ("فراسخ",)),
            Entry("نونبر", "November", "term", note="Moroccan month name"),
        ]
    )
    text = "سار 3 فراسخ في نونبر"
    assert rendered(text) == [("3", "3", "number")]
    assert rendered(text, glossary) == [
        ("3 فراسخ", "3 leagues", "unit"),
        ("نونبر", "November", "month"),
    ]


def test_units_and_months_are_not_glossary_terms_on_their_own() -> None:
    glossary = load_glossary(ROOT / "glossary")
    # "كم" is also "how many", "مارس" also "practised": only numbers.py decides.
    assert glossary.find("كم عدد الذين مارس عليهم الضغط في مارس") == []
    assert rendered("كم عدد الجنود؟", glossary) == []
    assert rendered("على بعد 15 كم", glossary) == [("15 كم", "15 km", "unit")]
