"""The progress bar as a person sees it, in a real terminal (tmux): a label, the count,
the rate and the time left; no rich markup shown as text."""

from __future__ import annotations

import json
import shlex
import subprocess
import sys
import time
from pathlib import Path

from helpers import DEMO_ID, data_path


def test_progress_bar_moves_and_shows_rate_and_time_left(
    tmp_path: Path, installed_models: Path
) -> None:
    rows = [json.loads(line) for line in data_path("heldout.jsonl").read_text().splitlines()]
    records = [
        {"title": f"خبر {n}", "content": f"{rows[n % len(rows)]['arabic']} رقم {n}"}
        for n in range(1500)
    ]
    articles = tmp_path / "many.jsonl"
    articles.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in records))
    session = f"briefing-progress-{tmp_path.name}"
    command = " ".join(
        shlex.quote(part)
        for part in [sys.executable, "-m", "briefing", "translate", str(articles), "--model",
                     DEMO_ID, "--no-cache", "-o", str(tmp_path / "out.txt")]
    )  # fmt: skip
    subprocess.run(
        [
            "tmux",
            "new-session",
            "-d",
            "-s",
            session,
            "-x",
            "120",
            "-y",
            "20",
            command + "; sleep 30",
        ],
        check=True,
    )
    screens: list[str] = []
    try:
        deadline = time.monotonic() + 240
        while time.monotonic() < deadline and not (tmp_path / "out.txt").exists():
            shown = subprocess.run(
                ["tmux", "capture-pane", "-p", "-t", session], capture_output=True, text=True
            ).stdout
            if "Translating" in shown:
                screens.append(shown)
            time.sleep(0.3)
    finally:
        subprocess.run(["tmux", "kill-session", "-t", session], check=False)
    assert (tmp_path / "out.txt").exists()
    assert screens, "no progress bar was shown"
    assert not any("[progress" in screen for screen in screens)
    bars = [line for screen in screens for line in screen.splitlines() if "Translating" in line]
    counts = {line.split("/")[0].split()[-1] for line in bars if "/" in line}
    assert len(counts) >= 3, bars  # it moved, not once per 1,024-sentence chunk
    assert any("sentences/s" in line and "left" in line for line in bars), bars
