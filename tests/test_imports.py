"""`briefing --help` must stay instant: the CLI imports no heavy library."""

from __future__ import annotations

import json
import subprocess
import sys

from helpers import ROOT

HEAVY = ("ctranslate2", "torch", "stanza", "spacy")
REPORT = f"print(json.dumps([m for m in {HEAVY!r} if m in sys.modules]))\n"


def heavy_modules_after(code: str) -> tuple[list[str], str]:
    """Run ``code`` in a fresh interpreter (this one may hold the modules already)."""
    done = subprocess.run(
        [sys.executable, "-c", "import json, sys\n" + code + REPORT],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
    )
    lines = done.stdout.strip().splitlines()
    return json.loads(lines[-1]), "\n".join(lines[:-1])


def test_importing_the_cli_imports_no_heavy_library() -> None:
    loaded, _ = heavy_modules_after("import briefing.cli\n")
    assert loaded == []


def test_help_imports_no_heavy_library() -> None:
    code = (
        "from briefing.cli import main\n"
        "sys.argv = ['briefing', '--help']\n"
        "try:\n"
        "    main()\n"
        "except SystemExit:\n"
        "    pass\n"
    )
    loaded, output = heavy_modules_after(code)
    assert "Usage" in output
    assert loaded == []
