"""``memory prune`` and ``memory stats`` (issue 23): machine translations trimmed least
recently used first, approved translations never touched."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

from briefing.mt.memory import Memory
from briefing.mt.prune import prune

ROWS = {f"k{i:05d}": (f"target {i} " * 20, -0.5, "[]") for i in range(6000)}


def fill(path: Path) -> None:
    memory = Memory(path)
    memory.put_many(ROWS)
    assert memory.connection is not None
    memory.connection.execute(
        "INSERT INTO approved VALUES ('a1', 'paragraph', 'نص', 'Text', 'test', 'approved', 0, NULL)"
    )
    memory.close()


def test_max_size_keeps_the_recently_used_and_every_approved(tmp_path: Path) -> None:
    path = tmp_path / "memory.sqlite3"
    fill(path)
    recent = [f"k{i:05d}" for i in range(0, 6000, 60)]  # 100 keys read again, the oldest
    memory = Memory(path)
    assert len(memory.get_many(recent)) == 100
    memory.close()
    report = prune(path, max_bytes=300_000)
    assert report.bytes_after <= 300_000 < report.bytes_before
    assert report.removed + report.kept == 6000 and 100 <= report.kept < 6000
    memory = Memory(path)
    assert len(memory.get_many(recent)) == 100
    assert memory.connection is not None
    assert memory.connection.execute("SELECT english FROM approved").fetchall() == [("Text",)]
    memory.close()


def test_older_than_counts_a_use_as_new(tmp_path: Path) -> None:
    path = tmp_path / "memory.sqlite3"
    fill(path)
    memory = Memory(path)
    memory.get_many(["k00001"])
    memory.close()
    assert prune(path, older_than_days=1).removed == 0
    with_used = prune(path, older_than_days=1, now=time.time() + 86400 + 1)
    assert with_used.kept == 0 and with_used.removed == 6000


def test_cli_prune_and_stats(tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    cache.mkdir()
    fill(cache / "memory.sqlite3")
    env = {**os.environ, "BRIEFING_CACHE_DIR": str(cache), "HOME": str(tmp_path)}
    run = [sys.executable, "-m", "briefing", "memory"]
    refused = subprocess.run([*run, "prune"], capture_output=True, text=True, env=env, check=False)
    assert refused.returncode != 0 and "--older-than" in refused.stderr
    done = subprocess.run(
        [*run, "prune", "--max-size", "0.3"], capture_output=True, text=True, env=env, check=False
    )
    assert done.returncode == 0 and "removed" in done.stderr, done.stderr
    stats = subprocess.run([*run, "stats"], capture_output=True, text=True, env=env, check=False)
    assert (
        "approved paragraphs: 1" in stats.stdout and "bytes: machine translations" in stats.stdout
    )
