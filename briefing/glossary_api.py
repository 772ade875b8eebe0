"""The library face of the glossary commands for callers other than the CLI's own
modules (the server): list a page, add, remove, import and export, each under the
glossary's lock and through the compiled glossary, as ``briefing glossary`` does."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any


def glossary_entries(
    path: Path, kind: str | None = None, search: str | None = None
) -> list[dict[str, Any]]:
    """The entries of the glossary at ``path`` of ``kind`` matching ``search``, sorted."""
    entries: list[dict[str, Any]] = glossary_page(path, kind, search)["entries"]
    return entries


def glossary_page(
    path: Path,
    kind: str | None = None,
    search: str | None = None,
    *,
    limit: int | None = None,
    offset: int = 0,
) -> dict[str, Any]:
    """``{"total": n, "entries": [...]}``: how many entries of ``kind`` match ``search``,
    and ``limit`` of them from ``offset`` (sorted), from the compiled glossary: a page of
    a 100,000-name glossary costs milliseconds, not a parse of the files."""
    from briefing.glossary.compiled import compiled_glossary
    from briefing.glossary.queries import entry_page

    total, rows = entry_page(compiled_glossary(path), kind, search, limit, offset)
    entries = [
        {
            "arabic": arabic,
            "english": english,
            "kind": kind_,
            "variants": variants.split("|") if variants else [],
            "note": note,
        }
        for arabic, english, kind_, variants, note in rows
    ]
    return {"total": total, "entries": entries}


def glossary_add(
    path: Path,
    arabic: str,
    english: str,
    kind: str,
    variants: Sequence[str] = (),
    note: str = "",
    *,
    replace: bool = False,
) -> str:
    """Add an entry under the glossary's lock: "added", "updated", "merged" or "unchanged"."""
    from briefing.glossary.edits import add
    from briefing.glossary.store import Entry

    return add(path, Entry(arabic, english, kind, tuple(variants), note), replace=replace)[0]


def glossary_remove(path: Path, arabic: str) -> list[dict[str, Any]]:
    """Remove the entries with this headword, under the glossary's lock."""
    from briefing.glossary.edits import remove

    return [
        {"arabic": e.arabic, "english": e.english, "kind": e.kind} for e in remove(path, arabic)
    ]


def glossary_import(path: Path, source: Path, *, replace: bool = False) -> dict[str, Any]:
    """Merge a CSV, TSV or TBX file into the glossary (``GlossaryClash`` lists clashes)."""
    from dataclasses import asdict

    from briefing.glossary.store import import_file

    return asdict(import_file(path, source, replace=replace))


def glossary_export(path: Path, glossary_format: str) -> str:
    """The whole glossary as CSV, TSV or TBX text."""
    from briefing.glossary.compiled import compiled_glossary
    from briefing.glossary.queries import export_text

    return export_text(compiled_glossary(path), glossary_format)
