"""Protect spans the model must not touch, and put them back after translation.

A protected span (a Latin-script name, a number, later a glossary term) is replaced
by a placeholder token ``｟i｠`` (i = its index in the sentence). The placeholder is
fed to the engine as one whole token: the demo model has it in its vocabulary and
copies it; any other model sees ``<unk>``. Restoring therefore never relies on the
model having learned placeholders: see ``restore`` for the fallbacks.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

from briefing.text.arabic import DIGIT, ascii_digits

PLACEHOLDER_OPEN = "\uff5f"  # ｟
PLACEHOLDER_CLOSE = "\uff60"  # ｠
MAX_PLACEHOLDERS = 32
PLACEHOLDER_RE = re.compile(PLACEHOLDER_OPEN + r"(\d+)" + PLACEHOLDER_CLOSE)

_DIGIT = f"[{DIGIT}]"
# A number: digit runs joined by . , ٫ ٬ / : with an optional percent sign.
# "28.10.2024", "2.5%", "76.40", "12:56", "١٢٣٬٥" are each one span.
NUMBER_RE = re.compile(rf"{_DIGIT}+(?:[.,\u066b\u066c/:]{_DIGIT}+)*(?:\s?[%\u066a])?")
# A Latin-script run: words of Latin letters (and digits inside them) joined by
# single spaces, hyphens, dots or apostrophes: "Martyn Wheatley", "U.S.", "F-16".
_LATIN_WORD = r"_*[A-Za-z\u00c0-\u024f][A-Za-z0-9_\u00c0-\u024f]*"
LATIN_RE = re.compile(
    rf"{_LATIN_WORD}(?:(?:[ '’]|\.(?=[A-Za-z]))+{_LATIN_WORD}|-[A-Za-z0-9\u00c0-\u024f]+)*\.?"
)


def placeholder(index: int) -> str:
    return f"{PLACEHOLDER_OPEN}{index % MAX_PLACEHOLDERS}{PLACEHOLDER_CLOSE}"


# Codes a model must copy character for character, found before Latin runs: web
# addresses (to the last character that is not closing punctuation), e-mail addresses,
# handles and Latin hashtags. Each is one span: split, "a_b" came back "a b".
CODE_RE = re.compile(
    r"(?:https?://|www\.)[^\s<>\"«»]*[^\s<>\"«».,;:!?،؛)\]}’”]"
    r"|(?<![A-Za-z0-9._%+-])[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+"
    r"|(?<![A-Za-z0-9_@#])[@#][A-Za-z0-9_]*[A-Za-z][A-Za-z0-9_]*"
)


@dataclass(frozen=True)
class Span:
    """A protected span of a source sentence and the English it must become."""

    start: int
    end: int
    source: str
    english: str
    kind: str  # "latin", "number", or a glossary kind: person, place, org, unit, term


@dataclass(frozen=True)
class ProtectedText:
    text: str  # the source with every span replaced by its placeholder
    spans: tuple[Span, ...]  # placeholder i stands for spans[i]


class Claimed:
    """Intervals already claimed, asked whether a new one overlaps any: by bisection, since
    checking each against all made a line of 8,000 short Latin words take 10 s."""

    def __init__(self, spans: list[Span]) -> None:
        ordered = sorted(spans, key=lambda s: s.start)
        self._starts = [s.start for s in ordered]
        self._reach: list[int] = []  # the furthest end among the first i + 1 intervals
        for span in ordered:
            self._reach.append(max(span.end, self._reach[-1] if self._reach else span.end))
        self._added: list[tuple[int, int]] = []  # claimed later; they overlap nothing

    def overlaps(self, start: int, end: int) -> bool:
        """Whether ``[start, end)`` overlaps a claimed interval."""
        before = bisect.bisect_left(self._starts, end)
        if before and self._reach[before - 1] > start:
            return True
        at = bisect.bisect_left(self._added, (end, -1))
        return bool(at and self._added[at - 1][1] > start)

    def add(self, span: Span) -> None:
        bisect.insort(self._added, (span.start, span.end))


def find_spans(text: str) -> list[Span]:
    """Web and e-mail addresses, handles, Latin-script runs and numbers in ``text``, in
    order, not overlapping."""
    codes = [
        Span(match.start(), match.end(), match.group(), match.group(), "latin")
        for match in CODE_RE.finditer(text)
    ]
    found = list(codes)
    for match in LATIN_RE.finditer(text):
        if _overlaps(codes, match.start(), match.end()):
            continue  # inside an address or handle
        value = match.group().rstrip(".") if match.group().count(".") == 1 else match.group()
        found.append(Span(match.start(), match.start() + len(value), value, value, "latin"))
    found.sort(key=lambda s: s.start)
    numbers = []
    for match in NUMBER_RE.finditer(text):
        if _overlaps(found, match.start(), match.end()):
            continue  # digits inside a Latin run ("F-16") stay with it
        numbers.append(
            Span(match.start(), match.end(), match.group(), ascii_digits(match.group()), "number")
        )
    return sorted(found + numbers, key=lambda s: s.start)


def _overlaps(spans: list[Span], start: int, end: int) -> bool:
    """Whether [start, end) overlaps a span of ``spans`` (sorted, not overlapping)."""
    index = bisect.bisect_right(spans, start, key=lambda s: s.start)
    before = spans[index - 1] if index else None
    after = spans[index] if index < len(spans) else None
    return (before is not None and before.end > start) or (after is not None and after.start < end)


def merge_spans(preferred: list[Span], others: list[Span]) -> list[Span]:
    """All of ``preferred`` plus those of ``others`` that overlap none of them, in order."""
    kept = list(preferred)
    taken = Claimed(preferred)
    for span in others:
        if not taken.overlaps(span.start, span.end):
            kept.append(span)
            taken.add(span)
    return sorted(kept, key=lambda s: s.start)


def protect(text: str, spans: list[Span]) -> ProtectedText:
    """Replace each span (sorted, non-overlapping) with its placeholder."""
    pieces: list[str] = []
    cursor = 0
    for index, span in enumerate(spans):
        pieces.append(text[cursor : span.start])
        pieces.append(placeholder(index))
        cursor = span.end
    pieces.append(text[cursor:])
    return ProtectedText("".join(pieces), tuple(spans))


def split_placeholders(text: str) -> list[str]:
    """Split protected text into plain pieces and whole placeholders, keeping both."""
    return [
        piece for piece in re.split(f"({PLACEHOLDER_OPEN}\\d+{PLACEHOLDER_CLOSE})", text) if piece
    ]
