"""The command line: thin wrappers over ``briefing.api``; the only package that imports
typer or rich. Heavy modules (ctranslate2, the renderers) are imported inside the commands
so ``briefing --help`` stays instant.

``app`` holds the application and the error handling; one module per command family
declares its arguments and calls into the core.
"""

from __future__ import annotations

import sys

import typer
from rich.markup import escape

# Importing the command modules registers their commands on ``app``.
from briefing.cli import evaluate, glossary, memory, models, review, serve, translate, workspace
from briefing.cli.app import app, err, flush_stdout, usage_message
from briefing.cli.options import ray_value

__all__ = [
    "app",
    "evaluate",
    "glossary",
    "main",
    "memory",
    "models",
    "review",
    "serve",
    "translate",
    "workspace",
]


def main() -> None:
    """The entry point: click's usage errors become one line and exit 2, like ours."""
    try:
        code = app(args=ray_value(sys.argv[1:]), standalone_mode=False)
    except typer.TyperException as error:  # click's usage errors (typer vendors click)
        if type(error).__name__ == "NoArgsIsHelpError":
            raise SystemExit(2) from None  # the help has been shown
        context = getattr(error, "ctx", None)
        where = f"; see '{context.command_path} --help'" if context is not None else ""
        message = usage_message(error)
        err.print(f"[bold red]error:[/] {escape(message)}{where}", markup=True, soft_wrap=True)
        raise SystemExit(error.exit_code) from None
    except typer.Abort:
        err.print("aborted; nothing was written")
        raise SystemExit(1) from None
    code = code if isinstance(code, int) else 0
    raise SystemExit(code or flush_stdout())
