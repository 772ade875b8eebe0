"""A run killed near its end keeps the work it had done: the translation memory is
committed while the run goes on, not once at the end."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

from helpers import DEMO_ID, data_path


def segments(path: Path) -> int:
    if not path.exists():
        return 0
    try:
        with sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=5) as db:
            return int(db.execute("SELECT count(*) FROM segments").fetchone()[0])
    except sqlite3.DatabaseError:
        return 0


def test_a_killed_run_keeps_what_it_translated(tmp_path: Path, installed_models: Path) -> None:
    rows = [json.loads(line) for line in data_path("heldout.jsonl").read_text().splitlines()]
    sentences = [row["arabic"] for row in rows]
    # One article per sentence, many times over with a counter, so there is work to kill.
    records = [
        {"title": f"خبر {n}", "content": f"{sentences[n % len(sentences)]} رقم {n}"}
        for n in range(800)
    ]
    articles = tmp_path / "many.jsonl"
    articles.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in records))
    cache = tmp_path / "cache"
    env = {**os.environ, "BRIEFING_CACHE_DIR": str(cache)}
    command = [sys.executable, "-m", "briefing", "translate", str(articles), "--model", DEMO_ID]
    process = subprocess.Popen(
        command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    memory = cache / "memory.sqlite3"
    deadline = time.monotonic() + 240
    try:
        while segments(memory) == 0 and process.poll() is None and time.monotonic() < deadline:
            time.sleep(0.2)
        assert process.poll() is None, "the run ended before anything could be killed"
        process.send_signal(signal.SIGKILL)
    finally:
        process.wait(timeout=30)
    kept = segments(memory)
    assert 0 < kept < 1600  # titles and sentences: some, not all, were done
    # The next run decodes only what was missing.
    done = subprocess.run(
        [sys.executable, "-m", "briefing", "-v", *command[3:], "-o", str(tmp_path / "out.txt")],
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert done.returncode == 0, done.stderr
    assert f"{kept} from the translation memory" in done.stderr
