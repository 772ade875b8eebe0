"""Command-line paths run as a user runs them: ``python -m briefing`` in a subprocess.

Installing the demo model, the options that switch a stage off (--no-glossary,
--no-term-repair, --no-related), --title, --device, the glossary commands on a copy of the
repository's glossary, Ctrl-C in the middle of a build, and the demo-model warning.
"""

from __future__ import annotations

import csv
import json
import os
import pty
import re
import select
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest
from defusedxml import ElementTree

from helpers import DEMO_ID, ROOT, STANDIN_ID, shared_path

DEMO_WARNING = (
    f"warning: '{DEMO_ID}' is a demo model trained on synthetic sentences: real news needs "
    "the real model (`briefing model install`)"
)


def run(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "briefing", *args],
        capture_output=True,
        text=True,
        env={**os.environ, **(env or {})},
        timeout=300,
    )


def write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


ARTICLE = (
    "خبر تجريبي\nقال بوتين إن روسيا سترسل 3000 جندي إلى كورسك.\nوقالت زاخاروفا إن الاجتماع تأجل.\n"
)


def envelope(done: subprocess.CompletedProcess[str]) -> Any:
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


# -- the demo model, from nothing -------------------------------------------------------------


def test_model_install_demo_end_to_end(tmp_path: Path) -> None:
    models = tmp_path / "models"
    env = {"ARGOS_PACKAGES_DIR": str(models), "BRIEFING_CACHE_DIR": str(tmp_path / "cache")}
    article = write(tmp_path / "article.txt", ARTICLE)

    empty = run("model", "list", env=env)
    assert empty.returncode == 0 and empty.stderr == ""
    # Nothing installed: the bundled demo is the one in use, and says so.
    assert empty.stdout.splitlines()[1].split()[:4] == ["*", DEMO_ID, "argos", "ar→en"]
    assert empty.stdout.splitlines()[1].endswith("  bundled demo")
    bundled = run("translate", str(article), env=env)
    assert bundled.returncode == 0 and "bundled demo" in bundled.stderr
    assert not models.exists() or not any(models.iterdir())  # nothing was installed

    installed = run("model", "install", "--demo", env=env)
    assert installed.returncode == 0, installed.stderr
    assert installed.stderr == f"installed {DEMO_ID}; it is the model in use\n"
    assert (models / DEMO_ID).is_dir()
    listed = run("model", "list", env=env)
    [row] = listed.stdout.splitlines()[1:]
    assert row.split()[:4] == ["*", DEMO_ID, "argos", "ar→en"] and row.endswith("  demo")

    translated = run("translate", str(article), env=env)
    assert translated.returncode == 0, translated.stderr
    english = [line for line in translated.stdout.splitlines() if line.strip()]
    assert len(english) == 3 and "Putin" in english[1]
    # The demo warning, once, as the last thing said; -q silences it.
    assert translated.stderr.splitlines() == [DEMO_WARNING]
    quiet = run("-q", "translate", str(article), env=env)
    assert (quiet.returncode, quiet.stderr, quiet.stdout) == (0, "", translated.stdout)

    removed = run("model", "remove", DEMO_ID, env=env)
    assert (removed.returncode, removed.stderr) == (0, f"removed {DEMO_ID}\n")
    assert not (models / DEMO_ID).exists()
    assert run("model", "list", env=env).stderr == empty.stderr


# -- options that switch a stage off ------------------------------------------------------------


@pytest.fixture
def glossary(tmp_path: Path) -> Path:
    # The stand-in model cannot know "Zakharova", and writes "Putin" for بوتين.
    return write(
        tmp_path / "names.csv",
        "arabic,english,kind,variants,note\nبوتين,V. V. Putin,person,,\nزاخاروفا,Zakharova,person,,\n",
    )


def test_no_glossary_protects_no_names(
    installed_models: Path, tmp_path: Path, glossary: Path
) -> None:
    article = write(tmp_path / "article.txt", ARTICLE)
    common = ["translate", str(article), "--model", DEMO_ID, "--format", "json", "--no-cache"]
    with_names = envelope(run(*common, "--glossary", str(glossary)))
    assert with_names["briefing"]["glossary"]["name"] == f"file {glossary}"
    terms = [[t["english"] for t in p["terms"]] for p in with_names["articles"][0]["paragraphs"]]
    assert terms == [["V. V. Putin"], ["Zakharova"]]
    without = envelope(run(*common, "--glossary", str(glossary), "--no-glossary"))
    assert without["briefing"]["glossary"] is None
    assert [p["terms"] for p in without["articles"][0]["paragraphs"]] == [[], []]
    assert not any("V. V. Putin" in p["target"] for p in without["articles"][0]["paragraphs"])


