"""``translate FEED.jsonl --format jsonl`` (issue 23): a line per article, in order, the
same article object as the JSON envelope's; Ctrl-C leaves whole lines; the memory keeps
what was done; the size limit is per article."""

from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

from helpers import ROOT

SENTENCES = [
    line
    for name in ("troops.txt", "summit.txt", "aid.txt")
    for line in (ROOT / "examples" / name).read_text(encoding="utf-8").splitlines()
    if line.strip()
]


def write_feed(path: Path, count: int) -> list[dict[str, str]]:
    """``count`` distinct articles made of the examples' sentences (the demo model's)."""
    records = []
    for n in range(count):
        body = [SENTENCES[(n + k) % len(SENTENCES)] for k in range(1, 3)]
        records.append(
            {"title": f"{SENTENCES[n % len(SENTENCES)]} {n}", "content": "\n".join(body)}
        )
    path.write_text(
        "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8"
    )
    return records


def briefing(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "briefing", *args],
        capture_output=True, text=True, timeout=600, env=env, check=False,
    )  # fmt: skip


def environment(tmp_path: Path) -> dict[str, str]:
    home = tmp_path / "home"
    home.mkdir(exist_ok=True)
    return {**os.environ, "HOME": str(home), "BRIEFING_CACHE_DIR": str(tmp_path / "cache")}


def test_each_line_is_the_envelopes_article_with_its_model_and_glossary(tmp_path: Path) -> None:
    feed = tmp_path / "feed.jsonl"
    records = write_feed(feed, 6)
    env = environment(tmp_path)
    lines = briefing("translate", str(feed), "--format", "jsonl", env=env)
    assert lines.returncode == 0, lines.stderr
    assert "6 articles in" in lines.stderr and "articles/s" in lines.stderr
    envelope = briefing("translate", str(feed), "--format", "json", env=env)
    assert envelope.returncode == 0, envelope.stderr
    document = json.loads(envelope.stdout)
    rows = [json.loads(line) for line in lines.stdout.splitlines()]
    assert [row["title"] for row in rows] == [r["title"] for r in records]
    for row, article in zip(rows, document["articles"], strict=True):
        assert row.pop("model") == document["briefing"]["model"]
        assert row.pop("glossary") == document["briefing"]["glossary"]
        assert row == article
    assert any(
        t["english"] == "Peskov" for row in rows for p in row["paragraphs"] for t in p["terms"]
    )


def test_ctrl_c_leaves_whole_lines_and_the_same_command_decodes_nothing_done(
    tmp_path: Path,
) -> None:
    feed = tmp_path / "feed.jsonl"
    write_feed(feed, 160)
    out = tmp_path / "out.jsonl"
    env = environment(tmp_path)
    command = [
        sys.executable,
        "-m",
        "briefing",
        "-v",
        "translate",
        str(feed),
        "--format",
        "jsonl",
        "-o",
        str(out),
    ]
    running = subprocess.Popen(command, stderr=subprocess.PIPE, text=True, env=env)
    deadline = time.monotonic() + 300
    while (not out.exists() or not out.read_text(encoding="utf-8")) and time.monotonic() < deadline:
        time.sleep(0.05)
    running.send_signal(signal.SIGINT)
    _, stderr = running.communicate(timeout=300)
    text = out.read_text(encoding="utf-8")
    done = [json.loads(line) for line in text.splitlines()]  # every line whole
    assert running.returncode == 130 and text.endswith("\n"), stderr
    assert 0 < len(done) < 160 and f"holds {len(done)} whole line" in stderr
    again = briefing(
        "-v", "translate", str(feed), "--format", "jsonl", "-o", str(out), "--force", env=env
    )
    assert again.returncode == 0, again.stderr
    rows = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert len(rows) == 160 and rows[: len(done)] == done
    decoded, cached = map(int, re.search(r"= (\d+) decoded \+ (\d+) from", again.stderr).groups())  # type: ignore[union-attr]
    sentences_done = sum(
        1 + len(row["paragraphs"]) for row in done
    )  # a title and one-sentence lines
    assert cached >= sentences_done and decoded > 0


def test_the_size_limit_is_per_article(tmp_path: Path) -> None:
    feed = tmp_path / "feed.jsonl"
    records = write_feed(feed, 3)
    huge = {"title": "كبير", "content": "كلمة " * 300_000}  # 3 MB: over a 1 MB limit alone
    with feed.open("a", encoding="utf-8") as handle:
        handle.write(json.dumps(huge, ensure_ascii=False) + "\n")
        handle.write(json.dumps(records[0], ensure_ascii=False) + "\n")
    env = environment(tmp_path)
    args = ["translate", str(feed), "--format", "jsonl", "--max-input-size", "1"]
    stopped = briefing(*args, env=env)
    assert (
        stopped.returncode != 0 and "line 4" in stopped.stderr and "Traceback" not in stopped.stderr
    )
    assert len(stopped.stdout.splitlines()) <= 3  # whole lines only, written before line 4
    skipped = briefing(*args, "--on-bad-line", "skip", env=env)
    assert skipped.returncode == 0, skipped.stderr
    assert len(skipped.stdout.splitlines()) == 4 and "line 4" in skipped.stderr


def test_an_article_not_in_arabic_keeps_its_line_in_order(tmp_path: Path) -> None:
    # A consumer matches lines to its records: a Persian article left out (with a warning,
    # as build leaves it out) still has its line, saying why, where its record was.
    feed = tmp_path / "feed.jsonl"
    records = write_feed(feed, 3)
    persian = {
        "title": "گزارش",
        "content": "وزیر گفت که نیروهای بیشتری به مرز فرستاده می‌شوند و گفتگوها ادامه دارد",
    }
    records.insert(1, persian)
    feed.write_text(
        "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8"
    )
    done = briefing("translate", str(feed), "--format", "jsonl", env=environment(tmp_path))
    assert done.returncode == 0, done.stderr
    rows = [json.loads(line) for line in done.stdout.splitlines()]
    assert [row["title"] for row in rows] == [r["title"] for r in records]
    assert "Persian" in rows[1]["left_out"] and "paragraphs" not in rows[1]
    assert all("left_out" not in row and row["paragraphs"] for i, row in enumerate(rows) if i != 1)
    assert "Persian" in done.stderr and "left out" in done.stderr
