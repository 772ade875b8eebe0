"""QA checks of form: end punctuation, unpaired brackets and quotes, an English that is the
Arabic unchanged, and one rounding rule for the length ratio. Whole messages are asserted."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from briefing.document import Flag
from briefing.qa.checks import CODES, LABELS, check_paragraph
from briefing.qa.form import MAX_RATIO, MIN_RATIO

QUESTION = "هل ستوافق الحكومة على الخطة الجديدة التي قدمها الوزير أمس؟"
STATEMENT = "وافقت الحكومة على الخطة الجديدة التي قدمها الوزير أمس في الاجتماع."


def flags_of(source: str, target: str) -> list[Flag]:
    return check_paragraph(source, target, [])


def test_every_code_has_a_label_and_the_cover_order() -> None:
    assert list(LABELS) == list(CODES)
    assert all(LABELS[code] for code in CODES)
    for code in ("term-inserted", "code-mismatch", "identical", "end-punctuation"):
        assert code in CODES
    assert "unpaired" in CODES and "name-inconsistent" in CODES


def test_a_question_stays_a_question() -> None:
    asked = "Will the government approve the new plan the minister presented yesterday?"
    assert flags_of(QUESTION, asked) == []
    assert flags_of(QUESTION, asked.replace("?", ".")) == [
        Flag("end-punctuation", "the Arabic has 1 question mark, the English none")
    ]
    told = "The government approved the new plan the minister presented at the meeting?"
    assert flags_of(STATEMENT, told) == [
        Flag("end-punctuation", "the Arabic has 0 question marks, the English 1")
    ]
    two = QUESTION + " " + QUESTION
    assert flags_of(two, asked + " " + asked.replace("?", ".")) == [
        Flag("end-punctuation", "the Arabic has 2 question marks, the English 1")
    ]


def test_an_exclamation_stays_an_exclamation_and_full_stops_are_not_judged() -> None:
    source = "يا لها من خطة جديدة رائعة قدمها الوزير أمس في الاجتماع!"
    good = "What a wonderful new plan the minister presented at the meeting yesterday!"
    assert flags_of(source, good) == []
    assert flags_of(source, good[:-1] + ".") == [
        Flag("end-punctuation", 'the Arabic ends with an exclamation mark, the English with "."')
    ]
    # A title without a full stop in Arabic and with one in English is fine.
    assert flags_of("الحكومة توافق على الخطة", "The government approves the plan.") == []
    # The closing quote after the mark does not hide it: «...؟» ends with a question.
    quoted = "وسأل الوزير: «هل ستوافق الحكومة على الخطة الجديدة التي قدمناها أمس؟»"
    assert flags_of(quoted, 'The minister asked: "Will the government approve our plan?"') == []


def test_unpaired_brackets_and_quotes_in_the_english() -> None:
    source = "قال الوزير (في مؤتمر صحفي) إن «الخطة» ستنفذ خلال العام المقبل في كل المناطق."
    good = 'The minister said (at a news conference) that "the plan" will be carried out next year.'
    assert flags_of(source, good) == []
    assert flags_of(source, good.replace(")", "")) == [
        Flag("unpaired", "the English opens a bracket ( and never closes it")
    ]
    assert flags_of(source, good.replace("(", "")) == [
        Flag("unpaired", "the English closes a bracket ) it never opened")
    ]
    assert flags_of(source, good.replace('the plan"', "the plan")) == [
        Flag("unpaired", 'the English has a quote mark " without its pair')
    ]
    curly = "The minister said (at a news conference) that “the plan will be carried out."
    assert flags_of(source, curly) == [
        Flag("unpaired", "the English opens a quote “ and never closes it")
    ]


def test_a_quote_that_runs_on_in_the_arabic_may_run_on_in_the_english() -> None:
    source = "وقال الوزير: «إن الخطة ستنفذ خلال العام المقبل في كل المناطق دون استثناء."
    target = 'The minister said: "The plan will be carried out next year in every region.'
    assert flags_of(source, target) == []


def test_an_english_that_is_the_arabic_unchanged_is_one_flag() -> None:
    assert flags_of(STATEMENT, " " + STATEMENT + " ") == [
        Flag("identical", "the English is the Arabic unchanged: it was not translated")
    ]
    # A Latin-only source may stay as it is ("CNN", a URL line).
    assert flags_of("CNN", "CNN") == []


def test_length_ratio_message_states_the_ratio_it_judged() -> None:
    source = "ا" * 100
    assert flags_of(source, "x" * 40) == [
        Flag(
            "length-ratio",
            "the English is much shorter than the Arabic (0.4× its length; usual 0.5–2.6×)",
        )
    ]
    # 0.46 rounds to 0.5, which is inside the band: no flag that says "0.5×; usual 0.5–2.6×".
    assert flags_of(source, "x" * 46) == []
    assert flags_of(source, "x" * 265) == [
        Flag(
            "length-ratio",
            "the English is much longer than the Arabic (2.7× its length; usual 0.5–2.6×)",
        )
    ]


@settings(max_examples=150, deadline=None)
@given(st.integers(min_value=40, max_value=300), st.integers(min_value=1, max_value=900))
def test_no_length_message_contradicts_itself(source_length: int, target_length: int) -> None:
    for flag in flags_of("ا" * source_length, "x" * target_length):
        if flag.code != "length-ratio":
            continue
        shown = re.search(r"\((\d+\.\d)× its length; usual (\d\.\d)–(\d\.\d)×\)", flag.message)
        assert shown is not None, flag.message
        ratio, low, high = (float(value) for value in shown.groups())
        assert (low, high) == (MIN_RATIO, MAX_RATIO)
        assert not low <= ratio <= high, flag.message


def test_the_readme_lists_every_flag() -> None:
    from helpers import ROOT

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    table = readme.split("## QA flags", 1)[1].split("\n## ", 1)[0]
    listed = re.findall(r"^\| `([a-z-]+)` \|", table, re.MULTILINE)
    assert listed == list(CODES)
