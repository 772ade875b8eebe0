"""Files `review import` and `memory import` must refuse: one line naming the file, exit
1, and the memory exactly as it was (SQLite's integrity check, every row, the counts)."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest
from docx import Document

from review_support import (
    article_rows,
    briefing,
    build_once,
    english_paragraph,
    memory_file,
    memory_state,
    open_document,
    rewrite_across_runs,
)

XLIFF_HEAD = (
    '<?xml version="1.0"?>\n<xliff xmlns="urn:oasis:names:tc:xliff:document:1.2" version="1.2">'
)


def plain_text(folder: Path, built: Path) -> Path:
    path = folder / "notes.docx"
    path.write_text("Just some notes, not a Word file.\n", encoding="utf-8")
    return path


def zip_of_text(folder: Path, built: Path) -> Path:
    path = folder / "archive.docx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("readme.txt", "not a document")
    return path


def other_tools_docx(folder: Path, built: Path) -> Path:
    document = Document()
    table = document.add_table(rows=2, cols=2)
    for cell, text in zip(table.rows[0].cells, ["English", "العربية"], strict=True):
        cell.text = text
    table.rows[1].cells[0].text = "A translation made elsewhere."
    table.rows[1].cells[1].text = "ترجمة من مكان آخر."
    path = folder / "other.docx"
    document.save(str(path))
    return path


def damaged_docx(folder: Path, built: Path) -> Path:
    path = folder / "damaged.docx"
    raw = io.BytesIO()
    with zipfile.ZipFile(built) as source, zipfile.ZipFile(raw, "w") as target:
        for info in source.infolist():
            data = source.read(info.filename)
            if info.filename == "word/document.xml":
                data = data[: len(data) // 2]
            target.writestr(info.filename, data)
    path.write_bytes(raw.getvalue())
    return path


def malformed_xliff(folder: Path, built: Path) -> Path:
    path = folder / "job.xlf"
    path.write_text(XLIFF_HEAD + '<file source-language="ar" target-language="en"', "utf-8")
    return path


def entity_bomb_xliff(folder: Path, built: Path) -> Path:
    path = folder / "bomb.xlf"
    path.write_text(
        '<?xml version="1.0"?>\n<!DOCTYPE xliff [<!ENTITY a "aaaaaaaaaa">'
        '<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>\n'
        '<xliff xmlns="urn:oasis:names:tc:xliff:document:1.2" version="1.2"><file '
        'source-language="ar" target-language="en" original="x" datatype="plaintext"><body>'
        '<trans-unit id="1"><source>&b;</source><target state="final">&b;</target>'
        "</trans-unit></body></file></xliff>",
        "utf-8",
    )
    return path


def english_to_french_xliff(folder: Path, built: Path) -> Path:
    path = folder / "fr.xlf"
    path.write_text(
        XLIFF_HEAD + '<file source-language="en" target-language="fr" original="x" '
        'datatype="plaintext"><body><trans-unit id="1"><source>Hello</source>'
        '<target state="final">Bonjour</target></trans-unit></body></file></xliff>',
        "utf-8",
    )
    return path


REVIEW_FILES: dict[str, Callable[[Path, Path], Path]] = {
    "not a Word file": plain_text,
    "a zip that is not a DOCX": zip_of_text,
    "a DOCX from another tool": other_tools_docx,
    "a DOCX with broken XML": damaged_docx,
    "malformed XLIFF": malformed_xliff,
    "XLIFF declaring entities": entity_bomb_xliff,
    "XLIFF of another language pair": english_to_french_xliff,
}


@pytest.fixture(scope="module")
def built(installed_models: Path, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """A briefing, and a copy of it with one English cell edited."""
    folder = tmp_path_factory.mktemp("built")
    built = build_once(folder)
    document = open_document(built)
    rewrite_across_runs(english_paragraph(article_rows(document)[0]), ["Already approved."])
    edited = folder / "approved.docx"
    document.save(str(edited))
    return built, edited


@pytest.fixture
def stocked(built: tuple[Path, Path], cache_dir: Path) -> Path:
    """The briefing; the test's memory already holds one approved paragraph."""
    assert briefing("review", "import", built[1]).returncode == 0
    return built[0]


def assert_refused(command: list[str], path: Path, cache_dir: Path) -> str:
    before = memory_state(memory_file(cache_dir))
    done = briefing(*command, path)
    after = memory_state(memory_file(cache_dir))
    assert done.returncode == 1, done.stderr
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: "), done.stderr
    assert str(path) in lines[0] and "Traceback" not in done.stderr
    assert before == after and after[0] == "ok" and len(after[1]) == 1
    return lines[0]


@pytest.mark.parametrize("make", REVIEW_FILES.values(), ids=REVIEW_FILES.keys())
def test_review_import_refuses_with_one_line_and_leaves_the_memory(
    stocked: Path, cache_dir: Path, tmp_path: Path, make: Callable[[Path, Path], Path]
) -> None:
    line = assert_refused(["review", "import"], make(tmp_path, stocked), cache_dir)
    assert "briefing" in line or "XLIFF" in line or "XML" in line


def test_a_docx_from_another_tool_is_named_as_such(
    stocked: Path, cache_dir: Path, tmp_path: Path
) -> None:
    line = assert_refused(["review", "import"], other_tools_docx(tmp_path, stocked), cache_dir)
    assert "no review marks" in line and "not a briefing made by 'briefing build'" in line


TMX_FILES = {
    "malformed TMX": '<?xml version="1.0"?><tmx version="1.4"><header/><body><tu>',
    "not TMX": XLIFF_HEAD + "</xliff>",
    "TMX declaring entities": '<?xml version="1.0"?><!DOCTYPE tmx [<!ENTITY x "y">]>'
    '<tmx version="1.4"><body><tu><tuv xml:lang="ar"><seg>&x;</seg></tuv></tu></body></tmx>',
}


@pytest.mark.parametrize("text", TMX_FILES.values(), ids=TMX_FILES.keys())
def test_memory_import_refuses_with_one_line_and_leaves_the_memory(
    stocked: Path, cache_dir: Path, tmp_path: Path, text: str
) -> None:
    path = tmp_path / "legacy.tmx"
    path.write_text(text, encoding="utf-8")
    assert_refused(["memory", "import"], path, cache_dir)
