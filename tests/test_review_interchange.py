"""XLIFF 1.2 and TMX 1.4b round trips: export → validate against the standard's schema →
edit as a CAT tool would → import → rebuild, and the edits are the approved English."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from lxml import etree

from helpers import DEMO_ID, data_path
from review_support import (
    EXAMPLES,
    article_rows,
    briefing,
    build,
    build_json,
    english_paragraph,
    memory_file,
    memory_state,
    open_document,
    paragraphs,
    rewrite_across_runs,
)

XLF = "urn:oasis:names:tc:xliff:document:1.2"
NS = {"x": XLF}
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


@pytest.fixture(scope="module")
def xliff_schema() -> etree.XMLSchema:
    return etree.XMLSchema(etree.parse(str(data_path("schemas/xliff-core-1.2-strict.xsd"))))


@pytest.fixture(scope="module")
def tmx_dtd() -> etree.DTD:
    return etree.DTD(str(data_path("schemas/tmx14.dtd")))


def valid(schema: etree.XMLSchema | etree.DTD, path: Path) -> etree._ElementTree:
    tree = etree.parse(str(path))
    assert schema.validate(tree), schema.error_log
    return tree


def export(tmp_path: Path, name: str = "job.xlf") -> Path:
    out = tmp_path / name
    done = briefing("review", "export", *EXAMPLES, "-o", out, "--model", DEMO_ID)
    assert done.returncode == 0, done.stderr
    return out


def approved(document: dict[str, Any]) -> dict[str, str]:
    return {p["source"]: p["target"] for p in paragraphs(document) if p["origin"] == "approved"}


def test_xliff_export_is_valid_xliff_1_2_with_mt_to_review_and_glossary_notes(
    installed_models: Path, cache_dir: Path, tmp_path: Path, xliff_schema: etree.XMLSchema
) -> None:
    tree = valid(xliff_schema, export(tmp_path))
    units = tree.findall(".//x:trans-unit", NS)
    document = build_json(tmp_path / "mt.json")
    expected = sum(1 + len(a["paragraphs"]) for a in document["articles"])
    assert len(units) == expected
    targets = [u.find("x:target", NS) for u in units]
    assert {t.get("state") for t in targets} == {"needs-review-translation"}
    assert {t.get("state-qualifier") for t in targets} == {"leveraged-mt"}
    bodies = {
        u.findtext("x:source", namespaces=NS): u.findtext("x:target", namespaces=NS) for u in units
    }
    for paragraph in paragraphs(document):
        assert bodies[paragraph["source"]] == paragraph["target"]
    notes = [n.text for n in tree.findall(".//x:note[@from='glossary']", NS)]
    assert "كورسك = Kursk (place)" in notes


def test_xliff_export_leaves_a_persian_article_out_as_build_does(
    installed_models: Path, cache_dir: Path, tmp_path: Path, xliff_schema: etree.XMLSchema
) -> None:
    persian = data_path("languages/fa.txt").read_text(encoding="utf-8").splitlines()[:4]
    article = tmp_path / "persian.txt"
    article.write_text("\n\n".join(persian) + "\n", encoding="utf-8")
    out = tmp_path / "job.xlf"
    done = briefing("review", "export", *EXAMPLES, article, "-o", out, "--model", DEMO_ID)
    assert done.returncode == 0, done.stderr
    assert (
        f"warning: {article}: the article is in Persian, not Arabic: left out "
        "(the model translates Arabic to English)"
    ) in done.stderr.splitlines()
    sources = [s.text for s in valid(xliff_schema, out).findall(".//x:source", NS)]
    assert sources and not any(line in sources for line in persian)


def test_xliff_round_trip_takes_translated_and_final_targets_only(
    installed_models: Path, cache_dir: Path, tmp_path: Path, xliff_schema: etree.XMLSchema
) -> None:
    tree = valid(xliff_schema, export(tmp_path))
    units = {u.get("id"): u for u in tree.findall(".//x:trans-unit", NS)}
    edits = {"1-1": ("translated", "The IMF approved a $7 billion loan to Egypt at 3.5%."),
             "3-2": ("final", "TASS said 400 soldiers deployed to Kursk. Peskov denied it."),
             "2-1": ("needs-review-translation", "An edit still under review.")}  # fmt: skip
    for unit_id, (state, text) in edits.items():
        target = units[unit_id].find("x:target", NS)
        target.text, target.attrib["state"] = text, state
    title = units["3-0"].find("x:target", NS)
    title.text, title.attrib["state"] = "North Korean troops reach Kursk", "signed-off"
    edited = tmp_path / "edited.xlf"
    tree.write(str(edited), xml_declaration=True, encoding="UTF-8")
    valid(xliff_schema, edited)

    done = briefing("review", "import", edited)
    assert done.returncode == 0, done.stderr
    assert f"3 approved, {len(units) - 3} unchanged, 0 skipped" in done.stderr

    rebuilt = build_json(tmp_path / "again.json")
    source = {i: units[i].findtext("x:source", namespaces=NS) for i in ("1-1", "3-2")}
    assert approved(rebuilt) == {source[i]: edits[i][1] for i in source}
    assert rebuilt["articles"][2]["title_target"] == "North Korean troops reach Kursk"
    again = export(tmp_path, "again.xlf")
    final = {u.findtext("x:source", namespaces=NS): u.find("x:target", NS).get("state")
             for u in valid(xliff_schema, again).findall(".//x:trans-unit", NS)}  # fmt: skip
    assert [final[source[i]] for i in source] == ["final", "final"]


def test_xliff_2_segments_are_read(installed_models: Path, cache_dir: Path, tmp_path: Path) -> None:
    arabic = open_xliff_source(tmp_path)
    path = tmp_path / "job-2.xlf"
    path.write_text(
        '<?xml version="1.0" encoding="UTF-8"?>\n<xliff xmlns="urn:oasis:names:tc:xliff:document:2.0" '
        'version="2.1" srcLang="ar-SA" trgLang="en-US"><file id="f1"><unit id="u1">'
        f'<segment state="reviewed"><source>{arabic}</source>'
        '<target>Japan sent <pc id="1">5 tonnes</pc> of aid to Cairo.</target></segment>'
        '</unit><unit id="u2"><segment state="initial"><source>نص</source><target>text</target>'
        "</segment></unit></file></xliff>",
        encoding="utf-8",
    )
    done = briefing("review", "import", path)
    assert done.returncode == 0 and "1 approved, 1 unchanged, 0 skipped" in done.stderr
    rows = memory_state(memory_file(cache_dir))[1]
    assert [(r[2], r[3], r[5]) for r in rows] == [
        (arabic, "Japan sent 5 tonnes of aid to Cairo.", "reviewed")
    ]


def open_xliff_source(tmp_path: Path) -> str:
    line = (EXAMPLES[0]).read_text(encoding="utf-8").splitlines()
    return next(text for text in line if text.startswith("نقلت اليابان")).split(".")[0] + "."


def test_tmx_round_trip(
    installed_models: Path, cache_dir: Path, tmp_path: Path, tmx_dtd: etree.DTD,
    monkeypatch: pytest.MonkeyPatch,
) -> None:  # fmt: skip
    built = tmp_path / "briefing.docx"
    build(built)
    document = open_document(built)
    rows = article_rows(document)
    rewrite_across_runs(english_paragraph(rows[0]), ["The IMF agreed ", "a $7 billion loan."])
    rewrite_across_runs(english_paragraph(rows[5]), ["Rutte called the talks useful."])
    edited = tmp_path / "edited.docx"
    document.save(str(edited))
    assert briefing("review", "import", edited).returncode == 0

    exported = tmp_path / "approved.tmx"
    done = briefing("memory", "export", "-o", exported)
    assert done.returncode == 0 and "2 translation units" in done.stderr
    tree = valid(tmx_dtd, exported)
    assert tree.docinfo.system_url == "tmx14.dtd"
    segs = tree.findall(".//tuv[@{http://www.w3.org/XML/1998/namespace}lang='en']/seg")
    segs[0].text = "The IMF agreed a loan of $7 billion."  # edited in a CAT tool
    unit = etree.SubElement(tree.find("body"), "tu", creationdate="20240101T120000Z")
    for lang, text, tail in (
        ("ar-SA", arabic_of(rows[1]), ""),
        ("en-US", "Japan sent aid. ", "Scholz pledged $4 billion."),
    ):
        seg = etree.SubElement(etree.SubElement(unit, "tuv", {XML_LANG: lang}), "seg")
        seg.text = text
        code = etree.SubElement(seg, "ph", x="1")  # an inline code, as CAT tools write them
        code.text, code.tail = "{1}", tail
    tree.write(str(exported), xml_declaration=True, encoding="UTF-8", doctype=tree.docinfo.doctype)
    valid(tmx_dtd, exported)

    fresh = tmp_path / "fresh-cache"
    monkeypatch.setenv("BRIEFING_CACHE_DIR", str(fresh))
    done = briefing("memory", "import", exported)
    assert done.returncode == 0 and "3 added or updated, 0 unchanged, 0 skipped" in done.stderr
    stats = briefing("memory", "stats")
    assert str(memory_file(fresh)) in stats.stdout and "approved paragraphs: 3" in stats.stdout
    rebuilt = build_json(tmp_path / "again.json")
    assert set(approved(rebuilt).values()) == {
        "The IMF agreed a loan of $7 billion.",
        "Rutte called the talks useful.",
        "Japan sent aid. Scholz pledged $4 billion.",
    }
    round_trip = tmp_path / "round-trip.tmx"
    assert briefing("memory", "export", "-o", round_trip).returncode == 0
    assert len(valid(tmx_dtd, round_trip).findall(".//tu")) == 3


def arabic_of(row: Any) -> str:
    return " ".join(row.cells[1].text.split())
