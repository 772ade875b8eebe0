"""Throughput and memory of briefing's translation against its ceiling and Argos Translate.

    python bench/bench_translate.py --model PATH [--model PATH ...] [--articles N]
        [--sweep threads|batch|chunk|beam] [--repeat R] [--out results.jsonl]

PATH is an installed package folder (e.g. from make_random_model.py) or an
``.argosmodel`` archive (unpacked to a temporary folder). Paragraphs are the title and
the non-empty lines of ``content`` of each article of the SaudiNewsNet sample; ``--articles
N`` keeps the first N articles. Every side runs in its own subprocess, so peak RSS is
per side, and times start once the model is loaded and has translated one warm-up
sentence. See bench/README.md for what each side does and why it is fair.
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
import zipfile
from collections.abc import Callable
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT.parent / "shared" / "corpus" / "saudinewsnet-275.jsonl"
WARMUP = "قال المتحدث إن الاجتماع سيعقد غدا في الرياض."

# Argos Translate 1.11 (argostranslate/settings.py and translate.py): its defaults.
ARGOS_BEAM = 4
ARGOS_BATCH_TOKENS = 32
ARGOS_INTER, ARGOS_INTRA, ARGOS_COMPUTE = 1, 0, "auto"
# Argos leaves CTranslate2's max_input_length=1024; the demo model has 512 positions and
# Argos as is fails on the corpus's longest sentences with it ("No position encodings
# are defined for positions >= 512"). No sentence reaches 512 tokens of the random model.
ARGOS_MAX_INPUT = 512


@dataclass(frozen=True)
class Side:
    """One measured configuration; ``kind`` is a (pipeline), b (ceiling) or c (Argos)."""

    kind: str
    label: str
    beam: int
    inter: int
    intra: int  # 0: CTranslate2's own default
    compute: str
    max_batch_tokens: int = 0  # 0: the engine's default
    chunk_units: int = 0  # 0: the engine's default


@dataclass
class Result:
    side: Side
    model: str
    seconds: float
    cpu_seconds: float
    load_seconds: float
    peak_rss_mb: float
    paragraphs: int
    sentences: int
    decoded: int  # sentences actually sent to the model (the pipeline skips duplicates)
    source_tokens: int
    target_tokens: int
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def sentences_per_s(self) -> float:
        return self.sentences / self.seconds

    @property
    def tokens_per_s(self) -> float:
        return self.source_tokens / self.seconds


# -- corpus ----------------------------------------------------------------------------
def load_paragraphs(articles: int | None) -> list[list[str]]:
    """Per article: the title, then each non-empty line of the content."""
    out: list[list[str]] = []
    with CORPUS.open(encoding="utf-8") as handle:
        for line in handle:
            row = json.loads(line)
            body = [p.strip() for p in row["content"].split("\n") if p.strip()]
            out.append([row["title"].strip(), *body])
            if articles is not None and len(out) >= articles:
                break
    return out


def sentences_of(paragraph: str) -> list[str]:
    """The sentences briefing translates: its segmenter, stripped (as pipeline does)."""
    from briefing.text.segment import split_sentences

    return [s.strip() for s in split_sentences(paragraph) if s.strip()]


# -- workers (run in a subprocess each) ------------------------------------------------
def _engine(side: Side) -> Any:
    import briefing.mt.engine as engine_module
    from briefing.mt.engine import DecodeOptions, Engine
    from briefing.mt.packages import select_model

    if side.intra == 0:
        # DecodeOptions.threads=0 means "the engine's default"; to measure CTranslate2's
        # own default (intra_threads=0) the engine's default is made 0 here.
        engine_module.default_threads = lambda: 0
    if side.chunk_units:
        engine_module.CHUNK_UNITS = side.chunk_units
    options = DecodeOptions(
        beam_size=side.beam or None,
        threads=side.intra,
        inter_threads=side.inter,
        compute_type="default" if side.compute == "engine" else side.compute,
        max_batch_tokens=side.max_batch_tokens or engine_module.DEFAULT_MAX_BATCH_TOKENS,
    )
    return Engine(select_model(os.environ["BENCH_MODEL_ID"]), options)


class _Counting:
    """Wraps the engine's Translator to count the tokens in and out (negligible cost)."""

    def __init__(self, inner: Any) -> None:
        self.inner = inner
        self.source_tokens = self.target_tokens = 0

    def translate_batch(self, batch: list[list[str]], **kwargs: Any) -> Any:
        results = self.inner.translate_batch(batch, **kwargs)
        self.source_tokens += sum(len(tokens) for tokens in batch)
        if kwargs.get("asynchronous"):  # the engine queues chunks: count as they finish
            return [_CountingFuture(self, future) for future in results]
        self.target_tokens += sum(len(r.hypotheses[0]) for r in results)
        return results


