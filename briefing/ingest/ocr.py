"""Scans and photographs read by OCR: Tesseract's Arabic model, run as a program.

Tesseract is an optional system dependency (Debian: ``tesseract-ocr`` and ``tesseract-ocr-ara``),
called as a subprocess: pytesseract would only wrap the same call, and no pip extra can install
the program or its language data, so without it a scan gets one line saying what to install.
Pages are rendered at 200 dpi (300 dpi read worse on news pages) and read in parallel, one page
per core, each with ``OMP_THREAD_LIMIT=1``: Tesseract's own threads fight over the cores (26 s a
page on two cores instead of 3.5 s).
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import tempfile
import unicodedata
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from functools import cache
from pathlib import Path
from typing import Any

from briefing.document import Article
from briefing.errors import InputError
from briefing.text.arabic import ARABIC_LETTER, ARABIC_MARK
from briefing.text.plural import plural

DPI = 200
LANGUAGE = "ara"
# Tesseract's --psm: 6 reads the page as one block of lines. 3 (find the columns and blocks
# itself) dropped whole lines of a one-column statement, and read 5 of the 6 seed pages worse;
# the price is that columns side by side are read across (bench/README.md).
PAGE_MODE = "6"
PAGE_TIMEOUT = 300  # seconds for one page: a stuck Tesseract must not hang a build
INSTALL = "install Tesseract with its Arabic model (Debian/Ubuntu: apt-get install tesseract-ocr tesseract-ocr-ara)"
IMAGE_SUFFIXES = (".png", ".jpg", ".jpeg", ".tif", ".tiff")
# Tesseract reads specks and rules as stray marks: a line of them alone is no text.
_NOISE = re.compile(r"^[\W_\d]{0,3}$")


@cache
def _tesseract() -> tuple[str | None, bool]:
    """Where Tesseract is, and whether it has the Arabic model; asked once a process."""
    program = shutil.which("tesseract")
    if program is None:
        return None, False
    listed = subprocess.run(
        [program, "--list-langs"], capture_output=True, text=True, timeout=60, check=False
    )
    return program, LANGUAGE in (listed.stdout + listed.stderr).split()


def require_tesseract(name: str, what: str = "has pages without text that need OCR") -> str:
    """The Tesseract program, or InputError saying the file needs it and how to install it."""
    program, arabic = _tesseract()
    if program is None:
        raise InputError(f"{name}: {what}; {INSTALL}")
    if not arabic:
        raise InputError(f"{name}: Tesseract has no Arabic model for OCR; {INSTALL}")
    return program


def _environment() -> dict[str, str]:
    return os.environ | {"OMP_THREAD_LIMIT": "1"}


def _workers(pages: int) -> int:
    return max(1, min(pages, os.cpu_count() or 1))


def ocr_file(image: Path, name: str) -> str:
    """Tesseract's text of one image file (every page of a multi-page TIFF, split by \\f)."""
    program = require_tesseract(name)
    try:
        done = subprocess.run(
            [program, str(image), "stdout", "-l", LANGUAGE, "--psm", PAGE_MODE, "--dpi", str(DPI)],
            capture_output=True,
            timeout=PAGE_TIMEOUT,
            env=_environment(),
            check=False,
        )
    except subprocess.TimeoutExpired as exc:
        raise InputError(
            f"{name}: OCR took over {PAGE_TIMEOUT} s on a page; check the image"
        ) from exc
    if done.returncode != 0:  # its messages quote the file's bytes: not for a one-line error
        raise InputError(
            f"{name}: Tesseract could not read the image (damaged, or not an image); "
            "open it and save it again as PNG"
        )
    return done.stdout.decode("utf-8", "replace")


