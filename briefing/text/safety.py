"""Make untrusted text safe to put into XML (DOCX), HTML and JSON outputs.

Article text comes from whatever a user pasted or a scraper fetched. Before any
renderer sees it we drop what XML 1.0 cannot carry (C0 controls other than tab,
newline and carriage return, lone surrogates, U+FFFE/U+FFFF), C1 controls, and the
bidi override and isolate controls (U+202A–U+202E, U+2066–U+2069) that can make a
line display in a different order than it is stored ("Trojan Source"). Bidi *marks*
(U+200E, U+200F, U+061C) are kept: they only nudge neutral characters and real
Arabic text uses them.
"""

from __future__ import annotations

import re

_UNSAFE_RE = re.compile(
    "["
    "\x00-\x08\x0b\x0c\x0e-\x1f"  # C0 controls except \t \n \r
    "\x7f-\x9f"  # DEL and C1 controls
    "\u202a-\u202e"  # LRE RLE PDF LRO RLO
    "\u2066-\u2069"  # LRI RLI FSI PDI
    "\ud800-\udfff"  # lone surrogates (cannot be encoded as UTF-8)
    "\ufffe\uffff"
    "]"
)


def strip_controls(text: str) -> str:
    """``text`` without XML-invalid characters and bidi override/isolate controls."""
    return _UNSAFE_RE.sub("", text)


def has_controls(text: str) -> bool:
    return _UNSAFE_RE.search(text) is not None


def clean_text(text: str) -> str:
    """``strip_controls`` plus one newline convention (XML parsers turn a bare CR into LF)."""
    return strip_controls(text).replace("\r\n", "\n").replace("\r", "\n")


def clean_tree(value: object) -> object:
    """``value`` with ``clean_text`` applied to every string in nested dicts/lists."""
    if isinstance(value, str):
        return clean_text(value)
    if isinstance(value, dict):
        return {clean_tree(key): clean_tree(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [clean_tree(item) for item in value]
    return value


def display_name(name: str) -> str:
    """A file name as text to store or write: bytes that are not UTF-8 (Python carries
    them as lone surrogates) read as Windows Arabic, the code page of zips made on Arabic
    Windows, and controls removed (a name may hold any byte but "/" and NUL)."""
    raw = name.encode("utf-8", "surrogateescape")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        text = raw.decode("cp1256", "replace")
    return strip_controls(text)
