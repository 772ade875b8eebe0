"""The default DOCX template: reproducible from tools/make_template.py and editable in Word."""

from __future__ import annotations

import importlib.util
import io
import zipfile
from types import ModuleType

from docx import Document
from docx.oxml.ns import qn

from helpers import ROOT

TEMPLATE = ROOT / "templates" / "briefing.docx"


def make_template() -> ModuleType:
    spec = importlib.util.spec_from_file_location(
        "make_template", ROOT / "tools" / "make_template.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def members(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def test_the_committed_template_is_what_the_tool_builds() -> None:
    built = make_template().build_template()
    assert members(built) == members(TEMPLATE.read_bytes()), (
        "templates/briefing.docx is stale: run python tools/make_template.py"
    )
    assert make_template().build_template() == built  # byte-for-byte reproducible


def test_template_opens_in_python_docx_with_its_tags_as_plain_text() -> None:
    document = Document(str(TEMPLATE))
    texts = [p.text for p in document.paragraphs]
    for tag in ("{%p for a in articles %}", "{%p if glossary %}", "{{ meta.title }}"):
        assert tag in texts
    cells = [c.text for t in document.tables for row in t.rows for c in row.cells]
    assert "{%tr for p in a.rows %}" in cells and "{%tr endfor %}" in cells
    assert document.sections[0].page_width == 11906 * 635  # A4, in EMU
    assert not document.core_properties.comments.count("{")  # docxtpl renders properties too


def test_template_arabic_runs_carry_their_rtl_properties() -> None:
    body = Document(str(TEMPLATE)).element.body
    tagged = [
        r
        for r in body.iter(qn("w:r"))
        if "p.source" in "".join(t.text or "" for t in r.iter(qn("w:t")))
    ]
    assert len(tagged) == 2  # the ordinary and the subheading paragraph of the Arabic cell
    for run in tagged:
        paragraph = run.getparent()
        assert paragraph.find(qn("w:pPr")).find(qn("w:bidi")) is not None
        assert run.find(qn("w:rPr")).find(qn("w:rtl")) is not None
