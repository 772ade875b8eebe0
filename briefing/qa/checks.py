"""QA checks on translated paragraphs, in the spirit of Xbench / Verifika / Trados QA.

Each check looks at one source paragraph and its English and returns ``Flag``s whose
message a reader of the briefing understands without knowing the code. The checks are
deliberately conservative: a flag asks a human to look, so false alarms cost trust.

The checks live in one module per family: ``numbers``, ``names`` (glossary names,
names put back by position, codes and web addresses), ``form`` (script, length, loops,
punctuation, brackets) and ``consistency`` (one spelling per name across a briefing).
This module is their public face: the codes and labels, and the passes over a briefing.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from briefing.document import Flag, Term, TranslatedArticle, TranslatedParagraph
from briefing.qa.consistency import check_consistency
from briefing.qa.form import (
    MAX_RATIO,
    MIN_RATIO,
    check_end_punctuation,
    check_length,
    check_repetition,
    check_unpaired,
    check_untranslated,
    find_loop,
    is_identical,
)
from briefing.qa.names import check_codes, check_inserted, check_terms
from briefing.qa.numbers import check_numbers, source_numbers, target_numbers
from briefing.text.arabic import ARABIC_WORD_RE

__all__ = [
    "ARABIC_WORD_RE",
    "CODES",
    "LABELS",
    "MAX_RATIO",
    "MIN_RATIO",
    "apply_checks",
    "check_consistency",
    "check_inserted",
    "check_paragraph",
    "find_loop",
    "source_numbers",
    "summarize",
    "target_numbers",
]

# Every flag code, in the order the cover lists them, with what it means to a reader.
LABELS = {
    "missing-term": "a glossary name is not translated as the glossary says",
    "term-inserted": "a name the model dropped was put back by position: check its place",
    "number-mismatch": "a number of the Arabic is missing from the English",
    "code-mismatch": "a code or web address (F-16, https://…) differs between the two",
    "untranslated": "Arabic letters are left in the English",
    "identical": "the English is the Arabic unchanged",
    "empty": "the English is empty",
    "length-ratio": "the English is much shorter or longer than the Arabic",
    "repetition": "a word or phrase repeats in a loop",
    "end-punctuation": "a question or exclamation of the Arabic is not one in the English",
    "unpaired": "a bracket or quote of the English is not closed or not opened",
    "name-inconsistent": "one Arabic name is spelled two ways in this briefing",
    "foreign": "a paragraph in another language (an English quote) is kept as it is",
    "ocr": "the paragraph was read by OCR from a scan: check names and numbers",
}
CODES = tuple(LABELS)
# Flags made from how the engine put names back: they cannot be recomputed from the text.
RESTORATION_CODES = ("term-inserted",)
# Flags made when the article was read: how the paragraph came in, not what became of it.
READING_CODES = ("foreign", "ocr")


def check_paragraph(source: str, target: str, terms: list[Term]) -> list[Flag]:
    """Every QA flag for one source paragraph and its English translation."""
    if not source.strip():
        return []
    if not target.strip():
        return [Flag("empty", "the English is empty: the paragraph was not translated")]
    if is_identical(source, target):
        return [Flag("identical", "the English is the Arabic unchanged: it was not translated")]
    return [
        *check_terms(target, terms),
        *check_numbers(source, target),
        *check_codes(source, target),
        *check_untranslated(target),
        *check_length(source, target),
        *check_repetition(source, target),
        *check_end_punctuation(source, target),
        *check_unpaired(source, target),
    ]


def _paragraphs(articles: Iterable[TranslatedArticle]) -> Iterator[TranslatedParagraph]:
    for article in articles:
        yield article.title
        yield from article.paragraphs
        yield from _paragraphs(article.related)


def apply_checks(articles: Iterable[TranslatedArticle]) -> None:
    """Replace the QA flags of every title and paragraph (related articles too), and check
    the names across them; flags of how names were restored are kept."""
    articles = list(articles)
    for paragraph in _paragraphs(articles):
        kept = [
            flag
            for flag in paragraph.flags
            if flag.code not in CODES or flag.code in RESTORATION_CODES + READING_CODES
        ]
        if any(flag.code == "foreign" for flag in kept):
            paragraph.flags = kept  # not translated: there is nothing to check
            continue
        paragraph.flags = kept + check_paragraph(
            paragraph.source, paragraph.target, paragraph.terms
        )
    check_consistency(articles)


def summarize(articles: Iterable[TranslatedArticle]) -> dict[str, int]:
    """Flags per code over all titles and paragraphs, every known code present."""
    counts = dict.fromkeys(CODES, 0)
    for paragraph in _paragraphs(articles):
        for flag in paragraph.flags:
            counts[flag.code] = counts.get(flag.code, 0) + 1
    return counts
