"""The translation engine: an installed model run through CTranslate2 directly.

All units (sentences) of all articles go to ``translate_batch`` together, sorted by length,
in large token-bounded batches, all queued at once (``asynchronous=True``) so CTranslate2
decodes while Python restores what is done. A unit longer than the model's input limit is
cut between words into pieces, never truncated. The engine tokenizes, frames each piece
with the family's special tokens, decodes and detokenizes; restoring protected spans is
the pipeline's next step (``briefing.protect.restore``).
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from functools import cached_property
from typing import Any, overload

from briefing.errors import ModelError
from briefing.mt.packages import InstalledModel
from briefing.mt.tokenizers import BPETokenizer, SentencePieceTokenizer, Tokenizer
from briefing.protect.spans import MAX_PLACEHOLDERS, PLACEHOLDER_RE, Span, placeholder, protect
from briefing.text.segment import split_long

# Threads, measured on a 2-core machine (bench/bench_translate.py --sweep threads, whole
# pipeline): two batches decoded side by side on one thread each (inter 2, intra 1) beat
# one batch on two threads (inter 1, intra 2) 2.0x on the demo model and 1.26x on a
# transformer-base model, and CTranslate2's default (inter 1, intra 0) 1.96x and 1.11x.
DEFAULT_MAX_BATCH_TOKENS = 2048
CHUNK_UNITS = 1024  # units per translate_batch call: bounds memory per call
MAX_THREADS = 256
_SPECIAL = frozenset({"<s>", "</s>", "<pad>", "<unk>"})
_LANGUAGE_CODE = re.compile(r"^[a-z]{3}_[A-Z][a-z]{3}$")  # NLLB's eng_Latn, arb_Arab …


def default_threads() -> int:
    return max(1, min(4, os.cpu_count() or 1))


def thread_split(total: int) -> tuple[int, int]:
    """(inter_threads, intra_threads) for ``total`` CPU threads: two batches decoded side
    by side, each on half of the threads."""
    inter = min(2, max(1, total))
    return inter, max(1, total // inter)


class _Attention(Sequence[Sequence[float]]):
    """The best hypothesis's attention rows, converted from CTranslate2 only when read:
    most sentences need none (every span was copied or kept)."""

    def __init__(self, result: Any, skip: int) -> None:
        self._result = result
        self._skip = skip
        self._rows: Sequence[Sequence[float]] | None = None

    def _load(self) -> Sequence[Sequence[float]]:
        if self._rows is None:
            rows = self._result.attention[0] if self._result.attention else []
            self._rows = rows[self._skip :]
        return self._rows

    def __len__(self) -> int:
        return len(self._load())

    @overload
    def __getitem__(self, index: int) -> Sequence[float]: ...
    @overload
    def __getitem__(self, index: slice) -> Sequence[Sequence[float]]: ...
    def __getitem__(self, index: int | slice) -> Any:
        return self._load()[index]


@dataclass(frozen=True)
class DecodeOptions:
    """How to decode. ``None`` takes the model family's setting (``families.py``)."""

    beam_size: int | None = None
    length_penalty: float | None = None
    max_input_tokens: int | None = None
    device: str = "cpu"  # cpu | cuda | auto
    threads: int = 0  # CPU threads in all; 0 = default_threads()
    compute_type: str = "default"  # "default": int8 on CPU, int8_float16 on CUDA
    max_batch_tokens: int = DEFAULT_MAX_BATCH_TOKENS
    # Batches decoded in parallel (CTranslate2's inter_threads). 0 splits ``threads`` by
    # thread_split; a number fixes it, and ``threads`` is then the threads per batch.
    inter_threads: int = 0
    # Place names the model mangled or dropped by attention; False flags them instead.
    repair_terms: bool = True

    def resolved_device(self) -> str:
        if self.device != "auto":
            return self.device
        import ctranslate2

        return "cuda" if ctranslate2.get_cuda_device_count() > 0 else "cpu"

    def resolved_compute_type(self) -> str:
        if self.compute_type != "default":
            return self.compute_type
        return "int8" if self.resolved_device() == "cpu" else "int8_float16"


