"""Installed translation models: where they live, which to use, installing and removing.

Two homes, so each tool keeps working with the other:

- Argos packages (``.argosmodel``) go where argostranslate keeps them
  (``$ARGOS_PACKAGES_DIR``, else ``$XDG_DATA_HOME/argos-translate/packages``): packages
  installed by argospm or LibreTranslate are found here, and ours are found by them.
- Converted CTranslate2 folders (OPUS-MT, Marian, NLLB) go to briefing's own model folder
  (``$BRIEFING_MODELS_DIR``, else the user data folder): argostranslate lists every
  folder of its package folder as a package and fails on one without ``metadata.json``.
  What was detected is stored beside the model in ``briefing-model.json``.

Archives are checked before anything is written (no entry escapes, sizes capped) and
every install is staged in a hidden folder and renamed into place.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, replace
from importlib import resources
from pathlib import Path

from briefing.errors import ModelError
from briefing.mt.archives import check_archive, extract_all, open_archive
from briefing.mt.families import (
    ModelLayout,
    argos_layout,
    ct2_layout,
)
from briefing.mt.metadata import metadata_problem

DEMO_ARCHIVE = "demo-ar_en.argosmodel"
DESCRIPTION_FILE = "briefing-model.json"
INSTALL_HINT = (
    "run `briefing model install --demo` for the offline demo model, "
    "or `briefing model install` for the real Arabic→English model (needs internet)"
)


@dataclass(frozen=True)
class InstalledModel:
    id: str  # the folder name
    path: Path
    version: str
    from_code: str
    to_code: str
    demo: bool
    placeholders: bool  # trained to copy ｟i｠ placeholders
    description: str
    layout: ModelLayout
    bundled: bool = False  # the demo inside the package, used when nothing is installed

    @property
    def is_ar_en(self) -> bool:
        return self.from_code == "ar" and self.to_code == "en"

    @property
    def family(self) -> str:
        return self.layout.family

    @property
    def target_prefix(self) -> str:
        return self.layout.target_prefix

    @property
    def max_input_tokens(self) -> int:
        return self.layout.settings.max_input_tokens

    @property
    def max_output_tokens(self) -> int:
        return self.layout.settings.max_output_tokens

    def size_bytes(self) -> int:
        return sum(f.stat().st_size for f in self.path.rglob("*") if f.is_file())

    def fingerprint(self) -> str:
        """Size, mtime and inode of the weights, vocabularies and tokenizer files: a model
        removed and installed again with other weights under the same id and version gets
        another fingerprint (every install writes new files), so the translation memory
        never serves the old model's English. A few ``stat`` calls, no reading."""
        layout = self.layout
        files = {layout.source_model, layout.target_model}
        try:
            files.update(f for f in layout.model_dir.iterdir() if f.is_file())
        except OSError:
            pass  # loading the model reports it
        stamps = []
        for file in sorted(files):
            try:
                st = file.stat()
                stamps.append(f"{file.name}:{st.st_size}:{st.st_mtime_ns}:{st.st_ino}")
            except OSError:
                stamps.append(f"{file.name}:missing")
        return hashlib.sha256("\n".join(stamps).encode("utf-8", "surrogateescape")).hexdigest()


def packages_dir() -> Path:
    """argostranslate's package folder, computed as argostranslate computes it."""
    explicit = os.environ.get("ARGOS_PACKAGES_DIR")
    if explicit:
        return Path(explicit)
    data = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(data) / "argos-translate" / "packages"


def models_dir() -> Path:
    """briefing's own folder for converted CTranslate2 models."""
    explicit = os.environ.get("BRIEFING_MODELS_DIR")
    if explicit:
        return Path(explicit)
    from platformdirs import user_data_path

    return user_data_path("briefing") / "models"


def _meta(folder: Path, name: str) -> dict[str, object]:
    path = folder / name
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        if not isinstance(data, dict):
            raise ValueError("not a JSON object")
    except (OSError, ValueError, RecursionError) as exc:
        raise ModelError(
            f"model folder {folder} has no readable {name} ({exc}); "
            f"remove it with `briefing model remove {folder.name}` and reinstall"
        ) from exc
    return data


