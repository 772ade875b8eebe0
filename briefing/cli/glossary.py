"""``glossary list|add|remove|import|export|check|scan``."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer

from briefing.choices import GlossaryFormat, Kind, TextFormat
from briefing.cli.app import State, err, glossary_app, handled, info, out, warn
from briefing.cli.options import ForceOpt

# -- glossary ------------------------------------------------------------------------------
GlossaryPathOpt = Annotated[
    Path | None,
    typer.Option(
        "--glossary",
        help="Glossary CSV file or folder to edit. Default: ./glossary if present, else the built-in one.",
    ),
]


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
        out(
            "".join(f"{e.arabic}\t{e.english}\t{e.kind}\t{'|'.join(e.variants)}\n" for e in entries)
        )
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
        GlossaryFormat, typer.Option("--format", "-f", help="csv, tsv, or tbx (for CAT tools).")
    ] = GlossaryFormat.csv,
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
            out(text)
        else:
            check_output(output, force=force)
            write_text_atomic(output, text)


@glossary_app.command("check")
def glossary_check(glossary: GlossaryPathOpt = None) -> None:
    """Find duplicates, conflicting English forms, clashing spellings, empty fields, bad kinds."""
    with handled():
        from briefing.glossary.store import check_path

        problems = check_path(glossary_path(glossary))
        out("".join(problem + "\n" for problem in problems))
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
            out(json.dumps(found, ensure_ascii=False, indent=2) + "\n")
            return
        lines = []
        for hit in found:
            mark = " (variant)" if hit["variant"] else ""
            lines.append(
                f"{hit['file']}:{hit['paragraph']}:{hit['start']}-{hit['end']}\t"
                f"{hit['source']}\t{hit['english']}\t{hit['kind']}{mark}\n"
            )
        out("".join(lines))
