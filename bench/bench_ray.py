"""Ray's overhead on one host: articles/s of a local run and of ``--ray`` with 1 and 2
actors, side by side in one process, on the corpus.

    python bench/bench_ray.py [--model PATH] [--articles N] [--ray-batch N] [--repeat N]

PATH is an Argos package folder (e.g. ``tools/make_replicas.py OUT --size base``'s
``OUT/argos-sp``); without it, the bundled demo model. Every side translates the same
articles with no translation memory (all sentences decoded) and the default glossary:
``local`` (threads 2 = two batches side by side), ``ray 1×2`` (one actor, two threads)
and ``ray 2×1`` (two actors of one thread), on one local cluster started with
``num_cpus=2`` (its start is timed apart). A Ray side's time includes its actors
starting and loading the model, as a user's run does. ``same`` says whether its JSON is
the local run's byte for byte (it is at ``--ray-batch 0``, the local engine's calls of
1,024 sentences; a run of fewer sentences is then one call, which one actor decodes).
Best of ``--repeat``, the sides interleaved. Run by hand, nothing else running.
"""

from __future__ import annotations

import argparse
import logging
import os
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT.parent / "shared" / "corpus" / "saudinewsnet-275.jsonl"
if not CORPUS.is_file():
    CORPUS = Path("/work/shared/corpus/saudinewsnet-275.jsonl")


def use_model(path: Path | None) -> str | None:
    """The model id to select: PATH linked into a packages folder of its own."""
    if path is None:
        return None
    folder = Path(tempfile.mkdtemp(prefix="bench-ray-"))
    os.environ["ARGOS_PACKAGES_DIR"] = str(folder)
    (folder / path.resolve().name).symlink_to(path.resolve(), target_is_directory=True)
    return path.resolve().name


def run_side(side: str, articles: list[Any], settings: Any, batch: int) -> tuple[float, str, int]:
    from briefing import api
    from briefing.choices import TextFormat
    from briefing.cluster.driver import RayBackend, RayOptions

    start = time.perf_counter()
    if side == "local":
        result = api.translate(articles, settings)
    else:
        actors, threads = (1, 2) if side == "ray 1×2" else (2, 1)
        with RayBackend(RayOptions(actors=actors, threads=threads, batch_size=batch)) as ray:
            result = api.translate(articles, settings, backend=ray)
    seconds = time.perf_counter() - start
    return seconds, api.render_translation(result, TextFormat.json), result.stats.decoded


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--model", type=Path, default=None)
    parser.add_argument("--articles", type=int, default=275)
    parser.add_argument("--ray-batch", type=int, default=0)
    parser.add_argument("--repeat", type=int, default=1)
    args = parser.parse_args()
    os.environ.setdefault("BRIEFING_CACHE_DIR", tempfile.mkdtemp(prefix="bench-ray-cache-"))

    import ray

    from briefing import api
    from briefing.workspace import resolve_glossary

    model_id = use_model(args.model)
    settings = api.Settings(
        model_id=model_id, use_cache=False, use_approved=False, glossary_path=resolve_glossary(None)
    )
    articles, _ = api.read_inputs([CORPUS], max_bytes=50 * 1024 * 1024)
    articles = articles[: args.articles]
    sides = ["local", "ray 1×2", "ray 2×1"]
    best: dict[str, float] = {}
    outputs: dict[str, str] = {}
    started = time.perf_counter()
    ray.init(num_cpus=2, include_dashboard=False, log_to_driver=False, logging_level=logging.ERROR)
    cluster_start = time.perf_counter() - started
    for _ in range(args.repeat):
        for side in sides:
            seconds, outputs[side], decoded = run_side(side, articles, settings, args.ray_batch)
            best[side] = min(best.get(side, seconds), seconds)
    ray.shutdown()
    print(
        f"model {model_id or 'bundled demo'}, {len(articles)} articles ({decoded} sentences "
        f"decoded), --ray-batch {args.ray_batch}, best of {args.repeat}; "
        f"cluster start {cluster_start:.1f} s"
    )
    print("| side | seconds | articles/s | local/side | same JSON |")
    print("|---|---|---|---|---|")
    for side in sides:
        same = "yes" if outputs[side] == outputs["local"] else "no"
        print(
            f"| {side} | {best[side]:.1f} | {len(articles) / best[side]:.2f} | "
            f"{best['local'] / best[side]:.2f} | {same} |"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
