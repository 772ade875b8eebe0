"""``glossary list|add|remove|import|export|check|scan``."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer

from briefing.choices import GlossaryFormat, Kind, ScanFormat
from briefing.cli.app import State, err, glossary_app, handled, out, progress_bar, warn
from briefing.cli.options import ForceOpt
from briefing.text.plural import plural

# -- glossary ------------------------------------------------------------------------------
GlossaryPathOpt = Annotated[
    Path | None,
    typer.Option(
        "--glossary",
        help="Glossary CSV file or folder. Default: the glossary/ of the workspace you are in "
        "(this folder or one above it), else your own glossary (made from the built-in one "
        "on the first edit), else the built-in one.",
    ),
]
ReplaceOpt = Annotated[
    bool,
    typer.Option(
        "--replace",
        help="Replace the entries this clashes with (the same name once normalized, other "
        "English). The same name with the same English is merged as a spelling, never replaced.",
    ),
]


def glossary_path(explicit: Path | None) -> Path:
    from briefing.workspace import resolve_glossary

    return resolve_glossary(explicit)


def glossary_to_edit(explicit: Path | None) -> Path:
    from briefing.workspace import glossary_to_edit as to_edit

    return to_edit(explicit)


@glossary_app.command("list")
def glossary_list(
    kind: Annotated[Kind | None, typer.Option("--kind", help="Only this kind.")] = None,
    search: Annotated[
        str | None, typer.Option("--search", help="Text in the Arabic, English or note.")
    ] = None,
    glossary: GlossaryPathOpt = None,
) -> None:
    """List glossary entries: Arabic, English, kind, variants.

    [bold]briefing glossary list --kind place --search يانغ[/]
    """
    with handled():
        from briefing.glossary.compiled import compiled_glossary
        from briefing.glossary.queries import list_entries

        path = glossary_path(glossary)
        entries = list_entries(compiled_glossary(path), kind.value if kind else None, search)
        out("".join("\t".join(row) + "\n" for row in entries))
        if not State.quiet:
            err.print(f"{plural(len(entries), 'entry', 'entries')} from {path}")


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
    replace: ReplaceOpt = False,
    glossary: GlossaryPathOpt = None,
) -> None:
    """Add an entry: [bold]briefing glossary add "بيونغ يانغ" Pyongyang --kind place[/]"""
    with handled():
        from briefing.glossary.edits import add
        from briefing.glossary.store import Entry

        path = glossary_to_edit(glossary)
        entry = Entry(arabic, english, kind.value, tuple(variant or ()), note)
        outcome, where = add(path, entry, replace=replace)
        if not State.quiet:
            err.print(f"{outcome}: {entry.arabic} → {entry.english} ({entry.kind}) in {where}")


@glossary_app.command("remove")
def glossary_remove(
    arabic: Annotated[str, typer.Argument(help="The Arabic headword to remove.")],
    glossary: GlossaryPathOpt = None,
) -> None:
    """Remove the entry with this Arabic headword.

    [bold]briefing glossary remove "تارفيل"[/]
    """
    with handled():
        from briefing.glossary.edits import remove

        path = glossary_to_edit(glossary)
        for entry in remove(path, arabic):
            if not State.quiet:
                err.print(
                    f"removed: {entry.arabic} → {entry.english} ({entry.kind}) "
                    f"from {entry.origin.rpartition(':')[0] or path}"
                )


@glossary_app.command("import")
def glossary_import(
    file: Annotated[Path, typer.Argument(help="A CSV, TSV or TBX file.")],
    replace: ReplaceOpt = False,
    glossary: GlossaryPathOpt = None,
) -> None:
    """Merge entries from a CSV, TSV or TBX (CAT tool) file into the glossary.

    Entries that change or clash with existing ones are all listed first, and nothing is
    written, unless [bold]--replace[/].
    [bold]briefing glossary import terms.tbx[/]
    """
    with handled():
        from briefing.errors import GlossaryClash
        from briefing.glossary.store import import_file

        path = glossary_to_edit(glossary)
        try:
            with progress_bar("Importing", unit="entries") as progress:
                report_ = import_file(path, file, replace=replace, progress=progress)
        except GlossaryClash as clash:  # the bar is gone: the clashes are listed alone
            for problem in clash.problems:
                err.print(f"clash: {problem}", soft_wrap=True)
            raise
        for line in report_.skipped:
            warn(line)
        if not State.quiet:
            for old in report_.removed:
                err.print(
                    f"replaced: {old.arabic} → {old.english} ({old.kind}) "
                    f"from {old.origin.rpartition(':')[0] or path}",
                    soft_wrap=True,
                )
            for note in report_.notes:
                err.print(note, soft_wrap=True)
            err.print(
                f"{report_.added} added, {report_.updated} updated, {report_.merged} merged, "
                f"{report_.unchanged} unchanged, {len(report_.skipped)} skipped, in {path}"
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
    """Export the whole glossary, sorted.

    [bold]briefing glossary export --format tbx -o names.tbx[/]
    """
    with handled():
        from briefing.files import check_output, write_text_atomic
        from briefing.glossary.compiled import compiled_glossary
        from briefing.glossary.queries import export_text

        compiled = compiled_glossary(glossary_path(glossary))
        text = export_text(compiled, export_format.value)
        if output is None:
            out(text)
        else:
            check_output(output, force=force)
            write_text_atomic(output, text)
            if not State.quiet:
                err.print(f"wrote {output} ({plural(len(compiled), 'entry', 'entries')})")


@glossary_app.command("check")
def glossary_check(glossary: GlossaryPathOpt = None) -> None:
    """Find duplicates, conflicting English forms, clashing spellings, empty fields, bad kinds.

    [bold]briefing glossary check[/]   exit 1 if there is any problem.
    """
    with handled():
        from briefing.glossary.compiled import compiled_glossary
        from briefing.glossary.queries import check

        problems = check(compiled_glossary(glossary_path(glossary), strict=False))
        out("".join(problem + "\n" for problem in problems))
        if problems:
            err.print(plural(len(problems), "problem"))
            raise typer.Exit(1)
        if not State.quiet:
            err.print("no problems")


@glossary_app.command("scan")
def glossary_scan(
    files: Annotated[list[Path], typer.Argument(help="Article files or folders.")],
    output_format: Annotated[
        ScanFormat, typer.Option("--format", "-f", help="text, json, or jsonl (a hit a line).")
    ] = ScanFormat.text,
    glossary: GlossaryPathOpt = None,
) -> None:
    """List every glossary name found in the articles, with its exact position.

    [bold]briefing glossary scan articles/*.txt --format json[/]
    """
    with handled():
        from briefing.api import scan_files

        found = scan_files(files, glossary_path(glossary))
        if output_format is ScanFormat.json:
            out(json.dumps(found, ensure_ascii=False, indent=2) + "\n")
            return
        if output_format is ScanFormat.jsonl:
            out("".join(json.dumps(hit, ensure_ascii=False) + "\n" for hit in found))
            return
        lines = []
        for hit in found:
            mark = " (variant)" if hit["variant"] else ""
            lines.append(
                f"{scan_position(hit)}\t{hit['source']}\t{hit['english']}\t{hit['kind']}{mark}\n"
            )
        out("".join(lines))


def scan_position(hit: dict[str, object]) -> str:
    """ "aid.txt: article 1, paragraph 2, characters 5-23": articles counted from 1 as a
    reader counts them (JSON's ``article`` too), paragraph 0 is the title."""
    where = "title" if hit["paragraph"] == 0 else f"paragraph {hit['paragraph']}"
    return (
        f"{hit['file']}: article {hit['article']}, {where}, characters {hit['start']}-{hit['end']}"
    )
