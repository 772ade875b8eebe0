from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from briefing.text.segment import split_long, split_sentences


def test_splits_on_arabic_and_latin_punctuation() -> None:
    text = "وصل الوفد. هل بدأت المحادثات؟ نعم؛ وبدأت أمس! ثم انتهت"
    assert split_sentences(text) == [
        "وصل الوفد. ",
        "هل بدأت المحادثات؟ ",
        "نعم؛ ",
        "وبدأت أمس! ",
        "ثم انتهت",
    ]


def test_never_splits_inside_numbers() -> None:
    text = "ارتفع السعر إلى 76.40 دولارا بنسبة 2.5% في 28.10.2024 صباحا. ثم استقر."
    assert split_sentences(text) == [
        "ارتفع السعر إلى 76.40 دولارا بنسبة 2.5% في 28.10.2024 صباحا. ",
        "ثم استقر.",
    ]


def test_no_split_after_abbreviations() -> None:
    text = "قال د. سامي إن الاجتماع ناجح. وأكد أ. منى ذلك."
    assert split_sentences(text) == ["قال د. سامي إن الاجتماع ناجح. ", "وأكد أ. منى ذلك."]


def test_closing_quotes_stay_with_their_sentence() -> None:
    text = "وقال الوزير: «الوضع هادئ.» ثم غادر. وأضاف “لن نتراجع!” أمس."
    assert split_sentences(text) == [
        "وقال الوزير: «الوضع هادئ.» ",
        "ثم غادر. ",
        "وأضاف “لن نتراجع!” ",
        "أمس.",
    ]


def test_line_ends_split() -> None:
    assert split_sentences("عنوان قصير\nنص الخبر") == ["عنوان قصير\n", "نص الخبر"]


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("ابت ثج.؟!؛\n«»“”0123456789%")), max_size=200))
def test_nothing_is_lost(text: str) -> None:
    assert "".join(split_sentences(text)) == text


def test_split_long_keeps_every_token_within_the_limit() -> None:
    tokens = [("▁" if i % 3 == 0 else "") + f"t{i}" for i in range(1000)]
    pieces = split_long(tokens, 50)
    assert [t for piece in pieces for t in piece] == tokens
    assert all(0 < len(piece) <= 50 for piece in pieces)
    assert all(piece[0].startswith("▁") for piece in pieces)
