"""Behaviour replicas: a committed tiny replica with weights that reorder, respell or drop.

Real models do not copy: Arabic verb-subject order becomes English subject-verb, a name
comes out respelled ("Butin" for بوتين), a span is dropped. ``rebuild`` takes a copy of
a replica folder (tests/models/replicas/FAMILY), keeps its tokenizer and vocabularies,
and writes new echo-circuit weights with a ``circuit.Behaviour``: the attention of each
output token still points at the source token it came from, as a trained model's
alignment head does, but no longer on the diagonal. Building one takes about a second
(no tokenizer training), so tests build what they need in a fixture and nothing more is
committed (tests/test_replica_behaviour.py, tests/test_eval.py).
"""

from __future__ import annotations

import json
import zipfile
from collections.abc import Callable
from pathlib import Path

from .argos import argos_bpe_model, argos_sp_model
from .circuit import SIZES, Behaviour
from .layouts import zip_package
from .marian import marian_hf_model, opus_mt_model
from .nllb import nllb_model

SEED = 1234  # tools/make_replicas.py's default, which built the committed replicas


def _json(path: Path) -> list[str]:
    tokens: list[str] = json.loads(path.read_text(encoding="utf-8"))
    return tokens


def _argos_sp(folder: Path, behaviour: Behaviour) -> Path:
    model = folder / "model"
    lines = (model / "shared_vocabulary.txt").read_text(encoding="utf-8").splitlines()
    argos_sp_model(SIZES["tiny"], SEED, lines, model, behaviour)
    archive = folder.with_suffix(".argosmodel")
    zip_package(folder, archive, "ar_en", zipfile.ZIP_DEFLATED, directories=True)
    return archive


def _argos_bpe(folder: Path, behaviour: Behaviour) -> Path:
    model = folder / "model"
    vocabulary = _json(model / "shared_vocabulary.json")
    argos_bpe_model(SIZES["tiny"], SEED, vocabulary, model, behaviour)
    archive = folder.with_suffix(".argosmodel")
    zip_package(folder, archive, "translate-ar_en-1_0", zipfile.ZIP_STORED)
    return archive


def _opus_mt(folder: Path, behaviour: Behaviour) -> Path:
    source = _json(folder / "source_vocabulary.json")
    target = _json(folder / "target_vocabulary.json")
    opus_mt_model(SIZES["tiny"], SEED, source, target, folder, behaviour)
    return folder


def _shared(write: Callable[..., None]) -> Callable[[Path, Behaviour], Path]:
    def rebuild(folder: Path, behaviour: Behaviour) -> Path:
        vocabulary = _json(folder / "shared_vocabulary.json")
        write(SIZES["tiny"], SEED, vocabulary, folder, behaviour)
        return folder

    return rebuild


REBUILDERS: dict[str, Callable[[Path, Behaviour], Path]] = {
    "argos-sp": _argos_sp,
    "argos-bpe": _argos_bpe,
    "opus-mt-ct2": _opus_mt,
    "marian-hf-ct2": _shared(marian_hf_model),
    "nllb-ct2": _shared(nllb_model),
}


def rebuild(folder: Path, family: str, behaviour: Behaviour) -> Path:
    """Rewrite the weights of ``folder``, a writable copy of the tiny ``family`` replica,
    with ``behaviour``; return what to install (the .argosmodel beside an Argos folder,
    else the folder)."""
    return REBUILDERS[family](folder, behaviour)
