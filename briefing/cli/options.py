"""Options shared by several commands, with choices and defaults from ``briefing.choices``."""

from __future__ import annotations

from contextlib import AbstractContextManager, nullcontext
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from briefing.choices import MAX_BEAM_SIZE, RAY_AUTO, BadLine, Device
from briefing.cli.app import info, warn
from briefing.text.plural import plural

if TYPE_CHECKING:  # annotations only: the core loads inside the commands, after parsing
    from briefing.api import Backend, RunResult, Settings
    from briefing.document import ModelInfo, TranslatedArticle

# -- shared options ---------------------------------------------------------------------
ModelOpt = Annotated[
    str | None,
    typer.Option(
        "--model", help="Installed model id (see `briefing model list`). Default: the best."
    ),
]
BeamOpt = Annotated[
    int | None,
    typer.Option(
        "--beam-size",
        min=1,
        max=MAX_BEAM_SIZE,
        metavar="N",
        help="Beam width: 1 is fastest. Default: the model's (see `briefing model list`).",
    ),
]
DeviceOpt = Annotated[Device, typer.Option("--device", help="Where to run the model.")]
ThreadsOpt = Annotated[
    int,
    typer.Option(
        "--threads",
        min=0,
        help="CPU threads in all, shared by two batches decoded side by side; 0: the cores, at most 4.",
    ),
]
NoCacheOpt = Annotated[
    bool, typer.Option("--no-cache", help="Do not read or write the translation memory.")
]
GlossaryOpt = Annotated[
    Path | None,
    typer.Option(
        "--glossary",
        help="Glossary CSV file or folder. Default: the glossary/ of the workspace you are in "
        "(this folder or one above it), else your own glossary (once edited), else the "
        "built-in one.",
    ),
]
NoGlossaryOpt = Annotated[
    bool,
    typer.Option("--no-glossary", help="Do not protect glossary names (Latin and numbers only)."),
]
MaxSizeOpt = Annotated[
    int,
    typer.Option(
        "--max-input-size",
        min=1,
        help="Refuse input files larger than this many megabytes.",
    ),
]
BadLineOpt = Annotated[
    BadLine,
    typer.Option(
        "--on-bad-line",
        help="A broken .jsonl line or .json record: stop with an error, or skip it.",
    ),
]
NoRepairOpt = Annotated[
    bool,
    typer.Option(
        "--no-term-repair",
        help="Do not place names the model mangled or dropped (by attention); flag them.",
    ),
]
ForceOpt = Annotated[bool, typer.Option("--force", help="Replace an existing output file.")]
NoApprovedOpt = Annotated[
    bool,
    typer.Option(
        "--no-approved",
        help="Ignore the approved memory: the model translates every paragraph, none is suggested.",
    ),
]

RayOpt = Annotated[
    str | None,
    typer.Option(
        "--ray",
        metavar="[ADDRESS]",
        help=f"Translate on a Ray cluster: its address (host:port), or {RAY_AUTO} (or nothing) "
        "for a new local one. Needs pip install 'briefing\\[ray]'.",
    ),
]
RayActorsOpt = Annotated[
    int,
    typer.Option(
        "--ray-actors", min=0, help="Actors, each with the model loaded; 0: as many as fit."
    ),
]
RayThreadsOpt = Annotated[
    int, typer.Option("--ray-threads", min=1, help="CPU threads (and Ray CPUs) per actor.")
]
RayBatchOpt = Annotated[
    int,
    typer.Option(
        "--ray-batch",
        min=0,
        help="Sentences per actor call; 0: a local run's calls (then the output is the same).",
    ),
]
RayModelDirOpt = Annotated[
    Path | None,
    typer.Option(
        "--ray-model-dir",
        help="The model's folder on the Ray nodes. Default: the same path as here.",
    ),
]


def ray_value(args: list[str]) -> list[str]:
    """``--ray`` given no value (last, or before another option) means ``--ray auto``:
    click's optional values are not reachable through Typer."""
    filled = list(args)
    for index, arg in enumerate(args):
        if arg == "--":
            break
        following = args[index + 1] if index + 1 < len(args) else "-"
        if arg == "--ray" and following.startswith("-"):
            filled.insert(index + 1 + len(filled) - len(args), RAY_AUTO)
    return filled


def ray_backend(
    address: str | None, actors: int, threads: int, batch: int, model_dir: Path | None
) -> AbstractContextManager[Backend | None]:
    """The Ray backend for ``--ray`` (left when the command ends), or none."""
    if address is None:
        return nullcontext(None)
    from briefing.cluster.driver import RayBackend, RayOptions
    from briefing.errors import UsageError

    if address != RAY_AUTO and Path(address).exists():  # `--ray articles/ -o x`
        raise UsageError(
            f"--ray took '{address}' for the cluster's address; put --ray after the "
            f"files, or write --ray {RAY_AUTO}"
        )
    return RayBackend(RayOptions(address, actors, threads, batch, model_dir))


def settings_from(
    model: str | None,
    beam_size: int | None,
    device: Device,
    threads: int,
    no_cache: bool,
    glossary: Path | None,
    no_glossary: bool,
    no_term_repair: bool = False,
    no_approved: bool = False,
) -> Settings:
    from briefing.api import Settings
    from briefing.mt.engine import DecodeOptions
    from briefing.workspace import glossary_label, resolve_glossary

    glossary_path = None if no_glossary else resolve_glossary(glossary)
    return Settings(
        model_id=model,
        options=DecodeOptions(
            beam_size=beam_size,
            device=device.value,
            threads=threads,
            repair_terms=not no_term_repair,
        ),
        use_cache=not no_cache,
        glossary_path=glossary_path,
        glossary_label=glossary_label(glossary_path, glossary is not None) if glossary_path else "",
        use_approved=not no_approved,
    )


def _articles(result: RunResult) -> str:
    related = sum(_related(article) for article in result.articles)
    line = plural(len(result.articles), "article")
    return line + (f" (+ {related} related)" if related else "")


def _related(article: TranslatedArticle) -> int:
    return sum(1 + _related(child) for child in article.related)


def report(result: RunResult, output: str) -> None:
    """Warnings, then with -v what each stage did and took: the counts add up, the
    sentences said twice in the input are translated once and counted as repeats."""
    for message in result.warnings:
        warn(message)
    stats, timings = result.stats, result.timings
    repeated = stats.sentences - stats.decoded - stats.cached
    info(f"read: {_articles(result)} in {timings.get('read', 0.0):.2f} s")
    info(
        f"translate: {plural(stats.sentences, 'sentence')} = {stats.decoded} decoded + "
        f"{stats.cached} from the translation memory + {repeated} repeats of a sentence "
        f"already counted, in {timings.get('translate', 0.0):.2f} s "
        f"with {result.model.id} {result.model.version}"
    )
    reuse = result.reuse
    if reuse.approved or reuse.partly or reuse.suggestions:
        info(
            f"approved memory: {reuse.approved} paragraphs approved whole, {reuse.partly} "
            f"partly, {reuse.suggestions} with a fuzzy suggestion (in the JSON)"
        )
    info(f"render: {output} in {timings.get('render', 0.0):.2f} s")
    demo_notice(result.model)


def demo_notice(model: ModelInfo) -> None:
    """The warning that the English came from a demo model, when it did."""
    if model.bundled:
        warn(
            "no model is installed, so the bundled demo model was used: it only translates "
            "sentences like those in examples/; `briefing model install` gets the real model"
        )
    elif model.demo:
        warn(
            f"'{model.id}' is a demo model trained on synthetic sentences: "
            "real news needs the real model (`briefing model install`)"
        )
