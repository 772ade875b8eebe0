"""``briefing eval`` through real subprocess runs, on replicas whose right answer is known:
the copy replica's English is its Arabic with each glossary name in English, so with that
as the reference it scores 100 BLEU; the respelling replica writes "Potin" for بوتين, so
the glossary must raise its name accuracy."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from helpers import ROOT, TESTS

sys.path.insert(0, str(ROOT / "tools"))
from replicas.behaviour import rebuild  # noqa: E402
from replicas.circuit import Behaviour  # noqa: E402

REPLICAS = TESTS / "models" / "replicas"
ARABIC = [
    "وقال بوتين إن user_name نشر أن طائرات F-16 وصلت في 2024 وفق https://example.org/a_b اليوم",
    "قال بوتين إن 45 جنديا وصلوا اليوم",
    "وصلت طائرات F-16 في 2024",
]
# The copy replica's English: the Arabic with the glossary name in English.
ENGLISH = [text.replace("بوتين", "Putin") for text in ARABIC]
# The opus-mt-ct2 replica's pieces of بوتين, and what the respelling replica writes.
RESPELL = {"▁ب": "▁P", "و": "ot", "تين": "in"}


@pytest.fixture(scope="module")
def home(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    root = tmp_path_factory.mktemp("eval")
    env = {
        **os.environ,
        "HOME": str(root),
        "ARGOS_PACKAGES_DIR": str(root / "argos"),
        "BRIEFING_MODELS_DIR": str(root / "ct2"),
        "BRIEFING_CACHE_DIR": str(root / "cache"),
    }
    env.pop("BRIEFING_MODEL", None)
    respelling = root / "build" / "opus-mt-ct2"
    shutil.copytree(REPLICAS / "opus-mt-ct2", respelling)
    rebuild(respelling, "opus-mt-ct2", Behaviour(respell=RESPELL))
    for install in (
        ["--file", str(REPLICAS / "opus-mt-ct2"), "--id", "copy"],
        ["--file", str(respelling), "--id", "respell"],
    ):
        done = briefing(["model", "install", *install], env)
        assert done.returncode == 0, done.stderr
    (root / "glossary.csv").write_text(
        "arabic,english,kind,variants,note\nبوتين,Putin,person,,\n", encoding="utf-8"
    )
    (root / "refs.tsv").write_text(
        "".join(f"{a}\t{e}\n" for a, e in zip(ARABIC, ENGLISH, strict=True)), encoding="utf-8"
    )
    (root / "refs.ar").write_text("\n".join(ARABIC) + "\n", encoding="utf-8")
    (root / "refs.en").write_text("\n".join(ENGLISH) + "\n", encoding="utf-8")
    return env


def briefing(args: list[str], env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "briefing", *args],
        capture_output=True,
        text=True,
        env=env,
        cwd=env["HOME"],
        timeout=300,
    )


def scores(args: list[str], env: dict[str, str]) -> dict[tuple[str, bool], dict[str, Any]]:
    done = briefing(["eval", *args, "--glossary", "glossary.csv", "-f", "json"], env)
    assert done.returncode == 0, done.stderr
    data = json.loads(done.stdout)
    assert data["pairs"] == len(ARABIC)
    return {(s["model"], s["glossary"]): s for s in data["scores"]}


def test_the_copy_replica_scores_100_bleu_and_every_name_and_number(home: dict[str, str]) -> None:
    got = scores(["refs.tsv", "--model", "copy"], home)
    enforced, plain = got["copy", True], got["copy", False]
    assert enforced["bleu"] == 100.0 and enforced["chrf"] == 100.0
    assert (enforced["names"], enforced["names_total"]) == (2, 2)
    assert enforced["numbers"] == enforced["numbers_total"] == 3  # 2024 twice, 45 (F-16 is a code)
    # QA sees what a reader would: the echo's "English" is Arabic; no name is missing.
    assert enforced["flags"]["untranslated"] > 0 and "missing-term" not in enforced["flags"]
    assert enforced["tokens_per_second"] > 0
    # Without the glossary the echo keeps the Arabic name: the references say "Putin".
    assert plain["bleu"] < 100.0 and plain["names"] == 0


def test_the_glossary_raises_name_accuracy_on_the_respelling_replica(
    home: dict[str, str],
) -> None:
    got = scores(["refs.ar", "refs.en", "--model", "respell", "--model", "copy"], home)
    assert sorted(got) == [("copy", False), ("copy", True), ("respell", False), ("respell", True)]
    enforced, plain = got["respell", True], got["respell", False]
    assert enforced["name_accuracy"] >= plain["name_accuracy"]
    assert (enforced["name_accuracy"], plain["name_accuracy"]) == (1.0, 0.0)
    assert enforced["bleu"] == 100.0 > plain["bleu"]


def test_the_table_names_each_model_and_run(home: dict[str, str]) -> None:
    done = briefing(["eval", "refs.tsv", "--model", "copy", "--glossary", "glossary.csv"], home)
    assert done.returncode == 0, done.stderr
    lines = [line for line in done.stdout.splitlines() if line.strip().startswith("│ copy")]
    assert len(lines) == 2 and "100.0" in lines[0] and "100.0% (2/2)" in lines[0]
    assert "on" in lines[0] and "off" in lines[1]


def test_a_line_without_a_tab_is_refused_naming_it(home: dict[str, str], tmp_path: Path) -> None:
    bad = tmp_path / "bad.tsv"
    bad.write_text(f"{ARABIC[0]}\t{ENGLISH[0]}\n{ARABIC[1]}\n", encoding="utf-8")
    done = briefing(["eval", str(bad), "--model", "copy"], home)
    assert done.returncode == 1
    assert done.stderr.count("\n") == 1 and f"{bad}:2: expected the Arabic, one tab" in done.stderr
    short = tmp_path / "short.en"
    short.write_text(ENGLISH[0] + "\n", encoding="utf-8")
    done = briefing(["eval", str(Path(home["HOME"]) / "refs.ar"), str(short)], home)
    assert done.returncode == 1 and "must be aligned line by line" in done.stderr
    assert "Traceback" not in done.stderr


def test_a_pair_not_in_arabic_is_refused_naming_its_line(
    home: dict[str, str], tmp_path: Path
) -> None:
    persian = "وزیر امور خارجه روز دوشنبه گفت که نیروهای نظامی به مرز شمالی کشور اعزام شده‌اند."
    refs = tmp_path / "refs.tsv"
    refs.write_text(f"{ARABIC[0]}\t{ENGLISH[0]}\n{persian}\tThe minister said.\n", encoding="utf-8")
    done = briefing(["eval", str(refs), "--model", "copy"], home)
    assert done.returncode == 1
    assert done.stderr == (
        f"error: {refs}:2: the article is in Persian, not Arabic; "
        "the model translates Arabic to English\n"
    )


def test_without_sacrebleu_it_says_how_to_install_it(home: dict[str, str], tmp_path: Path) -> None:
    blocked = tmp_path / "blocked" / "sacrebleu"
    blocked.mkdir(parents=True)
    (blocked / "__init__.py").write_text("raise ImportError('not installed')\n")
    env = {**home, "PYTHONPATH": str(blocked.parent)}
    done = briefing(["eval", "refs.tsv", "--model", "copy"], env)
    assert done.returncode == 1
    assert "pip install 'briefing[eval]'" in done.stderr and "Traceback" not in done.stderr
