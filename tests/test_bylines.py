"""English bylines: the source in the glossary's English ("Source: الجزيرة" → "Al Jazeera")
and the time zone the date line gave ("14:00 (GMT+0400)" → "14:00 GMT+4")."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from briefing.render.context import readable_date
from briefing.workspace import packaged_defaults
from helpers import DEMO_ID, shared_path

ARTICLE = "وزير الخارجية يزور القاهرة\nالمصدر: الجزيرة\nوصل وزير الخارجية إلى القاهرة صباح اليوم.\n"


@pytest.mark.parametrize(
    ("iso", "shown"),
    [
        ("2013-08-28T14:00+04:00", "28 August 2013, 14:00 GMT+4"),
        ("2024-10-28T12:56+00:00", "28 October 2024, 12:56 GMT"),
        ("2024-10-28T12:56-03:30", "28 October 2024, 12:56 GMT-3:30"),
        ("2024-10-28T12:56+05:45", "28 October 2024, 12:56 GMT+5:45"),
        ("2024-10-28T12:56", "28 October 2024, 12:56"),
        ("2024-10-28", "28 October 2024"),
    ],
)
def test_a_date_keeps_its_time_zone(iso: str, shown: str) -> None:
    assert readable_date(iso) == shown


def run(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "briefing", *args],
        capture_output=True,
        text=True,
        cwd=cwd,
        env={**os.environ, "BRIEFING_MODEL": DEMO_ID},
        timeout=300,
        check=False,
    )


def test_the_byline_names_the_source_in_english(installed_models: Path, tmp_path: Path) -> None:
    glossary = tmp_path / "glossary"
    shutil.copytree(packaged_defaults() / "glossary", glossary)
    with (glossary / "organizations.csv").open("a", encoding="utf-8") as table:
        table.write("الجزيرة,Al Jazeera,org,,\n")
    article = tmp_path / "visit.txt"
    article.write_text(ARTICLE, encoding="utf-8")
    cnn = shared_path("corpus/html/cnn-arabic-2013-syria.html")
    args = [str(article), str(cnn), "--glossary", str(glossary)]
    done = run("build", *args, "-o", "b.json", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    data = json.loads((tmp_path / "b.json").read_text(encoding="utf-8"))
    assert [(a["source"], a["source_target"]) for a in data["articles"]] == [
        ("الجزيرة", "Al Jazeera"),
        ("CNN", None),  # Latin already: nothing to look up
    ]
    done = run("build", *args, "-o", "b.md", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    markdown = (tmp_path / "b.md").read_text(encoding="utf-8")
    assert "_Source: Al Jazeera_" in markdown
    assert "_Source: CNN · Published 28 August 2013 · Updated 28 August 2013, 14:00 GMT+4_" in (
        markdown
    )
