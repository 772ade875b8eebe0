"""The name glossary: CSV files of Arabic names and their one English spelling.

A glossary is a CSV file, or a folder whose ``*.csv`` files are merged, with the header
``arabic,english,kind,variants,note``; ``variants`` holds extra Arabic spellings separated
by ``|``. Excel's exports are accepted (UTF-8 BOM, ``;`` or tab separators, CRLF). Files
are written sorted, with LF line ends, through a temp file and ``os.replace`` under a lock,
so a diff shows exactly what changed and two concurrent edits both land.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import NoReturn

import briefing.glossary.tbx as tbx
from briefing.document import Term
from briefing.errors import GlossaryClash, GlossaryError, UsageError
from briefing.glossary.files import locked, refuse_read_only, write_atomic
from briefing.glossary.matcher import Matcher, normalize_key
from briefing.glossary.tables import (
    COLUMNS,
    FORMATS,
    KIND_FILES,
    KINDS,
    EditSession,
    Entry,
    entry_problems,
    format_table,
    name_keys,
    parse_table,
    read_text,
    sort_key,
)

__all__ = [
    "COLUMNS",
    "FORMATS",
    "KIND_FILES",
    "KINDS",
    "Entry",
    "Glossary",
    "ImportReport",
    "add_entry",
    "check",
    "check_path",
    "entry_file",
    "entry_problems",
    "export",
    "filter_entries",
    "format_table",
    "glossary_files",
    "import_file",
    "load_glossary",
    "locked",
    "parse_table",
    "read_entries",
    "remove_entry",
    "save",
]

PROGRESS_STEP = 500  # entries between two calls of an import's progress callback


class Glossary:
    """The merged entries of a glossary file or folder."""

    def __init__(self, entries: Iterable[Entry] = (), source: Path | None = None) -> None:
        self.entries: tuple[Entry, ...] = tuple(entries)
        self.source = source

    def __len__(self) -> int:
        return len(self.entries)

    @cached_property
    def _digest(self) -> str:
        return hashlib.sha256(format_table(self.entries).encode("utf-8")).hexdigest()

    def digest(self) -> str:
        """sha256 hex of the content: the same entries give the same digest, in any order."""
        return self._digest

    @cached_property
    def _matcher(self) -> Matcher:
        # Units and months only count next to a number ("كم" is also "how many"): numbers.py.
        # Sources name a byline only: "العربية" is also "Arabic", "كونا" is near "كنا".
        return Matcher(
            e for e in self.entries if e.kind not in ("unit", "source") and not e.is_month
        )

    def matcher(self) -> Matcher:
        return self._matcher

    @cached_property
    def _source_matcher(self) -> Matcher:
        return Matcher(e for e in self.entries if e.kind == "source")

    def source_matcher(self) -> Matcher:
        """The news sources and agencies, for an article's byline ("المصدر: واس")."""
        return self._source_matcher

    def find(self, text: str) -> list[Term]:
        return self._matcher.find(text)


def filter_entries(
    glossary: Glossary, kind: str | None = None, search: str | None = None
) -> list[Entry]:
    """Entries of ``kind`` whose Arabic (normalized), English or note contains ``search``."""
    if kind is not None and kind not in KINDS:
        raise UsageError(f"unknown kind '{kind}' (use one of {', '.join(KINDS)})")
    needle = (search or "").strip()
    arabic_needle, english_needle = normalize_key(needle), needle.casefold()
    found = []
    for entry in glossary.entries:
        if kind is not None and entry.kind != kind:
            continue
        if needle and not (
            any(arabic_needle in normalize_key(f) for f in entry.forms())
            or english_needle in entry.english.casefold()
            or english_needle in entry.note.casefold()
        ):
            continue
        found.append(entry)
    return sorted(found, key=sort_key)


def glossary_files(path: Path) -> list[Path]:
    """The CSV files a glossary path stands for (a file, or a folder's ``*.csv``)."""
    if path.is_dir():
        files = sorted(p for p in path.glob("*.csv") if p.is_file())
        if not files:
            raise GlossaryError(f"{path}: no .csv files in this glossary folder")
        return files
    if not path.exists():
        _refuse_missing(path)
    return [path]


def _refuse_missing(path: Path) -> NoReturn:
    if path.is_symlink():  # the file it names was moved or deleted: say where it pointed
        raise GlossaryError(
            f"{path}: a symlink to {os.readlink(path)}, which does not exist; "
            "fix the link or check --glossary"
        )
    raise GlossaryError(f"{path}: no such glossary file or folder; check --glossary")


