"""What the compiled glossary stores of one entry, computed in one place.

The canonical CSV line of an entry (``format_table`` writes exactly these lines, sorted),
its sort text (``sort_key`` as one string that sorts the same), and the keys the matcher
finds it by live in ``matcher.entry_keys``.
"""

from __future__ import annotations

import csv
import hashlib
import io
import re
from collections.abc import Iterable

from briefing.glossary.tables import COLUMNS, Entry, _neutralize, sort_key

_NEEDS_QUOTES = re.compile('[,"\r\n]')  # csv.QUOTE_MINIMAL quotes a cell holding one
SEPARATOR = "\x00"  # below every character a field can hold: "a" < "ab" stays true joined
HEADER = ",".join(COLUMNS) + "\n"


class RowWriter:
    """Canonical CSV lines, one entry at a time (one writer reused: it is the slow part)."""

    def __init__(self) -> None:
        self._buffer = io.StringIO()
        self._writer = csv.writer(self._buffer, lineterminator="\n")

    def line(self, entry: Entry) -> str:
        cells = [
            _neutralize(c)
            for c in (entry.arabic, entry.english, entry.kind, "|".join(entry.variants), entry.note)
        ]
        if not any(_NEEDS_QUOTES.search(cell) for cell in cells):
            return ",".join(cells) + "\n"  # what the writer writes, ten times faster
        self._buffer.seek(0)
        self._buffer.truncate()
        self._writer.writerow(cells)
        return self._buffer.getvalue()


def sort_text(entry: Entry) -> str:
    """``sort_key`` joined: two entries' texts compare as their keys do (code points, as
    SQLite's BINARY collation compares UTF-8)."""
    return SEPARATOR.join(sort_key(entry))


def digest_of(sorted_lines: Iterable[str]) -> str:
    """``Glossary.digest``: the sha256 of the canonical file text of all the entries."""
    digest = hashlib.sha256(HEADER.encode("utf-8"))
    for line in sorted_lines:
        digest.update(line.encode("utf-8"))
    return digest.hexdigest()
