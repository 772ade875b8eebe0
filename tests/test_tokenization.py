"""Exact tokenization: the engine feeds CTranslate2 the tokens of the model's own reference
pipeline (argostranslate's tokenizer on the whole sentence), finds protected spans inside
that sequence by offset, and decodes without changing a character."""

from __future__ import annotations

from pathlib import Path

import pytest

from briefing.mt.engine import Engine, Unit
from briefing.mt.packages import select_model
from briefing.mt.tokenizers import SentencePieceTokenizer
from briefing.protect.spans import find_spans
from briefing.text.segment import split_long
from helpers import STANDIN_ID

SENTENCES = [
    "وقال user_name إن طائرات F-16 وصلت في 2024 وفق https://example.org/a_b?x=1 اليوم",
    "وبوتين قال للصحفيين إن @user_1 نشر #وسم_جديد عند الساعة 12:56",
    "أعلنت الوزارة أن ٢٠٢٤ كان عاما صعبا على user__name و__init__",
]


@pytest.fixture
def standin(installed_models: Path) -> Engine:
    return Engine(select_model(STANDIN_ID))


@pytest.mark.parametrize("sentence", SENTENCES)
def test_tokens_are_argostranslates_own_on_the_whole_sentence(
    standin: Engine, sentence: str
) -> None:
    from argostranslate.tokenizer import SentencePieceTokenizer as Reference

    reference = Reference(standin.model.layout.source_model).encode(sentence)
    unit = Unit(sentence, tuple(find_spans(sentence)))
    [piece] = standin.pieces([unit])
    assert piece.tokens == list(reference)
    assert unit.spans  # the sentence has spans, and they did not change the tokens


@pytest.mark.parametrize("sentence", SENTENCES)
def test_spans_own_exactly_the_tokens_that_spell_them(standin: Engine, sentence: str) -> None:
    unit = Unit(sentence, tuple(find_spans(sentence)))
    [piece] = standin.pieces([unit])
    encoded = standin.tokenizer.encode(sentence)
    for span, indices in zip(piece.spans, piece.span_tokens, strict=True):
        assert indices, span
        covered = "".join(piece.tokens[i] for i in indices).replace("\u2581", " ").strip()
        assert covered == span.source
        first, last = encoded.offsets[indices[0]], encoded.offsets[indices[-1]]
        assert first[0] <= span.start and last[1] >= span.end


@pytest.mark.parametrize("sentence", SENTENCES)
def test_decoding_never_alters_characters(standin: Engine, sentence: str) -> None:
    tokens = standin.tokenizer.encode(sentence).tokens
    assert standin.detokenize(tokens) == sentence
    # argostranslate's own decode would lose the underscores (its decode replaces "_").
    from argostranslate.tokenizer import SentencePieceTokenizer as Reference

    if "_" in sentence:
        assert Reference(standin.model.layout.source_model).decode(tokens) != sentence


def test_offsets_index_the_original_text_with_spaces_and_presentation_forms(
    standin: Engine,
) -> None:
    text = "  قال   الرئيس ﻻ F-16"
    tokenizer = standin.tokenizer
    assert isinstance(tokenizer, SentencePieceTokenizer)
    encoded = tokenizer.encode(text)
    assert len(encoded.offsets) == len(encoded.tokens)
    f16 = text.index("F-16")
    owned = [t for t, (s, e) in zip(encoded.tokens, encoded.offsets, strict=True) if e > f16]
    assert "".join(owned).replace("\u2581", "") == "F-16"
    starts = [s for s, _ in encoded.offsets]
    assert starts == sorted(starts) and all(0 <= s <= e <= len(text) for s, e in encoded.offsets)


def test_long_sentences_are_cut_between_words_only() -> None:
    tokens = ["\u2581a", "b", "c", "\u2581d", "e", "\u2581f", "g", "\u2581h", "i"]
    pieces = split_long(tokens, 4)
    assert [len(p) for p in pieces] == [3, 4, 2]
    assert all(p[0].startswith("\u2581") for p in pieces)
    bpe = ["un@@", "break@@", "able", "word", "an@@", "other", "end"]
    cut = split_long(bpe, 3, lambda i: i == 0 or not bpe[i - 1].endswith("@@"))
    assert cut == [["un@@", "break@@", "able"], ["word", "an@@", "other"], ["end"]]
