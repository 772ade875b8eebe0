"""Where the user-editable glossary and templates come from.

A folder holding its own ``glossary/`` and ``templates/`` is a workspace: commands
run inside it, or in any folder below it (searched upward, as git finds a repository),
use those. Elsewhere the glossary is the user's own, in the user data
folder (``user_glossary``), once the first edit has created it from the defaults; until
then the defaults shipped with the package, which are never edited (an upgrade would
replace them). This is the one place that decides.
"""

from __future__ import annotations

import contextlib
import errno
import os
import shutil
import tempfile
from importlib import resources
from pathlib import Path

from platformdirs import user_data_path

from briefing.errors import GlossaryError, OutputError


def packaged_defaults() -> Path:
    return Path(str(resources.files("briefing") / "defaults"))


def user_glossary() -> Path:
    """The glossary edits go to outside a workspace (``$XDG_DATA_HOME/briefing/glossary``
    on Linux)."""
    return user_data_path("briefing", appauthor=False) / "glossary"


def workspace_part(name: str, cwd: Path | None = None) -> Path | None:
    """``name`` (glossary or templates) of the workspace around ``cwd``: the nearest of
    ``cwd`` and the folders above it that holds a ``glossary/`` or ``templates/`` folder."""
    here = (cwd or Path.cwd()).absolute()
    for folder in (here, *here.parents):
        if any((folder / part).is_dir() for part in ("glossary", "templates")):
            found = folder / name
            return found if found.is_dir() else None
    return None


def resolve_glossary(explicit: Path | None = None, cwd: Path | None = None) -> Path:
    """The glossary to read: ``--glossary``, the workspace's, the user's, the defaults."""
    if explicit is not None:
        return explicit
    local = workspace_part("glossary", cwd)
    if local is not None:
        return local
    user = user_glossary()
    return user if user.is_dir() else packaged_defaults() / "glossary"


def glossary_label(path: Path, explicit: bool) -> str:
    """Which glossary ``path`` is, as the outputs name it: ``file PATH`` (--glossary),
    ``built-in``, ``your own PATH`` or ``workspace PATH``."""
    if explicit:
        return f"file {path}"
    if _is_packaged(path):
        return "built-in"
    if path == user_glossary():
        return f"your own {path}"
    return f"workspace {path}"


def _is_packaged(path: Path) -> bool:
    packaged = (packaged_defaults() / "glossary").resolve()
    try:
        return path.resolve().is_relative_to(packaged)
    except OSError:
        return False


def glossary_to_edit(explicit: Path | None = None, cwd: Path | None = None) -> Path:
    """The glossary an edit goes to: like ``resolve_glossary``, but never the packaged
    one; outside a workspace the user glossary, created from the defaults if need be."""
    path = resolve_glossary(explicit, cwd)
    if not _is_packaged(path):
        return path
    if explicit is not None:
        raise GlossaryError(
            f"{explicit}: the glossary shipped with briefing is never edited (an upgrade "
            f"would replace it); leave out --glossary to edit your own ({user_glossary()}), "
            "or run 'briefing init' for a workspace"
        )
    return create_user_glossary()


def create_user_glossary() -> Path:
    """The user glossary, made from the packaged defaults if it does not exist yet: copied
    whole into a temp folder and renamed, so a concurrent first edit finds it complete."""
    user = user_glossary()
    if user.is_dir():
        return user
    try:
        user.parent.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(prefix=".glossary-", dir=user.parent))
        for csv in sorted((packaged_defaults() / "glossary").glob("*.csv")):
            shutil.copyfile(csv, staging / csv.name)
        try:
            os.rename(staging, user)
        except OSError:
            shutil.rmtree(staging, ignore_errors=True)
            if not user.is_dir():  # not another command's first edit: a real failure
                raise
    except OSError as error:
        raise GlossaryError(
            f"{user}: cannot create your glossary ({error.strerror}); check the folder's "
            "permissions or pass --glossary"
        ) from None
    return user


