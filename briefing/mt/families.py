"""Model families: how to recognize a model folder and how its authors run it.

A family fixes the tokenizer, the special tokens around a sentence, and the decode
settings the model's authors use:

- ``argos``: an Argos Translate package (``metadata.json``, ``model/``, one shared
  ``sentencepiece.model`` or BPE codes in ``bpe.model``). argostranslate encodes a whole
  sentence with SentencePiece (or Moses + BPE), adds no special token, and decodes with
  beam 4 and length penalty 0.2 (``argostranslate/translate.py``); its models are trained
  on sentences of at most 150 tokens.
- ``opus-mt``: an OPUS-MT Marian model converted by ``ct2-opus-mt-converter``; its
  ``config.json`` says ``add_source_eos``, so CTranslate2 appends ``</s>`` itself. The user
  copies ``source.spm`` and ``target.spm`` beside it. Beam 4, as OPUS-MT-train decodes.
- ``marian``: a Hugging Face Marian model converted by ``ct2-transformers-converter
  --copy_files source.spm target.spm``: CTranslate2 adds nothing, so ``</s>`` is appended
  here, as ``MarianTokenizer`` does. Beam 4, at most 512 tokens (its generation config).
- ``nllb``: NLLB-200 converted by ``ct2-transformers-converter`` with
  ``sentencepiece.bpe.model`` copied in: the source is ``arb_Arab … </s>`` (transformers'
  ``NllbTokenizer`` since 2023), the target is forced to start with ``eng_Latn``, which is
  stripped from the output. At most 200 tokens (its ``max_length``).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from briefing.errors import ModelError
from briefing.text.arabic import ARABIC_LETTER_RE

FAMILIES = ("argos", "opus-mt", "marian", "nllb")
NLLB_SOURCE = "arb_Arab"
NLLB_TARGET = "eng_Latn"


@dataclass(frozen=True)
class DecodeSettings:
    """What the model's authors decode with; the CLI's options override each."""

    beam_size: int
    length_penalty: float
    max_input_tokens: int  # longer sentences are cut between words, never truncated
    max_output_tokens: int  # below the model's position table


@dataclass(frozen=True)
class ModelLayout:
    """Where a model's parts are and which tokens frame a sentence."""

    family: str
    model_dir: Path  # the CTranslate2 folder (model.bin, config.json, vocabulary)
    tokenizer: str  # "sentencepiece" | "bpe"
    source_model: Path  # SentencePiece model or BPE codes for the source
    target_model: Path  # ... and for decoding the target (the same file when shared)
    source_prefix: tuple[str, ...] = ()
    source_suffix: tuple[str, ...] = ()
    target_prefix: str = ""  # forced first target token, stripped from the output
    settings: DecodeSettings = DecodeSettings(4, 1.0, 512, 512)


ARGOS_SETTINGS = DecodeSettings(
    beam_size=4, length_penalty=0.2, max_input_tokens=150, max_output_tokens=500
)
# The project's own demo and stand-in models were tuned and tested at these.
DEMO_SETTINGS = DecodeSettings(
    beam_size=2, length_penalty=1.0, max_input_tokens=200, max_output_tokens=500
)
MARIAN_SETTINGS = DecodeSettings(
    beam_size=4, length_penalty=1.0, max_input_tokens=511, max_output_tokens=512
)
NLLB_SETTINGS = DecodeSettings(
    beam_size=4, length_penalty=1.0, max_input_tokens=200, max_output_tokens=256
)


def _json(path: Path) -> dict[str, Any]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError, RecursionError) as exc:
        reason = " ".join(str(exc).split())[:120]
        raise ModelError(
            f"{path}: unreadable ({reason}); reconvert or reinstall the model"
        ) from None
    if not isinstance(data, dict):
        raise ModelError(f"{path}: not a JSON object; reconvert or reinstall the model")
    return data


def _vocabulary(model_dir: Path) -> list[str]:
    for name in ("shared_vocabulary", "source_vocabulary"):
        for path in (model_dir / f"{name}.json", model_dir / f"{name}.txt"):
            if not path.is_file():
                continue
            try:
                text = path.read_text(encoding="utf-8")
                if path.suffix == ".txt":
                    return text.splitlines()
                data = json.loads(text)
            except (OSError, ValueError, RecursionError) as exc:  # UnicodeError is a ValueError
                reason = " ".join(str(exc).split())[:120]
                raise ModelError(
                    f"{path}: not a readable vocabulary ({reason}); reconvert the model"
                ) from None
            return [str(token) for token in data] if isinstance(data, list) else []
    return []


# Below this share of source tokens with an Arabic letter, a vocabulary is not Arabic's:
# an Arabic→English Marian model's has thousands (the replicas of real ones: 60% and more),
# an English→French one none, or a handful from noise in its training data. NLLB is not
# checked: one vocabulary for 200 languages, the source chosen by its arb_Arab token.
MIN_ARABIC_SHARE = 0.01


