"""Scans read by OCR, on real components: LibreOffice writes a page of a seed article as PDF,
poppler renders it to PNG and JPEG, pdfium makes the JPEG a PDF page without text, Tesseract
reads both. Skipped only where Tesseract or its Arabic model is not installed (.ci/run installs them)."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import unicodedata
from pathlib import Path

import docx
import pytest
from rapidfuzz.distance import Levenshtein

from briefing.ingest.reader import read_articles
from helpers import DEMO_ID, shared_path


def _tesseract_reads_arabic() -> bool:
    if shutil.which("tesseract") is None:
        return False
    listed = subprocess.run(["tesseract", "--list-langs"], capture_output=True, text=True)
    return "ara" in listed.stdout.split()


pytestmark = pytest.mark.skipif(
    not _tesseract_reads_arabic(), reason="Tesseract with its Arabic model is not installed"
)


def soffice(source: Path, out: Path) -> Path:
    profile = Path(tempfile.mkdtemp(prefix="lo-profile-"))
    subprocess.run(
        ["soffice", f"-env:UserInstallation=file://{profile}", "--headless",
         "--convert-to", "pdf", "--outdir", str(out), str(source)],
        check=True, capture_output=True, timeout=300,
    )  # fmt: skip
    return out / (source.stem + ".pdf")


@pytest.fixture(scope="module")
def page(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """(the one-page PDF with text, its rendering as a 200 dpi PNG)."""
    folder = tmp_path_factory.mktemp("scan")
    lines = shared_path("seeds/sada-elbalad-putin-sovereign.txt").read_text("utf-8").splitlines()
    document = docx.Document()
    for line in [lines[0], *[line for line in lines if len(line.split()) > 12][:4]]:
        document.add_paragraph(line)
    document.save(str(folder / "statement.docx"))
    pdf = soffice(folder / "statement.docx", folder)
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True)
    assert re.search(r"^Pages:\s+1$", info.stdout, re.MULTILINE), info.stdout
    subprocess.run(
        ["pdftoppm", "-png", "-r", "200", "-singlefile", str(pdf), str(folder / "scan")],
        check=True,
        timeout=120,
    )
    return pdf, folder / "scan.png"


def briefing(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "BRIEFING_MODEL": DEMO_ID, "HOME": str(cwd)}
    return subprocess.run(
        [sys.executable, "-m", "briefing", *args],
        capture_output=True, text=True, env=env, cwd=cwd, timeout=600, check=False,
    )  # fmt: skip


def flat(texts: list[str]) -> str:
    return " ".join(unicodedata.normalize("NFKC", " ".join(texts)).split())


@pytest.mark.usefixtures("installed_models")
def test_a_photographed_page_is_read_with_every_paragraph_flagged(
    page: tuple[Path, Path], tmp_path: Path
) -> None:
    pdf, png = page
    done = briefing("translate", str(png), "--format", "json", "--no-cache", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert f"{png}: 1 page read by OCR" in done.stderr
    article = json.loads(done.stdout)["articles"][0]
    assert article["paragraphs"]
    for paragraph in article["paragraphs"]:
        assert "ocr" in [flag["code"] for flag in paragraph["flags"]], paragraph
    assert "ocr" in [flag["code"] for flag in article["title_flags"]]
    # The character error rate against the text the page was made from (bench: 2-8%).
    truth = read_articles(pdf)[0]
    expected = flat([truth.title, *(p.text for p in truth.paragraphs)])
    found = flat([article["title"], *(p["source"] for p in article["paragraphs"])])
    assert Levenshtein.distance(expected, found) / len(expected) <= 0.08


@pytest.mark.usefixtures("installed_models")
def test_a_photographed_page_in_a_jsonl_feed_says_so_and_is_flagged(
    page: tuple[Path, Path], tmp_path: Path
) -> None:
    """``--format jsonl`` reads as ``translate`` reads: the OCR progress, the flags."""
    _, png = page
    done = briefing("translate", str(png), "--format", "jsonl", "--no-cache", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert f"{png}: 1 page read by OCR" in done.stderr
    (line,) = done.stdout.splitlines()
    article = json.loads(line)
    assert article["ocr_pages"] == 1 and article["paragraphs"]
    assert all("ocr" in [f["code"] for f in p["flags"]] for p in article["paragraphs"])


@pytest.mark.usefixtures("installed_models")
def test_a_pdf_page_without_text_is_read_by_ocr_and_counted_on_the_cover(
    page: tuple[Path, Path], tmp_path: Path
) -> None:
    import pypdfium2 as pdfium

    pdf, _ = page
    subprocess.run(
        ["pdftoppm", "-jpeg", "-r", "200", "-singlefile", str(pdf), str(tmp_path / "photo")],
        check=True,
        timeout=120,
    )
    document = pdfium.PdfDocument.new()  # the photo as the whole of a page: no text layer
    width, height = 612, 792
    sheet = document.new_page(width, height)
    image = pdfium.PdfImage.new(document)
    image.load_jpeg(str(tmp_path / "photo.jpg"))
    image.set_matrix(pdfium.PdfMatrix().scale(width, height))
    sheet.insert_obj(image)
    sheet.gen_content()
    scanned = tmp_path / "scan.pdf"
    document.save(str(scanned))
    text = subprocess.run(["pdftotext", str(scanned), "-"], capture_output=True, check=True)
    assert text.stdout.strip() == b"\x0c" or not text.stdout.strip()
    out = tmp_path / "briefing.md"
    done = briefing("build", str(scanned), "-o", str(out), "--no-cache", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert f"{scanned}: page 1 read by OCR (1 of 1)" in done.stderr
    cover = out.read_text("utf-8").split("\n## ", 1)[0]
    assert "1 page read by OCR" in cover
    assert "ocr 0" not in cover  # the QA count of the flag is on the cover too
