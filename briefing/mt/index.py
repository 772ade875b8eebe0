"""The Argos package index and downloads: the only network access in the tool.

Read here, with a timeout, instead of through argostranslate, whose index refresh
swallows a network error and then recurses until Python gives up (99–197 s offline,
about 970 lines of URL errors, a RecursionError). Offline, this fails in one line
within ``TIMEOUT`` seconds and says how to install a downloaded file.
"""

from __future__ import annotations

import json
import os
import tempfile
import urllib.error
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from briefing.errors import ModelError
from briefing.mt.packages import InstalledModel, install_archive

DEFAULT_INDEX = "https://raw.githubusercontent.com/argosopentech/argospm-index/main/"
TIMEOUT = 8.0  # seconds per connection attempt; the whole offline failure stays under 10 s
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


def _open(url: str) -> Any:
    if not url.startswith(("https://", "http://")):
        raise ModelError(f"{url}: only http(s) downloads are supported")
    try:
        return urllib.request.urlopen(url, timeout=TIMEOUT)
    except urllib.error.HTTPError as exc:
        raise ModelError(f"{url}: the server answered {exc.code} {exc.reason}") from None
    except (urllib.error.URLError, TimeoutError, OSError) as exc:
        reason = getattr(exc, "reason", exc)
        raise ModelError(f"no connection to {url} ({reason}); {OFFLINE_HINT}") from None


def fetch_index() -> list[IndexEntry]:
    """Every package the index offers."""
    url = index_url()
    with _open(url) as response:
        raw = response.read(MAX_INDEX_BYTES + 1)
    try:
        if len(raw) > MAX_INDEX_BYTES:
            raise ValueError("larger than 16 MB")
        rows = json.loads(raw.decode("utf-8"))
        if not isinstance(rows, list):
            raise ValueError("not a list of packages")
        return [
            IndexEntry(
                code=str(row.get("code", "")),
                version=str(row.get("package_version", "")),
                from_code=str(row.get("from_code", "")),
                to_code=str(row.get("to_code", "")),
                links=tuple(str(link) for link in row.get("links", ())),
            )
            for row in rows
            if isinstance(row, dict)
        ]
    except (ValueError, UnicodeDecodeError) as exc:
        raise ModelError(f"{url}: not a package index ({exc})") from None


def arabic_english(entries: list[IndexEntry]) -> list[IndexEntry]:
    """The ar→en packages, newest version first."""
    found = [e for e in entries if e.from_code == "ar" and e.to_code == "en"]
    return sorted(found, key=lambda e: _version_key(e.version), reverse=True)


def _version_key(version: str) -> tuple[int, ...]:
    return tuple(int(part) if part.isdigit() else 0 for part in version.split("."))


def _download(url: str, target: Path, progress: Callable[[int, int], None] | None) -> None:
    with _open(url) as response, target.open("wb") as out:
        total = int(response.headers.get("Content-Length") or 0)
        if total > MAX_DOWNLOAD_BYTES:
            raise ModelError(f"{url}: refused, {total} bytes is more than a model needs")
        done = 0
        while block := response.read(1 << 16):
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
