"""Where the user-editable glossary and templates come from.

A folder holding its own ``glossary/`` and ``templates/`` is a workspace: commands
run inside it use those; elsewhere they use the defaults shipped with the package.
This is the one place that decides.
"""

from __future__ import annotations

import shutil
from importlib import resources
from pathlib import Path

from briefing.errors import OutputError


def packaged_defaults() -> Path:
    return Path(str(resources.files("briefing") / "defaults"))


def resolve_glossary(explicit: Path | None = None, cwd: Path | None = None) -> Path:
    if explicit is not None:
        return explicit
    local = (cwd or Path.cwd()) / "glossary"
    return local if local.is_dir() else packaged_defaults() / "glossary"


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
        shutil.copytree(defaults / name, folder / name)
        created.append(folder / name)
    articles = folder / "articles"
    articles.mkdir(exist_ok=True)
    created.append(articles)
    return created
