"""Concurrency: commands run at the same time by cron jobs and people must not lose work.

Two processes each run ``briefing glossary add`` 50 times on the same glossary: all 100
entries land and the file stays valid. Four ``briefing build`` runs share one
translation memory: all succeed, and each writes what a lone run writes.
"""

from __future__ import annotations

import io
import json
import os
import re
import sqlite3
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest
from docx import Document

from briefing.glossary.store import check, load_glossary
from helpers import DEMO_ID, shared_path

LETTERS = "بتثجحخدذرزسشصضطظعغفقكلمنهوي"
KINDS = ("person", "place", "org", "term")
ADDS = 50

# Each worker is one process running the real command 50 times in a loop (the command's
# own code path, without paying 50 interpreter start-ups): the two workers race each other.
WORKER = f"""
import sys
from briefing.cli import app
glossary, worker = sys.argv[1], int(sys.argv[2])
letters = {LETTERS!r}
kinds = {KINDS!r}
for number in range({ADDS}):
    size = len(letters)
    arabic = "اسم " + letters[worker] + letters[number % size] + letters[number // size]
    code = app(
        ["-q", "glossary", "add", arabic, f"Name {{worker}}-{{number}}",
         "--kind", kinds[number % len(kinds)], "--glossary", glossary],
        standalone_mode=False,
    )
    if code:
        sys.exit(f"add {{number}} failed with {{code}}")
"""


