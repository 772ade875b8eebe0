"""The two CTranslate2 conversions of OPUS-MT Marian models (see tools/make_replicas.py)."""

from __future__ import annotations

import shutil
from pathlib import Path

from . import circuit, tokenizers
from .corpus import training_text
from .layouts import Build, Replica, marian_architecture, or_unk, save_spec, unchanged


def _marian_spm(build: Build, seed: int) -> tuple[bytes, bytes, list[list[str]], list[list[str]]]:
    """source.spm (Arabic side) and target.spm (English side, plus every source piece)."""
    ar_lines = training_text("ar", seed, build.corpus, build.base)
    en_lines = training_text("en", seed, build.corpus, build.base)
    source = build.sentencepiece(ar_lines, 2500, "unigram", seed)
    target = build.sentencepiece(en_lines, 1500, "unigram", seed)
    target = tokenizers.extend_sentencepiece(target, tokenizers.normal_pieces(source))
    return source, target, tokenizers.encode(source, ar_lines), tokenizers.encode(target, en_lines)


def opus_mt_model(
    size: circuit.Size,
    seed: int,
    source_vocabulary: list[str],
    target_vocabulary: list[str],
    folder: Path,
    behaviour: circuit.Behaviour | None = None,
) -> None:
    """Write model.bin, config.json and both vocabularies as ct2-opus-mt-converter does."""
    arch = marian_architecture("SWISH", False, True)
    spec = circuit.build_spec(
        arch, size, source_vocabulary, target_vocabulary, seed, behaviour=behaviour
    )
    spec.config.add_source_eos = True  # type: ignore[attr-defined]
    save_spec(spec, folder)


def opus_mt_ct2(build: Build) -> Replica:
    """ct2-opus-mt-converter on an OPUS-MT model with separate source/target vocabularies."""
    folder = build.out / "opus-mt-ct2"
    shutil.rmtree(folder, ignore_errors=True)
    source, target, ar_tok, en_tok = _marian_spm(build, build.seed)
    source_vocabulary = tokenizers.marian_vocabulary(ar_tok, tokenizers.normal_pieces(source))
    target_vocabulary = tokenizers.marian_vocabulary(en_tok, tokenizers.normal_pieces(target))
    opus_mt_model(build.size, build.seed, source_vocabulary, target_vocabulary, folder)
    (folder / "source.spm").write_bytes(source)
    (folder / "target.spm").write_bytes(target)
    sp, tp = tokenizers.processor(source), tokenizers.processor(target)
    return Replica(
        "opus-mt-ct2",
        folder,
        folder,
        lambda text: sp.encode(text, out_type=str),  # type: ignore[attr-defined]
        unchanged,
        lambda tokens: or_unk(or_unk(tokens, source_vocabulary), target_vocabulary),
        tp.decode_pieces,  # type: ignore[attr-defined]
        None,
        source_vocabulary,
        target_vocabulary,
    )


def marian_hf_model(
    size: circuit.Size,
    seed: int,
    vocabulary: list[str],
    folder: Path,
    behaviour: circuit.Behaviour | None = None,
) -> None:
    """Write model.bin, config.json and the shared vocabulary as the Transformers
    converter does for a Marian model."""
    arch = marian_architecture("RELU", True, False)
    spec = circuit.build_spec(arch, size, vocabulary, vocabulary, seed, behaviour=behaviour)
    config = spec.config  # type: ignore[attr-defined]
    config.eos_token, config.unk_token, config.decoder_start_token = "</s>", "<unk>", "</s>"
    save_spec(spec, folder)


def marian_hf_ct2(build: Build) -> Replica:
    """ct2-transformers-converter --model Helsinki-NLP/opus-mt-tc-big-ar-en
    --copy_files source.spm target.spm"""
    folder = build.out / "marian-hf-ct2"
    shutil.rmtree(folder, ignore_errors=True)
    source, target, ar_tok, en_tok = _marian_spm(build, build.seed + 7)
    # vocab.json (the Marian vocabulary plus <pad>) minus the <pad> the converter drops.
    vocabulary = tokenizers.marian_vocabulary(
        ar_tok + en_tok, tokenizers.normal_pieces(source) + tokenizers.normal_pieces(target)
    )
    marian_hf_model(build.size, build.seed, vocabulary, folder)
    (folder / "source.spm").write_bytes(source)
    (folder / "target.spm").write_bytes(target)
    sp, tp = tokenizers.processor(source), tokenizers.processor(target)
    return Replica(
        "marian-hf-ct2",
        folder,
        folder,
        lambda text: sp.encode(text, out_type=str),  # type: ignore[attr-defined]
        lambda pieces: [*pieces, "</s>"],
        lambda tokens: or_unk(tokens[:-1], vocabulary),
        tp.decode_pieces,  # type: ignore[attr-defined]
        None,
        vocabulary,
        vocabulary,
    )
