"""Glossary files on disk: the entry row, CSV/TSV reading and writing, atomic locked edits.

``briefing.glossary.store`` is the public face; this module holds what it builds on.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

from briefing.choices import GlossaryFormat, Kind
from briefing.errors import GlossaryError
from briefing.glossary.files import refuse_read_only, write_atomic
from briefing.glossary.matcher import normalize_key, split_article
from briefing.text.arabic import ARABIC_LETTER_RE
from briefing.text.lexicon import lexicon
from briefing.text.safety import clean_text, strip_controls

KINDS = tuple(kind.value for kind in Kind)
COLUMNS = ("arabic", "english", "kind", "variants", "note")
REQUIRED = ("arabic", "english", "kind")
KIND_FILES = {
    "person": "people.csv",
    "place": "places.csv",
    "org": "organizations.csv",
    "unit": "units.csv",
    "term": "terms.csv",
    "source": "sources.csv",
}
FORMATS = tuple(fmt.value for fmt in GlossaryFormat)
_FORMULA = re.compile(r"'*[=+\-@]")
_QUOTED_FORMULA = re.compile(r"'+[=+\-@]")
_ARABIC_LETTER = ARABIC_LETTER_RE


@dataclass(frozen=True)
class Entry:
    """One glossary line. Fields are stripped and variants sorted, so equal means equal."""

    arabic: str
    english: str
    kind: str
    variants: tuple[str, ...] = ()
    note: str = ""
    origin: str = field(default="", compare=False, repr=False)  # "file.csv:12"

    def __post_init__(self) -> None:
        # Control characters go: a bare CR would split the CSV row, and XML (TBX) cannot
        # hold most of them; bidi overrides would reorder the name on screen.
        arabic = " ".join(strip_controls(self.arabic).split())
        variants = {" ".join(strip_controls(v).split()) for v in self.variants} - {"", arabic}
        object.__setattr__(self, "arabic", arabic)
        object.__setattr__(self, "english", " ".join(strip_controls(self.english).split()))
        object.__setattr__(self, "kind", self.kind.strip().lower())
        object.__setattr__(self, "variants", tuple(sorted(variants)))
        object.__setattr__(self, "note", clean_text(self.note).strip())

    @cached_property
    def key(self) -> str:
        """The Arabic headword as the matcher sees it (one entry per key)."""
        return normalize_key(self.arabic)

    @cached_property
    def names(self) -> frozenset[str]:
        """See ``name_keys``."""
        return frozenset(split_article(form)[0] for form in self.forms())

    def forms(self) -> tuple[str, ...]:
        return (self.arabic, *self.variants)

    @property
    def is_month(self) -> bool:
        """A ``term`` whose English is a month name: a spelling of a month, which counts
        only as part of a date (protection handles it), never as a name on its own."""
        return self.kind == "term" and lexicon().month_number(self.english) is not None


def name_keys(entry: Entry) -> frozenset[str]:
    """The keys the matcher finds an entry by, one per spelling: "الناتو" and "ناتو" are
    one name. Two entries sharing a key are one name with two entries, which ``check``
    rejects and an edit refuses."""
    return entry.names


def sort_key(entry: Entry) -> tuple[str, ...]:
    return (entry.key, entry.arabic, entry.english, entry.kind, "|".join(entry.variants))


def entry_problems(entry: Entry) -> list[str]:
    """What is wrong with one entry on its own (empty fields, bad kind, wrong script)."""
    problems: list[str] = []
    if not entry.arabic:
        problems.append("empty arabic")
    elif not _ARABIC_LETTER.search(entry.arabic):
        problems.append(f"arabic '{entry.arabic}' has no Arabic letters")
    if not entry.english:
        problems.append("empty english")
    elif _ARABIC_LETTER.search(entry.english):
        problems.append(f"english '{entry.english}' contains Arabic letters")
    if not entry.kind:
        problems.append(f"empty kind (set one of {', '.join(KINDS)})")
    elif entry.kind not in KINDS:
        problems.append(f"unknown kind '{entry.kind}' (use one of {', '.join(KINDS)})")
    return problems


# --- reading -------------------------------------------------------------------------


def _unneutralize(cell: str) -> str:
    """Undo the quote that export puts before a cell a spreadsheet would run as a formula."""
    return cell[1:] if _QUOTED_FORMULA.match(cell) else cell


def _neutralize(cell: str) -> str:
    # A cell that already starts with quotes before a formula sign gets one more, so that
    # reading it back removes exactly the one added here ("'=" stays "'=").
    return "'" + cell if _FORMULA.match(cell) else cell


def read_text(path: Path) -> str:
    try:
        data = path.read_bytes()
    except OSError as error:
        raise GlossaryError(f"{path}: cannot read ({error.strerror})") from None
    return decode_text(data, path)


def decode_text(data: bytes, path: Path) -> str:
    """A glossary file's bytes as text (an Excel BOM dropped); GlossaryError if not UTF-8."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise GlossaryError(
            f"{path}: not UTF-8 (byte {error.start}); save it as 'CSV UTF-8' and try again"
        ) from None


