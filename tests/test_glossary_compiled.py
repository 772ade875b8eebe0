"""The compiled glossary (issue 23): cached by content, never trusted when damaged, the
same answers as the parsed files, and edits that touch one row."""

from __future__ import annotations

import json
import os
import random
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from briefing.errors import GlossaryError
from briefing.glossary import compiled, edits, queries
from briefing.glossary.store import (
    Entry,
    add_entry,
    check,
    export,
    filter_entries,
    format_table,
    load_glossary,
    remove_entry,
)
from helpers import ROOT, shared_path

SYLLABLES = "با بو بي تا تو جا دي را رو زا سا سو شا فا كا كو لا لو ما مو نا ني ها وا يا غا قا بر كر سن".split()


def synthetic(count: int, seed: int = 3) -> list[Entry]:
    """Made-up names of one to three words (the bench makes 100,000 the same way)."""
    rng = random.Random(seed)
    seen: set[str] = set()
    entries: list[Entry] = []
    while len(entries) < count:
        words = [
            "".join(rng.choices(SYLLABLES, k=rng.randint(2, 4))) for _ in range(rng.randint(1, 3))
        ]
        arabic = " ".join(words)
        if arabic not in seen:
            seen.add(arabic)
            entries.append(
                Entry(arabic, f"Name {len(entries)}", rng.choice(("person", "place", "org")))
            )
    return entries


@pytest.fixture(autouse=True)
def fresh(cache_dir: Path) -> None:
    """A process of its own: nothing opened by another test is reused."""
    compiled._OPEN.clear()


def copy_of_glossary(tmp_path: Path) -> Path:
    folder = tmp_path / "glossary"
    shutil.copytree(ROOT / "glossary", folder)
    return folder


def cli(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "briefing", *args],
        capture_output=True, text=True, timeout=300, cwd=cwd, check=False,
    )  # fmt: skip


def test_cached_spans_equal_uncached_on_the_corpus(tmp_path: Path) -> None:
    """Every span on the 275 corpus articles, built-in glossary plus 3,000 names: the
    compiled lookup against the automaton (the bench does 100,000)."""
    path = tmp_path / "big.csv"
    path.write_text(format_table([*load_glossary(ROOT / "glossary").entries, *synthetic(3000)]))
    with shared_path("corpus/saudinewsnet-275.jsonl").open(encoding="utf-8") as handle:
        records = [json.loads(line) for line in handle if line.strip()]
    texts = [text for r in records for text in (r["title"], r["content"])]
    matcher = load_glossary(path).matcher()
    glossary = compiled.compiled_glossary(path)
    expected = [matcher.find(text) for text in texts]
    assert sum(map(len, expected)) > 1000  # the corpus holds many glossary names
    assert [glossary.find(text) for text in texts] == expected
    assert glossary.digest == load_glossary(path).digest()


BAD_PEOPLE = """بوتين,Putin,person,,
بوتين,Putin,person,,
بوتين,Poutine,person,,
البوتين,Putin Junior,person,,
,Nobody,person,,
روسيا,Россия,place,,
زيد,Zaid,persn,,
"""


def test_list_and_check_answer_as_the_parsed_files(tmp_path: Path) -> None:
    folder = copy_of_glossary(tmp_path)
    with (folder / "people.csv").open("a", encoding="utf-8") as people:
        people.write(BAD_PEOPLE)
    with (folder / "places.csv").open("a", encoding="utf-8") as places:
        places.write("بوتين,Putin,person,,\nناتو,NATO,org,الناتو,\n")
    parsed = load_glossary(folder, strict=False)
    glossary = compiled.compiled_glossary(folder, strict=False)
    problems = check(parsed)
    assert len(problems) >= 7 and queries.check(glossary) == problems
    for kind, search in [
        (None, None),
        ("person", None),
        (None, "putin"),
        (None, "اوكران"),
        ("place", "russia"),
    ]:
        rows = [
            (e.arabic, e.english, e.kind, "|".join(e.variants))
            for e in filter_entries(parsed, kind, search)
        ]
        assert queries.list_entries(glossary, kind, search) == rows
    with pytest.raises(GlossaryError, match=r"people\.csv:\d+: empty arabic"):
        compiled.compiled_glossary(folder)  # strict, as load_glossary


