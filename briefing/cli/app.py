"""The application object, its console, and the one place errors become exit codes.

Every ``BriefingError`` becomes one line on stderr and an exit code, here, once.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Annotated, NoReturn

import typer
from rich.console import Console
from rich.markup import escape

from briefing import __version__
from briefing.errors import BriefingError

app = typer.Typer(
    help="Offline Arabic→English news translation and bilingual briefings.",
    no_args_is_help=True,
    add_completion=False,
    rich_markup_mode="rich",
    context_settings={"help_option_names": ["-h", "--help"]},
)
model_app = typer.Typer(help="List, install and remove translation models.", no_args_is_help=True)
glossary_app = typer.Typer(help="Edit and check the name glossary.", no_args_is_help=True)
app.add_typer(model_app, name="model")
app.add_typer(glossary_app, name="glossary")

# markup=False: messages hold file names and article text, and "[/x]" in one must not
# become (or break) rich markup; the prefixes below opt in and escape what follows.
err = Console(stderr=True, highlight=False, markup=False)


class State:
    verbose = False
    quiet = False


def fail(error: BriefingError) -> NoReturn:
    message = " ".join(str(error).split())  # one line, whatever a library put in it
    err.print(f"[bold red]error:[/] {escape(message)}", markup=True, soft_wrap=True)
    raise typer.Exit(error.exit_code) from None


@contextmanager
def handled() -> Iterator[None]:
    """Turn the core's errors into a message and exit code: the one place that does."""
    try:
        yield
    except BriefingError as error:
        fail(error)
    except KeyboardInterrupt:
        err.print("interrupted; nothing was written")
        raise typer.Exit(130) from None


def warn(message: str) -> None:
    if not State.quiet:
        err.print(f"[yellow]warning:[/] {escape(message)}", markup=True, soft_wrap=True)


def info(message: str) -> None:
    if State.verbose and not State.quiet:
        err.print(message, soft_wrap=True)


def version_callback(value: bool) -> None:
    if value:
        typer.echo(f"briefing {__version__}")
        raise typer.Exit()


@app.callback()
def main_options(
    version: Annotated[
        bool,
        typer.Option(
            "--version", callback=version_callback, is_eager=True, help="Show the version and exit."
        ),
    ] = False,
    verbose: Annotated[
        bool, typer.Option("-v", "--verbose", help="Say more: model, cache hits, timings.")
    ] = False,
    quiet: Annotated[
        bool, typer.Option("-q", "--quiet", help="Only errors: no progress bar, no warnings.")
    ] = False,
) -> None:
    """Translate Arabic news offline and build bilingual briefings.

    Start with [bold]briefing model install --demo[/] then
    [bold]briefing translate examples/troops.txt[/].
    """
    State.verbose = verbose
    State.quiet = quiet


@contextmanager
def progress_bar(
    label: str, unit: str = "sentences"
) -> Iterator[Callable[[int, int], None] | None]:
    """A progress bar on stderr, only on a terminal and without --quiet: done/total,
    the rate and the time left. The console has markup off (messages hold file names),
    so every column is a plain-text column."""
    if State.quiet or not err.is_terminal:
        yield None
        return
    from rich.progress import (
        BarColumn,
        DownloadColumn,
        MofNCompleteColumn,
        Progress,
        TextColumn,
        TimeRemainingColumn,
        TransferSpeedColumn,
    )

    if unit == "bytes":
        counts = [DownloadColumn(), TransferSpeedColumn()]
    else:
        counts = [MofNCompleteColumn(), TextColumn("{task.fields[rate]}", markup=False)]
    with Progress(
        TextColumn("{task.description}", markup=False),
        BarColumn(),
        *counts,
        TextColumn("left", markup=False),
        TimeRemainingColumn(),
        console=err,
        transient=True,
        refresh_per_second=8,
    ) as progress:
        task = progress.add_task(label, total=None, rate="")

        def update(done: int, total: int) -> None:
            speed = progress.tasks[0].speed
            rate = f"{speed:.1f} {unit}/s" if speed else ""
            progress.update(task, completed=done, total=total or None, rate=rate)

        yield update
