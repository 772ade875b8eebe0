"""The library face of every command: what the CLI calls, usable from Python too."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from briefing.document import Article, ModelInfo, TranslatedArticle
from briefing.mt.engine import DecodeOptions, Engine
from briefing.mt.memory import Memory, default_cache_path
from briefing.mt.packages import select_model
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
    """A protector for the glossary at ``glossary_path`` and the glossary's digest."""
    if glossary_path is None:
        return Protector(), None
    from briefing.glossary.store import load_glossary, span_for
    from briefing.protect.quantities import find_number_spans

    glossary = load_glossary(glossary_path)
    matcher = glossary.matcher()
    return (
        Protector(
            find_terms=matcher.find,
            find_rule_spans=lambda text: find_number_spans(text, glossary),
            # Clitics (و ب ل …) stay outside the span for the engine to translate: the
            # demo model learned "و｟0｠" → "and ｟0｠", and real models know "و".
            term_span=lambda term: span_for(term, clitics=False),
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


OUTPUT_FORMATS = {".docx": "docx", ".html": "html", ".htm": "html", ".md": "md", ".json": "json"}


def format_for(output: Path, explicit: str | None) -> str:
    """The output format: ``explicit``, else from the file suffix."""
    from briefing.errors import UsageError

    if explicit:
        return explicit
    try:
        return OUTPUT_FORMATS[output.suffix.lower()]
    except KeyError:
        raise UsageError(
            f"{output}: cannot tell the format from the suffix '{output.suffix}'; "
            "use .docx, .html, .md or .json, or give --format"
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
    max_input_bytes: int = 10 * 1024 * 1024
    on_bad_line: str = "stop"


def build_briefing(
    request: BuildRequest,
    settings: Settings,
    progress: Callable[[int, int], None] | None = None,
) -> RunResult:
    """Read, translate and render a briefing; the output appears only when complete."""
    from briefing.files import check_output, write_text_atomic
    from briefing.render.meta import DEFAULT_TITLE, BriefingMeta
    from briefing.workspace import resolve_template, resolve_templates

    output_format = format_for(request.output, request.output_format)
    check_output(request.output, force=request.force, inputs=request.inputs)
    template = None
    if output_format == "docx":
        template = resolve_template(request.template, "briefing.docx")
    articles, skipped = read_inputs(
        request.inputs, max_bytes=request.max_input_bytes, on_bad_line=request.on_bad_line
    )
    if not request.related:
        for article in articles:
            article.related = []
    result = translate(articles, settings, progress)
    result.warnings[:0] = skipped
    meta = BriefingMeta(
        title=request.title or DEFAULT_TITLE,
        model=result.model,
        glossary_name=settings.glossary_path.name if settings.glossary_path else "",
        glossary_digest=result.glossary_digest or "",
    )
    if output_format == "docx":
        from briefing.render.docx import render_docx

        assert template is not None
        render_docx(result.articles, request.output, template=template, meta=meta)
        return result
    import briefing.render.text as render_text

    if output_format == "html":
        folder = request.template or resolve_templates()
        text = render_text.render_html(result.articles, meta, folder)
    elif output_format == "md":
        text = render_text.render_markdown(result.articles, meta)
    else:
        text = render_text.render_json(result.articles, meta)
    write_text_atomic(request.output, text)
    return result


def scan_files(
    paths: Sequence[Path], glossary_path: Path, *, max_bytes: int = 10 * 1024 * 1024
) -> list[dict[str, object]]:
    """Every glossary match in the articles of ``paths``.

    ``paragraph`` 0 is the title, 1… the body paragraphs; related ("read also")
    articles follow their parent with their own ``article`` number.
    """
    from briefing.glossary.store import load_glossary

    matcher = load_glossary(glossary_path).matcher()
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
                for term in matcher.find(text):
                    found.append(
                        {"file": str(path), "article": number, "paragraph": index, **term.to_dict()}
                    )
    return found
