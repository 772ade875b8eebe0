"""Building the compiled glossary's cache file: the layout of its tables, the rows of
each entry, and the file written beside its name and renamed (``compiled`` reads it).
"""

from __future__ import annotations

import os
import sqlite3
import tempfile
import time
from collections.abc import Sequence
from contextlib import closing, suppress
from pathlib import Path
from typing import Any

from briefing.errors import GlossaryError
from briefing.glossary.matcher import ARTICLE, entry_keys, split_article
from briefing.glossary.rows import HEADER, RowWriter, digest_of, sort_text
from briefing.glossary.tables import Entry, decode_text, entry_problems, parse_table

FORMAT_VERSION = 2  # 2: news sources (kind "source") kept out of the name index
PREFIX = 3  # letters of a key's start that say how long a key starting so can be
KEEP_DAYS = 14  # a cache file unused this long is removed when another is built

SCHEMA = """
CREATE TABLE meta (name TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE files (no INTEGER PRIMARY KEY, name TEXT NOT NULL, canonical INTEGER NOT NULL);
-- Where each entry stands apart from what it is: an edit shifts the lines of the rows
-- after it, and rewriting these narrow rows is cheap where the wide ones are not.
CREATE TABLE places (id INTEGER PRIMARY KEY, file INTEGER NOT NULL, line INTEGER NOT NULL);
CREATE TABLE entry_rows (
    id INTEGER PRIMARY KEY, lines INTEGER NOT NULL, arabic TEXT NOT NULL, english TEXT NOT NULL,
    kind TEXT NOT NULL, variants TEXT NOT NULL, note TEXT NOT NULL, key TEXT NOT NULL,
    sort TEXT NOT NULL, row TEXT NOT NULL, problems TEXT NOT NULL, special INTEGER NOT NULL,
    cores TEXT NOT NULL, forms TEXT NOT NULL, english_fold TEXT NOT NULL,
    note_fold TEXT NOT NULL
);
CREATE TABLE keys (key TEXT NOT NULL, entry INTEGER NOT NULL, seq INTEGER NOT NULL,
    article INTEGER NOT NULL, PRIMARY KEY (key, entry, seq)) WITHOUT ROWID;
CREATE TABLE names (key TEXT NOT NULL, entry INTEGER NOT NULL);
CREATE TABLE prefixes (prefix TEXT PRIMARY KEY, longest INTEGER NOT NULL) WITHOUT ROWID;
CREATE VIEW entries AS SELECT r.id, p.file, p.line, r.lines, r.arabic, r.english, r.kind,
    r.variants, r.note, r.key, r.sort, r.row, r.problems, r.special, r.cores, r.forms,
    r.english_fold, r.note_fold FROM entry_rows r JOIN places p ON p.id = r.id;
"""
INDEXES = """
CREATE INDEX names_key ON names (key);
CREATE INDEX entries_key ON entry_rows (key);
CREATE INDEX entries_sort ON entry_rows (sort, arabic, english, kind, variants);  -- list
"""
ENTRY_COLUMNS = 16  # of entry_rows


def _parse_all(files: Sequence[Path], contents: Sequence[bytes]) -> list[list[Entry]]:
    """Every file's entries from the bytes hashed for the key (the files may have changed
    since), bad rows kept (``check`` reports them); a file the reader refuses as a whole
    raises, after any bad row of a file before it (as a strict load would)."""
    parsed: list[list[Entry]] = []
    for file, data in zip(files, contents, strict=True):
        try:
            parsed.append(parse_table(decode_text(data, file), str(file), strict=False))
        except GlossaryError:
            for entries in parsed:
                for entry in entries:
                    if entry_problems(entry):
                        raise GlossaryError(f"{entry.origin}: {entry_problems(entry)[0]}") from None
            raise
    return parsed


