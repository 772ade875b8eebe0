from __future__ import annotations

import subprocess
import sys

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from briefing.protect.spans import (
    ascii_digits,
    find_spans,
    placeholder,
    protect,
    split_placeholders,
)


def test_finds_latin_names_and_numbers_with_english_forms() -> None:
    text = (
        "نقلت وكالة Reuters عن Martyn Wheatley أن ٣٠٠٠ جندي وصلوا في 28.10.2024 بنسبة ٢٫٥٪ و F-16."
    )
    spans = find_spans(text)
    assert [(s.source, s.english, s.kind) for s in spans] == [
        ("Reuters", "Reuters", "latin"),
        ("Martyn Wheatley", "Martyn Wheatley", "latin"),
        ("٣٠٠٠", "3000", "number"),
        ("28.10.2024", "28.10.2024", "number"),
        ("٢٫٥٪", "2.5%", "number"),
        ("F-16", "F-16", "latin"),
    ]
    assert all(text[s.start : s.end] == s.source for s in spans)


def test_protect_replaces_spans_with_numbered_placeholders() -> None:
    text = "قال Rutte إن 3000 جندي"
    protected = protect(text, find_spans(text))
    assert protected.text == f"قال {placeholder(0)} إن {placeholder(1)} جندي"
    assert split_placeholders(protected.text) == [
        "قال ",
        placeholder(0),
        " إن ",
        placeholder(1),
        " جندي",
    ]


def test_ascii_digits() -> None:
    assert ascii_digits("١٢٣٬٤٥٦٫٧ ۴۵") == "123,456.7 45"


_MIXED = st.text(alphabet=st.sampled_from(list("اب تAbc D-.'0١9٫%")), max_size=80)


@settings(max_examples=300, deadline=None)
@given(_MIXED, _MIXED)
def test_spans_are_inside_the_text_and_do_not_overlap(before: str, after: str) -> None:
    text = before + " ٣٠٠٠ " + after
    spans = find_spans(text)
    # Every Latin letter is protected, and so is a number set off by blanks.
    latin = {i for s in spans if s.kind == "latin" for i in range(s.start, s.end)}
    assert all(i in latin for i, char in enumerate(text) if char in "AbcD")
    at = len(before) + 1
    assert any(s.start == at and s.kind == "number" and s.english[:4] == "3000" for s in spans)
    for span in spans:
        assert 0 <= span.start < span.end <= len(text)
        assert text[span.start : span.end] == span.source
    for left, right in zip(spans, spans[1:], strict=False):
        assert left.end <= right.start


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("قال user_name إن", ["user_name"]),
        ("راجع https://example.org/a_b?x=1&y=2 اليوم.", ["https://example.org/a_b?x=1&y=2"]),
        ("عبر www.example.com/news، وقال", ["www.example.com/news"]),
        ("كتب @user_1 و@NASA", ["@user_1", "@NASA"]),
        ("وسم #Breaking_News و#وسم", ["#Breaking_News"]),
        ("راسلوا info.desk@example.org فورا", ["info.desk@example.org"]),
        ("الدالة __init__ في", ["__init__"]),
    ],
)
def test_urls_handles_and_identifiers_are_one_span_each(text: str, expected: list[str]) -> None:
    spans = find_spans(text)
    assert [s.source for s in spans] == expected
    assert all(s.english == s.source and text[s.start : s.end] == s.source for s in spans)


@pytest.mark.parametrize(
    "text",
    ["a" * 60_000, "https://" + "a" * 60_000 + ".", "@" + "a" * 60_000, "a." * 30_000,
     "a@" * 30_000, "www." * 15_000, "x_" * 30_000, "1 a " * 15_000],
)  # fmt: skip
def test_span_patterns_do_not_backtrack_on_long_runs(text: str) -> None:
    # A quadratic pattern takes minutes on these; a linear one well under a second. The
    # bound is the subprocess timeout, not a speed goal.
    code = f"from briefing.protect.spans import find_spans; find_spans({text!r})"
    subprocess.run([sys.executable, "-c", code], check=True, timeout=60)
