"""Zip archives (model packages, Word files) checked before they are inflated, and read
with every way an entry can be damaged turned into one error.

An entry is refused when it is encrypted, packed with a method Python cannot inflate
(Deflate64, which Windows' own zipping uses for large files; PPMd), or compressed more
than ``MAX_COMPRESSION_RATIO`` times (model weights and Word XML compress 2-20 times; a
zip bomb thousands of times); the entries together may inflate to at most a limit the
caller sets. A bad CRC or a truncated stream only shows while reading: ``read_entry``
and ``extract_all`` report it naming the entry.
"""

from __future__ import annotations

import zipfile
import zlib
from collections.abc import Iterable
from pathlib import Path

MAX_COMPRESSION_RATIO = 200
_READABLE = {zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED, zipfile.ZIP_BZIP2, zipfile.ZIP_LZMA}
_METHODS = {9: "Deflate64", 98: "PPMd", 99: "AES encryption"}


class DamagedEntry(ValueError):
    """An entry that cannot be inflated; the message names it and says why."""


def entry_problem(info: zipfile.ZipInfo) -> str | None:
    """Why ``info`` must not be inflated, in words; None when it may be."""
    if info.flag_bits & 0x1:
        return f"entry '{info.filename}' is encrypted"
    if info.compress_type not in _READABLE:
        method = _METHODS.get(info.compress_type, f"method {info.compress_type}")
        return f"entry '{info.filename}' is compressed with {method}, which cannot be read"
    if info.compress_size and info.file_size / info.compress_size > MAX_COMPRESSION_RATIO:
        return (
            f"entry '{info.filename}' is a zip bomb (it inflates "
            f"{info.file_size // info.compress_size} times)"
        )
    return None


def inflation_problem(infos: Iterable[zipfile.ZipInfo], limit: int) -> str | None:
    """The first entry that must not be inflated, or entries inflating past ``limit``
    bytes together; None when all may be read."""
    total = 0
    for info in infos:
        problem = entry_problem(info)
        if problem:
            return problem
        total += info.file_size
    if total > limit:
        return f"it unpacks to {total} bytes (limit {limit})"
    return None


_READ_ERRORS = (zipfile.BadZipFile, zlib.error, EOFError, NotImplementedError, RuntimeError)


def read_entry(archive: zipfile.ZipFile, name: str) -> bytes:
    """The inflated bytes of entry ``name``; ``DamagedEntry`` when they cannot be had."""
    try:
        return archive.read(name)
    except _READ_ERRORS as exc:
        raise DamagedEntry(f"entry '{name}' is damaged ({exc})") from exc


def extract_all(archive: zipfile.ZipFile, folder: Path) -> None:
    """Every entry inflated under ``folder``; ``DamagedEntry`` naming the first bad one."""
    for info in archive.infolist():
        try:
            archive.extract(info, folder)
        except _READ_ERRORS as exc:
            raise DamagedEntry(f"entry '{info.filename}' is damaged ({exc})") from exc
