"""The one table of months, multipliers, units and number words (``lexicon.toml``).

Loaded once; every stage that needs a month name or a multiplier takes it from here, so
protection, the QA checks, restoration and the date reader cannot disagree.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any


@dataclass(frozen=True)
class Month:
    number: int
    english: str
    arabic: tuple[str, ...]
    short: tuple[str, ...]


@dataclass(frozen=True)
class Multiplier:
    english: str
    value: int
    arabic: tuple[str, ...]
    standalone: tuple[str, ...]
    dual: tuple[str, ...]
    english_forms: tuple[str, ...]


@dataclass(frozen=True)
class Lexicon:
    months: tuple[Month, ...]
    ambiguous_months: frozenset[str]
    multipliers: tuple[Multiplier, ...]
    units: dict[str, str]
    number_words: dict[str, int]

    @property
    def month_names(self) -> tuple[str, ...]:
        """ "January" … "December", in calendar order."""
        return tuple(month.english for month in self.months)

    def month_number(self, english: str) -> int | None:
        """1–12 for an English month name in any case, else ``None``."""
        names = [name.lower() for name in self.month_names]
        key = english.strip().lower()
        return names.index(key) + 1 if key in names else None


def _multiplier(row: dict[str, Any]) -> Multiplier:
    return Multiplier(
        english=row["english"],
        value=int(row["value"]),
        arabic=tuple(row.get("arabic", ())),
        standalone=tuple(row.get("standalone", ())),
        dual=tuple(row.get("dual", ())),
        english_forms=tuple(row.get("english_forms", ())),
    )


@cache
def lexicon() -> Lexicon:
    text = resources.files("briefing.text").joinpath("lexicon.toml").read_text(encoding="utf-8")
    data = tomllib.loads(text)
    months = tuple(
        Month(number, row["english"], tuple(row["arabic"]), tuple(row["short"]))
        for number, row in enumerate(data["months"], start=1)
    )
    return Lexicon(
        months=months,
        ambiguous_months=frozenset(data["ambiguous_months"]),
        multipliers=tuple(_multiplier(row) for row in data["multipliers"]),
        units=dict(data["units"]),
        number_words={word: int(value) for word, value in data["number_words"].items()},
    )
