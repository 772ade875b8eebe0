"""XLIFF 1.2 for CAT tools: ``review export`` writes it, ``review import job.xlf`` reads it.

Why 1.2: it is the version every CAT tool analysts use reads and writes back through its
standard filter (Trados Studio, memoQ, OmegaT through Okapi, Okapi Rainbow); 2.x support
is newer and partial in several of them. 1.2 also has the states this round trip needs:
the machine translation goes out as ``needs-review-translation`` (qualifier
``leveraged-mt``), approved English as ``final`` (``leveraged-tm``), a fuzzy match of the
approved memory as ``alt-trans`` with its ``match-quality``, glossary names and QA flags
as ``note``s. Import takes targets in ``translated``, ``signed-off`` or ``final`` (or
``approved="yes"``); XLIFF 2.0/2.1 files (``translated``, ``reviewed``, ``final``
segments) are read too.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any
from xml.etree.ElementTree import Element

from lxml import etree

from briefing import __version__
from briefing.document import APPROVED, TranslatedArticle, TranslatedParagraph
from briefing.errors import ReviewError
from briefing.mt.approved import Approval
from briefing.review.docx_review import ReviewRead
from briefing.review.xmlio import XML_LANG, inline_text, language, local, parse_file
from briefing.text.keys import is_blank
from briefing.text.safety import display_name

NS12 = "urn:oasis:names:tc:xliff:document:1.2"
NS20 = "urn:oasis:names:tc:xliff:document:2.0"
ACCEPTED_12 = frozenset({"translated", "signed-off", "final"})
ACCEPTED_20 = frozenset({"translated", "reviewed", "final"})
KEEP_12 = ("g", "mrk")  # formatting and markers hold text; x/bx/ex/ph/bpt/ept/it are codes
KEEP_20 = ("pc", "mrk")
FIX = "export a new one with 'briefing review export', or save it from your CAT tool as XLIFF"


def _flatten(
    articles: Iterable[TranslatedArticle], prefix: str = ""
) -> Iterator[tuple[str, TranslatedArticle]]:
    for index, article in enumerate(articles, start=1):
        number = f"{prefix}{index}"
        yield number, article
        yield from _flatten(article.related, f"{number}.")


def _element(parent: Any, name: str, text: str = "", **attributes: str) -> Any:
    child = etree.SubElement(parent, f"{{{NS12}}}{name}", attributes)
    if text:
        child.text = text
    return child


def _unit(group: Any, unit_id: str, paragraph: TranslatedParagraph) -> None:
    unit = _element(group, "trans-unit", id=unit_id)
    _element(unit, "source", paragraph.source, **{XML_LANG: "ar"})
    approved = paragraph.origin == APPROVED
    state = ("final", "leveraged-tm") if approved else ("needs-review-translation", "leveraged-mt")
    _element(
        unit,
        "target",
        paragraph.target,
        **{XML_LANG: "en", "state": state[0], "state-qualifier": state[1]},
    )
    if paragraph.suggestion is not None:
        percent = f"{round(paragraph.suggestion.similarity * 100)}%"
        alt = _element(unit, "alt-trans", **{"match-quality": percent, "origin": "approved memory"})
        _element(alt, "source", paragraph.suggestion.source, **{XML_LANG: "ar"})
        _element(alt, "target", paragraph.suggestion.english, **{XML_LANG: "en"})
    for term in dict.fromkeys((t.source, t.english, t.kind) for t in paragraph.terms):
        note = f"{term[0]} = {term[1]} ({term[2]})"
        _element(unit, "note", note, **{"from": "glossary", "annotates": "source"})
    for flag in paragraph.flags:
        _element(unit, "note", f"QA {flag.code}: {flag.message}", **{"from": "briefing QA"})


def write_xliff(articles: list[TranslatedArticle], model: str) -> tuple[bytes, int]:
    """One XLIFF 1.2 file, one ``group`` per article, one ``trans-unit`` per paragraph
    (the title is unit 0); its bytes and its number of units."""
    units = 0
    nsmap = {None: NS12}
    root = etree.Element(f"{{{NS12}}}xliff", nsmap=nsmap, version="1.2")
    file = _element(
        root,
        "file",
        original="briefing",
        datatype="plaintext",
        **{"source-language": "ar", "target-language": "en", "tool-id": "briefing"},
    )
    header = _element(file, "header")
    _element(
        header,
        "tool",
        **{"tool-id": "briefing", "tool-name": "briefing", "tool-version": __version__},
    )
    _element(header, "note", f"Machine translation by {model}; review every target.")
    body = _element(file, "body")
    for number, article in _flatten(articles):
        group = _element(body, "group", id=f"article-{number}")
        if article.article.path:
            _element(group, "note", f"from {display_name(article.article.path)}")
        for index, paragraph in enumerate([article.title, *article.paragraphs]):
            if paragraph.source.strip():
                _unit(group, f"{number}-{index}", paragraph)
                units += 1
    data: bytes = etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)
    return data, units


def _check_languages(path: Path, source: str | None, target: str | None) -> None:
    if language(source) != "ar" or language(target) != "en":
        raise ReviewError(
            f"{path}: the XLIFF translates {source or '?'} into {target or '?'}; the approved "
            "memory holds Arabic→English (source-language ar, target-language en)"
        )


def _units_12(path: Path, root: Element, read: ReviewRead) -> None:
    for file in root.iter(f"{{{NS12}}}file"):
        _check_languages(path, file.get("source-language"), file.get("target-language"))
    for unit in root.iter(f"{{{NS12}}}trans-unit"):
        source = unit.find(f"{{{NS12}}}source")
        target = unit.find(f"{{{NS12}}}target")
        state = target.get("state", "") if target is not None else ""
        done = state in ACCEPTED_12 or unit.get("approved") == "yes"
        texts = [inline_text(e, KEEP_12) if e is not None else "" for e in (source, target)]
        _take(f"unit {unit.get('id', '?')}", texts, done, state or "no state", path, read)


def _units_20(path: Path, root: Element, read: ReviewRead) -> None:
    _check_languages(path, root.get("srcLang"), root.get("trgLang"))
    for unit in root.iter(f"{{{NS20}}}unit"):
        segments = list(unit.iter(f"{{{NS20}}}segment"))
        states = {s.get("state", "initial") for s in segments}
        texts = [
            " ".join(
                inline_text(e, KEEP_20)
                for s in segments
                if (e := s.find(f"{{{NS20}}}{side}")) is not None
            )
            for side in ("source", "target")
        ]
        done = bool(segments) and states <= ACCEPTED_20
        _take(f"unit {unit.get('id', '?')}", texts, done, "/".join(sorted(states)), path, read)


def _take(
    where: str, texts: list[str], done: bool, state: str, path: Path, read: ReviewRead
) -> None:
    source, english = (" ".join(text.split()) for text in texts)
    if not done:
        read.unchanged += 1  # still the machine's (needs review): nothing approved
    elif is_blank(source):
        read.skipped.append(f"{where}: no source text; ignored")
    elif is_blank(english):
        read.skipped.append(f"{where}: the target is empty although marked {state}; ignored")
    else:
        read.approvals.append(
            Approval(source, english, display_name(path.name), state, place=where)
        )


def read_xliff(path: Path) -> ReviewRead:
    """The targets of ``path`` a translator marked translated or final."""
    root = parse_file(path, "an XLIFF file", FIX)
    read = ReviewRead()
    if root.tag == f"{{{NS12}}}xliff":
        _units_12(path, root, read)
    elif root.tag == f"{{{NS20}}}xliff":
        _units_20(path, root, read)
    else:
        raise ReviewError(
            f"{path}: not XLIFF 1.2 or 2.x (the root element is <{local(root.tag)}>); {FIX}"
        )
    return read
