"""Names survive what real models do: replicas that reorder, respell and drop.

Each replica is a committed tiny replica (tools/make_replicas.py) whose weights are
rebuilt in about a second by tools/replicas/behaviour.py to write the sentence's words
in another order, leave some out, or write other pieces for a name or a number. Its
attention still points at the source token each output token came from, as a trained
model's alignment head does, but off the diagonal: restoration that placed names by
position instead of by attention fails every test here (checked by setting ``aligned_to``
in ``restore_tokens`` to ``list(range(len(attention)))``: 25 of 25 fail). The expected
English follows from the behaviour: the source's words in the model's order, each
glossary name in its English form. Every family's layout is covered (Argos SentencePiece
and BPE, OPUS-MT, Marian, NLLB).
"""

from __future__ import annotations

import os
import shutil
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from briefing.document import Article, Paragraph
from briefing.glossary.store import Entry, Glossary
from briefing.mt.engine import DecodeOptions, Engine, Unit
from briefing.mt.install import install_file
from briefing.mt.packages import InstalledModel
from briefing.pipeline import RunStats, translate_articles
from briefing.protect.protector import protector_for
from helpers import ROOT, TESTS

sys.path.insert(0, str(ROOT / "tools"))
from replicas.behaviour import REBUILDERS, rebuild  # noqa: E402
from replicas.circuit import Behaviour  # noqa: E402

REPLICAS = TESTS / "models" / "replicas"
ARCHIVES = {"argos-sp": "argos-sp.argosmodel", "argos-bpe": "argos-bpe.argosmodel"}
FAMILIES = sorted(REBUILDERS)
SENTENCE = "وقال بوتين إن طائرات F-16 وصلت في 2024 اليوم"
WORDS = SENTENCE.split()
NAME, VERB, THAT, CODE, YEAR = 1, 0, 2, 4, 7  # word indices
GLOSSARY = Glossary([Entry("بوتين", "Putin", "person")])
# Pieces each respelling replica writes for the name's pieces and the year's: "Potin"
# (or "Bouin") for بوتين, 2014 for 2024; all are pieces of the target vocabulary.
RESPELLED = {
    "argos-sp": (["▁P", "ot", "in"], "Potin", ["▁2014"]),
    "argos-bpe": (["B@@", "ou@@", "in"], "Bouin", ["2014"]),
    "opus-mt-ct2": (["▁P", "ot", "in"], "Potin", ["▁2014"]),
    "marian-hf-ct2": (["▁P", "ot", "in"], "Potin", ["▁2014"]),
    "nllb-ct2": (["▁B", "ou", "in"], "Bouin", ["▁2014"]),
}

Build = Callable[..., InstalledModel]


def install(path: Path, home: Path) -> InstalledModel:
    """Install into a folder of its own: every build of a family has the same name."""
    keys = ("ARGOS_PACKAGES_DIR", "BRIEFING_MODELS_DIR")
    saved = {key: os.environ.get(key) for key in keys}
    os.environ.update({"ARGOS_PACKAGES_DIR": str(home / "a"), "BRIEFING_MODELS_DIR": str(home)})
    try:
        return install_file(path)
    finally:
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value


def word_tokens(model: InstalledModel) -> list[list[int]]:
    """The positions of each word's tokens in the source CTranslate2 reads."""
    encoded = Engine(model).tokenizer.encode(SENTENCE)
    ends, end = [], -1
    for word in WORDS:
        end = SENTENCE.index(word, end + 1) + len(word)
        ends.append(end)
    first = len(model.layout.source_prefix)
    words: list[list[int]] = [[] for _ in WORDS]
    for index, (start, _) in enumerate(encoded.offsets):
        words[next(w for w, e in enumerate(ends) if e > start)].append(first + index)
    assert all(words), encoded.tokens
    return words


@pytest.fixture(scope="module")
def build(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Build]:
    root = tmp_path_factory.mktemp("behaviour")
    copies = {
        family: install(REPLICAS / ARCHIVES.get(family, family), root / family)
        for family in FAMILIES
    }
    count = 0

    def make(family: str, order: list[int], respell: bool = False) -> InstalledModel:
        """The ``family`` replica writing the words in ``order`` (word indices; the
        others dropped), with the name and the year respelled if ``respell``."""
        nonlocal count
        count += 1
        words = word_tokens(copies[family])
        [piece] = Engine(copies[family]).pieces([Unit(SENTENCE)])
        tokens = piece.tokens  # as CTranslate2 reads them, framing included
        mapping: dict[str, str] = {}
        if respell:
            name, _, year = RESPELLED[family]
            pieces = [tokens[i] for i in words[NAME]] + [tokens[i] for i in words[YEAR]]
            mapping = dict(zip(pieces, name + year, strict=True))
        framing = range(len(copies[family].layout.source_prefix))  # NLLB's arb_Arab stays
        behaviour = Behaviour(
            order=(*framing, *(t for w in order for t in words[w])),
            resume=words[-1][-1] + 1,  # what follows the last word (</s> where fed) stays
            respell=mapping,
        )
        folder = root / f"build-{count}" / family
        shutil.copytree(REPLICAS / family, folder)
        return install(rebuild(folder, family, behaviour), root / f"home-{count}")

    yield make


