"""The real server in a subprocess (``python -m briefing serve``, uvicorn) on 127.0.0.1."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def make_workspace(folder: Path) -> Path:
    """A workspace of its own: a copy of the default glossary and templates."""
    from briefing.workspace import init_workspace

    init_workspace(folder)
    return folder


@contextmanager
def running_server(
    workspace: Path, *args: str, cache: Path | None = None
) -> Iterator[tuple[str, subprocess.Popen[bytes]]]:
    """The server's base URL and process, stopped (killed if need be) afterwards."""
    port = free_port()
    env = dict(os.environ)
    if cache is not None:
        env["BRIEFING_CACHE_DIR"] = str(cache)
    log = (workspace / f"server-{port}.log").open("wb")
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "briefing",
            "serve",
            "--port",
            str(port),
            "--workspace",
            str(workspace),
            *args,
        ],
        stdout=log,
        stderr=subprocess.STDOUT,
        env=env,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        wait_ready(base, process, workspace / f"server-{port}.log")
        yield base, process
    finally:
        if process.poll() is None:
            process.terminate()
            try:
                process.wait(20)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
        log.close()


def wait_ready(base: str, process: subprocess.Popen[bytes], log: Path) -> None:
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise AssertionError(f"the server exited: {log.read_text(errors='replace')}")
        try:
            with urllib.request.urlopen(base + "/health", timeout=2) as response:
                if json.load(response) == {"status": "ok"}:
                    return
        except OSError:
            time.sleep(0.2)
    raise AssertionError(f"the server did not start: {log.read_text(errors='replace')}")
