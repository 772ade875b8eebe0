"""Model archives: validated before anything is written to the package folder."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

import pytest

from briefing.errors import ModelError
from briefing.mt.install import install_file
from briefing.mt.packages import list_models, remove_model, select_model


def make_archive(path: Path, entries: dict[str, bytes]) -> Path:
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, data in entries.items():
            archive.writestr(name, data)
    return path


def package_entries(top: str = "pkg-ar_en", **meta: object) -> dict[str, bytes]:
    metadata = {"package_version": "1.0", "from_code": "ar", "to_code": "en", **meta}
    return {
        f"{top}/metadata.json": json.dumps(metadata).encode(),
        f"{top}/model/model.bin": b"weights",
        f"{top}/sentencepiece.model": b"spm",
    }


def test_valid_archive_installs_and_can_be_removed(tmp_path: Path, empty_models: Path) -> None:
    archive = make_archive(tmp_path / "ok.argosmodel", package_entries())
    model = install_file(archive)
    assert model.id == "pkg-ar_en" and model.is_ar_en
    assert (empty_models / "pkg-ar_en" / "model" / "model.bin").read_bytes() == b"weights"
    assert [m.id for m in list_models()] == ["pkg-ar_en"]
    assert select_model().id == "pkg-ar_en"
    remove_model("pkg-ar_en")
    assert list_models() == []


def test_real_model_is_preferred_over_demo(tmp_path: Path, empty_models: Path) -> None:
    install_file(make_archive(tmp_path / "a.zip", package_entries("a-demo", demo=True)))
    install_file(make_archive(tmp_path / "b.zip", package_entries("z-real")))
    assert select_model().id == "z-real"
    assert select_model("a-demo").id == "a-demo"


@pytest.mark.parametrize(
    ("entries", "message"),
    [
        ({**package_entries(), "../evil.txt": b"x"}, "escapes"),
        ({**package_entries(), "pkg-ar_en/../../evil.txt": b"x"}, "escapes"),
        ({**package_entries(), "/etc/evil": b"x"}, "escapes"),
        ({"pkg/metadata.json": b"{}", "pkg/sentencepiece.model": b"s"}, "model/model.bin"),
        ({**package_entries(), "other/x": b"x"}, "one top-level folder"),
        ({"pkg/metadata.json": b"{}", "pkg/model/model.bin": b"w"}, "tokenizer"),
    ],
)
def test_bad_archives_are_refused_and_nothing_is_written(
    tmp_path: Path, empty_models: Path, entries: dict[str, bytes], message: str
) -> None:
    archive = make_archive(tmp_path / "bad.argosmodel", entries)
    with pytest.raises(ModelError, match=message):
        install_file(archive)
    assert list(empty_models.iterdir()) == []
    assert not (tmp_path / "evil.txt").exists()


def test_not_a_zip_is_refused(tmp_path: Path, empty_models: Path) -> None:
    fake = tmp_path / "fake.argosmodel"
    fake.write_bytes(b"\x89PNG\r\n\x1a\n" + b"0" * 100)
    with pytest.raises(ModelError, match="not a zip"):
        install_file(fake)


def test_zip_bomb_is_refused(tmp_path: Path, empty_models: Path) -> None:
    entries = {**package_entries(), "pkg-ar_en/model/padding.bin": b"\0" * 5_000_000}
    with pytest.raises(ModelError, match="zip bomb"):
        install_file(make_archive(tmp_path / "bomb.argosmodel", entries))


def test_no_model_installed_selects_the_bundled_demo(empty_models: Path) -> None:
    model = select_model()
    assert model.bundled and model.demo and model.id == "briefing-demo-ar_en"
    assert not any(empty_models.iterdir())  # used from the cache, not installed
