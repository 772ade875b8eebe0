"""The QA checks flag by flag, through ``check_paragraph`` and ``summarize`` only.

Whole messages are compared with ``==``: a reader sees the message, so its numbers, its
direction ("shorter"/"longer") and its grammar ("once", "2 times", "numbers") are the
behaviour. Expected values are worked out by hand from the rule each check states.
"""

from __future__ import annotations

import pytest

from briefing.document import Article, Flag, Term, TranslatedArticle, TranslatedParagraph
from briefing.qa.checks import CODES, check_paragraph, summarize


def number_flag(message: str) -> list[Flag]:
    return [Flag("number-mismatch", message)]


# Arabic source, English target, the flags expected (none: the English has every number).
NUMBERS: list[tuple[str, str, str, list[Flag]]] = [
    # A decimal comma is a decimal point: "2,5" is two and a half, not twenty-five.
    ("decimal comma kept", "ارتفع بنسبة 2,5 في المئة", "rose by 2.5 percent", []),
    ("decimal comma as 25", "ارتفع بنسبة 2,5 في المئة", "rose by 25 percent", number_flag("number of the Arabic not found in the English: 2.5")),
    ("Arabic decimal sign", "ارتفع بنسبة ٢٫٥ في المئة", "rose by 2,5 percent", []),
    ("a tiny decimal shown in full", "بتركيز 0.0000001 غرام", "at 0.000001 grams", number_flag("number of the Arabic not found in the English: 0.0000001")),
    # Several commas that are no thousands grouping: a list of numbers.
    ("comma list kept", "الفقرات 3,4,5 من القرار", "paragraphs 3, 4 and 5 of the resolution", []),
    ("comma list loses one", "الفقرات 3,4,5 من القرار", "paragraphs 3 and 4 of the resolution", number_flag("number of the Arabic not found in the English: 5")),
    # A time is two numbers: a changed minute is a mismatch.
    ("time kept", "الساعة 12:56", "at 12:56", []),
    ("time changed", "الساعة 12:56", "at 12:55", number_flag("number of the Arabic not found in the English: 56")),
    ("date with slashes", "بتاريخ 28/10/2024", "dated 28/10/2023", number_flag("number of the Arabic not found in the English: 2024")),
    ("dotted date as words", "بتاريخ 28.10.2024", "on October 28, 2024", []),
    # Years stay as written; from 10,000 up numbers are grouped.
    ("a year is not grouped", "في عام 2024", "in the year", number_flag("number of the Arabic not found in the English: 2024")),
    ("ten thousand is grouped", "شارك 10000 شخص", "people took part", number_flag("number of the Arabic not found in the English: 10,000")),
    ("two missing numbers", "وصل 5 جنود و7 ضباط", "soldiers and officers arrived", number_flag("numbers of the Arabic not found in the English: 5, 7")),
    ("one number missing twice", "وصل 5 جنود و5 ضباط", "soldiers and officers arrived", number_flag("numbers of the Arabic not found in the English: 5")),
    # Number words, hyphenated tens included.
    ("twenty-five", "قتل 25 شخصا", "twenty-five people were killed", []),
    ("twenty-five is not fifteen", "قتل 15 شخصا", "twenty-five people were killed", number_flag("number of the Arabic not found in the English: 15")),
    ("twenty-five is not twenty", "قتل 20 شخصا", "twenty-five people were killed", number_flag("number of the Arabic not found in the English: 20")),
    ("each word is one number", "قتل 3 جنود و3 مدنيين", "three soldiers and three civilians were killed", []),
    # A month name counts once: with a numeric date's month it must not hide a dropped 10.
    ("date and a count", "في 28.10.2024 قتل 10 أشخاص", "on October 28, 2024, 10 people were killed", []),
    ("month hides no dropped count", "في 28.10.2024 قتل 10 أشخاص", "on October 28, 2024, people were killed", number_flag("number of the Arabic not found in the English: 10")),
    # Multiplier words standing alone, each counted.
    ("two millions", "نزح مليون شخص ثم مليون آخر", "a million fled, then a million more", []),
    ("two millions, one kept", "نزح مليون شخص ثم مليون آخر", "a million fled, then more", number_flag("number of the Arabic not found in the English: 1,000,000")),
    ("a million before a digit number", "نزح مليون شخص وعاد 5 آلاف", "5,000 returned", number_flag("number of the Arabic not found in the English: 1,000,000")),
]  # fmt: skip


@pytest.mark.parametrize(
    ("source", "target", "flags"), [row[1:] for row in NUMBERS], ids=[row[0] for row in NUMBERS]
)
def test_numbers(source: str, target: str, flags: list[Flag]) -> None:
    assert check_paragraph(source, target, []) == flags


