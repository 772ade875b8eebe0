"""TMX 1.4b exchange of the approved memory (``memory export`` / ``memory import``).

Export writes one ``tu`` per approved paragraph (the sentence rows are derived again on
import), Arabic first, with its origin and status as ``prop``s and its date as
``creationdate``. Import reads any TMX 1.1–1.4 a CAT tool wrote: the ``tuv`` whose
language is Arabic (any region: ar, ar-SA, AR) and the one that is English; inline codes
(``bpt``, ``ept``, ``ph``, ``it``, ``ut``) are left out, ``hi`` text kept.
"""

from __future__ import annotations

import time
from calendar import timegm
from collections.abc import Iterable
from pathlib import Path
from typing import Any
from xml.etree.ElementTree import Element

from lxml import etree

from briefing import __version__
from briefing.errors import ReviewError
from briefing.mt.approved import APPROVED, Approval
from briefing.review.docx_review import ReviewRead
from briefing.review.xmlio import XML_LANG, inline_text, language, local, parse_file
from briefing.text.keys import is_blank
from briefing.text.safety import display_name, strip_controls

NAMESPACE = "{http://www.lisa.org/tmx14}"
DOCTYPE = '<!DOCTYPE tmx SYSTEM "tmx14.dtd">'
DATE_FORMAT = "%Y%m%dT%H%M%SZ"
KEEP = ("hi",)
FIX = "export it again from your CAT tool as TMX 1.4"


def _date(seconds: float) -> str:
    return time.strftime(DATE_FORMAT, time.gmtime(seconds))


def _seconds(text: str | None) -> float | None:
    try:
        return float(timegm(time.strptime(text or "", DATE_FORMAT)))
    except ValueError:
        return None


def _tuv(unit: Any, lang: str, text: str) -> None:
    tuv = etree.SubElement(unit, "tuv", {XML_LANG: lang})
    etree.SubElement(tuv, "seg").text = text


def write_tmx(approvals: Iterable[Approval]) -> bytes:
    root = etree.Element("tmx", version="1.4")
    etree.SubElement(
        root,
        "header",
        creationtool="briefing",
        creationtoolversion=__version__,
        segtype="paragraph",
        datatype="plaintext",
        adminlang="en",
        srclang="ar",
        **{"o-tmf": "briefing approved memory"},
    )
    body = etree.SubElement(root, "body")
    for approval in approvals:
        unit = etree.SubElement(body, "tu", creationdate=_date(approval.created))
        # What the memory holds is written XML-safe: an origin stored from a file name
        # may hold controls or undecodable bytes that XML cannot carry.
        for name, value in (("x-origin", approval.origin), ("x-status", approval.status)):
            etree.SubElement(unit, "prop", type=name).text = display_name(value)
        _tuv(unit, "ar", strip_controls(approval.source))
        _tuv(unit, "en", strip_controls(approval.english))
    data: bytes = etree.tostring(
        root, xml_declaration=True, encoding="UTF-8", pretty_print=True, doctype=DOCTYPE
    )
    return data


def _variant(unit: Element, code: str) -> str:
    for tuv in unit.iter("tuv"):
        if language(tuv.get(XML_LANG) or tuv.get("lang")) == code:
            seg = tuv.find("seg")
            return " ".join(inline_text(seg, KEEP).split()) if seg is not None else ""
    return ""


def read_tmx(path: Path) -> ReviewRead:
    """Every Arabic→English translation unit of ``path``."""
    root = parse_file(path, "a TMX file", FIX)
    for element in root.iter():  # TMX 1.4's own namespace, or none, as most tools write
        if str(element.tag).startswith(NAMESPACE):
            element.tag = local(element.tag)
    body = root.find("body")
    if local(root.tag) != "tmx" or body is None:
        raise ReviewError(f"{path}: not a TMX file (no <tmx> with a <body>); {FIX}")
    read = ReviewRead()
    for number, unit in enumerate(body, start=1):
        if unit.tag != "tu":
            continue
        source, english = _variant(unit, "ar"), _variant(unit, "en")
        if is_blank(source) or is_blank(english):
            missing = "Arabic" if is_blank(source) else "English"
            read.skipped.append(f"translation unit {number}: no {missing} text; ignored")
            continue
        props = {p.get("type", ""): (p.text or "").strip() for p in unit.iter("prop")}
        created = _seconds(unit.get("creationdate") or unit.get("changedate"))
        read.approvals.append(
            Approval(
                source,
                english,
                display_name(props.get("x-origin") or path.name),
                props.get("x-status") or APPROVED,
                created if created is not None else time.time(),
                place=f"translation unit {number}",
            )
        )
    return read
