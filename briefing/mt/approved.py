"""The approved memory: English a reviewer approved, reused instead of the model.

A table of its own in the translation memory's SQLite file (``memory.MIGRATIONS``), so
every command of the user shares it. Each row is keyed by the folded Arabic
(``text.keys.source_key``): a paragraph, and each of its sentences where the paragraph's
Arabic and English split into the same number of sentences (the sentence rows let a
story that was cut or merged elsewhere still reuse what was approved). A sentence row
never replaces a paragraph row with the same key: what a reviewer approved whole wins.
"""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from briefing.errors import ReviewError
from briefing.mt.memory import SCHEMA_VERSION, Memory
from briefing.text.keys import english_form, source_key
from briefing.text.segment import split_sentences

PARAGRAPH = "paragraph"
SENTENCE = "sentence"
APPROVED = "approved"  # the status of English approved in a reviewed briefing


@dataclass(frozen=True)
class Approval:
    """One approved translation; ``origin`` is the file it came from."""

    source: str
    english: str
    origin: str
    status: str = APPROVED
    created: float = field(default_factory=time.time)
    place: str = field(default="", compare=False)  # where in the file: "unit 1-2"

    @property
    def key(self) -> str:
        return source_key(self.source)


@dataclass
class StoreReport:
    """What ``ApprovedMemory.put`` did: new keys, changed English, already there."""

    added: int = 0
    updated: int = 0
    unchanged: int = 0


def settle(approvals: Iterable[Approval]) -> tuple[list[Approval], list[str]]:
    """One approval per Arabic paragraph (key). A file that corrects one paragraph in two
    different ways keeps the last correction in file order, and a line says so, naming
    both places and what was kept and what was not: only one English can be approved."""
    groups: dict[str, list[Approval]] = {}
    for approval in approvals:
        groups.setdefault(approval.key, []).append(approval)
    conflicts: list[str] = []
    for group in groups.values():
        kept = group[-1]
        others = [a for a in group[:-1] if english_form(a.english) != english_form(kept.english)]
        if others:
            places = ", ".join(dict.fromkeys(a.place or a.origin for a in others))
            ignored = " and ".join(dict.fromkeys(f"'{_short(a.english)}'" for a in others))
            conflicts.append(
                f"{kept.place or kept.origin}: the same Arabic as {places} is corrected two "
                f"ways; kept '{_short(kept.english)}' (the last), ignored {ignored}"
            )
    return [group[-1] for group in groups.values()], conflicts


def _short(text: str, limit: int = 80) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def sentence_pairs(approval: Approval) -> list[tuple[str, str]]:
    """(Arabic, English) per sentence when both sides have the same count above one."""
    sources = [s.strip() for s in split_sentences(approval.source) if s.strip()]
    english = [s.strip() for s in split_sentences(approval.english) if s.strip()]
    if len(sources) < 2 or len(sources) != len(english):
        return []
    return list(zip(sources, english, strict=True))


_UPSERT = """
INSERT INTO approved (key, unit, source, english, origin, status, created, parent)
VALUES (?, ?, ?, ?, ?, ?, ?, ?)
ON CONFLICT(key) DO UPDATE SET
    unit = excluded.unit, source = excluded.source, english = excluded.english,
    origin = excluded.origin, status = excluded.status, created = excluded.created,
    parent = excluded.parent
WHERE approved.unit = 'sentence' OR excluded.unit = 'paragraph'
"""


