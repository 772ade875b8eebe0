"""Build replicas of the model layouts users install, with echo-circuit weights.

    python tools/make_replicas.py OUT_DIR [--size tiny|base] [--family all|FAMILY ...]
                                  [--seed 1234] [--corpus PATH] [--no-verify]
                                  [--max-length N]

Runs in the project's venv (ctranslate2, sentencepiece, numpy, argostranslate with its
sacremoses; protobuf for SentencePiece model editing). Writes ``OUT_DIR/<family>/`` and,
for the Argos families, ``OUT_DIR/<family>.argosmodel``; then checks the echo (see
``tools/replicas/verify.py``). ``--size tiny`` (2+2 layers, d=128, 2 heads, FFN 256,
a few thousand pieces, 1024 positions) is what tests/models/replicas/ holds; ``--size
base`` (6+6, 512, 8 heads, 2048, 32k pieces, 2048 positions; NLLB-600M itself is 12+12
of 1024) is for benchmarks and is not committed. Seeded: the same arguments give the
same files (the tiny set's text does not depend on the Python version; base adds the
standard library's docstrings to its English).

The weights copy the source: greedy or beam search outputs the source tokens (mapped
by piece string into the target vocabulary, ``<unk>`` for tokens the vocabulary lacks)
and then ``</s>`` (``tools/replicas/circuit.py`` explains how). Decoding the echo with the
family's target tokenizer therefore gives back the source text as that tokenizer
normalizes it. Exact for sources up to 1000 tokens (tiny; the position tables have 1024
rows), greedy and beam 4, length penalties 0.2 and 1.0, compute types int8 and
float32. Two CTranslate2 defaults matter in tests: ``max_decoding_length`` is 256, so a
longer echo is cut there; with ``replace_unknowns=True`` (argostranslate's setting) an
echoed ``<unk>`` becomes the source token, since head 0 of the last decoder layer, the
alignment head, attends to the copied position. Expected tokens and ids per family:
tests/data/replica-tokens.json, written by ``tools/replica_reference_tokens.py``
(Hugging Face tokenizers from a separate venv, argostranslate's from this one).

Layouts. Sources read (paths in the repositories; https://github.com/<repo>/blob/...):
argostranslate 1.12.1 (argos-translate-lt) package.py, tokenizer.py, translate.py,
apply_bpe.py, as installed in the venv; argosopentech/argos-train package.sh,
metadata.json, requirements.txt, train.sh at d0fceab (2020-12); LibreTranslate/Locomotive
opus_mt_convert.py; OpenNMT/OpenNMT-tf opennmt/bin/build_vocab.py, opennmt/data/vocab.py;
OpenNMT/CTranslate2 at v1.14.0 (python/ctranslate2/converters/opennmt_tf.py,
converter.py, specs/model_spec.py) and at master (python/ctranslate2/converters/
marian.py, opus_mt.py, transformers.py, specs/model_spec.py, transformer_spec.py;
src/models/model.cc, sequence_to_sequence.cc, src/vocabulary.cc; docs/guides/
opus_mt.md, marian.md, transformers.md); huggingface/transformers src/transformers/
models/marian/tokenization_marian.py, convert_marian_to_pytorch.py and
models/nllb/tokenization_nllb.py (and transformers 5.24 as installed in /work/venv-hf).

argos-sp  -- Argos Translate's translate-ar_en-1_0 (argos-train, late 2020: OpenNMT-tf
    2.13 TransformerBase, ``spm_train`` unigram 32k with defaults, ``onmt-build-vocab
    --from_format sentencepiece``, ``ct2-opennmt-tf-converter --quantization int8`` of
    CTranslate2 1.14, ``zip -r``; inferred from argos-train's scripts of the time, not
    from the real file, which was not reachable). Zip top folder ``ar_en/``::

        metadata.json          package_version "1.0", argos_version "1.0", from_code "ar",
                               from_name "Arabic", to_code "en", to_name "English"
        README.md              (replica's own text)
        sentencepiece.model    one model for both sides
        stanza/resources.json, stanza/ar/tokenize/padt.pt   (stand-ins: not loadable)
        model/model.bin        binary version 4, no config.json
        model/shared_vocabulary.txt   <blank> <s> </s>, then the pieces in id order
                               (SentencePiece's <unk> <s> </s> skipped); CTranslate2
                               appends <unk> (id = line count)

    Pre-norm with final norms, ReLU, separate source/target embeddings and projection
    (with bias). Without config.json CTranslate2 4 uses the defaults: no token added to
    the source, decoding starts from ``<s>``. Feed ``SentencePieceTokenizer.encode`` as
    is (no ``</s>``). argostranslate decodes with ``decode_pieces`` then replaces "▁" and
    "_" by spaces, and drops one leading space: ``user_name`` comes back ``user name``.

argos-bpe -- an OPUS-MT BPE model as LibreTranslate/Locomotive's opus_mt_convert.py
    packages it (``ct2-marian-converter``, int8, ZIP_STORED). Zip top folder
    ``translate-ar_en-1_0/``::

        metadata.json          the same six keys, argos_version "1.9.0" (json.dumps)
        README.md, bpe.model   subword-nmt codes ("#version: 0.2", source.bpe renamed)
        stanza/...             (stand-ins)
        model/model.bin, model/config.json, model/shared_vocabulary.json
                               Marian order: </s> <unk>, then tokens by frequency

    Post-norm, swish, tied embeddings, decoder starts from a zero embedding
    (``decoder_start_token`` "<s>" is not in the vocabulary), ``add_source_eos`` true:
    feed ``BPETokenizer.encode`` (Moses punctuation normalization, Moses tokenization
    with HTML escaping -- ``&`` becomes ``&amp;`` --, BPE with "@@" continuations);
    CTranslate2 appends ``</s>``. Decode: join, drop "@@ ", Moses-detokenize ("en").

opus-mt-ct2 -- ``ct2-opus-mt-converter --model_dir M --output_dir OUT --quantization
    int8`` on an OPUS-MT/Tatoeba Marian model whose decoder.yml lists separate source
    and target vocabularies, with the model's source.spm and target.spm copied in::

        model.bin, config.json, source_vocabulary.json, target_vocabulary.json,
        source.spm, target.spm

    Same architecture as argos-bpe; ``add_source_eos`` true: feed
    ``source.spm`` pieces; CTranslate2 appends ``</s>``. Decode with target.spm
    (``decode_pieces``). The echo maps a source piece to the target piece with the same
    string; target.spm and the target vocabulary hold every source piece (a replica
    liberty: a real target side knows only its own language's pieces).

marian-hf-ct2 -- ``ct2-transformers-converter --model Helsinki-NLP/opus-mt-tc-big-ar-en
    --output_dir OUT --quantization int8 --copy_files source.spm target.spm``::

        config.json, model.bin, shared_vocabulary.json, source.spm, target.spm

    The vocabulary is the tokenizer's vocab.json (Marian order) without the trailing
    ``<pad>`` (MarianMTLoader drops it, so ids match vocab.json's). Post-norm, ReLU,
    float embedding scale sqrt(d), tied, zero start embedding, ``decoder_start_token``
    "</s>", ``add_source_eos`` false: feed ``source.spm`` pieces plus ``</s>`` (what
    MarianTokenizer returns); decode with the tokenizer (or target.spm). The guide copies
    no tokenizer files; vocab.json and tokenizer_config.json are not in the output.

nllb-ct2 -- ``ct2-transformers-converter --model facebook/nllb-200-distilled-600M
    --output_dir OUT --quantization int8 --copy_files sentencepiece.bpe.model``::

        config.json, model.bin, shared_vocabulary.json, sentencepiece.bpe.model

    shared_vocabulary.json: <s> <pad> </s> <unk> (fairseq's), SentencePiece piece i at
    id i + 1 for i >= 3, the 202 language codes (ace_Arab ... zul_Latn, arb_Arab and
    eng_Latn among them), <mask>, then madeupword0 madeupword1 (the converter pads to
    config.vocab_size). Pre-norm with final norms, ReLU, float scale sqrt(d), tied,
    ``decoder_start_token`` "</s>": feed ``arb_Arab`` + pieces + ``</s>`` (NllbTokenizer,
    src_lang "arb_Arab", non-legacy) with target_prefix ``[["eng_Latn"]]``; the output
    starts with ``eng_Latn``, drop it before decoding.

Behaviour replicas (``tools/replicas/behaviour.py``): real models move words, respell
names and drop spans, so their attention is off the diagonal. ``behaviour.rebuild`` takes a
copy of a committed tiny replica (any of the five families), keeps its tokenizer
and vocabularies, and rewrites its weights with a ``circuit.Behaviour``: decoder step ``t``
copies source position ``order[t]`` (words written in another order, or left out) and
``respell`` makes a source piece come out as another target piece; the alignment head still
points at the piece copied. Without a behaviour the rebuilt model.bin is byte-identical to
the committed one. It takes well under a second, so tests/test_replica_behaviour.py and
tests/test_eval.py build what they need and nothing more is committed.

Tokenizers here are tiny (a few thousand pieces) and trained on the SaudiNewsNet
sample plus invented sentences (tools/replicas/corpus.py); every printable ASCII
character, the Arabic-Indic digits and Arabic punctuation are forced in. The real
models have no byte fallback either.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from replicas import circuit, layouts, verify
from replicas.corpus import CORPUS
from replicas.families import FAMILIES


def folder_size(path: Path) -> int:
    if path.is_file():
        return path.stat().st_size
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file())


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument("out_dir", type=Path)
    parser.add_argument("--size", choices=sorted(circuit.SIZES), default="tiny")
    parser.add_argument("--family", nargs="+", default=["all"], choices=["all", *FAMILIES])
    parser.add_argument("--seed", type=int, default=1234)
    parser.add_argument("--corpus", type=Path, default=CORPUS)
    parser.add_argument("--no-verify", action="store_true")
    parser.add_argument(
        "--max-length", type=int, help="longest random source checked (default: the table's)"
    )
    args = parser.parse_args(argv)
    families = list(FAMILIES) if "all" in args.family else args.family
    build = layouts.Build(args.out_dir, circuit.SIZES[args.size], args.size, args.seed, args.corpus)
    args.out_dir.mkdir(parents=True, exist_ok=True)
    failed = False
    for family in families:
        started = time.perf_counter()
        replica = FAMILIES[family](build)
        built = time.perf_counter() - started
        sizes = f"{folder_size(replica.folder) / 1e6:.2f} MB"
        archive = args.out_dir / f"{family}.argosmodel"
        if archive.exists():
            sizes += f", {archive.name} {folder_size(archive) / 1e6:.2f} MB"
        print(f"{family}: built in {built:.1f} s ({sizes}) -> {replica.folder}", flush=True)
        if args.no_verify:
            continue
        started = time.perf_counter()
        limit = args.max_length or build.size.positions - 24
        report = verify.check(replica, max_length=limit)
        failures, cases = report["failures"], report["cases"]
        assert isinstance(failures, list) and isinstance(cases, int)
        failed = failed or bool(failures)
        print(
            f"  echo: {cases - len(failures)}/{cases} exact, longest "
            f"random length exact in every setting {report['longest_exact']}, decode "
            f"round trip {report['decode_roundtrip']} {report['roundtrip_misses']}, "
            f"sentence tokens {report['sentence_tokens']} "
            f"({time.perf_counter() - started:.1f} s)",
            flush=True,
        )
        for failure in failures[:10]:
            print(f"  FAILED {failure}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
