"""Glossary suggestions from corrections and from articles: listed as the glossary's own
CSV, added only by `glossary import`. Every test edits a temporary copy of the glossary."""

from __future__ import annotations

import csv
import io
import shutil
import time
from pathlib import Path

import pytest

from briefing.glossary.store import load_glossary
from briefing.mt.approved import Approval
from briefing.review.names import skeleton
from briefing.review.suggest import from_approvals
from helpers import DEMO_ID, ROOT, data_path
from review_support import (
    article_rows,
    briefing,
    build,
    english_paragraph,
    open_document,
    rewrite_across_runs,
)

RUTTE = "قال مارك روته في مقابلة مع قناة CNN إن المحادثات مع زيلينسكي كانت مثمرة."


@pytest.fixture
def glossary(tmp_path: Path) -> Path:
    copy = tmp_path / "glossary"
    shutil.copytree(ROOT / "glossary", copy)
    return copy


def rows(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text)))


def test_consonant_skeletons_pair_names_with_their_arabic() -> None:
    assert skeleton("مارك روته") == skeleton("Mark Rutte") == "MRKRT"
    assert skeleton("بيسكوف") == skeleton("Peskov") == skeleton("Peskoff") == "BSKF"
    assert skeleton("شي") == skeleton("Xi") == "X"


def test_respellings_and_missing_names_in_approved_english(glossary: Path) -> None:
    approvals = [
        Approval("نفى بيسكوف إرسال قوات إلى كورسك.", "Peskoff denied sending troops to Kursk.", "a.docx"),
        Approval("قال المتحدث تارفيل سونغ إن المحادثات مع زيلينسكي كانت مثمرة.",
                 "Spokesman Tarvel Song said the talks with Zelensky were productive.", "b.docx"),
        Approval(RUTTE, "Mark Rutte told CNN the talks with Zelensky were fruitful.", "c.docx"),
    ]  # fmt: skip
    found = {
        (e.arabic, e.english, e.kind) for e in from_approvals(approvals, load_glossary(glossary))
    }
    assert found == {("بيسكوف", "Peskoff", "person"), ("تارفيل سونغ", "Tarvel Song", "person")}


def test_review_import_lists_suggestions_and_glossary_import_takes_them(
    installed_models: Path, cache_dir: Path, tmp_path: Path, glossary: Path
) -> None:
    built = tmp_path / "briefing.docx"
    build(built, "--glossary", glossary)
    document = open_document(built)
    troops = next(r for r in article_rows(document) if "TASS" in r.cells[1].text)
    rewrite_across_runs(
        english_paragraph(troops), ["TASS said 400 soldiers were in Kursk. ", "Peskoff denied it."]
    )
    edited = tmp_path / "edited.docx"
    document.save(str(edited))
    before = {p.name: p.read_bytes() for p in glossary.iterdir()}
    done = briefing("review", "import", edited, "--glossary", glossary)
    assert done.returncode == 0, done.stderr
    assert "1 glossary suggestions (nothing was added" in done.stderr
    suggested = rows(done.stdout)
    assert [(r["arabic"], r["english"], r["kind"]) for r in suggested] == [
        ("بيسكوف", "Peskoff", "person")
    ]
    assert {p.name: p.read_bytes() for p in glossary.iterdir()} == before  # nothing added

    csv_file = tmp_path / "suggested.csv"
    csv_file.write_text(done.stdout, encoding="utf-8")
    imported = briefing("glossary", "import", csv_file, "--replace", "--glossary", glossary)
    assert imported.returncode == 0 and "1 updated" in imported.stderr, imported.stderr
    entry = next(e for e in load_glossary(glossary).entries if e.arabic == "بيسكوف")
    assert entry.english == "Peskoff"


