"""``glossary add`` and ``remove`` that touch one row, not the whole glossary.

Clashes are looked up in the compiled glossary's index; the one file that changes gets
its row spliced in or out (still atomic, still under the glossary's lock), and the
cache is updated in the same step and renamed to the new content's key, so the next
command finds it warm. This needs the file to be exactly what ``format_table`` writes
(sorted, canonical quoting, LF): then splicing gives the very text a rewrite would. A
file edited by hand into another shape, ``--replace``, or a new file in a glossary
folder take the general path (``tables.EditSession``), which rewrites the files whole.
"""

from __future__ import annotations

import hashlib
import json
import os
import sqlite3
from collections.abc import Callable
from contextlib import suppress
from pathlib import Path

from briefing.errors import GlossaryError
from briefing.glossary.build import Rows
from briefing.glossary.compiled import (
    _OPEN,
    _OPEN_LOCK,
    CompiledGlossary,
    cache_folder,
    compiled_glossary,
    content_key,
)
from briefing.glossary.files import locked, refuse_read_only, write_atomic
from briefing.glossary.matcher import normalize_key
from briefing.glossary.rows import RowWriter, digest_of, sort_text
from briefing.glossary.store import _prepare, glossary_files
from briefing.glossary.tables import KIND_FILES, EditSession, Entry, entry_problems, name_keys

_COLUMNS = "id, file, line, lines, arabic, english, kind, variants, note"


def _ready(path: Path) -> None:
    """``store._prepare`` without reading the whole glossary: a bad file is refused by
    compiling it (warm: nothing to read), before the lock is taken."""
    if not _has_files(path):
        _prepare(path)
        return
    if not path.is_dir():
        refuse_read_only(path)
    compiled_glossary(path, strict=False)


def _has_files(path: Path) -> bool:
    """Whether there is a glossary to compile (a new folder has no file yet)."""
    if path.is_dir():
        return any(p.is_file() for p in path.glob("*.csv"))
    return path.exists()


def add(path: Path, entry: Entry, *, replace: bool = False) -> tuple[str, Path]:
    """``store.add_entry``: "added", "updated" or "unchanged", and the file it is in."""
    problems = entry_problems(entry)
    if problems:
        raise GlossaryError(f"{path}: new entry: {problems[0]}")
    _ready(path)
    with locked(path):
        if not replace and _has_files(path):
            glossary = compiled_glossary(path, strict=False)
            same = _first(glossary, "key = ?", [entry.key])
            if same is not None and glossary.entry(_place(same)) == entry:
                return "unchanged", glossary.files[same[1]]
            target = path / KIND_FILES.get(entry.kind, "terms.csv") if path.is_dir() else path
            if (
                same is None
                and not _names_taken(glossary, entry)
                and target in glossary.files
                and _canonical(glossary, glossary.files.index(target))
            ):
                _insert(glossary, entry, glossary.files.index(target))
                return "added", target
        tables = EditSession(path)
        result = tables.put(entry, replace)
        tables.write()
        # A merged spelling lives on in another entry: its file is where the name now is.
        place = tables.index.get(entry.key) or next(iter(tables.names.get(entry.key, [])), None)
        return result, place[0] if place else path


def remove(path: Path, arabic: str) -> list[Entry]:
    """``store.remove_entry``: every entry whose headword normalizes like ``arabic``."""
    key = normalize_key(arabic)
    glossary_files(path)  # a clear error when there is no glossary at all
    _ready(path)
    with locked(path):
        glossary = compiled_glossary(path, strict=False)
        with glossary.reading():
            rows = glossary.db.execute(
                f"SELECT {_COLUMNS} FROM entries WHERE key = ? ORDER BY file, line", [key]
            ).fetchall()
        if not rows:
            raise GlossaryError(
                f"{path}: no entry '{arabic}'; see 'briefing glossary list --search'"
            )
        removed = [glossary.entry(_place(row)) for row in rows]
        if all(_canonical(glossary, row[1]) for row in rows):
            _delete(glossary, rows)
            return removed
        tables = EditSession(path)
        tables.remove(key)
        tables.write()
        return removed


Row = tuple[int, int, int, int, str, str, str, str, str]


def _place(row: Row) -> tuple[int, int, str, str, str, str, str]:
    """``CompiledGlossary.entry``'s columns of an entries row."""
    return row[1], row[2], *row[4:]


def _first(glossary: CompiledGlossary, where: str, args: list[object]) -> Row | None:
    with glossary.reading():
        found = glossary.db.execute(
            f"SELECT {_COLUMNS} FROM entries WHERE {where} ORDER BY file, line LIMIT 1", args
        ).fetchone()
    return found  # type: ignore[no-any-return]


