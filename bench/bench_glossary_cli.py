"""Whole CLI commands against glossaries of 1k, 10k and 100k names, and a feed bench.

Each command runs in its own process (``python -m briefing``); wall seconds and peak RSS
(``ru_maxrss`` of that process, from ``os.wait4``) are reported. ``--code DIR`` runs the
package found in DIR (repeat it to compare two checkouts side by side in one run, e.g.
``git archive main | tar -x -C /tmp/before``); the default is this checkout.

    python bench/bench_glossary_cli.py cli --sizes 0,1000,10000,100000 --code /tmp/before --code .
    python bench/bench_glossary_cli.py feed --articles 275,2750 --code /tmp/before --code .
    python bench/bench_glossary_cli.py import --rows 100000 --code /tmp/before --code .

Glossaries are written to a temporary folder: the repository's glossary plus synthetic
names (``bench_glossary.synthetic``), as one sorted CSV file; size 0 is the built-in one.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from bench_glossary import synthetic  # noqa: E402

from briefing.glossary.store import format_table, load_glossary  # noqa: E402
from briefing.glossary.tables import name_keys  # noqa: E402

SHARED = Path(os.environ.get("BRIEFING_SHARED_DIR") or ROOT.parent / "shared")
if not SHARED.is_dir():  # a worktree beside the main checkout
    SHARED = Path("/work/shared")
CORPUS = SHARED / "corpus" / "saudinewsnet-275.jsonl"
ARTICLE = ROOT / "examples" / "troops.txt"
NEW_NAME = ("زوباريكولاني", "Zubarikolani")


def run(code: Path, env: dict[str, str], *args: str) -> tuple[float, float, int]:
    """Wall seconds, CPU seconds (user + system) and peak RSS (MB) of ``briefing ARGS``
    run from ``code``. On a shared machine the CPU time is the figure to compare: wall
    time swings with whatever else runs.

    The peak comes from ``/usr/bin/time``: a child forked from this (large) process
    would count this process's pages in its own ``ru_maxrss``."""
    env = {**env, "PYTHONPATH": str(code)}
    with tempfile.NamedTemporaryFile(suffix=".rss") as rss:
        command = ["/usr/bin/time", "-f", "%M %U %S", "-o", rss.name, sys.executable]
        started = time.perf_counter()
        done = subprocess.run(
            [*command, "-m", "briefing", "--quiet", *args], env=env, cwd=env["HOME"],
            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, check=False,
        )  # fmt: skip
        seconds = time.perf_counter() - started
        peak, user, system = Path(rss.name).read_text().split()[-3:]
    if done.returncode not in (0, 1):
        raise SystemExit(f"briefing {' '.join(args)} failed:\n{done.stderr.decode()}")
    return round(seconds, 2), round(float(user) + float(system), 2), int(peak) // 1024


def best(runs: Iterable[tuple[float, float, int]]) -> tuple[float, float, int]:
    """The run with the least CPU time."""
    return min(runs, key=lambda r: r[1])


def environment(folder: Path) -> dict[str, str]:
    home = folder / "home"
    home.mkdir(parents=True, exist_ok=True)
    return {
        "PATH": os.environ["PATH"],
        "HOME": str(home),
        "BRIEFING_CACHE_DIR": str(folder / "cache"),
        "XDG_CACHE_HOME": str(folder / "xdg-cache"),
        "XDG_DATA_HOME": str(folder / "xdg-data"),
        "XDG_CONFIG_HOME": str(folder / "xdg-config"),
    }


def make_glossary(size: int, folder: Path) -> Path:
    default = load_glossary(ROOT / "glossary")
    entries = list(default.entries) + synthetic(max(0, size - len(default.entries)))
    path = folder / f"glossary-{size}.csv"
    path.write_text(format_table(entries), encoding="utf-8")
    return path


def bench_cli(codes: list[Path], sizes: list[int], repeat: int) -> list[dict[str, object]]:
    results: list[dict[str, object]] = []
    with tempfile.TemporaryDirectory(prefix="bench-glossary-") as tmp:
        work = Path(tmp)
        sources = {size: make_glossary(size, work) for size in sizes if size}
        for size in sizes:
            for number, code in enumerate(codes):
                folder = work / f"{size}-{number}"
                env = environment(folder)
                glossary: list[str] = []
                if size:
                    copy = folder / "glossary.csv"
                    copy.write_bytes(sources[size].read_bytes())
                    glossary = ["--glossary", str(copy)]
                row: dict[str, object] = {"code": str(code), "size": size}
                translate = ["translate", str(ARTICLE), "--no-cache", *glossary]
                row["translate_cold"] = run(code, env, *translate)
                row["translate_warm"] = best(run(code, env, *translate) for _ in range(repeat))
                if size:
                    arabic, english = NEW_NAME
                    add = ["glossary", "add", arabic, english, "--kind", "person", *glossary]
                    remove = ["glossary", "remove", arabic, *glossary]
                    adds, removes = [], []
                    for _ in range(repeat):
                        adds.append(run(code, env, *add))
                        removes.append(run(code, env, *remove))
                    row["add"], row["remove"] = best(adds), best(removes)
                    row["translate_after_edit"] = run(code, env, *translate)
                    row["check"] = best(
                        run(code, env, "glossary", "check", *glossary) for _ in range(repeat)
                    )
                    row["list"] = best(
                        run(code, env, "glossary", "list", *glossary) for _ in range(repeat)
                    )
                results.append(row)
                print(json.dumps(row), flush=True)
    return results


