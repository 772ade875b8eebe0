"""Which language a text is in, for ``/detect`` and ``source=auto``: the library's paragraph
detector (``api.detect_language``, the one ``translate`` uses to refuse a Persian article), in
LibreTranslate's shape (confidence 0-100)."""

from __future__ import annotations

from briefing import api


def detect(text: str) -> list[tuple[str, float]]:
    """(language, confidence 0-100) candidates, best first; a text with no letters is
    English with confidence 0, as LibreTranslate answers it."""
    found = api.detect_language(text)
    if not found:
        return [("en", 0.0)]
    return [(code, round(100.0 * confidence, 2)) for code, confidence in found]
