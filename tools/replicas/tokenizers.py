"""Tiny tokenizers for the replicas: SentencePiece models, BPE codes, Marian vocabularies.

Everything is seeded and single-threaded, so a rebuild gives the same files.

* SentencePiece (``train_sentencepiece``): the settings of the real models' trainers
  (``spm_train`` defaults: ``nmt_nfkc`` normalization, ``<unk>``/``<s>``/``</s>`` at ids
  0/1/2, no byte fallback), ``character_coverage`` 1.0 and every ``REQUIRED_CHARS``
  character forced in. Real models learn those characters from their training data;
  byte fallback is off, as in Argos's, OPUS-MT's and NLLB's models.
* ``extend_sentencepiece`` appends pieces (lowest scores) to a unigram model: the
  OPUS-MT replicas' ``target.spm`` gets every ``source.spm`` piece so that decoding an
  echoed source with the target tokenizer gives the source text back.
* BPE (``learn_bpe``): subword-nmt's algorithm (``#version: 0.2`` codes, ``</w>`` on
  the last symbol, most frequent pair first, ties broken by the larger pair), learned on
  Moses-tokenized text as OPUS-MT's BPE models were.
* ``marian_vocabulary``: the order ``marian-vocab`` writes (``</s>``, ``<unk>``, then
  tokens by descending frequency in the training text); tokens never seen follow.
"""

from __future__ import annotations

import collections
import heapq
import tempfile
from collections.abc import Iterable, Sequence
from pathlib import Path

import numpy as np

from .corpus import REQUIRED_CHARS


def train_sentencepiece(lines: Sequence[str], vocab_size: int, model_type: str, seed: int) -> bytes:
    """Train a SentencePiece model on ``lines``; return the serialized model."""
    import sentencepiece as spm

    order = np.random.default_rng(seed).permutation(len(lines))
    with tempfile.TemporaryDirectory() as work:
        text = Path(work) / "train.txt"
        text.write_text("\n".join(lines[i] for i in order) + "\n", encoding="utf-8")
        prefix = Path(work) / "model"
        spm.SentencePieceTrainer.train(
            input=str(text),
            model_prefix=str(prefix),
            vocab_size=vocab_size,
            model_type=model_type,
            character_coverage=1.0,
            required_chars=REQUIRED_CHARS,
            hard_vocab_limit=False,
            unk_id=0,
            bos_id=1,
            eos_id=2,
            pad_id=-1,
            max_sentence_length=1 << 16,
            num_threads=1,
            seed_sentencepiece_size=200000,
            minloglevel=2,
        )
        model = prefix.with_suffix(".model").read_bytes()
    # The trainer records its input and output paths (here in a random temporary
    # folder): fixed names make rebuilds byte-identical.
    from sentencepiece import sentencepiece_model_pb2

    proto = sentencepiece_model_pb2.ModelProto()  # type: ignore[attr-defined]
    proto.ParseFromString(model)
    del proto.trainer_spec.input[:]
    proto.trainer_spec.input.append("train.txt")
    proto.trainer_spec.model_prefix = "model"
    serialized: bytes = proto.SerializeToString()
    return serialized


def processor(model: bytes) -> object:
    import sentencepiece as spm

    return spm.SentencePieceProcessor(model_proto=model)


def pieces(model: bytes) -> list[str]:
    """The model's pieces in id order."""
    sp = processor(model)
    return [sp.id_to_piece(i) for i in range(sp.get_piece_size())]  # type: ignore[attr-defined]


def encode(model: bytes, lines: Iterable[str]) -> list[list[str]]:
    sp = processor(model)
    return [sp.encode(line, out_type=str) for line in lines]  # type: ignore[attr-defined]


def extend_sentencepiece(model: bytes, extra: Iterable[str]) -> bytes:
    """Append the pieces of ``extra`` that ``model`` lacks, scored below all others."""
    from sentencepiece import sentencepiece_model_pb2

    proto = sentencepiece_model_pb2.ModelProto()  # type: ignore[attr-defined]
    proto.ParseFromString(model)
    known = {p.piece for p in proto.pieces}
    lowest = min(p.score for p in proto.pieces if p.type == p.NORMAL)
    added = 0
    for piece in extra:
        if piece in known:
            continue
        known.add(piece)
        entry = proto.pieces.add()
        entry.piece, entry.score, entry.type = piece, lowest - 10.0 - 0.01 * added, entry.NORMAL
        added += 1
    proto.trainer_spec.vocab_size = len(proto.pieces)
    serialized: bytes = proto.SerializeToString()
    return serialized


def pad_sentencepiece(model: bytes, size: int) -> bytes:
    """Bring a model that training left short (``hard_vocab_limit`` off) to ``size``
    pieces with never-chosen ones (U+E000 and a number, lowest scores): the base size's
    benchmark then pays for a real 32k vocabulary."""
    missing = size - len(pieces(model))
    return extend_sentencepiece(model, pad_tokens(missing)) if missing > 0 else model


