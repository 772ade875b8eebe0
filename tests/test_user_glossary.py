"""Where glossary edits go outside a workspace: the user's own glossary in the user data
folder, created from the defaults on the first edit and preferred to them afterwards. The
glossary inside the installed package is never edited. Real subprocess runs."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from briefing.workspace import packaged_defaults
from helpers import DEMO_ID

ARTICLE = "وصل وفد من مدينة تارفيل إلى موسكو يوم الاثنين.\n"


def packaged_files() -> dict[str, bytes]:
    folder = packaged_defaults() / "glossary"
    return {p.name: p.read_bytes() for p in folder.iterdir()}


def briefing(*args: str, cwd: Path, data: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "BRIEFING_MODEL": DEMO_ID, "XDG_DATA_HOME": str(data)}
    return subprocess.run(
        [sys.executable, "-m", "briefing", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        env=env,
        timeout=300,
        check=False,
    )


def test_edits_outside_a_workspace_go_to_the_user_glossary(tmp_path: Path) -> None:
    data, cwd = tmp_path / "data", tmp_path / "elsewhere"
    cwd.mkdir()
    user = data / "briefing" / "glossary"
    before = packaged_files()

    listed = briefing("glossary", "list", "--kind", "place", cwd=cwd, data=data)
    assert listed.returncode == 0, listed.stderr
    count = len(listed.stdout.splitlines())
    assert listed.stderr == f"{count} entries from {packaged_defaults() / 'glossary'}\n"
    assert not user.exists()  # reading creates nothing

    added = briefing("glossary", "add", "تارفيل", "Tarvel", "--kind", "place", cwd=cwd, data=data)
    assert added.returncode == 0, added.stderr
    assert added.stderr == f"added: تارفيل → Tarvel (place) in {user / 'places.csv'}\n"
    assert packaged_files() == before  # the package is untouched, and holds no lock file
    defaults = sorted(p.name for p in (packaged_defaults() / "glossary").glob("*.csv"))
    assert sorted(p.name for p in user.glob("*.csv")) == defaults  # a copy of the defaults

    listed = briefing("glossary", "list", "--kind", "place", cwd=cwd, data=data)
    assert listed.stderr == f"{count + 1} entries from {user}\n"
    assert "تارفيل\tTarvel\tplace\t" in listed.stdout

    article = cwd / "tarvel.txt"
    article.write_text(ARTICLE, encoding="utf-8")
    scanned = briefing("glossary", "scan", str(article), cwd=cwd, data=data)
    assert "Tarvel" in scanned.stdout  # every command reads the user glossary now

    removed = briefing("glossary", "remove", "تارفيل", cwd=cwd, data=data)
    assert removed.returncode == 0, removed.stderr
    assert removed.stderr == f"removed: تارفيل → Tarvel (place) from {user / 'places.csv'}\n"
    assert packaged_files() == before


def test_the_packaged_glossary_is_refused_as_an_edit_target(tmp_path: Path) -> None:
    packaged = packaged_defaults() / "glossary"
    before = packaged_files()
    done = briefing(
        "glossary", "add", "تارفيل", "Tarvel", "--kind", "place", "--glossary", str(packaged),
        cwd=tmp_path, data=tmp_path / "data",
    )  # fmt: skip
    assert done.returncode == 1
    assert done.stderr.startswith(f"error: {packaged}: the glossary shipped with briefing is never")
    assert len(done.stderr.splitlines()) == 1 and "Traceback" not in done.stderr
    assert packaged_files() == before


def test_a_workspace_still_wins_over_the_user_glossary(tmp_path: Path) -> None:
    data = tmp_path / "data"
    assert briefing("init", "ws", cwd=tmp_path, data=data).returncode == 0
    workspace = tmp_path / "ws"
    done = briefing(
        "glossary", "add", "تارفيل", "Tarvel", "--kind", "place", cwd=workspace, data=data
    )
    assert done.returncode == 0, done.stderr
    assert done.stderr.endswith(f" in {workspace / 'glossary' / 'places.csv'}\n")
    assert not (data / "briefing").exists()
    fresh = briefing("init", "ws2", cwd=tmp_path, data=data)
    assert fresh.returncode == 0
    assert not [p for p in (tmp_path / "ws2" / "glossary").iterdir() if p.suffix != ".csv"]
