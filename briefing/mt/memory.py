"""Translation memory: a SQLite cache of translated segments.

Keyed by model id and version, decoding options and the exact source segment (with
the spans it must keep), so a second run over the same article decodes nothing. WAL
mode and a busy timeout let concurrent runs share it.

A memory is work already paid for, so only real corruption (SQLite's CORRUPT or NOTADB)
moves the file aside and starts a new one. Everything else is temporary and keeps the
file as it is, with a warning, and the run goes on without it: another process holding
it locked past the busy timeout, a full disk or an I/O error, an unwritable folder.
"""

from __future__ import annotations

import hashlib
import json
import os
import sqlite3
import time
from collections.abc import Iterable
from pathlib import Path

from platformdirs import user_cache_dir

SCHEMA = """
CREATE TABLE IF NOT EXISTS segments (
    key TEXT PRIMARY KEY,
    target TEXT NOT NULL,
    score REAL NOT NULL,
    restored TEXT NOT NULL,
    created REAL NOT NULL
)
"""

# The file's schema version (PRAGMA user_version). MIGRATIONS[i] takes a file from version i
# to i + 1: version 0 is a file made before the approved memory existed (segments only).
# Every step is idempotent DDL run in one write transaction, so two processes opening an
# old file at once migrate it once. ``briefing.mt.approved`` owns the approved table.
MIGRATIONS: tuple[tuple[str, ...], ...] = (
    (
        """CREATE TABLE IF NOT EXISTS approved (
            key TEXT PRIMARY KEY,
            unit TEXT NOT NULL,
            source TEXT NOT NULL,
            english TEXT NOT NULL,
            origin TEXT NOT NULL,
            status TEXT NOT NULL,
            created REAL NOT NULL,
            parent TEXT
        )""",
    ),
    # When a cached translation was last used, if ever after it was made: ``memory prune``
    # trims the least recently used first (``briefing.mt.prune``).
    ("CREATE TABLE IF NOT EXISTS segment_use (key TEXT PRIMARY KEY, used REAL NOT NULL)",),
)
SCHEMA_VERSION = len(MIGRATIONS)


def default_cache_path() -> Path:
    folder = os.environ.get("BRIEFING_CACHE_DIR") or user_cache_dir("briefing")
    return Path(folder) / "memory.sqlite3"


def segment_key(model: str, options: str, text: str, spans: Iterable[tuple[object, ...]]) -> str:
    payload = json.dumps([model, options, text, list(spans)], ensure_ascii=False)
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


Row = tuple[str, float, str]
TOUCH_BATCH = 2000  # hits recorded at once (a feed must not hold them all)
BUSY_TIMEOUT = 30.0  # seconds to wait for another process's lock before going without

_CORRUPT = frozenset({sqlite3.SQLITE_CORRUPT, sqlite3.SQLITE_NOTADB})
_BUSY = frozenset({sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED})
_UNWRITABLE = frozenset({sqlite3.SQLITE_READONLY, sqlite3.SQLITE_CANTOPEN, sqlite3.SQLITE_PERM})
_DISK = frozenset({sqlite3.SQLITE_IOERR, sqlite3.SQLITE_FULL})


def _primary_code(error: sqlite3.Error) -> int | None:
    """SQLite's primary result code (extended codes keep it in the low byte)."""
    code = getattr(error, "sqlite_errorcode", None)
    return code & 0xFF if isinstance(code, int) else None


def is_corrupt(error: sqlite3.Error) -> bool:
    return _primary_code(error) in _CORRUPT


def migrate(db: sqlite3.Connection) -> None:
    """Bring the file to ``SCHEMA_VERSION``; a newer file is left as it is."""
    if db.execute("PRAGMA user_version").fetchone()[0] >= SCHEMA_VERSION:
        return
    db.execute("BEGIN IMMEDIATE")
    try:
        version = db.execute("PRAGMA user_version").fetchone()[0]  # another process may have
        for steps in MIGRATIONS[version:]:
            for statement in steps:
                db.execute(statement)
        db.execute(f"PRAGMA user_version = {max(version, SCHEMA_VERSION)}")
        db.execute("COMMIT")
    except BaseException:
        db.execute("ROLLBACK")
        raise


