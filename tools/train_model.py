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
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
# argostranslate creates folders under $HOME on import: keep them in a scratch dir.
_SCRATCH = tempfile.mkdtemp(prefix="briefing-build-home-")
for _var in ("XDG_DATA_HOME", "XDG_CONFIG_HOME", "XDG_CACHE_HOME"):
    os.environ[_var] = os.path.join(_SCRATCH, _var.lower())
os.environ["ARGOS_PACKAGES_DIR"] = os.path.join(_SCRATCH, "packages")

import ctranslate2  # noqa: E402
import nmt  # noqa: E402
import sentencepiece as spm  # noqa: E402
import synth  # noqa: E402
import torch  # noqa: E402

from briefing.protect.spans import (  # noqa: E402
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
# Greedy is the reference. CTranslate2's beam search (default length_penalty=1) can return
# a short hypothesis that drops a word once an empty hypothesis has finished at step 0;
# min_decoding_length=2 or patience=2 avoid that. The engine runs int8 on CPU, its tests
# float32.
DECODING: dict[str, dict[str, Any]] = {
    "greedy_int8": {"beam": 1},
    "beam2_int8": {"beam": 2},
    "greedy_float32": {"beam": 1, "compute_type": "float32"},
    "beam2_float32": {"beam": 2, "compute_type": "float32"},
    "beam2_min2_float32": {"beam": 2, "compute_type": "float32", "min_decoding_length": 2},
}


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
        minloglevel=2,
    )


def examples_for(kind: str, pairs: list[synth.Pair], seed: int) -> list[Example]:
    if kind == "standin":
        return [Example(p.arabic, p.english, ()) for p in pairs]
    rng = random.Random(seed)
    return [protect_pair(p, rng.random() < NAME_SHARE) for p in pairs]


def translate(
    model_dir: Path,
    sp: spm.SentencePieceProcessor,
    sources: list[str],
    beam: int = 1,
    compute_type: str = "default",
    **kw: Any,
) -> list[str]:
    translator = ctranslate2.Translator(
        str(model_dir), device="cpu", intra_threads=1, compute_type=compute_type
    )
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


def exact(outputs: list[str], expected: list[str]) -> float:
    return sum(o == e for o, e in zip(outputs, expected, strict=True)) / len(expected)


def build_model(kind: str, args: argparse.Namespace, train: list[synth.Pair], work: Path) -> dict:
    """Train, convert, verify and package one model; returns its figures."""
    print(f"== {kind}", flush=True)
    stage = work / kind
    shutil.rmtree(stage, ignore_errors=True)
    stage.mkdir(parents=True)
    examples = examples_for(kind, train, TRAIN_SEED)
    symbols = [placeholder(i) for i in range(MAX_PLACEHOLDERS)] if kind == "demo" else []
    train_sentencepiece(
        [e.source for e in examples] + [e.target for e in examples],
        stage / "sentencepiece",
        args.vocab,
        symbols,
    )
    sp = spm.SentencePieceProcessor(model_file=str(stage / "sentencepiece.model"))
    vocab = [sp.id_to_piece(i) for i in range(sp.get_piece_size())]
    cfg = nmt.Config(vocab=len(vocab), pad=sp.pad_id(), bos=sp.bos_id(), eos=sp.eos_id())
    ids = [(sp.encode(e.source), sp.encode(e.target)) for e in examples]
    model, figures = nmt.train(
        cfg,
        ids,
        args.epochs,
        TRAIN_SEED,
        max_tokens=args.max_tokens,
        label_smoothing=args.label_smoothing,
    )
    print(f"  trained in {figures['wall_seconds']:.0f}s wall, {figures['cpu_seconds']:.0f}s CPU")
    torch.save(model.state_dict(), stage / "model.pt")
    nmt.export_ctranslate2(model, vocab, str(stage / "ct2-float32"), "float32")
    nmt.export_ctranslate2(model, vocab, str(stage / "ct2-int8"), "int8")
    # The converted model must decode like torch: compare greedy outputs.
    probe = [e.source for e in examples[: args.probe]]
    batch = nmt._pad([sp.encode(s) for s in probe], cfg.pad)
    torch_out = [sp.decode(row) for row in model.greedy(batch)]
    figures["ct2_float32_equal"] = exact(translate(stage / "ct2-float32", sp, probe), torch_out)
    figures["ct2_int8_equal"] = exact(translate(stage / "ct2-int8", sp, probe), torch_out)
    figures["train_exact_torch"] = exact(torch_out, [e.target for e in examples[: args.probe]])
    dest = DESTINATIONS[kind] if args.install else stage / DESTINATIONS[kind].name
    folder = write_package(
        kind,
        stage / "package",
        stage / "sentencepiece.model",
        stage / "ct2-int8",
        dest,
    )
    figures["package_bytes"] = dest.stat().st_size
    figures["argos_check"] = check_argos(folder)  # type: ignore[assignment]
    figures["vocab"] = len(vocab)
    return figures


