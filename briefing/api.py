"""The library face of every command: what the CLI calls, usable from Python too."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from briefing.choices import DEFAULT_MAX_INPUT_BYTES, SUFFIX_FORMATS, OutputFormat, TextFormat
from briefing.document import Article, ModelInfo, TranslatedArticle
from briefing.mt.approved import ApprovedMemory
from briefing.mt.engine import DecodeOptions, Engine
from briefing.mt.memory import Memory, default_cache_path
from briefing.mt.packages import select_model
from briefing.pipeline import RunStats, UnitTranslator, translate_articles
from briefing.protect.protector import Protector, protector_for
from briefing.qa.checks import check_consistency
from briefing.render import RENDERERS
from briefing.render.meta import DEFAULT_TITLE, BriefingMeta
from briefing.review.reuse import ReuseCounts, ReusePlan, plan_reuse


@dataclass
class Settings:
    """Everything a translation run needs to know, with the CLI's defaults."""

    model_id: str | None = None
    options: DecodeOptions = field(default_factory=DecodeOptions)
    use_cache: bool = True
    cache_path: Path | None = None
    glossary_path: Path | None = None  # None: no glossary protection
    glossary_label: str = ""  # which glossary it is, as outputs name it (workspace, file …)
    use_approved: bool = True  # reuse the approved memory (``--no-approved``: ignore it)


@dataclass
class RunResult:
    articles: list[TranslatedArticle]
    model: ModelInfo
    stats: RunStats
    glossary_digest: str | None = None
    glossary_name: str = ""
    warnings: list[str] = field(default_factory=list)
    timings: dict[str, float] = field(default_factory=dict)  # stage -> seconds
    reuse: ReuseCounts = field(default_factory=ReuseCounts)
    left_out: list[str] = field(default_factory=list)  # "file.txt (Persian)", not translated


@contextmanager
def timed(timings: dict[str, float], stage: str) -> Iterator[None]:
    """Add the seconds the block takes to ``timings[stage]`` (read, translate, render)."""
    start = time.perf_counter()
    try:
        yield
    finally:
        timings[stage] = timings.get(stage, 0.0) + time.perf_counter() - start


def read_inputs(
    paths: Sequence[Path],
    *,
    max_bytes: int,
    on_bad_line: str = "stop",
    progress: Callable[[str], None] | None = None,
) -> tuple[list[Article], list[str]]:
    """Every article of every path, and a note for each broken record skipped.

    ``progress`` gets a line for each page read by OCR (seconds a page)."""
    from briefing.ingest.reader import read_articles

    articles: list[Article] = []
    skipped: list[str] = []
    for path in paths:
        articles.extend(
            read_articles(
                path,
                max_bytes=max_bytes,
                on_bad_line=on_bad_line,
                skipped=skipped,
                progress=progress,
            )
        )
    return articles, skipped


def detect_language(text: str) -> list[tuple[str, float]]:
    """The likely languages of ``text``, best first, as (ISO 639-1 code, confidence 0-1);
    empty when it has no letters. The same detector decides what ``translate`` refuses."""
    from briefing.text.language import detect_language as detect

    return detect(text)


def _texts(article: Article) -> list[str]:
    return [article.title, *(p.text for p in article.paragraphs)]


def screen_languages(
    articles: Sequence[Article],
) -> tuple[list[Article], list[tuple[Article, str]]]:
    """The Arabic articles, and the others each with why it is left out."""
    from briefing.text.language import not_arabic

    arabic: list[Article] = []
    others: list[tuple[Article, str]] = []
    for article in articles:
        reason = not_arabic(_texts(article), article.path)
        if reason is None:
            arabic.append(article)
        else:
            others.append((article, reason))
    return arabic, others


MODEL_LANGUAGES = "the model translates Arabic to English"


def refuse_other_languages(articles: Sequence[Article]) -> None:
    """``translate``'s rule (and ``/translate_file``'s): a LanguageError naming the first
    article that is not in Arabic."""
    from briefing.errors import LanguageError

    for _, reason in screen_languages(articles)[1]:
        raise LanguageError(f"{reason}; {MODEL_LANGUAGES}")


def briefing_articles(articles: Sequence[Article]) -> tuple[list[Article], list[str], list[str]]:
    """What a briefing (``build``, the server's ``/briefing``) translates: the Arabic
    articles, the cover's entries for those left out ("b.txt (Persian)") and a warning
    for each; a LanguageError when no article is in Arabic."""
    from briefing.errors import LanguageError
    from briefing.text.language import left_out_entry

    arabic, others = screen_languages(articles)
    if not arabic:
        raise LanguageError(f"{others[0][1]}, and so is every other article; {MODEL_LANGUAGES}")
    left_out = [left_out_entry(_texts(a), a.path) for a, _ in others]
    return arabic, left_out, [f"{reason}: left out ({MODEL_LANGUAGES})" for _, reason in others]


