"""A JSON Lines feed read as a stream: one article at a time, in flat memory.

``reader.read_articles`` reads a whole file and keeps every article, which a day's feed
of thousands of articles must not need. Here the size limit applies to one line (one
article), not to the feed, and a line is parsed only when the one before is done.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import BinaryIO

from briefing.document import Article
from briefing.errors import InputError
from briefing.ingest.formats import _bad, _describe_limit, _record_article

_READ = 1 << 16


def _lines(handle: BinaryIO, name: str, max_bytes: int) -> Iterator[tuple[int, bytes | None]]:
    """(line number, bytes) per line; None for a line over ``max_bytes`` (read past)."""
    number = 0
    while True:
        line = handle.readline(max_bytes + 1)
        if not line:
            return
        number += 1
        if len(line) > max_bytes and not line.endswith(b"\n"):
            while line and not line.endswith(b"\n"):  # the rest of the long line
                line = handle.readline(_READ)
            yield number, None
            continue
        yield number, line


def iter_jsonl(
    handle: BinaryIO, name: str, max_bytes: int, on_bad_line: str, skipped: list[str] | None
) -> Iterator[Article]:
    """The articles of a JSON Lines stream, in order; a broken line stops the feed or is
    skipped with a note (``on_bad_line``), as ``formats.read_jsonl`` does for a file."""
    count = 0
    for number, data in _lines(handle, name, max_bytes):
        where = f"line {number}"
        if data is None:
            limit = _describe_limit(max_bytes)
            _bad(
                name,
                where,
                f"longer than the {limit} limit for one article (--max-input-size)",
                on_bad_line,
                skipped,
            )
            continue
        if number == 1:
            data = data.removeprefix(b"\xef\xbb\xbf")
        if not data.strip():
            continue
        try:
            record = json.loads(data.decode("utf-8"))
        except UnicodeDecodeError as exc:
            _bad(name, where, f"not UTF-8 (byte {exc.start})", on_bad_line, skipped)
            continue
        except json.JSONDecodeError as exc:
            _bad(name, where, f"not valid JSON ({exc.msg})", on_bad_line, skipped)
            continue
        except RecursionError:
            _bad(name, where, "JSON nested too deeply", on_bad_line, skipped)
            continue
        try:
            article = _record_article(record, name)
        except (ValueError, RecursionError) as exc:
            _bad(name, where, str(exc), on_bad_line, skipped)
            continue
        count += 1
        yield article
    if not count:
        raise InputError(f"{name}: no readable records; each line must be a JSON object")
