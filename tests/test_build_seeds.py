"""`briefing build` over the three real pasted seed articles, with the demo model, end to end.

The CLI runs as a real process; the DOCX is checked by reopening it. The seeds are
copyrighted: their titles are read from ../shared at test time, never copied here.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from docx import Document
from docx.document import Document as DocumentObject

from helpers import DEMO_ID, SEED_BOILERPLATE, shared_path

# file: (English byline, source, related articles)
SEEDS = {
    "independent-arabia-putin-troops.txt": ("Source and date not given", None, 0),
    "rt-arabic-rutte-kursk.txt": (
        "Published 28 October 2024, 12:56 GMT · Updated 28 October 2024, 13:47 GMT",
        None,
        0,
    ),
    "sada-elbalad-putin-sovereign.txt": (
        "Source: Sada El Balad · Published 25 October 2024",  # the glossary's English
        "صدى البلد",
        1,
    ),
}
BOILERPLATE = SEED_BOILERPLATE


def first_line(name: str) -> str:
    text = shared_path(f"seeds/{name}").read_text(encoding="utf-8-sig")
    return " ".join(next(line for line in text.splitlines() if line.strip()).split())


def all_text(document: DocumentObject) -> Iterator[str]:
    """Every paragraph of the body, of every table cell, and of headers and footers."""
    yield from (p.text for p in document.paragraphs)
    for table in document.tables:
        for row in table.rows:
            for cell in row.cells:
                yield from (p.text for p in cell.paragraphs)
    for section in document.sections:
        yield from (p.text for p in section.header.paragraphs)
        yield from (p.text for p in section.footer.paragraphs)


@pytest.fixture(scope="module")
def built(installed_models: Path, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict]:
    out = tmp_path_factory.mktemp("seeds")
    seeds = [str(shared_path(f"seeds/{name}")) for name in sorted(SEEDS)]
    env = {**os.environ, "BRIEFING_MODEL": DEMO_ID}
    for target in ("briefing.docx", "briefing.json"):
        done = subprocess.run(
            [sys.executable, "-m", "briefing", "build", *seeds, "-o", str(out / target)],
            capture_output=True,
            text=True,
            env=env,
            check=False,
        )
        assert done.returncode == 0, done.stderr
        assert "Traceback" not in done.stderr
    data = json.loads((out / "briefing.json").read_text(encoding="utf-8"))
    return out / "briefing.docx", data


def test_every_seed_has_its_title_byline_and_related_articles(built: tuple[Path, dict]) -> None:
    docx_path, data = built
    document = Document(str(docx_path))
    by_style: dict[str, list[str]] = {}
    for paragraph in document.paragraphs:
        by_style.setdefault(paragraph.style.name, []).append(paragraph.text)
    articles = data["articles"]
    assert [a["title"] for a in articles] == [first_line(name) for name in sorted(SEEDS)]
    assert by_style["Arabic Title"] == [first_line(name) for name in sorted(SEEDS)]
    for article, (name, (byline, source, related)) in zip(
        articles, sorted(SEEDS.items()), strict=True
    ):
        assert article["source"] == source, name
        assert article["source_target"] == ("Sada El Balad" if source else None), name
        assert len(article["related"]) == related, name
        assert byline in by_style["Byline"], name
    # The one related article follows its parent, with its own Arabic title.
    related_titles = [r["title"] for a in articles for r in a["related"]]
    assert by_style["Arabic Related Title"] == related_titles
    assert len(related_titles) == 1


def test_no_boilerplate_anywhere_in_the_document(built: tuple[Path, dict]) -> None:
    document = Document(str(built[0]))
    text = "\n".join(all_text(document))
    assert "بوتين" in text  # the Arabic is really there
    for marker in BOILERPLATE:
        assert marker not in text, marker


def test_json_lists_every_dropped_line_and_the_dates(built: tuple[Path, dict]) -> None:
    articles = built[1]["articles"]
    assert [a["published"] for a in articles] == [None, "2024-10-28T12:56+00:00", "2024-10-25"]
    assert articles[1]["updated"] == "2024-10-28T13:47+00:00"
    for article, name in zip(articles, sorted(SEEDS), strict=True):
        removed = [*article["removed"], *(r for rel in article["related"] for r in rel["removed"])]
        seed = shared_path(f"seeds/{name}").read_text(encoding="utf-8-sig")
        for marker in BOILERPLATE:
            if marker in seed:  # dropped, and listed: nothing disappears unseen
                assert any(marker in line for line in removed), (name, marker)
        for paragraph in article["paragraphs"]:
            assert paragraph["target"].strip(), "every paragraph has English"
