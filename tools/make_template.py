"""Regenerate ``templates/briefing.docx``, the default docxtpl template, reproducibly.

    python tools/make_template.py [OUTPUT]

The document is built with python-docx (page, styles, tables), then the Jinja tags
docxtpl understands are written into it as ordinary text: ``{%p ... %}`` paragraphs,
``{%tr ... %}`` rows and ``{% cellbg ... %}`` cell shading. The result is a normal
Word file a user can restyle in Word or LibreOffice (edit the styles, keep the tags).
Arabic paragraphs carry their right-to-left properties directly (``w:bidi`` on the
paragraph; ``w:rtl``, the complex-script font and size, and ``w:lang w:bidi`` on the
run), so the tags placed inside those runs inherit them when rendered. Zip entries
get a fixed timestamp, so running the script twice gives the same bytes.
"""

from __future__ import annotations

import io
import sys
import zipfile
from datetime import datetime
from pathlib import Path
from typing import Any

from docx import Document
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml.ns import qn
from docx.table import Table, _Cell
from docx.text.paragraph import Paragraph

sys.path.insert(0, str(Path(__file__).resolve().parent))  # also when loaded by the tests

from template_styles import (  # noqa: E402
    AFTER_BIDI,
    APPROVED_FILL,
    ARABIC_SIZE,
    BORDER,
    HEADER_FILL,
    MARGIN,
    PAGE_H,
    PAGE_W,
    TEXT_W,
    W,
    arabic_rpr,
    define_styles,
    xml,
)

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_OUTPUT = ROOT / "templates" / "briefing.docx"
APPROVED_SIGN = "\u2714"  # ✔ heavy check mark (the same as the HTML and Markdown marks)

# --- paragraphs and tables --------------------------------------------------------


def set_bidi(paragraph: Paragraph) -> None:
    paragraph._p.get_or_add_pPr().insert_element_before(xml(f"<w:bidi {W}/>"), *AFTER_BIDI)


def add(container: Any, text: str, style_name: str, *, arabic: bool = False) -> Paragraph:
    """A paragraph with one run; Arabic ones get bidi and the RTL run properties."""
    paragraph: Paragraph = container.add_paragraph(style=style_name)
    fill(paragraph, text, arabic=arabic)
    return paragraph


def fill(paragraph: Paragraph, text: str, *, arabic: bool = False) -> None:
    if arabic:
        set_bidi(paragraph)
    if not text:
        return
    run = paragraph.add_run(text)
    if arabic:
        size = {"Arabic Title": 36, "Arabic Related Title": 30, "Arabic Subheading": 26}
        rpr = arabic_rpr(size.get(paragraph.style.name if paragraph.style else "", ARABIC_SIZE))
        run._r.insert(0, xml(rpr))


def tag(container: Any, text: str, style_name: str = "Normal") -> Paragraph:
    """A paragraph that holds only a docxtpl tag; docxtpl removes it when rendering."""
    return add(container, text, style_name)


def cell_paragraphs(cell: _Cell, items: list[tuple[str, str, bool]]) -> None:
    """Fill a cell: its first (existing) paragraph, then new ones; (text, style, arabic)."""
    for index, (text, style_name, arabic) in enumerate(items):
        paragraph = cell.paragraphs[0] if index == 0 else cell.add_paragraph()
        paragraph.style = style_name
        fill(paragraph, text, arabic=arabic)


