"""The bad-input catalogue, second half: input that is accepted, with a word about it, but
must never produce stale or wrong output or lose data (issue 17, items 1, 2, 5 and 6).

Each case runs the real command line in a subprocess, with package, model and cache folders
of its own; the refusals of the same issue (items 3 and 4) are cases of ``test_bad_input``.
"""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
import zipfile
from pathlib import Path
from typing import Any

import pytest

from helpers import DEMO_MODEL, ROOT, STANDIN_MODEL

GLOSSARY_HEADER = "arabic,english,kind,variants,note\n"


def run(*args: str | Path, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "briefing", *map(str, args)],
        capture_output=True,
        text=True,
        env={**os.environ, **env, "COLUMNS": "200"},
        timeout=300,
        cwd=ROOT,
    )


@pytest.fixture
def homes(tmp_path: Path) -> dict[str, str]:
    """Empty package, model and cache folders for one test."""
    return {
        "ARGOS_PACKAGES_DIR": str(tmp_path / "argos"),
        "BRIEFING_MODELS_DIR": str(tmp_path / "models"),
        "BRIEFING_CACHE_DIR": str(tmp_path / "cache"),
    }


def ok(done: subprocess.CompletedProcess[str]) -> subprocess.CompletedProcess[str]:
    assert done.returncode == 0, done.stderr
    assert "Traceback" not in done.stderr
    return done


# -- 1: a reinstalled model with other weights never serves the old model's English ----------


def repack(source: Path, target: Path, top: str, metadata: dict[str, Any]) -> Path:
    """``source``'s files under the folder ``top``, with ``metadata`` as metadata.json."""
    with zipfile.ZipFile(source) as old, zipfile.ZipFile(target, "w") as new:
        for info in old.infolist():
            rest = info.filename.split("/", 1)[1]
            data = json.dumps(metadata).encode() if rest == "metadata.json" else old.read(info)
            new.writestr(f"{top}/{rest}", data)
    return target


def english(done: subprocess.CompletedProcess[str]) -> list[str]:
    article = json.loads(done.stdout)["articles"][0]
    return [article["title_target"], *(p["target"] for p in article["paragraphs"])]


def test_a_reinstalled_model_with_other_weights_is_not_served_from_the_memory(
    homes: dict[str, str], tmp_path: Path
) -> None:
    with zipfile.ZipFile(STANDIN_MODEL) as archive:
        name = next(n for n in archive.namelist() if n.endswith("/metadata.json"))
        metadata = {**json.loads(archive.read(name)), "code": "swap-ar_en"}
    # Same id, same version, same metadata: only the weights and tokenizer differ.
    first = repack(STANDIN_MODEL, tmp_path / "first.argosmodel", "swap-ar_en", metadata)
    second = repack(DEMO_MODEL, tmp_path / "second.argosmodel", "swap-ar_en", metadata)
    article = ROOT / "examples" / "troops.txt"
    translate = ("translate", article, "--model", "swap-ar_en", "-f", "json")

    ok(run("model", "install", "--file", first, env=homes))
    old = english(ok(run(*translate, env=homes)))
    ok(run("model", "remove", "swap-ar_en", env=homes))
    ok(run("model", "install", "--file", second, env=homes))
    again = ok(run("-v", *translate, env=homes))
    fresh = english(ok(run(*translate, "--no-cache", env=homes)))

    assert fresh != old  # the test means something: the two models translate differently
    assert english(again) == fresh
    assert "+ 0 from the translation memory" in again.stderr, again.stderr


# -- 2: glossary import --replace never deletes a headword -------------------------------------

NATO = "حلف شمال الأطلسي,NATO,org,حلف الناتو|ناتو,\n"


def glossary(folder: Path, rows: str) -> Path:
    path = folder / "glossary"
    path.mkdir(parents=True, exist_ok=True)
    (path / "organizations.csv").write_text(GLOSSARY_HEADER + rows, encoding="utf-8")
    return path


def entries(path: Path, env: dict[str, str]) -> list[list[str]]:
    done = ok(run("glossary", "list", "--glossary", path, env=env))
    return [line.split("\t") for line in done.stdout.splitlines()]


def test_import_replace_keeps_a_headword_whose_english_is_the_same(
    homes: dict[str, str], tmp_path: Path
) -> None:
    path = glossary(tmp_path, NATO)
    src = tmp_path / "new.csv"
    src.write_text("arabic,english,kind\nالناتو,NATO,org\n", encoding="utf-8")

    done = ok(run("glossary", "import", src, "--replace", "--glossary", path, env=homes))

    assert entries(path, homes) == [["حلف شمال الأطلسي", "NATO", "org", "حلف الناتو|ناتو"]]
    assert "already" in done.stderr and "حلف شمال الأطلسي" in done.stderr, done.stderr
    article = tmp_path / "article.txt"
    article.write_text("قمة الحلف\nاجتمع قادة حلف شمال الأطلسي في بروكسل.\n", encoding="utf-8")
    scan = ok(run("glossary", "scan", article, "--glossary", path, "-f", "json", env=homes))
    assert [hit["source"] for hit in json.loads(scan.stdout)] == ["حلف شمال الأطلسي"]


