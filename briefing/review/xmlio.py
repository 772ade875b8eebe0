"""Safe reading of interchange XML (XLIFF, TMX): defusedxml, size limits, one-line errors."""

from __future__ import annotations

import codecs
from collections.abc import Collection
from pathlib import Path
from xml.etree.ElementTree import Element, ParseError

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import fromstring

from briefing.errors import ReviewError

MAX_XML_BYTES = 200 * 2**20
# UTF-32 and UTF-16, told by their byte-order mark or, without one, by the NULs around
# the first "<" (as XML 1.0's appendix F says); expat reads UTF-8 and one-byte code pages
# (a declared windows-1256) itself, but not UTF-32 nor UTF-16 without a mark.
_WIDE = (
    (codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"),
    (b"<\0\0\0", "utf-32-le"), (b"\0\0\0<", "utf-32-be"),
    (b"<\0", "utf-16-le"), (b"\0<", "utf-16-be"),
)  # fmt: skip


def _wide_codec(data: bytes) -> str | None:
    return next((codec for start, codec in _WIDE if data.startswith(start)), None)


def xml_start(head: bytes) -> str:
    """The first characters of a file's first bytes, decoded as XML would be (UTF-32,
    UTF-16, else one byte a character), without a byte-order mark or leading spaces."""
    codec = _wide_codec(head)
    text = head.decode(codec, "ignore") if codec else head.decode("latin-1")
    return text.lstrip("\ufeff\xef\xbb\xbf \t\r\n")


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
        codec = _wide_codec(data)
        # Decoded here, the declaration's encoding is ignored by the parser.
        root: Element = fromstring(data.decode(codec) if codec else data)
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