def test_no_term_repair_flags_instead_of_placing(
    installed_models: Path, tmp_path: Path, glossary: Path
) -> None:
    article = write(tmp_path / "article.txt", ARTICLE)
    common = ["translate", str(article), "--model", STANDIN_ID, "--glossary", str(glossary)]
    common += ["--format", "json", "--no-cache"]
    repaired = envelope(run(*common))["articles"][0]["paragraphs"]
    # Placed by attention: every name is in the English, nothing is flagged.
    assert "V. V. Putin" in repaired[0]["target"] and "Zakharova" in repaired[1]["target"]
    assert [f for p in repaired for f in p["flags"] if f["code"] == "missing-term"] == []
    flagged = envelope(run(*common, "--no-term-repair"))["articles"][0]["paragraphs"]
    assert "Zakharova" not in flagged[1]["target"]
    assert {"code": "missing-term", "message": (
        '"Zakharova" (glossary: زاخاروفا) is in the Arabic once but 0 times in the English'
    )} in flagged[1]["flags"]  # fmt: skip


RELATED = "خبر أول\nقال بوتين إن روسيا سترسل 3000 جندي إلى كورسك.\nاقرأ أيضا: خبر آخر مهم\nوقالت زاخاروفا إن الاجتماع تأجل.\n"


def test_no_related_and_title(installed_models: Path, tmp_path: Path) -> None:
    article = write(tmp_path / "article.txt", RELATED)
    common = ["build", str(article), "--model", DEMO_ID, "--no-cache"]
    default = tmp_path / "default.json"
    assert run(*common, "-o", str(default)).returncode == 0
    data = json.loads(default.read_text(encoding="utf-8"))
    assert data["briefing"]["title"] == "Arabic press briefing"
    assert [r["title"] for r in data["articles"][0]["related"]] == ["خبر آخر مهم"]

    chosen = tmp_path / "chosen.json"
    done = run(*common, "-o", str(chosen), "--no-related", "--title", "Morning briefing")
    assert done.returncode == 0, done.stderr
    data = json.loads(chosen.read_text(encoding="utf-8"))
    assert data["briefing"]["title"] == "Morning briefing"
    assert data["articles"][0]["related"] == []
    markdown = tmp_path / "chosen.md"
    assert run(*common, "-o", str(markdown), "--title", "Morning briefing").returncode == 0
    headings = [
        line for line in markdown.read_text(encoding="utf-8").splitlines() if line[:2] == "# "
    ]
    assert headings[0] == "# Morning briefing"  # under the demo model's banner


def test_device_cpu_and_a_refused_cuda(installed_models: Path, tmp_path: Path) -> None:
    article = write(tmp_path / "article.txt", ARTICLE)
    common = ["translate", str(article), "--model", DEMO_ID, "--no-cache"]
    default = run(*common)
    cpu = run(*common, "--device", "cpu")
    assert cpu.returncode == 0 and cpu.stdout == default.stdout and cpu.stdout.strip()
    import ctranslate2

    if ctranslate2.get_cuda_device_count() == 0:  # no usable GPU here: a clear refusal
        cuda = run(*common, "--device", "cuda")
        assert (cuda.returncode, cuda.stdout) == (1, "")
        assert cuda.stderr == (
            "error: --device cuda: no CUDA GPU or driver is available here; use --device cpu "
            "(or auto, which picks the GPU when there is one)\n"
        )
    else:  # a GPU: it translates
        assert run(*common, "--device", "cuda").returncode == 0


# -- the glossary commands, on a copy --------------------------------------------------------------


def csv_rows(folder: Path) -> set[tuple[str, str, str, str]]:
    """Every entry of the CSV files as (arabic, english, kind, variants), read with csv."""
    rows = set()
    for path in folder.glob("*.csv"):
        with path.open(encoding="utf-8", newline="") as handle:
            for row in csv.DictReader(handle):
                rows.add((row["arabic"], row["english"], row["kind"], row["variants"]))
    return rows


