"""The long fuzz run, by hand: tests/test_fuzz.py's properties with many more examples.

    python tools/fuzz_long.py [SCALE]

SCALE multiplies every target's example count (default 1: about 115,000 examples in all,
some 10-20 minutes on one core). Prints one line per target (examples run, seconds, failures)
and a total; exits 1 when any property failed, after showing Hypothesis's minimal example.
The renderers' DOCX/HTML properties have their own long run: tools/fuzz_render.py.
"""

from __future__ import annotations

import sys
import time
import traceback
from collections.abc import Callable
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]

import test_fuzz as fuzz  # noqa: E402

# name: (strategy, check, examples); fast targets get the most examples.
TARGETS: dict[str, tuple[st.SearchStrategy[Any], Callable[..., None], int]] = {
    "cleaner keeps every character": (fuzz.pasted, fuzz.check_cleaner_keeps_everything, 20_000),
    "any file reads or refuses": (
        fuzz.files(),
        lambda file: fuzz.check_file_reads_or_refuses(*file),
        10_000,
    ),
    "damaged .docx reads or refuses": (
        fuzz.damaged_docx(),
        lambda data: fuzz.check_file_reads_or_refuses(".docx", data),
        2_000,
    ),
    "long lines in linear time": (fuzz.long_lines, fuzz.check_long_line_is_fast, 500),
    "splitter whole, numbers uncut": (fuzz.sentences, fuzz.check_splitter, 20_000),
    "split_long within limit": (
        st.tuples(
            st.lists(st.sampled_from(["▁a", "b", "▁", "c", "▁d"]), max_size=300),
            st.integers(1, 40),
        ),
        lambda pair: fuzz.check_split_long(*pair),
        5_000,
    ),
    "protection lossless": (fuzz.paragraphs, fuzz.check_protection_is_lossless, 20_000),
    "restore keeps every form": (fuzz.translations(), fuzz.check_restore, 20_000),
    "markdown literal": (fuzz.markdown_text, fuzz.check_markdown_literal, 10_000),
    "json output clean": (fuzz.articles(), fuzz.check_json_output, 2_000),
    "csv export neutral, exact": (st.lists(fuzz.entries, max_size=5), fuzz.check_csv_export, 3_000),
    "tbx export exact": (st.lists(fuzz.entries, max_size=5), fuzz.check_tbx_export, 3_000),
}


def run(name: str, strategy: st.SearchStrategy[Any], check: Callable[..., None], n: int) -> bool:
    count = 0

    @settings(max_examples=n, deadline=None, database=None, suppress_health_check=list(HealthCheck))
    @given(strategy)
    def prop(value: Any) -> None:
        nonlocal count
        count += 1
        check(value)

    start = time.perf_counter()
    try:
        prop()
        ok = True
    except Exception:  # the minimal failing example, as Hypothesis reports it
        traceback.print_exc()
        ok = False
    seconds = time.perf_counter() - start
    print(f"{name:32} {count:>8} examples {seconds:>7.0f} s  {'ok' if ok else 'FAILED'}")
    sys.stdout.flush()
    RESULTS.append((name, count, ok))
    return ok


RESULTS: list[tuple[str, int, bool]] = []


def main(argv: list[str]) -> int:
    scale = float(argv[0]) if argv else 1.0
    start = time.perf_counter()
    for name, (strategy, check, examples) in TARGETS.items():
        run(name, strategy, check, max(1, int(examples * scale)))
    total = sum(count for _, count, _ in RESULTS)
    failed = [name for name, _, ok in RESULTS if not ok]
    print(
        f"total: {total} examples in {time.perf_counter() - start:.0f} s; "
        f"{len(failed)} failed{': ' + ', '.join(failed) if failed else ''}"
    )
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
