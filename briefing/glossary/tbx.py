"""TBX (ISO 30042) for the glossary: the exchange format CAT tools read and write.

Written as TBX-Basic style ``martif`` (what memoQ, Trados MultiTerm and OmegaT import);
read from that and from TBX v3 (``tbx``/``conceptEntry``/``langSec``/``termSec``).
Parsing goes through defusedxml: no entity expansion, no external entities or DTDs fetched.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Iterable

import defusedxml
import defusedxml.ElementTree

from briefing.errors import GlossaryError

# arabic, english, kind, variants, note
Record = tuple[str, str, str, tuple[str, ...], str]

XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
PREFERRED = "preferredTerm-admn-sts"
ADMITTED = "admittedTerm-admn-sts"


def _sub(parent: ET.Element, tag: str, text: str | None = None, **attrs: str) -> ET.Element:
    element = ET.SubElement(parent, tag, attrs)
    if text is not None:
        element.text = text
    return element


def _tig(parent: ET.Element, term: str, status: str | None) -> None:
    tig = _sub(parent, "tig")
    _sub(tig, "term", term)
    if status:
        _sub(tig, "termNote", status, type="administrativeStatus")


def write_tbx(records: Iterable[Record]) -> str:
    """The records as a TBX document (a string, UTF-8 declared)."""
    root = ET.Element("martif", {"type": "TBX", XML_LANG: "ar"})
    header = _sub(_sub(root, "martifHeader"), "fileDesc")
    _sub(_sub(header, "sourceDesc"), "p", "Name glossary exported by briefing")
    body = _sub(_sub(root, "text"), "body")
    for number, (arabic, english, kind, variants, note) in enumerate(records, start=1):
        entry = _sub(body, "termEntry", id=f"e{number}")
        _sub(entry, "descrip", kind, type="subjectField")
        if note:
            _sub(entry, "note", note)
        ar = _sub(entry, "langSet", **{XML_LANG: "ar"})
        _tig(ar, arabic, PREFERRED)
        for variant in variants:
            _tig(ar, variant, ADMITTED)
        _tig(_sub(entry, "langSet", **{XML_LANG: "en"}), english, None)
    ET.indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, "unicode") + "\n"


def _local(tag: object) -> str:
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def _text(element: ET.Element) -> str:
    return " ".join("".join(element.itertext()).split())


def _terms(lang_set: ET.Element) -> list[tuple[str, str]]:
    """(term, administrative status) of every term in a langSet/langSec, in order."""
    found: list[tuple[str, str]] = []
    for group in lang_set.iter():
        if _local(group.tag) not in ("tig", "termGrp", "termSec"):
            continue
        term = next((c for c in group if _local(c.tag) == "term"), None)
        if term is None:
            continue
        status = ""
        for note in group.iter():
            if _local(note.tag) == "termNote" and note.get("type") == "administrativeStatus":
                status = _text(note)
        found.append((_text(term), status))
    return found


def _record(entry: ET.Element, kinds: Iterable[str]) -> Record | str:
    """A record, or why the entry cannot be one."""
    by_lang: dict[str, list[tuple[str, str]]] = {}
    kind, note = "term", ""
    for child in entry:
        name = _local(child.tag)
        if name in ("langSet", "langSec"):
            lang = (child.get(XML_LANG) or child.get("lang") or "").lower().split("-")[0]
            by_lang.setdefault(lang, []).extend(t for t in _terms(child) if t[0])
        elif name == "descrip" and child.get("type") == "subjectField":
            value = _text(child).lower()
            kind = value if value in kinds else kind
        elif name == "note":
            note = "".join(child.itertext()).strip()
    arabic, english = by_lang.get("ar", []), by_lang.get("en", [])
    if not arabic or not english:
        return "no Arabic term" if not arabic else "no English term"
    preferred = [t for t, status in arabic if status.startswith("preferred")]
    head = preferred[0] if preferred else arabic[0][0]
    variants = tuple(t for t, _ in arabic if t != head)
    return head, english[0][0], kind, variants, note


def read_tbx(data: bytes, name: str, kinds: Iterable[str]) -> tuple[list[Record], list[str]]:
    """Records of a TBX document and one line per entry skipped (no Arabic or English)."""
    try:
        root = defusedxml.ElementTree.fromstring(data)
    except defusedxml.DefusedXmlException as error:
        # Never expanded nor fetched: defusedxml stops at the declaration itself.
        raise GlossaryError(
            f"{name}: refused TBX with DTD entities ({type(error).__name__}); "
            "export it again from the CAT tool without a DTD"
        ) from None
    except ET.ParseError as error:
        raise GlossaryError(f"{name}: not valid XML ({error}); export it again as TBX") from None
    if _local(root.tag) not in ("martif", "tbx"):
        raise GlossaryError(f"{name}: not a TBX file (root element <{_local(root.tag)}>)")
    kinds = tuple(kinds)
    records: list[Record] = []
    skipped: list[str] = []
    entries = [e for e in root.iter() if _local(e.tag) in ("termEntry", "conceptEntry")]
    for number, element in enumerate(entries, start=1):
        result = _record(element, kinds)
        if isinstance(result, str):
            label = element.get("id") or str(number)
            skipped.append(f"{name}: term entry {label}: {result}, skipped")
        else:
            records.append(result)
    return records, skipped
