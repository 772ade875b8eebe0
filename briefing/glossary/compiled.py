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
from collections.abc import Iterator, Sequence
from contextlib import closing, contextmanager, suppress
from pathlib import Path
from typing import Any, NamedTuple

from briefing.document import Term
from briefing.errors import GlossaryError
from briefing.files import user_cache_folder
from briefing.glossary.build import FORMAT_VERSION, PREFIX, build
from briefing.glossary.lookup import candidates
from briefing.glossary.matcher import Matcher, normalize, resolve_hits
from briefing.glossary.store import Glossary, glossary_files
from briefing.glossary.tables import Entry


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
        """The unit and month entries, for the quantity rules (``protect.quantities``), and
        the news sources, for bylines: a few rows, kept apart from the name index."""
        if self._specials is None:
            self._specials = Glossary(self.entries("WHERE special = 1"), source=self.path)
        return self._specials

    def source_matcher(self) -> Matcher:
        """The news sources and agencies, for an article's byline (``Glossary``'s own)."""
        return self.specials().source_matcher()

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
