"""The library face of every command: what the CLI calls, usable from Python too."""

from __future__ import annotations

from collections.abc import Callable, Sequence
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
    reuse: ReuseCounts = field(default_factory=ReuseCounts)


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
        return protector_for(None), None
    from briefing.glossary.store import load_glossary

    glossary = load_glossary(glossary_path)
    return protector_for(glossary), glossary.digest()


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
    warnings: list[str] = []
    try:
        plan = _reuse_plan(articles, settings, warnings)
        translated = translate_articles(
            plan.to_translate, engine, memory, protector, progress, stats
        )
        translated = plan.merge(translated, protector)
    finally:
        if memory is not None:
            memory.close()
    return RunResult(
        articles=translated,
        model=ModelInfo(model.id, model.version, model.demo),
        stats=stats,
        glossary_digest=digest,
        glossary_name=settings.glossary_path.name if settings.glossary_path else "",
        warnings=warnings + (list(memory.warnings) if memory is not None else []),
        reuse=plan.counts,
    )


def _reuse_plan(articles: Sequence[Article], settings: Settings, warnings: list[str]) -> ReusePlan:
    """What the approved memory holds for ``articles`` (nothing with ``--no-approved``);
    a memory file that cannot be opened means none, with a warning."""
    if not settings.use_approved:
        return plan_reuse(articles, None)
    with ApprovedMemory(settings.cache_path or default_cache_path(), required=False) as approved:
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
    articles, skipped = read_inputs(
        request.inputs, max_bytes=request.max_input_bytes, on_bad_line=request.on_bad_line
    )
    if not request.related:
        for article in articles:
            article.related = []
    result = translate(articles, settings, progress)
    result.warnings[:0] = skipped
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


# -- review and the approved memory ------------------------------------------------------
@dataclass
class ReviewReport:
    """What ``review import`` or ``memory import`` stored, and what it left out and why."""

    path: Path
    memory: Path
    approved: int = 0  # stored: new, or English that changed
    unchanged: int = 0  # as generated, still to review, or already in the memory
    skipped: list[str] = field(default_factory=list)
    suggestions: list[Any] = field(default_factory=list)  # glossary Entry rows


def _store(path: Path, read: Any, memory_path: Path | None) -> ReviewReport:
    from briefing.mt.approved import ApprovedMemory

    where = memory_path or default_cache_path()
    with ApprovedMemory(where) as memory:
        stored = memory.put(read.approvals)
    return ReviewReport(
        path=path,
        memory=where,
        approved=stored.added + stored.updated,
        unchanged=read.unchanged + stored.unchanged,
        skipped=list(read.skipped),
    )


def import_review(
    path: Path, *, memory_path: Path | None = None, glossary_path: Path | None = None
) -> ReviewReport:
    """Store the English a reviewer approved in ``path`` (a briefing .docx or XLIFF).

    The whole file is read and checked before the memory is opened: a file that is not
    a briefing, or not well-formed, leaves the memory as it was. With ``glossary_path``
    the report lists glossary entries the approved English suggests (nothing is added).
    """
    from briefing.review.docx_review import read_review_docx
    from briefing.review.xliff import read_xliff

    kind = _file_kind(path)
    read = read_review_docx(path) if kind == "zip" else read_xliff(path)
    report = _store(path, read, memory_path)
    if glossary_path is not None:
        from briefing.glossary.store import load_glossary
        from briefing.review.suggest import from_approvals

        report.suggestions = from_approvals(read.approvals, load_glossary(glossary_path))
    return report


def _file_kind(path: Path) -> str:
    """"zip" (a .docx), "xml" (XLIFF), by the first bytes; anything else is refused."""
    from briefing.errors import ReviewError

    try:
        with path.open("rb") as handle:
            head = handle.read(512)
    except OSError as exc:
        raise ReviewError(f"{path}: cannot read ({exc.strerror or exc})") from exc
    if head.startswith(b"PK\x03\x04"):
        return "zip"
    if head.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"<"):
        return "xml"
    raise ReviewError(
        f"{path}: neither a Word .docx nor an XLIFF file; review import reads a briefing "
        "made by 'briefing build' (.docx) or an XLIFF file from 'briefing review export'"
    )


