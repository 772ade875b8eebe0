"""Article text out of a saved news page: headline, date line, body paragraphs.

Scripts, styles, forms and frames are dropped; elements whose class or id names navigation, ads,
sharing, comments, footers or sidebars are ignored. The body is the element holding the most
paragraph text; only paragraphs whose nearest block ancestor is that element count, so notices
nested in their own boxes (comment policies) and sidebars ("most read") stay out.
"""

from __future__ import annotations

import copy
import re
from dataclasses import dataclass, field

import lxml.etree
import lxml.html

from briefing.errors import InputError
from briefing.ingest.dates import find_date, residue_words
from briefing.text.safety import strip_controls

_DROP_TAGS = (
    "script", "style", "noscript", "iframe", "form", "button", "svg", "select", "template",
    "object", "embed", "nav", "aside", "footer", "input", "textarea", "head",
)  # fmt: skip
# Class/id words of page furniture, matched as whole words of the attribute ("cnn_adcntr", "hdr-nav").
_FURNITURE = re.compile(
    r"(?:^|[\s_-])(?:ads?|adv\w*|advert\w*|ad(?:cntr|title|space|slot|unit|box|wrap)\w*|banner\w*"
    r"|sponsor\w*|promo\w*|nav\w*|menu\w*|hdr|header|masthead|footer|ftr\w*|sidebar\w*|widget\w*"
    r"|share\w*|social\w*|comments?|fb-comments|related|most-?(?:read|viewed|popular)|popular"
    r"|trending|breadcrumbs?|cookies?|newsletter|subscri\w*|tags|keywords)(?=$|[\s_\-\d])",
    re.IGNORECASE,
)
_BLOCKS = frozenset(
    {"div", "article", "section", "main", "td", "body", "li", "blockquote", "center"}
)
_PARAS = ("p", "h2", "h3", "h4", "h5", "h6", "blockquote", "li")
_DATE_META = (
    "article:published_time", "og:published_time", "datePublished", "pubdate", "publishdate",
    "date", "dc.date", "dcterms.created",
)  # fmt: skip
_SPACES = re.compile(r"\s+")
_INLINE = frozenset(
    {"a", "b", "strong", "em", "i", "u", "span", "font", "small", "big", "sup", "sub"}
)
_MIN_LOOSE_TEXT = 80


@dataclass
class HtmlArticle:
    lines: list[str]  # headline, date line if found, body paragraphs
    headings: set[int] = field(default_factory=set)
    url: str | None = None
    site: str | None = None
    published: str | None = None
    notes: list[str] = field(default_factory=list)  # what could not be read, for a warning


_BR = "\ue000br\ue000"  # stands for <br> while the text is flattened
_BR_RUN = re.compile(f"{_BR}(?:\\s*{_BR})+")


def _text(element: lxml.html.HtmlElement) -> str:
    """The element's text; a blank line (two <br>) separates paragraphs, one <br> is a space."""
    for br in element.iter("br"):
        br.tail = _BR + (br.tail or "")
    text = element.text_content()
    for br in element.iter("br"):
        br.tail = (br.tail or "").replace(_BR, "", 1)
    parts = _BR_RUN.split(text)
    return "\n".join(_SPACES.sub(" ", part.replace(_BR, " ")).strip() for part in parts)


class _Layout:
    """Which elements are page furniture or inside it, and each one's nearest block
    ancestor: worked out once, from the top down. Asking every paragraph's ancestors
    instead costs paragraphs × depth: 26 s for a page of 2,000 unclosed <font> tags."""

    def __init__(self, doc: lxml.html.HtmlElement) -> None:
        self._furniture: set[lxml.html.HtmlElement] = set()  # furniture or inside it
        self._block: dict[lxml.html.HtmlElement, lxml.html.HtmlElement | None] = {}
        in_article: set[lxml.html.HtmlElement] = set()
        for element in doc.iter():
            parent = element.getparent()
            if parent is not None and (parent in in_article or parent.tag in ("article", "main")):
                in_article.add(element)
            if parent in self._furniture or self._is_furniture(element, element in in_article):
                self._furniture.add(element)
            if parent is None:
                self._block[element] = None
            else:
                self._block[element] = parent if parent.tag in _BLOCKS else self._block[parent]

    @staticmethod
    def _is_furniture(element: lxml.html.HtmlElement, in_article: bool) -> bool:
        if element.tag == "header" and not in_article:
            return True
        marks = f"{element.get('class', '')} {element.get('id', '')}"
        return _FURNITURE.search(marks) is not None

    def inside_furniture(self, element: lxml.html.HtmlElement) -> bool:
        return element in self._furniture

    def block_parent(self, element: lxml.html.HtmlElement) -> lxml.html.HtmlElement | None:
        return self._block.get(element)


def _meta(doc: lxml.html.HtmlElement, *names: str) -> str | None:
    for name in names:
        for attr in ("property", "name", "itemprop"):
            for element in doc.xpath(f"//meta[@{attr}=$n]", n=name):
                content = (element.get("content") or "").strip()
                if content:
                    return content
    return None


def _headline(doc: lxml.html.HtmlElement, layout: _Layout) -> lxml.html.HtmlElement | None:
    candidates = [
        h for h in doc.iter("h1") if not layout.inside_furniture(h) and h.text_content().strip()
    ]
    return max(candidates, key=lambda h: len(h.text_content()), default=None)