def make_protector(glossary_path: Path | None) -> tuple[Protector, str | None]:
    """A protector for the glossary at ``glossary_path`` and the glossary's digest.

    The glossary is the compiled one (``briefing.glossary.compiled``): cached by the
    files' content, so a long-running caller (a server, a worker) gets an edit made
    meanwhile by calling this again, and pays only for hashing the files otherwise."""
    if glossary_path is None:
        return protector_for(None), None
    from briefing.glossary.compiled import compiled_glossary

    glossary = compiled_glossary(glossary_path)
    return protector_for(glossary), glossary.digest


# Makes the translator of a run from its engine (a Ray cluster's: ``briefing.cluster``);
# None decodes here, in this process.
Backend = Callable[[Engine], UnitTranslator]


def load_engine(settings: Settings) -> Engine:
    """The engine of ``settings``'s model, loaded: a server loads it once and passes it to
    every ``translate_groups`` call."""
    engine = Engine(select_model(settings.model_id), settings.options)
    engine.load()
    return engine


def translate(
    articles: Sequence[Article],
    settings: Settings,
    progress: Callable[[int, int], None] | None = None,
    backend: Backend | None = None,
) -> RunResult:
    """Translate articles with the selected model, glossary and translation memory.

    An article in another language (Persian, Urdu, English...) is refused with a LanguageError.
    """
    refuse_other_languages(articles)
    return translate_groups([articles], settings, progress, backend=backend)[0]


def translate_groups(
    groups: Sequence[Sequence[Article]],
    settings: Settings,
    progress: Callable[[int, int], None] | None = None,
    *,
    engine: Engine | None = None,
    protector: tuple[Protector, str | None] | None = None,
    backend: Backend | None = None,
) -> list[RunResult]:
    """Several independent runs (a server's concurrent requests) in one pass through the
    pipeline, so the engine decodes their sentences in shared batches; the approved
    memory, the consistency check and the warnings stay per group. ``engine`` and
    ``protector`` (from ``load_engine`` and ``make_protector``) are reused when given."""
    timings: dict[str, float] = {}
    with timed(timings, "translate"):
        engine = engine or Engine(select_model(settings.model_id), settings.options)
        protector_, digest = protector or make_protector(settings.glossary_path)
        memory = Memory(settings.cache_path or default_cache_path()) if settings.use_cache else None
        stats = RunStats()
        warnings: list[str] = []
        try:
            plans = _reuse_plans(groups, settings, warnings)
            translated = translate_articles(
                [a for plan in plans for a in plan.to_translate],
                engine,
                memory,
                protector_,
                progress,
                stats,
                backend(engine) if backend else None,
            )
            parts: list[list[TranslatedArticle]] = []
            for plan in plans:
                part = plan.merge(translated[: len(plan.to_translate)], protector_)
                del translated[: len(plan.to_translate)]
                check_consistency(part)  # one spelling per name across the whole run
                english_sources(part, protector_)
                parts.append(part)
        finally:
            if memory is not None:
                memory.close()
    model = engine.model
    # The approved memory shares the file: the same trouble is reported once.
    warnings = list(dict.fromkeys(warnings + (memory.warnings if memory is not None else [])))
    return [
        RunResult(
            articles=part,
            model=ModelInfo(model.id, model.version, model.demo, model.bundled),
            stats=stats,
            glossary_digest=digest,
            glossary_name=(settings.glossary_label or settings.glossary_path.name)
            if settings.glossary_path
            else "",
            warnings=list(warnings),
            reuse=plan.counts,
            timings=dict(timings),
        )
        for part, plan in zip(parts, plans, strict=True)
    ]


def english_sources(articles: Iterable[TranslatedArticle], protector: Protector) -> None:
    """Set each article's ``source_target`` to the glossary's English for its source, when
    the whole source is one glossary name ("رويترز" → "Reuters"): a news source of the
    glossary ("واس" → "SPA"), else any other entry; related articles too."""
    for article in articles:
        source = (article.article.source or "").strip()
        for find in (protector.sources, protector.terms):
            terms = find(source) if source else []
            if len(terms) == 1:
                term = terms[0]  # "الجزيرة" is found as "جزيرة" with its article as a clitic
                before, after = source[: term.start].strip(), source[term.end :].strip()
                if before in ("", term.clitic) and not after:
                    article.source_target = term.english
                    break
        english_sources(article.related, protector)


def _reuse_plans(
    groups: Sequence[Sequence[Article]], settings: Settings, warnings: list[str]
) -> list[ReusePlan]:
    """What the approved memory holds for each group (nothing with ``--no-approved``);
    a memory file that cannot be opened means none, with a warning."""
    path = settings.cache_path or default_cache_path()
    if not settings.use_approved or not path.exists():  # no file: nothing approved yet
        return [plan_reuse(articles, None) for articles in groups]
    with ApprovedMemory(path, required=False) as approved:
        warnings.extend(approved.warnings)
        return [plan_reuse(articles, approved) for articles in groups]