class _CountingFuture:
    def __init__(self, counter: _Counting, inner: Any) -> None:
        self.counter, self.inner = counter, inner

    def result(self) -> Any:
        result = self.inner.result()
        self.counter.target_tokens += len(result.hypotheses[0])
        return result


def pipeline_units(paragraphs: list[list[str]]) -> list[Any]:
    """The units the pipeline decodes: each distinct sentence with its protected spans."""
    from briefing.mt.engine import Unit
    from briefing.protect.protector import Protector

    protector = Protector()
    units: dict[tuple[Any, ...], Unit] = {}
    for article in paragraphs:
        for paragraph in article:
            for sentence in sentences_of(paragraph):
                unit = Unit(sentence, tuple(protector.spans(sentence, [])))
                units.setdefault((unit.text, unit.spans), unit)
    return list(units.values())


def run_pipeline(side: Side, paragraphs: list[list[str]]) -> dict[str, Any]:
    """(a) briefing end to end: articles in, translated articles out, no cache."""
    from briefing.document import Article, Paragraph
    from briefing.mt.engine import Unit
    from briefing.pipeline import RunStats, translate_articles, translate_units

    engine = _engine(side)
    start = time.perf_counter()
    translate_units(engine, [Unit(WARMUP)])  # loads the model
    load = time.perf_counter() - start
    counter = _Counting(engine._translator)
    engine._translator = counter
    articles = [Article(title=p[0], paragraphs=[Paragraph(t) for t in p[1:]]) for p in paragraphs]
    stats = RunStats()
    cpu, start = time.process_time(), time.perf_counter()
    translated = translate_articles(articles, engine, None, stats=stats)
    seconds, cpu = time.perf_counter() - start, time.process_time() - cpu
    assert len(translated) == len(articles)
    return {
        "seconds": seconds,
        "cpu_seconds": cpu,
        "load_seconds": load,
        "decoded": stats.decoded,
        "source_tokens": counter.source_tokens,
        "target_tokens": counter.target_tokens,
        "extra": {"restored": stats.restored},
    }


def run_ceiling(side: Side, paragraphs: list[list[str]]) -> dict[str, Any]:
    """(b) one translate_batch call over the pipeline's own token lists, same options."""
    from briefing.mt.engine import Unit
    from briefing.pipeline import translate_units

    engine = _engine(side)
    start = time.perf_counter()
    translate_units(engine, [Unit(WARMUP)])
    load = time.perf_counter() - start
    # Exactly what (a) decodes: its distinct sentences, tokenized by the engine itself.
    batch = [piece.tokens for piece in engine.pieces(pipeline_units(paragraphs))]
    prefix = engine.model.target_prefix
    cpu, start = time.process_time(), time.perf_counter()
    results = engine._translator.translate_batch(
        batch,
        target_prefix=[[prefix] for _ in batch] if prefix else None,
        beam_size=engine.beam_size,
        length_penalty=engine.length_penalty,
        max_batch_size=engine.options.max_batch_tokens,
        batch_type="tokens",
        return_scores=True,
        return_attention=True,
        replace_unknowns=True,
        max_input_length=0,
        max_decoding_length=engine._decoding_limit(batch),
    )
    seconds, cpu = time.perf_counter() - start, time.process_time() - cpu
    return {
        "seconds": seconds,
        "cpu_seconds": cpu,
        "load_seconds": load,
        "decoded": len(batch),
        "source_tokens": sum(len(t) for t in batch),
        "target_tokens": sum(len(r.hypotheses[0]) for r in results),
    }


