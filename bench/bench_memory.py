"""The translation memory at a year of feeds: lookups against 1,000,000 cached sentences,
and ``memory prune`` on it.

    python bench/bench_memory.py [--rows 1000000] [--lookups 3000]

A build looks up every sentence of its articles once (``Memory.get_many``); the time of
that lookup for ``--lookups`` keys (the 275-article corpus has 2,912 sentences), half of
them present, is reported against an empty memory and against the full one, beside the
prune of the full one to half its size. Compare the lookup with a build's time
(``bench_glossary_cli.py feed``: the 275 articles) for the "≤ 5% of a build" goal.
"""

from __future__ import annotations

import argparse
import hashlib
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from briefing.mt.memory import Memory  # noqa: E402
from briefing.mt.prune import prune  # noqa: E402


def key(n: int) -> str:
    return hashlib.sha256(str(n).encode()).hexdigest()


def fill(path: Path, rows: int) -> float:
    started = time.perf_counter()
    memory = Memory(path)
    for start in range(0, rows, 100_000):
        memory.put_many(
            {
                key(n): (f"An English sentence number {n} of a feed.", -0.4, "[]")
                for n in range(start, min(rows, start + 100_000))
            }
        )
    memory.close()
    return time.perf_counter() - started


def lookup(path: Path, keys: list[str]) -> float:
    memory = Memory(path)
    started = time.perf_counter()
    memory.get_many(keys)
    seconds = time.perf_counter() - started
    memory.close()
    return seconds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--lookups", type=int, default=3000)
    args = parser.parse_args()
    keys = [key(n) for n in range(0, args.lookups)] + [key(-n) for n in range(1, args.lookups)]
    keys = keys[: args.lookups]
    with tempfile.TemporaryDirectory(prefix="bench-memory-") as folder:
        empty, full = Path(folder) / "empty.sqlite3", Path(folder) / "full.sqlite3"
        fill(empty, 0)
        filled = fill(full, args.rows)
        size = full.stat().st_size
        print(f"{args.rows:,} rows written in {filled:.1f} s: {size / 1e6:.0f} MB")
        print(f"lookup of {len(keys):,} keys: empty {min(lookup(empty, keys) for _ in range(3)):.3f} s, "
              f"full {min(lookup(full, keys) for _ in range(3)):.3f} s")  # fmt: skip
        started = time.perf_counter()
        report = prune(full, max_bytes=size // 2)
        print(f"prune --max-size {size / 2e6:.0f} MB: {time.perf_counter() - started:.1f} s, "
              f"removed {report.removed:,}, {report.bytes_before / 1e6:.0f} → {report.bytes_after / 1e6:.0f} MB")  # fmt: skip
        print(f"lookup after prune: {min(lookup(full, keys) for _ in range(3)):.3f} s")


if __name__ == "__main__":
    main()
