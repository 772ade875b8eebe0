"""schemathesis against the real server's OpenAPI schema: no 500s, no answer that breaks
the schema (status codes, content types, bodies). Bounded: 15 examples per operation and
one fixed seed, about 20 s."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from server_support import make_workspace, running_server

CHECKS = "not_a_server_error,response_schema_conformance,status_code_conformance,content_type_conformance"


def test_no_server_errors_and_no_schema_violations(tmp_path: Path) -> None:
    workspace = make_workspace(tmp_path / "ws")
    with running_server(workspace, "--rate-limit", "0", "--no-cache", cache=tmp_path / "cache") as (
        base,
        _,
    ):
        run = subprocess.run(
            [
                *(sys.executable, "-m", "schemathesis.cli", "run", f"{base}/openapi.json"),
                *("--checks", CHECKS, "--max-examples", "15", "--seed", "1"),
                *("--phases", "examples,coverage,fuzzing", "--request-timeout", "60"),
                "--generation-database=none",
            ],
            capture_output=True,
            text=True,
            timeout=300,
            cwd=tmp_path,  # its report folder stays out of the checkout
        )
    assert run.returncode == 0, run.stdout[-6000:] + run.stderr[-2000:]
    assert "16 passed" in run.stdout or "passed" in run.stdout
    log = next(workspace.glob("server-*.log")).read_text()
    assert "Traceback" not in log
