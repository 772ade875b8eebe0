"""Reading WordprocessingML as Word shows it with every tracked change accepted.

Inserted text (``w:ins``, ``w:moveTo``) is kept, deleted text (``w:del``, ``w:moveFrom``)
dropped; field codes, comments' anchors, drawings and text boxes carry no text of the
paragraph. Content controls and custom XML wrappers are looked through.
"""

from __future__ import annotations

from collections.abc import Iterator
from xml.etree.ElementTree import Element

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
MC = "{http://schemas.openxmlformats.org/markup-compatibility/2006}"

# Subtrees with no text of the paragraph as accepted: deletions, properties (their
# w:del / w:ins only mark formatting or paragraph marks), field codes, pictures.
_NO_TEXT = {
    W + name
    for name in (
        "del moveFrom delText delInstrText instrText pPr rPr tcPr trPr tblPr "
        "drawing pict object footnoteReference endnoteReference"
    ).split()
} | {MC + "AlternateContent"}
_CHARACTERS = {W + "tab": "\t", W + "br": "\n", W + "cr": "\n", W + "noBreakHyphen": "-"}
_WRAPPERS = {W + "sdt", W + "sdtContent", W + "customXml", W + "smartTag"}


def accepted_text(element: Element) -> str:
    """The text of ``element`` (a paragraph or a cell) with all changes accepted."""
    parts: list[str] = []

    def walk(node: Element) -> None:
        for child in node:
            if child.tag in _NO_TEXT:
                continue
            if child.tag == W + "t":
                parts.append(child.text or "")
            elif child.tag in _CHARACTERS:
                parts.append(_CHARACTERS[child.tag])
            else:
                walk(child)

    walk(element)
    return "".join(parts)


def children(element: Element, tag: str) -> Iterator[Element]:
    """The ``tag`` children of ``element``, looking through content controls."""
    for child in element:
        if child.tag == tag:
            yield child
        elif child.tag in _WRAPPERS:
            yield from children(child, tag)


def is_deleted_row(row: Element) -> bool:
    """A table row deleted as a tracked change (gone once changes are accepted)."""
    properties = row.find(W + "trPr")
    return properties is not None and properties.find(W + "del") is not None


def paragraphs(cell: Element) -> list[Element]:
    return list(children(cell, W + "p"))
