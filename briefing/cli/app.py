"""The application object, its console, and the one place errors become exit codes.

Every ``BriefingError`` becomes one line on stderr and an exit code, here, once.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Annotated, NoReturn, TextIO

import typer
from rich.console import Console
from rich.markup import escape

from briefing import __version__
from briefing.errors import BriefingError, OutputError

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


STDOUT_FIX = "write to a file instead (-o FILE, or > FILE)"


def _silence_stdout() -> None:
    """Point file descriptor 1 at /dev/null, so the interpreter's last flush of what is
    still buffered cannot fail again and print its own "Exception ignored" lines."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
    except (OSError, ValueError, AttributeError):
        pass


def check_stdout() -> TextIO:
    """stdout; OutputError (before any work, when called first) if it was never opened."""
    if sys.stdout is None:  # started with file descriptor 1 closed
        raise OutputError(f"stdout is closed; {STDOUT_FIX}")
    return sys.stdout


def out(text: str) -> None:
    """Write a command's output to stdout, now: a full disk or a closed stdout (the
    reader of a pipe gone, or no stdout at all) becomes an OutputError, not a traceback."""
    stream = check_stdout()
    try:
        stream.write(text)
        stream.flush()
    except BrokenPipeError:
        _silence_stdout()
        raise OutputError(
            f"stdout: closed by its reader before all the output was written; {STDOUT_FIX}"
        ) from None
    except OSError as error:
        _silence_stdout()
        raise OutputError(
            f"stdout: cannot write the output ({error.strerror}); free some space, or {STDOUT_FIX}"
        ) from None


def flush_stdout() -> int:
    """The last flush of stdout (what ``typer.echo`` left buffered): 0, or 1 after saying why."""
    try:
        with handled():
            if sys.stdout is not None:
                out("")
    except typer.Exit as done:
        return done.exit_code
    return 0


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
def progress_bar(label: str) -> Iterator[Callable[[int, int], None] | None]:
    """A progress bar on stderr, only on a terminal and without --quiet."""
    if State.quiet or not err.is_terminal:
        yield None
        return
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TimeRemainingColumn

    with Progress(
        "[progress.description]{task.description}",
        BarColumn(),
        MofNCompleteColumn(),
        TimeRemainingColumn(),
        console=err,
        transient=True,
    ) as progress:
        task = progress.add_task(label, total=None)

        def update(done: int, total: int) -> None:
            progress.update(task, completed=done, total=total or None)

        yield update
