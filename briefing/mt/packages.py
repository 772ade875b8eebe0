"""Installed translation models: Argos Translate packages (``.argosmodel``).

argostranslate owns the package format, the package folder (``ARGOS_PACKAGES_DIR``)
and the package index; this module adds what a daily tool needs on top: a validated,
atomic install from a file (no path may escape the package folder, sizes are capped),
the bundled demo model, and the choice of which installed model to use.
"""

from __future__ import annotations

import json
import os
import shutil
import tempfile
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from importlib import resources
from pathlib import Path, PurePosixPath

from briefing.errors import ModelError

MAX_ARCHIVE_BYTES = 2 * 1024**3  # uncompressed; the real ar→en model is about 100 MB
MAX_COMPRESSION_RATIO = 200  # zip bombs compress far better than model weights
DEFAULT_MAX_INPUT_TOKENS = 200
# Below the 512 positions most Transformer models have, with room for a target prefix.
DEFAULT_MAX_OUTPUT_TOKENS = 500
DEMO_ARCHIVE = "demo-ar_en.argosmodel"
INSTALL_HINT = (
    "run `briefing model install --demo` for the offline demo model, "
    "or `briefing model install` for the real Arabic→English model (needs internet)"
)


@dataclass(frozen=True)
class InstalledModel:
    id: str  # the package's folder name
    path: Path
    version: str
    from_code: str
    to_code: str
    demo: bool
    placeholders: bool  # trained to copy ｟i｠ placeholders
    target_prefix: str
    max_input_tokens: int
    max_output_tokens: int  # decoding never goes past the model's position table
    description: str

    @property
    def is_ar_en(self) -> bool:
        return self.from_code == "ar" and self.to_code == "en"


def packages_dir() -> Path:
    """The folder argostranslate installs packages into (``ARGOS_PACKAGES_DIR``)."""
    from argostranslate import settings

    return Path(settings.package_data_dir)


def _read_model(folder: Path) -> InstalledModel:
    try:
        meta = json.loads((folder / "metadata.json").read_text(encoding="utf-8"))
        if not isinstance(meta, dict):
            raise ValueError("metadata.json is not an object")
    except (OSError, ValueError) as exc:
        raise ModelError(
            f"model folder {folder} has no readable metadata.json ({exc}); "
            f"remove it with `briefing model remove {folder.name}` and reinstall"
        ) from exc
    return InstalledModel(
        id=folder.name,
        path=folder,
        version=str(meta.get("package_version", "")),
        from_code=str(meta.get("from_code", "")),
        to_code=str(meta.get("to_code", "")),
        demo=bool(meta.get("demo", False)),
        placeholders=bool(meta.get("placeholders", False)),
        target_prefix=str(meta.get("target_prefix", "")),
        max_input_tokens=int(meta.get("max_input_tokens", DEFAULT_MAX_INPUT_TOKENS)),
        max_output_tokens=int(meta.get("max_output_tokens", DEFAULT_MAX_OUTPUT_TOKENS)),
        description=str(meta.get("description", meta.get("code", ""))),
    )


def _folders() -> list[Path]:
    """The installed package folders, sorted by name (hidden ones are installs in progress)."""
    root = packages_dir()
    if not root.is_dir():
        return []
    return [f for f in sorted(root.iterdir()) if f.is_dir() and not f.name.startswith(".")]


def _folder(model_id: str) -> Path | None:
    # Matched by name among the folders, so an id can never point outside the package folder.
    return next((f for f in _folders() if f.name == model_id), None)


def list_models() -> list[InstalledModel]:
    """Every installed package, sorted by id; broken folders are reported as errors."""
    return [_read_model(folder) for folder in _folders()]


def select_model(model_id: str | None = None) -> InstalledModel:
    """The model to use: ``model_id``, else ``$BRIEFING_MODEL``, else the best ar→en one.

    A real (non-demo) model wins over the demo model, so installing the real model is
    all a user has to do to switch.
    """
    wanted = model_id or os.environ.get("BRIEFING_MODEL") or None
    if wanted:
        # Only the model asked for is read: a broken neighbour does not stand in the way.
        folder = _folder(wanted)
        if folder is not None:
            return _read_model(folder)
        known = ", ".join(f.name for f in _folders()) or "none"
        raise ModelError(
            f"no installed model is called '{wanted}' (installed: {known}); "
            "give one of those to --model, or unset BRIEFING_MODEL"
        )
    models = [m for m in list_models() if m.is_ar_en]
    if not models:
        raise ModelError(f"no Arabic→English model is installed: {INSTALL_HINT}")
    return sorted(models, key=lambda m: (m.demo, m.id))[0]


