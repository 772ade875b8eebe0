"""``init``: a workspace of one's own."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from briefing.cli.app import State, app, err, handled


# -- init ----------------------------------------------------------------------------------
@app.command()
def init(
    folder: Annotated[Path, typer.Argument(help="Folder to create the workspace in.")],
) -> None:
    """Create a workspace: your own copies of the glossary and templates, and articles/.

    [bold]briefing init news && cd news[/]   then put articles in news/articles/.
    """
    with handled():
        from briefing.workspace import init_workspace

        for path in init_workspace(folder):
            if not State.quiet:
                err.print(f"created {path}")
