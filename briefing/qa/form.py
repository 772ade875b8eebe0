"""Form: what the English looks like beside the Arabic, whatever the words mean.

Arabic left in the English, an English that is the Arabic unchanged, a length far off the
usual ratio, a word loop, a question that is no longer a question, a bracket or quote the
English opens and never closes.
"""

from __future__ import annotations

import math
import re

from briefing.document import Flag
from briefing.text.arabic import ARABIC_LETTER_RE, ARABIC_WORD_RE
from briefing.text.plural import plural

# English news text runs about 1.1–1.4× the characters of the unvowelled Arabic it
# translates; outside this band a sentence was usually dropped or hallucinated.
MIN_RATIO = 0.5
MAX_RATIO = 2.6
MIN_RATIO_SOURCE_CHARS = 40
REPEAT_TIMES = 3  # an n-gram this many times in a row is a loop
MAX_REPEAT_WORDS = 8


def check_untranslated(target: str) -> list[Flag]:
    words = ARABIC_WORD_RE.findall(target)
    if not words:
        return []
    shown = " ".join(words[:3]) + (" …" if len(words) > 3 else "")
    return [Flag("untranslated", f"Arabic left in the English: {shown}")]


def is_identical(source: str, target: str) -> bool:
    """The English is the Arabic unchanged (an Arabic source: a Latin one may stay as is)."""
    return ARABIC_LETTER_RE.search(source) is not None and source.split() == target.split()


def _visible_length(text: str) -> int:
    return len("".join(text.split()))


def length_ratio(source: str, target: str) -> float:
    """The English's length over the Arabic's, rounded half up to one decimal: the one
    figure both compared with the bounds and shown, so a message never contradicts itself."""
    return math.floor(_visible_length(target) / _visible_length(source) * 10 + 0.5) / 10


def check_length(source: str, target: str) -> list[Flag]:
    if _visible_length(source) < MIN_RATIO_SOURCE_CHARS:
        return []
    ratio = length_ratio(source, target)
    if MIN_RATIO <= ratio <= MAX_RATIO:
        return []
    side = "shorter" if ratio < MIN_RATIO else "longer"
    return [
        Flag(
            "length-ratio",
            f"the English is much {side} than the Arabic ({ratio:.1f}× its length; "
            f"usual {MIN_RATIO:.1f}–{MAX_RATIO:.1f}×)",
        )
    ]


def find_loop(words: list[str]) -> tuple[list[str], int] | None:
    """The first n-gram repeated ``REPEAT_TIMES``+ times in a row and its run length."""
    for size in range(1, MAX_REPEAT_WORDS + 1):
        for start in range(len(words) - REPEAT_TIMES * size + 1):
            if words[start] != words[start + size]:
                continue  # cheap test first: a loop repeats its first word one size later
            gram = words[start : start + size]
            times = 1
            while words[start + times * size : start + (times + 1) * size] == gram:
                times += 1
            if times >= REPEAT_TIMES:
                return gram, times
    return None


def _words(text: str) -> list[str]:
    # Words keep their inner punctuation, so "999,999,999" or "don't" is one word.
    return re.findall(r"\w+(?:[.,'’]\w+)*", text.casefold())


def check_repetition(source: str, target: str) -> list[Flag]:
    loop = find_loop(_words(target))
    if loop is None or find_loop(_words(source)) is not None:
        return []  # a loop the Arabic has too ("لا لا لا") is faithful, not a fault
    gram, times = loop
    return [Flag("repetition", f'"{" ".join(gram)}" repeats {times} times in a row')]


# -- end punctuation --------------------------------------------------------------------
_QUESTION = "?؟"
_CLOSERS = "\"'”’»)]}"  # a quote or bracket after the last mark: «... ؟» ends with ؟
_END_NAMES = {"?": "a question mark", "!": "an exclamation mark"}


def _end_mark(text: str) -> str:
    """The mark a paragraph ends with, Arabic ؟ read as ?; "" for a word or another sign."""
    end = text.rstrip().rstrip(_CLOSERS + " ")
    if not end:
        return ""
    mark = end[-1]
    return "?" if mark in _QUESTION else mark


def _questions(text: str) -> int:
    return sum(text.count(mark) for mark in _QUESTION)


def _shown_end(mark: str) -> str:
    if mark in _END_NAMES:
        return _END_NAMES[mark]
    return f'"{mark}"' if mark and not mark.isalnum() else "no mark"


def check_end_punctuation(source: str, target: str) -> list[Flag]:
    """A question stays a question, an exclamation an exclamation; nothing else is judged
    (a title has no full stop in Arabic and often one in English)."""
    asked, answered = _questions(source), _questions(target)
    if asked != answered:
        return [
            Flag(
                "end-punctuation",
                f"the Arabic has {plural(asked, 'question mark')}, "
                f"the English {answered or 'none'}",
            )
        ]
    source_end, target_end = _end_mark(source), _end_mark(target)
    if source_end == target_end or not ({source_end, target_end} & set(_END_NAMES)):
        return []
    return [
        Flag(
            "end-punctuation",
            f"the Arabic ends with {_shown_end(source_end)}, "
            f"the English with {_shown_end(target_end)}",
        )
    ]


# -- brackets and quotes ----------------------------------------------------------------
_PAIRS = {"(": ")", "[": "]", "{": "}", "“": "”", "«": "»"}
_OPENERS = {close: open_ for open_, close in _PAIRS.items()}
_FAMILY = {"(": "bracket", "[": "bracket", "{": "bracket", "“": "quote", "«": "quote"}
_FAMILY |= {_PAIRS[k]: v for k, v in _FAMILY.items()} | {'"': "quote"}


def unpaired(text: str) -> dict[str, str]:
    """The first unpaired bracket or quote of each family ("bracket", "quote") in ``text``.

    Pairs nest; a straight " pairs with the next one. A paragraph that opens a quote and
    closes it in the next one is unpaired here, which is why the Arabic is checked too.
    """
    found: dict[str, str] = {}
    stack: list[str] = []
    straight = 0
    for char in text:
        if char in _PAIRS:
            stack.append(char)
        elif char in _OPENERS:
            if _OPENERS[char] not in stack:
                found.setdefault(_FAMILY[char], char)
                continue
            while (inner := stack.pop()) != _OPENERS[char]:
                found.setdefault(_FAMILY[inner], inner)  # opened inside, never closed
        elif char == '"':
            straight += 1
    for char in stack:
        found.setdefault(_FAMILY[char], char)
    if straight % 2:
        found.setdefault("quote", '"')
    return found


def _unpaired_message(family: str, char: str) -> str:
    if char == '"':
        return 'the English has a quote mark " without its pair'
    if char in _PAIRS:
        return f"the English opens a {family} {char} and never closes it"
    return f"the English closes a {family} {char} it never opened"


def check_unpaired(source: str, target: str) -> list[Flag]:
    """A bracket or quote the English leaves unpaired while the Arabic pairs all of its kind."""
    in_source = unpaired(source)
    return [
        Flag("unpaired", _unpaired_message(family, char))
        for family, char in unpaired(target).items()
        if family not in in_source  # the Arabic leaves one open too: a quote runs on
    ]