@pytest.mark.parametrize("layout", ["folder", "single-file"])
def test_two_processes_adding_50_terms_each_lose_nothing(tmp_path: Path, layout: str) -> None:
    glossary = tmp_path / ("glossary" if layout == "folder" else "glossary.csv")
    workers = [
        subprocess.Popen(
            [sys.executable, "-c", WORKER, str(glossary), str(worker)],
            stderr=subprocess.PIPE,
            text=True,
        )
        for worker in (0, 1)
    ]
    results = [worker.communicate(timeout=300)[1] for worker in workers]
    for worker, errors in zip(workers, results, strict=True):
        assert worker.returncode == 0, errors
        assert "Traceback" not in errors
    loaded = load_glossary(glossary)  # strict: any malformed row would raise
    assert sorted(e.english for e in loaded.entries) == sorted(
        f"Name {w}-{n}" for w in (0, 1) for n in range(ADDS)
    )
    assert check(loaded) == []
    files = [glossary] if glossary.is_file() else sorted(glossary.glob("*.csv"))
    if layout == "folder":
        assert [f.name for f in files] == [
            "organizations.csv",
            "people.csv",
            "places.csv",
            "terms.csv",
        ]
    for file in files:  # written sorted with LF line ends, no temp files left beside them
        assert b"\r" not in file.read_bytes()
    assert not list(tmp_path.rglob("*.tmp"))
    done = subprocess.run(
        [sys.executable, "-m", "briefing", "glossary", "check", "--glossary", str(glossary)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stdout + done.stderr


# -- builds sharing a translation memory ---------------------------------------------------------

ARTICLES = 16


def build(source: Path, out: Path, cache: Path) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [
            sys.executable,
            "-m",
            "briefing",
            "-v",
            "build",
            str(source),
            "-o",
            str(out),
            "--model",
            DEMO_ID,
            "--threads",
            "1",
        ],  # fmt: skip
        env={**os.environ, "BRIEFING_CACHE_DIR": str(cache)},
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def finish(process: subprocess.Popen[str]) -> str:
    _, errors = process.communicate(timeout=600)
    assert process.returncode == 0, errors
    assert "Traceback" not in errors and "translation memory disabled" not in errors
    return errors


def json_content(path: Path) -> Any:
    """The JSON briefing, without its date and with scores rounded.

    CTranslate2's scores move in the 7th digit with the batch a sentence was decoded in,
    which depends on what the shared memory already held; the words may not move at all.
    """
    data = json.loads(path.read_text(encoding="utf-8"))
    data["briefing"].pop("date")

    def rounded(value: Any) -> Any:
        if isinstance(value, dict):
            return {k: round(v, 4) if k == "score" else rounded(v) for k, v in value.items()}
        if isinstance(value, list):
            return [rounded(item) for item in value]
        return value

    return rounded(data)


def docx_content(path: Path) -> list[Any]:
    """Every paragraph and table cell of the document body (core properties hold dates)."""
    document = Document(io.BytesIO(path.read_bytes()))
    return [p.text for p in document.paragraphs] + [
        [cell.text for row in table.rows for cell in row.cells] for table in document.tables
    ]


def test_four_builds_sharing_one_memory_write_what_a_lone_build_writes(
    tmp_path: Path, installed_models: Path
) -> None:
    lines = shared_path("corpus/saudinewsnet-275.jsonl").read_text(encoding="utf-8").splitlines()
    source = tmp_path / "articles.jsonl"
    source.write_text("\n".join(lines[100 : 100 + ARTICLES]) + "\n", encoding="utf-8")

    alone = tmp_path / "alone"
    alone.mkdir()
    lone = finish(build(source, alone / "briefing.json", tmp_path / "alone-cache"))
    segments = int(re.search(r"(\d+) decoded", lone)[1])  # type: ignore[index]
    finish(build(source, alone / "briefing.docx", tmp_path / "alone-cache"))

    shared = tmp_path / "shared-cache"
    outputs = [tmp_path / f"run{n}" / f"briefing.{'json' if n % 2 else 'docx'}" for n in range(4)]
    for out in outputs:
        out.parent.mkdir()
    runs = [build(source, out, shared) for out in outputs]
    results = [run.communicate(timeout=600) for run in runs]
    for run, (_, errors) in zip(runs, results, strict=True):
        assert run.returncode == 0, errors
        assert "Traceback" not in errors and "translation memory disabled" not in errors

    for out in outputs:
        if out.suffix == ".json":
            assert json_content(out) == json_content(alone / "briefing.json")
        else:
            assert docx_content(out) == docx_content(alone / "briefing.docx")
        assert sorted(p.name for p in out.parent.iterdir()) == [out.name]
    db = sqlite3.connect(shared / "memory.sqlite3")
    try:
        assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        # Every segment once: the runs that decoded the same sentence wrote the same key.
        assert db.execute("SELECT count(*) FROM segments").fetchone()[0] == segments
    finally:
        db.close()


# Processes that wait for a start file and then each add one entry to the same glossary
# file, which does not exist yet: all of them create it at the same moment.
FIRST_ADD = """
import os, sys, time
from briefing.cli import app
glossary, start, worker = sys.argv[1], sys.argv[2], int(sys.argv[3])
while not os.path.exists(start):
    time.sleep(0.001)
code = app(["-q", "glossary", "add", "اسم " + "بتثجحخدذ"[worker], f"First {worker}",
            "--kind", "person", "--glossary", glossary], standalone_mode=False)
sys.exit(code or 0)
"""


def test_first_adds_to_a_new_glossary_file_at_once_lose_nothing(tmp_path: Path) -> None:
    # Creating the empty file outside the lock once wrote it over a first entry just added.
    for round_ in range(4):
        glossary, start = tmp_path / f"g{round_}.csv", tmp_path / f"start{round_}"
        workers = [
            subprocess.Popen(
                [sys.executable, "-c", FIRST_ADD, str(glossary), str(start), str(worker)],
                stderr=subprocess.PIPE,
                text=True,
            )
            for worker in range(6)
        ]
        time.sleep(2.0)  # every worker imported and waiting
        start.touch()
        for worker in workers:
            errors = worker.communicate(timeout=120)[1]
            assert worker.returncode == 0, errors
        english = sorted(e.english for e in load_glossary(glossary).entries)
        assert english == [f"First {w}" for w in range(6)], f"round {round_}"