def _check_archive(archive: zipfile.ZipFile, path: Path) -> str:
    """Validate entries; return the single top-level folder name."""
    tops: set[str] = set()
    total = 0
    for info in archive.infolist():
        name = PurePosixPath(info.filename)
        if name.is_absolute() or ".." in name.parts or "\\" in info.filename or not name.parts:
            raise ModelError(f"{path}: refused, entry '{info.filename}' escapes the model folder")
        if (info.external_attr >> 16) & 0o170000 == 0o120000:
            raise ModelError(f"{path}: refused, entry '{info.filename}' is a symbolic link")
        total += info.file_size
        if info.compress_size and info.file_size / info.compress_size > MAX_COMPRESSION_RATIO:
            raise ModelError(f"{path}: refused, entry '{info.filename}' is a zip bomb")
        tops.add(name.parts[0])
    if total > MAX_ARCHIVE_BYTES:
        raise ModelError(
            f"{path}: refused, it unpacks to {total} bytes (limit {MAX_ARCHIVE_BYTES})"
        )
    if len(tops) != 1:
        raise ModelError(f"{path}: not an Argos package (expected one top-level folder)")
    top = tops.pop()
    names = set(archive.namelist())
    for required in ("metadata.json", "model/model.bin"):
        if f"{top}/{required}" not in names:
            raise ModelError(f"{path}: not an Argos package (no {top}/{required})")
    if f"{top}/sentencepiece.model" not in names and f"{top}/bpe.model" not in names:
        raise ModelError(f"{path}: not an Argos package (no tokenizer model)")
    return top


def install_file(path: Path) -> InstalledModel:
    """Install a ``.argosmodel`` archive; replaces an installed package of the same name."""
    if not path.is_file():
        raise ModelError(f"{path}: no such model file")
    if not zipfile.is_zipfile(path):
        raise ModelError(f"{path}: not an Argos package (not a zip archive)")
    root = packages_dir()
    root.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(path) as archive:
        top = _check_archive(archive, path)
        staging = Path(tempfile.mkdtemp(prefix=".install-", dir=root))
        try:
            archive.extractall(staging)
            model = _read_model(staging / top)
            target = root / top
            if target.exists():
                old = Path(tempfile.mkdtemp(prefix=".old-", dir=root))
                os.replace(target, old / top)
                shutil.rmtree(old, ignore_errors=True)
            os.replace(staging / top, target)
        finally:
            shutil.rmtree(staging, ignore_errors=True)
    return _read_model(root / model.id)


def demo_archive() -> Path:
    resource = resources.files("briefing") / "data" / DEMO_ARCHIVE
    return Path(str(resource))


def install_demo() -> InstalledModel:
    return install_file(demo_archive())


def remove_model(model_id: str) -> None:
    """Remove an installed package, even a broken one (its metadata is not read)."""
    folder = _folder(model_id)
    if folder is None:
        raise ModelError(f"no installed model is called '{model_id}'; see `briefing model list`")
    shutil.rmtree(folder)


def install_from_index(
    progress: Callable[[int, int], None] | None = None,
) -> InstalledModel:
    """Download the Arabic→English package from the Argos index and install it.

    The only network access in the tool; ``progress(done, total)`` reports bytes.
    """
    import urllib.request

    from argostranslate import package as argos_package

    try:
        argos_package.update_package_index()
        available = argos_package.get_available_packages()
    except Exception as exc:  # argostranslate raises bare Exceptions on network errors
        raise ModelError(f"could not read the Argos package index ({exc}); {INSTALL_HINT}") from exc
    candidates = [p for p in available if p.from_code == "ar" and p.to_code == "en"]
    if not candidates:
        raise ModelError(
            "the Argos package index has no Arabic→English package (are you offline?); "
            "use `briefing model install --file PATH.argosmodel` with a downloaded package"
        )
    chosen = candidates[0]
    with tempfile.TemporaryDirectory() as folder:
        target = Path(folder) / "ar_en.argosmodel"
        last_error: Exception | None = None
        for link in chosen.links:
            try:
                with urllib.request.urlopen(link, timeout=60) as response, target.open("wb") as out:
                    total = int(response.headers.get("Content-Length") or 0)
                    done = 0
                    while block := response.read(1 << 16):
                        out.write(block)
                        done += len(block)
                        if progress:
                            progress(done, total)
                return install_file(target)
            except OSError as exc:
                last_error = exc
        raise ModelError(f"download of the Arabic→English model failed ({last_error})")