def translate(model: InstalledModel, repair: bool = True) -> tuple[str, list[str], RunStats]:
    engine = Engine(model, DecodeOptions(beam_size=1, repair_terms=repair))
    stats = RunStats()
    article = Article(title="", paragraphs=[Paragraph(SENTENCE)])
    [done] = translate_articles([article], engine, None, protector_for(GLOSSARY), None, stats)
    [paragraph] = done.paragraphs
    return paragraph.target, [f.code for f in paragraph.flags], stats


def english(order: list[int]) -> str:
    """The source's words in ``order``, with the glossary's English for the name."""
    return " ".join("Putin" if w == NAME else WORDS[w] for w in order)


EVERY_WORD = list(range(len(WORDS)))


@pytest.mark.parametrize("family", FAMILIES)
def test_after_a_reordering_the_name_is_where_the_model_put_it(family: str, build: Build) -> None:
    order = [NAME, VERB, *EVERY_WORD[2:]]  # verb-subject becomes subject-verb
    text, flags, stats = translate(build(family, order))
    assert text == english(order)
    assert text.startswith("Putin وقال")
    assert stats.restored == {"aligned": 1, "kept": 2}
    assert "missing-term" not in flags and "term-inserted" not in flags


@pytest.mark.parametrize("family", FAMILIES)
def test_a_respelled_name_and_year_take_the_glossary_form(family: str, build: Build) -> None:
    # Reordered, with a word dropped before the code and the year: their attention is
    # one source token off the diagonal.
    order = [NAME, VERB, *EVERY_WORD[THAT + 1 :]]
    model = build(family, order, respell=True)
    raw, _, _ = translate(model, repair=False)
    _, respelling, _ = RESPELLED[family]
    assert raw.startswith(f"{respelling} وقال") and "2014" in raw and "2024" not in raw
    text, flags, stats = translate(model)
    assert text == english(order)
    assert stats.restored == {"aligned": 2, "kept": 1}
    assert "missing-term" not in flags and "term-inserted" not in flags


@pytest.mark.parametrize("family", FAMILIES)
def test_a_dropped_name_is_inserted_after_the_word_before_it_and_flagged(
    family: str, build: Build
) -> None:
    order = [w for w in EVERY_WORD if w != NAME]
    text, flags, stats = translate(build(family, order))
    assert text == english(EVERY_WORD)  # put back after وقال, where the Arabic had it
    assert stats.restored == {"inserted": 1, "kept": 2}
    assert flags.count("term-inserted") == 1


@pytest.mark.parametrize("family", FAMILIES)
def test_a_dropped_code_and_year_are_inserted_and_flagged(family: str, build: Build) -> None:
    order = [NAME, VERB, *(w for w in EVERY_WORD[2:] if w not in (CODE, YEAR))]
    text, flags, stats = translate(build(family, order))
    # Each goes after the output of the source word before it: طائرات and في.
    assert text == english([NAME, VERB, *EVERY_WORD[2:]])
    assert stats.restored == {"aligned": 1, "inserted": 2}
    assert flags.count("term-inserted") == 2


@pytest.mark.parametrize("family", FAMILIES)
def test_a_dropped_year_goes_after_the_word_before_it_though_a_later_word_moved(
    family: str, build: Build
) -> None:
    # The model moved وصلت to the end and dropped the year: the year followed في in the
    # Arabic, so it goes after في, not after the last output of any earlier word.
    arrived, on, today = 5, 6, 8
    order = [NAME, VERB, THAT, 3, CODE, on, today, arrived]
    text, flags, stats = translate(build(family, order))
    assert text == english([NAME, VERB, THAT, 3, CODE, on, YEAR, today, arrived])
    assert stats.restored == {"aligned": 1, "kept": 1, "inserted": 1}
    assert flags.count("term-inserted") == 1
