"""The library face of ``briefing model``: the installed models as ``model list`` shows
them, installing one (a file, a folder, the bundled demo or the index) and the index's
offers. Beside ``api`` (which translates); the CLI and any other caller use it."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from briefing.document import ModelInfo
from briefing.mt.packages import select_model


@dataclass(frozen=True)
class ModelRow:
    """One line of ``briefing model list``."""

    id: str
    family: str
    languages: str
    version: str
    size_mb: float
    max_input_tokens: int
    beam_size: int
    length_penalty: float
    kind: str  # model | demo | bundled demo
    in_use: bool


def model_rows() -> tuple[list[ModelRow], list[str]]:
    """Installed models (the bundled demo when none is), and a line per broken folder."""
    from briefing.errors import ModelError
    from briefing.mt.packages import bundled_demo, scan_models

    models, broken = scan_models()
    try:
        used: str | None = select_model().id
    except ModelError as exc:
        used = None
        broken.append(str(exc))
    if not any(m.is_ar_en for m in models):
        models.append(bundled_demo())
    rows = [
        ModelRow(
            id=m.id,
            family=m.family,
            languages=f"{m.from_code}→{m.to_code}",
            version=m.version,
            size_mb=m.size_bytes() / 1e6,
            max_input_tokens=m.max_input_tokens,
            beam_size=m.layout.settings.beam_size,
            length_penalty=m.layout.settings.length_penalty,
            kind="bundled demo" if m.bundled else "demo" if m.demo else "model",
            in_use=m.id == used,
        )
        for m in models
    ]
    return rows, broken


def install_model(
    file: Path | None = None,
    *,
    demo: bool = False,
    family: str | None = None,
    model_id: str | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> ModelInfo:
    """``briefing model install``: a file or folder, the demo, or the index (network)."""
    from briefing.errors import UsageError
    from briefing.mt import index, install

    if file is not None and demo:
        raise UsageError("give either --file or --demo, not both")
    if (family or model_id) and file is None:
        raise UsageError("--family and --id describe a --file folder; give --file too")
    if demo:
        installed = install.install_demo()
    elif file is not None:
        installed = install.install_file(file, family=family, model_id=model_id)
    else:
        installed = index.install_from_index(progress)
    return ModelInfo(installed.id, installed.version, installed.demo)


def index_packages() -> list[dict[str, str]]:
    """The Arabic→English packages the Argos index offers (network)."""
    from briefing.mt import index

    return [
        {"name": e.name, "version": e.version, "links": " ".join(e.links)}
        for e in index.arabic_english(index.fetch_index())
    ]
