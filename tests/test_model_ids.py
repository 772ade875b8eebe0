"""The id a converted folder installs under: the family in front, once (issue 23, item 6)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from briefing.mt.install import install_folder
from helpers import TESTS

REPLICAS = TESTS / "models" / "replicas"


@pytest.mark.parametrize(
    ("replica", "folder", "expected"),
    [
        ("opus-mt-ct2", "opus-mt-ar-en", "opus-mt-ar-en"),  # was opus-mt-opus-mt-ar-en
        ("nllb-ct2", "nllb-ar-en", "nllb-ar-en"),  # was nllb-nllb-ar-en
        ("nllb-ct2", "NLLB-600M", "NLLB-600M"),  # the family in another case is still there
        ("nllb-ct2", "nllbish-ar-en", "nllb-nllbish-ar-en"),  # a longer word is not the family
        ("opus-mt-ct2", "ar-en", "opus-mt-ar-en"),  # no family in the name: it goes in front
    ],
)
def test_the_family_prefix_is_not_doubled(
    replica: str, folder: str, expected: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("BRIEFING_MODELS_DIR", str(tmp_path / "models"))
    source = tmp_path / "converted" / folder
    shutil.copytree(REPLICAS / replica, source)
    installed = install_folder(source)
    assert installed.id == expected
    assert (tmp_path / "models" / expected).is_dir()
