"""``memory export|import|stats|prune``: the approved memory as TMX, and what the file holds."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from briefing.cli.app import App, State, app, err, handled
from briefing.cli.options import ForceOpt
from briefing.cli.review import print_report

memory_app = App(
    help="The approved memory (and translation memory) file: TMX exchange, counts.\n\n"
    "[bold]briefing memory stats[/]   where the file is and what it holds.",
    no_args_is_help=True,
)
app.add_typer(memory_app, name="memory")


@memory_app.command("export")
def memory_export(
    output: Annotated[Path, typer.Option("-o", "--output", help="The TMX file to write.")],
    force: ForceOpt = False,
) -> None:
    """Write the approved memory as TMX 1.4b (ar → en) for a CAT tool or a backup.

    [bold]briefing memory export -o approved.tmx[/]
    """
    with handled():
        from briefing import review_api

        count = review_api.export_memory(output, force=force)
        if not State.quiet:
            err.print(f"wrote {output} ({count} translation units)", soft_wrap=True)


@memory_app.command("import")
def memory_import(
    file: Annotated[Path, typer.Argument(help="A TMX file (1.1–1.4) with Arabic and English.")],
) -> None:
    """Add the Arabic→English units of a TMX file to the approved memory.

    [bold]briefing memory import approved.tmx[/]
    """
    with handled():
        from briefing import review_api

        print_report(review_api.import_memory(file), "added or updated")


@memory_app.command("stats")
def memory_stats() -> None:
    """Show the memory file's path, size and counts.

    [bold]briefing memory stats[/]
    """
    with handled():
        from briefing import review_api

        stats = review_api.memory_stats()
        statuses = stats.get("by_status") or {}
        assert isinstance(statuses, dict)
        typer.echo(
            f"file: {stats['path']} ({stats['bytes']} bytes, schema {stats['schema_version']})"
        )
        typer.echo(f"approved paragraphs: {stats.get('approved_paragraphs', 0)}")
        for status, count in statuses.items():
            typer.echo(f"  {status}: {count}")
        typer.echo(f"approved sentences (from paragraphs): {stats.get('approved_sentences', 0)}")
        typer.echo(f"cached machine translations: {stats.get('cached_segments', 0)}")
        sizes = review_api.memory_part_sizes()
        if sizes:
            typer.echo(
                f"bytes: machine translations {sizes['machine']:,}, approved {sizes['approved']:,}"
            )


@memory_app.command("prune")
def memory_prune(
    older_than: Annotated[
        float | None,
        typer.Option("--older-than", help="Remove machine translations unused for DAYS days."),
    ] = None,
    max_size: Annotated[
        float | None,
        typer.Option("--max-size", help="Remove the least recently used until the file takes MB."),
    ] = None,
) -> None:
    """Trim cached machine translations (approved translations are never removed).

    [bold]briefing memory prune --older-than 90[/]   or   [bold]--max-size 500[/] (MB)
    """
    with handled():
        from briefing import review_api

        done = review_api.prune_memory(older_than_days=older_than, max_mb=max_size)
        if not State.quiet:
            err.print(
                f"removed {done.removed:,} machine translations, kept {done.kept:,}; "
                f"{done.bytes_before:,} → {done.bytes_after:,} bytes",
                soft_wrap=True,
            )
