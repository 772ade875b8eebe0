"""Numbers, units and months: the spans whose English is computed, not translated.

"١٢" → "12", "10 آلاف" → "10,000", "ثلاثة آلاف" → "3,000", "2.5 مليار دولار" → "$2.5 billion",
"478 كلم مربعة" → "478 km²", "20 في المئة" → "20%", "يونيو/حزيران" → "June",
"23 تشرين الأول 2024" → "October 23, 2024".

Unit words and month names come from the glossary (``unit`` entries; ``term`` entries whose
English is a month) on top of the built-in tables below; multipliers, number words and the
date rules live here. Matching runs on ``matcher.normalize``d text, so spelling noise
(hamza, diacritics, Arabic-Indic digits) does not matter, and offsets map back to the
original. Month words that are also common words (مارس "practised", آب/أب "father", نيسان
the carmaker…) count only next to a day, a year, the other calendar's name, or a word such
as في/منذ/شهر before them or الماضي after.
"""

from __future__ import annotations

import re
import weakref
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from briefing.glossary.matcher import normalize, normalize_key, original_end
from briefing.glossary.store import Glossary
from briefing.protect.spans import Claimed, Span, find_spans
from briefing.text.arabic import alternation, ascii_digits
from briefing.text.lexicon import lexicon

_LEXICON = lexicon()
MONTHS = _LEXICON.month_names
BUILTIN_MONTHS: dict[str, int] = {
    form: month.number for month in _LEXICON.months for form in month.arabic
}
AMBIGUOUS_MONTHS = frozenset(normalize_key(w) for w in _LEXICON.ambiguous_months)
_NEEDS_MADDA = normalize_key("آب")  # normalized "اب" is also أب, "father"
_CONTEXT_BEFORE = frozenset(
    normalize_key(w)
    for w in "في منذ حتى مطلع أوائل أواخر أواسط منتصف نهاية بداية شهر خلال بحلول قبل بعد من".split()
)
_CONTEXT_AFTER = frozenset(normalize_key(w) for w in "الماضي المقبل القادم الجاري المنصرم".split())

BUILTIN_UNITS: dict[str, str] = _LEXICON.units
_PREFIX_UNITS = ("$", "€", "£")

# Thousands are multiplied out ("10 آلاف" → "10,000"); larger ones stay words ("2.5 billion").
MULTIPLIERS: dict[str, int | str] = {
    form: multiplier.value if multiplier.value < 10**6 else multiplier.english
    for multiplier in _LEXICON.multipliers
    for form in multiplier.arabic
}
NUMBER_WORDS: dict[str, int] = _LEXICON.number_words

_NUMBER = r"\d+(?:[.,/:]\d+)*"


def _alternation(forms: Iterable[str]) -> str:
    return alternation(forms, flexible_space=True)


@dataclass
class _Rules:
    units: dict[str, str]  # normalized form -> English
    months: dict[str, tuple[int, str]]  # normalized form -> (number, English)
    multipliers: dict[str, int | str]
    words: dict[str, int]
    quantity: re.Pattern[str]
    spelled: re.Pattern[str]
    month: re.Pattern[str]


def _build(glossary: Glossary | None) -> _Rules:
    units = {normalize_key(k): v for k, v in BUILTIN_UNITS.items()}
    months = {normalize_key(k): (n, MONTHS[n - 1]) for k, n in BUILTIN_MONTHS.items()}
    for entry in glossary.entries if glossary is not None else ():
        if entry.kind == "unit":
            units.update({normalize_key(f): entry.english for f in entry.forms()})
        elif entry.is_month:
            number = _LEXICON.month_number(entry.english) or 0
            months.update({normalize_key(f): (number, entry.english) for f in entry.forms()})
    multipliers = {normalize_key(k): v for k, v in MULTIPLIERS.items()}
    words = {normalize_key(k): v for k, v in NUMBER_WORDS.items()}
    unit_re, mult_re = _alternation(units), _alternation(multipliers)
    month_re = _alternation(months)
    tail = rf"(?:\s+(?P<mult>{mult_re})(?!\w))?(?:\s*(?P<unit>{unit_re})(?!\w))?"
    return _Rules(
        units,
        months,
        multipliers,
        words,
        re.compile(rf"(?<![\w.,])(?P<num>{_NUMBER})(?:(?P<pct>\s?%)|{tail})"),
        re.compile(
            rf"(?<!\w)(?P<word>{_alternation(words)})\s+(?P<mult>{mult_re})(?!\w)"
            rf"(?:\s*(?P<unit>{unit_re})(?!\w))?"
        ),
        re.compile(
            rf"(?<![\w.,])(?:(?P<day>\d{{1,2}})\s+|(?<![\w])[وفبل])?(?P<m1>{month_re})(?!\w)"
            rf"(?:(?P<sep>\s*/\s*|\s*\(\s*|\s*-\s*|\s+)(?P<m2>{month_re})(?!\w)(?P<close>\s*\))?)?"
            rf"(?:\s+(?P<year>\d{{4}})(?!\d))?"
        ),
    )


_CACHE: weakref.WeakKeyDictionary[Any, _Rules] = weakref.WeakKeyDictionary()
_BUILTIN: list[_Rules] = []