def moscow(text: str) -> list[Term]:
    """Every موسكو in ``text`` as a glossary term."""
    terms, start = [], text.find("موسكو")
    while start >= 0:
        terms.append(Term(start, start + 5, "موسكو", "Moscow", "place", "موسكو"))
        start = text.find("موسكو", start + 5)
    return terms


@pytest.mark.parametrize(
    ("source", "target", "message"),
    [
        ("زار موسكو.", "He visited the capital.", "is in the Arabic once but 0 times in the English"),
        ("زار موسكو ثم موسكو.", "He visited Moscow twice.", "is in the Arabic 2 times but once in the English"),
    ],
)  # fmt: skip
def test_missing_term_message(source: str, target: str, message: str) -> None:
    flag = Flag("missing-term", f'"Moscow" (glossary: موسكو) {message}')
    assert check_paragraph(source, target, moscow(source)) == [flag]


@pytest.mark.parametrize(
    ("target", "shown"),
    [
        ("The centre warned of rain in جازان", "جازان"),
        ("Rain in جازان وعسير والباحة today", "جازان وعسير والباحة"),  # three: all shown
        ("Rain in جازان وعسير والباحة ونجران today", "جازان وعسير والباحة …"),
    ],
)
def test_untranslated_message(target: str, shown: str) -> None:
    flags = check_paragraph("حذر المركز من أمطار", target, [])
    assert flags == [Flag("untranslated", f"Arabic left in the English: {shown}")]


def test_empty_message() -> None:
    flags = check_paragraph("زار موسكو", " \n", moscow("زار موسكو"))
    assert flags == [Flag("empty", "the English is empty: the paragraph was not translated")]


# 40 letters without blanks: just long enough to be checked.
SOURCE_40 = "قال المتحدث إن الوزارة تدرس خطة جديدة للمياه هنا"


def visible(text: str) -> int:
    return len("".join(text.split()))


@pytest.mark.parametrize(
    ("target", "flags"),
    [
        ("x" * 12, [("shorter", "0.3")]),
        ("x" * 20, []),  # exactly half: still usual
        ("x" * 104, []),  # exactly 2.6 times: still usual
        ("x" * 120, [("longer", "3.0")]),
    ],
)
def test_length_ratio_direction_and_bounds(target: str, flags: list[tuple[str, str]]) -> None:
    assert visible(SOURCE_40) == 40
    expected = [
        Flag(
            "length-ratio",
            f"the English is much {side} than the Arabic ({ratio}× its length; usual 0.5–2.6×)",
        )
        for side, ratio in flags
    ]
    assert check_paragraph(SOURCE_40, target, []) == expected


def test_length_is_not_checked_below_40_letters() -> None:
    source = SOURCE_40.removesuffix(" هنا") + " هن"
    assert visible(source) == 39
    assert check_paragraph(source, "x" * 3, []) == []
    assert check_paragraph(source + "ا", "x" * 3, []) != []  # 40: checked


@pytest.mark.parametrize(
    ("target", "message"),
    [
        ("one two three four five six seven eight " * 3, '"one two three four five six seven eight" repeats 3 times in a row'),
        ("the the the end", '"the" repeats 3 times in a row'),
        ("one two three four five six seven eight nine " * 3, None),  # longer than 8 words
        ("to him, to her, to him", None),  # a first word repeated is no loop
    ],
)  # fmt: skip
def test_repetition(target: str, message: str | None) -> None:
    expected = [Flag("repetition", message)] if message else []
    assert check_paragraph("قال", target, []) == expected


def paragraph(*flags: Flag) -> TranslatedParagraph:
    return TranslatedParagraph("نص", "text", [], flags=list(flags))


def test_summarize_counts_every_flag_of_a_code() -> None:
    term = Flag("missing-term", "a")
    other = Flag("missing-term", "b")
    number = Flag("number-mismatch", "c")
    restore = Flag("restore", "a name was placed by attention")  # not a QA code: counted too
    related = TranslatedArticle(
        Article("t", []), paragraph(number), [paragraph(term, term, number)]
    )
    articles = [
        TranslatedArticle(
            Article("t", []), paragraph(term), [paragraph(term, other), paragraph()], [related]
        ),
        TranslatedArticle(Article("t", []), paragraph(restore), [paragraph(number)]),
    ]
    assert summarize(articles) == {
        **dict.fromkeys(CODES, 0),
        "missing-term": 5,
        "number-mismatch": 3,
        "restore": 1,
    }
    assert summarize([]) == dict.fromkeys(CODES, 0)
