"""Export and import: CSV, TSV and TBX round-trip exactly; hostile files are refused."""

from __future__ import annotations

from pathlib import Path

import pytest

from briefing.errors import GlossaryError, UsageError
from briefing.glossary.store import Entry, Glossary, export, import_file, load_glossary, save
from helpers import ROOT, data_path

TRICKY = Glossary(
    [
        Entry("بوتين", "Putin", "person", ("بوتن", "پوتین"), 'note with, comma and "quotes"'),
        Entry("كييف", '=HYPERLINK("http://x")', "place", note="-2 degrees in winter"),
        Entry("الناتو", "+NATO", "org", ("ناتو",), "@handle"),
        Entry("كلم", "km", "unit", ("كيلومتر",)),
        Entry("الحرب الباردة", "Cold War", "term", note="line one\nline two"),
    ]
)


def round_trip(glossary: Glossary, fmt: str, tmp_path: Path) -> Glossary:
    src = tmp_path / f"export.{fmt}"
    src.write_text(export(glossary, fmt), encoding="utf-8")
    target = tmp_path / "imported"
    report = import_file(target, src)
    assert (report.added, report.updated, report.unchanged) == (len(glossary), 0, 0)
    return load_glossary(target)


def as_rows(glossary: Glossary) -> list[tuple[str, str, str, tuple[str, ...], str]]:
    return sorted((e.arabic, e.english, e.kind, e.variants, e.note) for e in glossary.entries)


@pytest.mark.parametrize("fmt", ["csv", "tsv", "tbx"])
def test_round_trip_is_exact(fmt: str, tmp_path: Path) -> None:
    back = round_trip(TRICKY, fmt, tmp_path)
    assert as_rows(back) == as_rows(TRICKY)
    assert back.digest() == TRICKY.digest()


@pytest.mark.parametrize("fmt", ["csv", "tsv", "tbx"])
def test_default_glossary_round_trips(fmt: str, tmp_path: Path) -> None:
    default = load_glossary(ROOT / "glossary")
    assert round_trip(default, fmt, tmp_path).digest() == default.digest()


def test_csv_export_neutralizes_formulas() -> None:
    text = export(TRICKY, "csv")
    assert "'=HYPERLINK" in text
    assert "'+NATO" in text
    assert "'-2 degrees" in text
    assert "'@handle" in text
    assert text.startswith("arabic,english,kind,variants,note\n")


def test_export_is_sorted_and_stable() -> None:
    reversed_glossary = Glossary(reversed(TRICKY.entries))
    for fmt in ("csv", "tsv", "tbx"):
        assert export(reversed_glossary, fmt) == export(TRICKY, fmt)
    with pytest.raises(UsageError, match="unknown export format 'xlsx'"):
        export(TRICKY, "xlsx")


def test_import_counts_added_updated_unchanged(tmp_path: Path) -> None:
    target = tmp_path / "g.csv"
    first = tmp_path / "first.csv"
    first.write_text("arabic,english,kind\nبوتين,Putin,person\nكييف,Kiev,place\n", "utf-8")
    import_file(target, first)
    second = tmp_path / "second.tsv"
    second.write_text("arabic\tenglish\tkind\nبوتين\tPutin\tperson\nكييف\tKyiv\tplace\n", "utf-8")
    report = import_file(target, second, replace=True)
    assert (report.added, report.updated, report.unchanged) == (0, 1, 1)
    assert [e.english for e in load_glossary(target).entries] == ["Putin", "Kyiv"]


def test_tbx_v3_from_another_tool(tmp_path: Path) -> None:
    target = tmp_path / "g.csv"
    report = import_file(target, data_path("glossary-v3.tbx"))
    assert report.added == 2
    assert report.skipped == [
        f"{data_path('glossary-v3.tbx')}: term entry c3: no Arabic term, skipped"
    ]
    rows = as_rows(load_glossary(target))
    assert rows == [
        ("البحر الأسود", "Black Sea", "term", (), "no kind given: imported as a term"),
        ("خاركيف", "Kharkiv", "place", ("خاركوف",), ""),
    ]


ENTITY_BOMB = """<?xml version="1.0"?>
<!DOCTYPE martif [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;">]>
<martif type="TBX"><text><body><termEntry>
<langSet xml:lang="ar"><tig><term>&b;</term></tig></langSet>
<langSet xml:lang="en"><tig><term>x</term></tig></langSet>
</termEntry></body></text></martif>
"""
EXTERNAL = """<?xml version="1.0"?>
<!DOCTYPE martif [<!ENTITY secret SYSTEM "file:///etc/passwd">]>
<martif type="TBX"><text><body><termEntry>
<langSet xml:lang="ar"><tig><term>&secret;</term></tig></langSet>
</termEntry></body></text></martif>
"""


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (ENTITY_BOMB, "refused TBX with DTD entities"),
        (EXTERNAL, "refused TBX with DTD entities"),
        ("<martif><text>", "not valid XML"),
        ("<html><body/></html>", "not a TBX file"),
    ],
)
@pytest.mark.parametrize("existing", [True, False])
def test_hostile_or_broken_tbx_is_refused(
    content: str, message: str, existing: bool, tmp_path: Path
) -> None:
    src = tmp_path / "incoming" / "bad.tbx"
    src.parent.mkdir()
    src.write_text(content, encoding="utf-8")
    folder = tmp_path / "glossary"
    folder.mkdir()
    target = folder / "g.csv"
    if existing:
        save(Glossary([Entry("كييف", "Kyiv", "place")]), target)
    before = {p.name: p.read_bytes() for p in folder.iterdir()}
    with pytest.raises(GlossaryError, match=message):
        import_file(target, src)
    # Refused before anything is written: the glossary is byte for byte as it was (or still
    # absent), and no temporary or half-written file is left beside it.
    assert {p.name: p.read_bytes() for p in folder.iterdir()} == before


def test_tbx_is_recognized_by_content(tmp_path: Path) -> None:
    src = tmp_path / "terms.export"
    src.write_text(export(Glossary([Entry("كييف", "Kyiv", "place")]), "tbx"), encoding="utf-8")
    import_file(tmp_path / "g.csv", src)
    assert [e.english for e in load_glossary(tmp_path / "g.csv").entries] == ["Kyiv"]
