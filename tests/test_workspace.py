"""`briefing init` and the workspace: commands run inside one use its glossary and templates."""

from __future__ import annotations

import filecmp
import os
import subprocess
import sys
from pathlib import Path

import pytest

from briefing.workspace import packaged_defaults, resolve_glossary, resolve_templates
from helpers import DEMO_ID, ROOT

ARTICLE = "وصل وفد من مدينة تارفيل إلى موسكو يوم الاثنين.\n"


def briefing(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "briefing", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        env={**os.environ, "BRIEFING_MODEL": DEMO_ID},
        check=False,
    )


def test_init_copies_the_defaults_and_an_empty_articles_folder(tmp_path: Path) -> None:
    done = briefing("init", "ws", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    workspace = tmp_path / "ws"
    for name in ("glossary", "templates"):
        compared = filecmp.dircmp(ROOT / name, workspace / name)
        assert compared.left_only == compared.right_only == compared.diff_files == []
        assert not (workspace / name).is_symlink()  # the user's own copy, not a link
    assert list((workspace / "articles").iterdir()) == []


def test_init_refuses_a_folder_that_is_already_a_workspace(tmp_path: Path) -> None:
    assert briefing("init", "ws", cwd=tmp_path).returncode == 0
    glossary = tmp_path / "ws" / "glossary" / "places.csv"
    before = glossary.read_bytes()
    done = briefing("init", "ws", cwd=tmp_path)
    assert done.returncode == 1
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and "already exists" in lines[0] and "Traceback" not in done.stderr
    assert glossary.read_bytes() == before


def test_resolution_prefers_the_current_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A user data folder of its own: another test may have made the session's user glossary.
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    assert resolve_glossary(cwd=tmp_path) == packaged_defaults() / "glossary"
    assert resolve_templates(cwd=tmp_path) == packaged_defaults() / "templates"
    (tmp_path / "glossary").mkdir()
    (tmp_path / "templates").mkdir()
    assert resolve_glossary(cwd=tmp_path) == tmp_path / "glossary"
    assert resolve_templates(cwd=tmp_path) == tmp_path / "templates"
    assert resolve_glossary(Path("mine.csv"), cwd=tmp_path) == Path("mine.csv")


def test_commands_in_a_workspace_use_its_glossary_and_templates(
    tmp_path: Path, installed_models: Path
) -> None:
    assert briefing("init", "ws", cwd=tmp_path).returncode == 0
    workspace = tmp_path / "ws"
    article = workspace / "articles" / "tarvel.txt"
    article.write_text(ARTICLE, encoding="utf-8")
    defaults_before = {p.name: p.read_bytes() for p in (ROOT / "glossary").glob("*.csv")}

    added = briefing("glossary", "add", "تارفيل", "Tarvel", "--kind", "place", cwd=workspace)
    assert added.returncode == 0, added.stderr
    assert "Tarvel" in (workspace / "glossary" / "places.csv").read_text(encoding="utf-8")
    assert {p.name: p.read_bytes() for p in (ROOT / "glossary").glob("*.csv")} == defaults_before

    inside = briefing("glossary", "scan", str(article), cwd=workspace)
    outside = briefing("glossary", "scan", str(article), cwd=tmp_path)
    assert inside.returncode == outside.returncode == 0, inside.stderr + outside.stderr
    assert "Tarvel" in inside.stdout and "Tarvel" not in outside.stdout
    assert "Moscow" in inside.stdout and "Moscow" in outside.stdout

    template = workspace / "templates" / "briefing.html.j2"
    template.write_text(
        template.read_text(encoding="utf-8").replace("</body>", "<!-- our desk -->\n</body>"),
        encoding="utf-8",
    )
    for cwd, name in ((workspace, "in.html"), (tmp_path, "out.html")):
        done = briefing("build", str(article), "-o", str(tmp_path / name), cwd=cwd)
        assert done.returncode == 0, done.stderr
    assert "<!-- our desk -->" in (tmp_path / "in.html").read_text(encoding="utf-8")
    assert "<!-- our desk -->" not in (tmp_path / "out.html").read_text(encoding="utf-8")


@pytest.mark.parametrize("name", ["glossary", "templates"])
def test_the_packaged_defaults_are_the_repository_defaults(name: str) -> None:
    compared = filecmp.dircmp(ROOT / name, packaged_defaults() / name)
    assert compared.left_only == compared.right_only == compared.diff_files == []


def _file_size_limit(limit: int) -> None:
    """In the child: files may not grow past ``limit`` bytes (write fails with EFBIG)."""
    import resource
    import signal

    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # ignored across exec: EFBIG, not death
    resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))


@pytest.mark.parametrize("existing", [False, True])
def test_init_is_all_or_nothing_when_a_copy_fails(tmp_path: Path, existing: bool) -> None:
    """The glossary copies (files under 10 KB), then the 36 KB Word template cannot be
    written: nothing of the workspace may be left, in a new folder or an existing one."""
    workspace = tmp_path / "ws"
    if existing:
        workspace.mkdir()
        (workspace / "notes.txt").write_text("mine")
    done = subprocess.run(
        [sys.executable, "-m", "briefing", "init", str(workspace)],
        capture_output=True,
        text=True,
        preexec_fn=lambda: _file_size_limit(10_000),
        check=False,
    )
    assert done.returncode == 1, done.stderr
    assert "Traceback" not in done.stderr
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error:") and str(workspace) in lines[0]
    left = sorted(p.name for p in tmp_path.rglob("*"))
    assert left == (["notes.txt", "ws"] if existing else [])
