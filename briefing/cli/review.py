"""``review import|export`` and ``glossary suggest``: corrections in, CAT files out."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from briefing.choices import DEFAULT_MAX_INPUT_MB, BadLine, Device
from briefing.cli.app import App, State, app, err, glossary_app, handled, progress_bar, warn
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
    ThreadsOpt,
    demo_notice,
    report,
    settings_from,
)

if TYPE_CHECKING:
    from briefing.review_api import ReviewReport

review_app = App(
    help="Bring an analyst's corrections back: a reviewed briefing or a CAT tool's XLIFF.\n\n"
    "[bold]briefing review import edited.docx[/]   the corrected English becomes approved.",
    no_args_is_help=True,
)
app.add_typer(review_app, name="review")


def print_report(result: ReviewReport, what: str) -> None:
    """The skipped rows as warnings, then one line of counts (and where they went)."""
    for reason in result.skipped:
        warn(f"{result.path}: {reason}")
    if not State.quiet:
        for note in result.notes:
            err.print(f"{result.path}: {note}", soft_wrap=True)
        err.print(
            f"{result.approved} {what}, {result.unchanged} unchanged, "
            f"{len(result.skipped)} skipped; approved memory: {result.memory}",
            soft_wrap=True,
        )


# -- review import -------------------------------------------------------------------------
@review_app.command("import")
def review_import(
    file: Annotated[
        Path, typer.Argument(help="A reviewed briefing (.docx) or an XLIFF file (.xlf).")
    ],
    glossary: GlossaryOpt = None,
) -> None:
    """Store the English a reviewer corrected as approved translations.

    [bold]briefing review import edited.docx[/]   every English cell that differs from
    what was generated (read with all tracked changes accepted).
    [bold]briefing review import job.xlf[/]   every target marked translated or final.
    """
    with handled():
        from briefing import review_api
        from briefing.glossary.tables import format_table
        from briefing.workspace import resolve_glossary

        result = review_api.import_review(file, glossary_path=resolve_glossary(glossary))
        print_report(result, "approved")
        if result.suggestions:
            if not State.quiet:
                err.print(
                    f"{len(result.suggestions)} glossary suggestions (nothing was added; "
                    "edit them and run 'briefing glossary import FILE.csv'):",
                    soft_wrap=True,
                )
            sys.stdout.write(format_table(result.suggestions))


# -- review export -------------------------------------------------------------------------
@review_app.command("export")
def review_export(
    articles: Annotated[
        list[Path],
        typer.Argument(help="Article files or folders (.txt .md .html .docx .json .jsonl)."),
    ],
    output: Annotated[Path, typer.Option("-o", "--output", help="The XLIFF file to write.")],
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
) -> None:
    """Translate articles into an XLIFF 1.2 file for a CAT tool (Trados, memoQ, OmegaT).

    One unit per paragraph, the machine translation as target in the state
    needs-review-translation, glossary names as notes; approved English is final.
    [bold]briefing review export articles/*.txt -o job.xlf[/]
    """
    with handled():
        from briefing import review_api
        from briefing.api import BuildRequest

        request = BuildRequest(
            inputs=articles,
            output=output,
            force=force,
            max_input_bytes=max_input_size * 1024 * 1024,
            on_bad_line=on_bad_line.value,
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
        with progress_bar("Translating") as progress:
            result, units = review_api.export_review(request, settings, progress)
        report(result, str(output))
        if not State.quiet:
            err.print(f"wrote {output} ({units} translation units)", soft_wrap=True)


# -- glossary suggest ----------------------------------------------------------------------
@glossary_app.command("suggest")
def glossary_suggest(
    articles: Annotated[
        list[Path] | None,
        typer.Argument(help="Article files or folders to look for recurring names in."),
    ] = None,
    output: Annotated[
        Path | None, typer.Option("-o", "--output", help="Write the CSV here, not to stdout.")
    ] = None,
    force: ForceOpt = False,
    model: ModelOpt = None,
    glossary: GlossaryOpt = None,
    max_input_size: MaxSizeOpt = DEFAULT_MAX_INPUT_MB,
) -> None:
    """Suggest glossary entries as CSV; nothing is added until you run glossary import.

    From the approved memory: names a reviewer spelled differently from the glossary, or
    that it lacks. From ARTICLES: Arabic names recurring outside the glossary, with their
    count and the model's current rendering in the note.
    [bold]briefing glossary suggest articles/ -o new.csv[/] then edit new.csv and
    [bold]briefing glossary import new.csv[/]
    """
    with handled():
        from briefing import review_api
        from briefing.files import check_output, write_text_atomic
        from briefing.glossary.tables import format_table

        if output is not None:
            check_output(output, force=force)
        settings = settings_from(model, None, Device.cpu, 0, False, glossary, False)
        warnings: list[str] = []
        with progress_bar("Translating names") as progress:
            entries, rendered_by = review_api.suggest_glossary(
                articles or [],
                settings,
                max_bytes=max_input_size * 1024 * 1024,
                progress=progress,
                warnings=warnings,
            )
        for line in warnings:
            warn(line)
        text = format_table(entries)
        if output is None:
            sys.stdout.write(text)
        else:
            write_text_atomic(output, text)
        if not State.quiet:
            err.print(
                f"{len(entries)} suggestions; nothing was added to the glossary", soft_wrap=True
            )
        if rendered_by is not None:  # the renderings in the notes are this model's
            demo_notice(rendered_by)