def table(doc: Any, widths: list[int], header: list[tuple[str, bool]], rows: int) -> Table:
    """A grid table at full text width, header row repeated on every page."""
    t: Table = doc.add_table(rows=1 + rows, cols=len(widths))
    borders = "".join(
        f'<w:{side} w:val="single" w:sz="4" w:space="0" w:color="{BORDER}"/>'
        for side in ("top", "left", "bottom", "right", "insideH", "insideV")
    )
    old = t._tbl.tblPr
    t._tbl.replace(
        old,
        xml(
            f'<w:tblPr {W}><w:tblStyle w:val="TableGrid"/><w:tblW w:w="{sum(widths)}" '
            f'w:type="dxa"/><w:tblBorders>{borders}</w:tblBorders><w:tblLayout w:type="fixed"/>'
            '<w:tblCellMar><w:top w:w="57" w:type="dxa"/><w:left w:w="113" w:type="dxa"/>'
            '<w:bottom w:w="57" w:type="dxa"/><w:right w:w="113" w:type="dxa"/></w:tblCellMar>'
            '<w:tblLook w:val="04A0" w:firstRow="1" w:lastRow="0" w:firstColumn="0" '
            'w:lastColumn="0" w:noHBand="1" w:noVBand="1"/></w:tblPr>'
        ),
    )
    for col, width in zip(t._tbl.tblGrid.findall(qn("w:gridCol")), widths, strict=True):
        col.set(qn("w:w"), str(width))
    for row in t.rows:
        for cell, width in zip(row.cells, widths, strict=True):
            cell._tc.get_or_add_tcPr().insert(0, xml(f'<w:tcW {W} w:w="{width}" w:type="dxa"/>'))
            old_width = cell._tc.tcPr.findall(qn("w:tcW"))
            for extra in old_width[1:]:
                cell._tc.tcPr.remove(extra)
    head = t.rows[0]
    head._tr.insert(0, xml(f"<w:trPr {W}><w:cantSplit/><w:tblHeader/></w:trPr>"))
    for cell, (label, arabic) in zip(head.cells, header, strict=True):
        cell._tc.tcPr.append(
            xml(f'<w:shd {W} w:val="clear" w:color="auto" w:fill="{HEADER_FILL}"/>')
        )
        cell._tc.tcPr.append(xml(f'<w:vAlign {W} w:val="center"/>'))
        cell_paragraphs(cell, [(label, "Table Header", arabic)])
    return t


def loop_rows(t: Table, start: str, end: str) -> None:
    """Turn rows 1 and 3 into docxtpl ``{%tr %}`` tags around row 2."""
    cell_paragraphs(t.rows[1].cells[0], [(start, "Normal", False)])
    cell_paragraphs(t.rows[3].cells[0], [(end, "Normal", False)])


def field(instruction: str, placeholder: str, *, dirty: bool = False) -> list[Any]:
    """Runs of a complex field; ``dirty`` asks Word to recompute it when opening the file
    (page references: LibreOffice computes them itself, Word only keeps the placeholder)."""
    flag = ' w:dirty="true"' if dirty else ""
    return [
        xml(f'<w:r {W}><w:fldChar w:fldCharType="begin"{flag}/></w:r>'),
        xml(f'<w:r {W}><w:instrText xml:space="preserve"> {instruction} </w:instrText></w:r>'),
        xml(f'<w:r {W}><w:fldChar w:fldCharType="separate"/></w:r>'),
        xml(f"<w:r {W}><w:t>{placeholder}</w:t></w:r>"),
        xml(f'<w:r {W}><w:fldChar w:fldCharType="end"/></w:r>'),
    ]


# --- the document -----------------------------------------------------------------


