"""``translate`` and ``build``."""

from __future__ import annotations

from contextlib import ExitStack
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from briefing.choices import (
    DEFAULT_MAX_INPUT_MB,
    DEFAULT_RAY_THREADS,
    INPUT_SUFFIXES,
    SUFFIX_FORMATS,
    BadLine,
    Device,
    OutputFormat,
    TextFormat,
    listed,
)
from briefing.cli.app import (
    State,
    app,
    check_stdout,
    err,
    handled,
    info,
    note,
    out,
    progress_bar,
    warn,
)
from briefing.cli.options import (
    BadLineOpt,
    BeamOpt,
    DeviceOpt,
    ForceOpt,
    GlossaryOpt,
    MaxSizeOpt,
    ModelOpt,
    NoApprovedOpt,
    NoCacheOpt,
    NoGlossaryOpt,
    NoRepairOpt,
    RayActorsOpt,
    RayBatchOpt,
    RayModelDirOpt,
    RayOpt,
    RayThreadsOpt,
    ThreadsOpt,
    ray_backend,
    report,
    settings_from,
)
from briefing.text.plural import plural

if TYPE_CHECKING:
    from briefing.api import Backend, Settings


# -- translate ----------------------------------------------------------------------------
@app.command()
def translate(
    file: Annotated[
        Path,
        typer.Argument(help=f"Article file ({' '.join(INPUT_SUFFIXES)}), folder, or - for stdin."),
    ],
    output: Annotated[
        Path | None, typer.Option("-o", "--output", help="Write here instead of stdout.")
    ] = None,
    output_format: Annotated[
        TextFormat,
        typer.Option(
            "--format",
            "-f",
            help="text: the English; md: both languages; json: everything; jsonl: one JSON "
            "object a line per article, written as each is done (for feeds).",
        ),
    ] = TextFormat.text,
    model: ModelOpt = None,
    beam_size: BeamOpt = None,
    device: DeviceOpt = Device.cpu,
    threads: ThreadsOpt = 0,
    no_cache: NoCacheOpt = False,
    glossary: GlossaryOpt = None,
    no_glossary: NoGlossaryOpt = False,
    no_term_repair: NoRepairOpt = False,
    max_input_size: MaxSizeOpt = DEFAULT_MAX_INPUT_MB,
    on_bad_line: BadLineOpt = BadLine.stop,
    force: ForceOpt = False,
    no_approved: NoApprovedOpt = False,
    ray: RayOpt = None,
    ray_actors: RayActorsOpt = 0,
    ray_threads: RayThreadsOpt = DEFAULT_RAY_THREADS,
    ray_batch: RayBatchOpt = 0,
    ray_model_dir: RayModelDirOpt = None,
) -> None:
    """Translate one article to English.

    [bold]briefing translate article.txt[/]   prints the English.
    [bold]cat article.txt | briefing translate - --format json[/]   everything, as JSON.
    """
    with handled():
        from briefing import api
        from briefing.files import check_output, write_text_atomic

        if output is not None:
            check_output(output, force=force, inputs=[file])
        else:
            check_stdout()
        if output_format is TextFormat.jsonl:
            settings = settings_from(
                model, beam_size, device, threads, no_cache, glossary, no_glossary,
                no_term_repair, no_approved=no_approved,
            )  # fmt: skip
            backend = ray_backend(ray, ray_actors, ray_threads, ray_batch, ray_model_dir)
            with backend as on_ray:
                translate_feed(
                    file, output, settings, max_input_size * 1024 * 1024, on_bad_line, on_ray
                )
            return
        timings: dict[str, float] = {}
        with api.timed(timings, "read"):
            articles, skipped = api.read_inputs(
                [file],
                max_bytes=max_input_size * 1024 * 1024,
                on_bad_line=on_bad_line.value,
                progress=note,
            )
        for line in skipped:
            warn(line)
        settings = settings_from(
            model,
            beam_size,
            device,
            threads,
            no_cache,
            glossary,
            no_glossary,
            no_term_repair,
            no_approved=no_approved,
        )
        backend = ray_backend(ray, ray_actors, ray_threads, ray_batch, ray_model_dir)
        with backend as on_ray, progress_bar("Translating") as progress:
            result = api.translate(articles, settings, progress, on_ray)
        result.timings = timings | result.timings
        with api.timed(result.timings, "render"):
            text = api.render_translation(result, output_format)
            if output is not None:
                write_text_atomic(output, text)
        if output is None:
            out(text)
        report(result, str(output) if output else f"{output_format.value} on stdout")


