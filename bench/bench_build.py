"""`briefing build` over the 275-article corpus: time per stage and peak memory.

    python bench/bench_build.py [--model ID] [--formats docx,html,md,json]

Each format runs in its own subprocess (peak RSS is that process's ``ru_maxrss``), with
the demo model unless --model names another installed one, and no translation memory,
so every run decodes everything. Stages are timed apart: read (reader and cleaner),
translate (segment, protect, decode, restore, check) and render (template and write).
A last line times the whole CLI (`python -m briefing build`) once per format, to show
what a user waits for.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT.parent / "shared" / "corpus" / "saudinewsnet-275.jsonl"


def one_run(fmt: str, model_id: str, out_dir: Path) -> dict[str, object]:
    """Runs in the child: read, translate and render, each timed."""
    from briefing.api import BuildRequest, Settings, read_inputs, translate
    from briefing.render.meta import BriefingMeta
    from briefing.workspace import resolve_glossary, resolve_template, resolve_templates

    settings = Settings(model_id=model_id, use_cache=False, glossary_path=resolve_glossary(None))
    request = BuildRequest(inputs=[CORPUS], output=out_dir / f"corpus.{fmt}", output_format=fmt)
    t0 = time.perf_counter()
    articles, _ = read_inputs(request.inputs, max_bytes=request.max_input_bytes)
    t1 = time.perf_counter()
    result = translate(articles, settings)
    t2 = time.perf_counter()
    meta = BriefingMeta(title="Bench", model=result.model, glossary_name="default")
    if fmt == "docx":
        from briefing.render.docx import render_docx

        render_docx(
            result.articles,
            request.output,
            template=resolve_template(None, "briefing.docx"),
            meta=meta,
        )
    else:
        import briefing.render.text as render_text
        from briefing.files import write_text_atomic

        if fmt == "html":
            text = render_text.render_html(result.articles, meta, resolve_templates())
        elif fmt == "md":
            text = render_text.render_markdown(result.articles, meta)
        else:
            from briefing.render.jsondoc import render_json

            text = render_json(result.articles, meta)
        write_text_atomic(request.output, text)
    t3 = time.perf_counter()
    return {
        "format": fmt,
        "articles": len(articles),
        "sentences": result.stats.sentences,
        "read_s": round(t1 - t0, 2),
        "translate_s": round(t2 - t1, 2),
        "render_s": round(t3 - t2, 2),
        "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
        "output_mb": round(request.output.stat().st_size / 1e6, 2),
    }


def cli_run(fmt: str, model_id: str, out_dir: Path) -> float:
    start = time.perf_counter()
    subprocess.run(
        [
            sys.executable,
            "-m",
            "briefing",
            "-q",
            "build",
            str(CORPUS),
            "--no-cache",
            "--model",
            model_id,
            "-o",
            str(out_dir / f"cli.{fmt}"),
            "--force",
        ],
        check=True,
    )
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", default="briefing-demo-ar_en")
    parser.add_argument("--formats", default="docx,html,md,json")
    parser.add_argument("--child", help=argparse.SUPPRESS)
    args = parser.parse_args()
    out_dir = Path(os.environ.get("BENCH_OUT") or tempfile.mkdtemp(prefix="bench-build-"))
    if args.child:
        print(json.dumps(one_run(args.child, args.model, out_dir)))
        return
    env = {**os.environ, "BENCH_OUT": str(out_dir)}
    if "ARGOS_PACKAGES_DIR" not in os.environ:  # a private package folder with the demo
        env["ARGOS_PACKAGES_DIR"] = str(out_dir / "packages")
        subprocess.run(
            [sys.executable, "-m", "briefing", "-q", "model", "install", "--demo"],
            env=env,
            check=True,
        )
    os.environ.update(env)  # for the CLI runs below
    for fmt in args.formats.split(","):
        done = subprocess.run(
            [sys.executable, __file__, "--child", fmt, "--model", args.model],
            env=env,
            capture_output=True,
            text=True,
            check=True,
        )
        print(done.stdout.strip().splitlines()[-1])
    for fmt in args.formats.split(","):
        print(
            json.dumps({"format": fmt, "cli_wall_s": round(cli_run(fmt, args.model, out_dir), 2)})
        )


if __name__ == "__main__":
    main()
