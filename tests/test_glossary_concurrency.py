"""Two processes adding at the same time: every entry lands (lock + atomic replace)."""

from __future__ import annotations

import multiprocessing
from pathlib import Path

from briefing.glossary.store import Entry, add_entry, check, load_glossary

LETTERS = "بتثجحخدذرزسشصضطظعغفقكلمنهوي"


def arabic_name(worker: int, number: int) -> str:
    return "مدينة " + LETTERS[worker] + LETTERS[number] + LETTERS[(worker * 7 + number) % 28]


def add_many(folder: str, worker: int, count: int) -> None:
    for number in range(count):
        entry = Entry(arabic_name(worker, number), f"Town {worker}-{number}", "place")
        add_entry(Path(folder), entry)


def test_two_processes_twenty_adds_each_all_land(tmp_path: Path) -> None:
    folder = tmp_path / "glossary"
    context = multiprocessing.get_context("spawn")
    workers = [context.Process(target=add_many, args=(str(folder), w, 20)) for w in (0, 1)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(timeout=120)
        assert worker.exitcode == 0
    glossary = load_glossary(folder)
    assert sorted(e.english for e in glossary.entries) == sorted(
        f"Town {w}-{n}" for w in (0, 1) for n in range(20)
    )
    assert check(glossary) == []
    assert not list(folder.glob("*.tmp"))


# -- the same glossary named two ways ------------------------------------------------------

COMMANDS = 40


def test_40_adds_naming_the_folder_or_a_csv_in_it_all_land(tmp_path: Path) -> None:
    """Half the commands name the folder, half its places.csv: one lock guards both."""
    import subprocess
    import sys

    folder = tmp_path / "glossary"
    folder.mkdir()
    places = folder / "places.csv"
    places.write_text("arabic,english,kind,variants,note\n", encoding="utf-8")
    commands = [
        subprocess.Popen(
            [
                sys.executable,
                "-m",
                "briefing",
                "-q",
                "glossary",
                "add",
                arabic_name(n % 20, n // 20),
                f"Town {n}",
                "--kind",
                "place",
                "--glossary",
                str(folder if n % 2 else places),
            ],
            stderr=subprocess.PIPE,
            text=True,
        )  # fmt: skip
        for n in range(COMMANDS)
    ]
    errors = [command.communicate(timeout=600)[1] for command in commands]
    assert [command.returncode for command in commands] == [0] * COMMANDS, errors
    glossary = load_glossary(folder)
    assert sorted(e.english for e in glossary.entries) == sorted(
        f"Town {n}" for n in range(COMMANDS)
    )
    assert check(glossary) == []
