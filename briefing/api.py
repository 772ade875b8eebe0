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
from briefing.pipeline import RunStats, translate_articles
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


@contextmanager
def timed(timings: dict[str, float], stage: str) -> Iterator[None]:
    """Add the seconds the block takes to ``timings[stage]`` (read, translate, render)."""
    start = time.perf_counter()
    try:
        yield
    finally:
        timings[stage] = timings.get(stage, 0.0) + time.perf_counter() - start


def read_inputs(
    paths: Sequence[Path], *, max_bytes: int, on_bad_line: str = "stop"
) -> tuple[list[Article], list[str]]:
    """Every article of every path, and a note for each broken record skipped."""
    from briefing.ingest.reader import read_articles

    articles: list[Article] = []
    skipped: list[str] = []
    for path in paths:
        articles.extend(
            read_articles(path, max_bytes=max_bytes, on_bad_line=on_bad_line, skipped=skipped)
        )
    return articles, skipped


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


def translate(
    articles: Sequence[Article],
    settings: Settings,
    progress: Callable[[int, int], None] | None = None,
) -> RunResult:
    """Translate articles with the selected model, glossary and translation memory."""
    timings: dict[str, float] = {}
    with timed(timings, "translate"):
        model = select_model(settings.model_id)
        engine = Engine(model, settings.options)
        protector, digest = make_protector(settings.glossary_path)
        memory = Memory(settings.cache_path or default_cache_path()) if settings.use_cache else None
        stats = RunStats()
        warnings: list[str] = []
        try:
            plan = _reuse_plan(articles, settings, warnings)
            translated = translate_articles(
                plan.to_translate, engine, memory, protector, progress, stats
            )
            translated = plan.merge(translated, protector)
            check_consistency(translated)  # one spelling per name across the whole run
            english_sources(translated, protector)
        finally:
            if memory is not None:
                memory.close()
    return RunResult(
        articles=translated,
        model=ModelInfo(model.id, model.version, model.demo, model.bundled),
        stats=stats,
        glossary_digest=digest,
        glossary_name=settings.glossary_path.name if settings.glossary_path else "",
        # The approved memory shares the file: the same trouble is reported once.
        warnings=list(dict.fromkeys(warnings + (memory.warnings if memory is not None else []))),
        reuse=plan.counts,
        timings=timings,
    )


def english_sources(articles: Iterable[TranslatedArticle], protector: Protector) -> None:
    """Set each article's ``source_target`` to the glossary's English for its source, when
    the whole source is one glossary name ("رويترز" → "Reuters"); related articles too."""
    for article in articles:
        source = (article.article.source or "").strip()
        terms = protector.terms(source) if source else []
        if len(terms) == 1:
            term = terms[0]  # "الجزيرة" is found as "جزيرة" with its article as a clitic
            before, after = source[: term.start].strip(), source[term.end :].strip()
            if before in ("", term.clitic) and not after:
                article.source_target = term.english
        english_sources(article.related, protector)


def _reuse_plan(articles: Sequence[Article], settings: Settings, warnings: list[str]) -> ReusePlan:
    """What the approved memory holds for ``articles`` (nothing with ``--no-approved``);
    a memory file that cannot be opened means none, with a warning."""
    path = settings.cache_path or default_cache_path()
    if not settings.use_approved or not path.exists():  # no file: nothing approved yet
        return plan_reuse(articles, None)
    with ApprovedMemory(path, required=False) as approved:
        warnings.extend(approved.warnings)
        return plan_reuse(articles, approved)


