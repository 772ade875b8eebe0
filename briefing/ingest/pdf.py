"""PDF input: the text layer read by position, lines joined into paragraphs, page furniture out.

pdfium (pypdfium2) gives each character with where it is drawn. Characters are grouped into
lines by baseline, each line is put back into reading order (``bidi``), and lines are joined
into paragraphs: a line ends its paragraph when the next line's first word would have fitted in
the room left at its end (so the writer broke it on purpose), or when a gap or a change of size
follows it. Lines repeated at the top or bottom of most pages (running headers and footers) and
page numbers are dropped. A page with no text layer (a scan) goes to OCR (``ocr``).
"""

from __future__ import annotations

import ctypes
import re
import statistics
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from briefing.document import Article
from briefing.errors import InputError
from briefing.ingest.bidi import (
    Glyph,
    closes_left_to_right,
    first_strong,
    is_rtl,
    logical_order,
    logical_text,
)
from briefing.ingest.cleaner import clean_lines

# A page holding fewer drawn characters than this is treated as a scan (a stray page number).
MIN_TEXT_CHARS = 20
# The top and bottom bands of a page where running headers, footers and page numbers sit.
MARGIN_BAND = 0.12
_PAGE_NUMBER = re.compile(
    r"^[\s\-–—|]*(?:(?:page|p\.|صفحة|الصفحة|ص)\s*)?[0-9٠-٩]+(?:\s*(?:/|of|من)\s*[0-9٠-٩]+)?[\s\-–—|]*$",
    re.IGNORECASE,
)
_DIGITS = re.compile(r"[0-9٠-٩]+")
_ARABIC = re.compile(r"[\u0600-\u06ff\u0750-\u077f\ufb50-\ufdff\ufe70-\ufeff]")


@dataclass(frozen=True)
class Char:
    text: str
    x: float  # where the pen stood (the origin), which orders glyphs even when inked apart
    baseline: float  # from the top of the page, in points
    left: float  # the inked box
    right: float
    top: float
    bottom: float
    size: float


@dataclass
class Line:
    glyphs: list[Glyph]
    text: str  # as read when the paragraph ends with it (see ``_paragraphs``)
    top: float  # from the top of the page, in points
    bottom: float
    left: float
    right: float
    size: float  # the font size of its characters
    rtl: bool
    ragged_left: bool  # where a short line leaves its room: left when set flush right
    first_word: float  # the width of its first word as read, to know what would have fitted
    closed: bool = False  # ends in punctuation its writer set as a paragraph's end


@dataclass
class PdfPage:
    lines: list[Line]
    width: float
    height: float
    scanned: bool


def _chars(textpage: object, height: float) -> list[Char]:
    """Every drawn character of a page, with where it is drawn."""
    import pypdfium2.raw as raw

    handle = textpage.raw  # type: ignore[attr-defined]
    left, right, bottom, top, x, y = (ctypes.c_double() for _ in range(6))
    found = []
    for index in range(raw.FPDFText_CountChars(handle)):
        code = raw.FPDFText_GetUnicode(handle, index)
        if code in (0, 0xFFFE, 0xFFFF) or chr(code) in "\r\n\x02":
            continue
        raw.FPDFText_GetCharBox(
            handle, index, ctypes.byref(left), ctypes.byref(right), ctypes.byref(bottom),
            ctypes.byref(top)
        )  # fmt: skip
        # LibreOffice draws no space where a Latin run meets Arabic; pdfium puts one in
        # (generated). Its own zero-width spaces sit inside words (at a mark) or double one.
        generated = raw.FPDFText_IsGenerated(handle, index) == 1
        if code == 0x20 and not generated and right.value - left.value < 0.01:
            continue
        raw.FPDFText_GetCharOrigin(handle, index, ctypes.byref(x), ctypes.byref(y))
        size = raw.FPDFText_GetFontSize(handle, index) or 10.0
        found.append(Char(chr(code), x.value, height - y.value, left.value, right.value,
                          height - top.value, height - bottom.value, size))  # fmt: skip
    return found


def _rows(chars: list[Char]) -> list[list[Char]]:
    """Characters grouped by baseline, top to bottom (marks sit a little above theirs)."""
    rows: list[list[Char]] = []
    size = 0.0  # the largest size in the current row: a space may say 1 pt
    for char in sorted(chars, key=lambda c: c.baseline):
        if rows and char.baseline - rows[-1][-1].baseline < max(size, char.size) / 3:
            rows[-1].append(char)
            size = max(size, char.size)
        else:
            rows.append([char])
            size = char.size
    return [row for row in rows if any(c.text.strip() for c in row)]


