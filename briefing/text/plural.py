"""Counts in messages: "1 article", "2 articles", "1 entry", "3 entries"."""

from __future__ import annotations


def plural(count: int, singular: str, plural_form: str | None = None) -> str:
    """``count`` and the noun in the number it takes; ``plural_form`` when not noun + s."""
    noun = singular if count == 1 else plural_form or singular + "s"
    return f"{count} {noun}"


def times(count: int) -> str:
    """ "once", "2 times", "0 times"."""
    return "once" if count == 1 else f"{count} times"
