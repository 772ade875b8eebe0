"""Writing a glossary's files safely: one lock per glossary folder, read-only files
refused, every write through the one atomic writer (a symlink keeps pointing at its file)."""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from filelock import FileLock, Timeout

from briefing.errors import GlossaryError
from briefing.files import write_text_atomic

LOCK_TIMEOUT = 30.0


def refuse_read_only(path: Path) -> None:
    """GlossaryError if the glossary file ``path`` (or the file its symlink names) is
    read-only: by its permissions for us, or by its mode bits even to root, whom the
    permissions do not stop but who marked it read-only to keep it as it is."""
    try:
        mode = path.stat().st_mode
    except FileNotFoundError:
        return  # a new file
    except OSError as error:
        raise GlossaryError(f"{path}: cannot use it ({error.strerror})") from None
    if not mode & 0o222 or not os.access(path, os.W_OK):
        raise GlossaryError(
            f"{path}: the glossary file is read-only; make it writable (chmod u+w) "
            "or edit a copy with --glossary"
        )


def write_atomic(path: Path, text: str) -> None:
    """Replace the glossary file ``path`` (the file a symlink names; the link stays)."""
    refuse_read_only(path)
    write_text_atomic(path, text, error=GlossaryError, fix="check the folder's permissions")


def lock_file(path: Path) -> Path:
    """The one lock of the glossary folder that ``path`` is or lies in, however it is named.

    The folder and a CSV inside it (or a symlink to either) are one glossary to edit, so
    they share one lock: ``glossary add --glossary g`` and ``--glossary g/places.csv``
    run at the same time must not both read places.csv before either writes it.
    """
    resolved = path.resolve()
    folder = resolved if resolved.is_dir() else resolved.parent
    return folder / ".glossary.lock"


@contextmanager
def locked(path: Path) -> Iterator[None]:
    """Hold the glossary's lock file while editing it (see ``lock_file``)."""
    lock_path = lock_file(path)
    lock = FileLock(str(lock_path), timeout=LOCK_TIMEOUT)
    try:
        lock.acquire()
    except Timeout:
        raise GlossaryError(
            f"{path}: the glossary is locked by another command; try again ({lock_path})"
        ) from None
    except OSError as error:  # the folder refuses the lock file: it refuses the edit too
        raise GlossaryError(
            f"{path}: the glossary folder {lock_path.parent} is not writable (cannot create "
            f"{lock_path.name}: {error.strerror}); make it writable or edit a copy with --glossary"
        ) from None
    try:
        yield
    finally:
        lock.release()