def load_glossary(path: Path, *, strict: bool = True) -> Glossary:
    """The glossary at ``path``; GlossaryError (file:line) on the first bad row if strict."""
    entries: list[Entry] = []
    for file in glossary_files(path):
        entries.extend(parse_table(read_text(file), str(file), strict=strict))
    return Glossary(entries, source=path)


def save(glossary: Glossary | Iterable[Entry], path: Path) -> None:
    """Write all entries to one CSV file, sorted (atomic; lock with ``locked`` if shared)."""
    entries = glossary.entries if isinstance(glossary, Glossary) else glossary
    if path.is_dir():
        raise GlossaryError(f"{path}: is a folder; save writes one .csv file")
    write_atomic(path, format_table(entries))


def _prepare(path: Path) -> EditSession | None:
    """Create an empty glossary where an edit needs one: a .csv file, else a folder.

    A read-only or unreadable glossary is refused here, before its lock is taken, so a
    refused edit leaves no lock file behind. The files read are returned, for ``_session``."""
    if path.exists():
        if not path.is_dir():
            refuse_read_only(path)
        return EditSession(path)
    if path.is_symlink():
        _refuse_missing(path)  # never a new file behind a link that lost its target
    if path.suffix.lower() == ".csv":
        if not path.parent.is_dir():
            raise GlossaryError(f"{path}: folder {path.parent} does not exist")
        with locked(path):  # another first add may have made it, and filled it, meanwhile
            if not path.exists():
                write_atomic(path, format_table([]))
    else:
        path.mkdir(parents=True, exist_ok=True)
    return None


def _session(path: Path, prepared: EditSession | None) -> EditSession:
    """The files to edit, read under the lock: the ones ``_prepare`` read if nobody changed
    them meanwhile (comparing bytes costs milliseconds, parsing 100,000 rows a second)."""
    if prepared is not None and prepared.current():
        return prepared
    return EditSession(path)


def _valid(entry: Entry, where: str) -> Entry:
    problems = entry_problems(entry)
    if problems:
        raise GlossaryError(f"{where}: {problems[0]}")
    return entry


def add_entry(path: Path, entry: Entry, *, replace: bool = False) -> str:
    """Add one entry to the glossary at ``path`` (to ``<kind>`` file of a folder).

    Returns "added", "updated" (only with ``replace``), "merged" (new spellings of an
    entry with the same English) or "unchanged".
    """
    _valid(entry, f"{path}: new entry")
    prepared = _prepare(path)
    with locked(path):
        tables = _session(path, prepared)
        result = tables.put(entry, replace)
        tables.write()
    return result


def entry_file(path: Path, entry: Entry) -> Path:
    """The file of the glossary at ``path`` that holds ``entry`` (by its headword)."""
    for file in glossary_files(path):
        if any(e.key == entry.key for e in parse_table(read_text(file), str(file), strict=False)):
            return file
    return path


def remove_entry(path: Path, arabic: str) -> list[Entry]:
    """Remove every entry whose Arabic headword normalizes like ``arabic``."""
    key = normalize_key(arabic)
    glossary_files(path)  # a clear error when there is no glossary at all
    prepared = _prepare(path)
    with locked(path):
        tables = _session(path, prepared)
        removed = tables.remove(key)
        if not removed:
            raise GlossaryError(
                f"{path}: no entry '{arabic}'; see 'briefing glossary list --search'"
            )
        tables.write()
    return removed


@dataclass
class ImportReport:
    added: int = 0
    updated: int = 0
    merged: int = 0  # new spellings joined to an entry with the same English
    unchanged: int = 0
    skipped: list[str] = field(default_factory=list)
    removed: list[Entry] = field(default_factory=list)  # replaced, with --replace
    notes: list[str] = field(default_factory=list)  # what was merged or already there


def read_entries(src: Path) -> tuple[list[Entry], list[str]]:
    """Entries of a CSV, TSV or TBX file (by extension, else by content), and skipped lines."""
    suffix = src.suffix.lower()
    if suffix in (".tbx", ".xml") or (suffix not in (".csv", ".tsv", ".txt") and _is_xml(src)):
        try:
            data = src.read_bytes()
        except OSError as error:
            raise GlossaryError(f"{src}: cannot read ({error.strerror})") from None
        records, skipped = tbx.read_tbx(data, str(src), KINDS)
        entries = [
            _valid(Entry(*r, origin=f"{src}:{n}"), f"{src}: term entry {n}")
            for n, r in enumerate(records, start=1)
        ]
        return entries, skipped
    text = read_text(src)
    delimiter = "\t" if suffix == ".tsv" else None
    return parse_table(text, str(src), strict=True, delimiter=delimiter), []