def test_import_merges_a_new_spelling_and_replace_says_what_it_removed(
    homes: dict[str, str], tmp_path: Path
) -> None:
    path = glossary(tmp_path, NATO + "كييف,Kiev,place,,\n")
    src = tmp_path / "new.csv"
    src.write_text(
        "arabic,english,kind,variants\n"
        "منظمة حلف شمال الأطلسي,NATO,org,ناتو\n"  # a new spelling of the same name
        "كييف,Kyiv,place,\n",  # a real clash: other English
        encoding="utf-8",
    )

    done = ok(run("glossary", "import", src, "--replace", "--glossary", path, env=homes))

    assert sorted(entries(path, homes)) == [
        ["حلف شمال الأطلسي", "NATO", "org", "حلف الناتو|منظمة حلف شمال الأطلسي|ناتو"],
        ["كييف", "Kyiv", "place", ""],
    ]
    lines = done.stderr.splitlines()
    assert any("replaced" in line and "كييف" in line and "Kiev" in line for line in lines), lines
    assert any("منظمة حلف شمال الأطلسي" in line and "spelling" in line for line in lines), lines


# -- 5 and 6: review import of conflicting corrections and of invisible English ----------------

ARABIC = "وصل وزير الدفاع إلى القاهرة يوم الاثنين."
OTHER = "وقال الوزير إن المحادثات كانت مثمرة."


def xliff(units: list[tuple[str, str, str]]) -> str:
    body = "".join(
        f'<trans-unit id="{unit}"><source>{source}</source>'
        f'<target state="final">{target}</target></trans-unit>'
        for unit, source, target in units
    )
    return (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<xliff version="1.2" xmlns="urn:oasis:names:tc:xliff:document:1.2">'
        '<file source-language="ar" target-language="en" datatype="plaintext" original="x">'
        f"<body>{body}</body></file></xliff>"
    )


def approved_rows(cache: str) -> dict[str, str]:
    with sqlite3.connect(Path(cache) / "memory.sqlite3") as db:
        rows = db.execute("SELECT source, english FROM approved WHERE unit = 'paragraph'")
        return dict(rows.fetchall())


def test_two_corrections_of_one_paragraph_are_reported_and_one_is_kept(
    homes: dict[str, str], tmp_path: Path
) -> None:
    path = tmp_path / "reviewed.xlf"
    units = [("1-1", ARABIC, "The minister arrived."), ("2-1", ARABIC, "The minister came.")]
    path.write_text(xliff(units), encoding="utf-8")

    done = ok(run("review", "import", path, env=homes))

    assert approved_rows(homes["BRIEFING_CACHE_DIR"]) == {ARABIC: "The minister came."}
    conflict = [line for line in done.stderr.splitlines() if "two ways" in line]
    assert len(conflict) == 1, done.stderr
    assert "unit 1-1" in conflict[0] and "unit 2-1" in conflict[0]
    assert "kept 'The minister came.'" in conflict[0]
    assert "'The minister arrived.'" in conflict[0]
    assert "1 approved" in done.stderr and "2 approved" not in done.stderr


INVISIBLE = "\u200b\u2060\ufeff\u200c\u00ad\u3164"


def test_approved_english_of_only_invisible_characters_is_empty(
    homes: dict[str, str], tmp_path: Path
) -> None:
    path = tmp_path / "reviewed.xlf"
    units = [("1-1", ARABIC, INVISIBLE), ("1-2", OTHER, "The talks were fruitful.")]
    path.write_text(xliff(units), encoding="utf-8")
    tmx = tmp_path / "memory.tmx"
    tmx.write_text(
        '<?xml version="1.0" encoding="UTF-8"?><tmx version="1.4"><header srclang="ar"/>'
        f'<body><tu><tuv xml:lang="ar"><seg>{ARABIC}</seg></tuv>'
        f'<tuv xml:lang="en"><seg>\u200b \u2060</seg></tuv></tu></body></tmx>',
        encoding="utf-8",
    )

    done = ok(run("review", "import", path, env=homes))
    assert "unit 1-1: the target is empty" in done.stderr, done.stderr
    again = ok(run("memory", "import", tmx, env=homes))
    assert "translation unit 1: no English text" in again.stderr, again.stderr

    assert approved_rows(homes["BRIEFING_CACHE_DIR"]) == {OTHER: "The talks were fruitful."}


@pytest.mark.parametrize(
    ("text", "blank"),
    [
        (INVISIBLE, True),
        ("\u200e\u200f\u061c \u00a0\u2028", True),  # bidi marks and odd spaces
        ("\u0651", True),  # a mark with nothing to sit on
        ("\u2800\u115f", True),  # Braille blank, Hangul filler
        ("\u200bA", False),
        ("\u200d\U0001f600", False),  # an emoji behind a joiner
        ("\ue000", False),  # private use: a font may draw it
        ("-", False),
    ],
)
def test_what_counts_as_blank(text: str, blank: bool) -> None:
    from briefing.text.keys import is_blank

    assert is_blank(text) is blank
