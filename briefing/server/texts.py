"""Text, Markdown, HTML and Word files as articles to translate, and back.

Each layout turns its input into one ``Article`` (one paragraph per line or text node)
and puts the English back where the Arabic was: line breaks, Markdown markers, HTML
markup and Word paragraph styles stay. HTML is parsed and serialized by lxml, so text
that was escaped in the source (``&lt;b&gt;``) is escaped in the English too: no text
ever becomes a tag.
"""

from __future__ import annotations

import io
import re
from typing import Any, Protocol

import lxml.etree
import lxml.html

from briefing.document import Article, Paragraph, TranslatedArticle
from briefing.render.docx import sign_every_page
from briefing.server.guard import ApiError

_SKIP_TAGS = frozenset({"script", "style", "code", "pre", "textarea", "noscript"})
_MARKDOWN = re.compile(r"^(\s*(?:#{1,6}\s+|[-*+]\s+|>\s*|\d{1,9}[.)]\s+)*)(.*?)(\s*)$", re.S)
_WHOLE_DOCUMENT = re.compile(r"\s*(<!doctype|<html)", re.I)
FILE_SUFFIXES = (".txt", ".md", ".html", ".htm", ".docx")


class Layout(Protocol):
    article: Article

    def sign(self, notice: str) -> None:
        """Put ``notice`` first in the English (the demo model's, as every output has)."""

    def render(self, done: TranslatedArticle) -> str | bytes: ...


def _split(text: str) -> tuple[str, str, str]:
    core = text.strip()
    if not core:
        return text, "", ""
    lead = text[: len(text) - len(text.lstrip())]
    return lead, core, text[len(text.rstrip()) :]


class PlainText:
    """Lines; a blank line stays blank, each other line is a paragraph."""

    pattern: re.Pattern[str] | None = None

    def __init__(self, text: str) -> None:
        self.lines = [self._parts(line) for line in text.split("\n")]
        self.article = Article("", [Paragraph(core) for _, core, _ in self.lines if core])
        self.notice = ""

    def _parts(self, line: str) -> tuple[str, str, str]:
        return _split(line)

    def sign(self, notice: str) -> None:
        self.notice = notice + "\n\n"

    def render(self, done: TranslatedArticle) -> str:
        targets = iter(p.target for p in done.paragraphs)
        return self.notice + "\n".join(
            lead + (next(targets) if core else "") + trail for lead, core, trail in self.lines
        )


class Markdown(PlainText):
    """Lines whose heading, list and quote markers stay as they are."""

    def _parts(self, line: str) -> tuple[str, str, str]:
        match = _MARKDOWN.match(line)
        assert match is not None  # every group may be empty
        return match[1], match[2], match[3]

    def sign(self, notice: str) -> None:
        self.notice = f"> **{notice}**\n\n"


class Html:
    """Every text node outside scripts, styles and code, one paragraph each."""

    def __init__(self, text: str) -> None:
        self.whole = bool(_WHOLE_DOCUMENT.match(text))
        try:
            if self.whole:
                self.root = lxml.html.document_fromstring(text)
            else:
                self.root = lxml.html.fragment_fromstring(text, create_parent="div")
        except (ValueError, lxml.etree.ParserError) as error:
            raise ApiError(400, f"Invalid request: cannot read the HTML ({error})") from None
        self.slots: list[tuple[Any, str, tuple[str, str, str]]] = []
        for element in self.root.iter():
            named = isinstance(element.tag, str)
            if named and element.tag.lower() not in _SKIP_TAGS and element.text:
                self._slot(element, "text")
            parent = element.getparent()
            if element is not self.root and element.tail and parent is not None:
                if not (isinstance(parent.tag, str) and parent.tag.lower() in _SKIP_TAGS):
                    self._slot(element, "tail")
        self.article = Article("", [Paragraph(core) for _, _, (_, core, _) in self.slots])
        self.notice = ""

    def sign(self, notice: str) -> None:
        self.notice = notice

    def _slot(self, element: Any, where: str) -> None:
        parts = _split(getattr(element, where))
        if parts[1]:
            self.slots.append((element, where, parts))

    def render(self, done: TranslatedArticle) -> str:
        for (element, where, (lead, _, trail)), paragraph in zip(
            self.slots, done.paragraphs, strict=True
        ):
            setattr(element, where, lead + paragraph.target + trail)
        if self.notice:  # a paragraph of its own, first in the body
            banner = lxml.html.Element("p", {"class": "briefing-demo", "role": "note"})
            banner.text = self.notice
            banner.tail = "\n"
            body = self.root.find(".//body") if self.whole else self.root
            (self.root if body is None else body).insert(0, banner)
        if self.whole:
            doctype = self.root.getroottree().docinfo.doctype
            return str(lxml.html.tostring(self.root, encoding="unicode", doctype=doctype or None))
        inner = str(lxml.html.tostring(self.root, encoding="unicode"))
        return inner[len("<div>") : -len("</div>")]


class Word:
    """A .docx whose paragraphs (tables' too) are translated in place: each keeps its
    style and its first run's formatting, and reads left to right."""

    def __init__(self, data: bytes, name: str) -> None:
        import docx

        try:
            self.document = docx.Document(io.BytesIO(data))
        except Exception:  # python-docx raises zip, XML and key errors for a bad file
            raise ApiError(
                400, f"Invalid request: {name} is not a Word .docx file; save it as .docx"
            ) from None
        self.paragraphs = [p for p in self._all(self.document) if p.text.strip()]
        self.article = Article("", [Paragraph(p.text.strip()) for p in self.paragraphs])

    def sign(self, notice: str) -> None:
        sign_every_page(self.document, notice)

    def _all(self, container: Any) -> list[Any]:
        found = list(container.paragraphs)
        for table in getattr(container, "tables", []):
            for row in table.rows:
                for cell in row.cells:
                    found.extend(self._all(cell))
        return found

    def render(self, done: TranslatedArticle) -> bytes:
        for paragraph, translated in zip(self.paragraphs, done.paragraphs, strict=True):
            runs = paragraph.runs
            if runs:
                runs[0].text = translated.target
                for run in runs[1:]:
                    run.text = ""
            else:
                paragraph.add_run(translated.target)
            for node in paragraph._p.xpath(".//w:bidi | .//w:rtl"):
                node.getparent().remove(node)
        out = io.BytesIO()
        self.document.save(out)
        return out.getvalue()


def text_layout(text: str, text_format: str) -> Layout:
    return Html(text) if text_format == "html" else PlainText(text)


def file_layout(name: str, data: bytes, decode: Any) -> Layout:
    """The layout of an uploaded file by its suffix; ``decode(data, name)`` reads text."""
    suffix = name[name.rfind(".") :].lower() if "." in name else ""
    if suffix == ".docx":
        return Word(data, name)
    text = decode(data, name)
    if suffix in (".html", ".htm"):
        return Html(text)
    if suffix == ".md":
        return Markdown(text)
    return PlainText(text)
