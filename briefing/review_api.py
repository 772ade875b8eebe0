"""The library face of review and the approved memory: what ``review``, ``memory`` and
``glossary suggest`` call. Beside ``api`` (it translates through ``api.translate``) so
``api`` stays the face of translating and building."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from briefing.api import (
    MODEL_LANGUAGES,
    BuildRequest,
    RunResult,
    Settings,
    briefing_articles,
    read_inputs,
    screen_languages,
    translate,
    translate_groups,
)
from briefing.choices import DEFAULT_MAX_INPUT_BYTES
from briefing.document import Article, ModelInfo
from briefing.mt.memory import default_cache_path


@dataclass
class ReviewReport:
    """What ``review import`` or ``memory import`` stored, and what it left out and why."""

    path: Path
    memory: Path
    approved: int = 0  # stored: new, or English that changed
    unchanged: int = 0  # as generated, still to review, or already in the memory
    skipped: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # how the file was read
    suggestions: list[Any] = field(default_factory=list)  # glossary Entry rows


def _store(path: Path, read: Any, memory_path: Path | None) -> ReviewReport:
    from briefing.mt.approved import ApprovedMemory, settle

    where = memory_path or default_cache_path()
    approvals, conflicts = settle(read.approvals)
    with ApprovedMemory(where) as memory:
        stored = memory.put(approvals)
    return ReviewReport(
        path=path,
        memory=where,
        approved=stored.added + stored.updated,
        unchanged=read.unchanged + stored.unchanged,
        skipped=[*read.skipped, *conflicts],
        notes=list(read.notes),
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
    """ "zip" (a .docx), "xml" (XLIFF), by the first bytes; anything else is refused."""
    from briefing.errors import ReviewError
    from briefing.review.xmlio import xml_start

    try:
        with path.open("rb") as handle:
            head = handle.read(512)
    except OSError as exc:
        raise ReviewError(f"{path}: cannot read ({exc.strerror or exc})") from exc
    if head.startswith(b"PK\x03\x04"):
        return "zip"
    start = xml_start(head).lower()  # decoded: XLIFF may be UTF-16 or UTF-32
    if start.startswith("<") and not start.startswith(("<!doctype html", "<html")):
        return "xml"
    what = "an HTML file" if start.startswith("<") else "neither a Word .docx nor XLIFF"
    raise ReviewError(
        f"{path}: {what}; only DOCX and XLIFF can be imported: a briefing made by "
        "'briefing build -o FILE.docx', or an XLIFF file from 'briefing review export'"
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
    articles, _, left_out = briefing_articles(articles)  # as ``build``: Persian is left out
    result = translate(articles, settings, progress)
    result.warnings[:0] = skipped + left_out
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
    warnings: list[str] | None = None,
) -> tuple[list[Any], ModelInfo | None]:
    """Glossary entries to consider (never added): names the approved English spells
    differently from the glossary or that it lacks, and, with ``paths``, Arabic names
    recurring in those articles outside the glossary, with the model's rendering; and
    the model that rendered them (None when no article was given). An article in another
    language (Persian) is left out, as ``build`` leaves it out, with a line in ``warnings``."""
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
        articles, others = screen_languages(articles)  # its words are no Arabic names
        if warnings is not None:
            warnings += [f"{reason}: left out ({MODEL_LANGUAGES})" for _, reason in others]
        texts = [
            p.text for a in _with_related(articles) for p in [Paragraph(a.title), *a.paragraphs]
        ]
        counts = recurring_candidates(texts, glossary)
        contexts = {run: next((t for t in texts if run in t), "") for run in counts}
        runs = list(counts)
        probe = Article(title="", paragraphs=[Paragraph(run) for run in runs])
        # Names, not an article: a short run is not screened for its language
        (done,) = translate_groups([[probe]], replace(settings, use_approved=False), progress)
        renderings = {
            run: p.target for run, p in zip(runs, done.articles[0].paragraphs, strict=True)
        }
        seen = {entry.arabic for entry in entries}
        entries += [
            e for e in from_renderings(counts, renderings, contexts) if e.arabic not in seen
        ]
        return entries, done.model
    return entries, None


def _with_related(articles: Sequence[Article]) -> list[Article]:
    return [item for a in articles for item in [a, *_with_related(a.related)]]


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
