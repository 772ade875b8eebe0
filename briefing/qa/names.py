"""Names and codes: glossary names as the glossary spells them, names put back by position,
and codes and web addresses (F-16, S-400, https://…) that must pass through unchanged.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable

from briefing.document import Flag, Term
from briefing.protect.restore import Restored
from briefing.text.arabic import ascii_digits
from briefing.text.plural import times


def _count_phrase(phrase: str, text: str) -> int:
    words = [re.escape(word) for word in phrase.split()]
    if not words:
        return 0
    pattern = r"(?<!\w)" + r"[\s\u00a0]+".join(words) + r"(?!\w)"
    return len(re.findall(pattern, text, flags=re.IGNORECASE))


def check_terms(target: str, terms: Iterable[Term]) -> list[Flag]:
    """Each glossary match needs its English in the target, once per occurrence."""
    wanted: Counter[str] = Counter()
    first: dict[str, Term] = {}
    for term in terms:
        key = " ".join(term.english.split()).casefold()
        if key:
            wanted[key] += 1
            first.setdefault(key, term)
    flags = []
    for key, count in wanted.items():
        term = first[key]
        found = _count_phrase(term.english, target)
        if found < count:
            flags.append(
                Flag(
                    "missing-term",
                    f'"{term.english}" (glossary: {term.entry}) is in the Arabic {times(count)} '
                    f"but {times(found)} in the English",
                )
            )
    return flags


def check_inserted(restored: Iterable[Restored]) -> list[Flag]:
    """One ``term-inserted`` flag per name the model dropped and repair put back by position.

    Repair keeps the name in the English, so ``missing-term`` stays quiet; this flag is
    what shows the loss, because a name placed by position may stand in the wrong place
    ("… the Mark Rutte region. Kursk").
    """
    return [
        Flag(
            "term-inserted",
            f'"{item.span.english}" ({item.span.source}) was dropped by the model and '
            "put back by position; check where it stands",
        )
        for item in restored
        if item.method == "inserted"
    ]


# A code: Latin letters and digits joined by - . / (F-16, S-400, Su-57, MH17, COVID-19, 5G).
# Possessive pieces: a long run of letters or digits is never re-split to retry.
_CODE_RE = re.compile(
    r"(?<![\w@/.-])(?=[A-Za-z0-9./-]*[A-Za-z])(?=[A-Za-z0-9./-]*\d)"
    r"[A-Za-z0-9]++(?:[-./][A-Za-z0-9]++)*+(?![\w@-])"
)
# ASCII only: an address pasted without a space before Arabic ("x@y.comللتواصل") ends
# where the Arabic begins.
_URL_RE = re.compile(r"(?:https?://|www\.)[!#-&*-;=?-Z^-z|~]+", re.IGNORECASE)
_EMAIL_RE = re.compile(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+")
_URL_TRAIL = ".,;:!?،؛"


def _addresses(text: str) -> list[str]:
    found = [m.group().rstrip(_URL_TRAIL) for m in _URL_RE.finditer(text)]
    # An address's pattern ends with a letter, digit or hyphen: no trailing mark to drop.
    return found + [m.group() for m in _EMAIL_RE.finditer(text)]


def _codes(text: str) -> list[str]:
    bare = _EMAIL_RE.sub(" ", _URL_RE.sub(" ", text))
    # A code's pattern ends with a letter or digit: no trailing full stop to drop.
    return [m.group() for m in _CODE_RE.finditer(ascii_digits(bare))]


def without_codes(text: str) -> str:
    """``text`` with each code that starts with a letter blanked ("F-16" is a code, not the
    number 16; "5G", "21st" and "10am" keep their numbers)."""
    return _CODE_RE.sub(lambda m: m.group() if m.group()[0].isdigit() else " ", text)


def _code_key(code: str) -> str:
    # "F-16", "F16", "f-16" and the plural "F-16s" are one code; the model may drop or
    # add the hyphen.
    return re.sub(r"(?<=\d)s$", "", re.sub(r"[-\s]", "", code).casefold())


def check_codes(source: str, target: str) -> list[Flag]:
    """Codes and web addresses of the Arabic must be in the English, and the English may
    hold none the Arabic does not (a code the Arabic spells in Arabic letters, "إف-16",
    still has its digits in the Arabic, so it is not counted as added)."""
    flags = []
    target_codes = {_code_key(code) for code in _codes(target)}
    target_addresses = {a.casefold() for a in _addresses(target)}
    missing = [c for c in _codes(source) if _code_key(c) not in target_codes]
    missing += [a for a in _addresses(source) if a.casefold() not in target_addresses]
    if missing:
        shown = ", ".join(dict.fromkeys(missing))
        flags.append(Flag("code-mismatch", f"in the Arabic but not in the English: {shown}"))
    source_codes = {_code_key(code) for code in _codes(source)}
    source_addresses = {a.casefold() for a in _addresses(source)}
    source_digits = set(re.findall(r"\d+", ascii_digits(source)))
    added = [
        code
        for code in _codes(target)
        if _code_key(code) not in source_codes
        and not set(re.findall(r"\d+", code)) <= source_digits
    ]
    added += [a for a in _addresses(target) if a.casefold() not in source_addresses]
    if added:
        shown = ", ".join(dict.fromkeys(added))
        flags.append(Flag("code-mismatch", f"in the English but not in the Arabic: {shown}"))
    return flags
