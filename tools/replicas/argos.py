"""The two Argos Translate package families (see tools/make_replicas.py)."""

from __future__ import annotations

import json
import shutil
import zipfile
from pathlib import Path

from . import circuit, tokenizers
from .corpus import training_text
from .layouts import (
    Build,
    Replica,
    activation_id,
    argos_decoder,
    marian_architecture,
    or_unk,
    save_spec,
    set_binary_version,
    unchanged,
    write_readme,
    write_stanza_standin,
    zip_package,
)


def argos_sp(build: Build) -> Replica:
    """Argos translate-ar_en-1_0 (argos-train 2020: OpenNMT-tf + ct2-opennmt-tf-converter)."""
    import argostranslate.tokenizer

    folder = build.out / "argos-sp"
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    lines = training_text("joint", build.seed, build.corpus, build.base)
    sp_model = build.sentencepiece(lines, 3000, "unigram", build.seed)
    (folder / "sentencepiece.model").write_bytes(sp_model)
    # onmt-build-vocab --from_format sentencepiece: <blank> <s> </s>, then the pieces
    # (SentencePiece's own <unk> <s> </s> skipped); CTranslate2 appends <unk>.
    lines_txt = ["<blank>", "<s>", "</s>"] + tokenizers.normal_pieces(sp_model)
    model = folder / "model"
    vocabulary = argos_sp_model(build.size, build.seed, lines_txt, model)
    metadata = {
        "package_version": "1.0",
        "argos_version": "1.0",
        "from_code": "ar",
        "from_name": "Arabic",
        "to_code": "en",
        "to_name": "English",
    }
    (folder / "metadata.json").write_text(json.dumps(metadata, indent=4) + "\n", encoding="utf-8")
    write_readme(folder, "argos-sp", build, "Layout of Argos Translate's translate-ar_en-1_0.")
    write_stanza_standin(folder)
    zip_package(
        folder, build.out / "argos-sp.argosmodel", "ar_en", zipfile.ZIP_DEFLATED, directories=True
    )
    tokenizer = argostranslate.tokenizer.SentencePieceTokenizer(folder / "sentencepiece.model")
    return Replica(
        "argos-sp",
        folder,
        model,
        tokenizer.encode,
        unchanged,
        lambda tokens: or_unk(tokens, vocabulary),
        argos_decoder(tokenizer),
        None,
        vocabulary,
        vocabulary,
    )


def argos_sp_model(
    size: circuit.Size,
    seed: int,
    lines_txt: list[str],
    model: Path,
    behaviour: circuit.Behaviour | None = None,
) -> list[str]:
    """Write ``model/`` (ct2-opennmt-tf-converter of CTranslate2 1.14); its vocabulary."""
    vocabulary = [*lines_txt, "<unk>"]
    arch = circuit.Architecture(
        pre_norm=True,
        activation=activation_id("RELU"),
        float_scale=False,
        tied=False,
        start_from_zero=False,
        projection_bias=True,
        end_detector=True,
    )
    spec = circuit.build_spec(arch, size, vocabulary, vocabulary, seed, behaviour=behaviour)
    save_spec(spec, model)
    (model / "config.json").unlink()
    (model / "shared_vocabulary.json").unlink()
    (model / "shared_vocabulary.txt").write_text("\n".join(lines_txt) + "\n", encoding="utf-8")
    set_binary_version(model / "model.bin", 4)
    return vocabulary


def argos_bpe_model(
    size: circuit.Size,
    seed: int,
    vocabulary: list[str],
    model: Path,
    behaviour: circuit.Behaviour | None = None,
) -> None:
    """Write ``model/`` as ct2-marian-converter does (int8, shared vocabulary)."""
    arch = marian_architecture("SWISH", False, True)
    spec = circuit.build_spec(arch, size, vocabulary, vocabulary, seed, behaviour=behaviour)
    spec.config.add_source_eos = True  # type: ignore[attr-defined]  # MarianConverter does
    save_spec(spec, model)


def argos_bpe(build: Build) -> Replica:
    """An OPUS-MT BPE model packaged by LibreTranslate/Locomotive's opus_mt_convert.py."""
    import argostranslate.tokenizer

    folder = build.out / "argos-bpe"
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    ar = tokenizers.moses_tokenize(training_text("ar", build.seed, build.corpus, build.base), "ar")
    en = tokenizers.moses_tokenize(training_text("en", build.seed, build.corpus, build.base), "en")
    words = [w for tokens in ar + en for w in tokens]
    codes = tokenizers.learn_bpe(words, build.vocab_size(2600))
    codes_text = tokenizers.bpe_codes_text(codes)
    (folder / "bpe.model").write_text(codes_text, encoding="utf-8")
    segmented = tokenizers.bpe_segment(codes_text, ar + en)
    chars = sorted({c for tokens in ar + en for t in tokens for c in t})
    singles = [s for c in chars for s in (c, c + "@@")]
    vocabulary = tokenizers.marian_vocabulary(segmented, singles)
    if build.base:  # the small corpus yields fewer tokens than a real 32k vocabulary
        vocabulary += tokenizers.pad_tokens(32000 - len(vocabulary))
    argos_bpe_model(build.size, build.seed, vocabulary, folder / "model")
    metadata = {
        "package_version": "1.0",
        "argos_version": "1.9.0",
        "from_code": "ar",
        "from_name": "Arabic",
        "to_code": "en",
        "to_name": "English",
    }
    (folder / "metadata.json").write_text(json.dumps(metadata), encoding="utf-8")
    write_readme(
        folder,
        "argos-bpe",
        build,
        "Layout of an OPUS-MT BPE model converted by "
        "LibreTranslate/Locomotive's opus_mt_convert.py.",
    )
    write_stanza_standin(folder)
    zip_package(
        folder, build.out / "argos-bpe.argosmodel", "translate-ar_en-1_0", zipfile.ZIP_STORED
    )
    tokenizer = argostranslate.tokenizer.BPETokenizer(folder / "bpe.model", "ar", "en")
    return Replica(
        "argos-bpe",
        folder,
        folder / "model",
        tokenizer.encode,
        unchanged,
        lambda tokens: or_unk(tokens, vocabulary),
        argos_decoder(tokenizer),
        None,
        vocabulary,
        vocabulary,
    )
