"""Installing models: an Argos package archive (``.argosmodel``) or a converted CTranslate2
folder, each checked before anything is written (an Arabic→English pair, an id no other model
has, no link out of the folder, a layout a family can run), built in a hidden staging folder
and renamed into place. Finding and reading installed models is ``packages``'s."""

from __future__ import annotations

import json
import os
import shutil
import zipfile
from dataclasses import asdict
from pathlib import Path

from briefing.errors import ModelError
from briefing.mt.archives import check_archive, extract_all, open_archive, read_entry
from briefing.mt.families import (
    FAMILIES,
    MIN_ARABIC_SHARE,
    ModelLayout,
    arabic_share,
    ct2_layout,
    detect_family,
)
from briefing.mt.metadata import metadata_problem
from briefing.mt.packages import (
    DESCRIPTION_FILE,
    InstalledModel,
    _folders,
    _read_argos,
    _read_converted,
    _replace_folder,
    _staging,
    demo_archive,
    models_dir,
    packages_dir,
    require_ar_en,
)


def install_archive(path: Path) -> InstalledModel:
    """Install a ``.argosmodel`` archive; replaces an installed package of the same name."""
    root = packages_dir()
    with open_archive(path) as archive:
        top = check_archive(archive, path)
        meta = _archive_metadata(archive, top, path)
        require_ar_en(str(meta.get("from_code", "")), str(meta.get("to_code", "")), str(path))
        _refuse_taken_id(top, models_dir(), "the converted model")
        root.mkdir(parents=True, exist_ok=True)  # only once the package is accepted
        with _staging(root) as staging:
            extract_all(archive, staging, path)
            _read_argos(staging / top)  # refuse a package we could not run
            _replace_folder(staging / top, root / top)
    return _read_argos(root / top)


def _archive_metadata(archive: zipfile.ZipFile, top: str, path: Path) -> dict[str, object]:
    """The package's metadata.json, read from the archive before anything is extracted."""
    try:
        meta = json.loads(read_entry(archive, f"{top}/metadata.json", path).decode("utf-8"))
        if not isinstance(meta, dict):
            raise ValueError("not a JSON object")
    except (OSError, ValueError, RecursionError) as exc:
        raise ModelError(
            f"{path}: not an Argos package ({top}/metadata.json is unreadable: {exc})"
        ) from None
    problem = metadata_problem(meta)
    if problem:
        raise ModelError(
            f"{path}: refused, {top}/metadata.json: {problem}; fix it or download the package again"
        )
    return meta


def _refuse_taken_id(name: str, other_root: Path, what: str) -> None:
    """An id names one model across both homes: ``--model`` and ``model remove`` would
    otherwise pick whichever is found first."""
    for folder in _folders(other_root):
        if folder.name == name:
            fix = (
                f"remove it with `briefing model remove {name}` first"
                if what == "the converted model"
                else "give another --id"
            )
            raise ModelError(f"'{name}' is already the id of {what} at {folder}; {fix}")


def _folder_pair(path: Path) -> tuple[str, str] | None:
    """The language pair a converted folder's own files state, if any: a copied install
    (briefing-model.json, metadata.json) or Hugging Face's tokenizer_config.json."""
    for name, keys in (
        (DESCRIPTION_FILE, ("from_code", "to_code")),
        ("metadata.json", ("from_code", "to_code")),
        ("tokenizer_config.json", ("source_lang", "target_lang")),
    ):
        try:
            data = json.loads((path / name).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            continue  # absent or unreadable: it states nothing
        if isinstance(data, dict) and all(isinstance(data.get(k), str) for k in keys):
            return str(data[keys[0]]), str(data[keys[1]])
    return None


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
    pair = _folder_pair(path)
    if pair is not None:
        require_ar_en(*pair, str(path))
    share = None if found == "nllb" else arabic_share(layout.model_dir)
    if share is not None and share < MIN_ARABIC_SHARE:
        raise ModelError(
            f"{path}: its source vocabulary has no Arabic ({share:.1%} of the tokens), so it "
            "does not translate from Arabic; briefing uses only Arabic→English models"
        )
    name = model_id or default_id(found, path.resolve().name)
    if not name or name.startswith(".") or "/" in name or name in (".", ".."):
        raise ModelError(f"'{name}' cannot be a model id; give --id with a plain name")
    _refuse_taken_id(name, packages_dir(), "the Argos package")
    _refuse_dangling_links(path)
    root = models_dir()
    root.mkdir(parents=True, exist_ok=True)
    try:
        with _staging(root) as staging:
            _copy_in(path, staging / name, found, layout)
            _replace_folder(staging / name, root / name)
    except shutil.Error as exc:  # copytree's list of (source, target, reason)
        source, _, reason = exc.args[0][0]
        raise ModelError(f"{source}: could not copy it into the model ({reason})") from None
    except OSError as exc:
        where = exc.filename or path
        raise ModelError(f"{where}: could not copy the model ({exc.strerror or exc})") from None
    return _read_converted(root / name)


def _refuse_dangling_links(path: Path) -> None:
    """A symbolic link to nothing would be copied as an error: name it first."""
    for link in sorted(p for p in path.rglob("*") if p.is_symlink() and not p.exists()):
        raise ModelError(
            f"{link}: a symbolic link to {os.readlink(link)}, which does not exist; "
            "put the real file there or remove the link, then install again"
        )


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


def install_demo() -> InstalledModel:
    return install_archive(demo_archive())
