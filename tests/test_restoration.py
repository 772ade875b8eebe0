"""The restore logic on hand-made token streams; the real engine is tested elsewhere."""

from __future__ import annotations

from briefing.protect.restore import restore_tokens
from briefing.protect.spans import Span, placeholder


def decode(tokens: list[str]) -> str:
    return "".join(tokens).replace("\u2581", " ").strip()


def one_hot(width: int, column: int) -> list[float]:
    return [1.0 if i == column else 0.0 for i in range(width)]


SPAN = Span(4, 9, "بوتين", "Vladimir Putin", "person")


def test_copied_placeholder_becomes_the_english_form() -> None:
    tokens = ["▁The", "▁president", "▁", placeholder(0), "▁said", "."]
    text, restored = restore_tokens(tokens, [], 3, [SPAN], [[1]], placeholders=True, decode=decode)
    assert text == "The president Vladimir Putin said."
    assert [r.method for r in restored] == ["copied"]


def test_english_already_present_is_kept() -> None:
    tokens = ["▁Vladimir", "▁Putin", "▁said"]
    attention = [one_hot(3, 0), one_hot(3, 0), one_hot(3, 2)]
    text, restored = restore_tokens(
        tokens, attention, 3, [SPAN], [[0]], placeholders=False, decode=decode
    )
    assert text == "Vladimir Putin said"
    assert [r.method for r in restored] == ["kept"]


def test_mangled_name_is_replaced_through_attention() -> None:
    # The model wrote "Boutin" for the name: the tokens aligned to the span's source
    # tokens are replaced, the rest of the sentence stays as the model wrote it.
    tokens = ["▁Bou", "tin", "▁met", "▁the", "▁troops"]
    attention = [one_hot(4, 1), one_hot(4, 1), one_hot(4, 0), one_hot(4, 2), one_hot(4, 3)]
    text, restored = restore_tokens(
        tokens, attention, 4, [SPAN], [[1]], placeholders=False, decode=decode
    )
    assert text == "Vladimir Putin met the troops"
    assert [r.method for r in restored] == ["aligned"]


def test_dropped_span_is_inserted_after_what_precedes_it_in_the_source() -> None:
    # Source tokens: 0 "met"-ish, 1 the name, 2, 3. Nothing attends to the name.
    tokens = ["▁met", "▁the", "▁troops"]
    attention = [one_hot(4, 0), one_hot(4, 2), one_hot(4, 3)]
    text, restored = restore_tokens(
        tokens, attention, 4, [SPAN], [[1]], placeholders=False, decode=decode
    )
    assert text == "met Vladimir Putin the troops"
    assert [r.method for r in restored] == ["inserted"]


def test_without_attention_a_dropped_span_is_lost_not_invented() -> None:
    tokens = ["▁met", "▁the", "▁troops"]
    text, restored = restore_tokens(tokens, [], 4, [SPAN], [[1]], placeholders=False, decode=decode)
    assert text == "met the troops"
    assert [r.method for r in restored] == ["lost"]


def test_stray_placeholders_never_reach_the_output() -> None:
    tokens = ["▁Troops", "▁", placeholder(5), "▁arrived"]
    text, _ = restore_tokens(tokens, [], 2, [], [], placeholders=True, decode=decode)
    assert text == "Troops arrived"


def test_attention_with_a_leading_bos_column_is_shifted() -> None:
    tokens = ["▁Bou", "tin", "▁spoke"]
    # Four source tokens plus <s> and </s>: the name's token 1 is column 2.
    attention = [one_hot(6, 2), one_hot(6, 2), one_hot(6, 3)]
    text, restored = restore_tokens(
        tokens, attention, 4, [SPAN], [[1]], placeholders=False, decode=decode
    )
    assert text == "Vladimir Putin spoke"
    assert restored[0].method == "aligned"


def test_words_a_copied_number_already_holds_are_not_repeated() -> None:
    money = Span(0, 15, "7 مليارات دولار", "$7 billion", "unit")
    tokens = [
        "▁a",
        "▁loan",
        "▁of",
        "▁",
        placeholder(0),
        "▁mil",
        "lion",
        "▁dollars",
        "▁to",
        "▁Egypt",
    ]
    text, _ = restore_tokens(tokens, [], 3, [money], [[1]], placeholders=True, decode=decode)
    assert text == "a loan of $7 billion to Egypt"
    date = Span(0, 7, "٤ سبتمبر", "September 4", "term")
    tokens = ["▁On", "▁", placeholder(0), "▁May", ",", "▁the", "▁fund"]
    text, _ = restore_tokens(tokens, [], 3, [date], [[1]], placeholders=True, decode=decode)
    assert text == "On September 4, the fund"


def test_words_of_another_kind_after_a_number_stay() -> None:
    count = Span(0, 5, "1,130", "1,130", "number")
    tokens = ["▁", placeholder(0), "▁million", "▁soldiers"]  # the number has no magnitude word
    text, _ = restore_tokens(tokens, [], 3, [count], [[1]], placeholders=True, decode=decode)
    assert text == "1,130 million soldiers"
    weight = Span(0, 5, "5 أطنان", "5 tonnes", "unit")
    tokens = ["▁", placeholder(0), "▁of", "▁aid", "▁in", "▁May"]
    text, _ = restore_tokens(tokens, [], 3, [weight], [[1]], placeholders=True, decode=decode)
    assert text == "5 tonnes of aid in May"
