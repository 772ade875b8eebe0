"""`review import` of a reviewed briefing: edits made the way Word and LibreOffice make
them come back as approved English, and the next build uses exactly those."""

from __future__ import annotations

import copy
import subprocess
import sys
import time
import zipfile
from pathlib import Path
from typing import Any

import pytest
from docx.oxml.ns import qn

from briefing.render.marks import MarkNamer
from briefing.review.docx_review import read_review_docx
from briefing.review.wordml import W
from review_support import (
    article_rows,
    briefing,
    build,
    build_json,
    build_once,
    english_paragraph,
    libreoffice_resave,
    memory_file,
    memory_state,
    open_document,
    paragraphs,
    rewrite_across_runs,
)

W_DATE = "2026-12-01T09:00:00Z"


def folded(text: str) -> str:
    return " ".join(text.split())


def approved_rows(document: dict[str, Any]) -> dict[str, str]:
    """Arabic → English of every paragraph whose origin is approved."""
    return {
        folded(p["source"]): p["target"] for p in paragraphs(document) if p["origin"] == "approved"
    }


def arabic_of(row: Any) -> str:
    return folded(row.cells[1].text)


@pytest.fixture(scope="module")
def built(installed_models: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One briefing for the module; each test edits a copy and has its own memory."""
    return build_once(tmp_path_factory.mktemp("built"))


def test_edits_across_runs_survive_libreoffice_and_only_they_are_approved(
    built: Path, cache_dir: Path, tmp_path: Path
) -> None:
    document = open_document(built)
    rows = article_rows(document)
    edits = {
        arabic_of(rows[1]): ["The IMF agreed ", "a loan of $7 billion", " to Egypt at 3.5%."],
        arabic_of(rows[-1]): ["Kim Jong Un warned ", "that NATO faces a grave crisis.", " Zelensky threatened to retaliate."],
    }  # fmt: skip
    for row in (rows[1], rows[-1]):
        rewrite_across_runs(english_paragraph(row), edits[arabic_of(row)])
    edited = tmp_path / "edited.docx"
    document.save(str(edited))
    resaved = libreoffice_resave(edited, tmp_path / "lo")
    assert resaved.read_bytes() != edited.read_bytes()

    done = briefing("review", "import", resaved)
    assert done.returncode == 0, done.stderr
    assert f"2 approved, {len(rows) - 2} unchanged, 0 skipped" in done.stderr

    rebuilt = build_json(tmp_path / "again.json")
    assert approved_rows(rebuilt) == {source: "".join(p) for source, p in edits.items()}
    approved = [p for p in paragraphs(rebuilt) if p["origin"] == "approved"]
    assert all(s["origin"] == "approved" for p in approved for s in p["sentences"])
    mt = [p for p in paragraphs(rebuilt) if p["origin"] == "mt"]
    assert len(mt) == len(rows) - 2


def tracked_replace(paragraph: Any, old: str, new: str) -> str:
    """Delete ``old`` and insert ``new`` as tracked changes (w:del / w:ins); the text
    the paragraph has once they are accepted."""
    run = next(r for r in paragraph._p.findall(qn("w:r")) if old in r.find(qn("w:t")).text)
    text = run.find(qn("w:t")).text
    before, after = text.split(old, 1)
    run.find(qn("w:t")).text = before

    def change(tag: str, content: str, text_tag: str) -> Any:
        wrapper = run.makeelement(qn(tag), {qn("w:id"): "71" if tag == "w:del" else "72",
                                            qn("w:author"): "Analyst", qn("w:date"): W_DATE})  # fmt: skip
        piece = copy.deepcopy(run)
        piece.remove(piece.find(qn("w:t")))
        element = piece.makeelement(
            qn(text_tag), {"{http://www.w3.org/XML/1998/namespace}space": "preserve"}
        )
        element.text = content
        piece.append(element)
        wrapper.append(piece)
        return wrapper

    tail = copy.deepcopy(run)
    tail.find(qn("w:t")).text = after
    tail.find(qn("w:t")).set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
    run.find(qn("w:t")).set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
    deletion, insertion = change("w:del", old, "w:delText"), change("w:ins", new, "w:t")
    run.addnext(deletion)
    deletion.addnext(insertion)
    insertion.addnext(tail)
    return before + new + after


def delete_row_tracked(row: Any) -> None:
    """Delete a table row as Word does with Track Changes on."""
    tr = row._tr
    properties = tr.get_or_add_trPr()
    properties.append(
        properties.makeelement(qn("w:del"), {qn("w:id"): "81", qn("w:author"): "Analyst", qn("w:date"): W_DATE})
    )  # fmt: skip
    for run in list(tr.iter(qn("w:r"))):
        for text in run.findall(qn("w:t")):
            text.tag = qn("w:delText")
        wrapper = run.makeelement(qn("w:del"), {qn("w:id"): "82", qn("w:author"): "Analyst", qn("w:date"): W_DATE})  # fmt: skip
        run.addprevious(wrapper)
        wrapper.append(run)


@pytest.mark.parametrize("resave", [False, True], ids=["as-edited", "libreoffice-resaved"])
def test_tracked_changes_comments_and_deleted_rows(
    built: Path, cache_dir: Path, tmp_path: Path, resave: bool
) -> None:
    document = open_document(built)
    rows = article_rows(document)
    tracked, commented, deleted, removed = rows[0], rows[1], rows[2], rows[4]
    expected = tracked_replace(english_paragraph(tracked), "International Monetary Fund", "IMF")
    document.add_comment(
        english_paragraph(commented).runs, text="Check this figure", author="Analyst"
    )
    rewrite_across_runs(english_paragraph(deleted), ["An edit in a row ", "that is then deleted."])
    delete_row_tracked(deleted)
    rewrite_across_runs(english_paragraph(removed), ["An edit in a row removed outright."])
    removed._tr.getparent().remove(removed._tr)
    sources = {name: arabic_of(row) for name, row in [("tracked", tracked), ("deleted", deleted)]}
    edited = tmp_path / "tracked.docx"
    document.save(str(edited))
    if resave:
        edited = libreoffice_resave(edited, tmp_path / "lo")
        assert b"w:del " in zipfile.ZipFile(edited).read("word/document.xml")

    done = briefing("review", "import", edited)
    assert done.returncode == 0, done.stderr
    assert "1 approved" in done.stderr and "1 skipped" in done.stderr
    assert "paragraph 3: the row is deleted (tracked change); ignored" in done.stderr
    assert "tracked changes read as accepted: 1 insertions kept" in done.stderr

    rebuilt = build_json(tmp_path / "again.json")
    assert approved_rows(rebuilt) == {sources["tracked"]: expected}
    assert "IMF" in expected and "International Monetary Fund" not in expected


def test_an_edited_arabic_cell_is_ignored_with_a_warning_naming_the_row(
    built: Path, cache_dir: Path, tmp_path: Path
) -> None:
    document = open_document(built)
    rows = article_rows(document)
    rewrite_across_runs(english_paragraph(rows[1]), ["English that must not be stored."])
    arabic = rows[1].cells[1].paragraphs[0]
    arabic.runs[0].text = arabic.runs[0].text + " وأضاف"
    edited = tmp_path / "arabic.docx"
    document.save(str(edited))
    done = briefing("review", "import", edited)
    assert done.returncode == 0, done.stderr
    assert "article 1, paragraph 2: the Arabic cell was edited" in done.stderr
    assert "0 approved" in done.stderr and "1 skipped" in done.stderr
    assert approved_rows(build_json(tmp_path / "again.json")) == {}


def test_english_of_only_invisible_characters_is_empty(
    built: Path, cache_dir: Path, tmp_path: Path
) -> None:
    # Issue 17 item 6 (the bad-input catalogue's XLIFF and TMX cases are in
    # test_bad_input_data): zero-width and format characters show nothing.
    document = open_document(built)
    rows = article_rows(document)
    rewrite_across_runs(english_paragraph(rows[1]), ["\u200b", "\u2060\u200d", "\u00ad"])
    rewrite_across_runs(english_paragraph(rows[2]), ["The loan was agreed."])
    edited = tmp_path / "invisible.docx"
    document.save(str(edited))
    done = briefing("review", "import", edited)
    assert done.returncode == 0, done.stderr
    assert "article 1, paragraph 2: the English is empty; ignored" in done.stderr
    assert f"1 approved, {len(rows) - 2} unchanged, 1 skipped" in done.stderr
    _, stored, _ = memory_state(memory_file(cache_dir))
    assert [row[3] for row in stored if row[1] == "paragraph"] == ["The loan was agreed."]


def test_a_reimported_rebuilt_briefing_is_unchanged(
    built: Path, cache_dir: Path, tmp_path: Path
) -> None:
    document = open_document(built)
    rows = article_rows(document)
    rewrite_across_runs(english_paragraph(rows[0]), ["A corrected ", "first paragraph."])
    edited = tmp_path / "once.docx"
    document.save(str(edited))
    assert "1 approved" in briefing("review", "import", edited).stderr
    again = tmp_path / "again.docx"
    build(again)
    done = briefing("review", "import", again)
    assert done.returncode == 0 and f"0 approved, {len(rows)} unchanged" in done.stderr


def test_two_imports_at_once_both_land(built: Path, cache_dir: Path, tmp_path: Path) -> None:
    files = []
    for number in range(2):
        document = open_document(built)
        rows = article_rows(document)
        rewrite_across_runs(english_paragraph(rows[number]), [f"Edit number {number}."])
        path = tmp_path / f"edit-{number}.docx"
        document.save(str(path))
        files.append(path)
    command = [sys.executable, "-m", "briefing", "review", "import"]
    running = [
        subprocess.Popen([*command, str(p)], stderr=subprocess.PIPE, text=True) for p in files
    ]
    for process in running:
        _, stderr = process.communicate(timeout=300)
        assert process.returncode == 0, stderr
        assert "1 approved" in stderr
    check, stored, _ = memory_state(memory_file(cache_dir))
    assert check == "ok"
    assert sorted(row[3] for row in stored) == ["Edit number 0.", "Edit number 1."]


def test_a_30000_row_article_is_read_in_linear_time(tmp_path: Path) -> None:
    # One table of 30,000 marked rows (the last one's Arabic edited): each table's rows are
    # numbered once, not looked up again for every row (quadratic: over 40 s).
    namer = MarkNamer()
    rows = []
    for number in range(1, 30_001):
        arabic, english = f"فقرة رقم {number}", f"Paragraph number {number}"
        mark = namer.name(arabic, english)
        shown = arabic if number < 30_000 else arabic + " معدلة"
        rows.append(
            f'<w:tr><w:tc><w:p><w:bookmarkStart w:id="{number}" w:name="{mark}"/>'
            f'<w:r><w:t>{english}</w:t></w:r><w:bookmarkEnd w:id="{number}"/></w:p></w:tc>'
            f"<w:tc><w:p><w:r><w:t>{shown}</w:t></w:r></w:p></w:tc></w:tr>"
        )
    header = "<w:tr><w:tc><w:p/></w:tc><w:tc><w:p/></w:tc></w:tr>"
    document = (
        f'<w:document xmlns:w="{W[1:-1]}"><w:body><w:tbl>{header}{"".join(rows)}'
        "</w:tbl></w:body></w:document>"
    )
    path = tmp_path / "long.docx"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("word/document.xml", document)
    started = time.perf_counter()
    read = read_review_docx(path)
    elapsed = time.perf_counter() - started
    assert read.unchanged == 29_999 and not read.approvals
    assert len(read.skipped) == 1 and read.skipped[0].startswith("paragraph 30000:")
    assert elapsed < 15, f"{elapsed:.1f} s for 30,000 rows"
