"""The protector: which spans of a sentence the model must keep, built from a glossary.

Glossary names come first, then quantities (numbers with units, months, multipliers),
then Latin runs and bare numbers; a later span never overlaps an earlier one. Without a
glossary only the built-in quantities, Latin runs and numbers are protected.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from briefing.document import Term
from briefing.glossary.compiled import CompiledGlossary
from briefing.glossary.matcher import clitic_english, has_article, normalize
from briefing.glossary.store import Glossary
from briefing.protect.quantities import find_number_spans
from briefing.protect.spans import Span, find_spans, merge_spans

TermFinder = Callable[[str], list[Term]]
SpanFinder = Callable[[str], list[Span]]


def span_for(term: Term, *, clitics: bool = True) -> Span:
    """The span to protect for a term: it swallows the article, which English names drop,
    and with ``clitics`` the و/ف/ب/ل/ك before it too, rendered in the English
    ("ولبوتين" → "and to Putin"); without, those stay for the engine to translate."""
    prefix = term.clitic
    if not prefix:
        return Span(term.start, term.end, term.source, term.english, term.kind)
    if clitics:
        english = " ".join(filter(None, (clitic_english(prefix), term.english)))
        return Span(term.start - len(prefix), term.end, prefix + term.source, english, term.kind)
    norm, mapping = normalize(prefix)
    if not has_article(norm):
        return Span(term.start, term.end, term.source, term.english, term.kind)
    cut = mapping[len(norm) - (2 if norm.endswith("ال") else 1)]
    start = term.start - len(prefix) + cut
    return Span(start, term.end, prefix[cut:] + term.source, term.english, term.kind)


def term_spans(glossary: Glossary, text: str, *, clitics: bool = True) -> list[Span]:
    """Protection spans for every glossary term in ``text`` (see ``span_for``)."""
    return [span_for(term, clitics=clitics) for term in glossary.find(text)]


def _bare_span(term: Term) -> Span:
    return Span(term.start, term.end, term.source, term.english, term.kind)


@dataclass
class Protector:
    """What to protect in a paragraph: glossary terms first, then quantity spans, then
    Latin runs and numbers. Without a glossary only the last are protected."""

    find_terms: TermFinder | None = None
    find_quantity_spans: SpanFinder | None = None
    term_span: Callable[[Term], Span] = _bare_span  # how much of a term to protect
    find_sources: TermFinder | None = None  # news sources: bylines only

    def terms(self, paragraph: str) -> list[Term]:
        return self.find_terms(paragraph) if self.find_terms else []

    def sources(self, byline: str) -> list[Term]:
        return self.find_sources(byline) if self.find_sources else []

    def spans(self, sentence: str, terms: list[Term]) -> list[Span]:
        named = [self.term_span(t) for t in terms]
        quantities = self.find_quantity_spans(sentence) if self.find_quantity_spans else []
        return merge_spans(merge_spans(named, quantities), find_spans(sentence))


def protector_for(glossary: Glossary | CompiledGlossary | None) -> Protector:
    """The protector for ``glossary`` (None: Latin runs and numbers only)."""
    if glossary is None:
        return Protector()
    if isinstance(glossary, CompiledGlossary):  # units and months apart: a few rows
        find_terms, numbers = glossary.find, glossary.specials()
    else:
        find_terms, numbers = glossary.matcher().find, glossary
    return Protector(
        find_terms=find_terms,
        find_quantity_spans=lambda text: find_number_spans(text, numbers),
        # Clitics (و ب ل …) stay outside the span for the engine to translate: the
        # demo model learned "و｟0｠" → "and ｟0｠", and real models know "و".
        term_span=lambda term: span_for(term, clitics=False),
        find_sources=glossary.source_matcher().find,
    )