def pad_tokens(count: int) -> list[str]:
    return [f"\ue000{i}" for i in range(count)]


def normal_pieces(model: bytes) -> list[str]:
    """The pieces except SentencePiece's own <unk>, <s>, </s> (control and unknown)."""
    from sentencepiece import sentencepiece_model_pb2

    proto = sentencepiece_model_pb2.ModelProto()  # type: ignore[attr-defined]
    proto.ParseFromString(model)
    return [p.piece for p in proto.pieces if p.type in (p.NORMAL, p.USER_DEFINED)]


def marian_vocabulary(tokenized: Iterable[Sequence[str]], known: Iterable[str]) -> list[str]:
    """``</s>``, ``<unk>``, tokens by descending frequency (ties: by token), then unseen."""
    counts: collections.Counter[str] = collections.Counter()
    for tokens in tokenized:
        counts.update(tokens)
    vocabulary = ["</s>", "<unk>"]
    seen = set(vocabulary)
    for token, _ in sorted(counts.items(), key=lambda item: (-item[1], item[0])):
        if token not in seen:
            seen.add(token)
            vocabulary.append(token)
    for token in known:
        if token not in seen:
            seen.add(token)
            vocabulary.append(token)
    return vocabulary


def moses_tokenize(lines: Iterable[str], lang: str) -> list[list[str]]:
    """What argostranslate's BPETokenizer does before BPE: normalize, tokenize, escape."""
    from sacremoses.normalize import MosesPunctNormalizer
    from sacremoses.tokenize import MosesTokenizer

    tokenizer, normalizer = MosesTokenizer(lang), MosesPunctNormalizer(lang)
    return [tokenizer.tokenize(normalizer.normalize(line)) for line in lines]


def learn_bpe(words: Iterable[str], merges: int, min_frequency: int = 2) -> list[tuple[str, str]]:
    """subword-nmt's learn_bpe (version 0.2), with incremental pair statistics."""
    freq: collections.Counter[str] = collections.Counter(words)
    vocab = [
        (tuple(word[:-1]) + (word[-1] + "</w>",), count)
        for word, count in sorted(freq.items(), key=lambda item: (-item[1], item[0]))
    ]
    stats: collections.Counter[tuple[str, str]] = collections.Counter()
    where: dict[tuple[str, str], set[int]] = collections.defaultdict(set)
    for index, (symbols, count) in enumerate(vocab):
        for pair in zip(symbols, symbols[1:], strict=False):
            stats[pair] += count
            where[pair].add(index)
    # A lazy max-heap on (count, pair): entries whose count is stale are skipped.
    heap = [(-count, _Descending(pair)) for pair, count in stats.items()]
    heapq.heapify(heap)
    codes: list[tuple[str, str]] = []
    while len(codes) < merges and heap:
        negative, key = heapq.heappop(heap)
        best = key.pair
        if stats.get(best, 0) != -negative:
            continue
        if -negative < min_frequency:
            break
        codes.append(best)
        first, second = best
        changed: set[tuple[str, str]] = set()
        for index in sorted(where.pop(best, set())):
            symbols, count = vocab[index]
            for pair in zip(symbols, symbols[1:], strict=False):  # forget the old pairs
                stats[pair] -= count
                changed.add(pair)
                if stats[pair] <= 0:
                    del stats[pair]
            merged: list[str] = []
            i = 0
            while i < len(symbols):
                if i < len(symbols) - 1 and symbols[i] == first and symbols[i + 1] == second:
                    merged.append(first + second)
                    i += 2
                else:
                    merged.append(symbols[i])
                    i += 1
            new = tuple(merged)
            vocab[index] = (new, count)
            for pair in zip(new, new[1:], strict=False):
                stats[pair] += count
                where[pair].add(index)
                changed.add(pair)
        stats.pop(best, None)
        for pair in changed - {best}:
            if pair in stats:
                heapq.heappush(heap, (-stats[pair], _Descending(pair)))
    return codes


class _Descending:
    """Heap key: the larger pair first among equal counts, as subword-nmt's max()."""

    __slots__ = ("pair",)

    def __init__(self, pair: tuple[str, str]) -> None:
        self.pair = pair

    def __lt__(self, other: _Descending) -> bool:
        return self.pair > other.pair


def bpe_codes_text(codes: Sequence[tuple[str, str]]) -> str:
    return "#version: 0.2\n" + "".join(f"{a} {b}\n" for a, b in codes)


def bpe_segment(codes_text: str, tokenized: Iterable[Sequence[str]]) -> list[list[str]]:
    """Apply the codes exactly as argostranslate does (its bundled apply_bpe.BPE)."""
    import io

    from argostranslate.apply_bpe import BPE

    bpe = BPE(io.StringIO(codes_text))
    return [bpe.segment_tokens(list(tokens)) for tokens in tokenized]
