"""Faults: a build killed with SIGKILL, a cache that cannot be written, a broken model.

A killed build must leave no output (or the previous one, byte for byte), no visible
stray file, and a translation memory that passes ``PRAGMA integrity_check``; the next
run must succeed, reuse what the memory held, and write the same briefing as a run that
was never interrupted.

The kill points are fractions of a measured uninterrupted run (startup, early and late
translation) rather than fixed seconds, so they land inside the build on a fast machine
and a slow one alike.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import signal
import sqlite3
import stat
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from briefing.files import write_text_atomic
from helpers import DEMO_ID, make_unwritable, shared_path

ARTICLES = 40  # of the 275-article corpus: a build of several seconds with the demo model
WARM = 10  # articles translated before the kill, whose segments the memory must keep
PREVIOUS = b"the previous briefing, which must survive\n"
COUNTS = re.compile(r"(\d+) decoded \+ (\d+) from the translation memory")


def run(args: list[str], cache: Path | None, **env: str) -> subprocess.CompletedProcess[str]:
    environment = {**os.environ, **env}
    if cache is not None:
        environment["BRIEFING_CACHE_DIR"] = str(cache)
    return subprocess.run(
        [sys.executable, "-m", "briefing", *args],
        capture_output=True,
        text=True,
        timeout=600,
        env=environment,
    )


def build_args(source: Path, out: Path) -> list[str]:
    return ["-v", "build", str(source), "-o", str(out), "--model", DEMO_ID, "--force"]


def counts(stderr: str) -> tuple[int, int]:
    match = COUNTS.search(stderr)
    assert match, stderr
    return int(match[1]), int(match[2])


def content(path: Path) -> Any:
    """The JSON briefing without the date it was made (a run may cross midnight)."""
    data = json.loads(path.read_text(encoding="utf-8"))
    data["briefing"].pop("date")
    return data


def integrity(cache: Path) -> str:
    db = sqlite3.connect(cache / "memory.sqlite3")
    try:
        return str(db.execute("PRAGMA integrity_check").fetchone()[0])
    finally:
        db.close()


@dataclass
class Corpus:
    articles: Path
    warm_cache: Path  # a memory holding the first WARM articles' segments
    warm_segments: int
    reference: Any  # the briefing of an uninterrupted run
    seconds: float  # how long that run took, starting from warm_cache


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory, installed_models: Path) -> Corpus:
    folder = tmp_path_factory.mktemp("faults")
    lines = shared_path("corpus/saudinewsnet-275.jsonl").read_text(encoding="utf-8").splitlines()
    articles = folder / "articles.jsonl"
    articles.write_text("\n".join(lines[:ARTICLES]) + "\n", encoding="utf-8")
    warm = folder / "warm.jsonl"
    warm.write_text("\n".join(lines[:WARM]) + "\n", encoding="utf-8")
    warm_cache = folder / "warm-cache"
    done = run(build_args(warm, folder / "warm.json"), warm_cache)
    assert done.returncode == 0, done.stderr
    warm_segments, _ = counts(done.stderr)
    cache = folder / "reference-cache"
    shutil.copytree(warm_cache, cache)
    start = time.monotonic()
    done = run(build_args(articles, folder / "reference.json"), cache)
    seconds = time.monotonic() - start
    assert done.returncode == 0, done.stderr
    assert counts(done.stderr)[1] == warm_segments
    return Corpus(articles, warm_cache, warm_segments, content(folder / "reference.json"), seconds)


@pytest.mark.parametrize(("fraction", "previous"), [(0.1, False), (0.35, True), (0.6, True)])
def test_sigkill_during_build_leaves_nothing_half_done(
    corpus: Corpus, tmp_path: Path, fraction: float, previous: bool
) -> None:
    cache = tmp_path / "cache"
    shutil.copytree(corpus.warm_cache, cache)
    out = tmp_path / "out" / "briefing.json"
    out.parent.mkdir()
    if previous:
        out.write_bytes(PREVIOUS)
    process = subprocess.Popen(
        [sys.executable, "-m", "briefing", *build_args(corpus.articles, out)],
        env={**os.environ, "BRIEFING_CACHE_DIR": str(cache)},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    time.sleep(fraction * corpus.seconds)
    assert process.poll() is None, "the build ended before it could be killed"
    process.send_signal(signal.SIGKILL)
    assert process.wait(timeout=60) == -signal.SIGKILL

    if previous:
        assert out.read_bytes() == PREVIOUS
    else:
        assert not out.exists()
    visible = sorted(p.name for p in out.parent.iterdir() if not p.name.startswith("."))
    assert visible == (["briefing.json"] if previous else [])
    # Only a hidden temp file of the killed process may remain, and the next run removes it.
    leftovers = [p.name for p in out.parent.iterdir() if p.name.startswith(".")]
    assert all(re.fullmatch(rf"\.briefing\.json\.{process.pid}\.\w+\.tmp", n) for n in leftovers)
    assert integrity(cache) == "ok"

    done = run(build_args(corpus.articles, out), cache)
    assert done.returncode == 0, done.stderr
    decoded, cached = counts(done.stderr)
    assert cached >= corpus.warm_segments
    assert content(out) == corpus.reference
    assert sorted(p.name for p in out.parent.iterdir()) == ["briefing.json"]
    assert integrity(cache) == "ok"


def test_a_temp_file_left_by_a_killed_writer_is_hidden_then_removed(tmp_path: Path) -> None:
    out = tmp_path / "briefing.md"
    out.write_bytes(PREVIOUS)
    # A writer that is killed between creating its temp file and renaming it.
    script = (
        "import sys, time; from pathlib import Path; from briefing.files import write_atomic\n"
        "def stall(temp):\n"
        "    temp.write_text('half a briefing'); print('ready', flush=True); time.sleep(120)\n"
        "write_atomic(Path(sys.argv[1]), stall)\n"
    )
    writer = subprocess.Popen(
        [sys.executable, "-c", script, str(out)], stdout=subprocess.PIPE, text=True
    )
    assert writer.stdout is not None and writer.stdout.readline() == "ready\n"
    os.kill(writer.pid, signal.SIGKILL)
    writer.wait(timeout=60)
    writer.stdout.close()
    stale = [p for p in tmp_path.iterdir() if p != out]
    assert len(stale) == 1 and stale[0].name.startswith(f".briefing.md.{writer.pid}.")
    assert out.read_bytes() == PREVIOUS

    # A temp file of a writer still running (this test) and another output's are left alone.
    running = tmp_path / f".briefing.md.{os.getpid()}.inprogress.tmp"
    running.write_text("being written")
    other = tmp_path / f".notes.md.{writer.pid}.abcdef.tmp"
    other.write_text("another output's")
    write_text_atomic(out, "new briefing\n")
    assert out.read_text() == "new briefing\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(
        ["briefing.md", running.name, other.name]
    )


# -- an unwritable cache ------------------------------------------------------------------------


def article(folder: Path) -> Path:
    path = folder / "article.txt"
    path.write_text(
        "وزير الدفاع يزور القاهرة\nوصل وزير الدفاع إلى القاهرة يوم الاثنين في زيارة رسمية.\n",
        encoding="utf-8",
    )
    return path


def assert_runs_without_cache(done: subprocess.CompletedProcess[str], out: Path) -> None:
    assert done.returncode == 0, done.stderr
    assert "Traceback" not in done.stderr
    warnings = [line for line in done.stderr.splitlines() if "translation memory disabled" in line]
    assert len(warnings) == 1 and warnings[0].startswith("warning:")
    decoded, cached = counts(done.stderr)
    assert decoded > 0 and cached == 0
    assert json.loads(out.read_text(encoding="utf-8"))["articles"][0]["paragraphs"]


def test_cache_folder_that_cannot_be_created_means_no_cache(
    tmp_path: Path, installed_models: Path
) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a regular file where the cache folder's parent should be")
    out = tmp_path / "briefing.json"
    done = run(build_args(article(tmp_path), out), blocker / "cache")
    assert_runs_without_cache(done, out)
    assert str(blocker / "cache") in done.stderr


def test_read_only_cache_folder_means_no_cache(tmp_path: Path, installed_models: Path) -> None:
    """An existing memory in a folder that refuses new files (its WAL cannot be created).

    Made read-only with chmod, or ``chattr +i`` when running as root (see
    ``make_unwritable``). A machine that allows neither cannot set this case up: the test
    fails saying so rather than test another case (a folder that cannot be created is
    test_cache_folder_that_cannot_be_created_means_no_cache).
    """
    cache = tmp_path / "cache"
    source = article(tmp_path)
    first = run(build_args(source, tmp_path / "first.json"), cache)
    assert first.returncode == 0, first.stderr
    # The memory's files (the compiled glossary keeps a folder of its own beside them).
    memory = {p.name: p.read_bytes() for p in cache.iterdir() if p.is_file()}
    assert "memory.sqlite3" in memory
    undo = make_unwritable(cache)
    assert undo is not None, f"cannot make {cache} refuse new files here (chmod and chattr +i)"
    try:
        with pytest.raises(OSError):
            (cache / "probe").touch()  # the case really is set up
        out = tmp_path / "briefing.json"
        done = run(build_args(source, out), cache)
        assert {p.name: p.read_bytes() for p in cache.iterdir() if p.is_file()} == memory
    finally:
        undo()
    assert_runs_without_cache(done, out)
    assert (
        json.loads(out.read_text())["articles"]
        == json.loads((tmp_path / "first.json").read_text())["articles"]
    )


def _full_disk() -> None:
    """In the child: no file may grow past 20 KB, the way a full disk refuses writes
    (EFBIG here, ENOSPC there; SQLite says "disk I/O error" for both)."""
    import resource

    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
    resource.setrlimit(resource.RLIMIT_FSIZE, (20_000, 20_000))


def test_a_full_disk_keeps_the_translation_memory(tmp_path: Path, installed_models: Path) -> None:
    cache = tmp_path / "cache"
    source = article(tmp_path)
    first = run(build_args(source, tmp_path / "first.json"), cache)
    assert first.returncode == 0, first.stderr
    memory = cache / "memory.sqlite3"
    before = memory.read_bytes()
    out = tmp_path / "briefing.json"
    done = subprocess.run(
        [sys.executable, "-m", "briefing", *build_args(source, out)],
        capture_output=True, text=True, timeout=600, preexec_fn=_full_disk, cwd=tmp_path,
        env={**os.environ, "BRIEFING_CACHE_DIR": str(cache)},
    )  # fmt: skip
    assert_runs_without_cache(done, out)
    assert "corrupt" not in done.stderr
    assert not [p.name for p in cache.iterdir() if ".corrupt-" in p.name]
    assert memory.read_bytes() == before
    again = run(build_args(source, out), cache)
    assert counts(again.stderr) == counts(first.stderr)[::-1]  # all from the memory now


# -- a corrupt model ----------------------------------------------------------------------------


def _truncate(path: Path) -> None:
    path.write_bytes(path.read_bytes()[:1000])


DAMAGE = {
    "weights-truncated": ("model/model.bin", _truncate),
    "weights-missing": ("model/model.bin", Path.unlink),
    "tokenizer-missing": ("sentencepiece.model", Path.unlink),
    "tokenizer-garbage": ("sentencepiece.model", lambda p: p.write_bytes(b"\x00garbage" * 50)),
    "metadata-garbage": ("metadata.json", lambda p: p.write_text("{not json")),
    "metadata-not-an-object": ("metadata.json", lambda p: p.write_text("[1, 2]")),
    "vocabulary-garbage": ("model/shared_vocabulary.json", lambda p: p.write_text("{")),
}


@pytest.mark.parametrize("damage", sorted(DAMAGE))
def test_corrupt_model_gives_one_line_naming_it(
    damage: str, tmp_path: Path, installed_models: Path
) -> None:
    packages = tmp_path / "packages"
    model = packages / "damaged-model"
    shutil.copytree(installed_models / DEMO_ID, model)
    part, spoil = DAMAGE[damage]
    spoil(model / part)
    done = run(
        ["translate", str(article(tmp_path)), "--model", model.name],
        None,
        ARGOS_PACKAGES_DIR=str(packages),
    )
    assert done.returncode == 1, done.stderr
    assert "Traceback" not in done.stderr
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error:"), done.stderr
    assert "damaged-model" in lines[0]
    assert "reinstall" in lines[0]
    assert done.stdout == ""
    # The fix the message gives works, even when the metadata cannot be read.
    removed = run(["model", "remove", model.name], None, ARGOS_PACKAGES_DIR=str(packages))
    assert removed.returncode == 0, removed.stderr
    assert not model.exists()


# -- outputs that are not regular files ---------------------------------------------------------


def test_build_into_a_fifo_writes_through_it_and_keeps_the_fifo(
    tmp_path: Path, installed_models: Path
) -> None:
    """``-o`` naming a FIFO (``--force`` too): the briefing goes through it, the FIFO stays."""
    fifo = tmp_path / "out" / "briefing.json"
    fifo.parent.mkdir()
    os.mkfifo(fifo)
    reader = subprocess.Popen(["cat", str(fifo)], stdout=subprocess.PIPE)
    done = run(build_args(article(tmp_path), fifo), tmp_path / "cache")
    try:
        received, _ = reader.communicate(timeout=60)
    except subprocess.TimeoutExpired:  # nothing ever opened the FIFO to write into it
        reader.kill()
        received, _ = reader.communicate()
    assert done.returncode == 0, done.stderr
    assert stat.S_ISFIFO(fifo.lstat().st_mode), "the FIFO was replaced by a regular file"
    assert json.loads(received)["articles"][0]["paragraphs"]
    assert sorted(p.name for p in fifo.parent.iterdir()) == ["briefing.json"]


def _device_node(tmp_path: Path) -> Path:
    """A character device of our own (the null device's numbers) to aim ``-o`` at."""
    node = tmp_path / "out" / "node.json"
    node.parent.mkdir()
    os.mknod(node, 0o666 | stat.S_IFCHR, os.makedev(1, 3))
    return node


@pytest.mark.parametrize("where", ["own-node", "/dev/null"])
def test_build_onto_a_device_writes_into_it_and_never_replaces_it(
    where: str, tmp_path: Path, installed_models: Path
) -> None:
    device = Path("/dev/null") if where == "/dev/null" else _device_node(tmp_path)
    before = device.lstat()
    assert stat.S_ISCHR(before.st_mode)
    if where == "/dev/null":
        from briefing.files import Target, output_target

        # Ask the code first; the build runs only once it says it writes in place, so a
        # regression can never rename a file over the system's /dev/null (we run as root).
        assert output_target(device) == Target(device, in_place=True)
    done = run([*build_args(article(tmp_path), device), "--format", "json"], tmp_path / "cache")
    assert done.returncode == 0, done.stderr
    after = device.lstat()
    assert stat.S_ISCHR(after.st_mode), f"{device} is no longer a character device"
    assert (after.st_ino, after.st_rdev) == (before.st_ino, before.st_rdev)
    assert not [p for p in device.parent.iterdir() if p.name.startswith(f".{device.name}.")]
