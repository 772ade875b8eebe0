"""Read articles from files, folders and stdin into cleaned ``Article`` objects.

Formats, by suffix: ``.txt`` and files without a suffix (pasted text: first line = title),
``.md``/``.markdown`` (markup stripped, ``#`` lines are headings), ``.html``/``.htm`` (see
``htmlreader``), ``.docx`` (Word: paragraphs in order, Heading/Title styles marked),
``.jsonl`` (one record a line) and ``.json`` (a record, a list of records, or
``{"articles": [...]}``). A record has ``title`` and ``content`` (paragraphs = its lines) and
optionally ``source``, ``url``, ``date`` or ``date_extracted``, ``author``.

A folder is read recursively: its supported files in sorted path order, hidden files and folders
skipped. ``-`` reads stdin (text, or HTML / JSON Lines when it starts like them).

Text encodings: UTF-8 with or without BOM, UTF-16/32 with BOM, and otherwise whatever
charset-normalizer detects among UTF-16 (without BOM), Windows-1256 and ISO-8859-6. Every input is
refused above ``max_bytes`` (default 10 MB, the CLI's ``--max-input-size``).
"""

from __future__ import annotations

import codecs
import os
import re
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import charset_normalizer

from briefing.choices import DEFAULT_MAX_INPUT_BYTES, INPUT_SUFFIXES
from briefing.document import Article
from briefing.errors import InputError, UsageError
from briefing.ingest.cleaner import clean_article
from briefing.ingest.formats import (
    read_docx,
    read_html,
    read_json,
    read_jsonl,
    read_markdown,
    too_big,
)
from briefing.ingest.ocr import IMAGE_SUFFIXES, read_image
from briefing.ingest.pdf import read_pdf

DEFAULT_MAX_BYTES = DEFAULT_MAX_INPUT_BYTES
SUFFIXES = INPUT_SUFFIXES
ON_BAD_LINE = ("stop", "skip")

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
_SIGNATURES = (
    (b"\x89PNG", "a PNG image (named .png, it is read by OCR)"),
    (b"%PDF", "a PDF document (named .pdf, it is read as one)"),
    (b"\xff\xd8\xff", "a JPEG image (named .jpg, it is read by OCR)"),
    (b"GIF8", "a GIF image"),
    (b"PK\x03\x04", "a zip archive (a .docx? then name it .docx)"),
    (b"\xd0\xcf\x11\xe0", "an old Office document (.doc/.xls)"),
    (b"\x1f\x8b", "a gzip archive"),
    (b"\x7fELF", "a program"),
)
_WIDE = frozenset({"utf_16", "utf_16_le", "utf_16_be", "utf_32", "utf_32_le", "utf_32_be"})
_NARROW = ("utf_8", "ascii", "cp1256", "iso8859_6")  # in order of preference
# Possessive spaces: two "\s*" around optional letters split a run of spaces every way.
_SIZE = re.compile(r"^\s*+(\d+(?:\.\d+)?)\s*+([kmg]?)i?b?\s*+$", re.IGNORECASE)


def parse_size(text: str) -> int:
    """Bytes from a size such as ``20MB``, ``512k`` or ``1048576`` (units are powers of 1024)."""
    match = _SIZE.match(text)
    if match is None:
        raise UsageError(f"--max-input-size: '{text}' is not a size; write e.g. 20MB or 500KB")
    factor = {"": 1, "k": 1024, "m": 1024**2, "g": 1024**3}[match[2].lower()]
    return int(float(match[1]) * factor)


def _check_not_binary(data: bytes, name: str) -> None:
    for signature, kind in _SIGNATURES:
        if data.startswith(signature):
            raise InputError(f"{name}: this is {kind}, not text; give the article as text")


def _detect(data: bytes, name: str) -> str:
    """Decode ``data`` whose encoding is not UTF-8 and has no BOM, with charset-normalizer."""
    has_nul = b"\x00" in data
    for match in charset_normalizer.from_bytes(data):
        names = set(match.could_be_from_charset)
        # UTF-16 without BOM always has NUL bytes (spaces, digits); 8-bit text never does.
        wide = sorted(names & _WIDE) if has_nul else []
        narrow = [e for e in _NARROW if e in names] if not has_nul else []
        for encoding in wide + narrow:
            try:
                return data.decode(encoding)
            except UnicodeDecodeError:
                continue
    if has_nul:
        raise InputError(
            f"{name}: contains NUL bytes, so it is binary or in an unknown encoding; "
            "save it as UTF-8 text"
        )
    raise InputError(
        f"{name}: cannot tell its text encoding (not UTF-8, UTF-16 or Windows-1256); "
        "save it as UTF-8"
    )


def _mostly_controls(text: str) -> bool:
    sample = text[:4096]
    controls = sum(1 for ch in sample if ch < " " and ch not in "\t\n\r\x0b\x0c")
    return controls * 10 > len(sample)


def read_text_bytes(data: bytes, name: str) -> str:
    """The text of ``data``; InputError for binary, empty or undecodable input."""
    if not data:
        raise InputError(f"{name}: the file is empty; put the article text in it")
    text: str | None = None
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                text = data.decode(encoding)
            except UnicodeDecodeError as exc:
                raise InputError(
                    f"{name}: starts with a {encoding} byte-order mark but is not {encoding} "
                    f"(byte {exc.start}); save it again as UTF-8"
                ) from exc
            break
    if text is None:
        _check_not_binary(data, name)
        try:
            # NUL bytes decode as UTF-8 too, but in a text file they mean UTF-16 without BOM.
            text = data.decode("utf-8") if b"\x00" not in data else _detect(data, name)
        except UnicodeDecodeError:
            text = _detect(data, name)
    if "\x00" in text:
        raise InputError(f"{name}: contains NUL characters, so it is not plain text")
    if _mostly_controls(text):
        raise InputError(
            f"{name}: mostly control characters, so it is binary or UTF-16 without a "
            "byte-order mark; save it as UTF-8"
        )
    if not text.strip():
        raise InputError(f"{name}: contains only whitespace; put the article text in it")
    return text