def evaluate(kind: str, heldout: list[synth.Pair], work: Path) -> dict:
    folder = work / kind / "package" / f"briefing-{kind}-ar_en"
    sp = spm.SentencePieceProcessor(model_file=str(folder / "sentencepiece.model"))
    model_dir = folder / "model"
    expected = [p.english for p in heldout]
    result: dict[str, object] = {}
    if kind == "demo":
        for label, names in (("names_protected", True), ("names_raw", False)):
            examples = [protect_pair(p, names) for p in heldout]
            for setting, options in DECODING.items():
                out = translate(model_dir, sp, [e.source for e in examples], **options)
                restored = [restore(o, e.spans) for o, e in zip(out, examples, strict=True)]
                result[f"exact_{label}_{setting}"] = exact(restored, expected)
        return result
    for setting, options in DECODING.items():
        out = translate(model_dir, sp, [p.arabic for p in heldout], **options)
        result[f"exact_raw_{setting}"] = exact(out, expected)
        kept = total = 0
        for pair, text in zip(heldout, out, strict=True):
            for span in find_spans(pair.arabic):
                total += 1
                kept += span.english in text
        result[f"spans_kept_{setting}"] = kept / total
    result["placeholder_probe"] = probe_placeholders(model_dir, sp, heldout)
    return result


def probe_placeholders(
    model_dir: Path, sp: spm.SentencePieceProcessor, heldout: list[synth.Pair]
) -> dict:
    """Feed protected text (｟i｠ unknown to this model) and record what comes out."""
    examples = [protect_pair(p, True) for p in heldout]
    sources = [e.source for e in examples]
    report: dict[str, object] = {
        "pieces_example": sp.encode(sources[0], out_type=str),
    }
    for unk in (False, True):
        out = translate(model_dir, sp, sources, 1, replace_unknowns=unk)
        placeholders = sum(len(e.spans) for e in examples)
        intact = sum(len(PLACEHOLDER_RE.findall(o)) for o in out)
        report[f"replace_unknowns={unk}"] = {
            "placeholders_in": placeholders,
            "placeholders_out_intact": intact,
            "unk_tokens_out": sum(o.count("<unk>") + o.count(" ⁇ ") for o in out),
            "brackets_out": sum(o.count("｟") + o.count("｠") for o in out),
            "samples": [[s, o] for s, o in list(zip(sources, out, strict=True))[:6]],
        }
    return report


def write_heldout(heldout: list[synth.Pair]) -> None:
    HELDOUT_PATH.parent.mkdir(parents=True, exist_ok=True)
    lines = []
    for pair in heldout:
        names = [
            {
                "start": s.a_start,
                "end": s.a_end,
                "arabic": s.arabic,
                "english": s.english,
                "kind": s.kind,
            }
            for s in pair.slots
            if s.kind in synth.NAME_KINDS
        ]
        record = {"arabic": pair.arabic, "english": pair.english, "names": names}
        lines.append(json.dumps(record, ensure_ascii=False))
    tmp = HELDOUT_PATH.with_suffix(".tmp")
    tmp.write_text("\n".join(lines) + "\n", encoding="utf-8")
    os.replace(tmp, HELDOUT_PATH)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawTextHelpFormatter
    )
    parser.add_argument("--models", default="demo,standin", help="comma-separated: demo,standin")
    parser.add_argument("--work", type=Path, default=Path(tempfile.gettempdir()) / "briefing-build")
    parser.add_argument("--train-size", type=int, default=6000)
    parser.add_argument("--epochs", type=int, default=16)
    parser.add_argument("--vocab", type=int, default=2000)
    parser.add_argument("--max-tokens", type=int, default=2500)
    parser.add_argument("--probe", type=int, default=64, help="sentences compared torch vs CT2")
    parser.add_argument(
        "--threads", type=int, default=1, help="torch threads (1 is fastest on a shared 2-core box)"
    )
    parser.add_argument("--label-smoothing", type=float, default=0.0)
    parser.add_argument(
        "--no-install",
        dest="install",
        action="store_false",
        help="leave the packages in --work instead of the repository",
    )
    parser.add_argument("--eval-only", action="store_true", help="re-evaluate built packages")
    args = parser.parse_args()
    torch.set_num_threads(args.threads)
    train, heldout = build_corpus(args.train_size, 200)
    if args.install:
        write_heldout(heldout)
    print(f"corpus: {len(train)} training pairs, {len(heldout)} held-out", flush=True)
    report: dict[str, object] = {}
    for kind in args.models.split(","):
        figures = {} if args.eval_only else build_model(kind, args, train, args.work)
        figures.update(evaluate(kind, heldout, args.work))
        report[kind] = figures
        print(json.dumps({kind: figures}, ensure_ascii=False, indent=1), flush=True)
    (args.work / "report.json").write_text(json.dumps(report, ensure_ascii=False, indent=1))
    shutil.rmtree(_SCRATCH, ignore_errors=True)


if __name__ == "__main__":
    main()
