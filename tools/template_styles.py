"""Styles, page geometry and colours of the default briefing template (tools/make_template.py).

Every paragraph and run style is written with exactly the properties listed here, in the
order ECMA-376 requires, so Word opens the template without repairs. Restyling the
template in Word is the user's way; editing this table is the maintainer's.
"""

from __future__ import annotations

from typing import Any

from docx.enum.style import WD_STYLE_TYPE
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn

LATIN_FONT = "Noto Sans"
ARABIC_FONT = "Noto Naskh Arabic"
NAVY = "1F3864"
GREY = "595959"
FLAG_TEXT = "8A1C00"
FLAG_FILL = "FFF1CC"
APPROVED_TEXT = "1E6B30"  # the approved mark: dark green text and bar
APPROVED_FILL = "E6F2E6"  # and a light green English cell
HEADER_FILL = "E7ECF3"
BORDER = "A6A6A6"

# A4 with 2 cm margins: 11906 − 2 × 1134 = 9638 twips of text width.
PAGE_W, PAGE_H, MARGIN = 11906, 16838, 1134
TEXT_W = PAGE_W - 2 * MARGIN
ARABIC_SIZE = 24  # half-points: Naskh reads best a little larger than the Latin 10 pt

W = nsdecls("w")
# Successors of w:bidi inside w:pPr (ECMA-376 order), for inserting it in the right place.
AFTER_BIDI = (
    "w:adjustRightInd w:snapToGrid w:spacing w:ind w:contextualSpacing w:mirrorIndents "
    "w:suppressOverlap w:jc w:textDirection w:textAlignment w:textboxTightWrap w:outlineLvl "
    "w:divId w:cnfStyle w:rPr w:sectPr w:pPrChange"
).split()


def xml(fragment: str) -> Any:
    return parse_xml(fragment)


def arabic_rpr(size: int = ARABIC_SIZE, bold: bool = False) -> str:
    """Run properties every Arabic run carries, in schema order."""
    weight = "<w:b/><w:bCs/>" if bold else ""
    return (
        f'<w:rPr {W}><w:rFonts w:cs="{ARABIC_FONT}"/>{weight}'
        f'<w:szCs w:val="{size}"/><w:rtl/><w:lang w:bidi="ar-SA"/></w:rPr>'
    )


# --- styles -----------------------------------------------------------------------


def _replace(element: Any, tag: str, fragment: str, before: tuple[str, ...]) -> None:
    old = element.find(qn(tag))
    if old is not None:
        element.remove(old)
    element.insert_element_before(xml(fragment), *before)


def style(
    doc: Any,
    name: str,
    ppr: str = "",
    rpr: str = "",
    *,
    kind: WD_STYLE_TYPE = WD_STYLE_TYPE.PARAGRAPH,
    based_on: str | None = "Normal",
) -> Any:
    """Create or restyle ``name`` with exactly the given pPr / rPr children."""
    styles = doc.styles
    found = next((s for s in styles if s.name == name), None)
    target = found if found is not None else styles.add_style(name, kind)
    if based_on is not None and name != based_on:
        target.base_style = styles[based_on]
    target.quick_style = True
    element = target.element
    for tag in ("w:rsid", "w:link"):
        for child in element.findall(qn(tag)):
            element.remove(child)
    tail = ("w:tblPr", "w:trPr", "w:tcPr", "w:tblStylePr")
    if kind == WD_STYLE_TYPE.PARAGRAPH:
        _replace(element, "w:pPr", f"<w:pPr {W}>{ppr}</w:pPr>", ("w:rPr", *tail))
    _replace(element, "w:rPr", f"<w:rPr {W}>{rpr}</w:rPr>", tail)
    return target


def _font(
    size: int, color: str = "", bold: bool = False, italic: bool = False, caps: bool = False
) -> str:
    """Run properties in schema order; ``size`` 0 leaves the size to the base style."""
    parts = ["<w:b/><w:bCs/>" if bold else "", "<w:i/><w:iCs/>" if italic else ""]
    parts.append("<w:caps/>" if caps else "")
    if color:
        parts.append(f'<w:color w:val="{color}"/>')
    if size:
        parts.append(f'<w:sz w:val="{size}"/>')
    return "".join(parts)


KEEP = "<w:keepNext/><w:keepLines/>"
ARABIC_RUN = f'<w:rFonts w:cs="{ARABIC_FONT}"/>'
RTL = '<w:rtl/><w:lang w:bidi="ar-SA"/>'


def _spacing(before: int | None = None, after: int | None = None, line: int | None = None) -> str:
    attributes = [f'w:{name}="{value}"' for name, value in (("before", before), ("after", after),
                  ("line", line)) if value is not None]  # fmt: skip
    if line is not None:
        attributes.append('w:lineRule="auto"')
    return f"<w:spacing {' '.join(attributes)}/>"


