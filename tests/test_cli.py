"""The command line, run for real: CliRunner in process, and subprocesses for exit
codes, stdin and stderr exactly as a user sees them."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from briefing import __version__
from briefing.cli import app
from helpers import DEMO_ID, ROOT, STANDIN_ID, data_path

ARABIC = re.compile(r"[\u0600-\u06ff]")
runner = CliRunner()


def article_text() -> str:
    rows = data_path("heldout.jsonl").read_text(encoding="utf-8").splitlines()
    lines = [json.loads(line)["arabic"] for line in rows][:6]
    return "خبر تجريبي\n" + "\n".join(lines) + "\n"


def briefing(
    *args: str, stdin: str | None = None, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "briefing", *args],
        input=stdin,
        capture_output=True,
        text=True,
        env={**os.environ, **(env or {})},
        timeout=300,
    )


@pytest.fixture
def article(tmp_path: Path) -> Path:
    path = tmp_path / "article.txt"
    path.write_text(article_text(), encoding="utf-8")
    return path


def test_version() -> None:
    result = runner.invoke(app, ["--version"])
    assert result.exit_code == 0 and __version__ in result.output


def test_translate_file_prints_english(installed_models: Path, article: Path) -> None:
    result = runner.invoke(app, ["translate", str(article), "--model", DEMO_ID])
    assert result.exit_code == 0, result.output
    lines = [line for line in result.stdout.splitlines() if line.strip()]
    assert len(lines) == 7  # the title and six paragraphs
    assert not ARABIC.search(result.stdout)


def test_translate_stdin_in_a_real_process(installed_models: Path) -> None:
    done = briefing("translate", "-", "--model", DEMO_ID, "--format", "json", stdin=article_text())
    assert done.returncode == 0, done.stderr
    envelope = json.loads(done.stdout)
    model = envelope["briefing"]["model"]
    assert model["id"] == DEMO_ID and model["version"]
    data = envelope["articles"][0]
    assert len(data["paragraphs"]) == 6
    for paragraph, source in zip(data["paragraphs"], article_text().splitlines()[1:], strict=True):
        assert paragraph["source"] == source
        assert paragraph["target"]
        assert all(isinstance(s["score"], float) for s in paragraph["sentences"])
        assert "".join(s["source"] for s in paragraph["sentences"]).replace(
            " ", ""
        ) == source.replace(" ", "")


def test_translate_markdown_has_both_languages(installed_models: Path, article: Path) -> None:
    result = runner.invoke(app, ["translate", str(article), "--model", DEMO_ID, "--format", "md"])
    assert result.exit_code == 0, result.output
    plain = runner.invoke(app, ["translate", str(article), "--model", DEMO_ID])
    english = [line for line in plain.stdout.splitlines() if line.strip()][1:]
    arabic = article_text().splitlines()[1:]
    assert len(english) == len(arabic) == 6
    # Each paragraph: its English, then its Arabic quoted under it, in the article's order.
    at = 0
    for target, source in zip(english, arabic, strict=True):
        at = result.stdout.index(f"\n{target}\n\n> {source}\n", at) + 1


def test_translate_to_a_file_refuses_to_overwrite_without_force(
    installed_models: Path, article: Path, tmp_path: Path
) -> None:
    out = tmp_path / "out.txt"
    out.write_text("previous")
    refused = runner.invoke(app, ["translate", str(article), "--model", DEMO_ID, "-o", str(out)])
    assert refused.exit_code == 1 and "--force" in refused.output
    assert out.read_text() == "previous"
    done = runner.invoke(
        app, ["translate", str(article), "--model", STANDIN_ID, "-o", str(out), "--force"]
    )
    assert done.exit_code == 0, done.output
    assert out.read_text() != "previous" and out.read_text().strip()


def test_no_model_installed_uses_the_bundled_demo_and_says_so(
    tmp_path: Path, article: Path
) -> None:
    env = {"ARGOS_PACKAGES_DIR": str(tmp_path / "none"), "BRIEFING_MODELS_DIR": str(tmp_path / "m")}
    done = briefing("translate", str(article), env=env)
    assert done.returncode == 0, done.stderr
    assert "Traceback" not in done.stderr
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and "bundled demo" in lines[0] and "briefing model install" in lines[0]
    assert done.stdout.strip() and not ARABIC.search(done.stdout)
    quiet = briefing("-q", "translate", str(article), env=env)
    assert quiet.returncode == 0 and quiet.stderr == "" and quiet.stdout == done.stdout
    assert not (tmp_path / "none").exists()  # nothing was installed


def test_model_list_marks_the_model_in_use(installed_models: Path) -> None:
    done = briefing("model", "list")
    assert done.returncode == 0, done.stderr
    marked = [line for line in done.stdout.splitlines() if line.startswith("*")]
    # Both installed models are demos; the first by id is used.
    assert len(marked) == 1 and DEMO_ID in marked[0]


def test_bad_model_archive_is_refused(tmp_path: Path) -> None:
    bogus = tmp_path / "bogus.argosmodel"
    bogus.write_text("not a zip")
    done = briefing(
        "model", "install", "--file", str(bogus), env={"ARGOS_PACKAGES_DIR": str(tmp_path / "p")}
    )
    assert done.returncode == 1 and "Traceback" not in done.stderr
    assert str(bogus) in done.stderr and "not a zip" in done.stderr


def test_missing_input_names_the_file(installed_models: Path, tmp_path: Path) -> None:
    missing = tmp_path / "nope.txt"
    done = briefing("translate", str(missing), "--model", DEMO_ID)
    assert done.returncode == 1 and "Traceback" not in done.stderr
    assert "nope.txt" in done.stderr


def test_unknown_option_is_usage_error(tmp_path: Path) -> None:
    done = briefing("translate", "--no-such-option", str(tmp_path / "x.txt"))
    assert (done.returncode, done.stdout) == (2, "")
    assert done.stderr == (
        "error: No such option: --no-such-option; see 'python -m briefing translate --help'\n"
    )


def test_out_of_range_value_is_usage_error(tmp_path: Path) -> None:
    out = tmp_path / "out.txt"
    done = briefing("translate", "--beam-size", "0", str(tmp_path / "x.txt"), "-o", str(out))
    assert (done.returncode, done.stdout) == (2, "")
    assert done.stderr == (
        "error: --beam-size takes a whole number from 1 to 16; "
        "see 'python -m briefing translate --help'\n"
    )
    assert not out.exists()


def test_examples_translate_without_repeated_units(installed_models: Path) -> None:
    # The README's examples with the demo model: a copied "$7 billion" must not be
    # followed by the model's own "million dollars", nor "September 4" by "May".
    aid = ROOT / "examples" / "aid.txt"
    result = CliRunner().invoke(app, ["translate", str(aid), "--model", DEMO_ID, "--no-cache"])
    assert result.exit_code == 0, result.output
    english = result.stdout
    assert "$7 billion to Egypt" in english and "5 tonnes of humanitarian aid" in english
    assert "September 4," in english
    for echo in ("billion million", "billion dollars", "tonnes tons", "4 May"):
        assert echo not in english, english