_LETTER = f"[{ARABIC_LETTER}]"
# Tesseract's usual slips on Arabic print, measured on the seed pages (bench/bench_pdf.py):
# alef read as a bar, the Arabic comma as a Latin comma or as ",." and stray full stops.
_TIDY = (
    # Specks at a line's end read as lone digits before its full stop: "الحرب 1 1 ."
    (re.compile(r"(?<!\S)(?:\d )+(?=\.)"), ""),
    (re.compile(f"\\|(?={_LETTER})|(?<={_LETTER})\\|"), "ا"),
    (re.compile(f"(?<={_LETTER})[.,،]*,[.,،]*"), "،"),
    (re.compile(f"(?<={_LETTER}) [.٠] (?={_LETTER})"), " "),
    # A full stop that ends a line is put before the line's last word: ".الحرب" for "الحرب."
    (re.compile(f"(?<!\\S)([.،:!؟]+)({_LETTER}[{ARABIC_LETTER}{ARABIC_MARK}]*)"), r"\2\1"),
)


def tidy(text: str) -> str:
    """Tesseract's text with its usual slips on Arabic mended (see ``_TIDY``)."""
    text = unicodedata.normalize("NFKC", text)
    for pattern, replacement in _TIDY:
        text = pattern.sub(replacement, text)
    return text


def paragraphs(text: str) -> list[str]:
    """Tesseract's text as paragraphs: its blocks are split by blank lines, its lines joined."""
    found = []
    for block in re.split(r"\n\s*\n|\f", tidy(text)):
        lines = [" ".join(line.split()) for line in block.splitlines()]
        joined = " ".join(line for line in lines if line and not _NOISE.match(line))
        if joined:
            found.append(joined)
    return found


def _write_pgm(bitmap: Any, path: Path) -> None:
    """A grayscale rendering as a PGM file, which Tesseract reads (no imaging library needed)."""
    width, height, stride = bitmap.width, bitmap.height, bitmap.stride
    buffer = bytes(bitmap.buffer)
    rows = b"".join(buffer[row * stride : row * stride + width] for row in range(height))
    path.write_bytes(b"P5\n%d %d\n255\n" % (width, height) + rows)


def read_pdf_pages(
    document: Any,
    numbers: list[int],
    name: str,
    progress: Callable[[str], None] | None = None,
) -> dict[int, list[str]]:
    """The paragraphs of each listed page of an open pypdfium2 document, by OCR."""
    with tempfile.TemporaryDirectory(prefix="briefing-ocr-") as folder:
        images = {}
        for number in numbers:
            page = document[number]
            bitmap = page.render(scale=DPI / 72, grayscale=True)
            images[number] = Path(folder, f"page-{number + 1}.pgm")
            _write_pgm(bitmap, images[number])
        done = 0

        def read(number: int) -> tuple[int, list[str]]:
            nonlocal done
            text = paragraphs(ocr_file(images[number], name))
            done += 1
            if progress is not None:
                progress(f"{name}: page {number + 1} read by OCR ({done} of {len(numbers)})")
            return number, text

        with ThreadPoolExecutor(_workers(len(numbers))) as pool:
            return dict(pool.map(read, numbers))


def read_image(
    data: bytes, suffix: str, name: str, progress: Callable[[str], None] | None = None
) -> Article:
    """The article of a scan or photograph (.png, .jpg, .tif): every paragraph read by OCR."""
    from briefing.ingest.cleaner import clean_lines

    require_tesseract(name, "is an image, which needs OCR")
    with tempfile.TemporaryDirectory(prefix="briefing-ocr-") as folder:
        image = Path(folder, "image" + suffix)  # the file may be a pipe: Tesseract gets a copy
        image.write_bytes(data)
        text = ocr_file(image, name)
    pages = [page for page in text.split("\f") if page.strip()]
    if progress is not None:
        progress(f"{name}: {plural(len(pages), 'page')} read by OCR")
    lines = [p for page in pages for p in paragraphs(page)]
    if not lines:
        raise InputError(f"{name}: OCR found no text in the image; check it is a page of text")
    article = clean_lines(lines, path=name)
    article.ocr_pages = max(1, len(pages))
    for paragraph in article.paragraphs:
        paragraph.ocr = True  # all of it: the cleaner may have trimmed a paragraph's text
    return article


def mark_read(article: Article, texts: list[str]) -> None:
    """Mark the paragraphs that came from OCR ``texts`` (the cleaner keeps their words)."""
    if not texts:
        return
    read = {" ".join(text.split()) for text in texts}
    for paragraph in article.paragraphs:
        if " ".join(paragraph.text.split()) in read:
            paragraph.ocr = True
