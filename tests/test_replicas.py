"""Every real model layout, on its replica (tools/make_replicas.py): random-free weights
whose circuit copies the source, so the English must be exactly the source with each
glossary name put in its English form, and every code, number and address unchanged."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from briefing.document import Article, Paragraph
from briefing.glossary.store import Entry, Glossary
from briefing.mt.engine import DecodeOptions, Engine, Unit
from briefing.mt.install import install_file
from briefing.mt.packages import InstalledModel
from briefing.pipeline import translate_articles
from briefing.protect.protector import protector_for
from helpers import ROOT, TESTS

REPLICAS = TESTS / "models" / "replicas"
# family folder -> (what users install, the family briefing must detect)
LAYOUTS = {
    "argos-sp": ("argos-sp.argosmodel", "argos"),
    "argos-bpe": ("argos-bpe.argosmodel", "argos"),
    "opus-mt-ct2": ("opus-mt-ct2", "opus-mt"),
    "marian-hf-ct2": ("marian-hf-ct2", "marian"),
    "nllb-ct2": ("nllb-ct2", "nllb"),
}
LEAKS = ("</s>", "<s>", "<unk>", "<pad>", "\u2581", "@@", "arb_Arab", "eng_Latn")
SENTENCE = (
    "وقال بوتين إن user_name نشر أن طائرات F-16 وصلت في 2024 وفق https://example.org/a_b اليوم"
)
GLOSSARY = Glossary([Entry("بوتين", "Putin", "person")])


@pytest.fixture(scope="module")
def homes(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    root = tmp_path_factory.mktemp("replica-homes")
    env = {"ARGOS_PACKAGES_DIR": str(root / "argos"), "BRIEFING_MODELS_DIR": str(root / "ct2")}
    return env


@pytest.fixture(scope="module")
def installed(homes: dict[str, str]) -> dict[str, InstalledModel]:
    saved = {k: os.environ.get(k) for k in homes}
    os.environ.update(homes)
    try:
        return {name: install_file(REPLICAS / LAYOUTS[name][0]) for name in LAYOUTS}
    finally:
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value


def translate(model: InstalledModel, text: str, beam: int) -> tuple[str, list[str]]:
    engine = Engine(model, DecodeOptions(beam_size=beam))
    article = Article(title="", paragraphs=[Paragraph(text)])
    [done] = translate_articles([article], engine, None, protector_for(GLOSSARY))
    [paragraph] = done.paragraphs
    return paragraph.target, [f.code for f in paragraph.flags]


@pytest.mark.parametrize("name", sorted(LAYOUTS))
def test_the_family_is_detected(name: str, installed: dict[str, InstalledModel]) -> None:
    assert installed[name].family == LAYOUTS[name][1]


@pytest.mark.parametrize("beam", [1, 4])
@pytest.mark.parametrize("name", sorted(LAYOUTS))
def test_codes_numbers_addresses_and_names_come_out_exactly(
    name: str, beam: int, installed: dict[str, InstalledModel]
) -> None:
    english, flags = translate(installed[name], SENTENCE, beam)
    # The echo gives the source back; the glossary name must be in its English form.
    assert english == SENTENCE.replace("بوتين", "Putin")
    for leak in LEAKS:
        assert leak not in english
    assert "missing-term" not in flags


@pytest.mark.parametrize("name", sorted(LAYOUTS))
def test_a_sentence_longer_than_the_model_takes_is_cut_between_words(
    name: str, installed: dict[str, InstalledModel]
) -> None:
    model = installed[name]
    words = [f"قال {n} جنديا" for n in range(400)]
    text = " ".join(words)
    engine = Engine(model, DecodeOptions(beam_size=1))
    pieces = engine.pieces([Unit(text)])
    assert len(pieces) >= 2
    assert all(len(p.tokens) <= model.max_input_tokens for p in pieces)
    english, _ = translate(model, text, 1)
    assert english == text  # nothing lost or doubled at the cuts


def reference_tokens() -> dict[str, list[dict[str, object]]]:
    data: dict[str, list[dict[str, object]]] = json.loads(
        (TESTS / "data" / "replica-tokens.json").read_text(encoding="utf-8")
    )
    return data


@pytest.mark.parametrize("name", sorted(LAYOUTS))
def test_tokens_fed_to_ctranslate2_are_the_reference_tokenization(
    name: str, installed: dict[str, InstalledModel]
) -> None:
    cases = reference_tokens()[name]
    assert cases
    # The reference encodes a whole sentence, however long: so does this engine here.
    engine = Engine(installed[name], DecodeOptions(max_input_tokens=100_000))
    vocabulary = _vocabulary(installed[name])
    for case in cases:
        text = str(case["text"])
        [piece] = engine.pieces([Unit(text)])
        # What goes into translate_batch, as ids of the model's vocabulary (a piece the
        # vocabulary lacks is <unk> there, as Hugging Face's tokenizers name it).
        assert [vocabulary.get(t, vocabulary["<unk>"]) for t in piece.tokens] == case["ids"], text
        expected = [str(t) for t in case["tokens"]]  # type: ignore[attr-defined]
        assert len(piece.tokens) == len(expected)
        for ours, theirs in zip(piece.tokens, expected, strict=True):
            assert ours == theirs or (theirs == "<unk>" and ours not in vocabulary), text


def _vocabulary(model: InstalledModel) -> dict[str, int]:
    folder = model.layout.model_dir
    for name in ("shared_vocabulary", "source_vocabulary"):
        if (folder / f"{name}.json").is_file():
            tokens = json.loads((folder / f"{name}.json").read_text(encoding="utf-8"))
            break
        if (folder / f"{name}.txt").is_file():
            tokens = (folder / f"{name}.txt").read_text(encoding="utf-8").splitlines()
            break
    ids = {token: index for index, token in enumerate(tokens)}
    ids.setdefault("<unk>", len(tokens))  # CTranslate2 appends <unk> when it is missing
    return ids


def test_with_a_real_layout_installed_it_is_used_and_the_demo_notice_is_gone(
    tmp_path: Path,
) -> None:
    env = {
        **os.environ,
        "ARGOS_PACKAGES_DIR": str(tmp_path / "argos"),
        "BRIEFING_MODELS_DIR": str(tmp_path / "ct2"),
        "BRIEFING_CACHE_DIR": str(tmp_path / "cache"),
    }
    command = [sys.executable, "-m", "briefing"]
    article = ROOT / "examples" / "troops.txt"
    before = subprocess.run(
        [*command, "translate", str(article), "-f", "json"],
        capture_output=True, text=True, env=env, timeout=300,
    )  # fmt: skip
    assert before.returncode == 0, before.stderr
    assert "bundled demo" in before.stderr and "briefing model install" in before.stderr
    assert json.loads(before.stdout)["briefing"]["model"]["bundled"] is True
    install = [*command, "model", "install", "--file", str(REPLICAS / "nllb-ct2"), "--id", "nllb"]
    assert subprocess.run(install, env=env, timeout=300).returncode == 0
    after = subprocess.run(
        [*command, "translate", str(article), "-f", "json"],
        capture_output=True, text=True, env=env, timeout=300,
    )  # fmt: skip
    assert after.returncode == 0, after.stderr
    assert "demo" not in after.stderr
    model = json.loads(after.stdout)["briefing"]["model"]
    assert model["id"] == "nllb" and not model["demo"] and not model["bundled"]
    listing = subprocess.run(
        [*command, "model", "list"], capture_output=True, text=True, env=env, timeout=300
    )
    assert ["*", "nllb", "nllb", "ar→en"] in [
        line.split()[:4] for line in listing.stdout.splitlines()
    ]