def test_a_hand_edit_keeping_size_and_mtime_is_seen(tmp_path: Path) -> None:
    path = tmp_path / "names.csv"
    path.write_text("arabic,english,kind,variants,note\nبوتين,Putin,person,,\n", encoding="utf-8")
    assert [t.english for t in compiled.compiled_glossary(path).find("قال بوتين")] == ["Putin"]
    before = path.stat()
    path.write_text("arabic,english,kind,variants,note\nبوتين,Putun,person,,\n", encoding="utf-8")
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))
    after = path.stat()
    assert (after.st_size, after.st_mtime_ns) == (before.st_size, before.st_mtime_ns)
    assert [t.english for t in compiled.compiled_glossary(path).find("قال بوتين")] == ["Putun"]


def _damage(cache: Path, how: str) -> None:
    if how == "truncated":
        with cache.open("r+b") as handle:
            handle.truncate(cache.stat().st_size // 2)
    elif how == "garbage":
        cache.write_bytes(os.urandom(8192))
    else:  # written by another version of the code
        with sqlite3.connect(cache) as db:
            db.execute("UPDATE meta SET value = '0' WHERE name = 'format'")


@pytest.mark.parametrize("how", ["truncated", "garbage", "other version"])
def test_a_damaged_cache_is_built_again(how: str, tmp_path: Path, cache_dir: Path) -> None:
    folder = copy_of_glossary(tmp_path)
    scan = [
        "glossary",
        "scan",
        str(ROOT / "examples" / "troops.txt"),
        "--glossary",
        str(folder),
        "--format",
        "json",
    ]
    first = cli(*scan)
    assert first.returncode == 0, first.stderr
    [cache] = (cache_dir / "glossaries").glob("*.sqlite3")
    _damage(cache, how)
    again = cli(*scan)
    assert again.returncode == 0 and "Traceback" not in again.stderr, again.stderr
    assert again.stdout == first.stdout and json.loads(again.stdout)
    with sqlite3.connect(cache) as db:  # built again, whole
        assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"


def test_two_concurrent_first_runs_both_succeed(tmp_path: Path, cache_dir: Path) -> None:
    path = tmp_path / "big.csv"
    path.write_text(format_table([*load_glossary(ROOT / "glossary").entries, *synthetic(2000)]))
    command = [
        sys.executable,
        "-m",
        "briefing",
        "glossary",
        "scan",
        str(ROOT / "examples" / "troops.txt"),
        "--glossary",
        str(path),
    ]
    runs = [
        subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        for _ in range(3)
    ]
    results = [run.communicate(timeout=300) for run in runs]
    assert [run.returncode for run in runs] == [0, 0, 0], results
    assert len({out for out, _ in results}) == 1 and "Peskov" in results[0][0]
    assert [p.suffix for p in (cache_dir / "glossaries").iterdir()] == [".sqlite3"]  # no temp left


def test_add_and_remove_write_what_a_rewrite_writes(tmp_path: Path, cache_dir: Path) -> None:
    """The spliced file is byte for byte what ``store.add_entry`` writes, and the cache
    is kept warm (no second file) and answers as a fresh parse."""
    fast, slow = copy_of_glossary(tmp_path / "fast"), copy_of_glossary(tmp_path / "slow")
    added = [
        Entry("زوباريكولاني", "Zubarikolani", "person", ("زوباريكولانى",)),
        Entry("بلدة الشيخ", "Baldat al-Sheikh", "place", (), 'a note, with "quotes"\nand a line'),
        Entry("ياسين", "Yassin", "org"),
    ]
    for entry in added:
        assert edits.add(fast, entry)[0] == add_entry(slow, entry) == "added"
    removed = [e.origin.replace(str(fast), "") for e in edits.remove(fast, "بيسكوف")]
    assert removed == [e.origin.replace(str(slow), "") for e in remove_entry(slow, "بيسكوف")]
    for name in sorted(p.name for p in slow.glob("*.csv")):
        assert (fast / name).read_bytes() == (slow / name).read_bytes(), name
    assert len(list((cache_dir / "glossaries").glob("*.sqlite3"))) == 1
    compiled._OPEN.clear()
    glossary = compiled.compiled_glossary(fast)
    assert len(list((cache_dir / "glossaries").glob("*.sqlite3"))) == 1  # found, not rebuilt
    parsed = load_glossary(fast)
    assert glossary.digest == parsed.digest()
    assert queries.list_entries(glossary) == [
        (e.arabic, e.english, e.kind, "|".join(e.variants)) for e in filter_entries(parsed)
    ]
    text = "قال زوباريكولانى وبيسكوف في بلدة الشيخ"
    assert glossary.find(text) == parsed.matcher().find(text)
    assert [t.english for t in glossary.find(text)] == ["Zubarikolani", "Baldat al-Sheikh"]


@pytest.mark.parametrize(
    "entry", [Entry("بوتين", "Poutine", "person"), Entry("البوتين", "Putin Junior", "person")]
)
def test_a_clash_is_refused_with_the_same_message(entry: Entry, tmp_path: Path) -> None:
    folder = copy_of_glossary(tmp_path)
    with pytest.raises(GlossaryError) as slow:
        add_entry(folder, entry)
    with pytest.raises(GlossaryError) as fast:
        edits.add(folder, entry)
    assert str(fast.value) == str(slow.value)


def test_a_removed_entry_is_no_longer_enforced(tmp_path: Path) -> None:
    """Through the CLI and the real engine: removed, the name is no longer protected."""
    folder = copy_of_glossary(tmp_path)
    translate = [
        "translate",
        str(ROOT / "examples" / "troops.txt"),
        "--format",
        "json",
        "--glossary",
        str(folder),
        "--no-cache",
    ]

    def entries() -> set[str]:
        run = cli(*translate)
        assert run.returncode == 0, run.stderr
        articles = json.loads(run.stdout)["articles"]
        return {t["entry"] for a in articles for p in a["paragraphs"] for t in p["terms"]}

    assert "بيسكوف" in entries()
    removed = cli("glossary", "remove", "بيسكوف", "--glossary", str(folder))
    assert removed.returncode == 0 and "removed: بيسكوف → Peskov" in removed.stderr
    assert "بيسكوف" not in entries()
    assert "\nبيسكوف," not in (folder / "people.csv").read_text(encoding="utf-8")


# Cells that need quotes, formula-like cells, a note, spellings, and two entries alike but
# for the note (the sort keeps their order in the files), in a file written by hand
# (unsorted, CRLF, ";" separators, a BOM): export sorts and formats it all the same.
BY_HAND = (
    "\ufeffarabic;english;kind;variants;note\r\n"
    'زيدان;"Zidane, Z.";person;زيدانو|الزيدان;"a ""quoted"" note"\r\n'
    "بيتابيتا;Bitabita;term;;the second\r\n"
    "بيتابيتا;Bitabita;term;;the first\r\n"
    "كوكا;=cola;org;;+1 means more\r\n"
    "ألفا;Alpha;place;;line one\r\n"
)


def test_export_is_byte_for_byte_what_the_parsed_files_give(tmp_path: Path) -> None:
    folder = copy_of_glossary(tmp_path)
    (folder / "zz-by-hand.csv").write_bytes(BY_HAND.encode("utf-8"))
    with (folder / "places.csv").open("a", encoding="utf-8") as places:
        places.write("بيتابيتا,Bitabita,term,,the third\n")
    (folder / "people.csv").write_text(
        format_table([*load_glossary(folder / "people.csv").entries, *synthetic(2000)])
    )
    parsed = load_glossary(folder)
    for fmt in ("csv", "tsv", "tbx"):
        out = tmp_path / f"names.{fmt}"
        done = cli("glossary", "export", "--format", fmt, "-o", str(out), "--glossary", str(folder))
        assert done.returncode == 0, done.stderr
        assert out.read_bytes() == export(parsed, fmt).encode("utf-8"), fmt
        assert f"({len(parsed)} entries)" in done.stderr
        assert queries.export_text(compiled.compiled_glossary(folder), fmt) == export(parsed, fmt)