def _read_argos(folder: Path) -> InstalledModel:
    meta = _meta(folder, "metadata.json")
    problem = metadata_problem(meta)
    if problem:
        raise ModelError(
            f"model '{folder.name}': {folder / 'metadata.json'}: {problem}; reinstall it, "
            f"or remove it with `briefing model remove {folder.name}`"
        )
    return InstalledModel(
        id=folder.name,
        path=folder,
        version=str(meta.get("package_version", "")),
        from_code=str(meta.get("from_code", "")),
        to_code=str(meta.get("to_code", "")),
        demo=bool(meta.get("demo", False)),
        placeholders=bool(meta.get("placeholders", False)),
        description=str(meta.get("description", meta.get("code", ""))),
        layout=argos_layout(folder, meta),
    )


def _read_converted(folder: Path) -> InstalledModel:
    meta = _meta(folder, DESCRIPTION_FILE)
    family = str(meta.get("family", ""))
    try:
        return InstalledModel(
            id=folder.name,
            path=folder,
            version=str(meta.get("version", "")),
            from_code=str(meta.get("from_code", "ar")),
            to_code=str(meta.get("to_code", "en")),
            demo=False,
            placeholders=False,
            description=str(meta.get("description", "")),
            layout=ct2_layout(folder, family),
        )
    except ModelError as exc:
        raise ModelError(f"model '{folder.name}': {exc}") from None


def _plain(name: str) -> bool:
    """Whether a file name is valid UTF-8 (not bytes Python carries as surrogates)."""
    try:
        name.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def _subfolders(root: Path) -> list[Path]:
    """Folders in ``root``, sorted by name (hidden ones are installs in progress)."""
    if not root.is_dir():
        return []
    return [f for f in sorted(root.iterdir()) if f.is_dir() and not f.name.startswith(".")]


def _folders(root: Path) -> list[Path]:
    """Installed model folders: a folder whose name is not UTF-8 (bytes from a Windows
    zip) cannot be an id to print, store or choose, so it is not one (see ``_odd_names``)."""
    return [f for f in _subfolders(root) if _plain(f.name)]


def _odd_names() -> list[str]:
    """One line for each model folder whose name is not UTF-8."""
    return [
        f"{os.fsencode(f).decode('utf-8', 'backslashreplace')}: a model folder whose name is "
        "not UTF-8 is ignored; rename it (letters, digits, - and _)"
        for root in (packages_dir(), models_dir())
        for f in _subfolders(root)
        if not _plain(f.name)
    ]


def _all_folders() -> list[tuple[Path, bool]]:
    """(folder, is_argos) for every installed model; an id is unique across both homes."""
    return [(f, True) for f in _folders(packages_dir())] + [
        (f, False) for f in _folders(models_dir())
    ]


def _read(folder: Path, argos: bool) -> InstalledModel:
    return _read_argos(folder) if argos else _read_converted(folder)


def read_folder(folder: Path) -> InstalledModel:
    """The model in ``folder``, an Argos package or a converted model, read where it is
    (a cluster node reads the driver's model from shared storage or its image)."""
    return _read(folder, (folder / "metadata.json").is_file())


def scan_models() -> tuple[list[InstalledModel], list[str]]:
    """Every readable installed model, and one line for each broken folder: a broken
    package never hides the good ones."""
    models: list[InstalledModel] = []
    broken: list[str] = _odd_names()
    for folder, argos in _all_folders():
        try:
            models.append(_read(folder, argos))
        except ModelError as exc:
            broken.append(str(exc))
    return models, broken


def list_models() -> list[InstalledModel]:
    return scan_models()[0]


