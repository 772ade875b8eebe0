"""Long fuzz run of the renderers, by hand: the suite's properties with many more examples.

    python tools/fuzz_render.py [HTML_EXAMPLES] [DOCX_EXAMPLES]

Uses the strategies and checks of tests/test_render_fuzz.py; prints the counts and the
time taken, and exits non-zero (with Hypothesis's minimal failing example) on a failure.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

from hypothesis import HealthCheck, given, settings

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]

import test_render_fuzz as fuzz  # noqa: E402


def run(name: str, check: object, examples: int) -> None:
    count = 0

    @settings(
        max_examples=examples, deadline=None, database=None, suppress_health_check=list(HealthCheck)
    )
    @given(fuzz.articles())
    def prop(items: list[fuzz.TranslatedArticle]) -> None:
        nonlocal count
        count += 1
        check(items)  # type: ignore[operator]

    start = time.perf_counter()
    prop()
    print(f"{name}: {count} examples passed in {time.perf_counter() - start:.0f} s", flush=True)


def main(argv: list[str]) -> int:
    html = int(argv[0]) if argv else 100_000
    docx = int(argv[1]) if len(argv) > 1 else 10_000
    run("html+markdown", fuzz.check_html, html)
    run("docx", fuzz.check_docx, docx)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
