"""Tokenizers, called directly, exactly as each model's reference pipeline calls them.

A sentence is always encoded whole (never span by span), so the model sees the token
sequence it was trained on; each token carries the character range of the text it came
from, so protected spans are found inside the sequence by offset. Decoding never alters
characters: an ``_`` or ``@`` in the output stays (argostranslate's SentencePiece decode
turns every ``_`` into a space, which loses ``user_name``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache, cached_property
from importlib import metadata
from pathlib import Path
from typing import Any, Protocol

from briefing.errors import ModelError

WORD_MARK = "\u2581"  # SentencePiece's ▁: this token starts a word
BPE_JOINER = "@@"


@dataclass(frozen=True)
class Encoded:
    tokens: list[str]
    offsets: list[tuple[int, int]]  # character range of each token in the text


class Tokenizer(Protocol):
    @property
    def version(self) -> str: ...

    def encode(self, text: str) -> Encoded: ...

    def tokens(self, text: str) -> list[str]: ...

    def decode(self, tokens: list[str]) -> str: ...

    def starts_word(self, tokens: list[str], index: int) -> bool: ...


@cache  # metadata lookups cost ~2 ms each; the version cannot change while we run
def _library(name: str) -> str:
    try:
        return f"{name} {metadata.version(name)}"
    except metadata.PackageNotFoundError:
        return f"{name} ?"


class SentencePieceTokenizer:
    """``sentencepiece`` on the whole sentence, with character offsets per piece."""

    def __init__(self, source: Path, target: Path | None = None) -> None:
        self._source_path = source
        self._target_path = target or source

    @cached_property
    def _source(self) -> Any:
        return _load_sentencepiece(self._source_path)

    @cached_property
    def _target(self) -> Any:
        if self._target_path == self._source_path:
            return self._source
        return _load_sentencepiece(self._target_path)

    @property
    def version(self) -> str:
        return _library("sentencepiece")

    def encode(self, text: str) -> Encoded:
        if not text.strip():
            return Encoded([], [])
        result = self._source.encode(text, out_type="offset_mapping")
        return Encoded(list(result["pieces"]), [tuple(o) for o in result["offsets"]])

    def tokens(self, text: str) -> list[str]:
        """The same tokens without offsets (3-4x faster, for sentences with no spans)."""
        return list(self._source.encode(text, out_type=str)) if text.strip() else []

    def decode(self, tokens: list[str]) -> str:
        return str(self._target.decode_pieces(tokens)).strip() if tokens else ""

    def starts_word(self, tokens: list[str], index: int) -> bool:
        return tokens[index].startswith(WORD_MARK)


def _load_sentencepiece(path: Path) -> Any:
    import sentencepiece

    try:
        return sentencepiece.SentencePieceProcessor(model_file=str(path))
    except (OSError, RuntimeError) as exc:
        raise ModelError(f"{path}: not a SentencePiece model ({exc}); reinstall the model") from exc


class BPETokenizer:
    """Moses normalization and tokenization, then BPE with ``@@`` joiners, as
    argostranslate's ``BPETokenizer`` does (sacremoses defaults: escape on, no
    aggressive dash splits); decoding joins subwords and detokenizes."""

    def __init__(self, codes: Path, source_lang: str, target_lang: str) -> None:
        self._codes = codes
        self._source_lang = source_lang
        self._target_lang = target_lang

    @cached_property
    def _parts(self) -> tuple[Any, Any, Any, Any]:
        from sacremoses import MosesDetokenizer, MosesPunctNormalizer, MosesTokenizer
        from subword_nmt.apply_bpe import BPE

        try:
            with self._codes.open(encoding="utf-8") as codes:
                bpe = BPE(codes, merges=-1, separator=BPE_JOINER)
        except (OSError, ValueError, IndexError) as exc:
            raise ModelError(f"{self._codes}: not BPE codes ({exc}); reinstall the model") from exc
        return (
            MosesPunctNormalizer(self._source_lang),
            MosesTokenizer(self._source_lang),
            MosesDetokenizer(self._target_lang),
            bpe,
        )

    @property
    def version(self) -> str:
        return f"{_library('sacremoses')}; {_library('subword-nmt')}"

    def encode(self, text: str) -> Encoded:
        if not text.strip():
            return Encoded([], [])
        normalizer, tokenizer, _, bpe = self._parts
        words = " ".join(tokenizer.tokenize(normalizer.normalize(text)))
        tokens = bpe.segment_tokens(words.strip("\r\n ").split(" "))
        return Encoded(tokens, _bpe_offsets(text, tokens))

    def tokens(self, text: str) -> list[str]:
        return self.encode(text).tokens

    def decode(self, tokens: list[str]) -> str:
        if not tokens:
            return ""
        _, _, detokenizer, _ = self._parts
        joined = " ".join(tokens).replace(BPE_JOINER + " ", "")
        return str(detokenizer.detokenize(joined.split(" "))).strip()

    def starts_word(self, tokens: list[str], index: int) -> bool:
        return index == 0 or not tokens[index - 1].endswith(BPE_JOINER)


_ESCAPES = {"&amp;": "&", "&#124;": "|", "&lt;": "<", "&gt;": ">", "&apos;": "'"}
_ESCAPES |= {"&quot;": '"', "&#91;": "[", "&#93;": "]"}
_MAX_SKIPPED = 3  # characters the normalizer changed, between two tokens found
_ESCAPE_RE = re.compile("|".join(re.escape(e) for e in _ESCAPES))


def _bpe_offsets(text: str, tokens: list[str]) -> list[tuple[int, int]]:
    """Character ranges of BPE tokens, found by reading the text along with them.

    Moses escapes and normalizes punctuation, so a token is looked up unescaped; one the
    normalizer changed (« became ") is given the empty range where the reading stands,
    which protects nothing by mistake. Names, numbers and Latin codes are unchanged.
    """
    offsets: list[tuple[int, int]] = []
    cursor = 0
    for token in tokens:
        surface = _ESCAPE_RE.sub(lambda m: _ESCAPES[m.group()], token.removesuffix(BPE_JOINER))
        found = text.find(surface, cursor) if surface else -1
        skipped = text[cursor:found] if found != -1 else ""
        if found == -1 or len("".join(skipped.split())) > _MAX_SKIPPED:
            offsets.append((cursor, cursor))
            continue
        offsets.append((found, found + len(surface)))
        cursor = found + len(surface)
    return offsets
