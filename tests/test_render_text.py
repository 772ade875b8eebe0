"""HTML, Markdown, JSON and plain-text briefings: content, direction marks and escaping."""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

from briefing.document import Article, ModelInfo, Paragraph, TranslatedArticle, TranslatedParagraph
from briefing.errors import TemplateError
from briefing.qa.checks import ARABIC_WORD_RE, summarize
from briefing.render.jsondoc import render_json
from briefing.render.meta import BriefingMeta
from briefing.render.text import (
    markdown_escape,
    render_html,
    render_markdown,
    render_plain,
)
from helpers import ROOT, sample_briefing

TEMPLATES = ROOT / "templates"
META = BriefingMeta(title="Evening briefing", date="2024-10-28", model=ModelInfo("m", "2"))
HOSTILE = "<script>alert(1)</script> & {{ 7*7 }} {% if %} a\x0bb\x00c \u202eevil\u202c"
STRIPPED = "<script>alert(1)</script> & {{ 7*7 }} {% if %} abc evil"


class Collector(HTMLParser):
    """Elements with their attributes, and the text inside each ``td``."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.elements: list[tuple[str, dict[str, str | None]]] = []
        self.cells: list[tuple[dict[str, str | None], str]] = []
        self._cell: tuple[dict[str, str | None], list[str]] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.elements.append((tag, dict(attrs)))
        if tag == "td":
            self._cell = (dict(attrs), [])

    def handle_endtag(self, tag: str) -> None:
        if tag == "td" and self._cell is not None:
            self.cells.append((self._cell[0], "".join(self._cell[1]).strip()))
            self._cell = None

    def handle_data(self, data: str) -> None:
        if self._cell is not None:
            self._cell[1].append(data)


def parse(html: str) -> Collector:
    collector = Collector()
    collector.feed(html)
    collector.close()
    return collector


def template_tags() -> set[str]:
    source = (TEMPLATES / "briefing.html.j2").read_text(encoding="utf-8")
    return {tag.lower() for tag in re.findall(r"<([a-zA-Z][a-zA-Z0-9]*)", source)}


def flat(articles: list[TranslatedArticle]) -> list[TranslatedArticle]:
    return [item for a in articles for item in [a, *flat(a.related)]]


def one_article(text: str, url: str | None = None) -> list[TranslatedArticle]:
    source = "قال " + text
    article = Article(title="عنوان", paragraphs=[Paragraph(source)], source=text, url=url)
    title = TranslatedParagraph("عنوان", "Title " + text, [])
    return [TranslatedArticle(article, title, [TranslatedParagraph(source, "Said " + text, [])])]


def test_html_has_every_paragraph_with_arabic_cells_marked_rtl() -> None:
    articles = sample_briefing()
    page = parse(render_html(articles, META, TEMPLATES))
    arabic = [text for attrs, text in page.cells if attrs.get("class") == "ar"]
    english = [text for attrs, text in page.cells if attrs.get("class") == "en"]
    paragraphs = [p for a in flat(articles) for p in a.paragraphs]
    assert arabic == [p.source for p in paragraphs]
    assert [text.split("QA ")[0].strip() for text in english] == [p.target for p in paragraphs]
    for attrs, _ in page.cells:
        if attrs.get("class") == "ar":
            assert attrs.get("dir") == "rtl" and attrs.get("lang") == "ar"
    titles = [attrs for tag, attrs in page.elements if attrs.get("class") == "title-ar"]
    assert len(titles) == 4 and all(a["dir"] == "rtl" and a["lang"] == "ar" for a in titles)


def test_html_is_self_contained_and_shows_the_summary() -> None:
    html = render_html(sample_briefing(), META, TEMPLATES)
    page = parse(html)
    for tag, attrs in page.elements:
        assert tag not in ("script", "link", "img", "iframe")
        assert not (attrs.get("src") or "").startswith("http")
    assert "3 articles (+ 1 related) from 2 sources" in html
    assert "<td>number-mismatch</td><td>1</td>" in html
    assert "QA number-mismatch:</b> number of the Arabic not found in the English: 30" in html
    anchors = [
        attrs["href"] for tag, attrs in page.elements if tag == "a" and attrs["href"][0] == "#"
    ]
    ids = [attrs["id"] for tag, attrs in page.elements if tag == "article"]
    assert (
        anchors
        == ["#" + i for i in ids]
        == ["#article_1", "#article_1_1", "#article_2", "#article_3"]
    )


def test_html_escapes_article_text_and_adds_no_markup() -> None:
    html = render_html(one_article(HOSTILE), META, TEMPLATES)
    page = parse(html)
    assert {tag for tag, _ in page.elements} <= template_tags()
    assert "script" not in {tag for tag, _ in page.elements}
    assert ("", "Said " + STRIPPED) in [("", text) for attrs, text in page.cells]
    assert "قال " + STRIPPED in [text for attrs, text in page.cells]
    assert "49" not in html
    assert "\u202e" not in html and "\x00" not in html


def test_only_web_addresses_become_links() -> None:
    page = parse(render_html(one_article("x", url="javascript:alert(1)"), META, TEMPLATES))
    assert all(not (a.get("href") or "").startswith("javascript") for _, a in page.elements)
    page = parse(
        render_html(one_article("x", url="https://example.org/a?b=1&c=2"), META, TEMPLATES)
    )
    assert "https://example.org/a?b=1&c=2" in [a.get("href") for _, a in page.elements]


def test_html_template_errors_name_file_and_line(tmp_path: Path) -> None:
    bad = tmp_path / "briefing.html.j2"
    bad.write_text("<h1>{{ meta.title }}</h1>\n<p>{% for a in articles %}</p>\n", encoding="utf-8")
    with pytest.raises(TemplateError, match=re.escape(f"{bad}:2: Jinja syntax error")):
        render_html(sample_briefing(), META, tmp_path)
    with pytest.raises(TemplateError, match="template not found"):
        render_html(sample_briefing(), META, tmp_path / "missing")
    single = tmp_path / "custom.html"
    single.write_text("<p>{{ counts.articles }} {{ meta.title }}</p>", encoding="utf-8")
    assert render_html(sample_briefing(), META, single) == "<p>3 Evening briefing</p>"


def test_markdown_reads_as_two_languages() -> None:
    articles = sample_briefing()
    text = render_markdown(articles, META, TEMPLATES)
    assert text.startswith("# Evening briefing\n")
    for article in flat(articles):
        assert f"> **{article.title.source}**" in text
        for paragraph in article.paragraphs:
            target = markdown_escape(paragraph.target)
            assert (f"#### {target}" if paragraph.heading else f"\n{target}\n") in text
            assert f"> {'**' if paragraph.heading else ''}{paragraph.source}" in text
    assert '**QA repetition:** "workshops" repeats 3 times in a row' in text
    assert "\n\n\n" not in text


def test_markdown_without_briefing_facts_for_translate() -> None:
    text = render_markdown(sample_briefing(), None)
    assert text.startswith("# Translation\n")
    assert "Model:" not in text and "Quality checks" in text
    assert "On Sunday the Minister of Environment" in text


def test_markdown_escapes_article_text() -> None:
    text = render_markdown(
        one_article("[click](http://x.example) <b>bold</b> *em* _u_"), META, TEMPLATES
    )
    assert r"Said \[click\](http://x.example) \<b\>bold\</b\> \*em\* \_u\_" in text
    assert markdown_escape("1. not a list") == r"1\. not a list"
    assert markdown_escape("# not a heading") == r"\# not a heading"
    assert markdown_escape("line one\nline two") == "line one line two"


def test_json_keeps_the_article_structure() -> None:
    articles = sample_briefing()
    data = json.loads(render_json(articles, META))
    assert data["briefing"]["model"] == {"id": "m", "version": "2", "demo": False, "bundled": False}
    assert data["qa"] == summarize(articles)
    first = data["articles"][0]
    assert first["title"] == articles[0].article.title
    assert first["title_target"] == articles[0].title.target
    assert [p["target"] for p in first["paragraphs"]] == [p.target for p in articles[0].paragraphs]
    assert first["related"][0]["title"] == articles[0].related[0].article.title
    assert set(first) >= {"title", "published", "source", "paragraphs", "related", "removed"}
    assert json.loads(render_json(articles)).keys() == {
        "format",
        "format_version",
        "briefing",
        "qa",
        "articles",
    }


def test_json_strips_unsafe_characters_and_survives_lone_surrogates() -> None:
    text = render_json(one_article(HOSTILE + "\ud800"), META)
    assert "\\u0000" not in text and "\u202e" not in text
    text.encode("utf-8")  # a lone surrogate would make this raise
    assert json.loads(text)["articles"][0]["paragraphs"][0]["target"] == "Said " + STRIPPED


def test_plain_text_is_only_the_english() -> None:
    articles = sample_briefing()
    text = render_plain(articles)
    for article in flat(articles):
        assert article.title.target in text
        for paragraph in article.paragraphs:
            assert paragraph.target in text
    leftover = ARABIC_WORD_RE.findall(text)
    assert leftover == ["جازان"]  # the one word the sample translation left untranslated
    assert "Related: Demand for water rises in summer" in text
