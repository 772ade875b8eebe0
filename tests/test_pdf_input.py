"""PDF input on real PDFs: LibreOffice writes them (from the seed articles' .txt and from .docx
files), pdfium reads them back; running headers, footers and page numbers stay out."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import tempfile
import unicodedata
from pathlib import Path

import docx
import pytest
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from rapidfuzz.distance import Levenshtein

from briefing.document import Article
from briefing.ingest.reader import read_articles
from helpers import DEMO_ID, shared_path

SEEDS = sorted(p.stem for p in shared_path("seeds").glob("*.txt"))
MIXED = [
    "قال المتحدث باسم (الناتو) إن طائرات F-16 وصلت في 28.10.2024 - CNN",
    "ولا تزال القوات تتقدم وفقاً للخطة التي أعلنتها الوزارة في 3 مناطق.",
    "وأضاف: “لن نقبل بذلك”، في إشارة إلى قرار مجلس الأمن رقم 2254.",
]
# Paragraphs long enough to wrap, each its own (the cleaner drops repeated lines).
OPENINGS = ("وقال المتحدث", "وأضاف الوزير", "وأوضح السفير", "وأكد المندوب", "وذكر المسؤول")
BODY = [
    f"{OPENINGS[n % 5]} في البيان رقم {n} إن الوزارة تتابع التطورات في المنطقة عن كثب، وإن الوفد "
    f"سيعقد {n + 2} اجتماعات مع ممثلي الدول المجاورة خلال الأسبوع المقبل لبحث سبل التعاون "
    "في مجالات الطاقة والتجارة والأمن، مؤكدا أن الحوار هو الطريق الوحيد لحل الخلافات."
    for n in range(1, 31)
]
_MARKS = re.compile("[\u200e\u200f\u061c\u202a-\u202e\u2066-\u2069]")


def normal(text: str) -> str:
    return _MARKS.sub("", unicodedata.normalize("NFKC", text))


def text_of(articles: list[Article]) -> str:
    lines: list[str] = []
    for article in articles:
        lines += [article.title, *(p.text for p in article.paragraphs)]
        lines.append(text_of(article.related)) if article.related else None
    return normal("\n".join(line for line in lines if line))


def to_pdf(files: list[Path], out: Path) -> None:
    profile = Path(tempfile.mkdtemp(prefix="lo-profile-"))
    subprocess.run(
        ["soffice", f"-env:UserInstallation=file://{profile}", "--headless",
         "--convert-to", "pdf", "--outdir", str(out), *map(str, files)],
        check=True, capture_output=True, timeout=300,
    )  # fmt: skip


def word_file(
    path: Path, paragraphs: list[str], header: str = "", footer_page: bool = False
) -> Path:
    document = docx.Document()
    section = document.sections[0]
    if header:
        section.header.paragraphs[0].text = header
    if footer_page:  # a PAGE field: the footer says 1, 2, 3 ...
        run = section.footer.paragraphs[0].add_run()
        for kind, text in (("begin", ""), ("instr", "PAGE"), ("end", "")):
            if kind == "instr":
                element = OxmlElement("w:instrText")
                element.text = text
            else:
                element = OxmlElement("w:fldChar")
                element.set(qn("w:fldCharType"), kind)
            run._r.append(element)
    for paragraph in paragraphs:
        document.add_paragraph(paragraph)
    document.save(str(path))
    return path


@pytest.fixture(scope="module")
def pdfs(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Each seed as a PDF from its .txt and from a .docx (a paragraph a line), plus the mixed
    lines and a three-page document with a running header and page numbers."""
    folder = tmp_path_factory.mktemp("pdfs")
    sources = []
    for name in SEEDS:
        text = shared_path(f"seeds/{name}.txt").read_text(encoding="utf-8")
        (folder / "txt").mkdir(exist_ok=True)
        sources.append(folder / "txt" / f"{name}.txt")
        sources[-1].write_text(text, encoding="utf-8")
        sources.append(word_file(folder / f"{name}-docx.docx", text.splitlines()))
    sources.append(word_file(folder / "mixed.docx", ["بيان", *MIXED]))
    sources.append(
        word_file(folder / "headed.docx", ["بيان الوزارة", *BODY], "نشرة وزارة الخارجية", True)
    )
    to_pdf(sources, folder)
    return folder


@pytest.mark.parametrize("kind", ["txt", "docx"])
@pytest.mark.parametrize("seed", SEEDS)
def test_seed_pdfs_read_back_to_the_text_files_paragraphs(pdfs: Path, seed: str, kind: str) -> None:
    """bench/bench_pdf.py measures 98.1-99.7%; pdfium's own text gave 79-96%."""
    reference = text_of(read_articles(shared_path(f"seeds/{seed}.txt")))
    pdf = pdfs / (f"{seed}.pdf" if kind == "txt" else f"{seed}-docx.pdf")
    found = text_of(read_articles(pdf))
    score = 1 - Levenshtein.distance(reference, found) / len(reference)
    assert score >= 0.975, (score, found[:500])
    # Nearly the same paragraphs: a paragraph whose last line is full can only be told from
    # the next by a gap, and text files made into PDFs have none.
    assert abs(found.count("\n") - reference.count("\n")) <= 2


