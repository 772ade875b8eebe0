"""The compiled glossary: what is derived from the CSV files, kept in the user cache.

The CSV files stay the source of truth. Parsing and validating them, normalizing every
spelling and computing the matcher's keys costs seconds at 100,000 names; this module
does it once and keeps the result in a SQLite file under ``<cache>/glossaries/``, named
by the *content* of the files (their names and bytes, hashed: an edit that keeps a
file's size and mtime still changes it) and by ``FORMAT_VERSION``, the layout of this
code's tables. A cache file is built beside its final name and renamed, so two runs
building it at once both succeed; one that is stale, truncated, garbage or of another
version is never trusted: it is built again.

Finding names costs what the text costs, not what the glossary costs: the text's
key-shaped spans (``lookup.candidates``) are looked up in the index, and the hits go
through the matcher's own rules (``matcher.resolve_hits``), so the terms are the ones
``Matcher.find`` returns. Loading the automaton instead (pickled: 88 MB, 1.0 s at 100k)
would cost every run more than the whole translation of one article.
"""

from __future__ import annotations

import hashlib
import json
import os
import sqlite3
import tempfile
import threading
import time
from collections.abc import Iterator, Sequence
from contextlib import closing, contextmanager, suppress
from pathlib import Path
from typing import Any, NamedTuple

from briefing.document import Term
from briefing.errors import GlossaryError
from briefing.files import user_cache_folder
from briefing.glossary.lookup import candidates
from briefing.glossary.matcher import ARTICLE, entry_keys, normalize, resolve_hits, split_article
from briefing.glossary.rows import HEADER, RowWriter, digest_of, sort_text
from briefing.glossary.store import Glossary, glossary_files
from briefing.glossary.tables import Entry, decode_text, entry_problems, parse_table

FORMAT_VERSION = 1
PREFIX = 3  # letters of a key's start that say how long a key starting so can be
KEEP_DAYS = 14  # a cache file unused this long is removed when another is built

SCHEMA = """
CREATE TABLE meta (name TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE files (no INTEGER PRIMARY KEY, name TEXT NOT NULL, canonical INTEGER NOT NULL);
CREATE TABLE entries (
    id INTEGER PRIMARY KEY, file INTEGER NOT NULL, line INTEGER NOT NULL,
    lines INTEGER NOT NULL, arabic TEXT NOT NULL, english TEXT NOT NULL,
    kind TEXT NOT NULL, variants TEXT NOT NULL, note TEXT NOT NULL, key TEXT NOT NULL,
    sort TEXT NOT NULL, row TEXT NOT NULL, problems TEXT NOT NULL, special INTEGER NOT NULL,
    cores TEXT NOT NULL, forms TEXT NOT NULL, english_fold TEXT NOT NULL,
    note_fold TEXT NOT NULL
);
CREATE TABLE keys (key TEXT NOT NULL, entry INTEGER NOT NULL, seq INTEGER NOT NULL,
    article INTEGER NOT NULL, PRIMARY KEY (key, entry, seq)) WITHOUT ROWID;
CREATE TABLE names (key TEXT NOT NULL, entry INTEGER NOT NULL);
CREATE TABLE prefixes (prefix TEXT PRIMARY KEY, longest INTEGER NOT NULL) WITHOUT ROWID;
"""
INDEXES = """
CREATE INDEX names_key ON names (key);
"""
ENTRY_COLUMNS = 18


class Info(NamedTuple):
    """What a found term needs of its entry (``matcher.EntryLike`` minus the variants)."""

    arabic: str
    english: str
    kind: str
    variants: tuple[str, ...] = ()


def cache_folder() -> Path:
    return user_cache_folder() / "glossaries"