def _read_bytes(path: Path, name: str, max_bytes: int) -> bytes:
    """At most ``max_bytes`` of the file, or InputError: a pipe or a device (``/dev/zero``)
    has no size to check first, so it is read up to one byte past the limit, never more."""
    try:
        with path.open("rb") as handle:
            size = os.fstat(handle.fileno()).st_size
            if size > max_bytes:
                raise too_big(name, size, max_bytes)
            data = handle.read(max_bytes + 1)
    except FileNotFoundError as exc:
        raise InputError(f"{name}: no such file; check the path") from exc
    except PermissionError as exc:
        raise InputError(f"{name}: not allowed to read it; check its permissions") from exc
    except IsADirectoryError as exc:
        raise InputError(f"{name}: is a folder; give the folder itself or a file in it") from exc
    except OSError as exc:
        raise InputError(f"{name}: cannot be read ({exc.strerror}); check the file") from exc
    if len(data) > max_bytes:
        raise too_big(name, None, max_bytes)
    return data


# -- entry points -------------------------------------------------------------------------------


def _articles_from_text(
    text: str, name: str, kind: str, on_bad_line: str, skipped: list[str] | None
) -> list[Article]:
    if kind == ".jsonl":
        return read_jsonl(text, name, on_bad_line, skipped)
    if kind == ".json":
        return read_json(text, name, on_bad_line, skipped)
    if kind in (".html", ".htm"):
        return [read_html(text, name, skipped)]
    if kind in (".md", ".markdown"):
        articles = [read_markdown(text, name)]
    else:
        articles = [clean_article(text, name)]
    if not articles[0].title and not articles[0].paragraphs:
        raise InputError(
            f"{name}: nothing left after removing ads and page furniture; check the file"
        )
    return articles


def _sniff(text: str) -> str:
    """The format of stdin, which has no suffix."""
    head = text.lstrip()[:200].lower()
    if head.startswith(("<!doctype html", "<html", "<head", "<body", "<article")):
        return ".html"
    if head.startswith("{"):
        return ".jsonl"
    return ".txt"


def supported_files(folder: Path) -> list[Path]:
    """The supported files under ``folder``, recursively, sorted; hidden entries skipped."""
    found = []
    for root, dirs, files in os.walk(folder):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for file in files:
            path = Path(root, file)
            if not file.startswith(".") and path.suffix.lower() in SUFFIXES:
                found.append(path)
    return sorted(found, key=lambda p: p.relative_to(folder).as_posix())


def _read_file(
    path: Path,
    max_bytes: int,
    on_bad_line: str,
    skipped: list[str] | None,
    progress: Callable[[str], None] | None = None,
) -> list[Article]:
    name = str(path)
    suffix = path.suffix.lower()
    if suffix and suffix not in SUFFIXES:
        raise InputError(
            f"{name}: unsupported file type '{suffix}'; use one of {', '.join(SUFFIXES)}"
        )
    data = _read_bytes(path, name, max_bytes)
    if suffix == ".docx":
        return [read_docx(data, name, max_bytes)]
    if suffix == ".pdf":
        return [read_pdf(data, name, progress=progress)]
    if suffix in IMAGE_SUFFIXES:
        return [read_image(data, suffix, name, progress=progress)]
    text = read_text_bytes(data, name)
    return _articles_from_text(text, name, suffix or ".txt", on_bad_line, skipped)


def _read_stdin(max_bytes: int, on_bad_line: str, skipped: list[str] | None) -> list[Article]:
    data = sys.stdin.buffer.read(max_bytes + 1)
    if len(data) > max_bytes:
        raise too_big("stdin", None, max_bytes)
    text = read_text_bytes(data, "stdin")
    articles = _articles_from_text(text, "stdin", _sniff(text), on_bad_line, skipped)
    for article in _walk(articles):
        article.path = "-"
    return articles


def _walk(articles: list[Article]) -> Iterator[Article]:
    for article in articles:
        yield article
        yield from _walk(article.related)


def read_articles(
    path: Path | str,
    *,
    max_bytes: int = DEFAULT_MAX_BYTES,
    on_bad_line: str = "stop",
    skipped: list[str] | None = None,
    progress: Callable[[str], None] | None = None,
) -> list[Article]:
    """The articles in ``path``: a file, a folder (recursively) or ``-`` for stdin.

    ``progress`` gets a line per page read by OCR (scans take seconds a page).

    ``on_bad_line``: "stop" raises InputError at a broken JSON Lines line or JSON record;
    "skip" leaves it out and appends a one-line note to ``skipped`` (when given).
    """
    if on_bad_line not in ON_BAD_LINE:
        raise UsageError(f"--on-bad-line: '{on_bad_line}' is not one of {', '.join(ON_BAD_LINE)}")
    if str(path) == "-":
        return _read_stdin(max_bytes, on_bad_line, skipped)
    path = Path(path)
    if path.is_dir():
        files = supported_files(path)
        if not files:
            raise InputError(
                f"{path}: no article files in this folder; supported: {', '.join(SUFFIXES)}"
            )
        return [
            article
            for file in files
            for article in _read_file(file, max_bytes, on_bad_line, skipped, progress)
        ]
    if not path.exists():
        raise InputError(f"{path}: no such file or folder; check the path")
    return _read_file(path, max_bytes, on_bad_line, skipped, progress)
