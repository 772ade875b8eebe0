"""Writing output files safely: checked up front, written to a temp file, renamed.

A failed or interrupted run therefore never leaves a half-written file, and a
previous output survives until the new one is complete.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable, Iterable
from pathlib import Path

from briefing.errors import OutputError


def check_output(path: Path, *, force: bool, inputs: Iterable[Path] = ()) -> None:
    """Refuse an output that cannot or must not be written, before any work is done."""
    folder = path.parent if str(path.parent) else Path(".")
    if not folder.is_dir():
        raise OutputError(
            f"{path}: the folder {folder} does not exist; create it or choose another -o"
        )
    if not os.access(folder, os.W_OK):
        raise OutputError(f"{path}: the folder {folder} is not writable; choose another -o")
    if path.is_dir():
        raise OutputError(f"{path} is a folder; give a file name with -o")
    resolved = path.resolve()
    for source in inputs:
        if source != Path("-") and source.exists() and source.resolve() == resolved:
            raise OutputError(f"{path} is also an input; write the output to another file")
    if path.exists() and not force:
        raise OutputError(f"{path} already exists; add --force to replace it")


def write_atomic(path: Path, write: Callable[[Path], None]) -> None:
    """Call ``write(temp_path)`` then rename the temp file over ``path``."""
    folder = path.parent if str(path.parent) else Path(".")
    handle, temp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=folder)
    os.close(handle)
    temp = Path(temp_name)
    try:
        write(temp)
        os.replace(temp, path)
    except BaseException:
        temp.unlink(missing_ok=True)
        raise


def write_text_atomic(path: Path, text: str) -> None:
    def write(temp: Path) -> None:
        temp.write_text(text, encoding="utf-8")

    write_atomic(path, write)
