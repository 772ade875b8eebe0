"""The choices and defaults a user has, defined once: the core and the CLI both read them.

Light on purpose (no imports beyond the standard library), so ``briefing --help`` can show
every choice without loading the engine or the renderers.
"""

from __future__ import annotations

from enum import StrEnum


class Kind(StrEnum):
    """What a glossary entry names."""

    person = "person"
    place = "place"
    org = "org"
    unit = "unit"
    term = "term"
    source = "source"  # a news source or agency: for bylines only, never matched in the text


class GlossaryFormat(StrEnum):
    """Glossary interchange formats (import and export)."""

    csv = "csv"
    tsv = "tsv"
    tbx = "tbx"


class ScanFormat(StrEnum):
    """What ``glossary scan`` prints: a line per hit, JSON, or JSON Lines (a hit a line)."""

    text = "text"
    json = "json"
    jsonl = "jsonl"


class TextFormat(StrEnum):
    """What ``translate`` prints: the English, both languages, or everything."""

    text = "text"
    json = "json"
    md = "md"
    jsonl = "jsonl"  # one JSON object a line, one per article, written as they are done


class EvalFormat(StrEnum):
    """What ``briefing eval`` prints: a table for the terminal, or JSON."""

    table = "table"
    json = "json"


class OutputFormat(StrEnum):
    """Briefing formats, each with one renderer (``briefing.render.RENDERERS``)."""

    docx = "docx"
    html = "html"
    md = "md"
    json = "json"


# The article files the readers take (``briefing.ingest.reader``), as help lists them.
INPUT_SUFFIXES = (
    ".txt", ".md", ".markdown", ".html", ".htm", ".docx", ".pdf", ".jsonl", ".json",
    ".png", ".jpg", ".jpeg", ".tif", ".tiff",
)  # fmt: skip


def listed(suffixes: tuple[str, ...] | list[str]) -> str:
    """ ".docx, .html or .json": suffixes as a sentence lists them."""
    return ", ".join(suffixes[:-1]) + f" or {suffixes[-1]}" if len(suffixes) > 1 else suffixes[0]


# The suffixes ``build -o`` recognizes.
SUFFIX_FORMATS = {
    ".docx": OutputFormat.docx,
    ".html": OutputFormat.html,
    ".htm": OutputFormat.html,
    ".md": OutputFormat.md,
    ".markdown": OutputFormat.md,
    ".json": OutputFormat.json,
}


class Device(StrEnum):
    cpu = "cpu"
    cuda = "cuda"
    auto = "auto"


class BadLine(StrEnum):
    """What to do with a broken ``.jsonl`` line or ``.json`` record."""

    stop = "stop"
    skip = "skip"


MAX_BEAM_SIZE = 16
DEFAULT_MAX_INPUT_MB = 10
DEFAULT_MAX_INPUT_BYTES = DEFAULT_MAX_INPUT_MB * 1024 * 1024

# --ray: "auto" (or no value) starts a local cluster, unless $RAY_ADDRESS names one.
RAY_AUTO = "auto"
# Two CTranslate2 threads per actor: on 2 cores, two batches side by side on one thread
# each was the fastest split (mt/engine.py); a bigger host runs more actors, not wider ones.
DEFAULT_RAY_THREADS = 2
