"""Restoration case by case, on hand-made token streams and attention.

Each case states what the model wrote (tokens), where each target token's attention points
(the source token it attends to most) and what the English must become; the expected text
follows from the rules in ``briefing.protect.restore``'s docstring, worked out by hand.
SentencePiece streams mark word starts with ▁; BPE (subword-nmt) streams mark a piece that
continues with a trailing @@.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from briefing.protect.restore import Restored, restore_tokens
from briefing.protect.spans import Span, placeholder

PESKOV = Span(0, 6, "بيسكوف", "Dmitry Peskov", "person")
LAVROV = Span(10, 16, "لافروف", "Sergei Lavrov", "person")
PUTIN = Span(20, 25, "بوتين", "Putin", "person")
VLADIMIR_PUTIN = Span(20, 34, "فلاديمير بوتين", "Vladimir Putin", "person")
NATO = Span(40, 46, "الناتو", "NATO", "org")
THIRTEEN = Span(50, 52, "13", "13", "number")
FORTY_FIVE = Span(50, 52, "45", "45", "number")
THOUSANDS = Span(60, 64, "3000", "3000", "number")
US = Span(70, 86, "الولايات المتحدة", "U.S.", "place")
KAZAN = Span(90, 95, "كازان", "Kazan", "place")


def sp_decode(tokens: list[str]) -> str:
    return "".join(tokens).replace("\u2581", " ").strip()


def bpe_decode(tokens: list[str]) -> str:
    return " ".join(tokens).replace("@@ ", "").strip()


def attend(width: int, *columns: int) -> list[list[float]]:
    """One attention row per target token, all of its weight on one source column."""
    return [[1.0 if i == column else 0.0 for i in range(width)] for column in columns]


def restore(
    tokens: list[str],
    attention: Sequence[Sequence[float]],
    spans: list[Span],
    span_tokens: list[list[int]],
    *,
    n_source: int = 4,
    placeholders: bool = False,
    repair: bool = True,
    bpe: bool = False,
) -> tuple[str, list[str]]:
    text, restored = restore_tokens(
        tokens,
        attention,
        n_source,
        spans,
        span_tokens,
        placeholders=placeholders,
        repair=repair,
        decode=bpe_decode if bpe else sp_decode,
    )
    assert [r.span for r in restored] == spans
    return text, [r.method for r in restored]


# -- a mangled name or number is replaced as whole words ---------------------------------------


def test_attention_on_the_second_piece_takes_the_whole_word() -> None:
    tokens = ["▁Pes", "kow", "▁said"]
    got = restore(tokens, attend(3, 0, 1, 2), [PESKOV], [[1]], n_source=3)
    assert got == ("Dmitry Peskov said", ["aligned"])


def test_attention_on_the_first_piece_takes_the_whole_word() -> None:
    tokens = ["▁Pes", "kow", "▁said"]
    got = restore(tokens, attend(3, 1, 0, 2), [PESKOV], [[1]], n_source=3)
    assert got == ("Dmitry Peskov said", ["aligned"])


def test_bpe_pieces_are_one_word() -> None:
    tokens = ["Pes@@", "kow", "said"]
    got = restore(tokens, attend(3, 0, 1, 2), [PESKOV], [[1]], n_source=3, bpe=True)
    assert got == ("Dmitry Peskov said", ["aligned"])


def test_the_sentence_period_stays() -> None:
    tokens = ["▁He", "▁met", "▁Pes", "kow", "."]
    got = restore(tokens, attend(3, 0, 1, 2, 2, 2), [PESKOV], [[2]], n_source=3)
    assert got == ("He met Dmitry Peskov.", ["aligned"])
    got = restore(["▁Pes", "."], attend(3, 1, 1), [PESKOV], [[1]], n_source=3)
    assert got == ("Dmitry Peskov.", ["aligned"])
    got = restore(["▁Pes", "kow", "▁."], attend(3, 1, 1, 1), [PESKOV], [[1]], n_source=3)
    assert got == ("Dmitry Peskov.", ["aligned"])  # a period piece of its own stays too


def test_a_period_of_the_name_itself_is_replaced_with_it() -> None:
    # The model wrote "U.K." for "U.S.": its last "." is the name's, not the sentence's.
    tokens = ["▁the", "▁U", ".", "K", "."]
    got = restore(tokens, attend(3, 0, 1, 1, 1, 1), [US], [[1]], n_source=3)
    assert got == ("the U.S.", ["aligned"])


def test_a_garbled_number_keeps_the_next_word() -> None:
    # Attention also took "missiles"; only the number's own digits are replaced.
    tokens = ["▁Iran", "▁fired", "▁1", "4", "▁missiles"]
    got = restore(tokens, attend(4, 0, 2, 1, 1, 1), [THIRTEEN], [[1]])
    assert got == ("Iran fired 13 missiles", ["aligned"])


def test_a_garbled_bpe_number_keeps_the_next_word() -> None:
    tokens = ["Iran", "fired", "1@@", "4", "missiles"]
    got = restore(tokens, attend(4, 0, 2, 1, 1, 1), [THIRTEEN], [[1]], bpe=True)
    assert got == ("Iran fired 13 missiles", ["aligned"])


def test_only_the_number_attention_points_at_is_replaced() -> None:
    # "2024," is a longer number than "14", but attention points at "14".
    tokens = ["▁In", "▁20", "24", ",", "▁Iran", "▁fired", "▁1", "4", "▁missiles"]
    got = restore(tokens, attend(4, 0, 0, 0, 0, 2, 3, 1, 1, 1), [THIRTEEN], [[1]])
    assert got == ("In 2024, Iran fired 13 missiles", ["aligned"])


def test_a_number_written_as_a_word_is_replaced() -> None:
    tokens = ["▁fired", "▁thirteen", "▁missiles"]
    got = restore(tokens, attend(4, 0, 1, 2), [THIRTEEN], [[1]])
    assert got == ("fired 13 missiles", ["aligned"])


def test_a_number_aligned_into_an_ordinary_word_is_inserted_after_it() -> None:
    # "ency" of "Agency" attends to the number: replacing it would break the word.
    tokens = ["▁the", "▁Ag", "ency", "▁said"]
    got = restore(tokens, attend(4, 0, 1, 2, 2), [FORTY_FIVE], [[2]])
    assert got == ("the Agency 45 said", ["inserted"])


def test_the_longest_run_of_aligned_tokens_is_replaced() -> None:
    # A stray token far off also attends to the name: the longer run is the name.
    tokens = ["▁Pes", "kow", "▁told", "▁him"]
    assert restore(tokens, attend(3, 1, 1, 2, 1), [PESKOV], [[1]], n_source=3) == (
        "Dmitry Peskov told him",
        ["aligned"],
    )
    tokens = ["▁He", "▁told", "▁Pes", "kow"]
    assert restore(tokens, attend(3, 1, 0, 1, 1), [PESKOV], [[1]], n_source=3) == (
        "He told Dmitry Peskov",
        ["aligned"],
    )


def test_a_tie_in_attention_goes_to_the_earlier_source_token() -> None:
    tokens = ["▁Pes", "kow", "▁said"]
    attention = [[0.0, 1.0, 0.0], [0.0, 1.0, 0.0], [0.5, 0.5, 0.0]]
    assert restore(tokens, attention, [PESKOV], [[1]], n_source=3) == (
        "Dmitry Peskov said",
        ["aligned"],
    )


def test_the_bos_column_is_never_a_source_token() -> None:
    # Six columns: <s>, four source tokens, </s>. "▁Pes" attends most to <s>, then to
    # the name (source token 1, column 2): it is aligned to the name.
    tokens = ["▁Dmi", "▁Pes", "▁spoke"]
    attention = [
        [0.0, 0.0, 1.0, 0.0, 0.0, 0.0],
        [0.6, 0.0, 0.4, 0.0, 0.0, 0.0],
        [0.0, 0.0, 0.0, 0.0, 1.0, 0.0],
    ]
    assert restore(tokens, attention, [PESKOV], [[1]]) == ("Dmitry Peskov spoke", ["aligned"])


def test_two_mangled_names_each_replace_their_own_tokens() -> None:
    tokens = ["▁Lav", "rof", "▁and", "▁Pes", "kow"]
    got = restore(tokens, attend(4, 2, 2, 1, 0, 0), [PESKOV, LAVROV], [[0], [2]])
    assert got == ("Sergei Lavrov and Dmitry Peskov", ["aligned", "aligned"])


def test_an_end_of_sentence_attention_row_is_not_a_token() -> None:
    # CTranslate2 may return a row for </s> too: it attends to the dropped name.
    tokens = ["▁met", "▁the", "▁troops"]
    got = restore(tokens, attend(4, 0, 1, 2, 3), [PESKOV], [[3]])
    assert got == ("met the troops Dmitry Peskov", ["inserted"])


# -- a dropped span is inserted after what precedes it in the source -------------------------


def test_a_dropped_first_span_goes_first() -> None:
    tokens = ["▁met", "▁the", "▁troops"]
    got = restore(tokens, attend(4, 1, 2, 3), [PESKOV], [[0]])
    assert got == ("Dmitry Peskov met the troops", ["inserted"])


def test_a_dropped_last_span_goes_last() -> None:
    tokens = ["▁met", "▁the", "▁troops"]
    # The </s> row attends to source token 2, before the name: it is no position.
    got = restore(tokens, attend(4, 0, 1, 2, 2), [PESKOV], [[3]])
    assert got == ("met the troops Dmitry Peskov", ["inserted"])


def test_an_insertion_never_splits_a_word() -> None:
    tokens = ["▁Ener", "gy", "▁prices"]
    got = restore(tokens, attend(4, 0, 2, 3), [FORTY_FIVE], [[1]])
    assert got == ("Energy 45 prices", ["inserted"])


def test_an_insertion_goes_after_a_copied_placeholder() -> None:
    tokens = ["▁met", "▁", placeholder(1), "▁troops"]
    got = restore(
        tokens,
        attend(5, 0, 0, 3, 4),
        [PESKOV, THOUSANDS],
        [[1], [3]],
        n_source=5,
        placeholders=True,
    )
    assert got == ("met 3000 Dmitry Peskov troops", ["inserted", "copied"])


def test_a_word_holding_a_copied_placeholder_is_never_replaced() -> None:
    # The name's attention points at "▁" before the copied ｟1｠: replacing that word
    # would swallow the number, so the name is inserted beside it.
    tokens = ["▁The", "▁", placeholder(1), "▁spoke"]
    got = restore(tokens, attend(4, 0, 1, 3, 2), [PESKOV, THOUSANDS], [[1], [3]], placeholders=True)
    assert got == ("The Dmitry Peskov 3000 spoke", ["inserted", "copied"])


def test_a_dropped_then_a_mangled_span_are_both_placed() -> None:
    tokens = ["▁met", "▁Pes", "kow"]
    got = restore(tokens, attend(4, 0, 2, 2), [NATO, PESKOV], [[1], [2]])
    assert got == ("met NATO Dmitry Peskov", ["inserted", "aligned"])


# -- kept and copied spans, and the tokens they guard ------------------------------------------


def test_copied_kept_and_aligned_in_one_sentence() -> None:
    tokens = ["▁", placeholder(0), "▁Putin", "▁and", "▁Pes", "kow"]
    got = restore(
        tokens,
        attend(5, 0, 0, 1, 2, 3, 3),
        [THOUSANDS, PUTIN, PESKOV],
        [[0], [1], [3]],
        n_source=5,
        placeholders=True,
    )
    assert got == ("3000 Putin and Dmitry Peskov", ["copied", "kept", "aligned"])


def test_a_kept_name_is_never_replaced_for_another() -> None:
    # NATO's attention points at the pieces of "Vladimir Putin", which is kept: NATO is
    # inserted instead, after what precedes it in the source ("criticized").
    tokens = ["▁Vladimir", "▁Pu", "tin", "▁criticized", "▁the", "▁alliance"]
    attention = attend(4, 0, 2, 2, 1, 3, 3)
    got = restore(tokens, attention, [VLADIMIR_PUTIN, NATO], [[0], [2]])
    assert got == ("Vladimir Putin criticized NATO the alliance", ["kept", "inserted"])
    tokens = ["Vla@@", "dimir", "Pu@@", "tin", "criticized", "the", "alliance"]
    attention = attend(4, 0, 0, 2, 2, 1, 3, 3)
    got = restore(tokens, attention, [VLADIMIR_PUTIN, NATO], [[0], [2]], bpe=True)
    assert got == ("Vladimir Putin criticized NATO the alliance", ["kept", "inserted"])


def test_a_kept_name_late_in_the_sentence_is_guarded_too() -> None:
    tokens = ["▁He", "▁criticized", "▁Vladimir", "▁Pu", "tin"]
    got = restore(tokens, attend(4, 0, 2, 3, 1, 1), [VLADIMIR_PUTIN, NATO], [[3], [1]])
    assert got == ("He NATO criticized Vladimir Putin", ["kept", "inserted"])


def test_one_mention_keeps_one_of_two_spans() -> None:
    tokens = ["▁Putin", "▁met", "▁him"]
    got = restore(tokens, attend(4, 0, 1, 2), [PUTIN, PUTIN], [[0], [2]], repair=False)
    assert got == ("Putin met him", ["kept", "lost"])


def test_a_span_without_source_tokens_is_lost_beside_a_repaired_one() -> None:
    tokens = ["▁Pes", "kow", "▁said"]
    text, restored = restore_tokens(
        tokens,
        attend(3, 1, 1, 2),
        3,
        [KAZAN, PESKOV],
        [[], [1]],
        placeholders=False,
        decode=sp_decode,
    )
    assert (text, restored) == (
        "Dmitry Peskov said",
        [Restored(KAZAN, "lost"), Restored(PESKOV, "aligned")],
    )


def test_without_attention_the_span_is_lost() -> None:
    text, restored = restore_tokens(
        ["▁met", "▁the", "▁troops"], [], 4, [PESKOV], [[1]], placeholders=False, decode=sp_decode
    )
    assert (text, restored) == ("met the troops", [Restored(PESKOV, "lost")])


class _Unread(Sequence[Sequence[float]]):
    """Attention that fails the test if restoration reads it."""

    def __len__(self) -> int:
        raise AssertionError("attention was read")

    def __getitem__(self, index: object) -> Sequence[float]:  # type: ignore[override]
        raise AssertionError("attention was read")

    def __iter__(self) -> Iterator[Sequence[float]]:
        raise AssertionError("attention was read")


def test_attention_is_not_read_when_nothing_is_placed_by_it() -> None:
    # Reading it costs a conversion from CTranslate2; it is read only to place a span.
    tokens = ["▁Putin", "▁spoke"]
    assert restore(tokens, _Unread(), [PUTIN], [[0]]) == ("Putin spoke", ["kept"])
    assert restore(["▁He", "▁spoke"], _Unread(), [PUTIN], [[0]], repair=False) == (
        "He spoke",
        ["lost"],
    )


# -- placeholders ---------------------------------------------------------------------------


def test_a_placeholder_past_the_last_span_is_dropped() -> None:
    tokens = ["▁The", "▁", placeholder(1), "▁said"]
    got = restore(tokens, [], [PESKOV], [[1]], placeholders=True)
    assert got == ("The said", ["lost"])


def test_placeholder_text_never_reaches_the_output() -> None:
    # A model run without placeholder mode may still write one.
    tokens = ["▁Troops", "▁", placeholder(0), "▁arrived"]
    assert restore(tokens, [], [], [], placeholders=False) == ("Troops arrived", [])


def test_an_echo_at_the_end_of_the_sentence_goes() -> None:
    money = Span(0, 15, "7 مليارات دولار", "$7 billion", "unit")
    tokens = ["▁a", "▁loan", "▁of", "▁", placeholder(0), "▁mil", "lion"]
    assert restore(tokens, [], [money], [[1]], placeholders=True) == (
        "a loan of $7 billion",
        ["copied"],
    )
