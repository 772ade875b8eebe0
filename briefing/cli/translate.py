"""``translate`` and ``build``."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

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
            "--format", "-f", help="text: the English; md: both languages; json: everything."
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
