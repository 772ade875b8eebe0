"""``memory prune``: trim the machine translations of the memory file, never the approved.

A year of feeds fills the translation memory with sentences never seen again. Pruning
removes cached machine translations last used before a date (``--older-than``) or, least
recently used first, until the file fits a size (``--max-size``); the approved memory
in the same file is never touched. "Used" is the last time a run found the sentence in
the memory (``segment_use``), else when it was translated.
"""

from __future__ import annotations

import math
import sqlite3
import time
from dataclasses import dataclass
from pathlib import Path

from briefing.errors import OutputError, UsageError
from briefing.mt.memory import Memory

MAX_ROUNDS = 4
_LAST_USE = "coalesce((SELECT used FROM segment_use u WHERE u.key = s.key), s.created)"


@dataclass
class PruneReport:
    removed: int
    kept: int
    bytes_before: int
    bytes_after: int


def part_sizes(path: Path) -> dict[str, int]:
    """Bytes of machine translations and of approved translations in the file (tables
    with their indexes), from SQLite's dbstat; empty where SQLite lacks it."""
    if not path.exists():
        return {}
    try:
        db = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    except sqlite3.Error:
        return {}
    try:
        rows = db.execute("SELECT name, sum(pgsize) FROM dbstat GROUP BY name").fetchall()
    except sqlite3.Error:
        return {}
    finally:
        db.close()
    sizes = {"machine": 0, "approved": 0}
    for name, size in rows:
        if "segment" in name:
            sizes["machine"] += size
        elif "approved" in name:
            sizes["approved"] += size
    return sizes


def _in_use(db: sqlite3.Connection) -> int:
    """Bytes the file would take without its free pages (what VACUUM leaves)."""
    pages, free, size = (
        db.execute(f"PRAGMA {name}").fetchone()[0]
        for name in ("page_count", "freelist_count", "page_size")
    )
    return int((pages - free) * size)


def _delete(db: sqlite3.Connection, select: str, args: list[object]) -> int:
    """Delete the segments ``select`` names (and their use rows) in one transaction, then
    give the space back to the disk; the number removed."""
    db.execute("BEGIN IMMEDIATE")
    try:
        db.execute(f"DELETE FROM segments WHERE key IN ({select})", args)
        count = int(db.execute("SELECT changes()").fetchone()[0])
        db.execute("DELETE FROM segment_use WHERE key NOT IN (SELECT key FROM segments)")
        db.execute("COMMIT")
    except BaseException:
        db.execute("ROLLBACK")
        raise
    if count:
        db.execute("VACUUM")
        db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    return count


def prune(
    path: Path,
    *,
    older_than_days: float | None = None,
    max_bytes: int | None = None,
    now: float | None = None,
) -> PruneReport:
    """Remove machine translations last used more than ``older_than_days`` ago, then
    the least recently used until the file takes at most ``max_bytes``."""
    if older_than_days is None and max_bytes is None:
        raise UsageError("give --older-than DAYS or --max-size MB (or both)")
    if (older_than_days is not None and older_than_days < 0) or (
        max_bytes is not None and max_bytes < 0
    ):
        raise UsageError("--older-than and --max-size must not be negative")
    if not path.exists():
        return PruneReport(0, 0, 0, 0)
    memory = Memory(path)
    db = memory.connection
    if db is None:
        raise OutputError(f"{path}: cannot prune the memory: {'; '.join(memory.warnings)}")
    before = path.stat().st_size
    removed = 0
    try:
        if older_than_days is not None:
            cutoff = (now if now is not None else time.time()) - older_than_days * 86400
            removed += _delete(db, f"SELECT key FROM segments s WHERE {_LAST_USE} < ?", [cutoff])
        # Rows freed leave pages partly empty until VACUUM: remove what the average row
        # says, compact, and look again (rarely a second time).
        for _ in range(MAX_ROUNDS if max_bytes is not None else 0):
            assert max_bytes is not None
            excess = _in_use(db) - max_bytes
            count = int(db.execute("SELECT count(*) FROM segments").fetchone()[0])
            if excess <= 0 or not count:
                break  # small enough, or what is left is approved: never pruned
            per_row = max(1, _in_use(db) // (count + _approved(db)))
            extra = max(1, math.ceil(excess / per_row))
            removed += _delete(
                db, f"SELECT key FROM segments s ORDER BY {_LAST_USE} LIMIT ?", [extra]
            )
        kept = int(db.execute("SELECT count(*) FROM segments").fetchone()[0])
    except sqlite3.Error as error:
        raise OutputError(f"{path}: cannot prune the memory ({error})") from None
    finally:
        memory.close()
    return PruneReport(removed, kept, before, path.stat().st_size)


def _approved(db: sqlite3.Connection) -> int:
    return int(db.execute("SELECT count(*) FROM approved").fetchone()[0])
