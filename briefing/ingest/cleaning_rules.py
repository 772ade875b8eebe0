"""The cleaning rules of ``cleaning_rules.toml``, loaded once and compiled.

The TOML file is the one place where site-specific words live; this module only turns it into
regular expressions and sets, and defines ``fold``, the normalization both sides are compared in.
"""

from __future__ import annotations

import re
import tomllib
import unicodedata
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

from briefing.text.arabic import (
    ALEF_FOLD,
    ARABIC_MARK,
    DIGIT_FOLD,
    INVISIBLE,
    TATWEEL,
    alternation,
)

# Marks that change nothing a reader sees: tashkeel, Quranic marks, tatweel, invisible format
# characters. Removing them makes "أيضاً" and "ايضا" compare equal.
_INVISIBLE = re.compile(f"[{ARABIC_MARK}{TATWEEL}{INVISIBLE}]")
_FOLD_TABLE = str.maketrans(ALEF_FOLD | DIGIT_FOLD)
_SPACES = re.compile(r"\s+")


def fold(text: str) -> str:
    """The form rules are matched in: NFKC, bare alef, no tashkeel, ASCII digits, lower case."""
    text = unicodedata.normalize("NFKC", text)
    text = _INVISIBLE.sub("", text).translate(_FOLD_TABLE)
    return _SPACES.sub(" ", text).strip().lower()


def _alternation(words: list[str]) -> str:
    """A regex alternation of folded ``words``, longest first so no word shadows a longer one."""
    return alternation(words, fold=fold)


def _compile_all(patterns: list[str]) -> tuple[re.Pattern[str], ...]:
    return tuple(re.compile(fold(p), re.IGNORECASE) for p in patterns)


@dataclass(frozen=True)
class Block:
    start: re.Pattern[str]
    end: re.Pattern[str]
    max_lines: int


@dataclass(frozen=True)
class Rules:
    lines: tuple[re.Pattern[str], ...]
    short_lines: tuple[re.Pattern[str], ...]
    short_max_words: int
    button_line: re.Pattern[str]
    blocks: tuple[Block, ...]
    latin_only_max_words: int
    date_label: re.Pattern[str]  # a date label anywhere; groups: the label, its colon
    published_labels: frozenset[str]
    source_label: re.Pattern[str]
    author_label: re.Pattern[str]
    source_max_words: int
    author_max_words: int
    related_marker: re.Pattern[str]
    heading_max_words: int
    heading_max_chars: int
    final_punctuation: str
    list_markers: tuple[str, ...]
    title_max_chars: int
    title_derived_words: int
    agencies: frozenset[str]
    dates: dict[str, Any]
    furniture: dict[str, Any]


def _label_re(words: list[str]) -> re.Pattern[str]:
    # "Label: value", value in group 1; a label alone on its line has an empty value.
    return re.compile(rf"^(?:{_alternation(words)})\s*:\s*(.*)$")


def _build(data: dict[str, Any]) -> Rules:
    boiler = data["boilerplate"]
    meta = data["metadata"]
    headings = data["headings"]
    buttons = _alternation(boiler["buttons"])
    separators = r"[\s|·•/،,.…\-]*"  # "...المزيد": a button after an ellipsis
    return Rules(
        lines=_compile_all(boiler["lines"]),
        short_lines=_compile_all(boiler["short_lines"]),
        short_max_words=int(boiler["short_max_words"]),
        button_line=re.compile(rf"^{separators}(?:(?:{buttons}){separators})+$"),
        blocks=tuple(
            Block(
                re.compile(fold(b["start"]), re.IGNORECASE),
                re.compile(fold(b["end"]), re.IGNORECASE),
                int(b["max_lines"]),
            )
            for b in boiler.get("blocks", [])
        ),
        latin_only_max_words=int(data["credits"]["latin_only_max_words"]),
        date_label=re.compile(
            rf"(?<!\w)({_alternation(meta['published_labels'] + meta['updated_labels'])})(?!\w)\s*(:?)"
        ),
        published_labels=frozenset(fold(label) for label in meta["published_labels"]),
        source_label=_label_re(meta["source_labels"]),
        author_label=_label_re(meta["author_labels"]),
        source_max_words=int(meta["source_max_words"]),
        author_max_words=int(meta["author_max_words"]),
        related_marker=re.compile(
            rf"^(?:{_alternation(data['related']['markers'])})(?:\s*[:.]+\s*(.*)|\s*\.*)$"
        ),
        heading_max_words=int(headings["max_words"]),
        heading_max_chars=int(headings["max_chars"]),
        final_punctuation=str(headings["final_punctuation"]),
        list_markers=tuple(headings["list_markers"]),
        title_max_chars=int(data["title"]["max_chars"]),
        title_derived_words=int(data["title"]["derived_words"]),
        agencies=frozenset(fold(a) for a in data["lead"]["agencies"]),
        dates=data["dates"],
        furniture=data["furniture"],
    )


@cache
def rules() -> Rules:
    """The packaged rules (read once per process)."""
    text = (
        resources.files(__package__ or "briefing.ingest")
        .joinpath("cleaning_rules.toml")
        .read_text(encoding="utf-8")
    )
    return _build(tomllib.loads(text))
