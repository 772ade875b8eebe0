"""The server's glossary listing at scale: a page of a large glossary (500 entries unless
asked, with the total), the same entries and order as the parsed files give, and a CLI
edit seen at the next request."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from server_support import make_workspace, running_server

from briefing.glossary.store import COLUMNS, filter_entries, load_glossary
from briefing.glossary.tables import name_keys

NAMES = 20_000
SYLLABLES = "با بو بي تا تو تي دا دو دي را رو ري سا سو سي فا فو في كا كو كي ما مو مي".split()


def briefing(*args: str, cache: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "briefing", *args],
        capture_output=True, text=True, env={**os.environ, "BRIEFING_CACHE_DIR": str(cache)},
        timeout=300, check=False,
    )  # fmt: skip


@pytest.fixture(scope="module")
def workspace(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A workspace whose glossary has 20,000 more names (imported with the CLI), with a
    note on some and two entries alike but for the note (their order is the files')."""
    folder = make_workspace(tmp_path_factory.mktemp("serve") / "ws")
    glossary = folder / "glossary"
    taken = {key for entry in load_glossary(glossary).entries for key in name_keys(entry)}
    rows = [",".join(COLUMNS) + "\n"]
    for a in SYLLABLES:
        for b in SYLLABLES:
            for c in SYLLABLES:
                for d in SYLLABLES[:2]:
                    name = a + b + c + d
                    if name not in taken and len(rows) <= NAMES:
                        note = f"note {len(rows)}" if len(rows) % 7 == 0 else ""
                        rows.append(f"{name},Name {len(rows)},place,,{note}\n")
    src = folder.parent / "names.csv"
    src.write_text("".join(rows), encoding="utf-8")
    done = briefing(
        "glossary", "import", str(src), "--glossary", str(glossary), cache=folder.parent / "cache"
    )
    assert done.returncode == 0, done.stderr
    with (glossary / "terms.csv").open("a", encoding="utf-8") as terms:
        terms.write("بيتابيتا,Bitabita,term,,the first\nبيتابيتا,Bitabita,term,,the second\n")
    return folder


@pytest.fixture(scope="module")
def server(workspace: Path) -> Iterator[str]:
    with running_server(workspace, "--no-cache", cache=workspace.parent / "cache") as (base, _):
        yield base


def parsed(workspace: Path, kind: str | None = None, search: str | None = None) -> list[Any]:
    """The listing as the parsed files give it (the server's answer before the cache)."""
    return [
        {"arabic": e.arabic, "english": e.english, "kind": e.kind,
         "variants": list(e.variants), "note": e.note}
        for e in filter_entries(load_glossary(workspace / "glossary", strict=False), kind, search)
    ]  # fmt: skip


def test_the_listing_is_the_first_500_with_the_total(server: str, workspace: Path) -> None:
    everything = parsed(workspace)
    assert len(everything) > NAMES
    answer = httpx.get(server + "/glossary", timeout=60).json()
    assert answer == {"total": len(everything), "entries": everything[:500]}
    page = httpx.get(server + "/glossary", params={"limit": 7, "offset": 1000}, timeout=60)
    assert page.json() == {"total": len(everything), "entries": everything[1000:1007]}
    found = httpx.get(server + "/glossary", params={"search": "Bitabita"}, timeout=60).json()
    assert [e["note"] for e in found["entries"]] == ["the first", "the second"]
    for params in ({"kind": "place", "search": "Name 12"}, {"search": "note 7"}):
        answer = httpx.get(server + "/glossary", params=params, timeout=60).json()
        expected = parsed(workspace, params.get("kind"), params["search"])
        assert answer == {"total": len(expected), "entries": expected[:500]}
    for name, value in (("limit", 0), ("limit", 10_001), ("offset", -1)):
        refused = httpx.get(server + "/glossary", params={name: value}, timeout=60)
        assert refused.status_code == 400 and name in refused.json()["error"]


def test_a_cli_edit_is_listed_at_the_next_request(server: str, workspace: Path) -> None:
    before = httpx.get(server + "/glossary", params={"limit": 1}, timeout=60).json()["total"]
    glossary = str(workspace / "glossary")
    added = briefing(
        "glossary", "add", "زوربلاكس", "Zorblax", "--kind", "place", "--glossary", glossary,
        cache=workspace.parent / "cache",
    )  # fmt: skip
    assert added.returncode == 0, added.stderr
    answer = httpx.get(server + "/glossary", params={"search": "Zorblax"}, timeout=60).json()
    assert [e["arabic"] for e in answer["entries"]] == ["زوربلاكس"]
    after = httpx.get(server + "/glossary", params={"limit": 1}, timeout=60).json()["total"]
    assert after == before + 1
