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

import json
import os
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass, replace
from importlib import resources
from pathlib import Path

from briefing.errors import ModelError
from briefing.mt.archives import check_archive, open_archive
from briefing.mt.families import FAMILIES, ModelLayout, argos_layout, ct2_layout, detect_family

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
    except (OSError, ValueError) as exc:
        raise ModelError(
            f"model folder {folder} has no readable {name} ({exc}); "
            f"remove it with `briefing model remove {folder.name}` and reinstall"
        ) from exc
    return data


def _read_argos(folder: Path) -> InstalledModel:
    meta = _meta(folder, "metadata.json")
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


def _folders(root: Path) -> list[Path]:
    """Installed model folders, sorted by name (hidden ones are installs in progress)."""
    if not root.is_dir():
        return []
    return [f for f in sorted(root.iterdir()) if f.is_dir() and not f.name.startswith(".")]


def _all_folders() -> list[tuple[Path, bool]]:
    """(folder, is_argos) for every installed model; an id is unique across both homes."""
    return [(f, True) for f in _folders(packages_dir())] + [
        (f, False) for f in _folders(models_dir())
    ]


def _read(folder: Path, argos: bool) -> InstalledModel:
    return _read_argos(folder) if argos else _read_converted(folder)


def scan_models() -> tuple[list[InstalledModel], list[str]]:
    """Every readable installed model, and one line for each broken folder: a broken
    package never hides the good ones."""
    models: list[InstalledModel] = []
    broken: list[str] = []
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
                return _read(folder, argos)
        known = ", ".join(f.name for f, _ in _all_folders()) or "none"
        raise ModelError(
            f"no installed model is called '{wanted}' (installed: {known}); "
            "give one of those to --model, or unset BRIEFING_MODEL"
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
                    zipped.extractall(staging / "unpacked")
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


def install_archive(path: Path) -> InstalledModel:
    """Install a ``.argosmodel`` archive; replaces an installed package of the same name."""
    root = packages_dir()
    root.mkdir(parents=True, exist_ok=True)
    with open_archive(path) as archive:
        top = check_archive(archive, path)
        with _staging(root) as staging:
            archive.extractall(staging)
            _read_argos(staging / top)  # refuse a package we could not run
            _replace_folder(staging / top, root / top)
    return _read_argos(root / top)


def default_id(family: str, folder: str) -> str:
    """The id of a converted folder: its name with the family in front, unless the name
    already starts with it ("opus-mt-ar-en" stays, "ar-en" becomes "opus-mt-ar-en")."""
    lowered = folder.casefold()
    if lowered == family or lowered.startswith(f"{family}-"):
        return folder
    return f"{family}-{folder}"


def install_folder(
    path: Path, *, family: str | None = None, model_id: str | None = None
) -> InstalledModel:
    """Install a converted CTranslate2 folder (copied); the family is detected unless given."""
    if family is not None and family not in FAMILIES:
        raise ModelError(f"unknown model family '{family}'; use one of {', '.join(FAMILIES)}")
    found = family or detect_family(path)
    if found == "argos":
        raise ModelError(
            f"{path}: this folder is an unpacked Argos package; zip it (one top folder) "
            "into a .argosmodel file and install that, or give --family"
        )
    layout = ct2_layout(path, found)  # refuses what is missing, naming it
    name = model_id or default_id(found, path.resolve().name)
    if not name or name.startswith(".") or "/" in name or name in (".", ".."):
        raise ModelError(f"'{name}' cannot be a model id; give --id with a plain name")
    root = models_dir()
    root.mkdir(parents=True, exist_ok=True)
    try:
        with _staging(root) as staging:
            _copy_in(path, staging / name, found, layout)
            _replace_folder(staging / name, root / name)
    except OSError as exc:
        raise ModelError(f"{path}: could not copy the model ({exc.strerror})") from exc
    return _read_converted(root / name)


def _copy_in(path: Path, copy: Path, found: str, layout: ModelLayout) -> None:
    """Copy a converted folder to ``copy`` with what was detected beside it, and check it."""
    shutil.copytree(path, copy, symlinks=False)
    description: dict[str, object] = {
        "family": found,
        "from_code": "ar",
        "to_code": "en",
        "version": "",
        "source": str(path.resolve()),
        "settings": asdict(layout.settings),
    }
    (copy / DESCRIPTION_FILE).write_text(json.dumps(description, indent=2), encoding="utf-8")
    _read_converted(copy)


def install_file(
    path: Path, *, family: str | None = None, model_id: str | None = None
) -> InstalledModel:
    """Install an ``.argosmodel`` file or a converted CTranslate2 folder."""
    if path.is_dir():
        return install_folder(path, family=family, model_id=model_id)
    if not path.is_file():
        raise ModelError(f"{path}: no such model file or folder")
    return install_archive(path)


def demo_archive() -> Path:
    resource = resources.files("briefing") / "data" / DEMO_ARCHIVE
    return Path(str(resource))


def install_demo() -> InstalledModel:
    return install_archive(demo_archive())


def remove_model(model_id: str) -> None:
    """Remove an installed model, even a broken one (its metadata is not read)."""
    for folder, _ in _all_folders():
        if folder.name == model_id:
            shutil.rmtree(folder)
            return
    raise ModelError(f"no installed model is called '{model_id}'; see `briefing model list`")