def argos_paragraph(pkg: Any, translator: Any, paragraph: str, beam: int) -> tuple[str, int, int]:
    """argostranslate.translate.apply_packaged_translation (1.11) with num_hypotheses=1,
    our segmenter standing in for its stanza/minisbd sentencizer.
    Returns (translation, source tokens, target tokens)."""
    sentences = sentences_of(paragraph)
    tokenized = [pkg.tokenizer.encode(sentence) for sentence in sentences]
    target_prefix = None
    if pkg.target_prefix != "":
        target_prefix = [[pkg.target_prefix]] * len(tokenized)
    translated_batches = translator.translate_batch(
        tokenized,
        target_prefix=target_prefix,
        replace_unknowns=True,
        max_batch_size=ARGOS_BATCH_TOKENS,
        batch_type="tokens",
        beam_size=max(1, beam),
        num_hypotheses=1,
        length_penalty=0.2,
        return_scores=True,
        max_input_length=ARGOS_MAX_INPUT,  # the one change: see ARGOS_MAX_INPUT
    )
    translated_tokens: list[str] = []
    cumulative_score = 0.0
    for translated_batch in translated_batches:
        translated_tokens.extend(translated_batch.hypotheses[0])
        cumulative_score += translated_batch.scores[0]
    value = pkg.tokenizer.decode(translated_tokens)
    if pkg.target_prefix != "" and value.startswith(pkg.target_prefix):
        value = value[len(pkg.target_prefix) :]
    if len(value) > 0 and value[0] == " ":
        value = value[1:]
    return value, sum(map(len, tokenized)), len(translated_tokens)


def run_argos(side: Side, paragraphs: list[list[str]]) -> dict[str, Any]:
    """(c) Argos Translate's strategy: one translate_batch call per paragraph."""
    import ctranslate2
    from argostranslate.package import Package

    from briefing.mt.packages import select_model

    start = time.perf_counter()
    pkg = Package(select_model(os.environ["BENCH_MODEL_ID"]).path)
    translator = ctranslate2.Translator(
        str(pkg.package_path / "model"),
        device="cpu",
        inter_threads=side.inter,
        intra_threads=side.intra,
        compute_type=side.compute,
    )
    argos_paragraph(pkg, translator, WARMUP, side.beam)
    load = time.perf_counter() - start
    source_tokens = target_tokens = 0
    cpu, start = time.process_time(), time.perf_counter()
    for article in paragraphs:
        for paragraph in article:
            _, src, tgt = argos_paragraph(pkg, translator, paragraph, side.beam)
            source_tokens += src
            target_tokens += tgt
    seconds, cpu = time.perf_counter() - start, time.process_time() - cpu
    return {
        "seconds": seconds,
        "cpu_seconds": cpu,
        "load_seconds": load,
        "decoded": sum(len(sentences_of(p)) for a in paragraphs for p in a),
        "source_tokens": source_tokens,
        "target_tokens": target_tokens,
    }


WORKERS: dict[str, Callable[[Side, list[list[str]]], dict[str, Any]]] = {
    "a": run_pipeline,
    "b": run_ceiling,
    "c": run_argos,
}


