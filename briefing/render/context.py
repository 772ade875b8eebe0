"""The one view of a briefing that every template (DOCX, HTML, Markdown) renders.

Articles are flattened (related articles right after their parent), dates are made
readable, the glossary appendix and QA summary are computed, and every string is passed
through ``strip_controls`` last, so no template can receive unsafe text.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Iterator
from datetime import datetime, timedelta
from typing import Any

from briefing.document import APPROVED, Flag, Term, TranslatedArticle, TranslatedParagraph
from briefing.qa.checks import LABELS, summarize
from briefing.render.marks import MarkNamer
from briefing.render.meta import BriefingMeta
from briefing.text.arabic import ARABIC_LETTER_RE
from briefing.text.plural import plural
from briefing.text.safety import clean_tree

SEPARATOR = " · "
UNTITLED = "Translation"
# On every page of every output made with a demo model (DOCX header, HTML and Markdown
# banners): its English of real news is nonsense, and a page forwarded alone must say so.
DEMO_NOTICE = (
    "DEMO MODEL: this English comes from a demo model trained on synthetic sentences and is "
    "nonsense for real news. Install the real model: briefing model install"
)
NO_TITLE = "(title not translated)"


def readable_date(value: str | None) -> str:
    """ "2024-10-25T12:56:00+00:00" → "25 October 2024, 12:56"; unparsable text as is."""
    if not value:
        return ""
    try:
        moment = datetime.fromisoformat(value.strip())
    except ValueError:
        return value
    day = f"{moment.day} {moment:%B %Y}"
    if len(value.strip()) > 10 and (moment.hour or moment.minute):
        day += f", {moment:%H:%M}"
        offset = moment.utcoffset()
        if offset is not None:
            day += " " + _zone(offset)
    return day


def _zone(offset: timedelta) -> str:
    """The time zone a date line gave, as it is usually written: GMT, GMT+4, GMT-3:30."""
    minutes = round(offset.total_seconds() / 60)
    if not minutes:
        return "GMT"
    sign = "+" if minutes > 0 else "-"
    hours, rest = divmod(abs(minutes), 60)
    return f"GMT{sign}{hours}" + (f":{rest:02d}" if rest else "")


def _flag(flag: Flag) -> dict[str, str]:
    return {"code": flag.code, "message": flag.message, "label": LABELS.get(flag.code, "")}


def _row(paragraph: TranslatedParagraph) -> dict[str, Any]:
    return {
        "source": paragraph.source,
        "target": paragraph.target,
        "heading": paragraph.heading,
        "flags": [_flag(flag) for flag in paragraph.flags],
        "flagged": bool(paragraph.flags),
        "approved": paragraph.origin == APPROVED,
        "review_mark": "",  # set once the whole briefing is known (names are unique)
    }


def _is_web(url: str | None) -> bool:
    return bool(url) and re.match(r"https?://[^\s]+$", url or "", re.IGNORECASE) is not None


def byline(article: TranslatedArticle) -> str:
    a = article.article
    parts = []
    if article.source_target:
        parts.append(f"Source: {article.source_target}")
    elif a.source:  # not in the glossary: an Arabic name is marked, never passed off as English
        arabic = ARABIC_LETTER_RE.search(a.source) is not None
        parts.append(f"Source{' (in Arabic)' if arabic else ''}: {a.source}")
    if a.published:
        parts.append(f"Published {readable_date(a.published)}")
    if a.updated and a.updated != a.published:
        parts.append(f"Updated {readable_date(a.updated)}")
    if a.author:
        parts.append(f"By {a.author}")
    return SEPARATOR.join(parts) if parts else "Source and date not given"


def _entry(
    article: TranslatedArticle, number: str, parent: dict[str, Any] | None
) -> dict[str, Any]:
    rows = [_row(paragraph) for paragraph in article.paragraphs]
    return {
        "number": number,
        "anchor": "article_" + number.replace(".", "_"),
        "is_related": parent is not None,
        "parent_number": parent["number"] if parent else "",
        "parent_title": parent["title"] if parent else "",
        # An English heading that is Arabic would sit in a left-to-right paragraph
        "title": article.title.target.strip() or NO_TITLE,
        "title_ar": article.title.source or article.article.title,
        "title_flags": [_flag(flag) for flag in article.title.flags],
        "title_approved": article.title.origin == APPROVED,
        "byline": byline(article),
        "source": article.article.source or "",
        "published": readable_date(article.article.published),
        "url": article.article.url or "",
        # Only web addresses become links: a "javascript:" URL must never be clickable.
        "link": article.article.url if _is_web(article.article.url) else "",
        "rows": rows,
        "flag_count": len(article.flags()),
    }


def _flatten(
    articles: Iterable[TranslatedArticle], prefix: str = "", parent: dict[str, Any] | None = None
) -> Iterator[dict[str, Any]]:
    for index, article in enumerate(articles, start=1):
        entry = _entry(article, f"{prefix}{index}", parent)
        yield entry
        yield from _flatten(article.related, f"{entry['number']}.", entry)


def _terms(articles: Iterable[TranslatedArticle]) -> Iterator[Term]:
    for article in articles:
        yield from article.title.terms
        for paragraph in article.paragraphs:
            yield from paragraph.terms
        yield from _terms(article.related)


def glossary_rows(articles: list[TranslatedArticle]) -> list[dict[str, Any]]:
    """One row per glossary entry that occurs: Arabic headword, English, kind, mentions."""
    mentions = Counter((t.entry, t.english, t.kind) for t in _terms(articles))
    rows = [
        {"arabic": entry, "english": english, "kind": kind, "mentions": count}
        for (entry, english, kind), count in mentions.items()
    ]
    return sorted(rows, key=lambda row: (row["english"].casefold(), row["arabic"]))


def counts(
    entries: list[dict[str, Any]], ocr_pages: int = 0, left_out: tuple[str, ...] = ()
) -> dict[str, Any]:
    main = [e for e in entries if not e["is_related"]]
    sources = {e["source"].strip().casefold() for e in entries if e["source"].strip()}
    rows = [row for e in entries for row in e["rows"]]
    line = plural(len(main), "article")
    if len(entries) > len(main):
        line += f" (+ {len(entries) - len(main)} related)"
    line += f" from {plural(len(sources), 'source')}" if sources else ", sources not given"
    if ocr_pages:
        line += f"; {plural(ocr_pages, 'page')} read by OCR"
    if left_out:
        line += f"; left out, not in Arabic: {', '.join(left_out)}"
    return {
        "articles": len(main),
        "related": len(entries) - len(main),
        "sources": len(sources),
        "paragraphs": len(rows) + len(entries),  # titles are checked like paragraphs
        "flagged": sum(1 for row in rows if row["flagged"])
        + sum(1 for e in entries if e["title_flags"]),
        "approved": sum(1 for row in rows if row["approved"])
        + sum(1 for e in entries if e["title_approved"]),  # titles count like paragraphs
        "ocr_pages": ocr_pages,
        "left_out": list(left_out),
        "line": line,
    }


def _ocr_pages(articles: Iterable[TranslatedArticle]) -> int:
    return sum(a.article.ocr_pages + _ocr_pages(a.related) for a in articles)


def _meta(meta: BriefingMeta | None) -> dict[str, Any]:
    given = meta is not None
    meta = meta or BriefingMeta(title=UNTITLED)
    model = meta.model
    model_line = f"{model.id} {model.version}".strip()
    if model.demo:
        model_line += " (demo model: for testing only, not for real translation)"
    if meta.glossary_name:
        glossary_line = meta.glossary_name
        if meta.glossary_digest:
            glossary_line += f" (sha256 {meta.glossary_digest[:12]})"
    else:
        glossary_line = "none"
    return {
        "title": meta.title or UNTITLED,  # None: a translation, not a briefing
        "date": readable_date(meta.date),
        "iso_date": meta.date,
        "model": model_line,
        "model_id": model.id,
        "model_version": model.version,
        "demo": model.demo,
        "demo_notice": DEMO_NOTICE if model.demo else "",
        "glossary": glossary_line,
        "glossary_name": meta.glossary_name,
        "glossary_digest": meta.glossary_digest,
        "tool": f"briefing {meta.tool_version}",
        "tool_version": meta.tool_version,
        "given": given,  # False for a plain translation with no briefing facts
    }


def build_context(
    articles: list[TranslatedArticle], meta: BriefingMeta | None = None
) -> dict[str, Any]:
    """Everything a template may use; every string already free of unsafe characters."""
    entries = list(_flatten(articles))
    namer = MarkNamer()
    for row in (row for entry in entries for row in entry["rows"]):
        row["review_mark"] = namer.name(row["source"], row["target"])
    summary = summarize(articles)
    context = {
        "meta": _meta(meta),
        "counts": counts(entries, _ocr_pages(articles), meta.left_out if meta else ()),
        "qa": [
            {"code": code, "label": LABELS.get(code, code), "count": count}
            for code, count in summary.items()
        ],
        "qa_total": sum(summary.values()),
        "articles": entries,
        "glossary": glossary_rows(articles),
    }
    cleaned = clean_tree(context)
    assert isinstance(cleaned, dict)
    return cleaned
