"""The families tools/make_replicas.py builds, in build order."""

from __future__ import annotations

from collections.abc import Callable

from .argos import argos_bpe, argos_sp
from .layouts import Build, Replica
from .marian import marian_hf_ct2, opus_mt_ct2
from .nllb import nllb_ct2

FAMILIES: dict[str, Callable[[Build], Replica]] = {
    "argos-sp": argos_sp,
    "argos-bpe": argos_bpe,
    "opus-mt-ct2": opus_mt_ct2,
    "marian-hf-ct2": marian_hf_ct2,
    "nllb-ct2": nllb_ct2,
}
