from __future__ import annotations

import json
import multiprocessing
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from briefing.mt.memory import Memory, segment_key


def test_stores_and_finds_segments(tmp_path: Path) -> None:
    path = tmp_path / "tm.sqlite3"
    memory = Memory(path)
    key = segment_key("m@1", "beam=2", "نص", [])
    assert memory.get_many([key]) == {}
    memory.put_many({key: ("text", -0.5, "[]")})
    memory.close()
    again = Memory(path)
    assert again.get_many([key]) == {key: ("text", -0.5, "[]")}
    assert (again.hits, again.misses) == (1, 0)


def test_key_depends_on_model_options_and_spans() -> None:
    base = segment_key("m@1", "beam=2", "نص", [])
    assert base != segment_key("m@2", "beam=2", "نص", [])
    assert base != segment_key("m@1", "beam=4", "نص", [])
    assert base != segment_key("m@1", "beam=2", "نص", [(0, 2, "Text", "term")])


def test_corrupt_file_is_moved_aside_and_rebuilt(tmp_path: Path) -> None:
    path = tmp_path / "tm.sqlite3"
    path.write_bytes(b"this is not a database" * 100)
    memory = Memory(path)
    assert memory.enabled
    assert any("corrupt" in w for w in memory.warnings)
    assert list(tmp_path.glob("tm.sqlite3.corrupt-*"))
    memory.put_many({"k": ("t", 0.0, "[]")})
    assert memory.get_many(["k"])["k"][0] == "t"


def test_unusable_cache_folder_means_no_cache_with_a_warning(tmp_path: Path) -> None:
    # A file where the folder should be: creating the cache fails even for root, who
    # ignores permission bits (CI runs as root).
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("x")
    memory = Memory(blocker / "cache" / "tm.sqlite3")
    assert not memory.enabled
    assert memory.warnings and "disabled" in memory.warnings[0]
    assert memory.get_many(["k"]) == {}
    warnings = list(memory.warnings)
    memory.put_many({"k": ("t", 0.0, "[]")})  # silently nothing: no error, no second warning
    assert memory.get_many(["k"]) == {} and memory.warnings == warnings
    assert (memory.hits, memory.misses) == (0, 2)
    assert not memory.enabled and blocker.read_text() == "x"


def _writer(path: str, prefix: str) -> None:
    memory = Memory(Path(path))
    for i in range(50):
        memory.put_many({f"{prefix}{i}": (f"t{i}", 0.0, "[]")})
    memory.close()


def test_concurrent_writers_all_land(tmp_path: Path) -> None:
    path = tmp_path / "tm.sqlite3"
    Memory(path).close()
    workers = [
        multiprocessing.get_context("spawn").Process(target=_writer, args=(str(path), p))
        for p in "ab"
    ]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(60)
        assert worker.exitcode == 0
    with sqlite3.connect(path) as db:
        assert db.execute("SELECT count(*) FROM segments").fetchone()[0] == 100
        assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"


# -- temporary trouble keeps the memory; only real corruption moves it aside -------------------

ROWS = {f"key{i}": (f"target {i} " * 10, -0.5, "[]") for i in range(3000)}  # about 400 KB

# Holds the memory's lock the way a second process can: exclusive, until told to stop.
HOLDER = """
import sqlite3, sys, time
db = sqlite3.connect(sys.argv[1], isolation_level=None)
db.execute("PRAGMA locking_mode = EXCLUSIVE")
db.execute("BEGIN EXCLUSIVE")
db.execute("INSERT OR REPLACE INTO segments VALUES ('held', 't', 0, '[]', 0)")
print("holding", flush=True)
time.sleep(float(sys.argv[2]))
db.execute("ROLLBACK")
"""


def healthy_memory(path: Path) -> bytes:
    """A memory of 3,000 segments, closed cleanly; returns its bytes."""
    memory = Memory(path)
    memory.put_many(ROWS)
    memory.close()
    assert not Path(f"{path}-wal").exists()
    return path.read_bytes()