def translate_feed(
    file: Path,
    output: Path | None,
    settings: Settings,
    max_bytes: int,
    on_bad_line: BadLine,
    backend: Backend | None = None,
) -> None:
    """``translate --format jsonl``: lines written as each chunk of articles is done."""
    from briefing import feed

    skipped: list[str] = []
    articles = feed.feed_articles(
        file, max_bytes=max_bytes, on_bad_line=on_bad_line.value, skipped=skipped, progress=note
    )
    where = str(output) if output else "stdout"
    written = [0]
    with ExitStack() as stack:
        handle = stack.enter_context(output.open("w", encoding="utf-8")) if output else None

        def write(text: str) -> None:
            if handle is None:
                out(text)
            else:
                handle.write(text)
                handle.flush()
            written[0] += text.count("\n")

        progress = stack.enter_context(progress_bar("Translating", unit="articles"))
        try:
            result = feed.translate_feed(articles, settings, write, progress, backend=backend)
        except KeyboardInterrupt:
            err.print(
                f"interrupted: {where} holds {plural(written[0], 'whole line')}; the same "
                "command again decodes nothing already done"
            )
            raise typer.Exit(130) from None
    for message in skipped + result.warnings:
        warn(message)
    stats = result.stats
    info(
        f"translate: {plural(stats.sentences, 'sentence')} = {stats.decoded} decoded + "
        f"{stats.cached} from the translation memory + "
        f"{stats.sentences - stats.decoded - stats.cached} repeats"
    )
    rate = result.articles / result.seconds if result.seconds else 0.0
    if not State.quiet:
        err.print(
            f"{plural(result.articles, 'article')} in {result.seconds:.1f} s "
            f"({rate:.1f} articles/s) to {where}",
            soft_wrap=True,
        )
    if result.model is not None and result.model.demo:
        warn(f"'{result.model.id}' is a demo model: real news needs the real model")


# -- build ---------------------------------------------------------------------------------
@app.command()
def build(
    articles: Annotated[
        list[Path],
        typer.Argument(help=f"Article files or folders ({' '.join(INPUT_SUFFIXES)})."),
    ],
    output: Annotated[
        Path,
        typer.Option(
            "-o",
            "--output",
            help=f"The briefing file to write: {listed(list(SUFFIX_FORMATS))}, or give --format.",
        ),
    ],
    output_format: Annotated[
        OutputFormat | None,
        typer.Option("--format", "-f", help="Output format. Default: from the -o suffix."),
    ] = None,
    title: Annotated[str | None, typer.Option("--title", help="Title on the cover.")] = None,
    template: Annotated[
        Path | None,
        typer.Option(
            "--template", help="A .docx template (or a folder with HTML/Markdown templates)."
        ),
    ] = None,
    no_related: Annotated[
        bool,
        typer.Option("--no-related", help="Leave out the 'read also' articles glued on the end."),
    ] = False,
    model: ModelOpt = None,
    beam_size: BeamOpt = None,
    device: DeviceOpt = Device.cpu,
    threads: ThreadsOpt = 0,
    no_cache: NoCacheOpt = False,
    glossary: GlossaryOpt = None,
    no_glossary: NoGlossaryOpt = False,
    no_term_repair: NoRepairOpt = False,
    max_input_size: MaxSizeOpt = DEFAULT_MAX_INPUT_MB,
    on_bad_line: BadLineOpt = BadLine.stop,
    force: ForceOpt = False,
    no_approved: NoApprovedOpt = False,
    ray: RayOpt = None,
    ray_actors: RayActorsOpt = 0,
    ray_threads: RayThreadsOpt = DEFAULT_RAY_THREADS,
    ray_batch: RayBatchOpt = 0,
    ray_model_dir: RayModelDirOpt = None,
) -> None:
    """Build one bilingual briefing (DOCX, HTML, Markdown or JSON) from many articles.

    [bold]briefing build articles/*.txt -o briefing.docx --title "Morning briefing"[/]
    [bold]briefing build feed.jsonl -o briefing.json --ray head:6379[/]   on a Ray cluster.
    """
    with handled():
        from briefing import api

        request = api.BuildRequest(
            inputs=articles,
            output=output,
            output_format=output_format.value if output_format else None,
            title=title,
            template=template,
            related=not no_related,
            force=force,
            max_input_bytes=max_input_size * 1024 * 1024,
            on_bad_line=on_bad_line.value,
            reading_progress=note,
        )
        settings = settings_from(
            model,
            beam_size,
            device,
            threads,
            no_cache,
            glossary,
            no_glossary,
            no_term_repair,
            no_approved=no_approved,
        )
        backend = ray_backend(ray, ray_actors, ray_threads, ray_batch, ray_model_dir)
        with backend as on_ray, progress_bar("Translating") as progress:
            result = api.build_briefing(request, settings, progress, on_ray)
        report(result, str(output))
        if not State.quiet:
            err.print(f"wrote {output} ({plural(len(result.articles), 'article')})")
