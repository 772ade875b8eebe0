"""The language of a paragraph or an article: Arabic, another language in Arabic script, or not.

Two steps, cheapest first. The script: letters are counted per script, and the script with most
letters decides which languages are candidates (an Arabic paragraph with Latin names or codes
is Arabic script). Within Arabic script, a text with none of the letters Persian, Urdu, Pashto,
Kurdish or Uyghur add to the alphabet (پ چ ژ گ ک ی ے ں ۆ ە ...) is Arabic outright: those
languages cannot be written without them, and it keeps a short Arabic name from being taken for
Persian. Otherwise py3langid (a 4.6 MB naive-Bayes model of byte n-grams, 0.1 ms a paragraph)
ranks the candidate languages of that script. ``bench/bench_language.py`` measures it.
"""

from __future__ import annotations

import re
import threading
from functools import cache
from pathlib import PurePath
from typing import Any

from briefing.text.arabic import ARABIC_LETTER

ARABIC = "ar"
# What each code is called in a message; py3langid's codes, its Arabic dialects folded into ar.
NAMES = {
    "ar": "Arabic",
    "fa": "Persian",
    "ur": "Urdu",
    "ps": "Pashto",
    "ku": "Kurdish",
    "sdh": "Kurdish",
    "ug": "Uyghur",
    "en": "English",
    "fr": "French",
    "de": "German",
    "es": "Spanish",
    "it": "Italian",
    "pt": "Portuguese",
    "tr": "Turkish",
    "id": "Indonesian",
    "nl": "Dutch",
    "he": "Hebrew",
    "ru": "Russian",
    "uk": "Ukrainian",
}
_DIALECTS = {"ary": "ar", "arz": "ar"}
# The candidate languages of each script (py3langid codes).
_CANDIDATES = {
    "arabic": ("ar", "ary", "arz", "fa", "ur", "ps", "sdh", "ug"),
    "latin": ("en", "fr", "de", "es", "it", "pt", "tr", "id", "nl", "ku"),
    "hebrew": ("he",),
    "cyrillic": ("ru", "uk"),
}
# Runs of letters, not letters: counting matches one by one was most of the detector's time.
_SCRIPTS = {
    "arabic": re.compile(f"[{ARABIC_LETTER}\u067e\u0686\u0698\u06af\u06a9\u06cc\u06c0-\u06d5]+"),
    "latin": re.compile(r"[A-Za-z\u00c0-\u024f]+"),
    "hebrew": re.compile(r"[\u05d0-\u05ea]+"),
    "cyrillic": re.compile(r"[\u0400-\u04ff]+"),
}
# Letters of the Arabic script that the Arabic language does not use.
_NOT_ARABIC = re.compile(
    "[\u067e\u0686\u0698\u06af\u06a9\u06cc"  # پ چ ژ گ ک ی (Persian, and the others)
    "\u0679\u0688\u0691\u06ba\u06be\u06c1\u06d2\u06d3"  # ٹ ڈ ڑ ں ھ ہ ے ۓ (Urdu)
    "\u0681\u0685\u0689\u0693\u0696\u069a\u06ab\u06bc\u06cd\u06d0"  # ځ څ ډ ړ ږ ښ ګ ڼ ۍ ې (Pashto)
    "\u06b5\u06ce\u06c6\u06d5\u0695"  # ڵ ێ ۆ ە ڕ (Kurdish)
    "\u06c7\u06c8\u06cb\u06c9]"  # ۇ ۈ ۋ ۉ (Uyghur)
)
_lock = threading.Lock()


@cache
def _identifier() -> Any:
    """py3langid's model, loaded once (0.5 s) and only when a text needs it."""
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    return LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)


def script_counts(text: str) -> dict[str, int]:
    """Letters of each script the detector knows."""
    return {name: sum(map(len, pattern.findall(text))) for name, pattern in _SCRIPTS.items()}


def main_script(text: str) -> str | None:
    """The script with most letters, None when the text has no letters."""
    arabic = sum(map(len, _SCRIPTS["arabic"].findall(text)))
    if arabic * 2 > len(text):  # more Arabic letters than anything else: no need to count
        return "arabic"
    counts = script_counts(text)
    script = max(counts, key=lambda name: counts[name])
    return script if counts[script] else None


def _rank(text: str, candidates: tuple[str, ...]) -> list[tuple[str, float]]:
    identifier = _identifier()
    with _lock:  # set_languages changes the shared model: one text at a time
        identifier.set_languages(list(candidates))
        ranked = identifier.rank(text)
    merged: dict[str, float] = {}
    for code, confidence in ranked:
        code = _DIALECTS.get(code, code)
        merged[code] = merged.get(code, 0.0) + float(confidence)
    return sorted(merged.items(), key=lambda item: -item[1])


def detect_language(text: str) -> list[tuple[str, float]]:
    """Candidate languages of ``text``, most likely first, as (code, confidence 0-1).

    An empty list when the text has no letters. Codes are ISO 639-1 where there is one
    (ar, fa, ur, ps, ug, en, fr, ...), ``sdh`` for Southern Kurdish; see ``NAMES``.
    """
    script = main_script(text)
    if script is None:
        return []
    if script == "arabic" and not _NOT_ARABIC.search(text):
        return [(ARABIC, 1.0)]
    candidates = _CANDIDATES[script]
    if len(candidates) == 1:
        return [(candidates[0], 1.0)]
    ranked = _rank(text, candidates)
    return [(code, round(confidence, 4)) for code, confidence in ranked[:3]]


def language_of(text: str) -> str | None:
    """The most likely language code of ``text``, None when it has no letters."""
    ranked = detect_language(text)
    return ranked[0][0] if ranked else None


def language_name(code: str) -> str:
    return NAMES.get(code, code)


def is_foreign_paragraph(text: str) -> bool:
    """A paragraph of an Arabic article that is not Arabic script (an English quote, a photo
    credit): it is kept as it is. Mostly Arabic with Latin names or codes is Arabic."""
    script = main_script(text)
    return script is not None and script != "arabic"


# A paragraph this short says little about the article's language (a name, a dateline).
SHORT_WORDS = 5


def article_language(paragraphs: list[str]) -> str | None:
    """The language of an article: of its Arabic-script text when it has more letters of
    that script than of any other, paragraphs of fewer than five words left aside unless
    nothing else is there; None when it has no letters at all."""
    long = [p for p in paragraphs if len(p.split()) >= SHORT_WORDS] or paragraphs
    text = "\n".join(long)
    script = main_script(text)
    if script == "arabic" and not _NOT_ARABIC.search(text):
        return ARABIC  # the common case, decided without the model
    if script == "arabic":
        arabic_script = "\n".join(p for p in long if main_script(p) == "arabic")
        return language_of(arabic_script)
    return language_of(text)


def not_arabic(texts: list[str], path: str | None) -> str | None:
    """Why an article (its title and paragraphs) cannot be translated, None when it is
    Arabic or has no letters: the model reads Arabic."""
    code = article_language(texts)
    if code is None or code == ARABIC:
        return None
    where = path or "stdin"
    if main_script("\n".join(texts)) != "arabic":
        return f"{where}: the article has no Arabic text (it is in {language_name(code)})"
    return f"{where}: the article is in {language_name(code)}, not Arabic"


def left_out_entry(texts: list[str], path: str | None) -> str:
    """ "statement.pdf (Persian)": how the cover lists an article left out."""
    code = article_language(texts) or ""
    return f"{PurePath(path or 'stdin').name} ({language_name(code)})"
