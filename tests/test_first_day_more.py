"""Issue 17, the first day (items 13-25), as a new user meets them in a real process."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from helpers import DEMO_ID, ROOT


def briefing(
    *args: str, cwd: Path | None = None, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "briefing", *args],
        capture_output=True,
        text=True,
        env={**os.environ, "COLUMNS": "200", **(env or {})},
        cwd=cwd,
        timeout=300,
        check=False,
    )


def _in_a_terminal(*args: str) -> str:
    """What the command prints to a terminal (a pseudo-terminal as its stdout)."""
    import pty

    leader, follower = pty.openpty()
    try:
        done = subprocess.run(
            [sys.executable, "-m", "briefing", *args],
            stdout=follower,
            stderr=subprocess.PIPE,
            env={**os.environ, "COLUMNS": "200"},
            timeout=300,
            check=True,
        )
        os.close(follower)
        chunks = []
        while True:
            try:
                chunk = os.read(leader, 65536)
            except OSError:  # the terminal is closed once read to the end
                break
            if not chunk:
                break
            chunks.append(chunk)
    finally:
        os.close(leader)
    assert done.returncode == 0
    return b"".join(chunks).decode().replace("\r\n", "\n")


def _assert_aligned(listing: str) -> None:
    lines = [line for line in listing.splitlines() if line.strip()]
    header, rows = lines[0], lines[1:]
    starts = [m.start() for m in re.finditer(r"\S+", header)]
    assert len(rows) >= 2 and len(starts) >= 6, listing
    for row in rows:
        for start in starts:  # every cell begins where its column's name begins
            assert row[start - 1] == " " and row[start] != " ", (start, listing)


# -- 22 ----------------------------------------------------------------------------------
def test_model_list_columns_line_up_piped_and_in_a_terminal(installed_models: Path) -> None:
    piped = briefing("model", "list")
    assert piped.returncode == 0, piped.stderr
    _assert_aligned(piped.stdout)
    _assert_aligned(_in_a_terminal("model", "list"))
