"""Seconds each reading or protection step takes on long adversarial input (run by hand).

The cases are the slow paths found by auditing every regex that sees user text (see
tests/test_regex_backtracking.py, which only asserts that each finishes): a Markdown heading
of "#", a run of "؟", many short Latin runs, spaces after a time of day or a label, a page of
unclosed <font> tags. Each case runs in its own process, given up after ``--timeout`` seconds.

    python bench/bench_adversarial.py --n 60000
    PYTHONPATH=/path/to/other/checkout python bench/bench_adversarial.py   # compare a version
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time

CASES = {
    "markdown heading of '#'": (
        "from briefing.ingest.formats import read_markdown\n"
        "read_markdown('# ' + '#' * N + 'x', 'x')"
    ),
    "run of '؟' before a letter": (
        "from briefing.text.segment import split_sentences\nsplit_sentences('x' + '؟' * N + 'x')"
    ),
    "many short Latin runs": (
        "from briefing.protect.protector import protector_for\n"
        "protector_for(None).spans('x:' * (N // 2), [])"
    ),
    "spaces after a time of day": (
        "from briefing.ingest.dates import _patterns\n_patterns().time.search('12:30' + ' ' * N + 'x')"
    ),
    "spaces after a comments label": (
        "from briefing.ingest.cleaning_rules import rules\n"
        "rules().lines[4].search('comments' + ' ' * (N // 30) + 'x')"
    ),
    "spaces in a size option": (
        "from briefing.ingest.reader import parse_size\n"
        "try:\n    parse_size(' ' * N + '1' + ' ' * N + 'x')\nexcept Exception:\n    pass"
    ),
    "page of 2,000 unclosed <font> tags": (
        "from briefing.ingest.html import extract_html\n"
        "body = ''.join(f'<font><p>فقرة {i} من نص الخبر.</p>' for i in range(3000))\n"
        "extract_html(f'<html><body><div>{body}</div></body></html>', 'x')"
    ),
}


def seconds(code: str, n: int, timeout: float) -> str:
    start = time.perf_counter()
    try:
        subprocess.run(
            [sys.executable, "-c", f"N = {n}\n{code}"],
            check=True,
            timeout=timeout,
            cwd=tempfile.gettempdir(),  # not the checkout: PYTHONPATH picks the version
        )
    except subprocess.TimeoutExpired:
        return f"> {timeout:.0f}"
    return f"{time.perf_counter() - start:.2f}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--n", type=int, default=60_000, help="characters of each input")
    parser.add_argument("--timeout", type=float, default=120.0, help="seconds per case")
    args = parser.parse_args()
    for name, code in CASES.items():
        print(f"{name:40} {seconds(code, args.n, args.timeout):>8} s", flush=True)


if __name__ == "__main__":
    main()