@dataclass(frozen=True)
class Unit:
    """One sentence to translate, with the spans it must keep."""

    text: str
    spans: tuple[Span, ...] = ()


@dataclass
class Piece:
    """A unit, or a part of a long one, as fed to CTranslate2."""

    unit: int
    part: int  # which piece of its unit (a long sentence is cut into several)
    parts: int
    tokens: list[str]  # framed: the family's prefix and suffix tokens included
    spans: list[Span]  # the unit's spans whose tokens start in this piece
    span_tokens: list[list[int]]  # for each of those spans: its token indices in ``tokens``


@dataclass(frozen=True)
class Decoded:
    """One piece's best hypothesis: target tokens (special tokens removed), attention
    rows over ``piece.tokens``, and the mean log-probability score."""

    piece: Piece
    tokens: list[str]
    attention: Sequence[Sequence[float]]
    score: float


def make_tokenizer(model: InstalledModel) -> Tokenizer:
    layout = model.layout
    if layout.tokenizer == "bpe":
        return BPETokenizer(layout.source_model, model.from_code, model.to_code)
    return SentencePieceTokenizer(layout.source_model, layout.target_model)


class Engine:
    """Loads one installed model once and translates many units in batches."""

    def __init__(self, model: InstalledModel, options: DecodeOptions | None = None) -> None:
        self.model = model
        self.options = options or DecodeOptions()
        self.tokenizer = make_tokenizer(model)
        self._translator: Any = None
        self.units_decoded = 0
        settings = model.layout.settings
        self.beam_size = self.options.beam_size or settings.beam_size
        self.length_penalty = (
            settings.length_penalty
            if self.options.length_penalty is None
            else self.options.length_penalty
        )
        self.max_input_tokens = self.options.max_input_tokens or settings.max_input_tokens

    def cache_key(self) -> str:
        """Everything that changes the output for the same source: the model, the files
        it was loaded from (``InstalledModel.fingerprint``), its family, the tokenizer
        library and version, the decode settings, precision and repair."""
        return self._cache_key

    @cached_property  # asked once per sentence; the settings are fixed at construction
    def _cache_key(self) -> str:
        return ";".join(
            [
                f"{self.model.id}@{self.model.version}",
                f"files={self.model.fingerprint()}",
                f"family={self.model.family}",
                f"tokenizer={self.tokenizer.version}",
                f"beam={self.beam_size}",
                f"lp={self.length_penalty}",
                f"max-in={self.max_input_tokens}",
                f"compute={self.options.resolved_compute_type()}",
                "repair" if self.options.repair_terms else "no-repair",
            ]
        )

    # -- loading ---------------------------------------------------------------------
    def _threads(self) -> tuple[int, int]:
        threads = self.options.threads or default_threads()
        if threads > MAX_THREADS:
            raise ModelError(f"--threads {threads} is more than {MAX_THREADS}; use 0 for the cores")
        if self.options.inter_threads:
            return self.options.inter_threads, threads
        return thread_split(threads)

    def load(self) -> None:
        if self._translator is not None:
            return
        import ctranslate2

        self.tokenizer.encode("a")  # a broken tokenizer file fails here, not mid-run
        inter, intra = self._threads()
        device = self.options.resolved_device()
        if device == "cuda" and _cuda_devices(ctranslate2) == 0:
            raise ModelError(
                "--device cuda: no CUDA GPU or driver is available here; use --device cpu "
                "(or auto, which picks the GPU when there is one)"
            )
        try:
            self._translator = ctranslate2.Translator(
                str(self.model.layout.model_dir),
                device=device,
                compute_type=self.options.resolved_compute_type(),
                inter_threads=inter,
                intra_threads=intra,
            )
        except (RuntimeError, ValueError, OSError) as exc:
            raise ModelError(
                f"model '{self.model.id}' at {self.model.path} could not be loaded "
                f"({' '.join(str(exc).split())}); reinstall it, or pick another with --model"
            ) from exc

    # -- tokenization ----------------------------------------------------------------
    def _tokenize(self, unit: Unit) -> tuple[list[str], list[list[int]]]:
        """Source tokens of a unit, and the token indices that carry each span."""
        if self.model.placeholders:
            # Encode the protected text whole, as the demo model was trained; the k-th
            # placeholder token is the k-th span, whatever number it carries.
            tokens = self.tokenizer.tokens(protect(unit.text, list(unit.spans)).text)
            where: list[list[int]] = [[] for _ in unit.spans]
            seen = 0
            for index, token in enumerate(tokens):
                if PLACEHOLDER_RE.fullmatch(token) and seen < len(where):
                    where[seen].append(index)
                    seen += 1
            return tokens, where
        # A model that never saw placeholders gets the real sentence, encoded whole as
        # its reference pipeline encodes it; a span owns the tokens that overlap it.
        if not unit.spans:
            return self.tokenizer.tokens(unit.text), []
        encoded = self.tokenizer.encode(unit.text)
        where = [
            [i for i, (start, end) in enumerate(encoded.offsets) if start < s.end and end > s.start]
            for s in unit.spans
        ]
        return encoded.tokens, where

    def _bounds(self, tokens: list[str], where: list[list[int]]) -> list[tuple[int, int]]:
        """Cut points: at most the model's input limit (less its framing tokens), and for
        a placeholder model at most MAX_PLACEHOLDERS spans per piece."""
        layout = self.model.layout
        limit = max(
            8, self.max_input_tokens - len(layout.source_prefix) - len(layout.source_suffix)
        )
        bounds: list[tuple[int, int]] = []
        offset = 0
        starts = sorted(idx[0] for idx in where if idx)
        for chunk in split_long(tokens, limit, lambda i: self.tokenizer.starts_word(tokens, i)):
            end = offset + len(chunk)
            inside = [t for t in starts if offset <= t < end]
            while self.model.placeholders and len(inside) > MAX_PLACEHOLDERS:
                cut = inside[MAX_PLACEHOLDERS]
                bounds.append((offset, cut))
                offset = cut
                inside = inside[MAX_PLACEHOLDERS:]
            bounds.append((offset, end))
            offset = end
        return bounds

    def pieces(self, units: Sequence[Unit]) -> list[Piece]:
        prefix = list(self.model.layout.source_prefix)
        suffix = list(self.model.layout.source_suffix)
        pieces: list[Piece] = []
        for number, unit in enumerate(units):
            tokens, where = self._tokenize(unit)
            bounds = self._bounds(tokens, where)
            for part, (start, end) in enumerate(bounds):
                ids = [i for i, idx in enumerate(where) if idx and start <= idx[0] < end]
                local = [[t - start for t in where[i] if start <= t < end] for i in ids]
                chunk = tokens[start:end]
                if self.model.placeholders:  # number the placeholders within the piece
                    for local_number, positions in enumerate(local):
                        for position in positions:
                            chunk[position] = placeholder(local_number)
                framed = prefix + chunk + suffix if chunk else []
                shifted = [[t + len(prefix) for t in positions] for positions in local]
                spans = [unit.spans[i] for i in ids]
                pieces.append(Piece(number, part, len(bounds), framed, spans, shifted))
        return pieces

    # -- translation -----------------------------------------------------------------
    def decode(
        self, units: Sequence[Unit], progress: Callable[[int], None] | None = None
    ) -> Iterator[Decoded]:
        """Every piece of every unit, decoded; ``progress(n)`` as n more units finish."""
        if not units:
            return
        self.load()
        pieces = self.pieces(units)
        pending = [0] * len(units)
        for piece in pieces:
            pending[piece.unit] += 1
        queued = [
            (indices, self._submit([pieces[i] for i in indices])) for indices in chunks(pieces)
        ]
        for indices, futures in queued:
            for index, future in zip(indices, futures, strict=True):
                piece = pieces[index]
                yield self._result(piece, future)
                pending[piece.unit] -= 1
                if progress and pending[piece.unit] == 0:
                    progress(1)  # per finished unit: the bar moves as batches finish
        self.units_decoded += len(units)

    def decode_chunk(self, chunk: list[Piece]) -> list[Decoded]:
        """One of ``chunks``'s calls, decoded as ``decode`` decodes it (a cluster actor's
        share of a run: the same calls give the same output, scores to the last bit)."""
        self.load()
        return [self._result(p, f) for p, f in zip(chunk, self._submit(chunk), strict=True)]

    def _decoding_limit(self, batch: list[list[str]]) -> int:
        # A looping model would otherwise decode until it ran past the position table
        # (512 in most models) and fail the whole batch.
        wanted = max(16, 3 * max(len(t) for t in batch) + 10)
        return min(wanted, self.model.max_output_tokens)

    def _submit(self, chunk: list[Piece]) -> list[Any]:
        """Queue ``chunk`` for decoding; returns CTranslate2's async results, in order."""
        batch = [p.tokens or [""] for p in chunk]
        prefix = self.model.target_prefix
        return self._translator.translate_batch(  # type: ignore[no-any-return]
            batch,
            target_prefix=[[prefix] for _ in batch] if prefix else None,
            beam_size=self.beam_size,
            length_penalty=self.length_penalty,
            max_batch_size=self.options.max_batch_tokens,
            batch_type="tokens",
            return_scores=True,
            return_attention=True,
            replace_unknowns=True,
            max_input_length=0,  # the pieces are already within the model's limit
            max_decoding_length=self._decoding_limit(batch),
            asynchronous=True,
        )

    def _result(self, piece: Piece, future: Any) -> Decoded:
        result = future.result()
        if not piece.tokens:
            return Decoded(piece, [], [], 0.0)
        tokens = list(result.hypotheses[0])
        prefix = self.model.target_prefix
        skip = 1 if prefix and tokens[:1] == [prefix] else 0
        score = float(result.scores[0]) if result.scores else 0.0
        # Special tokens never reach the English; their attention rows stay aligned.
        kept = [t for t in tokens[skip:] if not self._special(t)]
        if len(kept) != len(tokens) - skip:
            rows = _Attention(result, skip)
            keep = [i for i, t in enumerate(tokens[skip:]) if not self._special(t)]
            attention: Sequence[Sequence[float]] = _Selected(rows, keep)
        else:
            attention = _Attention(result, skip)
        return Decoded(piece, kept, attention, score)

    def _special(self, token: str) -> bool:
        if token in _SPECIAL or token == self.model.target_prefix:
            return True
        return self.model.family == "nllb" and bool(_LANGUAGE_CODE.match(token))

    def detokenize(self, tokens: list[str]) -> str:
        return self.tokenizer.decode(tokens)


def chunks(pieces: Sequence[Piece], size: int = CHUNK_UNITS) -> list[list[int]]:
    """Piece indices sorted by length and cut into translate_batch calls of ``size``.
    CTranslate2's batches, and so the scores' last bits, follow from these calls."""
    order = sorted(range(len(pieces)), key=lambda i: len(pieces[i].tokens))
    return [order[start : start + size] for start in range(0, len(order), size)]


class _Selected(Sequence[Sequence[float]]):
    """Some rows of a lazy attention matrix (those of the tokens kept)."""

    def __init__(self, rows: Sequence[Sequence[float]], keep: list[int]) -> None:
        self._rows = rows
        self._keep = keep

    def __len__(self) -> int:
        return len(self._keep)

    @overload
    def __getitem__(self, index: int) -> Sequence[float]: ...
    @overload
    def __getitem__(self, index: slice) -> Sequence[Sequence[float]]: ...
    def __getitem__(self, index: int | slice) -> Any:
        if isinstance(index, slice):
            return [self._rows[i] for i in self._keep[index]]
        return self._rows[self._keep[index]]


def _cuda_devices(ctranslate2: Any) -> int:
    try:
        return int(ctranslate2.get_cuda_device_count())
    except RuntimeError:
        return 0
