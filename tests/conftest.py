"""Test isolation: every test session gets its own model, cache and config folders.

argostranslate reads its folders from the environment when first imported, so the
variables are set here, before any test imports it.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

_SESSION = Path(tempfile.mkdtemp(prefix="briefing-tests-"))
for _name in ("XDG_DATA_HOME", "XDG_CONFIG_HOME", "XDG_CACHE_HOME"):
    os.environ[_name] = str(_SESSION / _name.lower())
os.environ["ARGOS_PACKAGES_DIR"] = str(_SESSION / "packages")
os.environ["BRIEFING_CACHE_DIR"] = str(_SESSION / "cache")
os.environ.pop("BRIEFING_MODEL", None)


@pytest.fixture(scope="session")
def installed_models() -> Path:
    """The demo and stand-in models installed into the session's package folder."""
    from briefing.mt.install import install_file
    from helpers import DEMO_MODEL, STANDIN_MODEL

    install_file(DEMO_MODEL)
    install_file(STANDIN_MODEL)
    return Path(os.environ["ARGOS_PACKAGES_DIR"])


@pytest.fixture
def empty_models(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """A package folder with nothing installed (argostranslate's settings patched)."""
    from argostranslate import settings

    folder = tmp_path / "no-packages"
    folder.mkdir()
    monkeypatch.setattr(settings, "package_data_dir", folder)
    monkeypatch.setenv("ARGOS_PACKAGES_DIR", str(folder))
    yield folder


@pytest.fixture
def cache_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "cache"
    monkeypatch.setenv("BRIEFING_CACHE_DIR", str(folder))
    return folder