def _body_paragraphs(doc: lxml.html.HtmlElement, layout: _Layout) -> list[lxml.html.HtmlElement]:
    """The paragraphs of the block that holds the most paragraph text."""
    by_parent: dict[lxml.html.HtmlElement, list[lxml.html.HtmlElement]] = {}
    for para in doc.iter(*_PARAS):
        if para.tag == "li" and para.find(".//p") is not None:
            continue
        parent = layout.block_parent(para)
        if parent is not None and not layout.inside_furniture(para):
            by_parent.setdefault(parent, []).append(para)
    if not by_parent:
        return []

    def weight(paras: list[lxml.html.HtmlElement]) -> int:
        return sum(len(p.text_content().strip()) for p in paras if p.tag == "p")

    return max(by_parent.values(), key=weight)


def _loose_text_block(doc: lxml.html.HtmlElement, layout: _Layout) -> lxml.html.HtmlElement | None:
    """For pages without <p>: the block with the most text of its own (lines split by <br>)."""
    best, best_length = None, _MIN_LOOSE_TEXT - 1
    for block in doc.iter(*_BLOCKS):
        if layout.inside_furniture(block):
            continue
        own = (block.text or "") + "".join(
            (child.text_content() if child.tag in _INLINE else "") + (child.tail or "")
            for child in block
        )
        if len(own.strip()) > best_length:
            best, best_length = block, len(own.strip())
    if best is None:
        return None
    loose = lxml.html.fragment_fromstring("<div></div>")
    loose.text = best.text
    for child in best:
        if child.tag in _INLINE or child.tag == "br":
            loose.append(copy.deepcopy(child))
        else:  # keep the text that follows a nested block
            span = lxml.html.Element("span")
            span.text = " "
            span.tail = child.tail
            loose.append(span)
    return loose


def _date_line(doc: lxml.html.HtmlElement, layout: _Layout, headline: lxml.html.HtmlElement | None,
               first: lxml.html.HtmlElement | None) -> str | None:  # fmt: skip
    """A short text between headline and body that is nothing but a date."""
    for time in doc.iter("time"):
        if not layout.inside_furniture(time):
            text = time.get("datetime") or time.text_content()
            if find_date(text):
                return _SPACES.sub(" ", text).strip()
    if headline is None or first is None:
        return None
    after = False
    for element in doc.iter():
        if element is headline:
            after = True
            continue
        if element is first:
            break
        own = _SPACES.sub(" ", element.text or "").strip()
        if after and own and len(own) <= 150 and find_date(own) and residue_words(own) <= 3:
            return own
    return None


def _parser_losses(parser: lxml.html.HTMLParser, name: str) -> list[str]:
    """A note when libxml2 gave up on part of the page (its limits: nesting depth even
    with huge_tree), since the text past that point is then missing from the article."""
    for entry in parser.error_log:
        if entry.type_name == "ERR_RESOURCE_LIMIT" or "XML_PARSE_HUGE" in entry.message:
            depth = re.search(r"\d+", entry.message)
            limit = f" (more than {int(depth[0]):,} levels)" if depth else ""
            return [
                f"{name}: line {entry.line}: the page's tags are nested too deeply to read it "
                f"all{limit}; the text after that point is missing: save the page again or "
                "paste its text into a .txt file"
            ]
    return []


def extract_html(text: str, name: str) -> HtmlArticle:
    """The article in the page ``text``; InputError when the page holds no article text."""
    text = re.sub(r"^\s*<\?xml[^>]*>", "", text)  # lxml refuses str input with an encoding decl
    # Control characters would be dropped later anyway; lxml refuses them in element text.
    text = strip_controls(text)
    # huge_tree: libxml2 otherwise stops at 256 levels, and a page of unclosed <font> tags
    # (one level a paragraph) loses everything after its 253rd paragraph without a word.
    parser = lxml.html.HTMLParser(huge_tree=True)
    try:
        doc = lxml.html.document_fromstring(text, parser=parser)
    except (lxml.etree.ParserError, ValueError) as exc:
        raise InputError(f"{name}: not a readable HTML page ({exc}); save the page again") from exc
    notes = _parser_losses(parser, name)
    url = _meta(doc, "og:url") or next(iter(doc.xpath("//link[@rel='canonical']/@href")), None)
    site = _meta(doc, "og:site_name")
    published = _meta(doc, *_DATE_META)
    title = _meta(doc, "og:title") or next(iter(doc.xpath("//title/text()")), None)
    for element in list(doc.iter(*_DROP_TAGS)):
        if element.getparent() is not None:
            element.drop_tree()
    lxml.etree.strip_elements(doc, lxml.etree.Comment, with_tail=False)
    layout = _Layout(doc)
    headline = _headline(doc, layout)
    paragraphs = _body_paragraphs(doc, layout)
    if not paragraphs:
        loose = _loose_text_block(doc, layout)
        paragraphs = [loose] if loose is not None else []
    body = [(p, _text(p)) for p in paragraphs]
    body = [(p, t) for p, t in body if t.strip()]
    if not body:
        raise InputError(
            f"{name}: no article text found (no paragraphs outside menus and ads); "
            "save the article page itself, or paste its text into a .txt file"
        )
    lines = [_text(headline) if headline is not None else (title or "")]
    date = _date_line(doc, layout, headline, body[0][0])
    if date:
        lines.append(date)
    headings: set[int] = set()
    for para, para_text in body:
        if para.tag.startswith("h"):
            headings.add(len(lines))
        lines.extend(line for line in para_text.split("\n") if line.strip())
    return HtmlArticle(lines, headings, str(url) if url else None, site, published, notes)