def worker(spec: str) -> None:
    config = json.loads(spec)
    side = Side(**config["side"])
    paragraphs = load_paragraphs(config["articles"])
    measured = WORKERS[side.kind](side, paragraphs)
    measured["peak_rss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    measured["paragraphs"] = sum(len(a) for a in paragraphs)
    measured["sentences"] = sum(len(sentences_of(p)) for a in paragraphs for p in a)
    print(json.dumps(measured))


# -- driver ----------------------------------------------------------------------------
def prepare_model(path: Path, work: Path) -> tuple[Path, str]:
    """A packages folder holding only this model, and the model's id."""
    folder = work / f"packages-{len(list(work.iterdir()))}"
    folder.mkdir()
    if path.is_file():
        with zipfile.ZipFile(path) as archive:
            archive.extractall(folder)
        [model] = [p for p in folder.iterdir() if p.is_dir()]
    elif not (path / "metadata.json").is_file():
        # A converted CTranslate2 folder: installed (copied) into a models folder of its own.
        os.environ["BRIEFING_MODELS_DIR"] = str(folder / "models")
        from briefing.mt.install import install_folder

        return folder, install_folder(path).id
    else:
        model = folder / path.resolve().name
        model.symlink_to(path.resolve(), target_is_directory=True)
    return folder, model.name


def measure(side: Side, packages: Path, model_id: str, articles: int | None) -> Result:
    env = dict(os.environ, ARGOS_PACKAGES_DIR=str(packages), BENCH_MODEL_ID=model_id)
    env["BRIEFING_MODELS_DIR"] = str(packages / "models")
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT), env.get("PYTHONPATH")]))
    spec = json.dumps({"side": asdict(side), "articles": articles})
    done = subprocess.run(
        [sys.executable, __file__, "--worker", spec],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode != 0:
        raise SystemExit(f"side {side.label} failed:\n{done.stderr}")
    data = json.loads(done.stdout.strip().splitlines()[-1])
    return Result(side=side, model=model_id, extra=data.pop("extra", {}), **data)


def default_threads() -> int:
    from briefing.mt.engine import default_threads as engine_default

    return engine_default()


def standard_sides() -> list[Side]:
    """Pipeline and ceiling at beam 4 (Argos's, and every real family's default) and at
    beam 2 (the demo's default, the faster option), then Argos's own strategy."""
    from briefing.mt.engine import thread_split

    inter, intra = thread_split(default_threads())
    ours = Side("a", "", ARGOS_BEAM, inter, intra, "engine")
    return [
        replace(ours, label="a pipeline, beam 4"),
        replace(ours, kind="b", label="b ceiling, beam 4"),
        replace(ours, label="a pipeline, beam 2", beam=2),
        replace(ours, kind="b", label="b ceiling, beam 2", beam=2),
        Side("c", "c Argos, its defaults", ARGOS_BEAM, ARGOS_INTER, ARGOS_INTRA, ARGOS_COMPUTE),
        Side("c", "c Argos, our threads", ARGOS_BEAM, inter, intra, ARGOS_COMPUTE),
    ]


def sweep_sides(kind: str) -> list[Side]:
    from briefing.mt.engine import CHUNK_UNITS, DEFAULT_MAX_BATCH_TOKENS

    DEFAULT_BEAM_SIZE = 0  # 0: the model family's

    base = Side("a", "", DEFAULT_BEAM_SIZE, 1, default_threads(), "engine")  # grid sets threads
    if kind == "threads":
        grid = [(1, 0), (1, 1), (1, 2), (2, 1)]
        return [replace(base, label=f"a inter={i} intra={j}", inter=i, intra=j) for i, j in grid]
    if kind == "batch":
        sizes = sorted({512, 1024, DEFAULT_MAX_BATCH_TOKENS, 4096, 8192})
        return [replace(base, label=f"a batch={n} tokens", max_batch_tokens=n) for n in sizes]
    if kind == "chunk":
        sizes = sorted({128, CHUNK_UNITS, 2048, 100000})
        return [replace(base, label=f"a chunk={n} units", chunk_units=n) for n in sizes]
    if kind == "beam":
        return [replace(base, label=f"a beam={n}", beam=n) for n in (1, 2, 4)]
    raise SystemExit(f"unknown sweep {kind}")


def report(results: list[Result]) -> str:
    head = (
        "| model | side | sentences | src tokens | tgt tokens | seconds | CPU s | sent/s "
        "| src tok/s | peak RSS MB | load s |"
    )
    lines = [head, "|" + "---|" * 11]
    for r in results:
        lines.append(
            f"| {r.model} | {r.side.label} | {r.sentences} | {r.source_tokens} "
            f"| {r.target_tokens} | {r.seconds:.1f} | {r.cpu_seconds:.1f} "
            f"| {r.sentences_per_s:.2f} | {r.tokens_per_s:.0f} | {r.peak_rss_mb:.0f} "
            f"| {r.load_seconds:.2f} |"
        )
    return "\n".join(lines)


def ratios(results: list[Result]) -> list[str]:
    by_label = {(r.model, r.side.label): r for r in results}
    pairs = [
        ("a pipeline, beam 4", "b ceiling, beam 4", "(a)/(b) beam 4, target >= 0.95"),
        ("a pipeline, beam 2", "b ceiling, beam 2", "(a)/(b) beam 2, target >= 0.95"),
        (
            "a pipeline, beam 4",
            "c Argos, our threads",
            "(a)/(c) beam 4, same threads, target >= 2.5",
        ),
        ("a pipeline, beam 4", "c Argos, its defaults", "(a) beam 4 / (c) Argos defaults"),
        ("a pipeline, beam 2", "a pipeline, beam 4", "(a) beam 2 against beam 4, speed-up"),
    ]
    out = []
    for model in dict.fromkeys(r.model for r in results):
        for top, bottom, text in pairs:
            if (model, top) in by_label and (model, bottom) in by_label:
                x = by_label[(model, top)].seconds
                y = by_label[(model, bottom)].seconds
                out.append(f"{model}: {text}: {y / x:.2f}x")
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--worker", help=argparse.SUPPRESS)
    parser.add_argument("--model", type=Path, action="append", default=[])
    parser.add_argument("--articles", type=int, default=None, help="first N articles only")
    parser.add_argument("--sweep", choices=["threads", "batch", "chunk", "beam"])
    parser.add_argument("--sides", default="", help="comma-separated labels to keep")
    parser.add_argument("--repeat", type=int, default=1, help="keep each side's fastest run")
    parser.add_argument("--out", type=Path, help="append results as JSON lines")
    args = parser.parse_args(argv)
    if args.worker:
        worker(args.worker)
        return 0
    if not args.model:
        parser.error("give at least one --model")
    sides = sweep_sides(args.sweep) if args.sweep else standard_sides()
    if args.sides:
        keep = [s.strip() for s in args.sides.split(",")]
        sides = [s for s in sides if any(k in s.label for k in keep)]
    results: list[Result] = []
    with tempfile.TemporaryDirectory(prefix="bench-") as work:
        for path in args.model:
            packages, model_id = prepare_model(path, Path(work))
            argos = (packages / model_id / "metadata.json").is_file()
            best: dict[str, Result] = {}
            for _ in range(args.repeat):  # interleaved, so load changes hit every side
                # Argos's own strategy (c) needs an Argos package.
                for side in (s for s in sides if argos or s.kind != "c"):
                    result = measure(side, packages, model_id, args.articles)
                    print(f"  {model_id} {side.label}: {result.seconds:.1f} s", file=sys.stderr)
                    if side.label not in best or result.seconds < best[side.label].seconds:
                        best[side.label] = result
            results += best.values()
    print(report(results))
    for line in ratios(results):
        print(line)
    if args.out:
        with args.out.open("a", encoding="utf-8") as handle:
            for r in results:
                row = asdict(r)
                row.update(sentences_per_s=r.sentences_per_s, tokens_per_s=r.tokens_per_s)
                handle.write(json.dumps(row) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