def test_glossary_list_export_remove(tmp_path: Path) -> None:
    folder = tmp_path / "glossary"
    shutil.copytree(ROOT / "glossary", folder)
    expected = csv_rows(folder)
    assert len(expected) > 200

    listed = run("glossary", "list", "--glossary", str(folder))
    assert listed.returncode == 0, listed.stderr
    assert {tuple(line.split("\t")) for line in listed.stdout.splitlines()} == expected
    places = run(
        "glossary", "list", "--glossary", str(folder), "--kind", "place", "--search", "Pyong"
    )
    assert places.stdout == "بيونغ يانغ\tPyongyang\tplace\t\n"

    exported = tmp_path / "export.csv"
    done = run("glossary", "export", "--glossary", str(folder), "-o", str(exported))
    assert done.returncode == 0, done.stderr
    export_folder = tmp_path / "exported"
    export_folder.mkdir()
    shutil.copy(exported, export_folder)
    assert csv_rows(export_folder) == expected
    again = run("glossary", "export", "--glossary", str(folder), "-o", str(exported))
    assert (
        again.returncode == 1 and "--force" in again.stderr and len(again.stderr.splitlines()) == 1
    )
    tbx = run("glossary", "export", "--glossary", str(folder), "--format", "tbx")
    entries = ElementTree.fromstring(tbx.stdout.encode("utf-8")).iter("termEntry")
    assert sum(1 for _ in entries) == len(expected)

    before = (folder / "places.csv").read_text(encoding="utf-8")
    removed = run("glossary", "remove", "بيونغ يانغ", "--glossary", str(folder))
    assert (removed.returncode, removed.stderr) == (
        0,
        f"removed: بيونغ يانغ → Pyongyang (place) from {folder / 'places.csv'}\n",
    )
    after = (folder / "places.csv").read_text(encoding="utf-8")
    assert after.splitlines() == [line for line in before.splitlines() if "Pyongyang" not in line]
    assert csv_rows(folder) == expected - {("بيونغ يانغ", "Pyongyang", "place", "")}
    missing = run("glossary", "remove", "بيونغ يانغ", "--glossary", str(folder))
    assert missing.returncode == 1 and missing.stderr.startswith("error: ")
    assert len(missing.stderr.splitlines()) == 1 and "glossary list --search" in missing.stderr


# -- Ctrl-C ----------------------------------------------------------------------------------------


ANSI = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]")


def read_until(fd: int, pattern: re.Pattern[str], limit: float) -> tuple[str, re.Match[str] | None]:
    """The text a terminal on ``fd`` shows (colours left out) until ``pattern`` appears,
    the process closes it, or ``limit`` seconds pass."""
    seen = b""
    deadline = time.monotonic() + limit
    while (left := deadline - time.monotonic()) > 0 and select.select([fd], [], [], left)[0]:
        try:
            chunk = os.read(fd, 4096)
        except OSError:  # EIO: the process closed the terminal
            break
        if not chunk:
            break
        seen += chunk
        shown = ANSI.sub("", seen.decode("utf-8", "replace"))
        if found := pattern.search(shown):
            return shown, found
    return ANSI.sub("", seen.decode("utf-8", "replace")), None


def test_ctrl_c_during_a_build_exits_130_and_writes_nothing(
    installed_models: Path, tmp_path: Path
) -> None:
    out = tmp_path / "out"
    out.mkdir()
    corpus = shared_path("corpus/saudinewsnet-275.jsonl")  # seconds of decoding
    # stderr on a terminal, so the build shows its progress: Ctrl-C goes in once it has
    # translated some sentences and not all (waiting for the engine's library to load and
    # then a second raced the whole build on a fast machine).
    terminal, progress = pty.openpty()
    build = subprocess.Popen(
        [sys.executable, "-m", "briefing", "build", str(corpus), "-o", str(out / "b.docx")]
        + ["--model", DEMO_ID, "--no-cache"],
        stdout=subprocess.PIPE,
        stderr=progress,
        text=True,
    )
    os.close(progress)
    try:
        shown, found = read_until(terminal, re.compile(r"Translating\D*?\b([1-9]\d*)/(\d+)"), 120)
        assert found is not None and int(found[1]) < int(found[2]), shown
        assert build.poll() is None
        build.send_signal(signal.SIGINT)
        stdout, _ = build.communicate(timeout=120)
        rest, _ = read_until(terminal, re.compile(r"(?!)"), 10)
    finally:
        build.kill()
        os.close(terminal)
    lines = (shown + rest).replace("\r", "\n").split("\n")
    assert (build.returncode, stdout) == (130, "")
    assert [line.strip() for line in lines if line.strip()][
        -1
    ] == "interrupted; nothing was written"
    assert list(out.iterdir()) == []