def export_review(
    request: BuildRequest,
    settings: Settings,
    progress: Callable[[int, int], None] | None = None,
) -> tuple[RunResult, int]:
    """Translate the articles and write them as XLIFF 1.2 for a CAT tool (``-o``);
    the run and the number of translation units written."""
    from briefing.files import check_output, write_bytes_atomic
    from briefing.review.xliff import write_xliff

    check_output(request.output, force=request.force, inputs=request.inputs)
    articles, skipped = read_inputs(
        request.inputs, max_bytes=request.max_input_bytes, on_bad_line=request.on_bad_line
    )
    result = translate(articles, settings, progress)
    result.warnings[:0] = skipped
    model = f"{result.model.id} {result.model.version}".strip()
    data, units = write_xliff(result.articles, model)
    write_bytes_atomic(request.output, data)
    return result, units


def export_memory(output: Path, *, force: bool = False, memory_path: Path | None = None) -> int:
    """Write the approved memory as TMX 1.4b; the number of translation units."""
    from briefing.files import check_output, write_bytes_atomic
    from briefing.mt.approved import ApprovedMemory
    from briefing.review.tmx import write_tmx

    check_output(output, force=force)
    with ApprovedMemory(memory_path or default_cache_path()) as memory:
        approvals = list(memory.paragraphs())
    write_bytes_atomic(output, write_tmx(approvals))
    return len(approvals)


def import_memory(path: Path, *, memory_path: Path | None = None) -> ReviewReport:
    """Add the Arabic→English units of a TMX file to the approved memory."""
    from briefing.review.tmx import read_tmx

    return _store(path, read_tmx(path), memory_path)


def memory_stats(memory_path: Path | None = None) -> dict[str, object]:
    """The memory file's path and size, approved paragraphs and sentences, cached segments."""
    from briefing.mt.approved import ApprovedMemory

    where = memory_path or default_cache_path()
    with ApprovedMemory(where) as memory:
        stats = memory.stats()
    stats["bytes"] = where.stat().st_size if where.exists() else 0
    return stats


def suggest_glossary(
    paths: Sequence[Path],
    settings: Settings,
    *,
    memory_path: Path | None = None,
    max_bytes: int = DEFAULT_MAX_INPUT_BYTES,
    progress: Callable[[int, int], None] | None = None,
) -> list[Any]:
    """Glossary entries to consider (never added): names the approved English spells
    differently from the glossary or that it lacks, and, with ``paths``, Arabic names
    recurring in those articles outside the glossary, with the model's rendering."""
    from dataclasses import replace

    from briefing.document import Paragraph
    from briefing.glossary.store import load_glossary
    from briefing.mt.approved import ApprovedMemory
    from briefing.review.suggest import from_approvals, from_renderings, recurring_candidates

    if settings.glossary_path is None:
        from briefing.errors import UsageError

        raise UsageError("glossary suggest compares with a glossary: drop --no-glossary")
    glossary = load_glossary(settings.glossary_path)
    with ApprovedMemory(memory_path or default_cache_path()) as memory:
        entries = from_approvals(memory.paragraphs(), glossary)
    if paths:
        articles, _ = read_inputs(paths, max_bytes=max_bytes)
        texts = [
            p.text for a in _with_related(articles) for p in [Paragraph(a.title), *a.paragraphs]
        ]
        counts = recurring_candidates(texts, glossary)
        contexts = {run: next((t for t in texts if run in t), "") for run in counts}
        runs = list(counts)
        probe = Article(title="", paragraphs=[Paragraph(run) for run in runs])
        done = translate([probe], replace(settings, use_approved=False), progress)
        renderings = {
            run: p.target for run, p in zip(runs, done.articles[0].paragraphs, strict=True)
        }
        seen = {entry.arabic for entry in entries}
        entries += [
            e for e in from_renderings(counts, renderings, contexts) if e.arabic not in seen
        ]
    return entries


def _with_related(articles: Sequence[Article]) -> list[Article]:
    return [item for a in articles for item in [a, *_with_related(a.related)]]
