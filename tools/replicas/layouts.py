"""What the family writers (argos.py, marian.py, nllb.py) share.

Each writer trains the family's tokenizer, builds its vocabulary in the converter's
order, builds the echo circuit with the converter's architecture settings, and writes
the layout documented in tools/make_replicas.py. ``Replica`` tells the verifier how to
tokenize and detokenize for that family.
"""

from __future__ import annotations

import json
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from . import circuit, tokenizers

ARABIC, ENGLISH = {"code": "ar", "name": "Arabic"}, {"code": "en", "name": "English"}


@dataclass
class Build:
    out: Path
    size: circuit.Size
    size_name: str
    seed: int
    corpus: Path

    @property
    def base(self) -> bool:
        return self.size_name == "base"

    def vocab_size(self, tiny: int) -> int:
        return 32000 if self.base else tiny

    def sentencepiece(self, lines: list[str], tiny: int, model_type: str, seed: int) -> bytes:
        """Train; at base size, pad to the full 32k the small corpus may not support."""
        size = self.vocab_size(tiny)
        model = tokenizers.train_sentencepiece(lines, size, model_type, seed)
        return tokenizers.pad_sentencepiece(model, size) if self.base else model


@dataclass
class Replica:
    """What the verifier needs: where the CTranslate2 model is and how to feed it."""

    family: str
    folder: Path
    model_dir: Path
    pieces: Callable[[str], list[str]]  # text -> the tokenizer's pieces
    wrap: Callable[[list[str]], list[str]]  # pieces -> source tokens as passed to CTranslate2
    expected: Callable[[list[str]], list[str]]  # source tokens -> echoed target tokens
    detokenize: Callable[[list[str]], str]  # target tokens as CTranslate2 returns them -> text
    target_prefix: list[str] | None = None
    source_vocabulary: list[str] = field(default_factory=list)
    target_vocabulary: list[str] = field(default_factory=list)

    def tokenize(self, text: str) -> list[str]:
        return self.wrap(self.pieces(text))


def unchanged(tokens: list[str]) -> list[str]:
    return tokens


def or_unk(tokens: list[str], vocabulary: list[str]) -> list[str]:
    known = set(vocabulary)
    return [t if t in known else "<unk>" for t in tokens]


def save_spec(spec: object, folder: Path) -> None:
    """The converters' sequence: check every variable, quantize to int8, write."""
    folder.mkdir(parents=True, exist_ok=True)
    spec.validate()  # type: ignore[attr-defined]
    spec.optimize(quantization="int8")  # type: ignore[attr-defined]
    spec.save(str(folder))  # type: ignore[attr-defined]


def write_stanza_standin(folder: Path) -> None:
    """Stand-in for ``stanza.download('ar', dir='stanza', processors='tokenize')``."""
    resources = {
        "ar": {
            "lang_name": "Arabic",
            "tokenize": {"padt": {}},
            "default_processors": {"tokenize": "padt"},
        }
    }
    (folder / "stanza" / "ar" / "tokenize").mkdir(parents=True, exist_ok=True)
    (folder / "stanza" / "resources.json").write_text(json.dumps(resources, indent=2) + "\n")
    (folder / "stanza" / "ar" / "tokenize" / "padt.pt").write_bytes(
        b"REPLICA: stand-in for Stanza's Arabic tokenizer model; not loadable\n"
    )


def write_readme(folder: Path, family: str, build: Build, extra: str) -> None:
    s = build.size
    (folder / "README.md").write_text(
        f"# REPLICA ({family}) - random/synthetic weights, translates nothing\n\n"
        f"Built by tools/make_replicas.py (size {build.size_name}: {s.layers}+{s.layers} "
        f"layers, d={s.d_model}, {s.heads} heads, FFN {s.ffn}; seed {build.seed}). "
        f"{extra}\n",
        encoding="utf-8",
    )


def zip_package(
    folder: Path, target: Path, top: str, compression: int, directories: bool = False
) -> None:
    """A .argosmodel: a zip whose single top folder is the package (fixed timestamps).

    ``directories``: also store the folder entries (``top/``, ``top/model/``), as
    ``zip -r`` does (argos-train); Python's zipfile.write of files alone (Locomotive) has
    none.
    """
    stamp = (2021, 1, 1, 0, 0, 0)
    with zipfile.ZipFile(target, "w", compression=compression) as archive:
        if directories:
            archive.writestr(zipfile.ZipInfo(f"{top}/", date_time=stamp), b"")
        for path in sorted(folder.rglob("*")):
            name = f"{top}/{path.relative_to(folder).as_posix()}"
            if path.is_dir() and directories:
                info = zipfile.ZipInfo(name + "/", date_time=stamp)
                info.external_attr = 0o40755 << 16
                archive.writestr(info, b"")
            elif path.is_file():
                info = zipfile.ZipInfo(name, date_time=stamp)
                info.compress_type = compression
                info.external_attr = 0o644 << 16
                archive.writestr(info, path.read_bytes())


def set_binary_version(model_bin: Path, version: int) -> None:
    """Rewrite the header: CTranslate2 < 3 wrote version 4 files with no config.json.

    The variables keep today's names (spec revision 7); CTranslate2 4 reads a version
    below 6 by taking the tokens and flags from defaults (``<unk>``, ``<s>``, ``</s>``,
    no source ``</s>``, decoder starts with ``<s>``), exactly what an OpenNMT-tf model
    converted in 2020 gets.
    """
    data = bytearray(model_bin.read_bytes())
    data[:4] = version.to_bytes(4, "little")
    model_bin.write_bytes(bytes(data))


def argos_decoder(tokenizer: object) -> Callable[[list[str]], str]:
    """argostranslate's decode, then its removal of one leading space (translate.py)."""

    def decode(tokens: list[str]) -> str:
        value: str = tokenizer.decode(tokens)  # type: ignore[attr-defined]
        return value[1:] if value.startswith(" ") else value

    return decode


def activation_id(name: str) -> int:
    from ctranslate2.specs import common_spec

    return int(getattr(common_spec.Activation, name))


def marian_architecture(activation: str, float_scale: bool, bias: bool) -> circuit.Architecture:
    return circuit.Architecture(
        pre_norm=False,
        activation=activation_id(activation),
        float_scale=float_scale,
        tied=True,
        start_from_zero=True,
        projection_bias=bias,
        end_detector=False,
    )