def _glyphs(row: list[Char], spaced: bool) -> list[Glyph]:
    """A row's glyphs: characters drawn from one origin are one (the لا ligature maps to two);
    ``spaced`` False: the page has no space characters, so gaps between words make them."""
    size = statistics.median(c.size for c in row)
    glyphs: list[Glyph] = []
    for char in sorted(row, key=lambda c: c.x):
        previous = glyphs[-1] if glyphs else None
        if previous is not None and abs(previous.x - char.x) < 0.01 and char.text.strip():
            glyphs[-1] = Glyph(previous.text + char.text, previous.x, previous.width)
            continue
        if (
            not spaced
            and previous is not None
            and char.left - previous.x - previous.width > size / 4
        ):
            glyphs.append(Glyph(" ", previous.x + previous.width, 0.0))
        glyphs.append(Glyph(char.text, char.x, max(char.right, char.x) - char.x))
    return glyphs


def _flush_right(rows: list[list[Char]]) -> bool | None:
    """Whether the document's Arabic lines are set flush right (ragged left), flush left, or
    None when that does not tell (justified). LibreOffice sets right-to-left text flush left."""
    if not rows:
        return None
    arabic = [row for row in rows if any(_ARABIC.match(c.text) for c in row)]
    left = min(c.left for row in rows for c in row)
    right = max(c.right for row in rows for c in row)
    flush_left = sum(1 for row in arabic if min(c.left for c in row) - left < 3)
    flush_right = sum(1 for row in arabic if right - max(c.right for c in row) < 3)
    if flush_left > 2 * flush_right:
        return False
    if flush_right > 2 * flush_left:
        return True
    return None


def _line(row: list[Char], spaced: bool, flush_right: bool | None) -> Line | None:
    """One line; ``flush_right``: how the document sets Arabic (see ``_flush_right``), which
    tells the paragraph direction its writer used, else the line's letters decide."""
    glyphs = _glyphs(row, spaced)
    arabic = any(_ARABIC.match(g.text) for g in glyphs)
    rtl = arabic and (is_rtl(glyphs) if flush_right is None else flush_right)
    ordered = logical_order(glyphs, rtl)
    text = " ".join("".join(g.text for g in ordered).split())
    if not text:
        return None
    while ordered and not ordered[0].text.strip():
        ordered.pop(0)
    word = []
    for glyph in ordered:
        if not glyph.text.strip():
            break
        word.append(glyph)
    inked = [c for c in row if c.text.strip()]
    return Line(
        glyphs=glyphs,
        text=text,
        top=min(c.top for c in inked),
        bottom=max(c.bottom for c in inked),
        left=min(c.left for c in inked),
        right=max(c.right for c in inked),
        size=statistics.median(c.size for c in inked),
        rtl=rtl,
        ragged_left=rtl,
        first_word=max(g.x + g.width for g in word) - min(g.x for g in word),
        closed=not rtl and closes_left_to_right(glyphs),
    )


@dataclass
class TextLayer:
    width: float
    height: float
    rows: list[list[Char]]
    spaced: bool  # it has space characters (else gaps between words make them)


def _page_rows(document: Any) -> list[TextLayer | None]:
    """The text layer of each page; None for a page without one (a scan)."""
    pages: list[TextLayer | None] = []
    for number in range(len(document)):
        page = document[number]
        width, height = page.get_size()
        chars = _chars(page.get_textpage(), height)
        if sum(1 for c in chars if c.text.strip()) < MIN_TEXT_CHARS:
            pages.append(None)
        else:
            spaced = any(c.text == " " for c in chars)
            pages.append(TextLayer(width, height, _rows(chars), spaced))
    return pages