def content_key(files: Sequence[Path]) -> tuple[str, list[bytes]]:
    """The cache key of a glossary's files (names and bytes) and the bytes read."""
    digest = hashlib.sha256(f"briefing glossary {FORMAT_VERSION}\n".encode())
    contents: list[bytes] = []
    for file in files:
        try:
            data = file.read_bytes()
        except OSError as error:
            raise GlossaryError(f"{file}: cannot read ({error.strerror})") from None
        name = file.name.encode("utf-8", "surrogateescape")
        digest.update(b"%d %d\n" % (len(name), len(data)) + name + data)
        contents.append(data)
    return digest.hexdigest(), contents


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
        special = entry.kind == "unit" or entry.is_month  # numbers only: protect.quantities
        sort = sort_text(entry)
        self.entries.append(
            (
                number,
                file,
                line,
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
        db.executemany(f"INSERT INTO entries VALUES ({marks})", self.entries)
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


class CompiledGlossary:
    """One glossary path's compiled cache, open for reading (and for ``edits``)."""

    def __init__(
        self,
        path: Path,
        files: list[Path],
        key: str,
        db: sqlite3.Connection,
        cache: Path | None = None,
    ) -> None:
        self.path = path
        self.cache = cache  # None: compiled in memory
        self.files = files
        self.key = key
        self.db = db
        self.lock = threading.Lock()  # one connection, shared by a server's threads
        meta = dict(db.execute("SELECT name, value FROM meta"))
        self.digest: str = meta["digest"]
        self.prefixes: dict[str, int] = dict(db.execute("SELECT prefix, longest FROM prefixes"))
        self._specials: Glossary | None = None

    @contextmanager
    def reading(self) -> Iterator[sqlite3.Connection]:
        """The connection, for this thread alone; a cache found damaged while reading it
        is removed (the next run builds it again) and named in a GlossaryError."""
        with self.lock:
            try:
                yield self.db
            except sqlite3.DatabaseError as error:
                _OPEN.pop((str(self.path), self.key), None)  # not handed out again
                if self.cache is not None:
                    with suppress(OSError):
                        self.cache.unlink()
                raise GlossaryError(
                    f"{self.cache or 'the compiled glossary'}: damaged ({error}); it was "
                    "removed: run the command again to build it anew"
                ) from None

    def __len__(self) -> int:
        return int(self.db.execute("SELECT count(*) FROM entries").fetchone()[0])

    def origin(self, file: int, line: int) -> str:
        return f"{self.files[file]}:{line}"

    def entry(self, row: Sequence[Any]) -> Entry:
        """An ``Entry`` from ``SELECT file, line, arabic, english, kind, variants, note``."""
        file, line, arabic, english, kind, variants, note = row
        split = tuple(variants.split("|")) if variants else ()
        return Entry(arabic, english, kind, split, note, origin=self.origin(file, line))

    def entries(
        self, where: str = "", args: Sequence[Any] = (), order: str = "file, line"
    ) -> list[Entry]:
        query = f"SELECT file, line, arabic, english, kind, variants, note FROM entries {where} ORDER BY {order}"
        with self.reading():
            return [self.entry(row) for row in self.db.execute(query, args)]

    def specials(self) -> Glossary:
        """The unit and month entries, for the quantity rules (``protect.quantities``)."""
        if self._specials is None:
            self._specials = Glossary(self.entries("WHERE special = 1"), source=self.path)
        return self._specials

    def first_problem(self) -> str | None:
        with self.reading():
            row = self.db.execute(
                "SELECT file, line, problems FROM entries WHERE problems != '' ORDER BY file, line LIMIT 1"
            ).fetchone()
        return None if row is None else f"{self.origin(row[0], row[1])}: {row[2].splitlines()[0]}"

    def find(self, text: str) -> list[Term]:
        """``Matcher.find`` of the whole glossary, looking up only the text's spans."""
        if not text or not self.prefixes:
            return []
        norm, nmap = normalize(text)
        spans = candidates(norm, self.prefixes, PREFIX)
        if not spans:
            return []
        query = (
            "SELECT k.key, k.entry, k.article, e.arabic, e.english, e.kind, e.cores "
            "FROM keys k JOIN entries e ON e.id = k.entry "
            "WHERE k.key IN (SELECT value FROM json_each(?)) ORDER BY e.file, e.line, k.seq"
        )
        forms: dict[str, list[tuple[int, bool]]] = {}
        infos: dict[int, Info] = {}
        exact: dict[int, frozenset[str]] = {}
        with self.reading():
            rows = self.db.execute(query, (json.dumps(list(spans), ensure_ascii=False),))
            for key, number, article, arabic, english, kind, cores in rows:
                forms.setdefault(key, []).append((number, bool(article)))
                if number not in infos:
                    infos[number] = Info(arabic, english, kind)
                    exact[number] = frozenset(cores.split("\n")) if cores else frozenset()
        hits = [
            (last, (len(key), tuple(pairs))) for key, pairs in forms.items() for last in spans[key]
        ]
        return resolve_hits(text, norm, nmap, hits, exact, infos)

    def close(self) -> None:
        self.db.close()


def _connect(target: Path, key: str) -> sqlite3.Connection | None:
    """The cache file ``target`` if it is whole and of this key and version, else None."""
    try:
        size = target.stat().st_size
    except OSError:
        return None
    db = sqlite3.connect(target, isolation_level=None, check_same_thread=False)
    try:
        pages, page_size = (
            db.execute(f"PRAGMA {p}").fetchone()[0] for p in ("page_count", "page_size")
        )
        meta = dict(db.execute("SELECT name, value FROM meta"))
        if (
            pages * page_size != size
            or meta.get("format") != str(FORMAT_VERSION)
            or meta.get("key") != key
        ):
            db.close()
            return None
        db.execute("SELECT count(*) FROM keys").fetchone()
    except sqlite3.DatabaseError:  # truncated, garbage, another layout
        db.close()
        return None
    return db


_OPEN: dict[tuple[str, str], CompiledGlossary] = {}
_OPEN_LOCK = threading.Lock()


def compiled_glossary(path: Path, *, strict: bool = True) -> CompiledGlossary:
    """The compiled glossary at ``path``: from the cache when its content is unchanged,
    else compiled now. ``strict``: GlossaryError (file:line) on the first bad row.

    A process keeps what it opened: a server asking again per request pays only for
    hashing the files, and sees an edit made meanwhile (the key changes)."""
    files = glossary_files(path)
    key, contents = content_key(files)
    with _OPEN_LOCK:
        compiled = _OPEN.get((str(path), key))
        if compiled is None:
            compiled = _open(path, files, key, contents)
            for old in [k for k in _OPEN if k[0] == str(path)]:
                _OPEN.pop(old).close()
            _OPEN[(str(path), key)] = compiled
    if strict and (problem := compiled.first_problem()) is not None:
        raise GlossaryError(problem)
    return compiled


def _open(path: Path, files: list[Path], key: str, contents: Sequence[bytes]) -> CompiledGlossary:
    target = cache_folder() / f"{key}.sqlite3"
    db = _connect(target, key)
    if db is None:
        try:
            build(files, key, contents, target)
        except (OSError, sqlite3.Error) as error:  # no cache folder: compile in memory
            return _in_memory(path, files, key, contents, error)
        db = _connect(target, key)
        if db is None:  # an edit took it over at once (and renamed it to the new content)
            return _in_memory(path, files, key, contents, None)
    with suppress(OSError):
        os.utime(target)  # in use: kept by _remove_old
    return CompiledGlossary(path, files, key, db, target)


def _in_memory(
    path: Path, files: list[Path], key: str, contents: Sequence[bytes], error: Exception | None
) -> CompiledGlossary:
    """Compiled into a private temp file copied to memory: the cache folder refused it."""
    with tempfile.TemporaryDirectory(prefix="briefing-glossary-") as folder:
        target = Path(folder) / f"{key}.sqlite3"
        try:
            build(files, key, contents, target)
        except (OSError, sqlite3.Error):
            raise GlossaryError(
                f"{cache_folder()}: cannot write the compiled glossary ({error or 'no temp folder'}); make it writable or set BRIEFING_CACHE_DIR"
            ) from None
        memory = sqlite3.connect(":memory:", isolation_level=None, check_same_thread=False)
        with closing(sqlite3.connect(target)) as disk:
            disk.backup(memory)
    return CompiledGlossary(path, files, key, memory)
