"""Publication dates as news sites print them, turned into ISO 8601.

Handles numeric dates (``28.10.2024``, ``2024-10-28``), written ones in English and in both Arabic
month systems (``25th, October 2024``, ``28 أكتوبر 2024``, ``28 آب/اغسطس 2013``, ``28 تشرين
الأول 2024``), Arabic-Indic digits, an optional time with am/pm, and a time zone (``GMT``,
``GMT+0400``, ``+03:00``). Month names and zone words come from ``cleaning_rules.toml``.
A date without a time gives ``YYYY-MM-DD``; with a time ``YYYY-MM-DDTHH:MM[+HH:MM]``.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from functools import cache

from briefing.ingest.cleaning_rules import fold, rules
from briefing.text.arabic import alternation
from briefing.text.lexicon import lexicon


@dataclass(frozen=True)
class FoundDate:
    iso: str
    date: dt.date
    has_time: bool


@dataclass(frozen=True)
class _Patterns:
    dates: tuple[re.Pattern[str], ...]
    time: re.Pattern[str]
    months: dict[str, int]
    zones: dict[str, str]
    pm: frozenset[str]
    am: frozenset[str]
    noise: re.Pattern[str]


def _alt(words: list[str]) -> str:
    return alternation(words, fold=fold)


@cache
def _patterns() -> _Patterns:
    data = rules().dates
    months = {
        fold(name): month.number
        for month in lexicon().months
        for name in (*month.arabic, month.english, *month.short)
    }
    month = rf"(?:{_alt(list(months))})(?!\w)"
    # "آب/اغسطس", "أغسطس (آب)": a second spelling of the same month is allowed and ignored.
    month2 = rf"(?P<m>{month})(?:\s*[/(\-]\s*{month}\s*\)?)?"
    day = r"(?<!\d)(?P<d>\d{1,2})(?:st|nd|rd|th)?"
    year = r"(?P<y>\d{4})(?!\d)"
    sep = r"[\s,،]*"
    dates = (
        re.compile(r"(?<!\d)(?P<y>\d{4})[-/.](?P<m>\d{1,2})[-/.](?P<d>\d{1,2})(?!\d)"),
        re.compile(rf"(?<![\d.])(?P<d>\d{{1,2}})[-/.](?P<m>\d{{1,2}})[-/.]{year}"),
        re.compile(rf"{day}{sep}(?:من\s+)?{month2}{sep}{year}"),
        re.compile(rf"(?<!\w){month2}\s+{day}{sep}{year}"),
    )
    zones = {fold(k): v for k, v in data["zones"].items()}
    zones.update({fold(w): "+00:00" for w in data["utc_words"]})
    ampm = _alt(data["pm_words"] + data["am_words"])
    # Possessive spaces: "\s*\(?\s*" otherwise splits a run of spaces every way (quadratic).
    time = re.compile(
        r"(?<!\d)(?P<H>\d{1,2}):(?P<M>\d{2})(?::(?P<S>\d{2})(?:\.\d+)?)?"
        rf"(?:\s*+(?P<ampm>{ampm})(?!\w))?"
        rf"(?:\s*+\(?\s*+(?P<zone>{_alt(list(zones))})(?!\w))?"
        r"(?:\s*+(?P<off>[+-]\s*\d{1,2}(?::?\d{2})?)(?!\d))?"
    )
    noise_words = [*months, *zones, *data["weekdays"], *data["filler_words"]]
    noise_words += data["pm_words"] + data["am_words"]
    noise = re.compile(rf"(?<!\w)(?:{_alt(noise_words)})(?!\w)|[\d\W_]+")
    return _Patterns(
        dates,
        time,
        months,
        zones,
        frozenset(map(fold, data["pm_words"])),
        frozenset(map(fold, data["am_words"])),
        noise,
    )


def _month(value: str) -> int:
    return int(value) if value.isdigit() else _patterns().months[value]


def _make_date(match: re.Match[str]) -> dt.date | None:
    y, m, d = int(match["y"]), _month(match["m"]), int(match["d"])
    if m > 12 and d <= 12:  # 10/28/2024: month first
        m, d = d, m
    if not 1900 <= y <= 2200:
        return None
    try:
        return dt.date(y, m, d)
    except ValueError:
        return None


def _zone(text: str) -> dt.timezone | None:
    """A fixed offset from "+0400", "+4" or "-03:30"; None when out of range."""
    sign = -1 if text.strip().startswith("-") else 1
    digits = re.sub(r"\D", "", text)
    hours, minutes = (int(digits[:-2]), int(digits[-2:])) if len(digits) > 2 else (int(digits), 0)
    if hours > 14 or minutes > 59:
        return None
    return dt.timezone(sign * dt.timedelta(hours=hours, minutes=minutes))


def _offset(match: re.Match[str]) -> dt.timezone | None:
    if match["off"]:  # "GMT+0400": the explicit offset wins over the zone word
        return _zone(match["off"])
    if match["zone"]:
        return _zone(_patterns().zones[match["zone"]])
    return None


def _time(folded: str) -> tuple[dt.time, bool] | None:
    """The first valid time of day in ``folded`` and whether it carried seconds."""
    p = _patterns()
    for match in p.time.finditer(folded):
        hour, minute, second = int(match["H"]), int(match["M"]), int(match["S"] or 0)
        if match["ampm"] in p.pm and hour < 12:
            hour += 12
        elif match["ampm"] in p.am and hour == 12:
            hour = 0
        if hour < 24 and minute < 60 and second < 60:
            return dt.time(hour, minute, second, tzinfo=_offset(match)), match["S"] is not None
    return None


def find_date(text: str, default: dt.date | None = None) -> FoundDate | None:
    """The first date (and time, if any) in ``text``; ``default`` supplies the day for a bare time.

    >>> find_date("28.10.2024 | 12:56 GMT").iso
    '2024-10-28T12:56+00:00'
    """
    folded = fold(text)
    found: dt.date | None = None
    start = len(folded) + 1
    for pattern in _patterns().dates:
        for match in pattern.finditer(folded):
            date = _make_date(match)
            if date is not None and match.start() < start:
                found, start = date, match.start()
                break
    found = found or default
    if found is None:
        return None
    clock = _time(folded)
    if clock is None:
        return FoundDate(found.isoformat(), found, False)
    time, seconds = clock
    moment = dt.datetime.combine(found, time)
    return FoundDate(moment.isoformat(timespec="seconds" if seconds else "minutes"), found, True)


def residue_words(text: str) -> int:
    """How many words of ``text`` are neither part of a date nor a weekday, month or zone name."""
    return len(_patterns().noise.sub(" ", fold(text)).split())
