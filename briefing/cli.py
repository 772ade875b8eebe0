"""The command line: thin wrappers over ``briefing.api`` and friends.

The only module that imports typer or rich. Heavy modules (ctranslate2, the
renderers) are imported inside the commands so ``briefing --help`` stays instant.
Every ``BriefingError`` becomes one line on stderr and an exit code, here, once.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, NoReturn

import typer
from rich.console import Console
from rich.markup import escape

from briefing import __version__
from briefing.errors import BriefingError

if TYPE_CHECKING:
    from briefing.api import RunResult, Settings

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


class TextFormat(StrEnum):
    text = "text"
    json = "json"
    md = "md"


class BadLine(StrEnum):
    stop = "stop"
    skip = "skip"


class Device(StrEnum):
    cpu = "cpu"
    cuda = "cuda"
    auto = "auto"


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


# -- shared options ---------------------------------------------------------------------
ModelOpt = Annotated[
    str | None,
    typer.Option(
        "--model", help="Installed model id (see `briefing model list`). Default: the best."
    ),
]
BeamOpt = Annotated[
    int, typer.Option("--beam-size", min=1, max=16, help="Beam width: 1 is fastest.")
]
DeviceOpt = Annotated[Device, typer.Option("--device", help="Where to run the model.")]
ThreadsOpt = Annotated[
    int,
    typer.Option(
        "--threads",
        min=0,
        help="CPU threads in all, shared by two batches decoded side by side; 0: the cores, at most 4.",
    ),
]
NoCacheOpt = Annotated[
    bool, typer.Option("--no-cache", help="Do not read or write the translation memory.")
]
GlossaryOpt = Annotated[
    Path | None,
    typer.Option(
        "--glossary",
        help="Glossary CSV file or folder. Default: ./glossary if present, else the built-in one.",
    ),
]
NoGlossaryOpt = Annotated[
    bool,
    typer.Option("--no-glossary", help="Do not protect glossary names (Latin and numbers only)."),
]
MaxSizeOpt = Annotated[
    int,
    typer.Option(
        "--max-input-size",
        min=1,
        help="Refuse input files larger than this many megabytes.",
    ),
]
BadLineOpt = Annotated[
    BadLine,
    typer.Option(
        "--on-bad-line",
        help="A broken .jsonl line or .json record: stop with an error, or skip it.",
    ),
]
NoRepairOpt = Annotated[
    bool,
    typer.Option(
        "--no-term-repair",
        help="Do not place names the model mangled or dropped (by attention); flag them.",
    ),
]
ForceOpt = Annotated[bool, typer.Option("--force", help="Replace an existing output file.")]


def settings_from(
    model: str | None,
    beam_size: int,
    device: Device,
    threads: int,
    no_cache: bool,
    glossary: Path | None,
    no_glossary: bool,
    no_term_repair: bool = False,
) -> Settings:
    from briefing.api import Settings
    from briefing.mt.engine import DecodeOptions
    from briefing.workspace import resolve_glossary

    return Settings(
        model_id=model,
        options=DecodeOptions(
            beam_size=beam_size,
            device=device.value,
            threads=threads,
            repair_terms=not no_term_repair,
        ),
        use_cache=not no_cache,
        glossary_path=None if no_glossary else resolve_glossary(glossary),
    )


def report(result: RunResult) -> None:
    for message in result.warnings:
        warn(message)
    stats = result.stats
    info(
        f"model {result.model.id} {result.model.version}: {stats.sentences} sentences, "
        f"{stats.decoded} decoded, {stats.cached} from the translation memory"
    )
    if result.model.demo:
        warn(
            f"'{result.model.id}' is a demo model trained on synthetic sentences: "
            "real news needs the real model (`briefing model install`)"
        )


# -- translate ----------------------------------------------------------------------------
@app.command()
def translate(
    file: Annotated[
        Path,
        typer.Argument(
            help="Article file (.txt .md .html .docx .json .jsonl), folder, or - for stdin."
        ),
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
    beam_size: BeamOpt = 2,
    device: DeviceOpt = Device.cpu,
    threads: ThreadsOpt = 0,
    no_cache: NoCacheOpt = False,
    glossary: GlossaryOpt = None,
    no_glossary: NoGlossaryOpt = False,
    no_term_repair: NoRepairOpt = False,
    max_input_size: MaxSizeOpt = 10,
    on_bad_line: BadLineOpt = BadLine.stop,
    force: ForceOpt = False,
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
        articles, skipped = api.read_inputs(
            [file], max_bytes=max_input_size * 1024 * 1024, on_bad_line=on_bad_line.value
        )
        for note in skipped:
            warn(note)
        settings = settings_from(
            model, beam_size, device, threads, no_cache, glossary, no_glossary, no_term_repair
        )
        with progress_bar("Translating") as progress:
            result = api.translate(articles, settings, progress)
        report(result)
        text = render_translation(result, output_format)
        if output is None:
            sys.stdout.write(text)
        else:
            write_text_atomic(output, text)
            info(f"wrote {output}")


def render_translation(result: RunResult, output_format: TextFormat) -> str:
    import briefing.render.text as render_text
    from briefing import api

    if output_format is TextFormat.json:
        return json.dumps(api.result_to_dict(result), ensure_ascii=False, indent=2) + "\n"
    if output_format is TextFormat.md:
        return render_text.render_markdown(result.articles, None)
    text = render_text.render_plain(result.articles)
    return text if text.endswith("\n") else text + "\n"


# -- build ---------------------------------------------------------------------------------
class BuildFormat(StrEnum):
    docx = "docx"
    html = "html"
    md = "md"
    json = "json"


@app.command()
def build(
    articles: Annotated[
        list[Path],
        typer.Argument(help="Article files or folders (.txt .md .html .docx .json .jsonl)."),
    ],
    output: Annotated[Path, typer.Option("-o", "--output", help="The briefing file to write.")],
    output_format: Annotated[
        BuildFormat | None,
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
    beam_size: BeamOpt = 2,
    device: DeviceOpt = Device.cpu,
    threads: ThreadsOpt = 0,
    no_cache: NoCacheOpt = False,
    glossary: GlossaryOpt = None,
    no_glossary: NoGlossaryOpt = False,
    no_term_repair: NoRepairOpt = False,
    max_input_size: MaxSizeOpt = 10,
    on_bad_line: BadLineOpt = BadLine.stop,
    force: ForceOpt = False,
) -> None:
    """Build one bilingual briefing (DOCX, HTML, Markdown or JSON) from many articles.

    [bold]briefing build articles/*.txt -o briefing.docx --title "Morning briefing"[/]
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
        )
        settings = settings_from(
            model, beam_size, device, threads, no_cache, glossary, no_glossary, no_term_repair
        )
        with progress_bar("Translating") as progress:
            result = api.build_briefing(request, settings, progress)
        report(result)
        if not State.quiet:
            err.print(f"wrote {output} ({len(result.articles)} articles)")


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


# -- glossary ------------------------------------------------------------------------------
GlossaryPathOpt = Annotated[
    Path | None,
    typer.Option(
        "--glossary",
        help="Glossary CSV file or folder to edit. Default: ./glossary if present, else the built-in one.",
    ),
]


class Kind(StrEnum):
    person = "person"
    place = "place"
    org = "org"
    unit = "unit"
    term = "term"


class ExportFormat(StrEnum):
    csv = "csv"
    tsv = "tsv"
    tbx = "tbx"


def glossary_path(explicit: Path | None) -> Path:
    from briefing.workspace import resolve_glossary

    return resolve_glossary(explicit)


@glossary_app.command("list")
def glossary_list(
    kind: Annotated[Kind | None, typer.Option("--kind", help="Only this kind.")] = None,
    search: Annotated[
        str | None, typer.Option("--search", help="Text in the Arabic, English or note.")
    ] = None,
    glossary: GlossaryPathOpt = None,
) -> None:
    """List glossary entries: Arabic, English, kind, variants."""
    with handled():
        from briefing.glossary.store import filter_entries, load_glossary

        entries = filter_entries(
            load_glossary(glossary_path(glossary)), kind.value if kind else None, search
        )
        for entry in entries:
            variants = "|".join(entry.variants)
            typer.echo(f"{entry.arabic}\t{entry.english}\t{entry.kind}\t{variants}")
        info(f"{len(entries)} entries")


@glossary_app.command("add")
def glossary_add(
    arabic: Annotated[str, typer.Argument(help="The Arabic headword, e.g. بيونغ يانغ.")],
    english: Annotated[str, typer.Argument(help="Its one English spelling, e.g. Pyongyang.")],
    kind: Annotated[Kind, typer.Option("--kind", help="What it names.")],
    variant: Annotated[
        list[str] | None,
        typer.Option("--variant", help="Another Arabic spelling (repeat for more)."),
    ] = None,
    note: Annotated[str, typer.Option("--note", help="A note for editors.")] = "",
    replace: Annotated[
        bool, typer.Option("--replace", help="Replace an entry with the same Arabic headword.")
    ] = False,
    glossary: GlossaryPathOpt = None,
) -> None:
    """Add an entry: [bold]briefing glossary add "بيونغ يانغ" Pyongyang --kind place[/]"""
    with handled():
        from briefing.glossary.store import Entry, add_entry

        path = glossary_path(glossary)
        outcome = add_entry(
            path, Entry(arabic, english, kind.value, tuple(variant or ()), note), replace=replace
        )
        if not State.quiet:
            err.print(f"{outcome}: {arabic} → {english} ({kind.value}) in {path}")


@glossary_app.command("remove")
def glossary_remove(
    arabic: Annotated[str, typer.Argument(help="The Arabic headword to remove.")],
    glossary: GlossaryPathOpt = None,
) -> None:
    """Remove the entry with this Arabic headword."""
    with handled():
        from briefing.glossary.store import remove_entry

        for entry in remove_entry(glossary_path(glossary), arabic):
            if not State.quiet:
                err.print(f"removed: {entry.arabic} → {entry.english} ({entry.kind})")


@glossary_app.command("import")
def glossary_import(
    file: Annotated[Path, typer.Argument(help="A CSV, TSV or TBX file.")],
    glossary: GlossaryPathOpt = None,
) -> None:
    """Merge entries from a CSV, TSV or TBX (CAT tool) file into the glossary."""
    with handled():
        from briefing.glossary.store import import_file

        report_ = import_file(glossary_path(glossary), file)
        for line in report_.skipped:
            warn(line)
        if not State.quiet:
            err.print(
                f"{report_.added} added, {report_.updated} updated, "
                f"{report_.unchanged} unchanged, {len(report_.skipped)} skipped"
            )


@glossary_app.command("export")
def glossary_export(
    export_format: Annotated[
        ExportFormat, typer.Option("--format", "-f", help="csv, tsv, or tbx (for CAT tools).")
    ] = ExportFormat.csv,
    output: Annotated[
        Path | None, typer.Option("-o", "--output", help="Write here instead of stdout.")
    ] = None,
    force: ForceOpt = False,
    glossary: GlossaryPathOpt = None,
) -> None:
    """Export the whole glossary, sorted."""
    with handled():
        from briefing.files import check_output, write_text_atomic
        from briefing.glossary.store import export, load_glossary

        text = export(load_glossary(glossary_path(glossary)), export_format.value)
        if output is None:
            sys.stdout.write(text)
        else:
            check_output(output, force=force)
            write_text_atomic(output, text)


@glossary_app.command("check")
def glossary_check(glossary: GlossaryPathOpt = None) -> None:
    """Find duplicates, conflicting English forms, clashing spellings, empty fields, bad kinds."""
    with handled():
        from briefing.glossary.store import check_path

        problems = check_path(glossary_path(glossary))
        for problem in problems:
            typer.echo(problem)
        if problems:
            err.print(f"{len(problems)} problems")
            raise typer.Exit(1)
        if not State.quiet:
            err.print("no problems")


@glossary_app.command("scan")
def glossary_scan(
    files: Annotated[list[Path], typer.Argument(help="Article files or folders.")],
    output_format: Annotated[
        TextFormat, typer.Option("--format", "-f", help="text or json.")
    ] = TextFormat.text,
    glossary: GlossaryPathOpt = None,
) -> None:
    """List every glossary name found in the articles, with its exact position."""
    with handled():
        from briefing.api import scan_files

        found = scan_files(files, glossary_path(glossary))
        if output_format is TextFormat.json:
            typer.echo(json.dumps(found, ensure_ascii=False, indent=2))
            return
        for hit in found:
            mark = " (variant)" if hit["variant"] else ""
            typer.echo(
                f"{hit['file']}:{hit['paragraph']}:{hit['start']}-{hit['end']}\t"
                f"{hit['source']}\t{hit['english']}\t{hit['kind']}{mark}"
            )


# -- init ----------------------------------------------------------------------------------
@app.command()
def init(
    folder: Annotated[Path, typer.Argument(help="Folder to create the workspace in.")],
) -> None:
    """Create a workspace: your own copies of the glossary and templates, and articles/."""
    with handled():
        from briefing.workspace import init_workspace

        for path in init_workspace(folder):
            if not State.quiet:
                err.print(f"created {path}")


def main() -> None:
    """The entry point: click's usage errors become one line and exit 2, like ours."""
    try:
        code = app(standalone_mode=False)
    except typer.TyperException as error:  # click's usage errors (typer vendors click)
        if type(error).__name__ == "NoArgsIsHelpError":
            raise SystemExit(2) from None  # the help has been shown
        context = getattr(error, "ctx", None)
        where = f"; see '{context.command_path} --help'" if context is not None else ""
        message = " ".join(error.format_message().split()).rstrip(".")
        err.print(f"[bold red]error:[/] {escape(message)}{where}", markup=True, soft_wrap=True)
        raise SystemExit(error.exit_code) from None
    except typer.Abort:
        err.print("aborted; nothing was written")
        raise SystemExit(1) from None
    raise SystemExit(code if isinstance(code, int) else 0)
