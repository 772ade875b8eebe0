"""Arabic-aware sentence splitting.

Splits after . ! ? ؟ ؛ … and at line ends; closing quotes and brackets stay with
their sentence. Never splits inside numbers ("28.10.2024", "2.5%", "76.40") or after
abbreviations ("د." for doctor, single letters like "أ." or "U."). Concatenating the
sentences of a paragraph gives the paragraph back exactly (spaces included), so no
text can be lost between the stages.
"""

from __future__ import annotations

import re
from collections.abc import Callable

_END = ".!?؟؛…"
_CLOSERS = "\"'”’»)]}›"
# Words after which a dot is an abbreviation, not a sentence end.
ABBREVIATIONS = frozenset(
    {"د", "م", "ص", "ج", "ق", "هـ", "أ", "إ", "ا", "Dr", "Mr", "Mrs", "St", "No"}
)

# A boundary starts only where a run of end marks starts, and its runs are possessive:
# otherwise a run of 60,000 "؟" before a letter is retried from each of its marks (minutes).
_BOUNDARY = re.compile(
    rf"(?<![{re.escape(_END)}])[{re.escape(_END)}]++[{re.escape(_CLOSERS)}]*+(?=\s|$)|\n"
)


def _is_abbreviation(text: str, dot: int) -> bool:
    """True when the dot at ``dot`` ends an abbreviation such as "د." or "U."."""
    if text[dot] != ".":
        return False
    start = dot
    while start > 0 and not text[start - 1].isspace():
        start -= 1
    word = text[start:dot].lstrip("(\"'«“")
    return len(word) == 1 or word in ABBREVIATIONS


def split_sentences(paragraph: str) -> list[str]:
    """Split a paragraph into sentences; ``"".join(result) == paragraph``.

    Whitespace after a boundary is attached to the sentence before it, so each
    sentence keeps its own trailing space and nothing is dropped.
    """
    sentences: list[str] = []
    start = 0
    for match in _BOUNDARY.finditer(paragraph):
        if match.group() != "\n" and _is_abbreviation(paragraph, match.start()):
            continue
        end = match.end()
        while end < len(paragraph) and paragraph[end].isspace():
            end += 1
        if paragraph[start:end].strip():
            sentences.append(paragraph[start:end])
            start = end
    if start < len(paragraph):
        if paragraph[start:].strip() or not sentences:
            sentences.append(paragraph[start:])
        else:
            sentences[-1] += paragraph[start:]
    return sentences


def split_long(
    tokens: list[str], limit: int, starts_word: Callable[[int], bool] | None = None
) -> list[list[str]]:
    """Cut a token list into pieces of at most ``limit`` tokens, preferring word starts.

    Used when one sentence is longer than the model's input limit: it is split,
    never truncated, so every token is translated. ``starts_word(i)`` tells whether
    token ``i`` begins a word (default: SentencePiece's ▁ mark; BPE tokenizers say
    "the previous token has no @@ joiner").
    """
    is_start = starts_word or (lambda index: tokens[index].startswith("\u2581"))

    if limit < 1:
        raise ValueError("limit must be positive")
    pieces: list[list[str]] = []
    start = 0
    while len(tokens) - start > limit:
        cut = start + limit
        # Back off to the last token that starts a word.
        for candidate in range(cut, start + limit // 2, -1):
            if is_start(candidate):
                cut = candidate
                break
        pieces.append(tokens[start:cut])
        start = cut
    pieces.append(tokens[start:])
    return pieces
