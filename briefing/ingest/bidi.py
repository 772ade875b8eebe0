"""A PDF line's glyphs, left to right as they are drawn, back into the order they are read.

A PDF draws text in visual order; which order its character codes come in depends on the
program that wrote it, and extractors that trust it reorder every line mixing Arabic with Latin
runs, numbers or brackets ("... أوكرانيا ، - CNN"). This module takes the glyphs by position
instead and undoes the Unicode bidirectional algorithm (UAX #9) for one line: the runs of the
direction opposite to the line's are reversed, and brackets drawn mirrored inside right-to-left
runs are turned back. It covers what a news line holds (no explicit embeddings, one level of
nesting), which is what PDF writers produce for it.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass

# Brackets a right-to-left run draws with the glyph of their mirror (Unicode BidiMirroring).
_MIRROR = str.maketrans("()[]{}<>«»‹›“”‘’", ")(][}{><»«›‹”“’‘")
_TERMINAL = frozenset(".!?؟…")
_STRONG_RTL = frozenset({"R", "AL"})
_NUMBER = frozenset({"EN", "AN"})
# Separators and terminators that belong to a number around them: 28.10.2024, 12:56, 5%.
_NUMBER_JOINERS = frozenset({"CS", "ES", "ET"})


@dataclass(frozen=True)
class Glyph:
    """One drawn glyph: its characters as the PDF maps them, and where it is drawn."""

    text: str  # usually one character; a ligature (لا) maps to several
    x: float  # left edge on the page
    width: float


def _kind(glyph: Glyph) -> str:
    """L, R, N (a number), S (a space) or O (other neutral) for the glyph's first character
    that has a class."""
    for char in glyph.text:
        klass = unicodedata.bidirectional(char)
        if klass == "L":
            return "L"
        if klass in _STRONG_RTL:
            return "R"
        if klass in _NUMBER:
            return "N"
        if klass == "WS":
            return "S"
        if klass != "NSM":
            return "O"
    return "O"


def _nearest_strong(kinds: list[str], index: int, step: int) -> str | None:
    index += step
    while 0 <= index < len(kinds):
        if kinds[index] in ("L", "R"):
            return kinds[index]
        index += step
    return None


def _touches_latin(kinds: list[str], index: int) -> bool:
    """Whether the number at ``index`` has Latin letters on its left with no space between."""
    if kinds[index] != "N":
        return False
    index -= 1
    while index >= 0 and kinds[index] in ("N", "O"):
        index -= 1
    return index >= 0 and kinds[index] == "L"


def _levels(kinds: list[str], rtl: bool, then: str | None = None) -> list[int]:
    """Each glyph's embedding level in visual order (rules W4-W7, N1-N2 and I1-I2, simplified).

    Visual order hides which side came first: a number between an Arabic word and the line's
    edge is read as part of the Arabic around it, as a news line almost always means. ``then``
    ("L" or "R"): the direction of the text the paragraph goes on with on the next line, which
    decides where the punctuation at the end of this one belongs.
    """
    # A number touching Latin text through a hyphen or slash (F-16, COVID-19) is read with it.
    attached = [_touches_latin(kinds, i) for i in range(len(kinds))]
    # W4/W5: a single separator between digits (not a space) is part of the number.
    kinds = [
        "N" if k == "O" and 0 < i < len(kinds) - 1 and kinds[i - 1] == kinds[i + 1] == "N" else k
        for i, k in enumerate(kinds)
    ]
    kinds = ["O" if k == "S" else k for k in kinds]
    # W7: a number after Latin text (F-16, COVID 19) is read with it, left to right.
    resolved = list(kinds)
    for i, kind in enumerate(kinds):
        if kind != "N":
            continue
        left, right = _nearest_strong(kinds, i, -1), _nearest_strong(kinds, i, 1)
        if attached[i] or (left in ("L", None) and right != "R" and (left or not rtl)):
            resolved[i] = "L"
    # N1/N2: neutrals take the direction of the text on both sides (numbers count as R), else
    # the line's; then I1/I2 give the levels.
    strong = ["R" if k == "N" else k for k in resolved]
    embedding = "R" if rtl else "L"
    ending = then or embedding
    left_edge, right_edge = (ending, embedding) if rtl else (embedding, ending)
    i = 0
    while i < len(strong):
        if strong[i] != "O":
            i += 1
            continue
        j = i
        while j < len(strong) and strong[j] == "O":
            j += 1
        before = strong[i - 1] if i > 0 else left_edge
        after = strong[j] if j < len(strong) else right_edge
        resolved[i:j] = [before if before == after else embedding] * (j - i)
        i = j
    if rtl:
        return [1 if k == "R" else 2 for k in resolved]
    return [1 if k == "R" else 2 if k == "N" else 0 for k in resolved]


def logical_order(glyphs: list[Glyph], rtl: bool, then: str | None = None) -> list[Glyph]:
    """The glyphs of one line, given in any order, in the order they are read; the text of
    a glyph read right to left is turned too (ligatures, mirrored brackets). ``then``: see
    ``_levels``."""
    visual = sorted(glyphs, key=lambda g: g.x)
    levels = _levels([_kind(g) for g in visual], rtl, then)
    items = [
        (level, Glyph(g.text[::-1].translate(_MIRROR), g.x, g.width) if level % 2 else g)
        for g, level in zip(visual, levels, strict=True)
    ]
    # Rule L2 reverses runs from the highest level down; undoing it goes from the lowest up.
    for floor in range(1, max(levels, default=0) + 1):
        i = 0
        while i < len(items):
            if items[i][0] < floor:
                i += 1
                continue
            j = i
            while j < len(items) and items[j][0] >= floor:
                j += 1
            items[i:j] = items[i:j][::-1]
            i = j
    return [glyph for _, glyph in items]


def logical_text(glyphs: list[Glyph], rtl: bool, then: str | None = None) -> str:
    """The text of one line whose glyphs are given in any order, as it is read."""
    return "".join(g.text for g in logical_order(glyphs, rtl, then))


def first_strong(glyphs: list[Glyph], rtl: bool) -> str | None:
    """ "L" or "R": the direction of the first letter of the line as it is read."""
    for glyph in logical_order(glyphs, rtl):
        kind = _kind(glyph)
        if kind in ("L", "R"):
            return kind
    return None


def is_rtl(glyphs: list[Glyph]) -> bool:
    """A line is right-to-left when it has more right-to-left letters than Latin ones."""
    kinds = [_kind(g) for g in glyphs]
    return kinds.count("R") >= kinds.count("L") and "R" in kinds


def closes_left_to_right(glyphs: list[Glyph]) -> bool:
    """Whether a left-to-right line of Arabic ends, at its right edge, in a full stop (or ? !)
    drawn after the Arabic: its writer resolved it with the paragraph's end, so the paragraph
    ends there (mid-paragraph, a full stop before more Arabic is drawn inside the Arabic run)."""
    inked = [g for g in sorted(glyphs, key=lambda g: g.x) if g.text.strip()]
    kinds = [_kind(g) for g in inked]
    strong = [i for i, kind in enumerate(kinds) if kind in ("L", "R")]
    if not strong or kinds[strong[-1]] != "R":
        return False
    return any(g.text in _TERMINAL for g in inked[strong[-1] + 1 :])