def make_feed(count: int, path: Path) -> Path:
    """``count`` corpus articles made distinct: copy n of an article gets its number in the
    title and in a last paragraph, so no two share a sentence the memory could reuse."""
    with CORPUS.open(encoding="utf-8") as handle:
        records = [json.loads(line) for line in handle if line.strip()]
    with path.open("w", encoding="utf-8") as out:
        for n in range(count):
            record = dict(records[n % len(records)])
            copy = n // len(records)
            if copy:
                record["title"] = f"{record['title']} ({copy})"
                record["content"] = f"{record['content']}\nالنسخة رقم {copy} من {n}."
            out.write(json.dumps(record, ensure_ascii=False) + "\n")
    return path


def bench_feed(codes: list[Path], counts: list[int], formats: list[str]) -> list[dict[str, object]]:
    results: list[dict[str, object]] = []
    with tempfile.TemporaryDirectory(prefix="bench-feed-") as tmp:
        work = Path(tmp)
        for count in counts:
            feed = make_feed(count, work / f"feed-{count}.jsonl")
            for fmt in formats:
                for number, code in enumerate(codes):
                    folder = work / f"{count}-{fmt}-{number}"
                    env = environment(folder)
                    out = folder / f"out.{fmt}"
                    args = ["translate", str(feed), "--format", fmt, "-o", str(out)]
                    try:
                        seconds, _, rss = run(code, env, *args)
                    except SystemExit as failed:  # "before" has no --format jsonl
                        print(f"{code} {fmt}: {str(failed).splitlines()[-1]}", flush=True)
                        continue
                    row = {"code": str(code), "articles": count, "format": fmt,
                           "seconds": round(seconds, 1), "rss_mb": rss,
                           "articles_per_s": round(count / seconds, 1)}  # fmt: skip
                    results.append(row)
                    print(json.dumps(row), flush=True)
    return results


def clean_names(count: int, path: Path, seed: int = 7) -> Path:
    """``count`` synthetic names that clash with nothing in the built-in glossary."""
    taken = {key for entry in load_glossary(ROOT / "glossary").entries for key in name_keys(entry)}
    names = [e for e in synthetic(count + count // 100 + 10, seed) if not name_keys(e) & taken]
    path.write_text(format_table(names[:count]), encoding="utf-8")
    return path


LISTING = """
import sys, time
from pathlib import Path
try:
    from briefing import glossary_api as api  # where the server's listing lives now
except ImportError:
    from briefing import api
path = Path(sys.argv[1])
page = getattr(api, "glossary_page", None)
api.glossary_entries(path)  # the cache built (after) or the files in the page cache (before)
started = time.process_time()
for _ in range(3):
    page(path, limit=500) if page else api.glossary_entries(path)
print(round((time.process_time() - started) / 3, 3))
"""


def bench_import(codes: list[Path], rows: int, repeat: int) -> list[dict[str, object]]:
    """``glossary import`` of ``rows`` names into a copy of the built-in glossary (a folder),
    then, on the glossary that makes: 1,000 more imported, ``export`` in each format, and
    the server's listing (``api.glossary_page``, else ``glossary_entries``), in-process."""
    results: list[dict[str, object]] = []
    with tempfile.TemporaryDirectory(prefix="bench-import-") as tmp:
        work = Path(tmp)
        names = clean_names(rows, work / "names.csv")
        more = clean_names(1000, work / "more.csv", seed=11)
        for number, code in enumerate(codes):
            env = environment(work / f"{number}")
            runs = []
            for attempt in range(repeat):
                glossary = work / f"{number}" / f"glossary-{attempt}"
                shutil.copytree(ROOT / "glossary", glossary)
                runs.append(
                    run(code, env, "glossary", "import", str(names), "--glossary", str(glossary))
                )
            row: dict[str, object] = {"code": str(code), "rows": rows, "import": best(runs)}
            run(code, env, "glossary", "list", "--glossary", str(glossary))  # warm the cache
            for fmt in ("csv", "tsv", "tbx"):
                row[f"export_{fmt}"] = best(
                    run(
                        code,
                        env,
                        "glossary",
                        "export",
                        "--format",
                        fmt,
                        "--glossary",
                        str(glossary),
                    )
                    for _ in range(repeat)
                )
            listing = subprocess.run(
                [sys.executable, "-c", LISTING, str(glossary)], capture_output=True, text=True,
                env={**env, "PYTHONPATH": str(code)}, cwd=env["HOME"], check=True,
            )  # fmt: skip
            row["listing_cpu_s"] = float(listing.stdout.split()[-1])
            row["import_1000_more"] = run(
                code, env, "glossary", "import", str(more), "--glossary", str(glossary)
            )
            results.append(row)
            print(json.dumps(row), flush=True)
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("what", choices=("cli", "feed", "import"))
    parser.add_argument("--rows", type=int, default=100_000, help="names to import")
    parser.add_argument("--code", type=Path, action="append", help="a checkout to run")
    parser.add_argument("--sizes", default="0,1000,10000,100000")
    parser.add_argument("--articles", default="275,2750")
    parser.add_argument("--formats", default="json,jsonl")
    parser.add_argument("--repeat", type=int, default=2)
    parser.add_argument("--json", type=Path, help="also write the results here")
    args = parser.parse_args()
    codes = [c.resolve() for c in args.code or [ROOT]]
    if args.what == "cli":
        sizes = [int(s) for s in args.sizes.split(",")]
        results = bench_cli(codes, sizes, args.repeat)
    elif args.what == "import":
        results = bench_import(codes, args.rows, args.repeat)
    else:
        counts = [int(s) for s in args.articles.split(",")]
        results = bench_feed(codes, counts, args.formats.split(","))
    if args.json:
        args.json.write_text(json.dumps(results, indent=2), encoding="utf-8")


if __name__ == "__main__":
    main()
