"""The application object, its console, and the one place errors become exit codes.

Every ``BriefingError`` becomes one line on stderr and an exit code, here, once.
"""

from __future__ import annotations

import copy
import functools
import os
import re
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from enum import Enum
from typing import Annotated, Any, NoReturn, TextIO, TypeVar

import typer
from rich.console import Console
from rich.markup import escape
from typer.core import TyperArgument, TyperCommand, TyperGroup, TyperOption

from briefing import __version__
from briefing.errors import BriefingError, OutputError

# -- help that shows no Python types ------------------------------------------------------
# Typer prints each parameter's Python type ("<bool>" for a flag, "<list[Path]>"); a user
# needs a plain word for a value and nothing for a flag.
CommandFunction = TypeVar("CommandFunction", bound=Callable[..., Any])
_PLAIN_TYPES = {
    "str": "TEXT",
    "path": "PATH",
    "int": "N",
    "int range": "N",
    "float": "NUMBER",
    "float range": "NUMBER",
}


def _plain_help(params: list[Any], ctx: Any) -> list[Any]:
    for param in params:
        if isinstance(param, TyperOption):
            if param.is_flag or param.count:
                param.metavar = ""
            elif param.metavar is None and hasattr(param, "display_type"):
                shown = param.display_type(ctx).strip("<>")
                shown = shown.removeprefix("list[").removesuffix("]")
                param.metavar = _PLAIN_TYPES.get(shown, shown)
        elif isinstance(param, TyperArgument):
            # The name says what it holds ("articles..."); the type column stays empty.
            param.display_type_rich = lambda ctx: None  # type: ignore[method-assign]
    return params


class Command(TyperCommand):
    """A command that shows plain help and takes -v/-q after its name too
    (``briefing build -v``), not only before it."""

    def __init__(self, *args: Any, **settings: Any) -> None:
        super().__init__(*args, **settings)
        taken = {name for param in self.params for name in getattr(param, "opts", ())}
        self.params.extend(
            copy.copy(param) for param in _every_command_options() if not set(param.opts) & taken
        )

    def get_params(self, ctx: Any) -> list[Any]:
        return _plain_help(super().get_params(ctx), ctx)


class Group(TyperGroup):
    def get_params(self, ctx: Any) -> list[Any]:
        return _plain_help(super().get_params(ctx), ctx)


class App(typer.Typer):
    """A Typer whose commands and groups show plain help."""

    def __init__(self, **settings: Any) -> None:
        super().__init__(cls=Group, **settings)

    def command(self, *args: Any, **settings: Any) -> Callable[[CommandFunction], CommandFunction]:
        settings.setdefault("cls", Command)
        decorator: Callable[[CommandFunction], CommandFunction] = super().command(*args, **settings)
        return decorator


class State:
    verbose = False
    quiet = False


def _set_verbose(value: bool) -> None:
    State.verbose = State.verbose or value


def _set_quiet(value: bool) -> None:
    State.quiet = State.quiet or value


VERBOSE_HELP = "Say more: model, cache hits, timings of each stage."
QUIET_HELP = "Only errors: no progress bar, no warnings."


def _options_of_every_command(
    verbose: Annotated[
        bool,
        typer.Option(
            "-v", "--verbose", callback=_set_verbose, expose_value=False, help=VERBOSE_HELP
        ),
    ] = False,
    quiet: Annotated[
        bool,
        typer.Option("-q", "--quiet", callback=_set_quiet, expose_value=False, help=QUIET_HELP),
    ] = False,
) -> None:
    """Declares -v and -q once, the typer way; ``Command`` copies them into each command."""


@functools.cache
def _every_command_options() -> list[Any]:
    declared = typer.Typer(add_completion=False)
    declared.command()(_options_of_every_command)
    return list(typer.main.get_command(declared).params)


app = App(
    help="Offline Arabic→English news translation and bilingual briefings.\n\n"
    "Start with [bold]briefing model install --demo[/] then "
    "[bold]briefing translate examples/troops.txt[/].",
    no_args_is_help=True,
    add_completion=False,
    rich_markup_mode="rich",
    context_settings={"help_option_names": ["-h", "--help"]},
)
model_app = App(
    help="List, install and remove translation models.\n\n"
    "[bold]briefing model list[/]   the installed models; * marks the one in use.",
    no_args_is_help=True,
)
glossary_app = App(
    help="Edit and check the name glossary.\n\n"
    "[bold]briefing glossary list --search يانغ[/]   the entries that mention it.",
    no_args_is_help=True,
)
app.add_typer(model_app, name="model")
app.add_typer(glossary_app, name="glossary")

# markup=False: messages hold file names and article text, and "[/x]" in one must not
# become (or break) rich markup; the prefixes below opt in and escape what follows.
# soft_wrap: a message is one line whatever the width (paths stay whole, grep finds them).
err = Console(stderr=True, highlight=False, markup=False, soft_wrap=True)


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


def usage_message(error: Exception) -> str:
    """A usage error in our words: the option and what it takes, not the parser's wording
    ("Value error, 'xml' is not one of …", "Input should be greater than or equal to 1")."""
    message = " ".join(getattr(error, "format_message", lambda: str(error))().split())
    message = message.rstrip(".").replace("Value error, ", "")
    param = getattr(error, "param", None)
    if param is None or type(error).__name__ != "BadParameter":
        return message
    name = " / ".join(getattr(param, "opts", None) or [str(param.name)])
    descriptor = getattr(param, "type_descriptor", None)
    annotation = getattr(descriptor, "annotation", None)
    if isinstance(annotation, type) and issubclass(annotation, Enum):
        given = re.search(r"'([^']*)' is not one of", message)
        shown = f"'{given[1]}' is not a choice" if given else "not a choice"
        return f"{name}: {shown}; use one of {', '.join(str(m.value) for m in annotation)}"
    if annotation is int:
        low, high = getattr(param, "min", None), getattr(param, "max", None)
        if low is not None and high is not None:
            return f"{name} takes a whole number from {low} to {high}"
        if low is not None:
            return f"{name} takes a whole number, {low} or more"
        return f"{name} takes a whole number"
    return message


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


def note(message: str) -> None:
    """A line of progress that is not a bar (a page read by OCR); silent with --quiet."""
    if not State.quiet:
        err.print(escape(message), soft_wrap=True)


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
    verbose: Annotated[bool, typer.Option("-v", "--verbose", help=VERBOSE_HELP)] = False,
    quiet: Annotated[bool, typer.Option("-q", "--quiet", help=QUIET_HELP)] = False,
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
