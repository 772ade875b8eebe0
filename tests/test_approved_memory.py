"""The approved memory: its table in the memory file (and the migration of an old file),
exact, sentence and fuzzy reuse in real runs of the demo model, and what the outputs show."""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys
from dataclasses import replace
from pathlib import Path
from typing import Any

import jsonschema
import pdfplumber
import pytest
from docx.oxml.ns import qn

from briefing import api
from briefing.document import APPROVED, Article, Paragraph
from briefing.mt.approved import Approval, ApprovedMemory
from briefing.mt.memory import SCHEMA, SCHEMA_VERSION, Memory
from briefing.render.docx import render_docx
from briefing.render.jsondoc import schema_path
from briefing.render.meta import BriefingMeta
from briefing.render.text import render_html, render_markdown
from helpers import DEMO_ID, ROOT, sample_briefing
from review_support import briefing, open_document, soffice

TASS = "ذكرت وكالة TASS أن 400 عسكري انتشروا في منطقة كورسك."
PESKOV = "نفى بيسكوف إرسال قوات إلى كورسك."
KIM = "حذر كيم جونغ أون من أن حلف الناتو يواجه أزمة خطيرة."
RUTTE = "قال مارك روته في مقابلة مع قناة CNN إن المحادثات مع زيلينسكي كانت مثمرة."


def article(
    *texts: str, title: str = "أرسلت كوريا الشمالية نحو ١٢٬٠٠٠ جندي إلى منطقة كورسك."
) -> Article:
    return Article(title=title, paragraphs=[Paragraph(text) for text in texts])


@pytest.fixture
def settings(installed_models: Path, tmp_path: Path) -> api.Settings:
    return api.Settings(
        model_id=DEMO_ID,
        cache_path=tmp_path / "memory.sqlite3",
        glossary_path=ROOT / "glossary",
    )


def approve(settings: api.Settings, *approvals: Approval) -> None:
    assert settings.cache_path is not None
    with ApprovedMemory(settings.cache_path) as memory:
        memory.put(approvals)


def test_an_old_memory_file_is_migrated_and_keeps_its_translations(tmp_path: Path) -> None:
    path = tmp_path / "memory.sqlite3"
    with sqlite3.connect(path) as db:  # the file as every earlier version wrote it
        db.execute(SCHEMA)
        db.execute("INSERT INTO segments VALUES ('k', 'English', -0.5, '[]', 0)")
    racing = [
        subprocess.Popen([sys.executable, "-c", f"from pathlib import Path; from briefing.mt.memory import Memory; Memory(Path({str(path)!r})).close()"])
        for _ in range(2)
    ]  # fmt: skip
    assert [process.wait(timeout=120) for process in racing] == [0, 0]
    memory = Memory(path)
    assert memory.get_many(["k"]) == {"k": ("English", -0.5, "[]")}
    memory.close()
    with sqlite3.connect(path) as db:
        assert db.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION == 2
        tables = {row[0] for row in db.execute("SELECT name FROM sqlite_master")}
        assert {"segments", "approved", "segment_use"} <= tables
        assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"


def test_an_exact_match_is_used_instead_of_the_model_and_still_checked(
    settings: api.Settings,
) -> None:
    before = api.translate([article(TASS, RUTTE)], settings)
    approve(settings, Approval(RUTTE, "Rutte told CNN the talks with Zelensky went well.", "t"))
    after = api.translate([article(TASS, RUTTE)], replace(settings, use_cache=False))
    tass, rutte = after.articles[0].paragraphs
    assert (tass.origin, rutte.origin) == ("mt", APPROVED)
    assert tass.target == before.articles[0].paragraphs[0].target
    assert rutte.target == "Rutte told CNN the talks with Zelensky went well."
    assert [s.origin for s in rutte.sentences] == [APPROVED]
    assert after.stats.sentences == before.stats.sentences - 1  # never given to the model
    approve(settings, Approval(TASS, "TASS said troops deployed in the Kursk region.", "t"))
    checked = api.translate([article(TASS)], settings).articles[0].paragraphs[0]
    assert checked.origin == APPROVED
    assert [f.code for f in checked.flags] == ["number-mismatch"]  # 400 left out


def test_folded_copies_of_a_paragraph_share_the_approval(settings: api.Settings) -> None:
    approve(settings, Approval(RUTTE, "Approved Rutte.", "t"))
    copy = RUTTE.replace("قال", "قَالَ").replace("إن", "ان").replace("مثمرة", "مثمـرة")
    assert (
        api.translate([article(copy)], settings).articles[0].paragraphs[0].target
        == "Approved Rutte."
    )


def test_sentences_are_reused_where_the_paragraphs_split_one_to_one(
    settings: api.Settings,
) -> None:
    approve(
        settings, Approval(f"{TASS} {PESKOV}", "TASS: 400 troops in Kursk. Peskov denied it.", "t")
    )
    mixed, alone = (
        api.translate([article(f"{PESKOV} {KIM}", PESKOV)], settings).articles[0].paragraphs
    )
    assert mixed.origin == "mt" and [s.origin for s in mixed.sentences] == [APPROVED, "mt"]
    assert mixed.target.startswith("Peskov denied it. ") and len(mixed.target) > 20
    assert (alone.origin, alone.target) == (APPROVED, "Peskov denied it.")


