"""``review import edited.docx``: the English an analyst corrected in a built briefing.

Every English cell of a briefing carries a review mark (``render.marks``): a hidden
bookmark whose name holds digests of the folded Arabic and of the English as generated.
The English is read from the paragraphs the bookmark spans, whole (text typed at either
end of the paragraph counts), as if every tracked change were accepted. A row whose
Arabic no longer folds to the mark's digest was edited on the Arabic side: it is
skipped with a warning naming it, since its source is no longer known for sure.
"""

from __future__ import annotations

import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from xml.etree.ElementTree import Element, ParseError

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import fromstring

from briefing import zipsafe
from briefing.errors import ReviewError
from briefing.mt.approved import Approval
from briefing.render.marks import Mark, english_digest, parse_mark, source_digest
from briefing.review.wordml import W, accepted_text, children, is_deleted_row, paragraphs
from briefing.text.keys import english_form, is_blank
from briefing.text.safety import display_name

MAX_DOCUMENT_BYTES = 200 * 2**20  # word/document.xml unpacked; a 300-article briefing is ~5 MB
ARTICLE_ANCHOR = "article_"
SAVE_AGAIN = "save it again from Word or LibreOffice as .docx"
FIX = "review import reads a briefing made by 'briefing build' (.docx) or an XLIFF file (.xlf)"


@dataclass
class ReviewRead:
    """What a reviewed file holds: approvals to store, unchanged rows, skipped rows."""

    approvals: list[Approval] = field(default_factory=list)
    unchanged: int = 0
    skipped: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # how the file was read


def _document_xml(path: Path) -> bytes:
    try:
        with zipfile.ZipFile(path) as archive:
            info = archive.getinfo("word/document.xml")
            if info.file_size > MAX_DOCUMENT_BYTES:
                raise ReviewError(
                    f"{path}: word/document.xml unpacks to {info.file_size // 2**20} MB, over "
                    f"the {MAX_DOCUMENT_BYTES // 2**20} MB limit; split the briefing"
                )
            # Checked as model archives are: no part inflating like a zip bomb, none
            # encrypted or packed in a way Python cannot read, all within the limit.
            problem = zipsafe.inflation_problem(archive.infolist(), MAX_DOCUMENT_BYTES)
            if problem:
                raise ReviewError(f"{path}: refused, {problem}; {SAVE_AGAIN}")
            return zipsafe.read_entry(archive, info.filename)
    except zipsafe.DamagedEntry as exc:
        raise ReviewError(f"{path}: the DOCX is damaged ({exc}); {SAVE_AGAIN}") from None
    except (zipfile.BadZipFile, KeyError) as exc:
        raise ReviewError(f"{path}: not a Word .docx file ({exc}); {FIX}") from exc
    except OSError as exc:
        raise ReviewError(f"{path}: cannot read ({exc.strerror or exc})") from exc


def _parse(path: Path, data: bytes) -> Element:
    try:
        root: Element = fromstring(data)
    except (ParseError, DefusedXmlException, ValueError) as exc:
        reason = " ".join(str(exc).split())[:160]
        raise ReviewError(
            f"{path}: the DOCX is damaged (word/document.xml: {reason}); {FIX}"
        ) from exc
    return root


def _where(article: str, row: int) -> str:
    return f"article {article}, paragraph {row}" if article else f"paragraph {row}"


def read_review_docx(path: Path) -> ReviewRead:
    """Every review-marked English cell of ``path``, compared with what was generated."""
    root = _parse(path, _document_xml(path))
    parents = {child: parent for parent in root.iter() for child in parent}
    numbers: dict[Element, int] = {}
    read = ReviewRead()
    article = ""
    marks = 0
    for element in root.iter(W + "bookmarkStart"):
        name = element.get(W + "name", "")
        if name.startswith(ARTICLE_ANCHOR):
            article = name[len(ARTICLE_ANCHOR) :].replace("_", ".")
            continue
        mark = parse_mark(name)
        if mark is None:
            continue
        marks += 1
        _read_row(element, mark, (article, display_name(path.name)), parents, read, numbers)
    changes = {tag: sum(1 for _ in root.iter(W + tag)) for tag in ("ins", "del")}
    if any(changes.values()):
        read.notes.append(
            f"tracked changes read as accepted: {changes['ins']} insertions kept, "
            f"{changes['del']} deletions dropped"
        )
    if not marks:
        raise ReviewError(
            f"{path}: no review marks, so this is not a briefing made by 'briefing build' "
            "(or it was made before review marks existed); build the briefing again and "
            "review that file"
        )
    return read


def _ancestor(element: Element, tag: str, parents: dict[Element, Element]) -> Element | None:
    node = parents.get(element)
    while node is not None and node.tag != tag:
        node = parents.get(node)
    return node


def _read_row(
    start: Element,
    mark: Mark,
    place: tuple[str, str],  # the article's number, the file's name
    parents: dict[Element, Element],
    read: ReviewRead,
    numbers: dict[Element, int],  # a row's number in its table, filled as tables are met
) -> None:
    article, origin = place
    cell = _ancestor(start, W + "tc", parents)
    row = _ancestor(cell, W + "tr", parents) if cell is not None else None
    table = _ancestor(row, W + "tbl", parents) if row is not None else None
    if cell is None or row is None or table is None:
        read.skipped.append(f"{_where(article, 0)}: a review mark outside a table; ignored")
        return
    if row not in numbers:  # each table's rows numbered once, not once per row
        numbers.update((r, n) for n, r in enumerate(children(table, W + "tr")))
    number = numbers[row]  # row 0 is the header
    where = _where(article, number)
    if is_deleted_row(row):
        read.skipped.append(f"{where}: the row is deleted (tracked change); ignored")
        return
    cells = list(children(row, W + "tc"))
    position = cells.index(cell)
    if position + 1 >= len(cells):
        read.skipped.append(f"{where}: the Arabic cell is missing; ignored")
        return
    arabic = " ".join(accepted_text(p) for p in paragraphs(cells[position + 1]))
    if source_digest(arabic) != mark.source:
        read.skipped.append(
            f"{where}: the Arabic cell was edited, so its English cannot be filed under "
            "the original Arabic; ignored (edit only the English column)"
        )
        return
    english = english_form(" ".join(accepted_text(p) for p in _spanned(cell, start)))
    if english_digest(english) == mark.english:
        read.unchanged += 1
    elif is_blank(english):
        read.skipped.append(f"{where}: the English is empty; ignored")
    else:
        read.approvals.append(Approval(" ".join(arabic.split()), english, origin, place=where))


def _spanned(cell: Element, start: Element) -> list[Element]:
    """The cell's paragraphs from the one holding the bookmark's start to its end."""
    items = paragraphs(cell)
    ident = start.get(W + "id")

    def holds(paragraph: Element, tag: str) -> bool:
        return any(e.get(W + "id") == ident for e in paragraph.iter(tag))

    first = next((i for i, p in enumerate(items) if holds(p, W + "bookmarkStart")), None)
    if first is None:  # the bookmark sits between paragraphs: take the next one
        return items[:1]
    last = next((i for i in range(first, len(items)) if holds(items[i], W + "bookmarkEnd")), first)
    return items[first : last + 1]
