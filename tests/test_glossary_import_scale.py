"""``glossary import`` of a large file: progress on a terminal, clashes still all listed
first and nothing written, and the files read before the lock reused only if unchanged."""

from __future__ import annotations

import itertools
import os
import pty
import re
import shutil
import subprocess
import sys
from pathlib import Path

from briefing.glossary.store import import_file, load_glossary
from briefing.glossary.tables import COLUMNS, EditSession, name_keys
from helpers import drain_terminal

ROOT = Path(__file__).resolve().parents[1]
ANSI = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]")
SYLLABLES = "با بو بي تا تو تي دا دو دي را رو ري سا سو سي فا فو في كا كو كي ما مو مي".split()


def _names(count: int, taken: set[str]) -> list[str]:
    """``count`` made-up names of four syllables, none a name of the glossary already."""
    rows: list[str] = []
    for parts in itertools.product(SYLLABLES, repeat=4):
        name = "".join(parts)
        if name not in taken:
            rows.append(f"{name},Name {len(rows)},person,,\n")
        if len(rows) == count:
            return rows
    raise AssertionError("too few syllables")


def _in_a_terminal(*args: str) -> tuple[int, list[str]]:
    """The exit status and the lines ``briefing ARGS`` shows on a terminal (its stderr)."""
    leader, follower = pty.openpty()
    done = subprocess.Popen(
        [sys.executable, "-m", "briefing", *args],
        stdout=subprocess.DEVNULL,
        stderr=follower,
        env={**os.environ, "COLUMNS": "200"},
    )
    os.close(follower)
    shown = ANSI.sub("", drain_terminal(leader).decode("utf-8", "replace"))
    lines = [line.strip() for line in shown.replace("\r", "\n").split("\n") if line.strip()]
    return done.wait(timeout=300), lines


def test_a_large_import_shows_progress_and_still_lists_every_clash_first(tmp_path: Path) -> None:
    folder = tmp_path / "glossary"
    shutil.copytree(ROOT / "glossary", folder)
    before = {file.name: file.read_bytes() for file in folder.glob("*.csv")}
    known = load_glossary(folder).entries
    taken = {key for entry in known for key in name_keys(entry)}
    rows = _names(20_000, taken)
    nato = next(e for e in known if e.english == "NATO")
    clashes = [f"{nato.arabic},Nato,org,,\n", f"{known[0].arabic},Another English,person,,\n"]
    src = tmp_path / "names.csv"
    src.write_text(",".join(COLUMNS) + "\n" + rows[0] + clashes[0] + "".join(rows[1:]) + clashes[1])

    status, lines = _in_a_terminal("glossary", "import", str(src), "--glossary", str(folder))
    bars = [line for line in lines if line.startswith("Importing")]
    listed = [line for line in lines if not line.startswith("Importing")]
    assert status == 1
    assert any("/20002" in line for line in bars), lines
    assert [line.split(": ")[0:2] for line in listed[:2]] == [
        ["clash", f"{src}:3"],
        ["clash", f"{src}:20003"],
    ], listed
    assert listed[2:] == [
        f"error: {src}: 2 entries clash with the glossary {folder}; nothing was imported; "
        "fix them or import with --replace"
    ]
    assert {file.name: file.read_bytes() for file in folder.glob("*.csv")} == before

    src.write_text(",".join(COLUMNS) + "\n" + "".join(rows))
    status, lines = _in_a_terminal("glossary", "import", str(src), "--glossary", str(folder))
    assert status == 0, lines
    counts = {int(m[1]) for line in lines if (m := re.search(r"Importing\D*?(\d+)/20000", line))}
    assert counts and max(counts) == 20_000, lines
    assert any("entries/s" in line and "left" in line for line in lines), lines
    assert lines[-1] == f"20000 added, 0 updated, 0 merged, 0 unchanged, 0 skipped, in {folder}"
    assert len(load_glossary(folder)) == len(known) + 20_000


def test_the_progress_callback_counts_every_entry_in_order(tmp_path: Path) -> None:
    folder = tmp_path / "glossary"
    shutil.copytree(ROOT / "glossary", folder)
    taken = {key for entry in load_glossary(folder).entries for key in name_keys(entry)}
    src = tmp_path / "names.csv"
    src.write_text(",".join(COLUMNS) + "\n" + "".join(_names(1_234, taken)))
    calls: list[tuple[int, int]] = []
    report = import_file(folder, src, progress=lambda done, total: calls.append((done, total)))
    assert report.added == 1_234
    assert {total for _, total in calls} == {1_234}
    assert [done for done, _ in calls] == sorted(done for done, _ in calls)
    assert calls[0][0] == 0 and calls[-1] == (1_234, 1_234)


def test_files_read_before_the_lock_are_read_again_if_they_changed(tmp_path: Path) -> None:
    glossary = tmp_path / "g.csv"
    glossary.write_text(",".join(COLUMNS) + "\nناتو,NATO,org,,\n", encoding="utf-8")
    session = EditSession(glossary)
    assert session.current()
    stat = glossary.stat()
    # The same size and mtime: only the bytes tell.
    glossary.write_text(",".join(COLUMNS) + "\nناتو,NAT0,org,,\n", encoding="utf-8")
    os.utime(glossary, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    assert not session.current()
    assert EditSession(glossary).current()
