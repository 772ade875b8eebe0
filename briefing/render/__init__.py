"""Render: one renderer per output format (DOCX, HTML, Markdown, JSON, plain text).

Owns the context every template sees, the briefing's metadata, and the format registry.
May import ``qa``, ``text``, ``document``, ``errors``, ``files``; never ``ingest`` or ``mt``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from briefing.choices import OutputFormat
from briefing.document import TranslatedArticle
from briefing.render.meta import BriefingMeta

# The renderers' modules (python-docx, Jinja2) load on first use, not with this registry.
RenderFunction = Callable[[list[TranslatedArticle], BriefingMeta, Path | None], bytes]


@dataclass(frozen=True)
class Renderer:
    """One output format. ``render(articles, meta, template)`` gives the file's bytes;
    ``template`` is what the user passed (None: the workspace's or the packaged one)."""

    format: OutputFormat
    description: str
    render: RenderFunction


def _docx(articles: list[TranslatedArticle], meta: BriefingMeta, template: Path | None) -> bytes:
    from briefing.render.docx import build_docx
    from briefing.workspace import resolve_template

    return build_docx(articles, template=resolve_template(template, "briefing.docx"), meta=meta)


def _html(articles: list[TranslatedArticle], meta: BriefingMeta, template: Path | None) -> bytes:
    from briefing.render.text import render_html

    return render_html(articles, meta, template).encode("utf-8")


def _markdown(
    articles: list[TranslatedArticle], meta: BriefingMeta, template: Path | None
) -> bytes:
    from briefing.render.text import render_markdown

    return render_markdown(articles, meta, template).encode("utf-8")


def _json(articles: list[TranslatedArticle], meta: BriefingMeta, template: Path | None) -> bytes:
    from briefing.render.jsondoc import render_json

    return render_json(articles, meta).encode("utf-8")


RENDERERS: dict[OutputFormat, Renderer] = {
    renderer.format: renderer
    for renderer in (
        Renderer(OutputFormat.docx, "Word, English and Arabic side by side", _docx),
        Renderer(OutputFormat.html, "one self-contained web page", _html),
        Renderer(OutputFormat.md, "Markdown, both languages", _markdown),
        Renderer(OutputFormat.json, "everything, as JSON (briefing.schema.json)", _json),
    )
}