def test_a_paragraph_approval_is_never_replaced_by_a_sentence_of_another(
    settings: api.Settings,
) -> None:
    approve(settings, Approval(PESKOV, "Peskov, approved whole.", "t"))
    approve(settings, Approval(f"{TASS} {PESKOV}", "TASS said so. Peskov denied it.", "t"))
    alone = api.translate([article(PESKOV)], settings).articles[0].paragraphs[0]
    assert alone.target == "Peskov, approved whole."


def test_a_fuzzy_match_is_offered_never_used(settings: api.Settings, tmp_path: Path) -> None:
    near = RUTTE.replace("مثمرة", "مفيدة جدا")
    approve(settings, Approval(near, "Rutte said the talks were very useful.", "t"))
    source = tmp_path / "rutte.txt"
    source.write_text(f"عنوان\n{RUTTE}\n", encoding="utf-8")
    env = {"BRIEFING_CACHE_DIR": str(tmp_path)}
    shown = briefing("translate", source, "--format", "json", "--model", DEMO_ID, env=env)
    assert shown.returncode == 0, shown.stderr
    document = json.loads(shown.stdout)
    validator().validate(document)
    paragraph = document["articles"][0]["paragraphs"][0]
    assert (
        paragraph["origin"] == "mt"
        and paragraph["target"] != "Rutte said the talks were very useful."
    )
    assert paragraph["suggestion"]["english"] == "Rutte said the talks were very useful."
    assert paragraph["suggestion"]["source"] == near
    assert 0.75 <= paragraph["suggestion"]["similarity"] < 1
    ignored = briefing(
        "translate", source, "--format", "json", "--model", DEMO_ID, "--no-approved", env=env
    )
    assert "suggestion" not in json.loads(ignored.stdout)["articles"][0]["paragraphs"][0]


def test_no_approved_ignores_the_memory_on_build(settings: api.Settings, tmp_path: Path) -> None:
    approve(settings, Approval(RUTTE, "Approved Rutte.", "t"))
    source = tmp_path / "rutte.txt"
    source.write_text(f"عنوان\n{RUTTE}\n", encoding="utf-8")
    env = {"BRIEFING_CACHE_DIR": str(tmp_path)}
    for flag, origin in (("--force", "approved"), ("--no-approved", "mt")):
        out = tmp_path / "b.json"
        done = briefing("build", source, "-o", out, "--model", DEMO_ID, "--force", flag, env=env)
        assert done.returncode == 0, done.stderr
        document = json.loads(out.read_text(encoding="utf-8"))
        validator().validate(document)
        assert document["articles"][0]["paragraphs"][0]["origin"] == origin


def validator() -> jsonschema.Draft202012Validator:
    schema = json.loads(schema_path().read_text(encoding="utf-8"))
    return jsonschema.Draft202012Validator(schema)


# -- what the outputs show ----------------------------------------------------------------
META = BriefingMeta(title="Reviewed briefing", date="2026-12-01")


def reviewed_sample() -> list[Any]:
    articles = sample_briefing()
    first = articles[0].paragraphs[0]
    articles[0].paragraphs[0] = replace(first, origin=APPROVED, flags=[])
    return articles


def test_html_and_markdown_mark_approved_paragraphs_and_explain_the_mark() -> None:
    html = render_html(reviewed_sample(), META)
    assert html.count('class="approved-mark">✔ Approved translation</p>') == 1
    assert (
        '<tr class="approved">' in html
        and "the English of\n    1 paragraph or title is not" in html
    )
    markdown = render_markdown(reviewed_sample(), META)
    assert "**✔ Approved translation:** the English of 1 paragraph or title is not" in markdown
    assert markdown.count(" **✔ Approved translation**\n") == 1  # after the paragraph
    plain = render_markdown(sample_briefing(), META)
    assert "No paragraph comes from the approved memory" in plain


def test_the_docx_marks_the_approved_cell_and_the_cover_explains_it(tmp_path: Path) -> None:
    out = tmp_path / "reviewed.docx"
    render_docx(reviewed_sample(), out, template=ROOT / "templates" / "briefing.docx", meta=META)
    document = open_document(out)
    marks = [p for p in document.paragraphs if p.style.name == "Approved Mark"]
    assert (
        len(marks) == 1
        and "the English of 1 paragraph or title is not the machine's" in marks[0].text
    )
    cells = [c for t in document.tables for row in t.rows for c in row.cells[:1]]
    approved = [c for c in cells if any(p.style.name == "Approved Mark" for p in c.paragraphs)]
    assert len(approved) == 1 and approved[0].paragraphs[1].text == "✔ Approved translation"
    shading = approved[0]._tc.tcPr.find(qn("w:shd"))
    assert shading.get(qn("w:fill")) == "E6F2E6"
    pdf_dir = tmp_path / "pdf"
    profile = pdf_dir / "profile"
    subprocess.run(
        [soffice(), f"-env:UserInstallation={profile.as_uri()}", "--headless",
         "--convert-to", "pdf", "--outdir", str(pdf_dir), str(out)],
        check=True, capture_output=True, timeout=240,
    )  # fmt: skip
    with pdfplumber.open(pdf_dir / "reviewed.pdf") as pdf:
        text = "\n".join(page.extract_text() or "" for page in pdf.pages)
    assert text.count("✔ Approved translation") == 2  # the legend on the cover, the cell
