"""The DOCX as a reader sees it: LibreOffice renders it to PDF and pdfplumber reads the glyphs.

Needs LibreOffice (writer), poppler-utils and fonts-noto-core, which ``.ci/run`` installs.
"""

from __future__ import annotations

import shutil
import subprocess
import unicodedata
from collections import Counter
from pathlib import Path
from typing import Any

import pdfplumber
import pytest

from briefing.document import ModelInfo, TranslatedArticle
from briefing.qa.checks import ARABIC_WORD_RE
from briefing.render.docx import render_docx
from briefing.render.meta import BriefingMeta
from helpers import ROOT, sample_briefing, seed_briefing

META = BriefingMeta(title="Test briefing", date="2024-10-28", model=ModelInfo("demo", "1"))
CELL_PADDING = 113 / 20  # the template's right cell margin, in points
TOLERANCE = 1.5  # points


def soffice() -> str:
    found = shutil.which("soffice") or shutil.which("libreoffice")
    assert found, "LibreOffice is required: apt-get install libreoffice-writer-nogui"
    return found


BRIEFINGS = {"invented": sample_briefing, "seeds": seed_briefing}


@pytest.fixture(scope="module", params=sorted(BRIEFINGS))
def briefing(request: pytest.FixtureRequest) -> list[TranslatedArticle]:
    """Three articles each: invented ones with QA flags, and the real pasted seeds."""
    articles: list[TranslatedArticle] = BRIEFINGS[request.param]()
    assert len(articles) == 3
    return articles


@pytest.fixture(scope="module")
def pdf_path(tmp_path_factory: pytest.TempPathFactory, briefing: list[TranslatedArticle]) -> Path:
    folder = tmp_path_factory.mktemp("pdf")
    docx = folder / "briefing.docx"
    render_docx(briefing, docx, template=ROOT / "templates" / "briefing.docx", meta=META)
    profile = folder / "lo-profile"  # private profile: parallel runs must not share one
    subprocess.run(
        [soffice(), f"-env:UserInstallation={profile.as_uri()}", "--headless",
         "--convert-to", "pdf", "--outdir", str(folder), str(docx)],
        check=True, capture_output=True, timeout=240,
    )  # fmt: skip
    return folder / "briefing.pdf"


def arabic_letters(text: str) -> Counter[str]:
    # NFKC folds presentation forms (and lam-alef ligatures) back to base letters
    return Counter("".join(ARABIC_WORD_RE.findall(unicodedata.normalize("NFKC", text))))


def input_arabic(articles: list[TranslatedArticle]) -> Counter[str]:
    total: Counter[str] = Counter()
    for article in articles:
        for paragraph in [article.title, *article.paragraphs]:
            total += arabic_letters(paragraph.source)
        total += input_arabic(article.related)
    return total


def test_arabic_glyphs_really_render(pdf_path: Path, briefing: list[TranslatedArticle]) -> None:
    expected = input_arabic(briefing)
    drawn: Counter[str] = Counter()
    fonts: Counter[str] = Counter()
    with pdfplumber.open(pdf_path) as pdf:
        for page in pdf.pages:
            for char in page.chars:
                letters = arabic_letters(char["text"])
                if letters and char["x1"] - char["x0"] > 0.5:  # a visible glyph, not a stub
                    drawn += letters
                    fonts[char["fontname"].split("+")[-1]] += sum(letters.values())
    found = sum(min(count, drawn[letter]) for letter, count in expected.items())
    assert found / sum(expected.values()) >= 0.8, (found, sum(expected.values()))
    # the glyphs come from the embedded Arabic font, not a fallback or a hidden text layer
    naskh = sum(count for font, count in fonts.items() if "NotoNaskhArabic" in font)
    assert naskh / sum(fonts.values()) > 0.95, fonts


def cell_lines(page: Any, cell: tuple[float, float, float, float]) -> list[list[dict[str, Any]]]:
    """The cell's characters grouped into lines by baseline (marks such as harakat skipped)."""
    x0, top, x1, bottom = cell
    inside = sorted(
        (
            c for c in page.chars
            if x0 <= (c["x0"] + c["x1"]) / 2 <= x1 and top <= (c["top"] + c["bottom"]) / 2 <= bottom
            and c["text"].strip() and not unicodedata.category(c["text"][0]).startswith("M")
        ),
        key=lambda c: c["bottom"],
    )  # fmt: skip
    lines: list[list[dict[str, Any]]] = []
    for char in inside:
        if lines and char["bottom"] - lines[-1][-1]["bottom"] < 4:
            lines[-1].append(char)
        else:
            lines.append([char])
    return lines


def test_every_line_of_an_arabic_cell_ends_at_the_right_edge(pdf_path: Path) -> None:
    checked_lines = 0
    wrapped_cells = 0
    with pdfplumber.open(pdf_path) as pdf:
        for page in pdf.pages:
            for table in page.find_tables():
                corner = table.rows[0].cells[-1]
                header = cell_lines(page, corner) if corner else []
                title = "".join(c["text"] for line in header for c in line)
                if arabic_letters(title) != arabic_letters("العربية"):
                    continue  # not an article table
                for row in table.rows[1:]:
                    cell = row.cells[-1]
                    assert cell is not None
                    lines = cell_lines(page, cell)
                    assert lines, "an Arabic cell with no text"
                    wrapped_cells += len(lines) > 1
                    for line in lines:
                        right = max(c["x1"] for c in line)
                        assert abs(right - (cell[2] - CELL_PADDING)) < TOLERANCE, (
                            "".join(c["text"] for c in line),
                            right,
                            cell,
                        )
                        checked_lines += 1
    assert checked_lines >= 15 and wrapped_cells >= 5