def _rules(glossary: Glossary | None) -> _Rules:
    if glossary is None:
        if not _BUILTIN:
            _BUILTIN.append(_build(None))
        return _BUILTIN[0]
    rules = _CACHE.get(glossary)
    if rules is None:
        rules = _CACHE[glossary] = _build(glossary)
    return rules


def _quantity(number: str, multiplier: int | str | None, unit: str | None) -> str:
    """English for a number with an optional multiplier word and unit."""
    text = number
    if multiplier is not None:
        try:
            value = Decimal(number.replace(",", ""))
        except InvalidOperation:
            value = None
        if value is not None and isinstance(multiplier, int):
            value *= multiplier
            text = f"{int(value):,}" if value == value.to_integral_value() else f"{value:,}"
        elif value is not None:
            text = f"{number} {multiplier}"
    if unit is None:
        return text
    if unit in _PREFIX_UNITS:
        return unit + text
    return text + unit if unit[:1] in "%°" else f"{text} {unit}"


@dataclass
class _Found:
    start: int  # normalized offsets
    end: int
    english: str
    kind: str


def _month_ok(norm: str, text: str, nmap: list[int], match: re.Match[str], m2_ok: bool) -> bool:
    """Whether an ambiguous month word is a month here (see the module docstring)."""
    form = " ".join(match.group("m1").split())
    if form not in AMBIGUOUS_MONTHS:
        return True
    if form == _NEEDS_MADDA and text[nmap[match.start("m1")]] != "آ":
        return False
    if match.group("day") or match.group("year") or m2_ok:
        return True
    before = norm[: match.start()].split()
    after = norm[match.end() :].split()
    word = before[-1] if before else ""
    word = word[1:] if word[:1] in "وف" and word[1:] in _CONTEXT_BEFORE else word
    return word in _CONTEXT_BEFORE or bool(after and after[0] in _CONTEXT_AFTER)


def _months(norm: str, text: str, nmap: list[int], rules: _Rules) -> list[_Found]:
    found: list[_Found] = []
    position = 0
    while (match := rules.month.search(norm, position)) is not None:
        number, english = rules.months[" ".join(match.group("m1").split())]
        second = match.group("m2")
        m2_ok = second is not None and rules.months[" ".join(second.split())][0] == number
        if second is not None and not m2_ok:
            position = match.start("m2")  # a different month: take it on its own
            end = match.end("m1")
        else:
            position = match.end()
            end = match.end()
            if match.group("close") and "(" not in (match.group("sep") or ""):
                end = match.start("close")
        if not _month_ok(norm, text, nmap, match, m2_ok):
            continue
        day, year = match.group("day"), match.group("year") if m2_ok or second is None else None
        if day and not 1 <= int(day) <= 31:
            continue
        english = f"{english} {int(day)}" if day else english
        english = f"{english}, {year}" if day and year else f"{english} {year}" if year else english
        start = match.start("day") if day else match.start("m1")
        end = match.end("year") if year else end
        found.append(_Found(start, end, english, "month"))
    return found


def _quantities(norm: str, text: str, nmap: list[int], rules: _Rules) -> list[_Found]:
    found: list[_Found] = []
    for match in rules.quantity.finditer(norm):
        mult = match.group("mult")
        unit = match.group("unit")
        if mult is None and unit is None:
            source = text[nmap[match.start()] : original_end(text, nmap, match.end())]
            found.append(_Found(match.start(), match.end(), ascii_digits(source), "number"))
            continue
        english = _quantity(
            match.group("num"),
            rules.multipliers[" ".join(mult.split())] if mult else None,
            rules.units[" ".join(unit.split())] if unit else None,
        )
        found.append(_Found(match.start(), match.end(), english, "unit" if unit else "number"))
    for match in rules.spelled.finditer(norm):
        unit = match.group("unit")
        english = _quantity(
            str(rules.words[match.group("word")]),
            rules.multipliers[match.group("mult")],
            rules.units[" ".join(unit.split())] if unit else None,
        )
        found.append(_Found(match.start(), match.end(), english, "unit" if unit else "number"))
    return found


def find_number_spans(text: str, glossary: Glossary | None = None) -> list[Span]:
    """Numbers, quantities and months of ``text`` with their English, sorted, not overlapping.

    Digits inside Latin runs ("F-16") are left to ``protection.find_spans``.
    """
    if not text:
        return []
    norm, nmap = normalize(text)
    rules = _rules(glossary)
    latin = Claimed([s for s in find_spans(text) if s.kind == "latin"])
    taken = bytearray(len(norm))
    spans: list[Span] = []
    for item in _months(norm, text, nmap, rules) + _quantities(norm, text, nmap, rules):
        if taken.find(1, item.start, item.end) != -1:
            continue
        start, end = nmap[item.start], original_end(text, nmap, item.end)
        if latin.overlaps(start, end):
            continue
        taken[item.start : item.end] = b"\x01" * (item.end - item.start)
        spans.append(Span(start, end, text[start:end], item.english, item.kind))
    return sorted(spans, key=lambda s: s.start)
