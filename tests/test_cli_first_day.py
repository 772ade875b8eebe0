"""The first day's rough edges, as a new user meets them in a real process: help without
Python types, -v after the subcommand with timings whose counts add up, usage errors in our
words, labelled scan positions, plurals, a folder's articles set apart by their titles."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from helpers import DEMO_ID, ROOT


def _commands() -> list[list[str]]:
    """Every command and group of the typer app, found by walking it (so a command added
    later is covered without editing this list)."""
    import typer

    from briefing.cli import app

    def walk(command: object, path: list[str]) -> list[list[str]]:
        found = [path]
        for name, sub in sorted(getattr(command, "commands", {}).items()):
            found.extend(walk(sub, [*path, name]))
        return found

    return walk(typer.main.get_command(app), [])


COMMANDS = _commands()


def briefing(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "BRIEFING_MODEL": DEMO_ID, "COLUMNS": "200"}
    return subprocess.run(
        [sys.executable, "-m", "briefing", *args],
        capture_output=True,
        text=True,
        env=env,
        cwd=cwd,
        timeout=300,
        check=False,
    )


@pytest.mark.parametrize("command", COMMANDS, ids=lambda c: " ".join(c) or "briefing")
def test_help_shows_no_python_types(command: list[str]) -> None:
    done = briefing(*command, "--help")
    assert done.returncode == 0, done.stderr
    for python in ("<bool>", "<str>", "<path>", "<int", "list[", "<float>", "Path]"):
        assert python not in done.stdout, (python, done.stdout)
    assert not re.search(r"<[a-z]", done.stdout), done.stdout  # no <type> of any kind
    is_group = "Commands" in done.stdout
    if not is_group:  # every command takes -v, -q after it
        assert "--verbose" in done.stdout and "--quiet" in done.stdout
    # An example: the description (above the option boxes) runs the command itself.
    description = done.stdout.split("╭", 1)[0].split("Usage:", 1)[1].split("\n", 1)[1]
    assert " ".join(["briefing", *command]) + " " in description, done.stdout


def test_help_lists_the_formats_each_command_accepts() -> None:
    build = briefing("build", "--help").stdout
    assert (
        ".txt .md .markdown .html .htm .docx .pdf .jsonl .json .png .jpg .jpeg .tif .tiff" in build
    )
    assert ".docx, .html, .htm, .md, .markdown or .json" in build
    assert "docx|html|md|json" in build


def _timings(stderr: str) -> dict[str, str]:
    lines = {line.split(":", 1)[0]: line for line in stderr.splitlines()}
    return {stage: lines[stage] for stage in ("read", "translate", "render")}


@pytest.mark.parametrize("where", ["before", "after"])
def test_verbose_before_or_after_the_subcommand_times_each_stage(
    installed_models: Path, tmp_path: Path, where: str
) -> None:
    first = ROOT / "examples" / "troops.txt"
    again = tmp_path / "again.txt"
    shutil.copyfile(first, again)  # every sentence a second time: repeats, decoded once
    out = tmp_path / "b.docx"
    args = ["build", str(first), str(again), "-o", str(out), "--no-cache"]
    done = briefing(*(["-v", *args] if where == "before" else [*args, "-v"]))
    assert done.returncode == 0, done.stderr
    stages = _timings(done.stderr)
    assert re.fullmatch(r"read: 2 articles in \d+\.\d\d s", stages["read"])
    counts = re.fullmatch(
        r"translate: (\d+) sentences = (\d+) decoded \+ (\d+) from the translation memory \+ "
        rf"(\d+) repeats of a sentence already counted, in \d+\.\d\d s with {DEMO_ID} \S+",
        stages["translate"],
    )
    assert counts is not None, stages["translate"]
    total, decoded, cached, repeated = (int(n) for n in counts.groups())
    assert total == decoded + cached + repeated and decoded == repeated > 0 and cached == 0
    assert re.fullmatch(rf"render: {re.escape(str(out))} in \d+\.\d\d s", stages["render"])
    assert done.stderr.splitlines()[-1] == f"wrote {out} (2 articles)"


def test_quiet_after_the_subcommand(installed_models: Path, tmp_path: Path) -> None:
    done = briefing("translate", str(ROOT / "examples" / "troops.txt"), "-q")
    assert done.returncode == 0 and done.stderr == "" and done.stdout


def test_one_article_is_one_article(installed_models: Path, tmp_path: Path) -> None:
    out = tmp_path / "one.md"
    done = briefing("build", str(ROOT / "examples" / "aid.txt"), "-o", str(out))
    assert done.returncode == 0, done.stderr
    assert done.stderr.splitlines()[-1] == f"wrote {out} (1 article)"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["build", "x.txt", "-o", "y.docx", "--format", "xml"],
         "error: --format / -f: 'xml' is not a choice; use one of docx, html, md, json; "
         "see 'python -m briefing build --help'"),
        (["translate", "x.txt", "--beam-size", "0"],
         "error: --beam-size takes a whole number from 1 to 16; "
         "see 'python -m briefing translate --help'"),
        (["translate", "x.txt", "--threads", "many"],
         "error: --threads takes a whole number, 0 or more; "
         "see 'python -m briefing translate --help'"),
        (["glossary", "export", "--format", "xlsx"],
         "error: --format / -f: 'xlsx' is not a choice; use one of csv, tsv, tbx; "
         "see 'python -m briefing glossary export --help'"),
    ],
)  # fmt: skip
def test_usage_errors_are_in_our_words(args: list[str], message: str) -> None:
    done = briefing(*args)
    assert done.returncode == 2
    assert done.stderr == message + "\n"


def test_scan_labels_its_positions(tmp_path: Path) -> None:
    article = tmp_path / "aid.txt"
    article.write_text("عنوان عن مصر\nوافق صندوق النقد الدولي على قرض لمصر.\n", encoding="utf-8")
    done = briefing("glossary", "scan", str(article))
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines() == [
        f"{article}: article 1, title, characters 9-12\tمصر\tEgypt\tplace",
        f"{article}: article 1, paragraph 1, characters 5-23\tصندوق النقد الدولي\t"
        "International Monetary Fund\torg",
        f"{article}: article 1, paragraph 1, characters 33-36\tمصر\tEgypt\tplace",
    ]


def test_a_folder_translates_with_each_article_set_apart_by_its_title(
    installed_models: Path, tmp_path: Path
) -> None:
    folder = tmp_path / "articles"
    folder.mkdir()
    for name in ("aid.txt", "troops.txt"):
        shutil.copyfile(ROOT / "examples" / name, folder / name)
    done = briefing("translate", str(folder), "--no-cache")
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    rules = [i for i, line in enumerate(lines) if line and set(line) == {"="}]
    assert len(rules) == 2  # one under each title
    for index in rules:
        title = lines[index - 1]
        assert title and len(lines[index]) == min(len(title), 72)
        assert index == 1 or lines[index - 2] == lines[index - 3] == ""  # a gap before it
    single = briefing("translate", str(folder / "aid.txt"), "--no-cache")
    assert "===" not in single.stdout  # one article: its title needs no rule
