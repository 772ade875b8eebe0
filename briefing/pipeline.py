"""The whole flow from articles to translated articles, in the order of the stages:

segment (``text.segment``) → protect (``protect.protector``) → translate (``mt.engine``,
batched over every article, cached in ``mt.memory``) → restore (``protect.restore``) →
check (``qa``). Every sentence of every article is collected first, looked up in the
translation memory, and only the misses go to the engine, in one batched call; each
piece is restored as CTranslate2 finishes it, while it decodes the rest.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field, replace

import briefing.qa.checks as checks
from briefing.document import (
    Article,
    Flag,
    Paragraph,
    Term,
    TranslatedArticle,
    TranslatedParagraph,
    TranslatedSentence,
)
from briefing.mt.engine import Decoded, Engine, Unit
from briefing.mt.memory import Memory, segment_key
from briefing.protect.protector import Protector
from briefing.protect.restore import Restored, restore_tokens
from briefing.protect.spans import Span
from briefing.text.language import is_foreign_paragraph, language_name, language_of
from briefing.text.segment import split_sentences

COMMIT_EVERY = 256  # sentences per memory commit while a run goes on


@dataclass(frozen=True)
class UnitResult:
    """A translated, restored sentence."""

    target: str
    score: float
    restored: tuple[Restored, ...]


# translate → restore for units: (index, result) pairs as they finish, in any order;
# ``progress(n)`` as n more units finish. Local by default (``local_translator``); a Ray
# cluster's actors in ``briefing.cluster``.
UnitTranslator = Callable[
    [list[Unit], Callable[[int], None] | None], Iterator[tuple[int, "UnitResult"]]
]


@dataclass
class RunStats:
    sentences: int = 0
    decoded: int = 0
    cached: int = 0
    restored: dict[str, int] = field(default_factory=dict)  # method -> count


@dataclass
class _Segment:
    text: str  # the sentence without its surrounding whitespace
    spans: tuple[Span, ...]
    key: str


def _segments(paragraph: str, terms: list[Term], protector: Protector) -> list[_Segment]:
    segments: list[_Segment] = []
    offset = 0
    for sentence in split_sentences(paragraph):
        lead = len(sentence) - len(sentence.lstrip())
        text = sentence.strip()
        start = offset + lead
        offset += len(sentence)
        if not text:
            continue
        local = [
            replace(t, start=t.start - start, end=t.end - start)
            for t in terms
            if t.start >= start and t.end <= start + len(text)
        ]
        spans = tuple(protector.spans(text, local))
        segments.append(_Segment(text, spans, ""))
    return segments


def _key(engine: Engine, segment: _Segment) -> str:
    spans = [(s.start, s.end, s.english, s.kind) for s in segment.spans]
    model = f"{engine.model.id}@{engine.model.version}"
    return segment_key(model, engine.cache_key(), segment.text, spans)


def translate_articles(
    articles: Sequence[Article],
    engine: Engine,
    memory: Memory | None = None,
    protector: Protector | None = None,
    progress: Callable[[int, int], None] | None = None,
    stats: RunStats | None = None,
    translator: UnitTranslator | None = None,
) -> list[TranslatedArticle]:
    """Translate articles (and their related articles) in one batched pass.

    ``progress(done, total)`` counts sentences to decode. ``translator`` decodes the
    memory's misses (default: ``engine`` here, in this process).
    """
    protector = protector or Protector()
    stats = stats if stats is not None else RunStats()
    plan: list[tuple[Paragraph, list[Term], list[_Segment]]] = []

    def collect(article: Article) -> None:
        # The title was read with the first paragraph: from a scan when that one was.
        title_ocr = bool(article.ocr_pages) and (
            not article.paragraphs or article.paragraphs[0].ocr
        )
        for paragraph in [Paragraph(article.title, True, title_ocr), *article.paragraphs]:
            if is_foreign_paragraph(paragraph.text):
                plan.append((paragraph, [], []))  # kept as it is: the model reads only Arabic
                continue
            terms = protector.terms(paragraph.text)
            segments = _segments(paragraph.text, terms, protector)
            for segment in segments:
                segment.key = _key(engine, segment)
            plan.append((paragraph, terms, segments))
        for related in article.related:
            collect(related)

    for article in articles:
        collect(article)

    segments = [s for _, _, segs in plan for s in segs]
    translator = translator or local_translator(engine)
    results = _translate_segments(segments, translator, memory, progress, stats)
    paragraphs = iter(_paragraph(p, terms, segs, results, stats) for p, terms, segs in plan)

    def build(article: Article) -> TranslatedArticle:
        title = next(paragraphs)
        body = [next(paragraphs) for _ in article.paragraphs]
        related = [build(r) for r in article.related]
        return TranslatedArticle(article, title, body, related)

    return [build(article) for article in articles]


def _translate_segments(
    segments: list[_Segment],
    translator: UnitTranslator,
    memory: Memory | None,
    progress: Callable[[int, int], None] | None,
    stats: RunStats,
) -> dict[str, UnitResult]:
    unique: dict[str, _Segment] = {}
    for segment in segments:
        unique.setdefault(segment.key, segment)
    stats.sentences += len(segments)
    results: dict[str, UnitResult] = {}
    if memory is not None:
        for key, (target, score, restored) in memory.get_many(list(unique)).items():
            results[key] = _from_row(unique[key], target, score, restored)
    todo = [segment for key, segment in unique.items() if key not in results]
    stats.cached += len(unique) - len(todo)
    stats.decoded += len(todo)
    done = 0

    def advance(count: int) -> None:
        nonlocal done
        done += count
        if progress:
            progress(done, len(todo))

    if progress:
        progress(0, len(todo))
    rows: dict[str, tuple[str, float, str]] = {}
    for index, result in translator([Unit(s.text, s.spans) for s in todo], advance):
        segment = todo[index]
        results[segment.key] = result
        rows[segment.key] = (result.target, result.score, _methods(result))
        if memory is not None and len(rows) >= COMMIT_EVERY:
            memory.put_many(rows)  # a run killed at 99% keeps 99% of its work
            rows = {}
    if memory is not None and rows:
        memory.put_many(rows)
    return results


def _methods(result: UnitResult) -> str:
    return json.dumps([r.method for r in result.restored])


def local_translator(engine: Engine) -> UnitTranslator:
    """translate → restore with ``engine`` in this process."""
    return lambda units, progress: _translate(engine, units, progress)


def translate_units(
    engine: Engine, units: list[Unit], progress: Callable[[int], None] | None = None
) -> list[UnitResult]:
    """translate → restore for bare units (no memory, no articles), in their order."""
    results = dict(_translate(engine, units, progress))
    return [results[index] for index in range(len(units))]


@dataclass(frozen=True)
class PieceResult:
    """A decoded, restored piece of a unit (a long sentence is decoded in several)."""

    unit: int
    part: int
    parts: int
    text: str
    score: float
    restored: tuple[Restored, ...]


def _translate(
    engine: Engine, units: list[Unit], progress: Callable[[int], None] | None
) -> Iterator[tuple[int, UnitResult]]:
    """translate → restore, per piece as CTranslate2 finishes it."""
    return assemble(restore_pieces(engine, engine.decode(units, progress)))


def restore_pieces(engine: Engine, decoded: Iterable[Decoded]) -> Iterator[PieceResult]:
    for item in decoded:
        piece = item.piece
        text, restored = _restore(engine, item)
        yield PieceResult(piece.unit, piece.part, piece.parts, text, item.score, tuple(restored))


def assemble(pieces: Iterable[PieceResult]) -> Iterator[tuple[int, UnitResult]]:
    """Units from their pieces, each yielded once all its pieces are in."""
    parts: dict[int, list[PieceResult]] = {}
    for piece in pieces:
        parts.setdefault(piece.unit, []).append(piece)
        if len(parts[piece.unit]) == piece.parts:
            yield piece.unit, _assemble(parts.pop(piece.unit))


def _restore(engine: Engine, decoded: Decoded) -> tuple[str, list[Restored]]:
    if not decoded.piece.tokens:
        return "", []
    text, restored = restore_tokens(
        decoded.tokens,
        decoded.attention,
        len(decoded.piece.tokens),
        decoded.piece.spans,
        decoded.piece.span_tokens,
        placeholders=engine.model.placeholders,
        repair=engine.options.repair_terms,
        decode=engine.detokenize,
    )
    return text, restored


def _assemble(parts: list[PieceResult]) -> UnitResult:
    parts.sort(key=lambda part: part.part)
    return UnitResult(
        target=" ".join(p.text for p in parts if p.text),
        score=sum(p.score for p in parts) / len(parts),
        restored=tuple(r for p in parts for r in p.restored),
    )


def _from_row(segment: _Segment, target: str, score: float, restored: str) -> UnitResult:
    methods = json.loads(restored)
    return UnitResult(
        target, score, tuple(Restored(s, m) for s, m in zip(segment.spans, methods, strict=False))
    )


def _kept(paragraph: Paragraph) -> TranslatedParagraph:
    """A paragraph in another language, as it is, with a flag saying so."""
    name = language_name(language_of(paragraph.text) or "")
    flag = Flag("foreign", f"kept as it is, not translated: the paragraph is in {name}")
    return TranslatedParagraph(
        source=paragraph.text,
        target=paragraph.text,
        sentences=[],
        heading=paragraph.heading,
        flags=[flag, *_ocr_flags(paragraph)],
    )


def _ocr_flags(paragraph: Paragraph) -> list[Flag]:
    if not paragraph.ocr:
        return []
    return [Flag("ocr", "read by OCR from a scan: check its names and numbers against the page")]


def _paragraph(
    paragraph: Paragraph,
    terms: list[Term],
    segments: list[_Segment],
    results: dict[str, UnitResult],
    stats: RunStats,
) -> TranslatedParagraph:
    if not segments and is_foreign_paragraph(paragraph.text):
        return _kept(paragraph)
    sentences = []
    lost: list[Restored] = []
    for segment in segments:
        result = results[segment.key]
        sentences.append(TranslatedSentence(segment.text, result.target, result.score))
        for restored in result.restored:
            stats.restored[restored.method] = stats.restored.get(restored.method, 0) + 1
            if restored.method == "lost":
                lost.append(restored)
    target = " ".join(s.target for s in sentences if s.target)
    flags = checks.check_paragraph(paragraph.text, target, terms)
    flags += checks.check_inserted(r for s in segments for r in results[s.key].restored)
    flagged = {f.message for f in flags}
    for restored in lost:
        span = restored.span
        if span.kind in ("latin", "number") and span.english not in target:
            flag = Flag("missing-term", f"'{span.source}' ({span.english}) was lost in translation")
            if flag.message not in flagged:
                flags.append(flag)
    flags += _ocr_flags(paragraph)
    return TranslatedParagraph(
        source=paragraph.text,
        target=target,
        sentences=sentences,
        heading=paragraph.heading,
        terms=terms,
        flags=flags,
    )