def _delimiter(text: str) -> str:
    header = text.split("\n", 1)[0]
    if "\t" in header:
        return "\t"
    return ";" if header.count(";") > header.count(",") else ","


def _rows(text: str, delimiter: str, name: str) -> Iterator[tuple[int, list[str]]]:
    """The CSV rows of ``text`` with the line each starts on; GlossaryError for what the
    CSV reader refuses (a cell over its 128 KB limit, most often run on by a stray quote)."""
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    start = 1
    while True:
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error as error:
            raise GlossaryError(f"{name}:{start}: {_refused_cell(text, start, error)}") from None
        yield start, row
        start = reader.line_num + 1


def _refused_cell(text: str, line: int, error: csv.Error) -> str:
    limit = f"{csv.field_size_limit():,} characters"
    lines = text.splitlines()
    if line <= len(lines) and lines[line - 1].count('"') % 2:  # a quote opens, never closes
        return (
            f"a double quote opens a cell that runs on past the CSV limit of {limit}; "
            'remove it or close it (write a quote inside a cell as "")'
        )
    return f"a cell longer than {limit} ({error}); shorten it"


def _check_run_on(cells: dict[str, str], start: int, delimiter: str, name: str) -> None:
    """A stray double quote makes one cell run over the lines after it, swallowing rows.

    Names never hold a line break; a note may (Excel writes Alt+Enter as one), but not
    one holding lines shaped like rows (as many separators as the header has)."""
    for column, cell in cells.items():
        if "\n" not in cell and "\r" not in cell:
            continue
        swallowed = [line for line in cell.splitlines()[1:] if line.strip()]
        row_shaped = any(line.count(delimiter) >= len(cells) - 1 for line in swallowed)
        if column != "note" or row_shaped:
            count = f"{len(swallowed)} line{'s' if len(swallowed) != 1 else ''}"
            raise GlossaryError(
                f"{name}:{start}: a double quote opens the {column} cell, which swallows the "
                f'{count} after it; remove it or close it (write a quote inside a cell as "")'
            )


def parse_table(
    text: str, name: str, *, strict: bool = True, delimiter: str | None = None
) -> list[Entry]:
    """Entries of a CSV/TSV text. ``strict`` refuses bad rows; otherwise ``check`` reports them."""
    delimiter = delimiter or _delimiter(text)
    rows = _rows(text, delimiter, name)
    header = [h.strip().lower() for h in next(rows, (1, []))[1]]
    if not any(header):
        raise GlossaryError(f"{name}: empty file; the first line must be {','.join(COLUMNS)}")
    for column in header:
        if column and column not in COLUMNS:
            raise GlossaryError(
                f"{name}:1: unknown column '{column}' (the header is {','.join(COLUMNS)})"
            )
    for column in REQUIRED:
        if column not in header:
            raise GlossaryError(
                f"{name}:1: missing column '{column}' (the header is {','.join(COLUMNS)})"
            )
    entries: list[Entry] = []
    for line, row in rows:
        if not any(cell.strip() for cell in row):
            continue
        if len(row) > len(header):
            raise GlossaryError(
                f"{name}:{line}: {len(row)} cells but the header has {len(header)}; "
                "put cells that contain the separator in double quotes"
            )
        cells = dict(zip(header, (_unneutralize(c.strip()) for c in row), strict=False))
        _check_run_on(cells, line, delimiter, name)
        entry = Entry(
            cells.get("arabic", ""),
            cells.get("english", ""),
            cells.get("kind", ""),
            tuple(cells.get("variants", "").split("|")),
            cells.get("note", ""),
            origin=f"{name}:{line}",
        )
        problems = entry_problems(entry)
        if strict and problems:
            raise GlossaryError(f"{name}:{line}: {problems[0]}")
        entries.append(entry)
    return entries


