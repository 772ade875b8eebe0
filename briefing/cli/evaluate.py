"""``eval``: score models on the user's own reference pairs (``briefing.evaluate``)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from briefing.choices import Device, EvalFormat
from briefing.cli.app import app, handled, out
from briefing.cli.options import BeamOpt, DeviceOpt, GlossaryOpt, ThreadsOpt

if TYPE_CHECKING:
    from briefing.evaluate import Score


@app.command("eval")
def eval_command(
    references: Annotated[
        Path,
        typer.Argument(
            help="Reference pairs: one a line, the Arabic, a tab, the reference English. "
            "With ENGLISH: the Arabic alone, line by line."
        ),
    ],
    english: Annotated[
        Path | None,
        typer.Argument(help="The reference English, aligned line by line with REFERENCES."),
    ] = None,
    models: Annotated[
        list[str] | None,
        typer.Option(
            "--model",
            help="Installed model id to score; repeat it for several. Default: the best.",
        ),
    ] = None,
    glossary: GlossaryOpt = None,
    beam_size: BeamOpt = None,
    device: DeviceOpt = Device.cpu,
    threads: ThreadsOpt = 0,
    output_format: Annotated[
        EvalFormat, typer.Option("--format", "-f", help="A table, or JSON for scripts.")
    ] = EvalFormat.table,
) -> None:
    """Score models on your own reference translations: BLEU, chrF, name and number
    accuracy, QA flags and speed, with the glossary enforced and without.

    [bold]briefing eval refs.tsv --model argos --model opus-mt[/]
    [bold]briefing eval flores.arb_Arab flores.eng_Latn -f json[/]

    BLEU and chrF need sacrebleu: pip install 'briefing\\[eval]'.
    """
    with handled():
        from briefing.evaluate import evaluate, read_references
        from briefing.mt.engine import DecodeOptions
        from briefing.workspace import resolve_glossary

        pairs = read_references(references, english)
        options = DecodeOptions(beam_size=beam_size, device=device.value, threads=threads)
        scores = evaluate(pairs, models or [None], resolve_glossary(glossary), options)
        if output_format is EvalFormat.json:
            data = {"pairs": len(pairs), "scores": [s.as_dict() for s in scores]}
            out(json.dumps(data, ensure_ascii=False, indent=2) + "\n")
        else:
            out(_table(scores, len(pairs)))


def _percent(part: int, whole: int) -> str:
    return f"{100 * part / whole:.1f}% ({part}/{whole})" if whole else "-"


def _table(scores: list[Score], pairs: int) -> str:
    from rich.console import Console
    from rich.table import Table

    table = Table(title=f"{pairs} reference pairs")
    for column in ("model", "glossary", "BLEU", "chrF", "names", "numbers", "QA flags", "tok/s"):
        table.add_column(column, justify="left" if column in ("model", "QA flags") else "right")
    for s in scores:
        flags = ", ".join(f"{code} {count}" for code, count in sorted(s.flags.items())) or "-"
        table.add_row(
            s.model,
            "on" if s.glossary else "off",
            f"{s.bleu:.1f}",
            f"{s.chrf:.1f}",
            _percent(s.names, s.names_total),
            _percent(s.numbers, s.numbers_total),
            flags,
            f"{s.tokens_per_second:.0f}",
        )
    console = Console(record=True, width=140, force_terminal=False)
    with console.capture() as captured:
        console.print(table)
    return captured.get()
