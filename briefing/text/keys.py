"""Comparison forms of whole paragraphs: what an approved translation is keyed by.

The same wire story reaches several papers with small differences a reader does not
see: tashkeel, tatweel, hamza seats on alef, ى for ي, ة for ه, Arabic or Latin
punctuation and digits, quotes of one style or another, spacing. ``source_form`` folds
all of them, so those copies share one key; ``english_form`` only evens out spacing,
because every other change to the English is a reviewer's decision.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata

from briefing.text.arabic import ALEF_FOLD, ARABIC_MARK, DIGIT_FOLD, INVISIBLE, TATWEEL
from briefing.text.safety import strip_controls

_DROP_RE = re.compile(f"[{ARABIC_MARK}{TATWEEL}{INVISIBLE}]")
_FOLD = tuple(
    {
        **DIGIT_FOLD,
        **ALEF_FOLD,
        "ى": "ي",
        "ة": "ه",
        "،": ",",
        "؛": ";",
        "؟": "?",
        "«": '"',
        "»": '"',
        "“": '"',
        "”": '"',
        "„": '"',
        "‘": "'",
        "’": "'",
    }.items()
)


def source_form(text: str) -> str:
    """``text`` with the differences between copies of one Arabic paragraph folded away."""
    text = _DROP_RE.sub("", unicodedata.normalize("NFKC", strip_controls(text)))
    # A scan per pair, at C speed: str.translate looks each character of Arabic text up
    # in a dict, five times slower on a paragraph (the lookup runs on every one of a run).
    for old, new in _FOLD:
        if old in text:
            text = text.replace(old, new)
    return " ".join(text.split())


def english_form(text: str) -> str:
    """``text`` with its spacing evened out (Word and LibreOffice rewrite spaces)."""
    return " ".join(unicodedata.normalize("NFC", strip_controls(text)).split())


# Letters and symbols by category that still show nothing: the Hangul fillers and the
# blank Braille pattern (used to fake an empty field where a blank one is refused).
_BLANK_GRAPHEMES = frozenset("\u115f\u1160\u3164\uffa0\u2800")
_BLANK_CATEGORIES = frozenset({"Cc", "Cf", "Cs", "Cn", "Zs", "Zl", "Zp", "Mn", "Mc", "Me"})


def is_blank(text: str) -> bool:
    """True when ``text`` shows nothing: only spaces, controls, format characters (zero-width
    space and joiners, word joiner, BOM, soft hyphen, bidi marks: category Cf), marks with
    no base, unassigned code points and the blank fillers. Such English is empty."""
    return all(
        ch in _BLANK_GRAPHEMES or unicodedata.category(ch) in _BLANK_CATEGORIES for ch in text
    )


def digest(text: str, length: int = 64) -> str:
    """The first ``length`` hex digits of the SHA-256 of ``text``."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:length]


def source_key(text: str) -> str:
    """The approved memory's key of an Arabic paragraph or sentence."""
    return digest(source_form(text))
