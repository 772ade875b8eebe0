"""Writing output files safely: checked up front, written to a temp file, renamed.

A failed or interrupted run therefore never leaves a half-written file, and a
previous output survives until the new one is complete.

The temp file is ``.NAME.PID.RANDOM.tmp`` beside the output: hidden, on the same file
system (so the rename is atomic), and named after the process writing it. A process
killed between creating and renaming it (SIGKILL, power loss) leaves it behind; the next
write of the same output removes such leftovers whose process is gone.

Only regular files are replaced. A symlink's target is written and the link kept; a
FIFO or a character device (``/dev/null``, a terminal) is written into, since renaming
a file over it would destroy it (as root, ``-o /dev/null`` would replace the system's);
anything else (a socket, a block device) is refused.
"""

from __future__ import annotations

import os
import re
import stat
import tempfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from briefing.errors import BriefingError, OutputError

TEMP_SUFFIX = ".tmp"


@dataclass(frozen=True)
class Target:
    """Where writing ``path`` really goes: ``path`` is the regular file to replace (a
    symlink's target), or, with ``in_place``, the FIFO or device to write into."""

    path: Path
    in_place: bool = False


_REFUSED_KINDS = {
    stat.S_IFSOCK: "a socket",
    stat.S_IFBLK: "a block device (a disk)",
}


def output_target(
    path: Path, *, error: type[BriefingError] = OutputError, fix: str = "choose another -o"
) -> Target:
    """What writing ``path`` means; ``error`` for what must never be written."""
    try:
        mode = path.stat().st_mode  # follows symlinks
    except FileNotFoundError:  # a new file, or a symlink to one that does not exist yet
        return Target(Path(os.path.realpath(path)) if path.is_symlink() else path)
    except OSError as exc:  # a symlink loop, a folder we may not look into
        raise error(f"{path}: cannot use it ({exc.strerror}); {fix}") from exc
    if stat.S_ISFIFO(mode) or stat.S_ISCHR(mode):
        return Target(path, in_place=True)  # open() follows a symlink by itself
    if stat.S_ISREG(mode) or stat.S_ISDIR(mode):
        return Target(Path(os.path.realpath(path)) if path.is_symlink() else path)
    kind = _REFUSED_KINDS.get(stat.S_IFMT(mode), "a special file")
    raise error(f"{path}: not a file ({kind}); {fix}")


def check_output(path: Path, *, force: bool, inputs: Iterable[Path] = ()) -> None:
    """Refuse an output that cannot or must not be written, before any work is done."""
    target = output_target(path)
    if target.in_place:
        return  # a FIFO or a device: written into, nothing to replace
    folder = target.path.parent if str(target.path.parent) else Path(".")
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


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:  # EPERM: it exists, as another user
        return True
    return True


def remove_stale_temps(path: Path) -> list[Path]:
    """Delete temp files of ``path`` left by processes that no longer run; return them."""
    folder = path.parent if str(path.parent) else Path(".")
    pattern = re.compile(rf"\.{re.escape(path.name)}\.(\d+)\.[^.]+{re.escape(TEMP_SUFFIX)}")
    removed: list[Path] = []
    try:
        names = os.listdir(folder)
    except OSError:
        return removed
    for name in names:
        match = pattern.fullmatch(name)
        if match is None or _alive(int(match[1])):
            continue
        try:
            (folder / name).unlink()
            removed.append(folder / name)
        except OSError:
            continue  # not ours to remove after all, or already gone
    return removed


def _new_file_mode(path: Path) -> int:
    """An existing output keeps its mode; a new one gets the usual 0666 minus umask."""
    if path.exists():
        return path.stat().st_mode & 0o777
    umask = os.umask(0)
    os.umask(umask)
    return 0o666 & ~umask


def write_atomic(
    path: Path,
    write: Callable[[Path], None],
    *,
    error: type[BriefingError] = OutputError,
    fix: str = "choose another -o",
) -> None:
    """Call ``write(temp_path)`` then rename the temp file over ``path``.

    The one atomic writer: outputs, glossary files and model metadata all go through it.
    ``error`` (naming ``path``, ending with ``fix``) when the folder refuses the file or
    the disk is full; an existing file keeps its mode. A symlink keeps pointing at the
    file it names, which gets the new content; a FIFO or device gets ``write(path)``.
    """
    target = output_target(path, error=error, fix=fix)
    if target.in_place:
        try:
            write(target.path)
        except OSError as exc:
            raise error(f"{path}: cannot write ({exc.strerror}); {fix}") from exc
        return
    real = target.path
    folder = real.parent if str(real.parent) else Path(".")
    remove_stale_temps(real)
    try:
        handle, temp_name = tempfile.mkstemp(
            prefix=f".{real.name}.{os.getpid()}.", suffix=TEMP_SUFFIX, dir=folder
        )
    except OSError as exc:
        raise error(f"{path}: cannot write in {folder} ({exc.strerror}); {fix}") from exc
    os.close(handle)
    temp = Path(temp_name)
    try:
        write(temp)
        with temp.open("rb+") as stream:
            os.fsync(stream.fileno())  # the data is on disk before the rename makes it visible
        os.chmod(temp, _new_file_mode(real))
        os.replace(temp, real)
    except OSError as exc:
        temp.unlink(missing_ok=True)
        raise error(f"{path}: cannot write ({exc.strerror}); free some space or {fix}") from exc
    except BaseException:
        temp.unlink(missing_ok=True)
        raise


def write_text_atomic(
    path: Path,
    text: str,
    *,
    error: type[BriefingError] = OutputError,
    fix: str = "choose another -o",
) -> None:
    """``text`` as UTF-8 with its line ends as given (no translation)."""

    def write(temp: Path) -> None:
        temp.write_text(text, encoding="utf-8", newline="")

    write_atomic(path, write, error=error, fix=fix)


def write_bytes_atomic(path: Path, data: bytes) -> None:
    def write(temp: Path) -> None:
        temp.write_bytes(data)

    write_atomic(path, write)


def user_cache_folder() -> Path:
    """The user's cache folder for briefing (``$BRIEFING_CACHE_DIR`` overrides it)."""
    from platformdirs import user_cache_dir

    return Path(os.environ.get("BRIEFING_CACHE_DIR") or user_cache_dir("briefing"))