def run_meta(result: RunResult, title: str | None) -> BriefingMeta:
    """What the output says made it; ``title`` None for ``translate`` (not a briefing)."""
    return BriefingMeta(
        title=title,
        model=result.model,
        glossary_name=result.glossary_name,
        glossary_digest=result.glossary_digest or "",
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
    if output_format is TextFormat.md:
        return render_markdown(result.articles, None)
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


def build_briefing(
    request: BuildRequest,
    settings: Settings,
    progress: Callable[[int, int], None] | None = None,
) -> RunResult:
    """Read, translate and render a briefing; the output appears only when complete."""
    from briefing.files import check_output, write_bytes_atomic

    renderer = RENDERERS[format_for(request.output, request.output_format)]
    check_output(request.output, force=request.force, inputs=request.inputs)
    timings: dict[str, float] = {}
    with timed(timings, "read"):
        articles, skipped = read_inputs(
            request.inputs, max_bytes=request.max_input_bytes, on_bad_line=request.on_bad_line
        )
    if not request.related:
        for article in articles:
            article.related = []
    result = translate(articles, settings, progress)
    result.warnings[:0] = skipped
    result.timings = timings | result.timings
    with timed(result.timings, "render"):
        meta = run_meta(result, request.title or DEFAULT_TITLE)
        data = renderer.render(result.articles, meta, request.template)
        write_bytes_atomic(request.output, data)
    return result


def scan_files(
    paths: Sequence[Path], glossary_path: Path, *, max_bytes: int = DEFAULT_MAX_INPUT_BYTES
) -> list[dict[str, object]]:
    """Every glossary match in the articles of ``paths``.

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
        for number, article in enumerate(flat):
            texts = [article.title, *(p.text for p in article.paragraphs)]
            for index, text in enumerate(texts):
                for term in glossary.find(text):
                    found.append(
                        {"file": str(path), "article": number, "paragraph": index, **term.to_dict()}
                    )
    return found


@dataclass(frozen=True)
class ModelRow:
    """One line of ``briefing model list``."""

    id: str
    family: str
    languages: str
    version: str
    size_mb: float
    max_input_tokens: int
    beam_size: int
    length_penalty: float
    kind: str  # model | demo | bundled demo
    in_use: bool


def model_rows() -> tuple[list[ModelRow], list[str]]:
    """Installed models (the bundled demo when none is), and a line per broken folder."""
    from briefing.errors import ModelError
    from briefing.mt.packages import bundled_demo, scan_models

    models, broken = scan_models()
    try:
        used: str | None = select_model().id
    except ModelError as exc:
        used = None
        broken.append(str(exc))
    if not any(m.is_ar_en for m in models):
        models.append(bundled_demo())
    rows = [
        ModelRow(
            id=m.id,
            family=m.family,
            languages=f"{m.from_code}→{m.to_code}",
            version=m.version,
            size_mb=m.size_bytes() / 1e6,
            max_input_tokens=m.max_input_tokens,
            beam_size=m.layout.settings.beam_size,
            length_penalty=m.layout.settings.length_penalty,
            kind="bundled demo" if m.bundled else "demo" if m.demo else "model",
            in_use=m.id == used,
        )
        for m in models
    ]
    return rows, broken


def install_model(
    file: Path | None = None,
    *,
    demo: bool = False,
    family: str | None = None,
    model_id: str | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> ModelInfo:
    """``briefing model install``: a file or folder, the demo, or the index (network)."""
    from briefing.errors import UsageError
    from briefing.mt import index, packages

    if file is not None and demo:
        raise UsageError("give either --file or --demo, not both")
    if (family or model_id) and file is None:
        raise UsageError("--family and --id describe a --file folder; give --file too")
    if demo:
        installed = packages.install_demo()
    elif file is not None:
        installed = packages.install_file(file, family=family, model_id=model_id)
    else:
        installed = index.install_from_index(progress)
    return ModelInfo(installed.id, installed.version, installed.demo)


def index_packages() -> list[dict[str, str]]:
    """The Arabic→English packages the Argos index offers (network)."""
    from briefing.mt import index

    return [
        {"name": e.name, "version": e.version, "links": " ".join(e.links)}
        for e in index.arabic_english(index.fetch_index())
    ]


def prune_memory(
    *, older_than_days: float | None, max_mb: float | None, memory_path: Path | None = None
) -> Any:
    """``memory prune``: machine translations trimmed, approved ones kept (``PruneReport``)."""
    from briefing.mt.prune import prune

    max_bytes = None if max_mb is None else int(max_mb * 1_000_000)
    return prune(
        memory_path or default_cache_path(), older_than_days=older_than_days, max_bytes=max_bytes
    )


def memory_part_sizes(memory_path: Path | None = None) -> dict[str, int]:
    """Bytes of the memory file's machine and approved parts (empty if unknown)."""
    from briefing.mt.prune import part_sizes

    return part_sizes(memory_path or default_cache_path())
