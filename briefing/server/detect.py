"""Which language a text is in, for ``/detect`` and ``source=auto``.

A stand-in on purpose: the share of Arabic-script and Latin letters. A paragraph language
detector is being written for the library; ``detect`` is the one function to swap.
"""

from __future__ import annotations

import unicodedata


def detect(text: str) -> list[tuple[str, float]]:
    """(language, confidence 0-100) candidates, best first; Arabic script counts as
    Arabic, Latin as English; no letters at all is English with confidence 0."""
    arabic = latin = 0
    for char in text:
        if not char.isalpha():
            continue
        name = unicodedata.name(char, "")
        if name.startswith("ARABIC"):
            arabic += 1
        elif name.startswith("LATIN"):
            latin += 1
    letters = arabic + latin
    if not letters:
        return [("en", 0.0)]
    found = [("ar", 100.0 * arabic / letters), ("en", 100.0 * latin / letters)]
    return sorted((pair for pair in found if pair[1] > 0), key=lambda pair: -pair[1])
