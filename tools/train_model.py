"""Build the DEMO and STAND-IN Arabic→English Argos packages from the synthetic corpus.

A maintainer build step, never part of tests or CI. From the repository root:

    python tools/train_model.py                 # both models, installs into the repo
    python tools/train_model.py --models demo   # one model only

Writes briefing/data/demo-ar_en.argosmodel, tests/models/standin-ar_en.argosmodel and
tests/data/heldout.jsonl, and prints timings, sizes and held-out exact match.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import sys
import tempfile
import zipfile
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
# argostranslate creates folders under $HOME on import: keep them in a scratch dir.
_SCRATCH = tempfile.mkdtemp(prefix="briefing-build-home-")
for _var in ("XDG_DATA_HOME", "XDG_CONFIG_HOME", "XDG_CACHE_HOME"):
    os.environ[_var] = os.path.join(_SCRATCH, _var.lower())
os.environ["ARGOS_PACKAGES_DIR"] = os.path.join(_SCRATCH, "packages")

import ctranslate2  # noqa: E402
import sentencepiece as spm  # noqa: E402
import torch  # noqa: E402

import nmt  # noqa: E402
import synth  # noqa: E402
from briefing.protection import (  # noqa: E402
    MAX_PLACEHOLDERS,
    PLACEHOLDER_RE,
    Span,
    find_spans,
    merge_spans,
    placeholder,
    protect,
)

TRAIN_SEED = 1
HELDOUT_SEED = 2
NAME_SHARE = 0.6  # share of sentences whose name slots are protected like glossary terms
DESCRIPTIONS = {
    "demo": "DEMO model trained on synthetic sentences only; it cannot translate real news. "
    "Install the real Argos model for real articles.",
    "standin": "TEST STAND-IN trained on synthetic sentences only, without placeholders; it "
    "stands in for a real Argos model in the test suite and cannot translate real news.",
}
DESTINATIONS = {
    "demo": ROOT / "briefing" / "data" / "demo-ar_en.argosmodel",
    "standin": ROOT / "tests" / "models" / "standin-ar_en.argosmodel",
}
HELDOUT_PATH = ROOT / "tests" / "data" / "heldout.jsonl"


@dataclass(frozen=True)
class Example:
    source: str
    target: str
    spans: tuple[Span, ...]


def build_corpus(train_size: int, heldout_size: int) -> tuple[list[synth.Pair], list[synth.Pair]]:
    train: list[synth.Pair] = []
    seen: set[str] = set()
    for pair in synth.generate(TRAIN_SEED, train_size * 2):
        if pair.arabic not in seen:
            seen.add(pair.arabic)
            train.append(pair)
        if len(train) == train_size:
            break
    heldout = [p for p in synth.generate(HELDOUT_SEED, heldout_size * 2) if p.arabic not in seen]
    return train, heldout[:heldout_size]


def protect_pair(pair: synth.Pair, names: bool) -> Example:
    """Protect Latin runs and numbers (and, if ``names``, the name slots) on both sides."""
    name_spans = [
        Span(s.a_start, s.a_end, s.arabic, s.english, s.kind)
        for s in pair.slots
        if names and s.kind in synth.NAME_KINDS
    ]
    spans = merge_spans(name_spans, find_spans(pair.arabic))
    slots = {s.a_start: s for s in pair.slots}
    edits: list[tuple[int, int, str]] = []
    for index, span in enumerate(spans):
        slot = slots.get(span.start)
        if slot is None or slot.a_end != span.end or slot.english != span.english:
            raise ValueError(f"span {span} does not match a slot in {pair.arabic!r}")
        edits.append((slot.e_start, slot.e_end, placeholder(index)))
    english = pair.english
    for start, end, token in sorted(edits, reverse=True):
        english = english[:start] + token + english[end:]
    return Example(protect(pair.arabic, spans).text, english, tuple(spans))


def restore(text: str, spans: tuple[Span, ...]) -> str:
    def swap(match: object) -> str:
        index = int(match.group(1))  # type: ignore[attr-defined]
        return spans[index].english if index < len(spans) else match.group(0)  # type: ignore[attr-defined]

    restored = PLACEHOLDER_RE.sub(swap, text)
    return restored[:1].upper() + restored[1:]


def train_sentencepiece(texts: list[str], prefix: Path, vocab: int, symbols: list[str]) -> None:
    corpus = prefix.with_suffix(".txt")
    corpus.write_text("\n".join(texts) + "\n", encoding="utf-8")
    spm.SentencePieceTrainer.train(
        input=str(corpus),
        model_prefix=str(prefix),
        vocab_size=vocab,
        model_type="unigram",
        character_coverage=1.0,
        normalization_rule_name="identity",  # NFKC would turn ｟ into ⦅ and ² into 2
        split_digits=True,
        user_defined_symbols=symbols,
        pad_id=3,
        hard_vocab_limit=False,
        num_threads=1,
        random_seed=7,
        minloglevel=2,
    )


def examples_for(kind: str, pairs: list[synth.Pair], seed: int) -> list[Example]:
    if kind == "standin":
        return [Example(p.arabic, p.english, ()) for p in pairs]
    rng = random.Random(seed)
    return [protect_pair(p, rng.random() < NAME_SHARE) for p in pairs]


def translate(
    model_dir: Path, sp: spm.SentencePieceProcessor, sources: list[str], beam: int = 1, **kw: object
) -> list[str]:
    translator = ctranslate2.Translator(str(model_dir), device="cpu", intra_threads=2)
    tokens = [sp.encode(s, out_type=str) for s in sources]
    results = translator.translate_batch(tokens, beam_size=beam, max_batch_size=64, **kw)
    return [sp.decode_pieces(r.hypotheses[0]) for r in results]


def write_package(kind: str, stage: Path, sp_model: Path, ct2_dir: Path, dest: Path) -> Path:
    code = f"briefing-{kind}-ar_en"
    folder = stage / code
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    metadata = {
        "package_version": "1.0",
        "argos_version": "1.9",
        "from_code": "ar",
        "from_name": "Arabic",
        "to_code": "en",
        "to_name": "English",
        "type": "translate",
        "code": code,
        "demo": True,
        "description": DESCRIPTIONS[kind],
        "placeholders": kind == "demo",
    }
    (folder / "metadata.json").write_text(json.dumps(metadata, indent=2) + "\n", encoding="utf-8")
    shutil.copy(sp_model, folder / "sentencepiece.model")
    shutil.copytree(ct2_dir, folder / "model")
    (folder / "README.md").write_text(
        f"# {code}\n\n{DESCRIPTIONS[kind]}\n\nRebuild with `python tools/train_model.py` "
        "(see tools/README.md in the briefing repository).\n",
        encoding="utf-8",
    )
    dest.parent.mkdir(parents=True, exist_ok=True)
    tmp = dest.with_suffix(".tmp")
    with zipfile.ZipFile(tmp, "w", zipfile.ZIP_DEFLATED) as archive:
        for path in sorted(folder.rglob("*")):
            if path.is_file():
                # Fixed timestamps keep the archive byte-identical across rebuilds.
                info = zipfile.ZipInfo(str(path.relative_to(stage)), (1980, 1, 1, 0, 0, 0))
                info.compress_type = zipfile.ZIP_DEFLATED
                info.external_attr = 0o644 << 16
                archive.writestr(info, path.read_bytes())
    os.replace(tmp, dest)
    return folder


def check_argos(folder: Path) -> list[str]:
    from argostranslate.package import Package

    package = Package(folder)
    sample = "قال بوتين إن ١٥٠٠ جندي وصلوا إلى كورسك."
    pieces = package.tokenizer.encode(sample)
    return [package.code, str(len(pieces)), package.tokenizer.decode(pieces)]
