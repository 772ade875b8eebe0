"""Name repair must not hide losses: a name the model dropped and repair put back by
position gets a ``term-inserted`` flag, in the JSON and the DOCX, counted on the cover.

Real engine (the demo model, which drops names in real news), real seed article, real
DOCX reopened with python-docx.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from docx import Document
from docx.oxml.ns import qn

from briefing import api
from briefing.ingest.reader import read_articles
from briefing.mt.engine import DecodeOptions
from briefing.qa.checks import summarize
from briefing.workspace import packaged_defaults
from helpers import DEMO_ID, shared_path

SEED = shared_path("seeds/rt-arabic-rutte-kursk.txt")


def settings(repair: bool) -> api.Settings:
    return api.Settings(
        model_id=DEMO_ID,
        options=DecodeOptions(repair_terms=repair),
        use_cache=False,
        glossary_path=packaged_defaults() / "glossary",
    )


def test_every_name_put_back_by_position_is_flagged(installed_models: Path) -> None:
    articles = read_articles(SEED)
    repaired = api.translate(articles, settings(repair=True))
    plain = api.translate(read_articles(SEED), settings(repair=False))
    with_repair, without_repair = summarize(repaired.articles), summarize(plain.articles)
    assert without_repair["missing-term"] > 0
    assert with_repair["term-inserted"] == repaired.stats.restored["inserted"] > 0
    assert with_repair["missing-term"] + with_repair["term-inserted"] > 0
    for article in repaired.articles:
        for paragraph in [article.title, *article.paragraphs]:
            for flag in paragraph.flags:
                if flag.code == "term-inserted":
                    name = re.match(r'"([^"]+)" \(', flag.message)
                    assert name is not None and name[1] in paragraph.target, flag.message


def run(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "BRIEFING_MODEL": DEMO_ID}
    return subprocess.run(
        [sys.executable, "-m", "briefing", *args],
        capture_output=True,
        text=True,
        cwd=cwd,
        env=env,
        timeout=300,
    )


@pytest.mark.slow
def test_the_flag_is_in_the_json_and_shaded_and_counted_in_the_docx(
    installed_models: Path, tmp_path: Path
) -> None:
    for suffix in ("json", "docx"):
        done = run("build", str(SEED), "-o", f"b.{suffix}", "--no-cache", cwd=tmp_path)
        assert done.returncode == 0, done.stderr
    data = json.loads((tmp_path / "b.json").read_text(encoding="utf-8"))
    inserted = [
        flag
        for article in data["articles"]
        for flags in [article["title_flags"], *(p["flags"] for p in article["paragraphs"])]
        for flag in flags
        if flag["code"] == "term-inserted"
    ]
    assert data["qa"]["term-inserted"] == len(inserted) > 0

    document = Document(str(tmp_path / "b.docx"))
    cover = {row.cells[0].text: row.cells[1].text for row in document.tables[1].rows[1:]}
    assert int(cover["term-inserted"]) == len(inserted)
    notes = [p.text for p in document.paragraphs if p.style.name == "QA Flag"]
    for table in document.tables:
        if [c.text for c in table.rows[0].cells] != ["English", "العربية"]:
            continue
        for row in table.rows[1:]:
            english = row.cells[0]
            cell_notes = [p.text for p in english.paragraphs if p.style.name == "QA Flag"]
            if any(note.startswith("QA term-inserted: ") for note in cell_notes):
                assert english._tc.tcPr.find(qn("w:shd")).get(qn("w:fill")) != "auto"
            notes.extend(cell_notes)
    shown = sorted(n for n in notes if n.startswith("QA term-inserted: "))
    assert shown == sorted(f"QA term-inserted: {flag['message']}" for flag in inserted)
