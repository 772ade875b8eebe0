"""The translation engine: an installed Argos package run through CTranslate2 directly.

All units (sentences, or token-limited pieces of long sentences) of all articles go
to ``translate_batch`` together, sorted by length, in large token-bounded batches.
``argostranslate.translate`` is never imported: it pulls in stanza/torch and downloads
sentence models at run time. Only ``argostranslate.package`` is used, for the tokenizer.
"""

from __future__ import annotations

import os
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, overload

from briefing.choices import DEFAULT_BEAM_SIZE
from briefing.errors import ModelError
from briefing.mt.packages import InstalledModel
from briefing.protect.restore import Restored, restore_tokens
from briefing.protect.spans import MAX_PLACEHOLDERS, PLACEHOLDER_RE, Span, placeholder, protect
from briefing.text.segment import split_long

# Threads, measured on a 2-core machine (bench/bench_translate.py --sweep threads, whole
# pipeline): two batches decoded side by side on one thread each (inter 2, intra 1) beat
# one batch on two threads (inter 1, intra 2) 2.0x on the demo model and 1.26x on a
# transformer-base model, and CTranslate2's default (inter 1, intra 0) 1.96x and 1.11x.
DEFAULT_MAX_BATCH_TOKENS = 2048
CHUNK_UNITS = 1024  # units per translate_batch call: bounds memory and drives progress


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
    beam_size: int = DEFAULT_BEAM_SIZE
    device: str = "cpu"  # cpu | cuda | auto
    threads: int = 0  # CPU threads in all; 0 = default_threads()
    compute_type: str = "default"  # "default": int8 on CPU, float16 on CUDA
    max_batch_tokens: int = DEFAULT_MAX_BATCH_TOKENS
    # Batches decoded in parallel (CTranslate2's inter_threads). 0 splits ``threads`` by
    # thread_split; a number fixes it, and ``threads`` is then the threads per batch.
    inter_threads: int = 0
    # Place names the model mangled or dropped by attention; False flags them instead.
    repair_terms: bool = True

    def cache_key(self) -> str:
        # Threads and batching do not change the output; beam size, precision and
        # term repair do.
        key = f"beam={self.beam_size};compute={self.resolved_compute_type()}"
        return key if self.repair_terms else key + ";no-repair"

    def resolved_device(self) -> str:
        if self.device != "auto":
            return self.device
        import ctranslate2

        return "cuda" if ctranslate2.get_cuda_device_count() > 0 else "cpu"

    def resolved_compute_type(self) -> str:
        if self.compute_type != "default":
            return self.compute_type
        return "int8" if self.resolved_device() == "cpu" else "float16"


@dataclass(frozen=True)
class Unit:
    """One sentence to translate, with the spans it must keep."""

    text: str
    spans: tuple[Span, ...] = ()


@dataclass(frozen=True)
class UnitResult:
    target: str
    score: float
    restored: tuple[Restored, ...]


@dataclass
class _Piece:
    unit: int
    tokens: list[str]
    spans: list[Span]  # the unit's spans whose tokens start in this piece
    span_tokens: list[list[int]]  # for each of those spans: its token indices in this piece