def arabic_share(model_dir: Path) -> float | None:
    """The share of the source vocabulary's tokens that hold an Arabic letter; None when
    the folder has no vocabulary file that can be read."""
    try:
        tokens = _vocabulary(model_dir)
    except (OSError, ValueError):
        return None  # loading the model reports a broken vocabulary
    if not tokens:
        return None
    return sum(1 for token in tokens if ARABIC_LETTER_RE.search(token)) / len(tokens)


def _missing(folder: Path, found: list[str], wanted: list[str]) -> ModelError:
    have = ", ".join(found[:10]) + (", …" if len(found) > 10 else "") if found else "nothing"
    return ModelError(
        f"{folder}: not a model briefing knows: found {have}; missing {', '.join(wanted)} "
        f"(an Argos package, or a CTranslate2 conversion of OPUS-MT, Marian or NLLB; "
        f"see README 'Models'); give --family to say which it is"
    )


def argos_settings(meta: dict[str, Any]) -> DecodeSettings:
    """Argos's settings, or the project's for its own demo models; metadata may set
    ``max_input_tokens`` / ``max_output_tokens``."""
    base = DEMO_SETTINGS if meta.get("demo") else ARGOS_SETTINGS
    return replace(
        base,
        max_input_tokens=int(meta.get("max_input_tokens", base.max_input_tokens)),
        max_output_tokens=int(meta.get("max_output_tokens", base.max_output_tokens)),
    )


def argos_layout(folder: Path, meta: dict[str, Any]) -> ModelLayout:
    sp = folder / "sentencepiece.model"
    bpe = folder / "bpe.model"
    missing = [] if (folder / "model" / "model.bin").is_file() else ["model/model.bin"]
    if not (sp.is_file() or bpe.is_file()):
        missing.append("sentencepiece.model or bpe.model")
    if missing:
        raise ModelError(
            f"model '{folder.name}' at {folder} is incomplete (no {', '.join(missing)}); "
            f"reinstall it, or remove it with `briefing model remove {folder.name}`"
        )
    tokenizer_file = sp if sp.is_file() else bpe
    return ModelLayout(
        family="argos",
        model_dir=folder / "model",
        tokenizer="sentencepiece" if sp.is_file() else "bpe",
        source_model=tokenizer_file,
        target_model=tokenizer_file,
        target_prefix=str(meta.get("target_prefix", "")),
        settings=argos_settings(meta),
    )


def _listing(folder: Path) -> list[str]:
    """The folder's entries, folders with a trailing slash (empty if unreadable)."""
    try:
        return sorted(p.name + ("/" if p.is_dir() else "") for p in folder.iterdir())
    except OSError:
        return []


def detect_family(folder: Path) -> str:
    """The family of a model folder, from the files it holds."""
    names = set(_listing(folder))
    if "metadata.json" in names and "model/" in names:
        return "argos"
    if "model.bin" not in names or "config.json" not in names:
        raise _missing(folder, sorted(names), ["model.bin", "config.json"])
    vocabulary = set(_vocabulary(folder))
    if NLLB_SOURCE in vocabulary and NLLB_TARGET in vocabulary:
        return "nllb"
    if {"source.spm", "target.spm"} <= names:
        config = _json(folder / "config.json")
        return "opus-mt" if config.get("add_source_eos") else "marian"
    raise _missing(
        folder,
        sorted(names),
        [
            "source.spm and target.spm (Marian/OPUS-MT)",
            "or arb_Arab/eng_Latn tokens and sentencepiece.bpe.model (NLLB)",
        ],
    )


def ct2_layout(folder: Path, family: str) -> ModelLayout:
    """The layout of a converted CTranslate2 folder of ``family``."""
    names = set(_listing(folder))
    if "model.bin" not in names:
        raise _missing(folder, sorted(names), ["model.bin"])
    if "config.json" in names:
        _json(folder / "config.json")  # CTranslate2 reads it first: refuse a broken one here
    if family == "nllb":
        if "sentencepiece.bpe.model" not in names:
            raise _missing(
                folder, sorted(names), ["sentencepiece.bpe.model (copy it with --copy_files)"]
            )
        spm = folder / "sentencepiece.bpe.model"
        return ModelLayout(
            "nllb", folder, "sentencepiece", spm, spm,
            source_prefix=(NLLB_SOURCE,), source_suffix=("</s>",),
            target_prefix=NLLB_TARGET, settings=NLLB_SETTINGS,
        )  # fmt: skip
    if family in ("marian", "opus-mt"):
        if not {"source.spm", "target.spm"} <= names:
            raise _missing(folder, sorted(names), ["source.spm", "target.spm"])
        # The OPUS-MT converter sets add_source_eos, so CTranslate2 appends </s> itself.
        eos = () if _json(folder / "config.json").get("add_source_eos") else ("</s>",)
        return ModelLayout(
            family, folder, "sentencepiece", folder / "source.spm", folder / "target.spm",
            source_suffix=eos, settings=MARIAN_SETTINGS,
        )  # fmt: skip
    raise ModelError(f"unknown model family '{family}'; use one of {', '.join(FAMILIES)}")