# (name, paragraph properties, run properties, based on); properties in schema order.
PARAGRAPH_STYLES: list[tuple[str, str, str, str | None]] = [
    ("Normal", "", "", None),
    ("Title", _spacing(1800, 120), _font(56, NAVY, True), "Normal"),
    ("Subtitle", _spacing(after=360), _font(28, GREY), "Normal"),
    ("Cover Line", _spacing(after=240), _font(24), "Normal"),
    ("Cover Heading", KEEP + _spacing(360, 120), _font(26, NAVY, True), "Normal"),
    ("Cover Note", _spacing(120, 60), _font(18, GREY, italic=True), "Normal"),
    ("Heading 1", KEEP + _spacing(0, 60) + '<w:outlineLvl w:val="0"/>', _font(32, NAVY, True), "Normal"),
    ("Article Title", "<w:pageBreakBefore/>", "", "Heading 1"),
    ("Appendix Title", "<w:pageBreakBefore/>", "", "Heading 1"),
    ("Heading 2", KEEP + _spacing(480, 60) + '<w:outlineLvl w:val="1"/>', _font(26, NAVY, True), "Normal"),
    ("Related Label", KEEP + _spacing(480, 0), _font(16, GREY, True, caps=True), "Normal"),
    ("Related Title", _spacing(0), "", "Heading 2"),
    ("Heading 3", KEEP + _spacing(60, 60) + '<w:outlineLvl w:val="2"/>', _font(21, NAVY, True), "Normal"),
    ("Arabic Title", KEEP + "<w:bidi/>" + _spacing(60, 120),
     ARABIC_RUN + _font(0, NAVY, True) + '<w:szCs w:val="36"/>' + RTL, "Normal"),
    ("Arabic Related Title", "<w:bidi/>", '<w:szCs w:val="30"/>', "Arabic Title"),
    ("Byline", KEEP + _spacing(after=60), _font(17, GREY), "Normal"),
    ("Table Header", KEEP, _font(18, NAVY, True), "Normal"),
    ("English Text", _spacing(20, 60), "", "Normal"),
    ("Arabic Text", "<w:bidi/>" + _spacing(0, 60, 252),
     ARABIC_RUN + f'<w:szCs w:val="{ARABIC_SIZE}"/>' + RTL, "Normal"),
    ("Arabic Subheading", "<w:bidi/>", ARABIC_RUN + '<w:szCs w:val="26"/>' + RTL, "Heading 3"),
    ("QA Flag", f'<w:shd w:val="clear" w:color="auto" w:fill="{FLAG_FILL}"/>' + _spacing(40, 40),
     _font(16, FLAG_TEXT), "Normal"),
    ("Approved Mark", f'<w:pBdr><w:left w:val="single" w:sz="24" w:space="4" w:color="{APPROVED_TEXT}"/>'
     "</w:pBdr>" + _spacing(40, 40), _font(16, APPROVED_TEXT, True), "Normal"),
    ("Contents Entry", KEEP + f'<w:tabs><w:tab w:val="right" w:leader="dot" w:pos="{TEXT_W}"/></w:tabs>'
     + _spacing(120, 0) + '<w:ind w:left="510" w:right="567" w:hanging="510"/>', _font(20), "Normal"),
    ("Contents Related", _spacing(20) + '<w:ind w:left="1020" w:right="567" w:hanging="510"/>',
     _font(18), "Contents Entry"),
    ("Contents Detail", _spacing(after=0) + '<w:ind w:left="510"/>', _font(16, GREY), "Normal"),
    ("Small Print", _spacing(240), _font(16, GREY), "Normal"),
    ("Footer", f'<w:tabs><w:tab w:val="right" w:pos="{TEXT_W}"/></w:tabs>' + _spacing(after=0),
     _font(16, GREY), "Normal"),
]  # fmt: skip
CHARACTER_STYLES = [("Hyperlink", f'<w:color w:val="{NAVY}"/>'), ("Flag Code", "<w:b/><w:bCs/>")]


def define_styles(doc: Any) -> None:
    defaults = doc.styles.element.find(qn("w:docDefaults"))
    defaults.getparent().remove(defaults)
    doc.styles.element.insert(
        0,
        xml(
            f"<w:docDefaults {W}><w:rPrDefault><w:rPr>"
            f'<w:rFonts w:ascii="{LATIN_FONT}" w:eastAsia="{LATIN_FONT}" w:hAnsi="{LATIN_FONT}" '
            f'w:cs="{ARABIC_FONT}"/><w:sz w:val="20"/><w:szCs w:val="{ARABIC_SIZE}"/>'
            '<w:lang w:val="en-GB" w:eastAsia="en-GB" w:bidi="ar-SA"/></w:rPr></w:rPrDefault>'
            f"<w:pPrDefault><w:pPr>{_spacing(after=80, line=264)}</w:pPr></w:pPrDefault>"
            "</w:docDefaults>"
        ),
    )
    for name, ppr, rpr, based_on in PARAGRAPH_STYLES:
        style(doc, name, ppr, rpr, based_on=based_on)
    for name, rpr in CHARACTER_STYLES:
        style(doc, name, "", rpr, kind=WD_STYLE_TYPE.CHARACTER, based_on=None)