class Engine:
    """Loads one installed model once and translates many units in batches."""

    def __init__(self, model: InstalledModel, options: DecodeOptions | None = None) -> None:
        self.model = model
        self.options = options or DecodeOptions()
        self._translator: Any = None
        self._tokenizer: Any = None
        self.units_decoded = 0

    # -- loading ---------------------------------------------------------------------
    def _load(self) -> None:
        if self._translator is not None:
            return
        import ctranslate2
        from argostranslate.package import Package

        try:
            package = Package(self.model.path)
            tokenizer = package.tokenizer
            tokenizer.encode("a")  # it loads its model lazily: fail here, not mid-run
        except Exception as exc:  # argostranslate raises bare Exceptions
            raise ModelError(
                f"model '{self.model.id}' at {self.model.path} is broken ({exc}); "
                f"reinstall it with `briefing model install`"
            ) from exc
        if self.options.inter_threads:
            inter, intra = self.options.inter_threads, self.options.threads or default_threads()
        else:
            inter, intra = thread_split(self.options.threads or default_threads())
        if self.options.resolved_device() == "cuda" and ctranslate2.get_cuda_device_count() == 0:
            # Loading would fail with a CUDA error that blames the model; the model is fine.
            raise ModelError(
                "--device cuda: no CUDA GPU or driver is available here; use --device cpu "
                "(or auto, which picks the GPU when there is one)"
            )
        try:
            self._translator = ctranslate2.Translator(
                str(self.model.path / "model"),
                device=self.options.resolved_device(),
                compute_type=self.options.resolved_compute_type(),
                inter_threads=inter,
                intra_threads=intra,
            )
        except (RuntimeError, ValueError, OSError) as exc:
            raise ModelError(
                f"model '{self.model.id}' at {self.model.path} could not be loaded ({exc}); "
                f"reinstall it with `briefing model install`, or pick another with --model"
            ) from exc
        self._tokenizer = tokenizer

    # -- tokenization ----------------------------------------------------------------
    def _encode(self, text: str) -> list[str]:
        return list(self._tokenizer.encode(text)) if text.strip() else []

    def _tokenize(self, unit: Unit) -> tuple[list[str], list[list[int]]]:
        """Source tokens of a unit, and the token indices that carry each span."""
        if self.model.placeholders:
            # Encode the protected text whole, as the demo model was trained; the k-th
            # placeholder token is the k-th span, whatever number it carries.
            tokens = self._encode(protect(unit.text, list(unit.spans)).text)
            where: list[list[int]] = [[] for _ in unit.spans]
            spans_seen = 0
            for index, token in enumerate(tokens):
                if PLACEHOLDER_RE.fullmatch(token) and spans_seen < len(where):
                    where[spans_seen].append(index)
                    spans_seen += 1
            return tokens, where
        # A model that never saw placeholders gets the real text; each span is
        # tokenized on its own so its tokens can be found again for alignment.
        tokens = []
        where = []
        cursor = 0
        for span in unit.spans:
            tokens += self._encode(unit.text[cursor : span.start])
            span_tokens = self._encode(unit.text[span.start : span.end])
            where.append(list(range(len(tokens), len(tokens) + len(span_tokens))))
            tokens += span_tokens
            cursor = span.end
        tokens += self._encode(unit.text[cursor:])
        return tokens, where

    def max_input_tokens(self) -> int:
        return self.model.max_input_tokens

    def _bounds(self, tokens: list[str], where: list[list[int]]) -> list[tuple[int, int]]:
        """Cut points: at most the model's input limit, and for a placeholder model at
        most MAX_PLACEHOLDERS spans per piece (its vocabulary has that many)."""
        bounds: list[tuple[int, int]] = []
        offset = 0
        starts = sorted(idx[0] for idx in where if idx)
        for chunk in split_long(tokens, self.max_input_tokens()):
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

    def _pieces(self, units: Sequence[Unit]) -> list[_Piece]:
        pieces: list[_Piece] = []
        for number, unit in enumerate(units):
            tokens, where = self._tokenize(unit)
            for start, end in self._bounds(tokens, where):
                ids = [i for i, idx in enumerate(where) if idx and start <= idx[0] < end]
                local = [[t - start for t in where[i] if start <= t < end] for i in ids]
                chunk = tokens[start:end]
                if self.model.placeholders:  # number the placeholders within the piece
                    for local_number, positions in enumerate(local):
                        for position in positions:
                            chunk[position] = placeholder(local_number)
                pieces.append(_Piece(number, chunk, [unit.spans[i] for i in ids], local))
        return pieces

    # -- translation -----------------------------------------------------------------
    def translate(
        self,
        units: Sequence[Unit],
        progress: Callable[[int], None] | None = None,
    ) -> list[UnitResult]:
        """Translate every unit; ``progress(n)`` is called as n more units are done."""
        if not units:
            return []
        self._load()
        pieces = self._pieces(units)
        order = sorted(range(len(pieces)), key=lambda i: len(pieces[i].tokens))
        outputs: dict[int, tuple[str, float, list[Restored]]] = {}
        pending = Counter(piece.unit for piece in pieces)
        chunks = [order[start : start + CHUNK_UNITS] for start in range(0, len(order), CHUNK_UNITS)]
        # Every chunk is queued at once: CTranslate2 decodes on its own threads while
        # Python restores the chunks already done, and no thread idles at a chunk's end.
        queued = [(indices, self._submit([pieces[i] for i in indices])) for indices in chunks]
        for indices, futures in queued:
            chunk = [pieces[i] for i in indices]
            for index, result in zip(indices, self._finish(chunk, futures), strict=True):
                outputs[index] = result
            finished = 0
            for piece in chunk:
                pending[piece.unit] -= 1
                finished += pending[piece.unit] == 0
            if progress and finished:
                progress(finished)
        self.units_decoded += len(units)
        return self._assemble(units, pieces, outputs)

    def _decoding_limit(self, batch: list[list[str]]) -> int:
        # A looping model would otherwise decode until it ran past the position table
        # (512 in most models) and fail the whole batch.
        wanted = max(16, 3 * max(len(t) for t in batch) + 10)
        return min(wanted, self.model.max_output_tokens)

    def _submit(self, chunk: list[_Piece]) -> list[Any]:
        """Queue ``chunk`` for decoding; returns CTranslate2's async results, in order."""
        batch = [p.tokens or [""] for p in chunk]
        prefix = self.model.target_prefix
        return self._translator.translate_batch(  # type: ignore[no-any-return]
            batch,
            target_prefix=[[prefix] for _ in batch] if prefix else None,
            beam_size=self.options.beam_size,
            max_batch_size=self.options.max_batch_tokens,
            batch_type="tokens",
            return_scores=True,
            return_attention=True,
            replace_unknowns=True,
            max_input_length=0,  # the pieces are already within the model's limit
            max_decoding_length=self._decoding_limit(batch),
            asynchronous=True,
        )

    def _finish(
        self, chunk: list[_Piece], futures: list[Any]
    ) -> list[tuple[str, float, list[Restored]]]:
        prefix = self.model.target_prefix
        out: list[tuple[str, float, list[Restored]]] = []
        for piece, future in zip(chunk, futures, strict=True):
            result = future.result()
            tokens = list(result.hypotheses[0])
            skip = 1 if prefix and tokens[:1] == [prefix] else 0
            tokens = tokens[skip:]
            attention = _Attention(result, skip)
            score = float(result.scores[0]) if result.scores else 0.0
            if not piece.tokens:
                out.append(("", 0.0, []))
                continue
            text, restored = restore_tokens(
                tokens,
                attention,
                len(piece.tokens),
                piece.spans,
                piece.span_tokens,
                placeholders=self.model.placeholders,
                repair=self.options.repair_terms,
                decode=self._decode,
            )
            out.append((text, score, restored))
        return out

    def _decode(self, tokens: list[str]) -> str:
        return str(self._tokenizer.decode(tokens)).strip() if tokens else ""

    def _assemble(
        self,
        units: Sequence[Unit],
        pieces: list[_Piece],
        outputs: dict[int, tuple[str, float, list[Restored]]],
    ) -> list[UnitResult]:
        texts: list[list[str]] = [[] for _ in units]
        scores: list[list[float]] = [[] for _ in units]
        restored: list[list[Restored]] = [[] for _ in units]
        for index, piece in enumerate(pieces):
            text, score, found = outputs[index]
            if text:
                texts[piece.unit].append(text)
            scores[piece.unit].append(score)
            restored[piece.unit].extend(found)
        return [
            UnitResult(
                target=" ".join(texts[i]),
                score=sum(scores[i]) / len(scores[i]) if scores[i] else 0.0,
                restored=tuple(restored[i]),
            )
            for i in range(len(units))
        ]
