"""Mutation testing by hand: mutmut on one module, run with the tests that cover it.

    python tools/mutation.py MODULE [--again] [--diffs] [--jobs N]

MODULE is a path or dotted name: ``briefing/glossary/matcher.py``, ``briefing.qa`` (every
module of a package). Prints killed / survived / timeout / no tests and the score
(killed + timeout over all mutants), then each surviving mutant with the line it changed.
``--again`` re-runs only the survivors of the last run (after adding tests); ``--diffs``
shows each survivor's whole diff. Mutants, stats and results live in ``mutants/``
(git-ignored); ``mutmut show NAME`` there shows one mutant.

Equivalent mutants (no test can tell them apart) are excluded line by line with
``# pragma: no mutate`` and a comment saying why; tools/README.md lists them.
Like the benchmarks this is not part of CI: one module takes minutes.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

# Module (or package) -> the test files that exercise it. Globs, so a test module split
# in two (test_checks.py -> test_checks_numbers.py) stays covered.
TESTS = {
    "briefing/glossary/matcher.py": ["tests/test_matcher*.py"],
    "briefing/qa": ["tests/test_checks*.py", "tests/test_qa*.py"],
    "briefing/protect/restore.py": ["tests/test_restoration*.py"],
    "briefing/ingest/cleaner.py": ["tests/test_cleaner*.py"],
}


def target_of(name: str) -> Path:
    """``name`` as a path relative to the repository: a .py module or a package folder."""
    if not name.endswith(".py") and "/" not in name:
        name = name.replace(".", "/")
    path = Path(name)
    if (ROOT / path).is_dir():
        return path
    return path if path.suffix == ".py" else path.with_suffix(".py")


def tests_for(target: Path) -> list[str]:
    """The test files of ``target``: its own entry, or the entry of its package."""
    for key, patterns in TESTS.items():
        if target == Path(key) or Path(key) in target.parents:
            files = sorted({str(p.relative_to(ROOT)) for pat in patterns for p in ROOT.glob(pat)})
            if files:
                return files
    sys.exit(f"no tests are listed for {target} in tools/mutation.py TESTS")


def modules_of(target: Path) -> list[Path]:
    if target.suffix == ".py":
        return [target]
    return sorted(p.relative_to(ROOT) for p in (ROOT / target).rglob("*.py"))


def results(modules: list[Path]) -> dict[str, str]:
    """Mutant name -> status, read from mutmut's result files next to the mutated code."""
    from mutmut.stats import status_by_exit_code

    statuses: dict[str, str] = {}
    for module in modules:
        meta = ROOT / "mutants" / f"{module}.meta"
        if meta.exists():
            codes = json.loads(meta.read_text(encoding="utf-8"))["exit_code_by_key"]
            statuses.update({name: status_by_exit_code[code] for name, code in codes.items()})
    return statuses


def get_diff(name: str, module: Path) -> str:
    from mutmut.mutation.diff_apply import get_diff_for_mutant

    return get_diff_for_mutant(name, path=module)


def changed_lines(name: str, module: Path) -> list[str]:
    """The removed and added lines of a mutant's diff (its header left out)."""
    diff = get_diff(name, module).splitlines()
    return [line for line in diff[2:] if line[:1] in "+-" and line[1:].strip()]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("module", help="e.g. briefing/glossary/matcher.py or briefing.qa")
    parser.add_argument("--again", action="store_true", help="re-run the last survivors only")
    parser.add_argument("--diffs", action="store_true", help="print each survivor's diff")
    parser.add_argument("--jobs", type=int, default=1, help="mutants run at once (default 1)")
    args = parser.parse_args()

    os.chdir(ROOT)
    target = target_of(args.module)
    if not (ROOT / target).exists():
        sys.exit(f"{target}: no such module")
    modules = modules_of(target)
    tests = tests_for(target)

    names: list[str] = []
    if args.again:
        names = [n for n, s in results(modules).items() if s in ("survived", "timeout")]
        if not names:
            sys.exit("no survivors from a previous run of this module to re-run")
    else:
        # A fresh run: results of another module's run must not stand for this one.
        shutil.rmtree(ROOT / "mutants", ignore_errors=True)

    # mutmut reads [tool.mutmut] from pyproject.toml; the module and its tests are set here.
    from mutmut.__main__ import cli
    from mutmut.configuration import config

    cfg = config()
    cfg.only_mutate = [str(m) for m in modules]
    cfg.pytest_add_cli_args_test_selection = tests
    print(f"mutating {', '.join(map(str, modules))}\nwith {' '.join(tests)}", flush=True)
    try:
        cli(["run", "--max-children", str(args.jobs), *names], standalone_mode=False)
    except SystemExit as stop:
        if stop.code:
            raise

    statuses = results(modules)
    counts = Counter(statuses.values())
    total = len(statuses)
    caught = counts["killed"] + counts["timeout"]
    print()
    print(f"module   {target}")
    print(f"tests    {' '.join(tests)}")
    for status in ("killed", "survived", "timeout", "no tests"):
        print(f"{status:<9}{counts[status]}")
    others = {
        s: n for s, n in counts.items() if s not in ("killed", "survived", "timeout", "no tests")
    }
    if others:
        print("other    " + ", ".join(f"{s}: {n}" for s, n in sorted(others.items())))
    print(f"score    {100 * caught / total:.1f}% ({caught} of {total})" if total else "no mutants")
    survivors = sorted(n for n, s in statuses.items() if s != "killed" and s != "timeout")
    if survivors:
        print(f"\nnot killed ({len(survivors)}):")
    by_module = {str(m).removesuffix(".py").replace("/", "."): m for m in modules}
    for name in survivors:
        module = by_module[name.rsplit(".", 1)[0]]
        print(f"  {name} [{statuses[name]}]")
        if args.diffs:
            print(get_diff(name, module))
        else:
            for line in changed_lines(name, module):
                print(f"      {line[0]} {line[1:].strip()}")


if __name__ == "__main__":
    main()
