"""The library face of every command: what the CLI calls, usable from Python too."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from briefing.engine import DecodeOptions, Engine
from briefing.memory import Memory, default_cache_path
from briefing.models import Article, ModelInfo, TranslatedArticle
from briefing.packages import select_model
from briefing.pipeline import Protector, RunStats, translate_articles


@dataclass
class Settings:
    """Everything a translation run needs to know, with the CLI's defaults."""

    model_id: str | None = None
    options: DecodeOptions = field(default_factory=DecodeOptions)
    use_cache: bool = True
    cache_path: Path | None = None
    glossary_path: Path | None = None  # None: no glossary protection


@dataclass
class RunResult:
    articles: list[TranslatedArticle]
    model: ModelInfo
    stats: RunStats
    glossary_digest: str | None = None
    warnings: list[str] = field(default_factory=list)


def make_protector(glossary_path: Path | None) -> tuple[Protector, str | None]:
    """A protector for the glossary at ``glossary_path`` and the glossary's digest."""
    if glossary_path is None:
        return Protector(), None
    from briefing.glossary import load_glossary
    from briefing.numbers import find_number_spans

    glossary = load_glossary(glossary_path)
    matcher = glossary.matcher()
    return (
        Protector(
            find_terms=matcher.find,
            find_rule_spans=lambda text: find_number_spans(text, glossary),
        ),
        glossary.digest(),
    )


def translate(
    articles: Sequence[Article],
    settings: Settings,
    progress: Callable[[int, int], None] | None = None,
) -> RunResult:
    """Translate articles with the selected model, glossary and translation memory."""
    model = select_model(settings.model_id)
    engine = Engine(model, settings.options)
    protector, digest = make_protector(settings.glossary_path)
    memory = Memory(settings.cache_path or default_cache_path()) if settings.use_cache else None
    stats = RunStats()
    try:
        translated = translate_articles(articles, engine, memory, protector, progress, stats)
    finally:
        if memory is not None:
            memory.close()
    return RunResult(
        articles=translated,
        model=ModelInfo(model.id, model.version, model.demo),
        stats=stats,
        glossary_digest=digest,
        warnings=list(memory.warnings) if memory is not None else [],
    )


def result_to_dict(result: RunResult) -> dict[str, object]:
    """The JSON shape of ``briefing translate --format json``.

    One article: ``{"model": ..., "title": ..., "paragraphs": [...], ...}``; several
    (a JSON Lines file or a folder): ``{"model": ..., "articles": [...]}``.
    """
    head: dict[str, object] = {"model": result.model.to_dict()}
    if result.glossary_digest:
        head["glossary"] = result.glossary_digest
    if len(result.articles) == 1:
        return {**head, **result.articles[0].to_dict()}
    return {**head, "articles": [a.to_dict() for a in result.articles]}