class Memory:
    """Segment cache; ``hits`` and ``misses`` count lookups in this process."""

    def __init__(self, path: Path | None, *, busy_timeout: float = BUSY_TIMEOUT) -> None:
        self.path = path
        self.busy_timeout = busy_timeout
        self.hits = 0
        self.misses = 0
        self.warnings: list[str] = []
        self._db: sqlite3.Connection | None = None
        self._used: set[str] = set()  # hits not yet recorded in segment_use
        if path is not None:
            self._db = self._open(path)

    def _connect(self, path: Path) -> sqlite3.Connection:
        db = sqlite3.connect(path, timeout=self.busy_timeout, isolation_level=None)
        try:
            db.execute(f"PRAGMA busy_timeout = {int(self.busy_timeout * 1000)}")
            db.execute("PRAGMA journal_mode = WAL")
            db.execute("PRAGMA synchronous = NORMAL")
            db.execute(SCHEMA)
            db.execute("SELECT count(*) FROM segments").fetchone()
            migrate(db)
        except BaseException:
            db.close()
            raise
        return db

    def _connect_waiting(self, path: Path) -> sqlite3.Connection:
        """``_connect``, tried again while another process holds the file busy: switching a
        new file to WAL can return SQLITE_BUSY at once, without SQLite's busy handler."""
        deadline = time.monotonic() + self.busy_timeout
        while True:
            try:
                return self._connect(path)
            except sqlite3.Error as exc:
                if _primary_code(exc) not in _BUSY or time.monotonic() >= deadline:
                    raise
                time.sleep(0.05)

    def _trouble(self, error: sqlite3.Error) -> str:
        """What went wrong, for a warning; the memory file itself is kept."""
        code = _primary_code(error)
        if code in _BUSY:
            return (
                f"{self.path} is locked by another process (waited {self.busy_timeout:g} s; "
                f"{error}); the memory is kept"
            )
        if code in _DISK:
            return f"{self.path} cannot be written ({error}: is the disk full?); the memory is kept"
        if code in _UNWRITABLE:
            return f"{self.path} is not writable ({error})"
        return f"{self.path} ({error}); the memory is kept"

    def _open(self, path: Path) -> sqlite3.Connection | None:
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            self.warnings.append(
                f"translation memory disabled: cannot create {path.parent} ({exc})"
            )
            return None
        try:
            return self._connect_waiting(path)
        except sqlite3.Error as exc:
            if not is_corrupt(exc):
                self.warnings.append(f"translation memory disabled: {self._trouble(exc)}")
                return None
            aside = path.with_name(f"{path.name}.corrupt-{int(time.time())}")
            try:
                os.replace(path, aside)
                for suffix in ("-wal", "-shm"):
                    Path(str(path) + suffix).unlink(missing_ok=True)
                self.warnings.append(
                    f"translation memory {path} was corrupt ({exc}); moved to {aside.name} "
                    "and started a new one"
                )
                return self._connect(path)
            except (OSError, sqlite3.Error) as again:
                self.warnings.append(f"translation memory disabled: {path} ({again})")
                return None

    @property
    def enabled(self) -> bool:
        return self._db is not None

    @property
    def connection(self) -> sqlite3.Connection | None:
        """The open database (None when disabled), for the approved memory's table."""
        return self._db

    def get_many(self, keys: list[str]) -> dict[str, Row]:
        found: dict[str, Row] = {}
        if self._db is not None and keys:
            try:
                for start in range(0, len(keys), 500):
                    chunk = keys[start : start + 500]
                    marks = ",".join("?" * len(chunk))
                    query = (
                        f"SELECT key, target, score, restored FROM segments WHERE key IN ({marks})"
                    )
                    for key, target, score, restored in self._db.execute(query, chunk):
                        found[key] = (target, float(score), restored)
            except sqlite3.Error as exc:
                self._disable(exc)
        self.hits += len(found)
        self.misses += len(set(keys)) - len(found)
        self._used.update(found)
        if len(self._used) >= TOUCH_BATCH:
            self._touch()
        return found

    def _touch(self) -> None:
        """Record when the hits were used (best effort: it only orders ``prune``)."""
        used, self._used = self._used, set()
        if self._db is None or not used:
            return
        now = time.time()
        _write(
            self._db, "INSERT OR REPLACE INTO segment_use VALUES (?, ?)", [(k, now) for k in used]
        )

    def put_many(self, rows: dict[str, Row]) -> None:
        if self._db is None or not rows:
            return
        now = time.time()
        failed = _write(
            self._db,
            "INSERT OR REPLACE INTO segments VALUES (?, ?, ?, ?, ?)",
            [(k, t, s, r, now) for k, (t, s, r) in rows.items()],
        )
        if failed is not None:
            self._disable(failed)

    def _disable(self, exc: sqlite3.Error) -> None:
        reason = f"{self.path} is corrupt ({exc})" if is_corrupt(exc) else self._trouble(exc)
        self.warnings.append(f"translation memory disabled during the run: {reason}")
        if self._db is not None:
            self._db.close()
        self._db = None

    def close(self) -> None:
        self._touch()
        if self._db is not None:
            self._db.close()
            self._db = None


def _write(
    db: sqlite3.Connection, statement: str, rows: list[tuple[object, ...]]
) -> sqlite3.Error | None:
    """``statement`` for each row in one immediate transaction; the error, if any."""
    try:
        with db:
            db.execute("BEGIN IMMEDIATE")
            db.executemany(statement, rows)
    except sqlite3.Error as exc:
        return exc
    return None