class Rows:
    """The table rows of entries, gathered to be inserted in one go."""

    def __init__(self) -> None:
        self.writer = RowWriter()
        self.entries: list[tuple[Any, ...]] = []
        self.places: list[tuple[int, int, int]] = []
        self.keys: list[tuple[str, int, int, int]] = []
        self.names: list[tuple[str, int]] = []
        self.prefixes: dict[str, int] = {}

    def add(self, entry: Entry, number: int, file: int, line: int) -> tuple[str, str]:
        """Rows for one entry; its sort text and canonical CSV line are returned."""
        row = self.writer.line(entry)
        splits = [split_article(form) for form in entry.forms()]
        # The normalized headword, as ``Entry.key`` would compute it again.
        entry.__dict__.setdefault("key", ARTICLE + splits[0][0] if splits[0][1] else splits[0][0])
        cores, keys = entry_keys(entry, splits)
        # Not looked for in the text: units and months (numbers only: protect.quantities) and
        # news sources (bylines only: ``CompiledGlossary.source_matcher``).
        special = entry.kind in ("unit", "source") or entry.is_month
        sort = sort_text(entry)
        self.places.append((number, file, line))
        self.entries.append(
            (
                number,
                row.count("\n"),
                entry.arabic,
                entry.english,
                entry.kind,
                "|".join(entry.variants),
                entry.note,
                entry.key,
                sort,
                row,
                "\n".join(entry_problems(entry)),
                int(special),
                "\n".join(sorted(cores)),
                "\n".join(ARTICLE + core if article else core for core, article in splits),
                entry.english.casefold(),
                entry.note.casefold(),
            )  # fmt: skip
        )
        if not special:
            for seq, (key, article) in enumerate(keys):
                self.keys.append((key, number, seq, int(article)))
                prefix = key[:PREFIX]
                self.prefixes[prefix] = max(self.prefixes.get(prefix, 0), len(key))
        if entry.arabic:  # name_keys: one per spelling, the article split off
            self.names.extend((name, number) for name in {core for core, _ in splits})
        return sort, row

    def insert(self, db: sqlite3.Connection) -> None:
        marks = ",".join("?" * ENTRY_COLUMNS)
        db.executemany(f"INSERT INTO entry_rows VALUES ({marks})", self.entries)
        db.executemany("INSERT INTO places VALUES (?, ?, ?)", self.places)
        self.keys.sort()  # the table is a b-tree on the key: appended in order is fastest
        db.executemany("INSERT INTO keys VALUES (?, ?, ?, ?)", self.keys)
        db.executemany("INSERT INTO names VALUES (?, ?)", self.names)
        db.executemany(
            "INSERT INTO prefixes VALUES (?, ?) ON CONFLICT (prefix) DO UPDATE "
            "SET longest = max(longest, excluded.longest)",
            self.prefixes.items(),
        )


def _line_of(entry: Entry) -> int:
    return int(entry.origin.rpartition(":")[2])


def build(files: Sequence[Path], key: str, contents: Sequence[bytes], target: Path) -> None:
    """Compile the glossary ``files`` into the cache file ``target`` (atomically)."""
    parsed = _parse_all(files, contents)
    target.parent.mkdir(parents=True, exist_ok=True)
    handle, temp_name = tempfile.mkstemp(
        prefix=f".{target.name}.", suffix=".tmp", dir=target.parent
    )
    os.close(handle)
    temp = Path(temp_name)
    try:
        with closing(sqlite3.connect(temp, isolation_level=None)) as db:
            db.execute("PRAGMA journal_mode = OFF")  # a temp file: nobody reads it half-built
            db.execute("PRAGMA synchronous = OFF")
            db.executescript(SCHEMA)
            db.execute("BEGIN")
            rows = Rows()
            number = 0
            lines: list[tuple[str, str]] = []
            for file_no, (file, entries, data) in enumerate(
                zip(files, parsed, contents, strict=True)
            ):
                first = len(lines)
                for entry in entries:
                    lines.append(rows.add(entry, number, file_no, _line_of(entry)))
                    number += 1
                canonical = _canonical(data, lines[first:])
                db.execute(
                    "INSERT INTO files VALUES (?, ?, ?)", (file_no, file.name, int(canonical))
                )
            rows.insert(db)
            lines.sort(key=lambda pair: pair[0])  # stable: equal keys keep the files' order
            db.executemany(
                "INSERT INTO meta VALUES (?, ?)",
                [
                    ("format", str(FORMAT_VERSION)),
                    ("key", key),
                    ("digest", digest_of(line for _, line in lines)),
                ],
            )
            for statement in INDEXES.strip().split(";\n"):  # executescript would commit
                db.execute(statement)
            db.execute("COMMIT")
        os.replace(temp, target)
    except BaseException:
        temp.unlink(missing_ok=True)
        raise
    _remove_old(target.parent)


def _canonical(data: bytes, lines: Sequence[tuple[str, str]]) -> bool:
    """Whether the file is exactly what ``format_table`` writes for its entries (sorted,
    given as (sort text, line)): then one row can be added or removed by splicing."""
    if any(a[0] > b[0] for a, b in zip(lines, lines[1:], strict=False)):
        return False
    return data == (HEADER + "".join(line for _, line in lines)).encode("utf-8")


def _remove_old(folder: Path) -> None:
    cutoff = time.time() - KEEP_DAYS * 86400
    for old in folder.glob("*.sqlite3"):
        with suppress(OSError):
            if old.stat().st_mtime < cutoff:
                old.unlink()
