"""One JSON envelope: `translate --format json` and `build -o x.json` write the same
document shape, and both validate against the schema shipped in the package."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import jsonschema
import pytest

from briefing.render.jsondoc import schema_path
from helpers import DEMO_ID, ROOT


def run(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "briefing", *args],
        capture_output=True,
        text=True,
        cwd=cwd,
        env=dict(os.environ),
        timeout=300,
    )


@pytest.fixture(scope="module")
def validator() -> jsonschema.Draft202012Validator:
    schema = json.loads(schema_path().read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(
        schema, format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER
    )


def test_the_schema_ships_inside_the_package() -> None:
    assert schema_path().is_file()
    assert schema_path().is_relative_to(Path(__file__).resolve().parents[1] / "briefing")


@pytest.mark.parametrize("glossary", [True, False])
def test_translate_and_build_write_the_same_valid_envelope(
    tmp_path: Path,
    installed_models: Path,
    validator: jsonschema.Draft202012Validator,
    glossary: bool,
) -> None:
    article = ROOT / "examples" / "troops.txt"
    extra = [] if glossary else ["--no-glossary"]
    done = run("translate", str(article), "--model", DEMO_ID, "-f", "json", *extra, cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    translated = json.loads(done.stdout)
    out = tmp_path / "briefing.json"
    done = run("build", str(article), "-o", str(out), "--model", DEMO_ID, *extra, cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    built = json.loads(out.read_text(encoding="utf-8"))

    validator.validate(translated)
    validator.validate(built)
    assert translated.keys() == built.keys()
    assert translated["briefing"].keys() == built["briefing"].keys()
    assert translated["briefing"]["title"] is None
    assert built["briefing"]["title"] == "Arabic press briefing"
    assert (translated["briefing"]["glossary"] is None) is (not glossary)
    # The same article through either command: the same translation.
    assert translated["articles"] == built["articles"]
    assert translated["qa"] == built["qa"]


def test_the_schema_rejects_what_it_does_not_describe(
    validator: jsonschema.Draft202012Validator,
) -> None:
    document = {
        "format": "briefing",
        "format_version": 1,
        "briefing": {
            "title": None,
            "date": "2026-12-02",
            "model": {"id": "m", "version": "1", "demo": False, "bundled": False},
            "glossary": None,
            "tool_version": "0",
        },
        "qa": {"missing-term": 0},
        "articles": [],
    }
    validator.validate(document)
    for broken in (
        {**document, "extra": 1},
        {**document, "format_version": 2},
        {**document, "articles": [{"title": "x"}]},
        {**document, "qa": {"missing-term": -1}},
    ):
        with pytest.raises(jsonschema.ValidationError):
            validator.validate(broken)