# --- writing -------------------------------------------------------------------------


def format_table(entries: Iterable[Entry], delimiter: str = ",") -> str:
    """The canonical file text: header, then rows sorted, formula-like cells neutralized."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=delimiter, lineterminator="\n")
    writer.writerow(COLUMNS)
    for e in sorted(entries, key=sort_key):
        cells = (e.arabic, e.english, e.kind, "|".join(e.variants), e.note)
        writer.writerow([_neutralize(c) for c in cells])
    return out.getvalue()


class EditSession:
    """The files of a glossary path with their entries, for one locked edit."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.is_folder = path.is_dir()  # asked once per entry of an import: asked once here
        self._targets: dict[str, Path] = {}
        self.files: dict[Path, list[Entry]] = {}
        self.read = self._contents()
        for file, data in self.read.items():
            self.files[file] = parse_table(decode_text(data, file), str(file), strict=False)
        self.changed: set[Path] = set()
        self.removed: list[Entry] = []  # entries replaced by an edit with --replace
        self.notes: list[str] = []  # spellings merged into an entry, or already there
        self._reindex()

    def _contents(self) -> dict[Path, bytes]:
        files = [self.path]
        if self.is_folder:
            files = sorted(p for p in self.path.glob("*.csv") if p.is_file())
        contents: dict[Path, bytes] = {}
        for file in files:
            try:
                contents[file] = file.read_bytes()
            except OSError as error:
                raise GlossaryError(f"{file}: cannot read ({error.strerror})") from None
        return contents

    def current(self) -> bool:
        """Whether the files are still the ones read (the same names and bytes): a session
        read before the lock was taken is then as good as one read under it."""
        return not self.changed and self._contents() == self.read

    def _reindex(self) -> None:
        self.index: dict[str, tuple[Path, int]] = {}
        self.names: dict[str, list[tuple[Path, int]]] = {}
        for file, entries in reversed(self.files.items()):
            for number in reversed(range(len(entries))):
                self.index[entries[number].key] = (file, number)
        for file, entries in self.files.items():
            for number, entry in enumerate(entries):
                for key in name_keys(entry):
                    self.names.setdefault(key, []).append((file, number))

    def target(self, entry: Entry) -> Path:
        if not self.is_folder:
            return self.path
        name = KIND_FILES.get(entry.kind, "terms.csv")
        if name not in self._targets:  # one Path a file: made and hashed once, not per entry
            self._targets[name] = self.path / name
        return self._targets[name]

    def _clashes(self, entry: Entry, same: tuple[Path, int] | None) -> list[tuple[Path, int]]:
        """Other entries that are the same name as ``entry`` once normalized."""
        found = {where for key in name_keys(entry) for where in self.names.get(key, [])}
        return sorted(found - {same} if same else found, key=lambda w: (str(w[0]), w[1]))

    def _clash_message(self, entry: Entry, where: tuple[Path, int], same: bool) -> str:
        old = self.files[where[0]][where[1]]
        origin = old.origin or str(where[0])
        if same:
            return (
                f"{origin}: '{old.arabic}' is already in the glossary as "
                f"'{old.english}' ({old.kind}); remove it first or use --replace"
            )
        shared = sorted(name_keys(entry) & name_keys(old))[0]
        return (
            f"{origin}: '{entry.arabic}' is the same name as '{old.arabic}' → '{old.english}' "
            f"({old.kind}) once normalized ('{shared}'); remove it first or use --replace"
        )

    def _at(self, where: tuple[Path, int]) -> Entry:
        return self.files[where[0]][where[1]]

    def put(self, entry: Entry, replace: bool) -> str:
        """Add or replace by normalized Arabic; returns added, updated, merged or unchanged.

        An entry that is the same name as others (a headword or variant that normalizes
        alike) with the same English is that name spelled another way: its new spellings
        join the entry as variants ("merged"), or it is already there ("unchanged"); a
        line in ``notes`` says which. With other English it is a clash, refused with the
        clash named, unless ``replace``: then it takes the place of every entry it clashes
        with, each listed in ``removed``. A headword is never dropped for its own English.
        """
        same = self.index.get(entry.key)
        if same is not None and self._at(same) == entry:
            return "unchanged"
        targets = ([same] if same is not None else []) + self._clashes(entry, same)
        alike = [w for w in targets if self._at(w).english == entry.english]
        real = [w for w in targets if w not in alike]
        old = self._at(same) if same is not None else None
        # The same headword with the same English but another kind or note is a change.
        changes = (
            same in alike and old is not None and (old.kind, old.note) != (entry.kind, entry.note)
        )
        if (real or changes) and not replace:
            first = same if same is not None and (same in real or changes) else real[0]
            raise GlossaryError(self._clash_message(entry, first, first == same))
        self.removed.extend(self._at(w) for w in real)
        if not alike:
            return self._replace(entry, same, [w for w in real if w != same])
        base = same if same in alike else alike[0]
        return self._merge(entry, self._at(base), base == same and replace, real)

    def _replace(
        self, entry: Entry, same: tuple[Path, int] | None, clashes: list[tuple[Path, int]]
    ) -> str:
        """``entry`` in place of ``same`` (or added), every one of ``clashes`` deleted."""
        self._delete(clashes)
        if clashes:
            same = self.index.get(entry.key)
        if same is not None:
            file, number = same
            old = self.files[file][number]
            for key in name_keys(old):
                self.names[key].remove(same)
            self.files[file][number] = entry
        else:
            file = self.target(entry)
            number = len(self.files.setdefault(file, []))
            self.files[file].append(entry)
            self.index[entry.key] = (file, number)
        for key in name_keys(entry):
            self.names.setdefault(key, []).append((file, number))
        self.changed.add(file)
        return "updated" if same is not None or clashes else "added"

    def _delete(self, places: list[tuple[Path, int]]) -> None:
        for file, number in sorted(places, key=lambda w: -w[1]):
            del self.files[file][number]  # from the end, so the numbers stay right
            self.changed.add(file)
        if places:
            self._reindex()

    def _merge(
        self, entry: Entry, base: Entry, takes_over: bool, real: list[tuple[Path, int]]
    ) -> str:
        """``entry``'s spellings joined to ``base``, an entry with the same English, once
        the ``real`` clashes are deleted; with ``takes_over`` (the same headword and
        --replace) the entry's headword, kind and note win and ``base``'s spellings stay."""
        self._delete(real)
        file, number = next(
            (f, n) for f, entries in self.files.items() for n, e in enumerate(entries) if e is base
        )
        taken = {k for k, places in self.names.items() if any(w != (file, number) for w in places)}
        first, second = (entry, base) if takes_over else (base, entry)
        # A spelling another entry holds stays with it, whichever entry takes over here.
        kept = tuple(v for v in first.variants if split_article(v)[0] not in taken)
        held = {split_article(form)[0] for form in (first.arabic, *kept)}
        extra = []
        for form in second.forms():
            key = split_article(form)[0]
            if key not in held and key not in taken:
                extra.append(form)
                held.add(key)
        merged = Entry(
            first.arabic, first.english, first.kind, (*kept, *extra), first.note,
            origin=base.origin,
        )  # fmt: skip
        where = base.origin.rpartition(":")[0] or str(file)
        if merged == base:
            self.notes.append(
                f"'{entry.arabic}' → '{entry.english}' is already in the glossary: a spelling "
                f"of '{base.arabic}' ({where})"
            )
            return "updated" if real else "unchanged"
        for key in name_keys(base):
            self.names[key].remove((file, number))
        self.files[file][number] = merged
        for key in name_keys(merged):
            self.names.setdefault(key, []).append((file, number))
        self.changed.add(file)
        if takes_over or real:
            return "updated"
        self.notes.append(
            f"'{'|'.join(extra)}' added as a spelling of '{base.arabic}' → '{base.english}' "
            f"({where})"
        )
        return "merged"

    def remove(self, key: str) -> list[Entry]:
        removed: list[Entry] = []
        for file, entries in self.files.items():
            keep = [e for e in entries if e.key != key]
            if len(keep) != len(entries):
                removed.extend(e for e in entries if e.key == key)
                self.files[file] = keep
                self.changed.add(file)
        self._reindex()
        return removed

    def write(self) -> None:
        for file in sorted(self.changed):  # all or nothing: refused before any is written
            refuse_read_only(file)
        for file in sorted(self.changed):
            write_atomic(file, format_table(self.files[file]))
