"""Glossary enforcement on the real engine, with names neither model has ever seen.

Held-out sentences get a known city replaced by an invented one that only the
glossary knows. Each must come out with the glossary's English form, or carry a
``missing-term`` flag: never a silent wrong name. The stand-in model was trained
without placeholders, like a real Argos model.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

import pytest

from briefing.api import make_protector
from briefing.document import Article, Paragraph, TranslatedParagraph
from briefing.mt.engine import DecodeOptions, Engine
from briefing.mt.packages import select_model
from briefing.pipeline import translate_articles
from helpers import DEMO_ID, STANDIN_ID, data_path

KNOWN = [
    ("موسكو", "Moscow"),
    ("كييف", "Kyiv"),
    ("كورسك", "Kursk"),
    ("سيول", "Seoul"),
    ("باريس", "Paris"),
    ("واشنطن", "Washington"),
    ("بيونغ يانغ", "Pyongyang"),
    ("دمشق", "Damascus"),
    ("بكين", "Beijing"),
    ("لندن", "London"),
    ("طهران", "Tehran"),
    ("القاهرة", "Cairo"),
]
INVENTED = [("تارفيل", "Tarvel"), ("موريندا", "Morinda"), ("كالبيرو", "Kalbiro")]
EXACT = DecodeOptions(compute_type="float32")


@dataclass
class Case:
    arabic: str
    english_name: str


def cases() -> list[Case]:
    found = []
    lines = data_path("heldout.jsonl").read_text(encoding="utf-8").splitlines()
    for row in map(json.loads, lines):
        for arabic, english in KNOWN:
            if row["arabic"].count(arabic) == 1 and row["english"].count(english) == 1:
                new_arabic, new_english = INVENTED[len(found) % len(INVENTED)]
                found.append(Case(row["arabic"].replace(arabic, new_arabic), new_english))
                break
    return found


@pytest.fixture(scope="module")
def glossary(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("glossary") / "invented.csv"
    rows = ["arabic,english,kind,variants,note"]
    rows += [f"{arabic},{english},place,," for arabic, english in INVENTED]
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    return path


def translate(model_id: str, glossary: Path, options: DecodeOptions) -> list[TranslatedParagraph]:
    protector, _ = make_protector(glossary)
    engine = Engine(select_model(model_id), options)
    articles = [Article(title="", paragraphs=[Paragraph(c.arabic) for c in cases()])]
    return translate_articles(articles, engine, protector=protector)[0].paragraphs


def kept(paragraph: TranslatedParagraph, case: Case) -> bool:
    return case.english_name in paragraph.target


@pytest.mark.parametrize(("model_id", "floor"), [(DEMO_ID, 0.98), (STANDIN_ID, 0.90)])
def test_unknown_names_come_out_as_the_glossary_says_or_are_flagged(
    installed_models: Path, glossary: Path, model_id: str, floor: float
) -> None:
    all_cases = cases()
    assert len(all_cases) >= 40
    paragraphs = translate(model_id, glossary, EXACT)
    assert all(
        p.terms and p.terms[0].english == c.english_name
        for p, c in zip(paragraphs, all_cases, strict=True)
    )
    good = 0
    for paragraph, case in zip(paragraphs, all_cases, strict=True):
        if kept(paragraph, case):
            good += 1
        else:
            assert "missing-term" in {f.code for f in paragraph.flags}, paragraph.target
    assert good / len(all_cases) >= floor, f"{model_id}: {good}/{len(all_cases)}"


def test_a_name_the_engine_lost_is_flagged_missing_term(
    installed_models: Path, glossary: Path
) -> None:
    # Without term repair, the stand-in (which never learned placeholders) loses
    # names; every such sentence must say so.
    options = DecodeOptions(compute_type="float32", repair_terms=False)
    paragraphs = translate(STANDIN_ID, glossary, options)
    lost = [p for p, c in zip(paragraphs, cases(), strict=True) if not kept(p, c)]
    assert lost, "expected the stand-in to lose some unknown names without repair"
    for paragraph in lost:
        flags = [f for f in paragraph.flags if f.code == "missing-term"]
        assert flags and any(t.english in flags[0].message for t in paragraph.terms)
