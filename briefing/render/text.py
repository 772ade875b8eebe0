"""Text outputs of a briefing: HTML and Markdown from Jinja2 templates, JSON, plain English.

HTML is autoescaped; Markdown escapes every ``{{ value }}`` through ``finalize``, so a
template author cannot forget a filter. Both environments are sandboxed: a template is
a user-editable file, not code.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

from jinja2 import FileSystemLoader, TemplateNotFound, TemplateSyntaxError
from jinja2.sandbox import SandboxedEnvironment

from briefing.document import TranslatedArticle
from briefing.errors import TemplateError
from briefing.render.context import NO_TITLE, build_context
from briefing.render.meta import BriefingMeta
from briefing.text.safety import strip_controls

HTML_TEMPLATE = "briefing.html.j2"
MARKDOWN_TEMPLATE = "briefing.md.j2"

# Characters with an inline meaning in CommonMark/GFM (links, emphasis, code, HTML,
# entities, tables, strikethrough), and line starts that open a block.
_MD_INLINE = re.compile(r"([\\`*_\[\]<>|&~])")
_MD_BLOCK_MARK = re.compile(r"^(\s*)(>|#{1,6}(?=\s|$)|[+\-=](?=\s|$|[-=\s]*$))")
_MD_LIST_NUMBER = re.compile(r"^(\s*)(\d+)([.)])(?=\s|$)")


def markdown_escape(value: Any) -> str:
    """``value`` as literal Markdown text: shows the same characters, formats nothing."""
    # All whitespace as single spaces: a value can then open no code block (four leading
    # spaces), hard break (two trailing) or new line.
    text = " ".join(str(value).split()) if value is not None else ""
    text = _MD_INLINE.sub(r"\\\1", text)
    text = _MD_BLOCK_MARK.sub(r"\1\\\2", text)
    return _MD_LIST_NUMBER.sub(r"\1\2\\\3", text)


def _locate(template: Path, default_name: str) -> tuple[Path, str]:
    """``template`` may be a folder holding ``default_name`` or the template file itself."""
    if template.is_dir():
        return template, default_name
    return template.parent, template.name


@functools.lru_cache(maxsize=8)
def _environment(
    folder: Path, autoescape: bool, finalize: Callable[[Any], Any] | None
) -> SandboxedEnvironment:
    # Cached so repeated renders reuse compiled templates; Jinja re-reads a changed file.
    return SandboxedEnvironment(
        loader=FileSystemLoader(folder),
        autoescape=autoescape,
        finalize=finalize,
        keep_trailing_newline=True,
    )


def _render(
    template: Path,
    default_name: str,
    context: dict[str, Any],
    *,
    autoescape: bool,
    finalize: Callable[[Any], Any] | None = None,
) -> str:
    folder, name = _locate(template, default_name)
    path = folder / name
    environment = _environment(folder, autoescape, finalize)
    try:
        return environment.get_template(name).render(context)
    except TemplateNotFound as exc:
        raise TemplateError(
            f"{path}: template not found; pass an existing file to --template "
            "or run 'briefing init' for the default templates"
        ) from exc
    except TemplateSyntaxError as exc:
        raise TemplateError(
            f"{exc.filename or path}:{exc.lineno}: Jinja syntax error: "
            f"{' '.join((exc.message or 'invalid tag').split()).rstrip('.')}; "
            "fix that line of the template"
        ) from exc
    except UnicodeDecodeError as exc:
        raise TemplateError(f"{path}: the template is not UTF-8 text; save it as UTF-8") from exc
    except MemoryError:
        raise
    except Exception as exc:  # a user's template can fail in any way Jinja can
        raise TemplateError(
            f"{path}: the template could not be rendered "
            f"({type(exc).__name__}: {' '.join(str(exc).split())[:200]}); "
            "fix the template or run 'briefing init' for a fresh copy"
        ) from exc


def _templates(template_dir: Path | None) -> Path:
    if template_dir is not None:
        return template_dir
    from briefing.workspace import resolve_templates

    return resolve_templates()


def render_html(
    articles: list[TranslatedArticle],
    meta: BriefingMeta | None = None,
    template_dir: Path | None = None,
) -> str:
    """One self-contained, autoescaped HTML page; Arabic cells carry dir="rtl" lang="ar".

    ``template_dir`` is a folder holding ``briefing.html.j2`` or a template file; by
    default the workspace's or the packaged templates.
    """
    context = build_context(articles, meta)
    return _render(_templates(template_dir), HTML_TEMPLATE, context, autoescape=True)


def render_markdown(
    articles: list[TranslatedArticle],
    meta: BriefingMeta | None = None,
    template_dir: Path | None = None,
) -> str:
    """A two-language Markdown document for email or chat, every value escaped."""
    context = build_context(articles, meta)
    text = _render(
        _templates(template_dir),
        MARKDOWN_TEMPLATE,
        context,
        autoescape=False,
        finalize=markdown_escape,
    )
    return re.sub(r"\n{3,}", "\n\n", text)  # templates stay readable; output stays tight


def _underlined(title: str, rule: str) -> str:
    return f"{title}\n{rule * min(len(title), 72)}"


def _plain_article(article: TranslatedArticle, several: bool, related: bool = False) -> str:
    title = article.title.target.strip() or NO_TITLE
    if related:
        title = f"Related: {title}"
    if several:  # the title, underlined, is where one article ends and the next begins
        title = _underlined(title, "-" if related else "=")
    blocks = [title]
    blocks.extend(p.target for p in article.paragraphs if p.target.strip())
    blocks.extend(_plain_article(child, several, related=True) for child in article.related)
    return "\n\n".join(blocks)


def render_plain(articles: list[TranslatedArticle]) -> str:
    """Just the English: each article's title and paragraphs, blank lines between; with
    several articles (a folder, a .jsonl) each title is underlined."""
    several = len(articles) > 1
    parts = [_plain_article(article, several) for article in articles]
    return strip_controls("\n\n\n".join(parts)) + "\n"
