"""Safe reading of interchange XML (XLIFF, TMX): defusedxml, size limits, one-line errors."""

from __future__ import annotations

from collections.abc import Collection
from pathlib import Path
from xml.etree.ElementTree import Element, ParseError

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import fromstring

from briefing.errors import ReviewError

MAX_XML_BYTES = 200 * 2**20
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


def parse_file(path: Path, what: str, fix: str) -> Element:
    """The root element of ``path``; entity declarations and external entities refused."""
    try:
        size = path.stat().st_size
        if size > MAX_XML_BYTES:
            raise ReviewError(
                f"{path}: {size // 2**20} MB, over the {MAX_XML_BYTES // 2**20} MB limit "
                f"for {what}; split it"
            )
        data = path.read_bytes()
    except OSError as exc:
        raise ReviewError(f"{path}: cannot read ({exc.strerror or exc})") from exc
    try:
        root: Element = fromstring(data)
    except DefusedXmlException as exc:
        raise ReviewError(
            f"{path}: refused: the file declares entities or loads external ones "
            f"({type(exc).__name__}); {fix}"
        ) from exc
    except (ParseError, ValueError) as exc:
        reason = " ".join(str(exc).split())[:160]
        raise ReviewError(f"{path}: not well-formed XML ({reason}); {fix}") from exc
    return root


def local(tag: object) -> str:
    """An element's name without its namespace."""
    return str(tag).rsplit("}", 1)[-1]


def inline_text(element: Element, keep: Collection[str]) -> str:
    """The text of ``element``: children named in ``keep`` (formatting, markers) are read
    through; any other child (a native code, a placeholder) adds only the text after it."""
    parts = [element.text or ""]
    for child in element:
        if local(child.tag) in keep:
            parts.append(inline_text(child, keep))
        parts.append(child.tail or "")
    return "".join(parts)


def language(code: str | None) -> str:
    """The primary language subtag, lower case: "ar-SA" → "ar", "EN_us" → "en"."""
    return (code or "").replace("_", "-").split("-", 1)[0].strip().lower()
