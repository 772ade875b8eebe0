"""Fuzzing the renderers: any Unicode text gives a valid DOCX and HTML with no injected elements.

Bounded for the test suite; ``tools/fuzz_render.py`` runs the same properties much longer.
"""

from __future__ import annotations

import io
import re
import zipfile
from html.parser import HTMLParser

from docx import Document
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from briefing.document import (
    Article,
    Flag,
    ModelInfo,
    Paragraph,
    Term,
    TranslatedArticle,
    TranslatedParagraph,
)
from briefing.render.docx import build_docx
from briefing.render.meta import BriefingMeta
from briefing.render.text import render_html, render_markdown
from briefing.text.safety import clean_text
from helpers import ROOT

TEMPLATES = ROOT / "templates"
META = BriefingMeta(title="Fuzz", date="2024-10-28", model=ModelInfo("fuzz", "0"))

# Pieces that have broken renderers before: markup, template syntax, docxtpl's own
# escapes, XML-invalid and bidi control characters, CR/LF, and lone surrogates.
TRICKY = [
    "<", ">", "&", "&amp;", '"', "'", "]]>", "<w:p/>", "</w:t>", "<script>", "{{", "}}", "{%",
    "%}", "{#", "{{ 7*7 }}", "{% if %}", "{_{", "}_}", "{%p if x %}", "{{r x }}", "\x00", "\x0b",
    "\x0c", "\x07", "\x1f", "\x85", "\r", "\r\n", "\n", "\t", "\u200e", "\u200f", "\u061c",
    "\u202a", "\u202e", "\u2066", "\u2069", "\ufeff", "\ufffe", "\uffff", "\ud800", "\udfff",
    "\U0001f600", "ﻻ", "قال", " ",
]  # fmt: skip
any_char = st.characters(codec=None, exclude_categories=())
text = st.lists(st.one_of(st.sampled_from(TRICKY), st.text(any_char, max_size=8)), max_size=8).map(
    "".join
)


@st.composite
def articles(draw: st.DrawFn) -> list[TranslatedArticle]:
    rows = []
    for _ in range(draw(st.integers(1, 3))):
        source, target = draw(text), draw(text)
        term = Term(0, 1, draw(text), draw(text), draw(text), draw(text))
        rows.append(
            TranslatedParagraph(
                source,
                target,
                [],
                draw(st.booleans()),
                [term] if draw(st.booleans()) else [],
                [Flag(draw(text), draw(text))] if draw(st.booleans()) else [],
            )
        )
    article = Article(
        title=draw(text),
        paragraphs=[Paragraph(r.source, r.heading) for r in rows],
        published=draw(st.one_of(st.none(), text)),
        source=draw(st.one_of(st.none(), text)),
        url=draw(st.one_of(st.none(), text, text.map(lambda t: "https://x.example/" + t))),
        author=draw(st.one_of(st.none(), text)),
    )
    title = TranslatedParagraph(article.title, draw(text), [])
    return [TranslatedArticle(article, title, rows)]


def xml_tags(xml: str) -> set[str]:
    return set(re.findall(r"<([a-zA-Z][\w.-]*:[\w.-]+)", xml))


with zipfile.ZipFile(TEMPLATES / "briefing.docx") as _template:
    TEMPLATE_TAGS = xml_tags(_template.read("word/document.xml").decode())
# docxtpl turns newlines and tabs in values into line breaks and tab runs
DOCX_ALLOWED = TEMPLATE_TAGS | {"w:br", "w:tab"}
HTML_ALLOWED = {
    tag.lower()
    for tag in re.findall(r"<([a-zA-Z][a-zA-Z0-9]*)", (TEMPLATES / "briefing.html.j2").read_text())
}


class Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: set[str] = set()
        self.ar_cells: list[str] = []
        self._in_ar = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.add(tag)
        if tag == "td" and ("class", "ar") in attrs:
            self._in_ar = True
            self.ar_cells.append("")

    def handle_endtag(self, tag: str) -> None:
        if tag == "td":
            self._in_ar = False

    def handle_data(self, data: str) -> None:
        if self._in_ar:
            self.ar_cells[-1] += data


def check_docx(items: list[TranslatedArticle]) -> None:
    data = build_docx(items, template=TEMPLATES / "briefing.docx", meta=META)
    document = Document(io.BytesIO(data))
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        assert xml_tags(archive.read("word/document.xml").decode()) <= DOCX_ALLOWED
    table = next(t for t in document.tables if t.rows[0].cells[0].text == "English")
    rows = items[0].paragraphs
    assert len(table.rows) == 1 + len(rows)
    for row, paragraph in zip(table.rows[1:], rows, strict=True):
        assert row.cells[1].text == clean_text(paragraph.source)
        assert row.cells[0].paragraphs[0].text == clean_text(paragraph.target)


def check_html(items: list[TranslatedArticle]) -> None:
    html = render_html(items, META, TEMPLATES)
    parser = Tags()
    parser.feed(html)
    parser.close()
    assert parser.tags <= HTML_ALLOWED
    assert parser.ar_cells == [clean_text(p.source) for p in items[0].paragraphs]
    html.encode("utf-8")
    render_markdown(items, META, TEMPLATES).encode("utf-8")


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(articles())
def test_any_text_gives_a_docx_that_reopens_with_the_text_literal(
    items: list[TranslatedArticle],
) -> None:
    check_docx(items)


@settings(max_examples=80, deadline=None)
@given(articles())
def test_any_text_gives_html_with_only_the_templates_elements(
    items: list[TranslatedArticle],
) -> None:
    check_html(items)
