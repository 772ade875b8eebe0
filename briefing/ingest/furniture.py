"""Page furniture judged by its shape, in any language: ornaments, share and navigation rows,
lines of hashtags, counters ("Comments (12)"). The cleaner's word lists know some sites' words; these rules know
what furniture looks like, so a site in any language needs no new words. The settings are in
the ``[furniture]`` table of ``cleaning_rules.toml``.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache

from briefing.ingest.cleaning_rules import rules

_LETTER_OR_DIGIT = re.compile(r"[^\W_]")
_DIGIT = re.compile(r"\d")
_SENTENCE_END = ".!?؟…"
_TAGS = re.compile(r"[#@][^\s#@]++(?:\s++[#@][^\s#@]++)*+")


@dataclass(frozen=True)
class _Shapes:
    row_split: re.Pattern[str]
    row_min_items: int
    row_item_max_words: int
    counters: re.Pattern[str]
    text_min_words: int


@cache
def _shapes() -> _Shapes:
    settings = rules().furniture
    label_words = int(settings["counter_label_max_words"])
    # Possessive: a label's words are never re-split to retry (no backtracking on long lines).
    word = r"[^\W\d_][^\s()\[\]|·•/]*+"
    label = rf"{word}(?:\s++{word}){{0,{label_words - 1}}}+"
    count = r"[(\[]\s*+\d++\s*+[)\]]"
    counter = rf"(?:{label}\s*+{count}|{count}\s*+{label})"
    separator = rf"[\s{re.escape(settings['row_separators'])},،]*+"
    return _Shapes(
        row_split=re.compile(rf"\s*[{re.escape(settings['row_separators'])}]\s*"),
        row_min_items=int(settings["row_min_items"]),
        row_item_max_words=int(settings["row_item_max_words"]),
        counters=re.compile(rf"{counter}(?:{separator}{counter})*+"),
        text_min_words=int(settings["text_min_words"]),
    )


def is_tag_row(text: str) -> bool:
    """Only hashtags and handles: "#الرياض #السعودية", "@AJArabic"."""
    return _TAGS.fullmatch(text.strip()) is not None


def is_ornament(text: str) -> bool:
    """No letter and no digit: "* * *", "———", "•••"."""
    return _LETTER_OR_DIGIT.search(text) is None


def is_row(text: str) -> bool:
    """A share or navigation row: short items without digits between separators."""
    shapes = _shapes()
    if _DIGIT.search(text) or text.rstrip()[-1:] in _SENTENCE_END:
        return False
    items = shapes.row_split.split(text.strip())
    return len(items) >= shapes.row_min_items and all(
        1 <= len(item.split()) <= shapes.row_item_max_words for item in items
    )


def is_counter(text: str) -> bool:
    """Labels with a count in brackets and nothing else: "Comments (12)", "(3) تعليقات"."""
    return _shapes().counters.fullmatch(text.strip()) is not None


def _is_text(text: str) -> bool:
    return len(text.split()) >= _shapes().text_min_words and text.rstrip()[-1:] in _SENTENCE_END


def furniture(lines: Sequence[str], position: int) -> bool:
    """Whether ``lines[position]`` is page furniture by its shape (``lines``: folded lines)."""
    text = lines[position]
    if is_ornament(text) or is_row(text):
        return True
    if not (is_counter(text) or is_tag_row(text)):
        return False
    between_text = (
        0 < position < len(lines) - 1
        and _is_text(lines[position - 1])
        and _is_text(lines[position + 1])
    )
    # Between two paragraphs such a line is a heading: "الحلقة (2)", or a column's
    # "#ثمانٍ_وأربعون_قانونا_للقوة" naming the book the next paragraph quotes.
    return not between_text
