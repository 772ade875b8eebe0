from __future__ import annotations

import multiprocessing
import sqlite3
from pathlib import Path

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
