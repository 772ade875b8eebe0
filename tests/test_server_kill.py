"""Killing the server mid-request loses no glossary edit or approved entry: every edit the
server acknowledged is there afterwards, the memory passes PRAGMA integrity_check, the
glossary reads, and the CLI can edit it again (no lock left behind)."""

from __future__ import annotations

import io
import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import httpx
from docx import Document
from server_support import make_workspace, running_server

from briefing.glossary_api import glossary_entries
from review_support import EXAMPLES, article_rows, english_paragraph, memory_state

EDITS = 6
WRITERS = 4  # glossary writers, each adding entries one after another until the kill


def _arabic(number: int) -> str:
    """A distinct Arabic word for each number (its digits as letters)."""
    return "".join("ابتثجحخدذر"[int(d)] for d in str(number))


def reviewed_copies(briefing_docx: bytes, folder: Path) -> list[tuple[Path, str]]:
    """Copies of the briefing, each with one row's English corrected differently."""
    copies = []
    for number in range(EDITS):
        document = Document(io.BytesIO(briefing_docx))
        row = article_rows(document)[number]
        paragraph = english_paragraph(row)
        english = f"Approved correction number {number}."
        for run in paragraph.runs[1:]:
            run.text = ""
        paragraph.runs[0].text = english
        path = folder / f"reviewed-{number}.docx"
        document.save(str(path))
        copies.append((path, english))
    return copies


def test_a_killed_server_loses_nothing_it_acknowledged(tmp_path: Path) -> None:
    workspace = make_workspace(tmp_path / "ws")
    cache = tmp_path / "cache"
    acknowledged: list[str] = []
    approved: list[str] = []
    with running_server(workspace, "--rate-limit", "0", cache=cache) as (base, process):
        files = [("files", (p.name, p.read_bytes(), "text/plain")) for p in EXAMPLES]
        made = httpx.post(f"{base}/briefing", files=files, data={"format": "docx"}, timeout=120)
        assert made.status_code == 200, made.text
        copies = reviewed_copies(made.content, tmp_path)

        attempted: list[int] = []

        def add(writer: int) -> None:
            """Add entries one after another until the server is gone."""
            for number in range(writer * 1000, writer * 1000 + 1000):
                entry = {
                    "arabic": f"كلمة {_arabic(number)}",
                    "english": f"Word{number}",
                    "kind": "term",
                }
                attempted.append(number)
                try:
                    done = httpx.post(f"{base}/glossary", json=entry, timeout=60)
                except httpx.HTTPError:
                    return  # killed before it answered: nothing was promised
                assert done.status_code == 200, done.text
                acknowledged.append(entry["english"])

        def review(path: Path, english: str) -> None:
            try:
                done = httpx.post(
                    f"{base}/review/import",
                    files={"file": (path.name, path.read_bytes())},
                    timeout=60,
                )
            except httpx.HTTPError:
                return
            assert done.status_code == 200, done.text
            if done.json()["approved"] >= 1:
                approved.append(english)

        def translate_long() -> None:
            text = "\n".join(p.read_text(encoding="utf-8") for p in EXAMPLES) * 3
            try:
                httpx.post(f"{base}/briefing", data={"text": text, "format": "json"}, timeout=60)
            except httpx.HTTPError:
                pass

        workers = [threading.Thread(target=translate_long) for _ in range(2)]
        workers += [threading.Thread(target=add, args=(n,)) for n in range(WRITERS)]
        workers += [threading.Thread(target=review, args=copy) for copy in copies]
        for worker in workers:
            worker.start()
        deadline = time.monotonic() + 60
        while (len(acknowledged) < 10 or len(approved) < 2) and time.monotonic() < deadline:
            time.sleep(0.005)
        os.kill(process.pid, signal.SIGKILL)  # mid-request: the rest are under way
        for worker in workers:
            worker.join(90)
    assert len(acknowledged) >= 10 and len(approved) >= 2, "too little was done before the kill"
    assert len(attempted) > len(acknowledged), "no edit was under way when it was killed"

    check, rows, _ = memory_state(cache / "memory.sqlite3")
    assert check == "ok"
    stored = {row[3] for row in rows}  # the approved English column
    assert set(approved) <= stored
    glossary = workspace / "glossary"
    english = {e["english"] for e in glossary_entries(glossary)}
    assert set(acknowledged) <= english
    after = subprocess.run(
        [sys.executable, "-m", "briefing", "glossary", "add", "زوربلاكس", "Zorblax", "--kind", "place",
         "--glossary", str(glossary)],
        capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert after.returncode == 0, after.stderr
    assert "Zorblax" in {e["english"] for e in glossary_entries(glossary)}