class ApprovedMemory:
    """The approved table of the memory file at ``path``.

    ``required``: fail with a ``ReviewError`` when the file cannot be opened (imports must
    not lose what the user gave them); otherwise the memory is just empty, with
    ``warnings`` saying why (a translation still runs).
    """

    def __init__(self, path: Path, *, required: bool = True) -> None:
        self.path = path
        self._memory = Memory(path)
        self.warnings = list(self._memory.warnings)
        if self._memory.connection is None and required:
            reason = "; ".join(self.warnings) or "cannot open it"
            raise ReviewError(f"{path}: the approved memory is not available ({reason})")

    def __enter__(self) -> ApprovedMemory:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        self._memory.close()

    def _db(self) -> sqlite3.Connection | None:
        return self._memory.connection

    def _fail(self, exc: sqlite3.DatabaseError) -> ReviewError:
        return ReviewError(f"{self.path}: the approved memory cannot be used ({exc})")

    def get(self, keys: Iterable[str]) -> dict[str, str]:
        """The approved English of each key that has one (paragraph or sentence)."""
        wanted = list(dict.fromkeys(keys))
        found: dict[str, str] = {}
        db = self._db()
        if db is None:
            return found
        try:
            for start in range(0, len(wanted), 500):
                chunk = wanted[start : start + 500]
                marks = ",".join("?" * len(chunk))
                query = f"SELECT key, english FROM approved WHERE key IN ({marks})"
                found.update(db.execute(query, chunk).fetchall())
        except sqlite3.DatabaseError as exc:
            raise self._fail(exc) from exc
        return found

    def empty(self) -> bool:
        """True when nothing is approved (a run then looks nothing up)."""
        db = self._db()
        if db is None:
            return True
        try:
            return db.execute("SELECT 1 FROM approved LIMIT 1").fetchone() is None
        except sqlite3.DatabaseError as exc:
            raise self._fail(exc) from exc

    def paragraphs(self) -> Iterator[Approval]:
        """Every approved paragraph, oldest first (the sentence rows are derived)."""
        db = self._db()
        if db is None:
            return
        query = (
            "SELECT source, english, origin, status, created FROM approved "
            "WHERE unit = 'paragraph' ORDER BY created, key"
        )
        try:
            rows = db.execute(query).fetchall()
        except sqlite3.DatabaseError as exc:
            raise self._fail(exc) from exc
        for source, english, origin, status, created in rows:
            yield Approval(source, english, origin, status, float(created))

    def put(self, approvals: Iterable[Approval]) -> StoreReport:
        """Store approvals (and their sentences) in one transaction."""
        report = StoreReport()
        db = self._db()
        if db is None:
            raise ReviewError(f"{self.path}: the approved memory is not available")
        try:
            db.execute("BEGIN IMMEDIATE")
            try:
                for approval in approvals:
                    self._put_one(db, approval, report)
                db.execute("COMMIT")
            except BaseException:
                db.execute("ROLLBACK")
                raise
        except sqlite3.DatabaseError as exc:
            raise self._fail(exc) from exc
        return report

    def _put_one(self, db: sqlite3.Connection, approval: Approval, report: StoreReport) -> None:
        key = approval.key
        english = english_form(approval.english)
        old = db.execute("SELECT english, unit FROM approved WHERE key = ?", (key,)).fetchone()
        if old is not None and old[1] == PARAGRAPH and old[0] == english:
            report.unchanged += 1
            return
        report.added += old is None or old[1] != PARAGRAPH
        report.updated += old is not None and old[1] == PARAGRAPH
        row = (approval.origin, approval.status, approval.created)
        db.execute(_UPSERT, (key, PARAGRAPH, approval.source, english, *row, None))
        for source, target in sentence_pairs(approval):
            db.execute(_UPSERT, (source_key(source), SENTENCE, source, target, *row, key))

    def stats(self) -> dict[str, object]:
        """Counts for ``memory stats``: approved paragraphs and sentences, cached segments."""
        db = self._db()
        counts: dict[str, object] = {"path": str(self.path), "schema_version": SCHEMA_VERSION}
        if db is None:
            return counts
        try:
            units = dict(db.execute("SELECT unit, count(*) FROM approved GROUP BY unit"))
            statuses = dict(
                db.execute(
                    "SELECT status, count(*) FROM approved WHERE unit = 'paragraph' "
                    "GROUP BY status ORDER BY status"
                )
            )
            segments = db.execute("SELECT count(*) FROM segments").fetchone()[0]
        except sqlite3.DatabaseError as exc:
            raise self._fail(exc) from exc
        counts["approved_paragraphs"] = units.get(PARAGRAPH, 0)
        counts["approved_sentences"] = units.get(SENTENCE, 0)
        counts["by_status"] = statuses
        counts["cached_segments"] = segments
        return counts
