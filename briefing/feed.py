"""``translate FEED.jsonl --format jsonl``: a day's feed in flat memory.

Articles are read as a stream (``ingest.stream``), translated a chunk at a time with one
engine, glossary and memory, and each chunk's lines are written as soon as it is done,
so memory does not grow with the feed and a consumer can start reading at once. Each
line is one JSON object: the article as in the JSON envelope's ``articles``, plus the
``model`` and ``glossary`` it was translated with. A line is written whole with Ctrl-C
held off, so an interrupted run leaves only whole lines; the translation memory keeps
every chunk done, so running the command again decodes nothing already translated.
One spelling per name (``check_consistency``) is checked within a chunk, not across
the feed, which would mean keeping the feed.
"""

from __future__ import annotations

import json
import signal
import sys
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from itertools import islice
from pathlib import Path
from typing import Any

from briefing.api import (
    MODEL_LANGUAGES,
    Backend,
    Settings,
    _reuse_plans,
    english_sources,
    make_protector,
    read_inputs,
    screen_languages,
)
from briefing.document import Article, ModelInfo, TranslatedArticle
from briefing.ingest.stream import iter_jsonl
from briefing.mt.engine import Engine
from briefing.mt.memory import Memory, default_cache_path
from briefing.mt.packages import select_model
from briefing.pipeline import RunStats, translate_articles
from briefing.qa.checks import check_consistency
from briefing.text.safety import clean_tree

CHUNK = 16  # articles per chunk: enough to fill the engine's batches, few to hold


@dataclass
class FeedResult:
    articles: int = 0
    seconds: float = 0.0
    stats: RunStats = field(default_factory=RunStats)
    model: ModelInfo | None = None
    glossary_digest: str | None = None
    warnings: list[str] = field(default_factory=list)


def feed_articles(
    source: Path,
    *,
    max_bytes: int,
    on_bad_line: str,
    skipped: list[str],
    progress: Callable[[str], None] | None = None,
) -> Iterator[Article]:
    """The articles of ``source``: a JSON Lines file or ``-`` (stdin) as a stream, with
    ``max_bytes`` for each line; anything else read whole, as ``translate`` reads it
    (``progress`` gets its line per page read by OCR)."""
    if str(source) == "-":
        yield from iter_jsonl(sys.stdin.buffer, "stdin", max_bytes, on_bad_line, skipped)
    elif source.suffix.lower() == ".jsonl" and source.is_file():
        with source.open("rb") as handle:
            yield from iter_jsonl(handle, str(source), max_bytes, on_bad_line, skipped)
    else:
        articles, notes = read_inputs(
            [source], max_bytes=max_bytes, on_bad_line=on_bad_line, progress=progress
        )
        skipped.extend(notes)
        yield from articles


def _chunks(articles: Iterable[Article], size: int) -> Iterator[list[Article]]:
    iterator = iter(articles)
    while chunk := list(islice(iterator, size)):
        yield chunk


def write_whole(write: Callable[[str], None], text: str) -> None:
    """``write(text)`` with SIGINT held until it returns: Ctrl-C cuts between lines."""
    main = signal.getsignal(signal.SIGINT) is not None and _in_main_thread()
    if main:
        signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})
    try:
        write(text)
    finally:
        if main:
            signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT})


def _in_main_thread() -> bool:
    import threading

    return threading.current_thread() is threading.main_thread()


def translate_feed(
    articles: Iterable[Article],
    settings: Settings,
    write: Callable[[str], None],
    progress: Callable[[int, int], None] | None = None,
    chunk: int = CHUNK,
    backend: Backend | None = None,
) -> FeedResult:
    """Translate ``articles`` a chunk at a time, calling ``write`` with each chunk's
    JSON lines (in input order) as soon as it is done; ``progress(done, 0)`` per chunk.
    ``backend`` decodes elsewhere (``--ray``), as for ``api.translate``."""
    started = time.perf_counter()
    model = select_model(settings.model_id)
    engine = Engine(model, settings.options)
    protector, digest = make_protector(settings.glossary_path)
    info = ModelInfo(model.id, model.version, model.demo, model.bundled)
    glossary = (
        {"name": settings.glossary_label or settings.glossary_path.name, "digest": digest}
        if settings.glossary_path and digest
        else None
    )
    used = {"model": info.to_dict(), "glossary": glossary}
    result = FeedResult(model=info, glossary_digest=digest)
    memory = Memory(settings.cache_path or default_cache_path()) if settings.use_cache else None
    translator = backend(engine) if backend is not None else None
    try:
        for inputs in _chunks(articles, chunk):
            batch, others = screen_languages(inputs)  # as ``build``: left out, with a warning
            result.warnings += [f"{reason}: left out ({MODEL_LANGUAGES})" for _, reason in others]
            plan = _reuse_plans([batch], settings, result.warnings)[0]
            done = translate_articles(
                plan.to_translate, engine, memory, protector, None, result.stats, translator
            )
            done = plan.merge(done, protector)
            check_consistency(done)
            english_sources(done, protector)
            # One line an input article, in input order: one left out says so and why, so a
            # consumer matching lines to its records stays in step.
            lines = {id(a): _line(t, used) for a, t in zip(batch, done, strict=True)}
            lines |= {id(a): _left_out_line(a, why, used) for a, why in others}
            write_whole(write, "".join(lines[id(a)] for a in inputs))
            result.articles += len(inputs)
            if progress is not None:
                progress(result.articles, 0)
    finally:
        if memory is not None:
            memory.close()
            result.warnings.extend(memory.warnings)
    result.warnings = list(dict.fromkeys(result.warnings))
    result.seconds = time.perf_counter() - started
    return result


def _left_out_line(article: Article, reason: str, used: dict[str, Any]) -> str:
    """The line of an article not in Arabic: its title and why it was not translated."""
    record = {"title": article.title, "left_out": f"{reason} ({MODEL_LANGUAGES})", **used}
    return json.dumps(clean_tree(record), ensure_ascii=False) + "\n"


def _line(article: TranslatedArticle, used: dict[str, Any]) -> str:
    record = clean_tree({**article.to_dict(), **used})
    return json.dumps(record, ensure_ascii=False) + "\n"
