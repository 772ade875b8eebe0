"""The Argos package index and downloads: the only network access in the tool.

Read here, with a timeout, instead of through argostranslate, whose index refresh
swallows a network error and then recurses until Python gives up (99–197 s offline,
about 970 lines of URL errors, a RecursionError). Offline, this fails in one line
within ``fetch.TIMEOUT`` seconds and says how to install a downloaded file. The index
and each download have an overall deadline too (``fetch.Deadline``).
"""

from __future__ import annotations

import json
import os
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from briefing.errors import ModelError
from briefing.mt import fetch
from briefing.mt.install import install_archive
from briefing.mt.packages import InstalledModel

DEFAULT_INDEX = "https://raw.githubusercontent.com/argosopentech/argospm-index/main/"
MAX_INDEX_BYTES = 16 * 1024 * 1024
MAX_DOWNLOAD_BYTES = 8 * 1024**3
OFFLINE_HINT = (
    "download the .argosmodel file on a machine with internet and run "
    "`briefing model install --file FILE`, or `briefing model install --demo`"
)


@dataclass(frozen=True)
class IndexEntry:
    code: str
    version: str
    from_code: str
    to_code: str
    links: tuple[str, ...]

    @property
    def name(self) -> str:
        return f"{self.code}-{self.version}"


def index_url() -> str:
    base = os.environ.get("ARGOS_PACKAGE_INDEX") or DEFAULT_INDEX
    return base if base.endswith(".json") else base.rstrip("/") + "/index.json"


def _entry(row: object) -> IndexEntry | None:
    """An index row as an entry; None for a row of the wrong shape (``"links": null``,
    numbers for codes), which is left out rather than trusted."""
    if not isinstance(row, dict):
        return None
    texts = [row.get(key, "") for key in ("code", "package_version", "from_code", "to_code")]
    links = row.get("links", [])
    if not all(isinstance(t, str) for t in texts) or not isinstance(links, list):
        return None
    code, version, from_code, to_code = texts
    return IndexEntry(
        code, version, from_code, to_code, tuple(x for x in links if isinstance(x, str))
    )


def fetch_index() -> list[IndexEntry]:
    """Every well-formed package the index offers."""
    url = index_url()
    with fetch.Deadline(fetch.deadline_seconds(fetch.INDEX_DEADLINE)) as deadline:
        with fetch.open_url(url, deadline, OFFLINE_HINT) as response:
            try:
                raw = response.read(MAX_INDEX_BYTES + 1)
            except fetch.FETCH_ERRORS as exc:
                raise fetch.failure(url, exc, deadline, OFFLINE_HINT) from None
            if deadline.expired:
                raise fetch.failure(url, TimeoutError(), deadline, OFFLINE_HINT)
    try:
        if len(raw) > MAX_INDEX_BYTES:
            raise ValueError("larger than 16 MB")
        rows = json.loads(raw.decode("utf-8"))
        if not isinstance(rows, list):
            raise ValueError("not a list of packages")
    except RecursionError:
        raise ModelError(f"{url}: not a package index (nested too deeply)") from None
    except (ValueError, UnicodeDecodeError) as exc:
        raise ModelError(f"{url}: not a package index ({exc})") from None
    return [entry for row in rows if (entry := _entry(row)) is not None]


def arabic_english(entries: list[IndexEntry]) -> list[IndexEntry]:
    """The ar→en packages, newest version first."""
    found = [e for e in entries if e.from_code == "ar" and e.to_code == "en"]
    return sorted(found, key=lambda e: _version_key(e.version), reverse=True)


def _version_key(version: str) -> tuple[int, ...]:
    return tuple(int(part) if part.isdigit() else 0 for part in version.split("."))


def _length(url: str, response: Any) -> int:
    """The announced size of the download; 0 when none is announced."""
    given = response.headers.get("Content-Length") or "0"
    if not given.strip().isdigit():
        raise ModelError(f"{url}: the server sent a Content-Length that is not a number")
    return int(given)


def _download(url: str, target: Path, progress: Callable[[int, int], None] | None) -> None:
    with fetch.Deadline(fetch.deadline_seconds(fetch.DOWNLOAD_DEADLINE)) as deadline:
        with fetch.open_url(url, deadline, OFFLINE_HINT) as response, target.open("wb") as out:
            try:
                _copy(url, response, out, progress)
            except (*fetch.FETCH_ERRORS, ModelError) as exc:
                if isinstance(exc, ModelError) and not deadline.expired:
                    raise
                raise fetch.failure(url, exc, deadline, OFFLINE_HINT) from None
            if deadline.expired:  # the shutdown ended the body early, as an end would
                raise fetch.failure(url, TimeoutError(), deadline, OFFLINE_HINT)


def _copy(url: str, response: Any, out: Any, progress: Callable[[int, int], None] | None) -> None:
    total = _length(url, response)
    if total > MAX_DOWNLOAD_BYTES:
        raise ModelError(f"{url}: refused, {total} bytes is more than a model needs")
    done = 0
    while block := response.read1(1 << 16):  # what has arrived: the deadline can end it
        done += len(block)
        if done > MAX_DOWNLOAD_BYTES:
            raise ModelError(f"{url}: refused, the download does not end")
        out.write(block)
        if progress:
            progress(done, total)
    if total and done != total:
        raise ModelError(f"{url}: the download stopped at {done} of {total} bytes; try again")


def install_from_index(progress: Callable[[int, int], None] | None = None) -> InstalledModel:
    """Download the newest Arabic→English package and install it (checked first)."""
    candidates = arabic_english(fetch_index())
    if not candidates:
        raise ModelError(f"the package index {index_url()} has no Arabic→English package")
    chosen = candidates[0]
    errors: list[str] = []
    with tempfile.TemporaryDirectory(prefix="briefing-download-") as folder:
        target = Path(folder) / f"{chosen.name}.argosmodel"
        for link in chosen.links:
            if not link.startswith(("https://", "http://")):
                continue  # ipfs:// and the like need other software
            try:
                _download(link, target, progress)
            except ModelError as exc:
                errors.append(str(exc))
                continue
            return install_archive(target)
    raise ModelError(f"download of {chosen.name} failed: {'; '.join(errors) or 'no http link'}")