def _is_xml(src: Path) -> bool:
    try:
        with src.open("rb") as handle:
            return handle.read(64).lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"<")
    except OSError as error:
        raise GlossaryError(f"{src}: cannot read ({error.strerror})") from None


def import_file(
    path: Path,
    src: Path,
    *,
    replace: bool = False,
    progress: Callable[[int, int], None] | None = None,
) -> ImportReport:
    """Merge the entries of ``src`` (CSV, TSV or TBX) into the glossary at ``path``.

    An entry that is the same name as another with the same English is merged into it
    as a spelling (or is already there). Without ``replace`` one that changes an existing
    entry, or is the same name with other English, is a clash: every clash is reported
    (``GlossaryClash``) and nothing is written; with it, ``removed`` lists what it replaced.
    ``progress(done, total)`` is called as the entries are merged.
    """
    entries, skipped = read_entries(src)
    report = ImportReport(skipped=skipped)
    prepared = _prepare(path)
    with locked(path):
        tables = _session(path, prepared)
        clashes: list[str] = []
        for number, entry in enumerate(entries):
            if progress is not None and number % PROGRESS_STEP == 0:
                progress(number, len(entries))
            try:
                outcome = tables.put(entry, replace)
            except GlossaryError as clash:
                clashes.append(f"{entry.origin}: {clash}")
                continue
            setattr(report, outcome, getattr(report, outcome) + 1)
        if progress is not None:
            progress(len(entries), len(entries))
        report.removed, report.notes = tables.removed, tables.notes
        if clashes:
            noun = "entry clashes" if len(clashes) == 1 else "entries clash"
            raise GlossaryClash(
                f"{src}: {len(clashes)} {noun} with the glossary {path}; nothing was "
                "imported; fix them or import with --replace",
                clashes,
            )
        tables.write()
    return report


def export(glossary: Glossary, fmt: str) -> str:
    """The glossary as CSV, TSV or TBX text, sorted; import reads each back unchanged."""
    if fmt == "csv":
        return format_table(glossary.entries)
    if fmt == "tsv":
        return format_table(glossary.entries, delimiter="\t")
    if fmt == "tbx":
        entries = sorted(glossary.entries, key=sort_key)
        return tbx.write_tbx((e.arabic, e.english, e.kind, e.variants, e.note) for e in entries)
    raise UsageError(f"unknown export format '{fmt}' (use one of {', '.join(FORMATS)})")


# --- checking ------------------------------------------------------------------------


def _where(entries: Iterable[Entry]) -> str:
    return ", ".join(e.origin or "?" for e in entries)


def check(glossary: Glossary) -> list[str]:
    """Every problem of the glossary, one line each; an empty list means it is clean."""
    problems: list[str] = []
    for entry in glossary.entries:
        problems.extend(f"{entry.origin or '?'}: {p}" for p in entry_problems(entry))
    by_row: dict[Entry, list[Entry]] = {}
    by_arabic: dict[str, list[Entry]] = {}
    by_key: dict[str, list[Entry]] = {}
    for entry in glossary.entries:
        if not entry.arabic:
            continue
        by_row.setdefault(entry, []).append(entry)
        by_arabic.setdefault(entry.arabic, []).append(entry)
        for key in name_keys(entry):
            # The matcher's key: "الناتو" and "ناتو" both match "للناتو".
            slot = by_key.setdefault(key, [])
            if entry not in slot:
                slot.append(entry)
    for row, same in by_row.items():
        if len(same) > 1:
            problems.append(f"{_where(same)}: duplicate entry '{row.arabic}' → '{row.english}'")
    for arabic, same in by_arabic.items():
        english = sorted({e.english for e in same})
        if len(english) > 1:
            forms = " and ".join(f"'{e}'" for e in english)
            problems.append(f"{_where(same)}: '{arabic}' has {len(english)} English forms: {forms}")
    for key, same in by_key.items():
        headwords = sorted({e.arabic for e in same})
        if len(headwords) > 1:
            names = " and ".join(f"'{h}'" for h in headwords)
            problems.append(f"{_where(same)}: {names} are the same name once normalized ('{key}')")
    return problems


def check_path(path: Path) -> list[str]:
    """``check`` on the glossary at ``path``, reading bad rows instead of stopping at them."""
    return check(load_glossary(path, strict=False))
