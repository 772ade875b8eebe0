"""Property tests: whatever the text, spans are real slices of it and never overlap."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from briefing.glossary.matcher import normalize
from briefing.glossary.store import Entry, Glossary
from briefing.protect.protector import term_spans
from briefing.protect.quantities import find_number_spans

GLOSSARY = Glossary(
    [
        Entry("بيونغ يانغ", "Pyongyang", "place"),
        Entry("فلاديمير بوتين", "Vladimir Putin", "person"),
        Entry("بوتين", "Putin", "person"),
        Entry("الناتو", "NATO", "org"),
        Entry("زيلينسكي", "Zelensky", "person"),
        Entry("كلم", "km", "unit"),
        Entry("الحرب الباردة", "Cold War", "term"),
    ]
)
PIECES = [
    "بيونغ", "يانغ", "بيونج", "يانج", "فلاديمير", "بوتين", "الناتو", "زيلنسكي", "كلم", "الحرب",
    "الباردة", "و", "ل", "ال", "بال", " ", "  ", "\n", "\u064e", "\u0651", "\u0640", "أ", "ة",
    "١٢", "10", "آلاف", "يونيو", "/", "حزيران", "،", ".", "x", "\u200f", "\ufefb", "2024",
]  # fmt: skip
texts = st.one_of(
    st.lists(st.sampled_from(PIECES), max_size=40).map("".join),
    st.text(max_size=80),
)


@settings(max_examples=300, deadline=None)
@given(texts, texts)
def test_term_spans_are_slices_of_the_text(before: str, after: str) -> None:
    # A name set off by blanks is found whatever surrounds it (alone, or as the end of
    # "فلاديمير بوتين"): a matcher that finds nothing fails here, not only a wrong one.
    text = before + " بوتين " + after
    at = len(before) + 1
    terms = GLOSSARY.find(text)
    assert any(
        t.start <= at and at + len("بوتين") <= t.end and t.english.endswith("Putin") for t in terms
    )
    previous_end = 0
    for term in terms:
        assert 0 <= term.start < term.end <= len(text)
        assert text[term.start : term.end] == term.source
        assert text[term.start - len(term.clitic) : term.start] == term.clitic
        assert term.start - len(term.clitic) >= previous_end
        previous_end = term.end
    for span in term_spans(GLOSSARY, text):
        assert text[span.start : span.end] == span.source


@settings(max_examples=300, deadline=None)
@given(texts, texts)
def test_number_spans_are_slices_of_the_text(before: str, after: str) -> None:
    text = before + " 25 " + after
    spans = find_number_spans(text, GLOSSARY)
    at = len(before) + 1
    assert any(s.start <= at and at + 2 <= s.end and "25" in s.english for s in spans)
    previous_end = 0
    for span in spans:
        assert 0 <= span.start < span.end <= len(text)
        assert text[span.start : span.end] == span.source
        assert span.start >= previous_end
        previous_end = span.end


@settings(max_examples=300, deadline=None)
@given(texts)
def test_normalize_map_is_increasing_and_in_range(text: str) -> None:
    norm, mapping = normalize(text)
    assert len(mapping) == len(norm)
    assert all(0 <= i < len(text) for i in mapping)
    # Non-decreasing: a ligature (ﻻ) expands to two letters of one original character.
    assert all(a <= b for a, b in zip(mapping, mapping[1:], strict=False))
