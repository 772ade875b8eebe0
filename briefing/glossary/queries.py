"""``glossary list`` and ``glossary check`` answered from the compiled glossary.

The same answers as ``store.filter_entries`` and ``store.check`` on the parsed files
(tests compare them), as SQL over the cache instead of Python over 100,000 entries.
"""

from __future__ import annotations

import json
from collections.abc import Iterable

from briefing.errors import UsageError
from briefing.glossary.compiled import CompiledGlossary
from briefing.glossary.matcher import normalize_key
from briefing.glossary.rows import HEADER
from briefing.glossary.store import Glossary, export
from briefing.glossary.tables import KINDS

_TWICE = "SELECT key FROM {} GROUP BY key HAVING count(*) > 1"  # on the table's key index  # sort_key, then the files' order (Python's sort is stable)


def _filter(kind: str | None, search: str | None) -> tuple[str, list[str]]:
    """The WHERE clause (and its arguments) of the entries ``filter_entries`` keeps."""
    if kind is not None and kind not in KINDS:
        raise UsageError(f"unknown kind '{kind}' (use one of {', '.join(KINDS)})")
    clauses: list[str] = []
    args: list[str] = []
    if kind is not None:
        clauses.append("kind = ?")
        args.append(kind)
    needle = (search or "").strip()
    if needle:
        clauses.append("(instr(forms, ?) OR instr(english_fold, ?) OR instr(note_fold, ?))")
        args += [normalize_key(needle), needle.casefold(), needle.casefold()]
    return (f"WHERE {' AND '.join(clauses)}" if clauses else ""), args


def list_entries(
    glossary: CompiledGlossary, kind: str | None = None, search: str | None = None
) -> list[tuple[str, str, str, str]]:
    """(arabic, english, kind, variants) of the entries ``filter_entries`` keeps, sorted."""
    where, args = _filter(kind, search)
    # Entries that sort alike show alike (the note is not shown): no tie to break, and the
    # index alone answers (it holds the columns shown).
    query = f"SELECT arabic, english, kind, variants FROM entry_rows {where} ORDER BY sort"
    with glossary.reading():
        return list(glossary.db.execute(query, args))


def entry_page(
    glossary: CompiledGlossary,
    kind: str | None = None,
    search: str | None = None,
    limit: int | None = None,
    offset: int = 0,
) -> tuple[int, list[tuple[str, str, str, str, str]]]:
    """How many entries ``filter_entries`` keeps, and (arabic, english, kind, variants,
    note) of ``limit`` of them from ``offset``, in its order: a server's page of a large
    glossary without reading the rest (the sort index is walked and left at the limit)."""
    where, args = _filter(kind, search)
    # Entries that sort alike but for the note keep the files' order, as the sort does.
    query = (
        f"SELECT arabic, english, kind, variants, note FROM entries {where} "
        "ORDER BY sort, file, line LIMIT ? OFFSET ?"
    )
    with glossary.reading():
        total = glossary.db.execute(f"SELECT count(*) FROM entry_rows {where}", args).fetchone()
        rows = glossary.db.execute(query, [*args, -1 if limit is None else limit, offset])
        return int(total[0]), list(rows)


def export_text(glossary: CompiledGlossary, fmt: str) -> str:
    """``store.export`` of the glossary, byte for byte. CSV is the stored canonical lines
    (``format_table``'s own) in the sort's order; TSV and TBX are formatted from entries
    read in that order, as the sort leaves them (stable: ties keep the files' order)."""
    order = "sort, file, line"
    if fmt == "csv":
        with glossary.reading():
            rows = glossary.db.execute(f"SELECT row FROM entries ORDER BY {order}")
            return HEADER + "".join(row for (row,) in rows)
    return export(Glossary(glossary.entries(order=order), source=glossary.path), fmt)


def _where(glossary: CompiledGlossary, places: Iterable[Iterable[int]]) -> str:
    ordered = sorted((int(file), int(line)) for file, line in places)
    return ", ".join(glossary.origin(file, line) for file, line in ordered)


def check(glossary: CompiledGlossary) -> list[str]:
    """``store.check`` of the glossary's entries, one line per problem."""
    db = glossary.db
    problems: list[str] = []
    with glossary.reading():
        for file, line, found in db.execute(
            "SELECT file, line, problems FROM entries WHERE problems != '' ORDER BY file, line"
        ):
            problems.extend(f"{glossary.origin(file, line)}: {p}" for p in found.split("\n"))
        # Only names that occur twice can clash: found on the indexes, then looked at.
        shared = json.dumps([k for (k,) in db.execute(_TWICE.format("entry_rows"))])
        duplicates = db.execute(
            "SELECT arabic, english, json_group_array(json_array(file, line)) FROM entries "
            "WHERE arabic != '' AND key IN (SELECT value FROM json_each(?)) "
            "GROUP BY arabic, english, kind, variants, note HAVING count(*) > 1 "
            "ORDER BY min(file * 1000000000 + line)",
            [shared],
        ).fetchall()
        spellings = db.execute(
            "SELECT arabic, json_group_array(DISTINCT english), "
            "json_group_array(json_array(file, line)) FROM entries "
            "WHERE arabic != '' AND key IN (SELECT value FROM json_each(?)) "
            "GROUP BY arabic HAVING count(DISTINCT english) > 1 "
            "ORDER BY min(file * 1000000000 + line)",
            [shared],
        ).fetchall()
        same_names = db.execute(
            "SELECT n.key, json_group_array(DISTINCT e.arabic), "
            "json_group_array(json_array(e.file, e.line, e.arabic, e.english, e.kind, "
            "e.variants, e.note)) FROM names n JOIN entries e ON e.id = n.entry "
            "WHERE n.key IN (SELECT value FROM json_each(?)) "
            "GROUP BY n.key HAVING count(DISTINCT e.arabic) > 1 "
            "ORDER BY min(e.file * 1000000000 + e.line), n.key",
            [json.dumps([k for (k,) in db.execute(_TWICE.format("names"))])],
        ).fetchall()
    for arabic, english, places in duplicates:
        problems.append(
            f"{_where(glossary, json.loads(places))}: duplicate entry '{arabic}' → '{english}'"
        )
    for arabic, forms, places in spellings:
        english = sorted(json.loads(forms))
        listed = " and ".join(f"'{e}'" for e in english)
        problems.append(
            f"{_where(glossary, json.loads(places))}: '{arabic}' has {len(english)} English "
            f"forms: {listed}"
        )
    for key, headwords, rows in same_names:
        names = " and ".join(f"'{h}'" for h in sorted(json.loads(headwords)))
        problems.append(
            f"{_where(glossary, _distinct(json.loads(rows)))}: {names} are the same name "
            f"once normalized ('{key}')"
        )
    return problems


def _distinct(rows: list[list[object]]) -> list[tuple[int, int]]:
    """The places of equal entries once, the first in the files' order (``check`` keeps
    an entry in a name's list only if no equal one is there already)."""
    seen: set[tuple[object, ...]] = set()
    places: list[tuple[int, int]] = []
    for row in sorted(rows, key=lambda r: (int(str(r[0])), int(str(r[1])))):
        value = tuple(row[2:])
        if value not in seen:
            seen.add(value)
            places.append((int(str(row[0])), int(str(row[1]))))
    return places