def test_mixed_lines_come_back_in_reading_order(pdfs: Path) -> None:
    """Latin runs, numbers, dates, brackets, quotes, the لا ligature and a tanween."""
    article = read_articles(pdfs / "mixed.pdf")[0]
    assert [normal(p.text) for p in article.paragraphs] == [normal(line) for line in MIXED]


def test_running_headers_footers_and_page_numbers_are_left_out(pdfs: Path) -> None:
    pdf = pdfs / "headed.pdf"
    pages = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True)
    assert int(re.search(r"Pages:\s+(\d+)", pages.stdout)[1]) >= 3  # type: ignore[index]
    article = read_articles(pdf)[0]
    texts = [article.title, *(p.text for p in article.paragraphs)]
    assert not any("نشرة وزارة الخارجية" in t for t in texts)
    assert not any(re.fullmatch(r"\d+", t.strip()) for t in texts)
    # Every paragraph whole, those going on overleaf joined again.
    assert [normal(t) for t in texts] == [normal("بيان الوزارة"), *map(normal, BODY)]


def run_cli(
    *args: str, cwd: Path, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    environment = {**os.environ, "BRIEFING_MODEL": DEMO_ID, "HOME": str(cwd), **(env or {})}
    return subprocess.run(
        [sys.executable, "-m", "briefing", *args],
        capture_output=True, text=True, env=environment, cwd=cwd, timeout=300, check=False,
    )  # fmt: skip


@pytest.mark.usefixtures("installed_models")
def test_translate_and_glossary_scan_read_a_pdf(pdfs: Path, tmp_path: Path) -> None:
    pdf = pdfs / f"{SEEDS[0]}-docx.pdf"
    done = run_cli("translate", str(pdf), "--no-cache", "-q", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip()
    scan = run_cli("glossary", "scan", str(pdf), cwd=tmp_path)
    assert scan.returncode == 0, scan.stderr
    assert "بوتين" in scan.stdout


def test_a_password_protected_pdf_gets_one_line(tmp_path: Path) -> None:
    source = tmp_path / "secret.txt"
    source.write_text("بيان\n\n" + MIXED[1] + "\n", encoding="utf-8")
    profile = Path(tempfile.mkdtemp(prefix="lo-profile-"))
    options = (
        'pdf:writer_pdf_Export:{"EncryptFile":{"type":"boolean","value":"true"},'
        '"DocumentOpenPassword":{"type":"string","value":"secret"}}'
    )
    subprocess.run(
        ["soffice", f"-env:UserInstallation=file://{profile}", "--headless", "--convert-to",
         options, "--outdir", str(tmp_path), str(source)],
        check=True, capture_output=True, timeout=300,
    )  # fmt: skip
    done = run_cli("translate", str(tmp_path / "secret.pdf"), cwd=tmp_path)
    assert done.returncode == 1
    assert done.stderr.strip() == (
        f"error: {tmp_path / 'secret.pdf'}: the PDF is protected by a password; "
        "save a copy without one"
    )


def test_a_scanned_pdf_without_tesseract_says_what_to_install(tmp_path: Path) -> None:
    """A page with no text layer (an image): without Tesseract on PATH, one line."""
    import pypdfium2 as pdfium

    document = pdfium.PdfDocument.new()
    document.new_page(595, 842)
    pdf = tmp_path / "scan.pdf"
    document.save(str(pdf))
    done = run_cli("translate", str(pdf), cwd=tmp_path, env={"PATH": str(tmp_path)})
    assert done.returncode == 1
    lines = done.stderr.strip().splitlines()
    assert lines == [
        f"error: {pdf}: has pages without text that need OCR; install Tesseract with its "
        "Arabic model (Debian/Ubuntu: apt-get install tesseract-ocr tesseract-ocr-ara)"
    ]


def test_an_image_without_tesseract_says_what_to_install(pdfs: Path, tmp_path: Path) -> None:
    png = tmp_path / "photo.png"
    subprocess.run(
        ["pdftoppm", "-png", "-r", "50", "-singlefile", str(pdfs / "mixed.pdf"), str(png)[:-4]],
        check=True,
        timeout=120,
    )
    done = run_cli("translate", str(png), cwd=tmp_path, env={"PATH": str(tmp_path)})
    assert done.returncode == 1
    assert done.stderr.strip().splitlines() == [
        f"error: {png}: is an image, which needs OCR; install Tesseract with its Arabic model "
        "(Debian/Ubuntu: apt-get install tesseract-ocr tesseract-ocr-ara)"
    ]
