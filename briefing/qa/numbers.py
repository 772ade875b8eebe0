"""Numbers: every number the Arabic states must be in the English, as a value.

"10 آلاف" is 10,000, "مليونان" two million, "28.10.2024" the numbers 28, 10 and 2024; the
English may write them in digits, in words ("three", "a million") or as a month name.
"""

from __future__ import annotations

import re
from collections import Counter
from decimal import Decimal, InvalidOperation

from briefing.document import Flag
from briefing.qa.names import without_codes
from briefing.text.arabic import ARABIC_LETTER, ascii_digits
from briefing.text.lexicon import lexicon

# A number: digits joined by . , : / (dates "28.10.2024", times "12:56", "10,000").
_NUMBER = r"(?<![\d.,])\d+(?:[.,:/]\d+)*"
_SPACE = r"[\s\u00a0\u200f\u200e]*"
_LEXICON = lexicon()
_AR_MULTIPLIERS = {form: m.value for m in _LEXICON.multipliers for form in m.arabic}
# Multiplier words standing without digits: "مليون" alone means one million, "مليونان" two.
_AR_ALONE = {form: m.value for m in _LEXICON.multipliers for form in m.standalone}
_AR_ALONE |= {form: 2 * m.value for m in _LEXICON.multipliers for form in m.dual}
_EN_MULTIPLIERS = {
    form: m.value for m in _LEXICON.multipliers for form in (m.english, *m.english_forms)
}
_EN_UNITS = (
    "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen "
    "fifteen sixteen seventeen eighteen nineteen"
).split()
_EN_TENS = {"twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60}
_EN_TENS.update({"seventy": 70, "eighty": 80, "ninety": 90})
_EN_WORDS = {word: value for value, word in enumerate(_EN_UNITS)} | _EN_TENS
_MONTHS = [name.lower() for name in _LEXICON.month_names]
_EN_MONTH_RE = re.compile(
    r"\b(" + "|".join(m.capitalize() + "|" + m[:3].capitalize() for m in _MONTHS) + r")\b\.?"
)

_AR_NUMBER_RE = re.compile(
    rf"({_NUMBER})(?:{_SPACE}({'|'.join(sorted(_AR_MULTIPLIERS, key=len, reverse=True))})"
    rf"(?![{ARABIC_LETTER}]))?"
)
_AR_ALONE_RE = re.compile(
    rf"(?<![{ARABIC_LETTER}\d])(?:[وب]|ال)?({'|'.join(sorted(_AR_ALONE, key=len, reverse=True))})"
    rf"(?![{ARABIC_LETTER}])"
)
_EN_WORD_NUMBER = (
    rf"(?:{'|'.join(_EN_TENS)})(?:-(?:{'|'.join(_EN_UNITS[1:10])}))?|{'|'.join(_EN_UNITS)}|an?"
)
_EN_NUMBER_RE = re.compile(
    rf"(?:({_NUMBER})|\b({_EN_WORD_NUMBER})\b)"
    rf"(?:[\s-]*({'|'.join(_EN_MULTIPLIERS)})s?\b)?",
    re.IGNORECASE,
)
_THOUSANDS_RE = re.compile(r"\d{1,3}(?:,\d{3})+(?:\.\d+)?")


def _components(token: str) -> list[Decimal] | None:
    """The values a digit token stands for, or None if it is one plain number."""
    if ":" in token or "/" in token or token.count(".") > 1:
        return [Decimal(part) for part in re.split(r"[.,:/]", token)]
    if "," in token and not _THOUSANDS_RE.fullmatch(token):
        if token.count(",") == 1:
            return [Decimal(token.replace(",", "."))]  # a decimal comma: "2,5"
        return [Decimal(part) for part in token.split(",")]
    return None


def _token_values(token: str, multiplier: int) -> list[Decimal]:
    try:
        parts = _components(token)
        if parts is not None:
            return parts
        return [Decimal(token.replace(",", "")) * multiplier]
    except InvalidOperation:
        return []


def source_numbers(text: str) -> Counter[Decimal]:
    """Every number an Arabic paragraph states, as values ("10 آلاف" → 10000)."""
    text = ascii_digits(text)
    found: Counter[Decimal] = Counter()
    taken: set[int] = set()
    for match in _AR_NUMBER_RE.finditer(text):
        multiplier = _AR_MULTIPLIERS.get(match.group(2) or "", 1)
        found.update(_token_values(match.group(1), multiplier))
        taken.update(range(match.start(), match.end()))
    for match in _AR_ALONE_RE.finditer(text):
        if match.start(1) not in taken:  # "5 مليون" was counted above as 5,000,000
            found[Decimal(_AR_ALONE[match.group(1)])] += 1
    return found


def target_numbers(text: str) -> Counter[Decimal]:
    """Every number an English paragraph states: digits, simple number words, months."""
    text = ascii_digits(text)
    found: Counter[Decimal] = Counter()
    for match in _EN_NUMBER_RE.finditer(text):
        digits, word, multiplier_word = match.groups()
        multiplier = _EN_MULTIPLIERS[multiplier_word.lower()] if multiplier_word else 1
        if digits:
            found.update(_token_values(digits, multiplier))
        elif word.lower() in ("a", "an"):
            if multiplier_word:  # "a million"; a bare "a" is no number
                found[Decimal(multiplier)] += 1
        else:
            found[Decimal(_word_value(word)) * multiplier] += 1
    for match in _EN_MONTH_RE.finditer(text):
        found[Decimal(_month_number(match.group(1)))] += 1
    return found


def _word_value(word: str) -> int:
    head, _, unit = word.lower().partition("-")
    return _EN_WORDS[head] + (_EN_WORDS[unit] if unit else 0)


def _month_number(name: str) -> int:
    return [m[:3] for m in _MONTHS].index(name[:3].lower()) + 1


def _show(value: Decimal) -> str:
    if value == value.to_integral_value():
        return f"{int(value):,}" if value >= 10_000 else str(int(value))  # years stay "2024"
    return format(value.normalize(), "f")


def check_numbers(source: str, target: str) -> list[Flag]:
    # The digits of a Latin code of the Arabic are the code check's: a lost "S-400" is one
    # flag, not two. The English keeps its codes' digits: "سو-57" may become "Su-57".
    missing = source_numbers(without_codes(source)) - target_numbers(target)
    if not missing:
        return []
    shown = ", ".join(_show(value) for value in sorted(missing))
    noun = "number" if sum(missing.values()) == 1 else "numbers"
    return [Flag("number-mismatch", f"{noun} of the Arabic not found in the English: {shown}")]
