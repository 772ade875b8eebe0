"""Approved English in a translation run: looked up before, merged in after.

``plan_reuse`` looks every title and paragraph up in the approved memory before anything
is translated. A paragraph approved whole (or whose every sentence is approved) is
blanked in the copy of the articles the pipeline translates, so the model never sees it;
``ReusePlan.merge`` puts its Arabic and approved English back and runs the QA checks on
it. A paragraph with only some sentences approved is translated, then those sentences'
English is replaced. Any other paragraph may get a fuzzy ``Suggestion``, never used.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field, replace

import briefing.qa.checks as checks
from briefing.document import (
    APPROVED,
    Article,
    Paragraph,
    Suggestion,
    TranslatedArticle,
    TranslatedParagraph,
    TranslatedSentence,
)
from briefing.mt.approved import ApprovedMemory
from briefing.protect.protector import Protector
from briefing.review.fuzzy import FuzzyIndex
from briefing.text.keys import digest, source_form, source_key
from briefing.text.segment import split_sentences


@dataclass
class Reuse:
    """What the approved memory holds for one paragraph."""

    sentences: list[str]  # the Arabic sentences, as the segmenter splits them
    english: list[str | None]  # approved English per sentence (None: the model's)
    whole: str | None = None  # approved English of the paragraph as a whole
    suggestion: Suggestion | None = None

    @property
    def approved(self) -> bool:
        return self.whole is not None or (
            bool(self.english) and all(e is not None for e in self.english)
        )


@dataclass
class ReuseCounts:
    approved: int = 0  # paragraphs and titles taken whole from the approved memory
    partly: int = 0  # paragraphs with some sentences approved
    suggestions: int = 0


def _units(article: Article) -> Iterator[Paragraph]:
    """Title, then body paragraphs, then related articles: the pipeline's order."""
    yield Paragraph(article.title, heading=True)
    yield from article.paragraphs
    for related in article.related:
        yield from _units(related)


def _sentences(text: str) -> list[str]:
    return [s.strip() for s in split_sentences(text) if s.strip()]


@dataclass
class ReusePlan:
    articles: list[Article]  # as given
    to_translate: list[Article]  # approved paragraphs blanked
    found: dict[str, Reuse]  # by paragraph text
    counts: ReuseCounts = field(default_factory=ReuseCounts)

    def merge(
        self, translated: list[TranslatedArticle], protector: Protector
    ) -> list[TranslatedArticle]:
        """The pipeline's output for ``to_translate`` with the approved English put in."""
        return [
            self._article(original, done, protector)
            for original, done in zip(self.articles, translated, strict=True)
        ]

    def _article(
        self, original: Article, done: TranslatedArticle, protector: Protector
    ) -> TranslatedArticle:
        title = self._paragraph(Paragraph(original.title, True), done.title, protector)
        body = [
            self._paragraph(p, t, protector)
            for p, t in zip(original.paragraphs, done.paragraphs, strict=True)
        ]
        related = [
            self._article(o, d, protector)
            for o, d in zip(original.related, done.related, strict=True)
        ]
        return TranslatedArticle(original, title, body, related)

    def _paragraph(
        self, original: Paragraph, done: TranslatedParagraph, protector: Protector
    ) -> TranslatedParagraph:
        reuse = self.found.get(original.text)
        if reuse is None:
            return done
        if reuse.suggestion is not None and not reuse.approved:
            done = replace(done, suggestion=reuse.suggestion)
        if not reuse.approved and not any(reuse.english):
            return done
        terms = protector.terms(original.text)
        if reuse.whole is not None:
            sentences = [TranslatedSentence(original.text.strip(), reuse.whole, 0.0, APPROVED)]
        elif reuse.approved:
            sentences = [
                TranslatedSentence(s, e or "", 0.0, APPROVED)
                for s, e in zip(reuse.sentences, reuse.english, strict=True)
            ]
        else:
            sentences = _replace_sentences(done.sentences, reuse)
        target = " ".join(s.target for s in sentences if s.target)
        return TranslatedParagraph(
            source=original.text,
            target=target,
            sentences=sentences,
            heading=original.heading,
            terms=terms,
            flags=checks.check_paragraph(original.text, target, terms),
            origin=APPROVED if reuse.approved else done.origin,
            suggestion=None if reuse.approved else reuse.suggestion,
        )


def _replace_sentences(
    sentences: list[TranslatedSentence], reuse: Reuse
) -> list[TranslatedSentence]:
    approved = {s: e for s, e in zip(reuse.sentences, reuse.english, strict=True) if e}
    return [
        TranslatedSentence(s.source, approved[s.source], 0.0, APPROVED)
        if s.source in approved
        else s
        for s in sentences
    ]


def _blanked(article: Article, found: dict[str, Reuse]) -> Article:
    def keep(text: str) -> str:
        reuse = found.get(text)
        return "" if reuse is not None and reuse.approved else text

    return replace(
        article,
        title=keep(article.title),
        paragraphs=[Paragraph(keep(p.text), p.heading) for p in article.paragraphs],
        related=[_blanked(r, found) for r in article.related],
    )


def plan_reuse(
    articles: Iterable[Article], memory: ApprovedMemory | None, *, suggest: bool = True
) -> ReusePlan:
    """Look every title and paragraph of ``articles`` up in the approved memory."""
    given = list(articles)
    found: dict[str, Reuse] = {}
    counts = ReuseCounts()
    if memory is None or memory.empty():
        return ReusePlan(given, given, found, counts)
    texts = list(dict.fromkeys(p.text for a in given for p in _units(a) if p.text.strip()))
    forms = {text: source_form(text) for text in texts}
    keys = {text: digest(form) for text, form in forms.items()}
    whole = memory.get(keys.values())
    # Sentences only of the paragraphs not approved whole, and only of those with more
    # than one (a lone sentence has the paragraph's key): most of a run's keys are skipped.
    split = {text: _sentences(text) for text in texts if keys[text] not in whole}
    sentence_keys = {s: source_key(s) for parts in split.values() if len(parts) > 1 for s in parts}
    by_sentence = memory.get(sentence_keys.values())
    index = FuzzyIndex(memory.paragraphs()) if suggest else None
    for text in texts:
        if keys[text] in whole:
            found[text] = Reuse([], [], whole=whole[keys[text]])
            continue
        parts = split[text]
        reuse = Reuse(parts, [by_sentence.get(sentence_keys.get(s, "")) for s in parts])
        if index is not None and not reuse.approved:
            reuse.suggestion = index.best(forms[text])
        if reuse.approved or any(reuse.english) or reuse.suggestion is not None:
            found[text] = reuse
    for paragraph in (p for a in given for p in _units(a)):
        if (hit := found.get(paragraph.text)) is not None:
            counts.approved += hit.approved
            counts.partly += not hit.approved and any(hit.english)
            counts.suggestions += hit.suggestion is not None
    return ReusePlan(given, [_blanked(a, found) for a in given], found, counts)