def _paragraphs(lines: list[Line], width: float = 0.0) -> list[str]:
    """Lines joined into paragraphs (see the module's docstring). ``width``: the page's, whose
    margins are taken as equal, so the longest line need not reach the column's edge."""
    if not lines:
        return []
    left = min(line.left for line in lines)
    right = max(line.right for line in lines)
    left, right = min(left, width - right) if width else left, max(right, width - left)
    pitches = [b.top - a.top for a, b in zip(lines, lines[1:], strict=False) if b.top > a.top]
    pitch = statistics.median(pitches) if pitches else 0.0
    paragraphs: list[list[str]] = [[lines[0].text]]
    for line, following in zip(lines, lines[1:], strict=False):
        room = line.left - left if line.ragged_left else right - line.right
        fits = room > following.first_word + following.size * 0.6
        gap = pitch and following.top - line.top > pitch * 1.4
        changed = abs(following.size - line.size) > 0.5 or following.rtl != line.rtl
        if fits or gap or changed or line.closed:
            paragraphs.append([following.text])
        else:
            # The punctuation ending this line belongs with the text the paragraph goes on with.
            then = first_strong(following.glyphs, following.rtl)
            paragraphs[-1][-1] = " ".join(logical_text(line.glyphs, line.rtl, then).split())
            paragraphs[-1].append(following.text)
    return [" ".join(part) for part in paragraphs]


def _edges(page: PdfPage) -> list[int]:
    """The lines a running header or footer can be: the outer two at the top and the bottom
    of the page, inside its margin bands."""
    count = len(page.lines)
    outer = sorted({0, 1, count - 2, count - 1} & set(range(count)))
    top, bottom = page.height * MARGIN_BAND, page.height * (1 - MARGIN_BAND)
    return [i for i in outer if page.lines[i].bottom < top or page.lines[i].top > bottom]


def _furniture(pages: list[PdfPage]) -> set[tuple[int, int]]:
    """(page, line) of running headers, footers and page numbers: at an edge of the page, a
    page number, or the same words (numbers aside) at the same height on most pages."""

    def key(line: Line) -> tuple[str, int]:
        return _DIGITS.sub("#", line.text), round(line.top / 4)

    seen: Counter[tuple[str, int]] = Counter()
    for page in pages:
        seen.update({key(page.lines[i]) for i in _edges(page)})
    texted = sum(1 for page in pages if page.lines)
    found = set()
    for number, page in enumerate(pages):
        for index in _edges(page):
            line = page.lines[index]
            if _PAGE_NUMBER.match(line.text) or (
                texted >= 2 and seen[key(line)] >= max(2, texted // 2)
            ):
                found.add((number, index))
    return found


def _open(data: bytes, name: str) -> Any:
    """The pypdfium2 document of ``data``, or InputError saying what is wrong with it."""
    import pypdfium2 as pdfium

    try:
        return pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        found = re.search(r"PDFium: ([^)]*)", str(exc))
        reason = (found[1] if found else str(exc)).strip().rstrip(".").lower()
        if "password" in reason:
            raise InputError(
                f"{name}: the PDF is protected by a password; save a copy without one"
            ) from exc
        raise InputError(
            f"{name}: a damaged PDF ({reason}); open it and save or print it to PDF again"
        ) from exc


def read_pdf(data: bytes, name: str, *, progress: Callable[[str], None] | None = None) -> Article:
    """The article of a PDF's bytes; pages without text are read by OCR."""
    from briefing.ingest import ocr

    document = _open(data, name)
    scanned: dict[int, list[str]] = {}
    try:
        found = _page_rows(document)
        direction = _flush_right([row for page in found if page for row in page.rows])
        pages = [
            PdfPage([], 0.0, 0.0, scanned=True)
            if page is None
            else PdfPage(
                [ln for row in page.rows if (ln := _line(row, page.spaced, direction))],
                page.width,
                page.height,
                scanned=False,
            )
            for page in found
        ]
        numbers = [number for number, page in enumerate(found) if page is None]
        if numbers:
            ocr.require_tesseract(name)
            scanned = ocr.read_pdf_pages(document, numbers, name, progress)
    finally:
        document.close()
    drop = _furniture(pages)
    lines: list[str] = []
    run: list[Line] = []  # text lines of consecutive pages: a paragraph may go on overleaf
    width = max((page.width for page in pages), default=0.0)
    for number, page in enumerate(pages):
        if page.scanned:
            lines.extend(_paragraphs(run, width) + scanned[number])
            run = []
            continue
        run.extend(line for index, line in enumerate(page.lines) if (number, index) not in drop)
    lines.extend(_paragraphs(run, width))
    if not any(line.strip() for line in lines):
        raise InputError(f"{name}: the PDF has no text; check that it is the right file")
    article = clean_lines(lines, path=name)
    article.ocr_pages = len(scanned)
    ocr.mark_read(article, [text for texts in scanned.values() for text in texts])
    return article