def cover(doc: Any) -> None:
    add(doc, "{{ meta.title }}", "Title")
    add(doc, "{{ meta.date }}", "Subtitle")
    add(doc, "{{ counts.line }}", "Cover Line")
    about = table(doc, [2400, TEXT_W - 2400], [("About this briefing", False), ("", False)], 3)
    about.rows[0].cells[0].merge(about.rows[0].cells[1])
    for row, (label, value) in zip(
        about.rows[1:],
        [
            ("Model", "{{ meta.model }}"),
            ("Glossary", "{{ meta.glossary }}"),
            ("Made with", "{{ meta.tool }}"),
        ],  # fmt: skip
        strict=True,
    ):
        cell_paragraphs(row.cells[0], [(label, "Table Header", False)])
        cell_paragraphs(row.cells[1], [(value, "Normal", False)])
    add(doc, "Quality checks", "Cover Heading")
    qa = table(doc, [2400, 1100, TEXT_W - 3500], [("Check", False), ("Flags", False),
               ("What it means", False)], 3)  # fmt: skip
    loop_rows(qa, "{%tr for q in qa %}", "{%tr endfor %}")
    for cell, text in zip(
        qa.rows[2].cells, ["{{ q.code }}", "{{ q.count }}", "{{ q.label }}"], strict=True
    ):
        cell_paragraphs(cell, [(text, "Normal", False)])
    add(
        doc,
        "{{ counts.flagged }} of {{ counts.paragraphs }} paragraphs and titles are flagged; they are shaded "
        "in the tables with the reason underneath. This is a machine translation: check names, "
        "numbers and quotations against the Arabic before you forward it.",
        "Cover Note",
    )
    tag(doc, "{%p if counts.approved %}")
    legend = add(doc, f"{APPROVED_SIGN} Approved translation", "Approved Mark")
    legend.add_run(
        ": the English of {{ counts.approved }} "
        "{{ 'paragraph or title' if counts.approved == 1 else 'paragraphs and titles' }} "
        "is not the machine's but English a "
        "reviewer approved (briefing review import), reused from the approved memory; their "
        "English cell is shaded green and carries this mark. The quality checks ran on them too."
    ).bold = False
    tag(doc, "{%p else %}")
    add(
        doc,
        f"No paragraph comes from the approved memory. Paragraphs marked “{APPROVED_SIGN} "
        "Approved translation” would carry English a reviewer approved.",
        "Cover Note",
    )
    tag(doc, "{%p endif %}")


def contents(doc: Any) -> None:
    add(doc, "Contents", "Cover Heading")
    tag(doc, "{%p for a in articles %}")
    tag(doc, "{%p if a.is_related %}")
    related = add(doc, "", "Contents Related")
    _contents_entry(related, "{{ a.number }}\t")
    tag(doc, "{%p else %}")
    entry = add(doc, "", "Contents Entry")
    _contents_entry(entry, "{{ a.number }}.\t")
    add(doc, "{{ a.byline }}", "Contents Detail")
    tag(doc, "{%p endif %}")
    tag(doc, "{%p endfor %}")


def _contents_entry(paragraph: Paragraph, number: str) -> None:
    link = xml(
        f'<w:hyperlink {W} w:anchor="{{{{ a.anchor }}}}" w:history="1">'
        f'<w:r><w:rPr><w:rStyle w:val="Hyperlink"/></w:rPr><w:t xml:space="preserve">{number}'
        "{{ a.title }}</w:t></w:r></w:hyperlink>"
    )
    paragraph._p.append(link)
    paragraph._p.append(xml(f"<w:r {W}><w:tab/></w:r>"))
    for run in field("PAGEREF {{ a.anchor }} \\h", "?", dirty=True):
        paragraph._p.append(run)


def bookmarked(paragraph: Paragraph, name: str = "a.anchor") -> None:
    """Wrap the paragraph's runs in a bookmark named by the expression ``name`` (the
    article's anchor, or a row's review mark).

    Every bookmark in the template has id 0 (ids must be numbers, and the tag cannot
    go there); ``render_docx`` numbers them after rendering.
    """
    paragraph._p.insert(
        1 if paragraph._p.pPr is not None else 0,
        xml(f'<w:bookmarkStart {W} w:id="0" w:name="{{{{ {name} }}}}"/>'),
    )
    paragraph._p.append(xml(f'<w:bookmarkEnd {W} w:id="0"/>'))