def hold_lock(path: Path, seconds: float) -> subprocess.Popen[str]:
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLDER, str(path), str(seconds)], stdout=subprocess.PIPE, text=True
    )
    assert holder.stdout is not None and holder.stdout.readline() == "holding\n"
    return holder


def moved_aside(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if ".corrupt-" in p.name)


def test_a_memory_another_process_keeps_locked_is_kept(tmp_path: Path) -> None:
    path = tmp_path / "tm.sqlite3"
    healthy_memory(path)
    holder = hold_lock(path, 120)
    try:
        memory = Memory(path, busy_timeout=1.0)
        assert not memory.enabled
        assert len(memory.warnings) == 1, memory.warnings
        assert "locked by another process" in memory.warnings[0]
        assert "corrupt" not in memory.warnings[0]
    finally:
        holder.kill()
        holder.wait()
        assert holder.stdout is not None
        holder.stdout.close()
    assert moved_aside(tmp_path) == []
    again = Memory(path)
    assert again.get_many(list(ROWS)) == ROWS and again.warnings == []


def test_a_memory_locked_for_a_moment_is_waited_for(tmp_path: Path) -> None:
    path = tmp_path / "tm.sqlite3"
    healthy_memory(path)
    holder = hold_lock(path, 2)
    memory = Memory(path)
    assert memory.enabled and memory.warnings == []
    assert memory.get_many(list(ROWS)) == ROWS
    assert holder.wait(timeout=60) == 0
    assert holder.stdout is not None
    holder.stdout.close()


def test_a_memory_with_damaged_pages_is_moved_aside(tmp_path: Path) -> None:
    """Real corruption (SQLITE_CORRUPT): pages of the table overwritten in the middle."""
    path = tmp_path / "tm.sqlite3"
    data = bytearray(healthy_memory(path))
    page = int.from_bytes(data[16:18], "big")
    for number in range(2, len(data) // page, 3):  # every third page after the schema
        data[number * page : number * page + 200] = bytes(range(200))
    path.write_bytes(bytes(data))
    memory = Memory(path)
    assert memory.enabled
    assert len(memory.warnings) == 1 and "corrupt" in memory.warnings[0], memory.warnings
    assert len(moved_aside(tmp_path)) == 1
    memory.put_many({"k": ("t", 0.0, "[]")})
    assert memory.get_many(["k"]) == {"k": ("t", 0.0, "[]")}


# A process whose files may not grow past a few KB: writes fail as on a full disk (EFBIG; on
# a really full disk, ENOSPC: SQLite reports both as "disk I/O error" or "disk is full").
FULL_DISK = """
import json, resource, signal, sys
from pathlib import Path
from briefing.mt.memory import Memory
signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
limit = int(sys.argv[2])
resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))
memory = Memory(Path(sys.argv[1]))
opened = memory.enabled
memory.put_many({f"new{i}": ("x" * 200, 0.0, "[]") for i in range(2000)})
print(json.dumps({"opened": opened, "warnings": memory.warnings}))
"""


@pytest.mark.parametrize("limit", [20_000, 100_000])
def test_a_memory_on_a_full_disk_is_kept(tmp_path: Path, limit: int) -> None:
    """At 20 KB the memory cannot even open (its 32 KB shared-memory file); at 100 KB it
    opens and the new rows cannot be written. Either way: a warning, the memory kept."""
    path = tmp_path / "tm.sqlite3"
    before = healthy_memory(path)
    done = subprocess.run(
        [sys.executable, "-c", FULL_DISK, str(path), str(limit)],
        capture_output=True, text=True, timeout=120, cwd=tmp_path,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    report = json.loads(done.stdout)
    assert report["opened"] == (limit > 32768)
    assert len(report["warnings"]) == 1, report
    assert "translation memory disabled" in report["warnings"][0]
    assert "corrupt" not in report["warnings"][0]
    assert moved_aside(tmp_path) == []
    again = Memory(path)
    assert again.get_many(list(ROWS)) == ROWS and again.warnings == []
    if limit < 32768:
        assert path.read_bytes() == before