def test_glossary_suggest_lists_recurring_names_the_glossary_lacks(
    installed_models: Path, cache_dir: Path, tmp_path: Path, glossary: Path
) -> None:
    people = glossary / "people.csv"
    kept = [line for line in people.read_text(encoding="utf-8").splitlines() if "روته" not in line]
    people.write_text("\n".join(kept) + "\n", encoding="utf-8")
    articles = tmp_path / "articles"
    articles.mkdir()
    for number in range(2):
        (articles / f"{number}.txt").write_text(f"خبر {number}\n{RUTTE}\n", encoding="utf-8")
    out = tmp_path / "new.csv"
    done = briefing(
        "glossary", "suggest", articles, "--glossary", glossary, "--model", DEMO_ID, "-o", out
    )
    assert done.returncode == 0, done.stderr
    suggested = {r["arabic"]: r for r in rows(out.read_text(encoding="utf-8"))}
    assert suggested["مارك روته"]["english"] == "Mark Rutte"
    assert suggested["مارك روته"]["note"].startswith(
        "2 mentions in the articles; the model renders it"
    )
    assert "مقابلة" not in suggested and "المحادثات" not in suggested  # common words
    assert "روته" not in people.read_text(encoding="utf-8")
    assert suggested["مارك روته"]["kind"] == ""  # nothing in the text says: the user sets it
    out.write_text(
        out.read_text(encoding="utf-8").replace(",Mark Rutte,,", ",Mark Rutte,person,"),
        encoding="utf-8",
    )
    imported = briefing("glossary", "import", out, "--replace", "--glossary", glossary)
    assert imported.returncode == 0, imported.stderr
    assert any(e.english == "Mark Rutte" for e in load_glossary(glossary).entries)


def test_a_persian_article_among_the_articles_is_left_out_with_a_warning(
    installed_models: Path, cache_dir: Path, tmp_path: Path, glossary: Path
) -> None:
    """As ``build`` leaves it out: its words are no Arabic names (suggest failed whole)."""
    articles = tmp_path / "articles"
    articles.mkdir()
    for number in range(2):
        (articles / f"{number}.txt").write_text(f"خبر {number}\n{RUTTE}\n", encoding="utf-8")
    persian = data_path("languages/fa.txt").read_text(encoding="utf-8")
    (articles / "persian.txt").write_text(persian * 2, encoding="utf-8")
    done = briefing("glossary", "suggest", articles, "--glossary", glossary, "--model", DEMO_ID)
    assert done.returncode == 0, done.stderr
    assert (
        f"warning: {articles / 'persian.txt'}: the article is in Persian, not Arabic: left out "
        "(the model translates Arabic to English)"
    ) in done.stderr.splitlines()
    suggested = {r["arabic"]: r for r in rows(done.stdout)}
    assert not any(set(arabic) & set("پچژگکی") for arabic in suggested)


def test_a_news_source_of_the_glossary_is_no_candidate() -> None:
    """sources.csv's names answer bylines only, but are in the glossary: a model renders
    "قناة الجزيرة" as "Al Jazeera", and suggesting it would clash with sources.csv."""
    from briefing.review.suggest import recurring_candidates

    text = "قال مراسل قناة الجزيرة إن الوفد وصل، ونقلت بي بي سي عربي عن مصدر قوله."
    found = recurring_candidates([text, text], load_glossary(ROOT / "glossary"))
    assert found  # the other runs recur
    assert not any("الجزيرة" in run or "بي بي سي" in run for run in found)


def test_suggestions_are_linear_in_paragraph_length(glossary: Path) -> None:
    # A 3,000-word approved paragraph that respells a glossary name and names someone the
    # glossary lacks, over and over: each name is paired once (it took 65 s, quadratic).
    arabic = "قال مارك روته إن القوات ستصل إلى كورسك بعد لقاء مع تارفل سونغ في القاهرة"
    english = "Mark Rute said the troops will reach Kursk after meeting Tarvel Song in Cairo"
    times = 3000 // len(arabic.split())
    approval = Approval(
        " ".join(f"{arabic} {i}." for i in range(times)),
        " ".join(f"{english} {i}." for i in range(times)),
        "long.docx",
    )
    started = time.perf_counter()
    found = from_approvals([approval], load_glossary(glossary))
    elapsed = time.perf_counter() - started
    assert {(e.arabic, e.english) for e in found} == {
        ("مارك روته", "Mark Rute"),
        ("تارفل سونغ", "Tarvel Song"),
    }
    assert elapsed < 10, f"{elapsed:.1f} s for 3,000 words"
