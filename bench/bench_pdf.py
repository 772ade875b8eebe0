"""PDF reading and OCR against the text files: the seed articles made into PDFs by LibreOffice.

    python bench/bench_pdf.py [--ocr]

Each seed (../shared/seeds/*.txt) is written as .txt and as .docx (python-docx, a paragraph a
line), both turned into PDF by LibreOffice, and read back with ``read_articles``. The score is
the share of the text file's characters found in the same place (1 - Levenshtein distance /
length), over title and paragraphs joined by newlines, NFKC, bidi marks aside; raw pdfium and
pdftotext text through the same cleaner are shown beside it. ``--ocr`` renders every page at
200 dpi and reads it with Tesseract (raw, and as the reader joins it), with the character error
rate per page against the page's text layer and the seconds per page.
"""

from __future__ import annotations

import argparse
import os
import re
import subprocess
import sys
import tempfile
import time
import unicodedata
from pathlib import Path

from rapidfuzz.distance import Levenshtein

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

from briefing.ingest.cleaner import clean_article  # noqa: E402
from briefing.ingest.reader import read_articles  # noqa: E402
from helpers import shared_path  # noqa: E402

_MARKS = re.compile("[\u200e\u200f\u061c\u202a-\u202e\u2066-\u2069\u200b-\u200d\ufeff]")


def normal(text: str) -> str:
    return " ".join(_MARKS.sub("", unicodedata.normalize("NFKC", text)).split(" "))


def article_text(articles: list) -> str:  # type: ignore[type-arg]
    lines: list[str] = []
    for article in articles:
        lines.append(article.title)
        lines.extend(p.text for p in article.paragraphs)
        lines.append(article_text(article.related)) if article.related else None
    return normal("\n".join(line for line in lines if line))


def score(reference: str, found: str) -> float:
    return 1 - Levenshtein.distance(reference, found) / max(1, len(reference))


def make_docx(text_file: Path, out: Path) -> Path:
    import docx

    document = docx.Document()
    for line in text_file.read_text(encoding="utf-8").splitlines():
        document.add_paragraph(line)
    path = out / (text_file.stem + ".docx")
    document.save(str(path))
    return path


def to_pdf(files: list[Path], out: Path) -> None:
    profile = Path(tempfile.mkdtemp(prefix="lo-profile-"))
    subprocess.run(
        ["soffice", f"-env:UserInstallation=file://{profile}", "--headless", "--convert-to",
         "pdf", "--outdir", str(out), *map(str, files)],
        check=True, capture_output=True, timeout=300,
    )  # fmt: skip


def raw_pdfium(pdf: Path) -> str:
    import pypdfium2 as pdfium

    document = pdfium.PdfDocument(str(pdf))
    return "\n".join(document[i].get_textpage().get_text_range() for i in range(len(document)))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--ocr", action="store_true")
    parser.add_argument("--psm", help="Tesseract page mode for the reader (default: ocr.PAGE_MODE)")
    args = parser.parse_args()
    if args.psm:
        from briefing.ingest import ocr

        ocr.PAGE_MODE = args.psm
    work = Path(tempfile.mkdtemp(prefix="bench-pdf-"))
    seeds = sorted(shared_path("seeds").glob("*.txt"))
    for seed in seeds:
        (work / "txt").mkdir(exist_ok=True)
        (work / "txt" / seed.name).write_bytes(seed.read_bytes())
    docs = [make_docx(seed, work) for seed in seeds]
    to_pdf([work / "txt" / s.name for s in seeds], work / "from-txt")
    to_pdf(docs, work / "from-docx")
    print(f"{'file':44} {'reader':>7} {'pdfium':>7} {'pdftotext':>9}")
    for seed in seeds:
        reference = article_text(read_articles(seed))
        for kind in ("from-txt", "from-docx"):
            pdf = work / kind / (seed.stem + ".pdf")
            ours = score(reference, article_text(read_articles(pdf)))
            pdfium_text = article_text([clean_article(raw_pdfium(pdf), str(pdf))])
            poppler = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True)
            popp = article_text([clean_article(poppler.stdout, str(pdf))])
            print(f"{kind + '/' + seed.stem:44} {ours:7.1%} {score(reference, pdfium_text):7.1%}"
                  f" {score(reference, popp):9.1%}")  # fmt: skip
    if args.ocr:
        ocr_pages(work / "from-txt")


def ocr_pages(folder: Path) -> None:
    import pypdfium2 as pdfium

    from briefing.ingest import ocr
    from briefing.ingest.pdf import _line, _page_rows, _paragraphs

    print(f"\nOCR at {ocr.DPI} dpi, OMP_THREAD_LIMIT=1, one page at a time; character error rate")
    print("against the page's text layer: raw = `tesseract -l ara --psm 3`, whitespace collapsed;")
    print(f"reader = --psm {ocr.PAGE_MODE} and the reader's mending (ocr.tidy), as paragraphs")
    print(f"{'page':44} {'raw':>6} {'reader':>7} {'s/page':>7}")
    for pdf in sorted(folder.glob("*.pdf")):
        document = pdfium.PdfDocument(str(pdf))
        for number, found in enumerate(_page_rows(document)):
            assert found is not None, "a page without text in a PDF made from text"
            lines = [line for row in found.rows if (line := _line(row, found.spaced, False))]
            truth = " ".join(normal("\n".join(_paragraphs(lines, found.width))).split())
            with tempfile.TemporaryDirectory() as tmp:
                image = Path(tmp, "page.pgm")
                page = document[number]
                ocr._write_pgm(page.render(scale=ocr.DPI / 72, grayscale=True), image)
                raw = subprocess.run(
                    ["tesseract", str(image), "stdout", "-l", "ara", "--psm", "3", "--dpi",
                     str(ocr.DPI)], capture_output=True, text=True, check=True,
                ).stdout  # fmt: skip
                start = time.perf_counter()
                ours = "\n".join(ocr.paragraphs(ocr.ocr_file(image, str(pdf))))
                seconds = time.perf_counter() - start
            cer_raw = Levenshtein.distance(truth, " ".join(normal(raw).split())) / len(truth)
            cer = Levenshtein.distance(truth, " ".join(normal(ours).split())) / len(truth)
            print(
                f"{pdf.stem + ' p' + str(number + 1):44} {cer_raw:6.1%} {cer:7.1%} {seconds:7.1f}"
            )


if __name__ == "__main__":
    os.environ.setdefault("OMP_THREAD_LIMIT", "1")
    main()
