"""QA checks: each flag fires on the fault it names and stays quiet on good translations."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from briefing.document import Flag
from briefing.glossary.store import Entry, Glossary
from briefing.qa.checks import (
    CODES,
    apply_checks,
    check_paragraph,
    source_numbers,
    summarize,
    target_numbers,
)
from helpers import find_terms, sample_briefing

GLOSSARY = [
    {"ar": "بيونغ يانغ", "en": "Pyongyang", "kind": "place"},
    {"ar": "موسكو", "en": "Moscow", "kind": "place"},
]
LONG_SOURCE = (
    "قال المتحدث باسم الوزارة إن الاجتماع ناقش خطط التعاون الاقتصادي بين البلدين خلال العام المقبل."
)
GOOD_TARGET = (
    "The ministry spokesman said the meeting discussed plans for economic cooperation "
    "between the two countries next year."
)


def codes(source: str, target: str, terms: list | None = None) -> list[str]:
    return [flag.code for flag in check_paragraph(source, target, terms or [])]


def test_a_good_translation_has_no_flags() -> None:
    assert check_paragraph(LONG_SOURCE, GOOD_TARGET, []) == []


def test_missing_term_counts_each_occurrence() -> None:
    source = "وصل الوفد من بيونغ يانغ إلى موسكو ثم عاد إلى بيونغ يانغ."
    terms = find_terms(source, GLOSSARY)
    assert len(terms) == 3
    good = "The delegation came from Pyongyang to Moscow, then went back to Pyongyang."
    assert codes(source, good, terms) == []
    once = "The delegation came from Pyongyang to Moscow, then went back home."
    flags = check_paragraph(source, once, terms)
    assert [f.code for f in flags] == ["missing-term"]
    assert flags[0].message == (
        '"Pyongyang" (glossary: بيونغ يانغ) is in the Arabic 2 times but once in the English'
    )


def test_missing_term_is_case_insensitive_and_whole_word() -> None:
    source = "زار موسكو."
    terms = find_terms(source, GLOSSARY)
    assert codes(source, "He visited MOSCOW.", terms) == []
    assert codes(source, "He visited Moscowville.", terms) == ["missing-term"]


def test_numbers_normalize_arabic_indic_digits_and_separators() -> None:
    source = "بلغ عدد الزوار ١٢٬٥٠٠ زائر بزيادة ٢٫٥٪."
    assert codes(source, "Visitors numbered 12,500, up 2.5%.") == []
    flags = check_paragraph(source, "Visitors numbered 12,000, up 2.5%.", [])
    assert [f.code for f in flags] == ["number-mismatch"]
    assert "12,500" in flags[0].message


def test_numbers_understand_multipliers() -> None:
    assert codes("نشرت كوريا 10 آلاف جندي.", "Korea deployed 10,000 troops.") == []
    assert codes("نشرت كوريا 10 آلاف جندي.", "Korea deployed 10 thousand troops.") == []
    assert codes("نشرت كوريا 10 آلاف جندي.", "Korea deployed 10 troops.") == ["number-mismatch"]
    assert codes("بتكلفة 2.5 مليار دولار", "at a cost of $2.5 billion") == []
    assert codes("بتكلفة 2.5 مليار دولار", "at a cost of $2,500 million") == []
    assert codes("بتكلفة 2.5 مليار دولار", "at a cost of $2.5 million") == ["number-mismatch"]
    assert codes("يسكنها مليون نسمة", "home to a million people") == []
    assert codes("يسكنها مليون نسمة", "home to one million people") == []
    assert codes("يسكنها مليون نسمة", "home to many people") == ["number-mismatch"]
    assert source_numbers("خسر مليوني دولار") == target_numbers("lost two million dollars")


def test_numbers_in_dates_times_and_words() -> None:
    source = "تاريخ النشر: 28.10.2024 الساعة 12:56"
    assert codes(source, "Published: 28.10.2024 at 12:56") == []
    assert codes(source, "Published on October 28, 2024 at 12:56") == []
    assert codes(source, "Published on 28 Oct 2024 at 12:56") == []
    assert codes(source, "Published on October 27, 2024 at 12:56") == ["number-mismatch"]
    assert codes("قتل 3 أشخاص", "three people were killed") == []


def test_numbers_are_counted_not_just_seen() -> None:
    source = "وصل 5 جنود ثم 5 آخرون"
    assert codes(source, "5 soldiers arrived, then 5 more") == []
    flags = check_paragraph(source, "5 soldiers arrived, then others", [])
    assert flags == [Flag("number-mismatch", "number of the Arabic not found in the English: 5")]


def test_untranslated_arabic_letters() -> None:
    flags = check_paragraph(
        "حذر المركز من أمطار في جازان", "The centre warned of rain in جازان", []
    )
    assert [f.code for f in flags] == ["untranslated"]
    assert "جازان" in flags[0].message
    # Arabic punctuation or digits alone are not untranslated words
    assert codes("في ٢٠٢٤، قال", "In ٢٠٢٤، he said") == []


def test_empty_translation_is_one_flag() -> None:
    terms = find_terms("زار موسكو 3 مرات", GLOSSARY)
    assert codes("زار موسكو 3 مرات", "   ", terms) == ["empty"]
    assert codes("", "") == []


def test_length_ratio() -> None:
    # 18 letters for 80: 0.225 of the Arabic; three copies of the good English: 303, 3.79.
    usual = "usual 0.5–2.6×"
    assert check_paragraph(LONG_SOURCE, "The spokesman spoke.", []) == [
        Flag(
            "length-ratio",
            f"the English is much shorter than the Arabic (0.2× its length; {usual})",
        )
    ]
    assert check_paragraph(LONG_SOURCE, " ".join([GOOD_TARGET] * 3), []) == [
        Flag(
            "length-ratio", f"the English is much longer than the Arabic (3.8× its length; {usual})"
        )
    ]
    assert codes(LONG_SOURCE, GOOD_TARGET + " " + GOOD_TARGET.lower().replace("the", "a")) == []
    assert codes("قال", "He said, according to the statement released on the day.") == []


def test_repetition_of_words_and_phrases() -> None:
    flags = check_paragraph("قال", "the the the end", [])
    assert [f.code for f in flags] == ["repetition"]
    assert '"the" repeats 3 times' in flags[0].message
    flags = check_paragraph("قال", "of the war of the war of the war of the war.", [])
    assert flags[0].message == '"of the war" repeats 4 times in a row'
    assert codes("قال", "very very good, and good again, good") == []
    assert codes("قال", "one two one two one") == []
    assert codes("قالوا: لا لا لا للحرب", "They said: no, no, no to war") == []


def test_summarize_counts_titles_paragraphs_and_related() -> None:
    # Counted by reading tests/data/briefing-sample.json: "30 دولة" became "32 countries",
    # "workshops" loops three times, and جازان is left in Arabic (so Jazan is missing) in
    # the third article's first paragraph; the rest (the related article too) is faithful.
    counts = summarize(sample_briefing())
    assert list(counts)[: len(CODES)] == list(CODES)
    assert counts == {
        **dict.fromkeys(CODES, 0),
        "number-mismatch": 1,
        "repetition": 1,
        "untranslated": 1,
        "missing-term": 1,
    }


def test_apply_checks_is_idempotent_and_reaches_related_articles() -> None:
    articles = sample_briefing(checked=False)
    related = articles[0].related[0].paragraphs[0]
    related.target = "Estimates indicate consumption rises by 25 percent."
    other = Flag("restore", "a protected name was restored by position")
    related.flags = [other]
    apply_checks(articles)
    first = summarize(articles)
    apply_checks(articles)
    assert summarize(articles) == first
    assert related.flags[0] == other
    assert [f.code for f in related.flags[1:]] == ["missing-term", "number-mismatch"]


@settings(max_examples=60, deadline=None)
@given(st.lists(st.integers(min_value=0, max_value=10**9), min_size=1, max_size=5, unique=True))
def test_numbers_match_whatever_digits_the_arabic_uses(values: list[int]) -> None:
    arabic_digits = str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")
    source = " و ".join(f"{value:,}".replace(",", "٬").translate(arabic_digits) for value in values)
    target = " and ".join(f"{value:,}" for value in values)
    assert codes("عدد " + source, "count " + target) == []
    assert codes("عدد " + source, "count " + " and ".join(f"{v:,}" for v in values[1:])) == [
        "number-mismatch"
    ]


NAMES = Glossary(
    [Entry(row["ar"], row["en"], row["kind"]) for row in GLOSSARY]
    + [Entry("الناتو", "NATO", "org"), Entry("زيلينسكي", "Zelensky", "person")]
)
ARABIC_FILLER = st.sampled_from(["قال", "الوزير", "إن", "الوفد", "وصل", "،", ".", "\n", "و"])
NAME_PIECES = ("بيونغ يانغ", "موسكو", "الناتو", "زيلينسكي", "وموسكو", "بالناتو")
NAME = st.sampled_from(NAME_PIECES)
ENGLISH_FILLER = st.sampled_from(["the", "minister", "said", "that", "delegation", ",", "."])


@settings(max_examples=200, deadline=None)
@given(st.text(), st.text())
def test_checks_never_fail_on_any_text(source: str, target: str) -> None:
    # Terms from the real matcher, so the term check runs on whatever it finds.
    terms = NAMES.find(source)
    flags = check_paragraph(source, target, terms)
    assert all(flag.code in CODES and flag.message for flag in flags)
    if not source.strip():
        assert flags == []
    elif not target.strip():
        assert [f.code for f in flags] == ["empty"]
    wanted = {t.english for t in terms}
    missing = [f for f in flags if f.code == "missing-term"]
    assert len(missing) <= len(wanted)
    assert all(any(f'"{english}"' in f.message for english in wanted) for f in missing)


@settings(max_examples=150, deadline=None)
@given(
    st.lists(st.one_of(ARABIC_FILLER, NAME, st.integers(0, 10**7)), min_size=1, max_size=30),
    st.lists(ENGLISH_FILLER, max_size=10),
)
def test_a_translation_keeping_every_name_and_number_has_no_such_flag(
    pieces: list[str | int], filler: list[str]
) -> None:
    # The Arabic is made of known pieces, so the English that keeps all of them is known:
    # every name's English once per mention and every number, in another order.
    source = " ".join(str(p) for p in pieces)
    terms = NAMES.find(source)
    assert len(terms) == sum(p in NAME_PIECES for p in pieces if isinstance(p, str))
    numbers = [p for p in pieces if isinstance(p, int)]
    names = [t.english for t in terms]
    target = " ".join(["The", *filler, *(f"{n:,}" for n in reversed(numbers)), *names])
    flags = check_paragraph(source, target, terms)
    assert [f for f in flags if f.code in ("missing-term", "number-mismatch")] == []
    if numbers:  # the last number dropped: the flag names exactly that number
        shorter = " ".join(["The", *filler, *(f"{n:,}" for n in numbers[:-1]), *names])
        flag = Flag(
            "number-mismatch",
            f"number of the Arabic not found in the English: {_shown(numbers[-1])}",
        )
        assert flag in check_paragraph(source, shorter, terms)
    if terms:  # the last name dropped: the flag names exactly that name
        english = names[-1]
        fewer = " ".join(["The", *filler, *(f"{n:,}" for n in numbers), *names[:-1]])
        assert [
            f.message.split('"')[1]
            for f in check_paragraph(source, fewer, terms)
            if f.code == "missing-term"
        ] == [english]


def _shown(value: int) -> str:
    """A number as the flag shows it: grouped from 10,000 up, so years stay "2024"."""
    return f"{value:,}" if value >= 10_000 else str(value)
