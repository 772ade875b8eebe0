"""Glossary matching speed: time per MB of Arabic news with 100, 10,000 and 100,000 entries.

The matcher scans each text once (one Aho-Corasick automaton), so time per MB should stay
nearly flat as the glossary grows; only building the automaton grows with it. The compiled
glossary (``briefing.glossary.compiled``) is measured beside it: building its cache (cold),
opening it (warm), finding with it, and whether it finds exactly the automaton's spans on
every article (``same``: the 100k case of the equality the tests check on 3,000 names).

    python bench/bench_glossary.py [--corpus PATH] [--sizes 100,10000,100000] [--repeat 5]
    python bench/bench_glossary.py cli|feed ...   # whole CLI commands: bench_glossary_cli.py

The corpus defaults to ../shared/corpus/saudinewsnet-275.jsonl (field ``content``). Large
glossaries are the default glossary plus synthetic names built from Arabic syllables.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import sys
import tempfile
import time
from pathlib import Path

import psutil

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from briefing.glossary.compiled import _OPEN, compiled_glossary  # noqa: E402
from briefing.glossary.store import Entry, Glossary, format_table, load_glossary  # noqa: E402

SHARED = Path(os.environ.get("BRIEFING_SHARED_DIR") or ROOT.parent / "shared")
if not SHARED.is_dir():  # a worktree beside the main checkout
    SHARED = Path("/work/shared")
CORPUS = SHARED / "corpus" / "saudinewsnet-275.jsonl"
SYLLABLES = (
    "با بو بي تا تو تي جا جو دي را رو ري زا زو سا سو سي شا شو صا طا فا في كا كو كي لا لو لي "
    "ما مو مي نا نو ني ها هو وا يا يو غا غو قا قو خا خو بر تر در كر مر نر سك سن لن رن غن"
).split()
KINDS = ("person", "place", "org")


def synthetic(count: int, seed: int = 7) -> list[Entry]:
    """``count`` distinct made-up names of one to three words."""
    rng = random.Random(seed)
    seen: set[str] = set()
    entries: list[Entry] = []
    while len(entries) < count:
        words = [
            "".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 4)))
            for _ in range(rng.randint(1, 3))
        ]
        arabic = " ".join(words)
        if arabic in seen:
            continue
        seen.add(arabic)
        entries.append(Entry(arabic, f"Name {len(entries)}", rng.choice(KINDS)))
    return entries


def glossary_of(size: int, default: Glossary) -> Glossary:
    names = [e for e in default.entries if e.kind in KINDS]
    if size <= len(names):
        return Glossary(names[:size])
    return Glossary(list(default.entries) + synthetic(size - len(default.entries)))


def compiled_side(texts: list[str], glossary: Glossary) -> dict[str, object]:
    """The compiled glossary of the same entries, in a temporary cache folder."""
    with tempfile.TemporaryDirectory(prefix="bench-compiled-") as folder:
        os.environ["BRIEFING_CACHE_DIR"] = folder
        path = Path(folder) / "glossary.csv"
        path.write_text(format_table(glossary.entries), encoding="utf-8")
        started = time.perf_counter()
        compiled_glossary(path)
        cold = time.perf_counter() - started
        _OPEN.clear()
        started = time.perf_counter()
        cached = compiled_glossary(path)
        warm = time.perf_counter() - started
        started = time.process_time()
        found = [cached.find(text) for text in texts]
        find = time.process_time() - started
        # Against the automaton of the same file: the file is written sorted, and where two
        # entries share a key the first in the files wins, in both.
        reference = load_glossary(path).matcher()
        same = found == [reference.find(text) for text in texts]
        _OPEN.clear()
    return {
        "cold_s": round(cold, 3),
        "warm_s": round(warm, 3),
        "find_s": round(find, 3),
        "same": same,
    }


def run(texts: list[str], size: int, default: Glossary, repeat: int) -> dict[str, object]:
    glossary = glossary_of(size, default)
    started = time.process_time()
    matcher = glossary.matcher()
    build = time.process_time() - started
    megabytes = sum(len(t.encode("utf-8")) for t in texts) / 1_000_000
    best = float("inf")
    matches = 0
    for _ in range(repeat):
        # CPU time, best of ``repeat``: wall time swings with whatever shares the machine.
        started = time.process_time()
        matches = sum(len(matcher.find(text)) for text in texts)
        best = min(best, time.process_time() - started)
    return {
        "entries": len(glossary),
        "keys": matcher.key_count,
        "build_s": round(build, 3),
        "match_s": round(best, 3),
        "mb": round(megabytes, 3),
        "s_per_mb": round(best / megabytes, 3),
        "matches": matches,
        "rss_mb": round(psutil.Process().memory_info().rss / 1_000_000),
        **compiled_side(texts, glossary),
    }


def main() -> None:
    if sys.argv[1:2] in (["cli"], ["feed"]):
        sys.path.insert(0, str(ROOT / "bench"))
        from bench_glossary_cli import main as cli_main

        cli_main()
        return
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=CORPUS)
    parser.add_argument("--sizes", default="100,10000,100000")
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--json", type=Path, help="also write the results here")
    args = parser.parse_args()
    with args.corpus.open(encoding="utf-8") as handle:
        texts = [json.loads(line)["content"] for line in handle if line.strip()]
    default = load_glossary(ROOT / "glossary")
    results = [run(texts, int(s), default, args.repeat) for s in args.sizes.split(",")]
    print(f"{len(texts)} articles, {results[0]['mb']} MB of UTF-8 text")
    print("CPU seconds, matching best of --repeat runs; RSS of the whole process after building")
    print("compiled: cache built (cold) and opened (warm) in wall s, find in CPU s, same spans")
    print(
        f"{'entries':>8} {'keys':>8} {'build s':>8} {'match s':>8} {'s/MB':>6} {'matches':>8} "
        f"{'RSS MB':>7} {'cold s':>7} {'warm s':>7} {'find s':>7} {'same':>5}"
    )
    for r in results:
        print(
            f"{r['entries']:>8} {r['keys']:>8} {r['build_s']:>8} {r['match_s']:>8} "
            f"{r['s_per_mb']:>6} {r['matches']:>8} {r['rss_mb']:>7} {r['cold_s']:>7} "
            f"{r['warm_s']:>7} {r['find_s']:>7} {r['same']!s:>5}"
        )
    if args.json:
        args.json.write_text(json.dumps(results, indent=2), encoding="utf-8")


if __name__ == "__main__":
    main()
