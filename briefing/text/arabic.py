"""Arabic script, defined once: letters, marks, digits, folding, and regex alternations.

Every stage that looks at Arabic text takes its character classes from here, so the reader,
the glossary, protection and the QA checks agree on what a letter, a mark or a digit is.
The classes are regex *class contents* (without brackets) so callers can combine them.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable

# Any character of the Arabic script blocks: Arabic, Supplement, Extended-A, and the two
# presentation-form blocks (text pasted from old PDFs). Used to tell Arabic lines from Latin.
ARABIC_SCRIPT = "\u0600-\u06ff\u0750-\u077f\u08a0-\u08ff\ufb50-\ufdff\ufe70-\ufefc"
# Letters only: the base letters (with Persian/Urdu additions), Supplement, Extended-A and
# the presentation forms; no digits, punctuation or marks.
ARABIC_LETTER = (
    "\u0620-\u064a\u066e-\u06d3\u06d5\u06ee\u06ef\u06fa-\u06fc\u06ff"
    "\u0750-\u077f\u08a0-\u08c9\ufb50-\ufdfb\ufe70-\ufefc"
)
# Marks a reader does not see as letters: tashkeel (harakat, shadda, sukun, tanween),
# superscript alef, and the Quranic annotation signs.
ARABIC_MARK = "\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed"
TATWEEL = "\u0640"
# Format characters that change nothing a reader sees (ALM, ZWSP/ZWNJ/ZWJ, LRM/RLM, BOM).
INVISIBLE = "\u061c\u200b-\u200f\ufeff"

ARABIC_SCRIPT_RE = re.compile(f"[{ARABIC_SCRIPT}]")
ARABIC_LETTER_RE = re.compile(f"[{ARABIC_LETTER}]")
ARABIC_WORD_RE = re.compile(f"[{ARABIC_LETTER}][{ARABIC_LETTER}{ARABIC_MARK}]*")

# Digits of every script in use: ASCII, Arabic-Indic (٠-٩), Extended Arabic-Indic (۰-۹).
DIGIT = "0-9\u0660-\u0669\u06f0-\u06f9"
# Arabic-Indic and Persian digits and the Arabic decimal, thousands and percent signs.
DIGIT_FOLD: dict[str, str] = {
    **{chr(0x0660 + i): str(i) for i in range(10)},
    **{chr(0x06F0 + i): str(i) for i in range(10)},
    "\u066b": ".",  # ٫ decimal separator
    "\u066c": ",",  # ٬ thousands separator
    "\u066a": "%",  # ٪
}
_DIGIT_TABLE = str.maketrans(DIGIT_FOLD)

# Hamza seats and wasla that spell a plain alef in loose comparison.
ALEF_FOLD: dict[str, str] = {"أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا"}


def ascii_digits(text: str) -> str:
    """Arabic-Indic and Persian digits and separators to ASCII ("٢٫٥٪" → "2.5%")."""
    return text.translate(_DIGIT_TABLE)


def alternation(
    forms: Iterable[str],
    *,
    fold: Callable[[str], str] | None = None,
    flexible_space: bool = False,
) -> str:
    """A regex alternation of ``forms``, longest first so no form shadows a longer one.

    ``fold`` is applied to every form first (empty results are dropped); with
    ``flexible_space`` a space inside a form matches any run of white space.
    """
    folded = {fold(form) if fold else form for form in forms}
    ordered = sorted((form for form in folded if form), key=lambda f: (-len(f), f))
    escaped = (re.escape(form) for form in ordered)
    if flexible_space:
        escaped = (form.replace(r"\ ", r"\s+") for form in escaped)
    return "|".join(escaped)


def expand(char_class: str) -> str:
    """Every character of a class content such as ``ARABIC_MARK`` ("a-c" → "abc")."""
    chars: list[str] = []
    i = 0
    while i < len(char_class):
        if i + 2 < len(char_class) and char_class[i + 1] == "-":
            chars.extend(chr(c) for c in range(ord(char_class[i]), ord(char_class[i + 2]) + 1))
            i += 3
        else:
            chars.append(char_class[i])
            i += 1
    return "".join(chars)
