"""The README's quick start, run line by line as written, in a copy of the checkout's
examples: it works offline, and what it writes lands in a folder .gitignore covers."""

from __future__ import annotations

import fnmatch
import os
import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

from helpers import ROOT


def quick_start() -> list[str]:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Quick start", 1)[1]
    block = re.search(r"```bash\n(.*?)```", section, re.DOTALL)
    assert block is not None
    return [line for line in block[1].splitlines() if line.strip()]


def ignored(path: str) -> bool:
    """Whether a path relative to the checkout matches a pattern of its .gitignore."""
    patterns = (ROOT / ".gitignore").read_text(encoding="utf-8").split()
    parts = Path(path).parts
    for pattern in patterns:
        anchored, folder = pattern.startswith("/"), pattern.endswith("/")
        name = pattern.strip("/")
        candidates = parts[:1] if anchored else parts
        if folder and any(fnmatch.fnmatch(p, name) for p in candidates[: len(parts) - 1]):
            return True
        if not folder and any(fnmatch.fnmatch(p, name) for p in candidates):
            return True
    return False


def test_the_quick_start_runs_and_writes_only_ignored_files(
    installed_models: Path, tmp_path: Path
) -> None:
    shutil.copytree(ROOT / "examples", tmp_path / "examples")
    briefing = f"{shlex.quote(sys.executable)} -m briefing"
    written: list[str] = []
    for line in quick_start():
        words = shlex.split(line)
        if "-o" in words:
            written.append(words[words.index("-o") + 1])
        # The install step is what the test environment already did; the rest runs as written.
        command = re.sub(r"^pip install \.( && )?", "", line)
        command = re.sub(r"(^|&& )briefing\b", lambda m: m.group(1) + briefing, command)
        done = subprocess.run(
            ["bash", "-c", command], cwd=tmp_path, capture_output=True, text=True,
            env=dict(os.environ), timeout=300, check=False,
        )  # fmt: skip
        assert done.returncode == 0, (line, done.stderr)
    assert written == ["out/briefing.docx"]
    for path in written:
        assert (tmp_path / path).is_file()
        assert ignored(path), f"{path} is not covered by .gitignore"
    assert not ignored("briefing/cli/app.py") and not ignored("briefing.docx")
