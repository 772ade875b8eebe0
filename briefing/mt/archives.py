"""Checks on an ``.argosmodel`` archive before anything of it is written to disk."""

from __future__ import annotations

import zipfile
from pathlib import Path, PurePosixPath

from briefing import zipsafe
from briefing.errors import ModelError

MAX_ARCHIVE_BYTES = 8 * 1024**3  # uncompressed; NLLB 1.3B int8 is about 1.4 GB
AGAIN = "download it again"


def open_archive(path: Path) -> zipfile.ZipFile:
    if not path.is_file():
        raise ModelError(f"{path}: no such model file")
    if not zipfile.is_zipfile(path):
        raise ModelError(f"{path}: not an Argos package (not a zip archive)")
    try:
        return zipfile.ZipFile(path)
    except (OSError, zipfile.BadZipFile) as exc:
        raise ModelError(f"{path}: unreadable archive ({exc}); {AGAIN}") from exc


def check_archive(archive: zipfile.ZipFile, path: Path) -> str:
    """Validate entries; return the single top-level folder name."""
    tops: set[str] = set()
    for info in archive.infolist():
        name = PurePosixPath(info.filename)
        if name.is_absolute() or ".." in name.parts or "\\" in info.filename or not name.parts:
            raise ModelError(f"{path}: refused, entry '{info.filename}' escapes the model folder")
        if (info.external_attr >> 16) & 0o170000 == 0o120000:
            raise ModelError(f"{path}: refused, entry '{info.filename}' is a symbolic link")
        tops.add(name.parts[0])
    problem = zipsafe.inflation_problem(archive.infolist(), MAX_ARCHIVE_BYTES)
    if problem:
        raise ModelError(f"{path}: refused, {problem}; {AGAIN}")
    if len(tops) != 1:
        raise ModelError(f"{path}: not an Argos package (expected one top-level folder)")
    top = tops.pop()
    if top.startswith("."):
        raise ModelError(f"{path}: refused, its folder '{top}' is hidden")
    names = set(archive.namelist())
    for required in ("metadata.json", "model/model.bin"):
        if f"{top}/{required}" not in names:
            raise ModelError(f"{path}: not an Argos package (no {top}/{required})")
    if f"{top}/sentencepiece.model" not in names and f"{top}/bpe.model" not in names:
        raise ModelError(f"{path}: not an Argos package (no tokenizer model)")
    return top


def read_entry(archive: zipfile.ZipFile, name: str, path: Path) -> bytes:
    try:
        return zipsafe.read_entry(archive, name)
    except zipsafe.DamagedEntry as exc:
        raise ModelError(f"{path}: {exc}; {AGAIN}") from None


def extract_all(archive: zipfile.ZipFile, folder: Path, path: Path) -> None:
    """Inflate every entry (checked first by ``check_archive``) under ``folder``."""
    try:
        zipsafe.extract_all(archive, folder)
    except zipsafe.DamagedEntry as exc:
        raise ModelError(f"{path}: {exc}; {AGAIN}") from None