def _canonical(glossary: CompiledGlossary, file: int) -> bool:
    with glossary.reading():
        row = glossary.db.execute("SELECT canonical FROM files WHERE no = ?", [file]).fetchone()
    return bool(row and row[0])


def _names_taken(glossary: CompiledGlossary, entry: Entry) -> bool:
    """Whether a spelling of ``entry`` is already another entry's name, from the cache's
    name index: then ``EditSession.put`` decides (merge a same-English spelling, refuse
    or replace a real clash), with its messages."""
    keys = json.dumps(sorted(name_keys(entry)), ensure_ascii=False)
    with glossary.reading():
        taken = glossary.db.execute(
            "SELECT 1 FROM names WHERE key IN (SELECT value FROM json_each(?)) LIMIT 1", [keys]
        ).fetchone()
    return taken is not None


def _insert(glossary: CompiledGlossary, entry: Entry, file: int) -> None:
    """Splice the entry's row into its sorted place in ``file``, and into the cache."""
    path = glossary.files[file]
    line = RowWriter().line(entry)
    with glossary.reading():
        after = glossary.db.execute(
            "SELECT min(line) FROM entries WHERE file = ? AND sort > ?", [file, sort_text(entry)]
        ).fetchone()[0]
    lines = path.read_text(encoding="utf-8").split("\n")
    at = int(after) if after is not None else len(lines)  # the last "" is after the last LF
    write_atomic(path, "\n".join([*lines[: at - 1], line[:-1], *lines[at - 1 :]]))

    def update(db: sqlite3.Connection) -> None:
        number = db.execute("SELECT coalesce(max(id), -1) + 1 FROM entry_rows").fetchone()[0]
        db.execute(
            "UPDATE places SET line = line + ? WHERE file = ? AND line >= ?",
            [line.count("\n"), file, at],
        )
        rows = Rows()
        rows.add(entry, number, file, at)
        rows.insert(db)

    _update_cache(glossary, update)


def _delete(glossary: CompiledGlossary, rows: list[Row]) -> None:
    """Cut the rows' lines out of their files, and the rows out of the cache."""
    for file in sorted({row[1] for row in rows}):
        path = glossary.files[file]
        lines = path.read_text(encoding="utf-8").split("\n")
        for row in sorted((r for r in rows if r[1] == file), key=lambda r: -r[2]):
            del lines[row[2] - 1 : row[2] - 1 + row[3]]
        write_atomic(path, "\n".join(lines))

    def update(db: sqlite3.Connection) -> None:
        for number, file, line, count, *_ in sorted(rows, key=lambda r: -r[2]):
            for table, column in (
                ("entry_rows", "id"),
                ("places", "id"),
                ("keys", "entry"),
                ("names", "entry"),
            ):
                db.execute(f"DELETE FROM {table} WHERE {column} = ?", [number])
            db.execute(
                "UPDATE places SET line = line - ? WHERE file = ? AND line > ?",
                [count, file, line],
            )

    _update_cache(glossary, update)


def _update_cache(glossary: CompiledGlossary, change: Callable[[sqlite3.Connection], None]) -> None:
    """Apply ``change(db)`` to the cache, give it the files' new key and digest, and
    rename it to that key; on any trouble the cache file goes (it is built again)."""
    old = cache_folder() / f"{glossary.key}.sqlite3"
    key, contents = content_key(glossary.files)
    db = glossary.db
    with _OPEN_LOCK, glossary.lock:
        _OPEN.pop((str(glossary.path), glossary.key), None)
        try:
            db.execute("BEGIN IMMEDIATE")
            change(db)
            db.execute("UPDATE meta SET value = ? WHERE name = 'key'", [key])
            db.execute("UPDATE meta SET value = ? WHERE name = 'digest'", [_digest(db, contents)])
            db.execute("COMMIT")
            db.close()
            if old.exists():
                os.replace(old, old.with_name(f"{key}.sqlite3"))
        except (OSError, sqlite3.Error):
            with suppress(sqlite3.Error):
                db.execute("ROLLBACK")
            db.close()
            old.unlink(missing_ok=True)


def _digest(db: sqlite3.Connection, contents: list[bytes]) -> str:
    """``Glossary.digest`` after the edit: one canonical file is the very text it hashes."""
    if len(contents) == 1 and db.execute("SELECT canonical FROM files").fetchone()[0]:
        return hashlib.sha256(contents[0]).hexdigest()
    ordered = db.execute("SELECT row FROM entries ORDER BY sort, file, line")
    return digest_of(row for (row,) in ordered)
