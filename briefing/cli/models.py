"""``model list``, ``model install``, ``model remove``."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from briefing.cli.app import State, err, handled, model_app, progress_bar, warn


@model_app.command("list")
def model_list() -> None:
    """List models: id, family, size, max input tokens, decode settings; * marks the one
    `translate` uses. With nothing installed, the bundled demo is the one in use.

    [bold]briefing model list[/]
    """
    with handled():
        from briefing import models_api

        rows, broken = models_api.model_rows()
        for problem in broken:
            warn(problem)
        header = ("id", "family", "languages", "size", "max-input", "beam", "length-penalty")
        cells = [
            (
                row.id,
                row.family,
                row.languages,
                f"{row.size_mb:.1f} MB",
                f"{row.max_input_tokens} tokens",
                f"beam {row.beam_size}",
                f"lp {row.length_penalty:g}",
            )
            for row in rows
        ]
        # Fixed widths from the longest cell: aligned in a terminal and through a pipe alike.
        widths = [max(len(cell[i]) for cell in [header, *cells]) for i in range(len(header))]

        def line(mark: str, values: tuple[str, ...], kind: str) -> str:
            return (
                f"{mark} "
                + "  ".join(v.ljust(w) for v, w in zip(values, widths, strict=True))
                + f"  {kind}"
            )

        typer.echo(line(" ", header, "kind"))
        for row, values in zip(rows, cells, strict=True):
            typer.echo(line("*" if row.in_use else " ", values, row.kind))


@model_app.command("install")
def model_install(
    file: Annotated[
        Path | None,
        typer.Option(
            "--file",
            help="A downloaded .argosmodel file, or a folder with a converted CTranslate2 "
            "model (OPUS-MT, Marian, NLLB); offline.",
        ),
    ] = None,
    demo: Annotated[
        bool, typer.Option("--demo", help="Install the bundled demo model (offline, synthetic).")
    ] = False,
    family: Annotated[
        str | None,
        typer.Option(
            "--family", help="For a folder: argos, opus-mt, marian or nllb. Default: detected."
        ),
    ] = None,
    model_id: Annotated[
        str | None, typer.Option("--id", help="For a folder: the id to install it under.")
    ] = None,
    list_index: Annotated[
        bool,
        typer.Option("--list", help="Show the Arabic→English packages on offer (internet)."),
    ] = False,
) -> None:
    """Install the Arabic→English model (downloads it), a file or folder, or the demo.

    [bold]briefing model install --demo[/]   offline, for trying the tool.
    [bold]briefing model install --file translate-ar_en-1_0.argosmodel[/]   offline.
    [bold]briefing model install --file opus-mt-tc-big-ar-en-ct2/[/]   a converted model.
    [bold]briefing model install[/]   the real model from the Argos index (needs internet).
    """
    with handled():
        from briefing import models_api

        if list_index:
            for entry in models_api.index_packages():
                typer.echo(f"{entry['name']}\t{entry['links']}")
            return
        with progress_bar("Downloading", unit="bytes") as progress:
            installed = models_api.install_model(
                file, demo=demo, family=family, model_id=model_id, progress=progress
            )
        if not State.quiet:
            from briefing.mt.packages import select_model

            # Advise --model only where another model stays the one in use.
            in_use = select_model().id == installed.id
            advice = (
                "; it is the model in use" if in_use else f" (use it with --model {installed.id})"
            )
            err.print(f"installed {installed.id}{advice}")


@model_app.command("remove")
def model_remove(
    model_id: Annotated[str, typer.Argument(help="Model id from `briefing model list`.")],
) -> None:
    """Remove an installed model.

    [bold]briefing model remove translate-ar_en-1_0[/]
    """
    with handled():
        from briefing.mt.packages import remove_model

        remove_model(model_id)
        if not State.quiet:
            err.print(f"removed {model_id}")