def articles(doc: Any) -> None:
    approved = f"{{{{ ' {APPROVED_SIGN}' if a.title_approved else '' }}}}"  # a reviewed title
    tag(doc, "{%p for a in articles %}")
    tag(doc, "{%p if a.is_related %}")
    add(doc, "Related to article {{ a.parent_number }} ({{ a.parent_title }})", "Related Label")
    bookmarked(add(doc, "{{ a.number }}  {{ a.title }}" + approved, "Related Title"))
    add(doc, "{{ a.title_ar }}", "Arabic Related Title", arabic=True)
    tag(doc, "{%p else %}")
    bookmarked(add(doc, "{{ a.number }}.  {{ a.title }}" + approved, "Article Title"))
    add(doc, "{{ a.title_ar }}", "Arabic Title", arabic=True)
    tag(doc, "{%p endif %}")
    add(doc, "{{ a.byline }}", "Byline")
    tag(doc, "{%p if a.url %}")
    add(doc, "{{ a.url }}", "Byline")
    tag(doc, "{%p endif %}")
    tag(doc, "{%p for f in a.title_flags %}")
    flag = add(doc, "", "QA Flag")
    _flag_runs(flag)
    tag(doc, "{%p endfor %}")
    body = table(
        doc, [TEXT_W // 2, TEXT_W - TEXT_W // 2], [("English", False), ("العربية", True)], 3
    )
    loop_rows(body, "{%tr for p in a.rows %}", "{%tr endfor %}")
    english, arabic = body.rows[2].cells
    shade = f"'FFF8E5' if p.flagged else ('{APPROVED_FILL}' if p.approved else 'auto')"
    cell_paragraphs(
        english,
        [
            (f"{{% cellbg {shade} %}}{{%p if p.heading %}}", "Normal", False),
            ("{{ p.target }}", "Heading 3", False),
            ("{%p else %}", "Normal", False),
            ("{{ p.target }}", "English Text", False),
            ("{%p endif %}", "Normal", False),
            ("{%p if p.approved %}", "Normal", False),
            (f"{APPROVED_SIGN} Approved translation", "Approved Mark", False),
            ("{%p endif %}", "Normal", False),
            ("{%p for f in p.flags %}", "Normal", False),
            ("", "QA Flag", False),
            ("{%p endfor %}", "Normal", False),
        ],
    )
    # The review mark: each English paragraph's identity for `briefing review import`.
    bookmarked(english.paragraphs[1], "p.review_mark")
    bookmarked(english.paragraphs[3], "p.review_mark")
    _flag_runs(english.paragraphs[9])
    cell_paragraphs(
        arabic,
        [
            ("{%p if p.heading %}", "Normal", False),
            ("{{ p.source }}", "Arabic Subheading", True),
            ("{%p else %}", "Normal", False),
            ("{{ p.source }}", "Arabic Text", True),
            ("{%p endif %}", "Normal", False),
        ],
    )
    add(doc, "", "Normal")  # keeps consecutive articles' tables apart
    tag(doc, "{%p endfor %}")


def _flag_runs(paragraph: Paragraph) -> None:
    code = paragraph.add_run("QA {{ f.code }}: ")
    code.style = "Flag Code"
    paragraph.add_run("{{ f.message }}")


def appendix(doc: Any) -> None:
    add(doc, "Appendix: glossary names in this briefing", "Appendix Title")
    add(doc, "Names and terms of the glossary found in the Arabic, with the English the "
        "glossary prescribes and how often each occurs.", "Byline")  # fmt: skip
    tag(doc, "{%p if glossary %}")
    widths = [3000, 3400, 1700, TEXT_W - 8100]
    names = table(doc, widths, [("Arabic", False), ("English", False), ("Kind", False),
                  ("Mentions", False)], 3)  # fmt: skip
    loop_rows(names, "{%tr for g in glossary %}", "{%tr endfor %}")
    # A name's row never breaks across pages (a split row showed as an empty row on top).
    names.rows[2]._tr.insert(0, xml(f"<w:trPr {W}><w:cantSplit/></w:trPr>"))
    row = names.rows[2].cells
    cell_paragraphs(row[0], [("{{ g.arabic }}", "Arabic Text", True)])
    for cell, text in zip(
        row[1:], ["{{ g.english }}", "{{ g.kind }}", "{{ g.mentions }}"], strict=True
    ):
        cell_paragraphs(cell, [(text, "Normal", False)])
    tag(doc, "{%p else %}")
    add(doc, "No glossary names occur in these articles.", "Normal")
    tag(doc, "{%p endif %}")
    add(doc, "End of briefing. Generated by {{ meta.tool }} on {{ meta.iso_date }}; model "
        "{{ meta.model }}.", "Small Print")  # fmt: skip


def page_setup(doc: Any) -> None:
    section = doc.sections[0]
    sect = section._sectPr
    for tag_name, fragment in (
        ("w:pgSz", f'<w:pgSz {W} w:w="{PAGE_W}" w:h="{PAGE_H}"/>'),
        (
            "w:pgMar",
            f'<w:pgMar {W} w:top="{MARGIN}" w:right="{MARGIN}" w:bottom="{MARGIN}" '
            f'w:left="{MARGIN}" w:header="567" w:footer="567" w:gutter="0"/>',
        ),
    ):
        sect.replace(sect.find(qn(tag_name)), xml(fragment))
    for name in ("w:rsidR", "w:rsidRPr", "w:rsidSect"):
        sect.attrib.pop(qn(name), None)
    footer = section.footer.paragraphs[0]
    footer.style = "Footer"
    footer.add_run(
        "{{ meta.title }} · {{ meta.date }} · machine translation, check against the Arabic"
    )
    footer.add_run("\tPage ")
    for run in field("PAGE", "1"):
        footer._p.append(run)
    footer._p.append(xml(f'<w:r {W}><w:t xml:space="preserve"> of </w:t></w:r>'))
    for run in field("NUMPAGES", "1"):
        footer._p.append(run)


def core_properties(doc: Any) -> None:
    props = doc.core_properties
    fixed = datetime(2024, 1, 1)
    props.title = "Briefing template"
    props.subject = "Arabic-English news briefing"
    props.author = props.last_modified_by = "briefing"
    props.comments = (
        # docxtpl renders these properties too, so they must not contain tag syntax
        "docxtpl template for 'briefing build'. Restyle freely; keep the Jinja tags intact."
    )
    props.keywords = props.category = props.identifier = props.language = ""
    props.created = props.modified = fixed
    props.last_printed = fixed
    props.revision = 1


def build_document() -> Any:
    doc = Document()
    package = doc.part.package
    for rid, rel in list(package.rels.items()):
        if rel.reltype == RT.THUMBNAIL:
            package.rels.pop(rid)  # python-docx's default preview picture is not ours
    define_styles(doc)
    page_setup(doc)
    cover(doc)
    contents(doc)
    articles(doc)
    appendix(doc)
    core_properties(doc)
    return doc


def build_template() -> bytes:
    """The template's bytes: deterministic for a given python-docx version."""
    raw = io.BytesIO()
    build_document().save(raw)
    fixed = io.BytesIO()
    with zipfile.ZipFile(raw) as source, zipfile.ZipFile(fixed, "w") as target:
        for info in source.infolist():
            entry = zipfile.ZipInfo(info.filename, date_time=(1980, 1, 1, 0, 0, 0))
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = 0o644 << 16
            target.writestr(entry, source.read(info.filename), compresslevel=9)
    return fixed.getvalue()


def main(argv: list[str]) -> int:
    output = Path(argv[0]) if argv else DEFAULT_OUTPUT
    data = build_template()
    temporary = output.with_name(f".{output.name}.tmp")
    temporary.write_bytes(data)
    temporary.replace(output)
    print(f"wrote {output} ({len(data)} bytes)")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