def select_model(model_id: str | None = None) -> InstalledModel:
    """The model to use: ``model_id``, else ``$BRIEFING_MODEL``, else the best ar→en one.

    A real (non-demo) model wins over the demo model, so installing the real model is
    all a user has to do to switch.
    """
    wanted = model_id or os.environ.get("BRIEFING_MODEL") or None
    if wanted:
        # Only the model asked for is read: a broken neighbour does not stand in the way.
        for folder, argos in _all_folders():
            if folder.name == wanted:
                model = _read(folder, argos)
                require_ar_en(model.from_code, model.to_code, f"model '{wanted}'")
                return model
        demo = bundled_demo()  # what `model list` shows when nothing is installed
        if wanted == demo.id:
            return demo
        known = [f.name for f, _ in _all_folders()] + [f"{demo.id} (the bundled demo)"]
        where = "--model" if model_id else "$BRIEFING_MODEL"
        raise ModelError(
            f"no model is called '{wanted}'; give one of these to {where}: {', '.join(known)}"
        )
    models = [m for m in list_models() if m.is_ar_en]
    if not models:
        return bundled_demo()
    return sorted(models, key=lambda m: (m.demo, m.id))[0]


def bundled_demo() -> InstalledModel:
    """The demo model shipped inside the package, unpacked once into the user cache
    folder (not installed: the Argos package folder stays as the user left it)."""
    from platformdirs import user_cache_path

    archive = demo_archive()
    stamp = f"{archive.stat().st_size}-{int(archive.stat().st_mtime)}"
    root = Path(os.environ.get("BRIEFING_CACHE_DIR") or user_cache_path("briefing"))
    folder = root / f"bundled-demo-{stamp}"
    with open_archive(archive) as zipped:
        top = check_archive(zipped, archive)
        if not (folder / top / "metadata.json").is_file():
            try:
                root.mkdir(parents=True, exist_ok=True)
                with _staging(root) as staging:
                    extract_all(zipped, staging / "unpacked", archive)
                    _replace_folder(staging / "unpacked", folder)
            except OSError as exc:
                raise ModelError(
                    f"cannot unpack the bundled demo model into {root} ({exc.strerror}); "
                    f"{INSTALL_HINT}"
                ) from exc
    model = _read_argos(folder / top)
    return replace(model, bundled=True)


@contextmanager
def _staging(root: Path) -> Iterator[Path]:
    """A hidden folder in ``root`` to build an install in; gone afterwards, whatever
    happened (a finished install has been renamed out of it)."""
    staging = Path(tempfile.mkdtemp(prefix=".install-", dir=root))
    try:
        yield staging
    finally:
        shutil.rmtree(staging, ignore_errors=True)


def _replace_folder(staged: Path, target: Path) -> None:
    """Rename ``staged`` to ``target``, replacing an older install of the same id."""
    if target.exists():
        old = Path(tempfile.mkdtemp(prefix=".old-", dir=target.parent))
        os.replace(target, old / target.name)
        shutil.rmtree(old, ignore_errors=True)
    os.replace(staged, target)


def require_ar_en(from_code: str, to_code: str, where: str) -> None:
    """Refuse a model of another language pair: it would install over, or be chosen
    instead of, an Arabic→English one and translate Arabic into nonsense."""
    if (from_code.strip().lower(), to_code.strip().lower()) != ("ar", "en"):
        raise ModelError(
            f"{where}: the model translates {from_code or '?'}→{to_code or '?'}; briefing "
            "uses only Arabic→English models (from_code ar, to_code en)"
        )


def demo_archive() -> Path:
    resource = resources.files("briefing") / "data" / DEMO_ARCHIVE
    return Path(str(resource))


def remove_model(model_id: str) -> None:
    """Remove an installed model, even a broken one (its metadata is not read)."""
    for folder, _ in _all_folders():
        if folder.name == model_id:
            shutil.rmtree(folder)
            return
    if model_id == bundled_demo().id:
        raise ModelError(
            f"'{model_id}' is the demo bundled in the package: it cannot be removed (it is "
            "used only while no other model is installed); `briefing model install` gets the "
            "real model"
        )
    raise ModelError(f"no installed model is called '{model_id}'; see `briefing model list`")
