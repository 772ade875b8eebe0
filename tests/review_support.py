"""Shared steps of the review tests: build with the real CLI and demo model, edit the
DOCX the way Word does (split runs, rsids, tracked changes), re-save it with LibreOffice,
and look into the memory file with SQLite."""

from __future__ import annotations

import copy
import json
import os
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path
from typing import Any

from docx import Document
from docx.oxml.ns import qn

from helpers import DEMO_ID, ROOT

EXAMPLES = sorted((ROOT / "examples").glob("*.txt"))
RSID = "00C41A7E"


def briefing(
    *args: str | Path, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "briefing", *map(str, args)],
        capture_output=True,
        text=True,
        env={**os.environ, **(env or {})},
        timeout=300,
    )


def build(output: Path, *extra: str | Path, env: dict[str, str] | None = None) -> None:
    """``briefing build`` of the examples with the demo model (``env``: e.g. another memory)."""
    args = ("build", *EXAMPLES, "-o", output, "--model", DEMO_ID, "--force", *extra)
    done = briefing(*args, env=env)
    assert done.returncode == 0, done.stderr


def build_once(folder: Path) -> Path:
    """A briefing built with a memory of its own, for tests that only read it."""
    out = folder / "briefing.docx"
    build(out, env={"BRIEFING_CACHE_DIR": str(folder / "cache")})
    return out


def build_json(output: Path, *extra: str | Path) -> dict[str, Any]:
    build(output, *extra)
    data: dict[str, Any] = json.loads(output.read_text(encoding="utf-8"))
    return data


def paragraphs(document: dict[str, Any]) -> list[dict[str, Any]]:
    """Every body paragraph of every article (related ones too), in order."""

    def walk(article: dict[str, Any]) -> list[dict[str, Any]]:
        rows = list(article["paragraphs"])
        for related in article["related"]:
            rows += walk(related)
        return rows

    return [row for article in document["articles"] for row in walk(article)]


def article_rows(document: Any) -> list[Any]:
    """The (English, Arabic) rows of every article table of a python-docx Document."""
    rows = []
    for table in document.tables:
        if [c.text for c in table.rows[0].cells] == ["English", "العربية"]:
            rows.extend(table.rows[1:])
    return rows


def rewrite_across_runs(paragraph: Any, pieces: list[str]) -> None:
    """Replace a paragraph's text with ``pieces``, one run each, as Word stores an edit:
    the first run keeps its properties, later runs are bold or italic with new rsids,
    and the paragraph's bookmarks stay where they were."""
    runs = paragraph._p.findall(qn("w:r"))
    first = runs[0]
    for extra in runs[1:]:
        paragraph._p.remove(extra)
    first.find(qn("w:t")).text = pieces[0]
    first.set(qn("w:rsidR"), RSID)
    anchor = first
    for index, piece in enumerate(pieces[1:]):
        run = copy.deepcopy(first)
        run.set(qn("w:rsidRPr"), RSID)
        properties = run.get_or_add_rPr()
        properties.append(properties.makeelement(qn("w:b" if index % 2 == 0 else "w:i"), {}))
        text = run.find(qn("w:t"))
        text.text = piece
        text.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
        anchor.addnext(run)
        anchor = run
    paragraph._p.set(qn("w:rsidR"), RSID)


def english_paragraph(row: Any) -> Any:
    return row.cells[0].paragraphs[0]


def soffice() -> str:
    found = shutil.which("soffice") or shutil.which("libreoffice")
    assert found, "LibreOffice is required: apt-get install libreoffice-writer-nogui"
    return found


def libreoffice_resave(docx: Path, folder: Path) -> Path:
    """``docx`` opened and saved again as .docx by LibreOffice (private profile)."""
    folder.mkdir(parents=True, exist_ok=True)
    profile = folder / "lo-profile"
    subprocess.run(
        [soffice(), f"-env:UserInstallation={profile.as_uri()}", "--headless",
         "--convert-to", "docx", "--outdir", str(folder), str(docx)],
        check=True, capture_output=True, timeout=240,
    )  # fmt: skip
    resaved = folder / docx.name
    assert resaved.exists()
    return resaved


def memory_file(cache_dir: Path) -> Path:
    return cache_dir / "memory.sqlite3"


def memory_state(path: Path) -> tuple[str, list[tuple[Any, ...]], int]:
    """integrity_check, every approved row, the number of cached segments."""
    with sqlite3.connect(path) as db:
        check = db.execute("PRAGMA integrity_check").fetchone()[0]
        rows = db.execute("SELECT * FROM approved ORDER BY key").fetchall()
        segments = db.execute("SELECT count(*) FROM segments").fetchone()[0]
    return check, rows, segments


def open_document(path: Path) -> Any:
    return Document(str(path))
