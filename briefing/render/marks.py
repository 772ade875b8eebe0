"""The review mark: the invisible identity of each English cell of a DOCX briefing.

A hidden bookmark (Word hides names that start with "_") around the English paragraph,
named ``_BR`` + 16 hex digits of the folded Arabic's digest + 12 of the English's as
generated (+ ``_N`` for the Nth repeat of the same pair, since names must be unique).
It needs no side table: ``review import`` finds the row by the mark, checks that the
Arabic cell still folds to the same digest, and knows the English was edited when its
digest differs. Bookmarks, unlike content-control tags, survive LibreOffice's re-saving
(7.4 drops every ``w:tag``), and, unlike ``w:customXml``, Word keeps them (Word 2010 and
later strip custom XML markup). Word limits names to 40 characters: these take 34 or less.
"""

from __future__ import annotations

import re
from collections import Counter
from typing import NamedTuple

from briefing.text.keys import digest, english_form, source_form

PREFIX = "_BR"
SOURCE_DIGITS = 16
ENGLISH_DIGITS = 12
_MARK_RE = re.compile(
    rf"{PREFIX}([0-9a-f]{{{SOURCE_DIGITS}}})([0-9a-f]{{{ENGLISH_DIGITS}}})(?:_\d+)?"
)


class Mark(NamedTuple):
    source: str  # digest of the folded Arabic
    english: str  # digest of the English as generated


def source_digest(text: str) -> str:
    return digest(source_form(text), SOURCE_DIGITS)


def english_digest(text: str) -> str:
    return digest(english_form(text), ENGLISH_DIGITS)


class MarkNamer:
    """Names marks for one document, numbering repeats so every name is unique."""

    def __init__(self) -> None:
        self.seen: Counter[str] = Counter()

    def name(self, source: str, english: str) -> str:
        base = f"{PREFIX}{source_digest(source)}{english_digest(english)}"
        self.seen[base] += 1
        count = self.seen[base]
        return base if count == 1 else f"{base}_{count}"


def parse_mark(name: str) -> Mark | None:
    """The digests in a review mark's name; None for any other bookmark."""
    match = _MARK_RE.fullmatch(name)
    return Mark(match[1], match[2]) if match else None