def run_meta(result: RunResult, title: str | None) -> BriefingMeta:
    """What the output says made it; ``title`` None for ``translate`` (not a briefing)."""
    return BriefingMeta(
        title=title,
        model=result.model,
        glossary_name=result.glossary_name,
        glossary_digest=result.glossary_digest or "",
        left_out=tuple(result.left_out),
    )


def result_to_dict(result: RunResult) -> dict[str, Any]:
    """The JSON document of ``translate --format json``: the same envelope as
    ``build -o x.json`` (``briefing/render/briefing.schema.json``), with a null title."""
    from briefing.render.jsondoc import document

    return document(result.articles, run_meta(result, None))


def render_translation(result: RunResult, output_format: TextFormat) -> str:
    """What ``translate`` prints: the English, both languages (Markdown), or JSON."""
    import json

    from briefing.render.text import render_markdown, render_plain

    if output_format is TextFormat.json:
        return json.dumps(result_to_dict(result), ensure_ascii=False, indent=2) + "\n"
    if output_format is TextFormat.md:  # names the model and glossary as ``build -o x.md``
        return render_markdown(result.articles, run_meta(result, None))
    text = render_plain(result.articles)
    return text if text.endswith("\n") else text + "\n"


def format_for(output: Path, explicit: str | None) -> OutputFormat:
    """The output format: ``explicit``, else from the file suffix."""
    from briefing.errors import UsageError

    if explicit:
        return OutputFormat(explicit)
    try:
        return SUFFIX_FORMATS[output.suffix.lower()]
    except KeyError:
        raise UsageError(
            f"{output}: cannot tell the format from the suffix '{output.suffix}'; "
            f"use {', '.join(SUFFIX_FORMATS)}, or give --format"
        ) from None


@dataclass
class BuildRequest:
    inputs: list[Path]
    output: Path
    output_format: str | None = None
    title: str | None = None
    template: Path | None = None  # a .docx (docx format) or a folder of .j2 templates
    related: bool = True
    force: bool = False
    max_input_bytes: int = DEFAULT_MAX_INPUT_BYTES
    on_bad_line: str = "stop"
    reading_progress: Callable[[str], None] | None = None  # a line per page read by OCR


def build_briefing(
    request: BuildRequest,
    settings: Settings,
    progress: Callable[[int, int], None] | None = None,
    backend: Backend | None = None,
) -> RunResult:
    """Read, translate and render a briefing; the output appears only when complete."""
    from briefing.files import check_output, write_bytes_atomic

    format_for(request.output, request.output_format)  # a bad suffix fails before any work
    check_output(request.output, force=request.force, inputs=request.inputs)
    timings: dict[str, float] = {}
    with timed(timings, "read"):
        articles, skipped = read_inputs(
            request.inputs,
            max_bytes=request.max_input_bytes,
            on_bad_line=request.on_bad_line,
            progress=request.reading_progress,
        )
    articles, left_out, notes = briefing_articles(articles)
    skipped += notes
    if not request.related:
        for article in articles:
            article.related = []
    result = translate(articles, settings, progress, backend)
    result.left_out = left_out
    result.warnings[:0] = skipped
    result.timings = timings | result.timings
    with timed(result.timings, "render"):
        write_bytes_atomic(request.output, render_briefing(result, request))
    return result


def render_briefing(result: RunResult, request: BuildRequest) -> bytes:
    """The briefing of a translated run, in ``request``'s format, title and template."""
    renderer = RENDERERS[format_for(request.output, request.output_format)]
    meta = run_meta(result, request.title or DEFAULT_TITLE)
    return renderer.render(result.articles, meta, request.template)


def scan_files(
    paths: Sequence[Path], glossary_path: Path, *, max_bytes: int = DEFAULT_MAX_INPUT_BYTES
) -> list[dict[str, object]]:
    """Every glossary match in the articles of ``paths``.

    ``article`` counts from 1 as a reader does (the text output says the same number);
    ``paragraph`` 0 is the title, 1… the body paragraphs; related ("read also")
    articles follow their parent with their own ``article`` number.
    """
    from briefing.glossary.compiled import compiled_glossary

    glossary = compiled_glossary(glossary_path)
    found: list[dict[str, object]] = []
    for path in paths:
        articles, _ = read_inputs([path], max_bytes=max_bytes)
        flat: list[Article] = []
        for article in articles:
            flat.append(article)
            flat.extend(article.related)
        for number, article in enumerate(flat, start=1):
            texts = [article.title, *(p.text for p in article.paragraphs)]
            for index, text in enumerate(texts):
                for term in glossary.find(text):
                    found.append(
                        {"file": str(path), "article": number, "paragraph": index, **term.to_dict()}
                    )
    return found


def decode_text(data: bytes, name: str) -> str:
    """The text of an uploaded file as the readers decode it (UTF-8, UTF-16 with a BOM,
    Windows-1256…); InputError for binary or empty data."""
    from briefing.ingest.reader import read_text_bytes

    return read_text_bytes(data, name)
