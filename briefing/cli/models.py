"""``model list``, ``model install``, ``model remove``."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from briefing.cli.app import State, err, handled, model_app, progress_bar


# -- model ---------------------------------------------------------------------------------
@model_app.command("list")
def model_list() -> None:
    """List installed models; the one `translate` uses is marked with *."""
    with handled():
        from briefing.errors import ModelError
        from briefing.mt.packages import list_models, select_model

        models = list_models()
        try:
            used = select_model().id
        except ModelError:
            used = None
        if not models:
            err.print("no models installed: run `briefing model install --demo` (offline demo)")
            return
        for item in models:
            mark = "*" if item.id == used else " "
            kind = "demo" if item.demo else "model"
            typer.echo(
                f"{mark} {item.id}  {item.from_code}→{item.to_code}  v{item.version}  {kind}"
            )


@model_app.command("install")
def model_install(
    file: Annotated[
        Path | None, typer.Option("--file", help="Install a downloaded .argosmodel file (offline).")
    ] = None,
    demo: Annotated[
        bool, typer.Option("--demo", help="Install the bundled demo model (offline, synthetic).")
    ] = False,
) -> None:
    """Install the Arabic→English model (downloads it), a file, or the demo model.

    [bold]briefing model install --demo[/]   offline, for trying the tool.
    [bold]briefing model install[/]   the real model from the Argos index (needs internet).
    """
    with handled():
        import briefing.mt.packages as packages
        from briefing.errors import UsageError

        if file is not None and demo:
            raise UsageError("give either --file or --demo, not both")
        if demo:
            installed = packages.install_demo()
        elif file is not None:
            installed = packages.install_file(file)
        else:
            with progress_bar("Downloading") as progress:
                installed = packages.install_from_index(progress)
        if not State.quiet:
            err.print(f"installed {installed.id} ({installed.from_code}→{installed.to_code})")


@model_app.command("remove")
def model_remove(
    model_id: Annotated[str, typer.Argument(help="Model id from `briefing model list`.")],
) -> None:
    """Remove an installed model."""
    with handled():
        from briefing.mt.packages import remove_model

        remove_model(model_id)
        if not State.quiet:
            err.print(f"removed {model_id}")
