"""The approved memory's cost: a build of the 275-article corpus with 1,000 approved
paragraphs in the memory against an empty memory.

    python bench/bench_approved.py [--model ID] [--approved 1000] [--repeat 2]

Three memories, each in its own subprocess (model loaded and warmed up first), no
translation memory (every run decodes what it must):

- ``none``: no approved paragraph;
- ``near``: 1,000 approved paragraphs that are near copies of corpus paragraphs (their
  last words dropped), so none matches exactly and every lookup goes through the fuzzy
  index and scores its candidates: the most lookup work for the same decoding;
- ``exact``: 1,000 corpus paragraphs approved as they are (those are not decoded).

Reported, in seconds: read; lookup (``plan_reuse``: keys, the exact query, the fuzzy
index and its candidates); merge (``ReusePlan.merge``: glossary terms and QA checks of the
approved paragraphs, the work the pipeline does for the paragraphs it translates);
translate (the whole ``api.translate``, both included) and DOCX render; and lookup and
lookup + merge as shares of the build (read + translate + render).
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT.parent / "shared" / "corpus" / "saudinewsnet-275.jsonl"


def stock(memory: Path, kind: str, count: int) -> int:
    """Fill the approved memory at ``memory`` with ``count`` paragraphs of ``kind``."""
    from briefing.api import read_inputs
    from briefing.mt.approved import Approval, ApprovedMemory

    if kind == "none":
        return 0
    articles, _ = read_inputs([CORPUS], max_bytes=50 * 2**20)
    texts = list(dict.fromkeys(p.text for a in articles for p in a.paragraphs if len(p.text) > 60))
    chosen = texts[:: max(1, len(texts) // count)][:count]
    if kind == "near":
        chosen = [" ".join(text.split()[:-3]) for text in chosen]
    with ApprovedMemory(memory) as store:
        store.put(
            Approval(text, f"Approved English number {n}.", "bench")
            for n, text in enumerate(chosen)
        )
    return len(chosen)


def one_run(kind: str, model_id: str, count: int, folder: Path) -> dict[str, Any]:
    """Runs in the child: stock the memory, then read, translate and render, timed."""
    import briefing.api as api
    import briefing.review.reuse as reuse
    from briefing.render.docx import render_docx
    from briefing.render.meta import BriefingMeta
    from briefing.workspace import resolve_glossary, resolve_template

    memory = folder / f"{kind}.sqlite3"
    memory.unlink(missing_ok=True)
    approved = stock(memory, kind, count)
    lookup = [0.0, 0.0]  # plan, merge
    plan, merge = reuse.plan_reuse, reuse.ReusePlan.merge

    def timed_plan(*args: Any, **kwargs: Any) -> Any:
        start = time.perf_counter()
        try:
            return plan(*args, **kwargs)
        finally:
            lookup[0] += time.perf_counter() - start

    def timed_merge(self: Any, *args: Any) -> Any:
        start = time.perf_counter()
        try:
            return merge(self, *args)
        finally:
            lookup[1] += time.perf_counter() - start

    api.plan_reuse = timed_plan  # type: ignore[assignment]
    reuse.ReusePlan.merge = timed_merge  # type: ignore[method-assign]
    settings = api.Settings(
        model_id=model_id, use_cache=False, cache_path=memory, glossary_path=resolve_glossary(None)
    )
    warm = api.Settings(model_id=model_id, use_cache=False, use_approved=False)
    t0 = time.perf_counter()
    articles, _ = api.read_inputs([CORPUS], max_bytes=50 * 2**20)
    t1 = time.perf_counter()
    api.translate(articles[:1], warm)  # loads the model once, outside the clock
    t2 = time.perf_counter()
    result = api.translate(articles, settings)
    t3 = time.perf_counter()
    meta = BriefingMeta(title="Bench", model=result.model)
    render_docx(
        result.articles,
        folder / f"{kind}.docx",
        template=resolve_template(None, "briefing.docx"),
        meta=meta,
    )
    t4 = time.perf_counter()
    build = (t1 - t0) + (t3 - t2) + (t4 - t3)
    return {
        "memory": kind,
        "approved_in_memory": approved,
        "approved_used": result.reuse.approved,
        "suggestions": result.reuse.suggestions,
        "sentences_decoded": result.stats.decoded,
        "read_s": round(t1 - t0, 2),
        "lookup_s": round(lookup[0], 3),
        "merge_s": round(lookup[1], 3),
        "translate_s": round(t3 - t2, 2),
        "render_s": round(t4 - t3, 2),
        "build_s": round(build, 2),
        "lookup_share": round(lookup[0] / build, 4),
        "lookup_merge_share": round(sum(lookup) / build, 4),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", default="briefing-demo-ar_en")
    parser.add_argument("--approved", type=int, default=1000)
    parser.add_argument("--repeat", type=int, default=2)
    parser.add_argument("--child", help=argparse.SUPPRESS)
    args = parser.parse_args()
    folder = Path(os.environ.get("BENCH_OUT") or tempfile.mkdtemp(prefix="bench-approved-"))
    if args.child:
        print(json.dumps(one_run(args.child, args.model, args.approved, folder)))
        return
    env = {**os.environ, "BENCH_OUT": str(folder)}
    if "ARGOS_PACKAGES_DIR" not in os.environ:  # a private package folder with the demo
        env["ARGOS_PACKAGES_DIR"] = str(folder / "packages")
        subprocess.run(
            [sys.executable, "-m", "briefing", "-q", "model", "install", "--demo"],
            env=env,
            check=True,
        )
    for _ in range(args.repeat):
        for kind in ("none", "near", "exact"):
            command = [sys.executable, __file__, "--child", kind, "--model", args.model]
            command += ["--approved", str(args.approved)]
            done = subprocess.run(command, env=env, capture_output=True, text=True, check=True)
            print(done.stdout.strip().splitlines()[-1], flush=True)


if __name__ == "__main__":
    main()
