"""Where the user-editable glossary and templates come from.

A folder holding its own ``glossary/`` and ``templates/`` is a workspace: commands
run inside it use those. Elsewhere the glossary is the user's own, in the user data
folder (``user_glossary``), once the first edit has created it from the defaults; until
then the defaults shipped with the package, which are never edited (an upgrade would
replace them). This is the one place that decides.
"""

from __future__ import annotations

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


def resolve_glossary(explicit: Path | None = None, cwd: Path | None = None) -> Path:
    """The glossary to read: ``--glossary``, the workspace's, the user's, the defaults."""
    if explicit is not None:
        return explicit
    local = (cwd or Path.cwd()) / "glossary"
    if local.is_dir():
        return local
    user = user_glossary()
    return user if user.is_dir() else packaged_defaults() / "glossary"


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
    local = (cwd or Path.cwd()) / "templates"
    return local if local.is_dir() else packaged_defaults() / "templates"


def resolve_template(explicit: Path | None, name: str, cwd: Path | None = None) -> Path:
    return explicit if explicit is not None else resolve_templates(cwd) / name


def init_workspace(folder: Path) -> list[Path]:
    """Create a workspace with copies of the default glossary and templates."""
    created: list[Path] = []
    folder.mkdir(parents=True, exist_ok=True)
    defaults = packaged_defaults()
    for name in ("glossary", "templates"):
        target = folder / name
        if target.exists():
            raise OutputError(f"{target} already exists; choose an empty folder for the workspace")
    for name in ("glossary", "templates"):
        # Lock files of earlier edits are no part of a fresh workspace.
        shutil.copytree(defaults / name, folder / name, ignore=shutil.ignore_patterns("*.lock"))
        created.append(folder / name)
    articles = folder / "articles"
    articles.mkdir(exist_ok=True)
    created.append(articles)
    return created