def resolve_templates(cwd: Path | None = None) -> Path:
    local = workspace_part("templates", cwd)
    return local if local is not None else packaged_defaults() / "templates"


def resolve_template(explicit: Path | None, name: str, cwd: Path | None = None) -> Path:
    return explicit if explicit is not None else resolve_templates(cwd) / name


WORKSPACE_PARTS = ("glossary", "templates", "articles")


def _refuse_place(folder: Path) -> None:
    """OutputError for a workspace place that is taken: before anything is created."""
    if folder.exists() and not folder.is_dir():
        raise OutputError(
            f"{folder}: exists and is not a folder; choose a new or empty folder for the workspace"
        )
    for name in ("glossary", "templates"):
        target = folder / name
        if target.exists() or target.is_symlink():
            raise OutputError(f"{target} already exists; choose an empty folder for the workspace")
    articles = folder / "articles"
    if articles.is_symlink() or (articles.exists() and not articles.is_dir()):
        raise OutputError(
            f"{articles}: exists and is not a folder; rename it, or choose another folder "
            "for the workspace"
        )


def _fill(stage: Path, with_articles: bool) -> None:
    defaults = packaged_defaults()
    hidden = shutil.ignore_patterns(".*", "*.lock")  # lock files and editors' leftovers stay behind
    for name in ("glossary", "templates"):
        shutil.copytree(defaults / name, stage / name, ignore=hidden)
    if with_articles:
        (stage / "articles").mkdir()


def _move_in(stage: Path, folder: Path, names: list[str]) -> None:
    """Rename each part from ``stage`` into ``folder``; on a failure, back out."""
    moved: list[str] = []
    try:
        for name in names:
            os.rename(stage / name, folder / name)
            moved.append(name)
    except BaseException:
        for name in reversed(moved):
            os.rename(folder / name, stage / name)
        raise


def _make_parents(folder: Path) -> list[Path]:
    """Create the missing folders above ``folder``; the ones created, top first."""
    missing = [p for p in reversed(folder.parents) if not p.exists()]
    for parent in missing:
        parent.mkdir()
    return missing


def _build(folder: Path) -> list[Path]:
    """Build the workspace in a hidden folder, then rename it (or its parts) into place."""
    if folder.is_dir():
        names = [n for n in WORKSPACE_PARTS if not (folder / n).is_dir()]
        stage = Path(tempfile.mkdtemp(prefix=".briefing-init-", dir=folder))
        try:
            _fill(stage, with_articles="articles" in names)
            _move_in(stage, folder, names)
        finally:
            shutil.rmtree(stage, ignore_errors=True)
        return [folder / name for name in names]
    stage = Path(tempfile.mkdtemp(prefix=f".{folder.name}.init-", dir=folder.parent))
    try:
        _fill(stage, with_articles=True)
        os.rename(stage, folder)
    except BaseException:
        shutil.rmtree(stage, ignore_errors=True)
        raise
    return [folder / name for name in WORKSPACE_PARTS]


def init_workspace(folder: Path) -> list[Path]:
    """Create a workspace with copies of the default glossary and templates, and articles/.

    All or nothing: the parts are built in a hidden folder and renamed into place, so a
    full disk or a refusing folder leaves nothing behind (not even the folders above it
    that were created for it). Returns what was created.
    """
    _refuse_place(folder)
    created_parents: list[Path] = []
    try:
        created_parents = _make_parents(folder)
        return _build(folder)
    except OSError as error:
        for parent in reversed(created_parents):
            with contextlib.suppress(OSError):
                parent.rmdir()  # empty again: what was built in it is gone
        place = folder if folder.is_dir() else folder.parent
        if error.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
            reason = f"{place} is not writable ({error.strerror})"
        elif isinstance(error, shutil.Error):  # copytree: a list of (source, target, why)
            reason = str(error.args[0][0][2]).split(":")[0] if error.args[0] else str(error)
        else:
            reason = str(error.strerror or error)
        raise OutputError(
            f"{folder}: cannot create the workspace: {reason}; nothing was created; "
            "choose another folder or free some space"
        ) from None
