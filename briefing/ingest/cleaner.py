"""Turn an article as pasted from the web into a clean ``Article``.

The first line is the title. Boilerplate (ad markers, subscription pitches, buttons, keyword
lines, comment counters, photo credits, empty source lines) is dropped; date, source and author
lines become metadata; a "read also" marker starts related articles; short unpunctuated lines in
the body become subheadings; a line that starts with a comma is glued back onto the line it was
cut from. Every word and pattern comes from ``cleaning_rules.toml``. Nothing disappears unseen:
each line that is not the title or a paragraph is appended to ``Article.removed``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from briefing.document import Article, Paragraph
from briefing.ingest.cleaning_rules import Rules, fold, rules
from briefing.ingest.dates import find_date, residue_words
from briefing.ingest.furniture import furniture
from briefing.text.arabic import ARABIC_SCRIPT_RE
from briefing.text.safety import strip_controls

__all__ = ["clean_lines", "clean_article", "split_lines", "strip_controls"]

# Characters str.splitlines() breaks on besides \n; a paste may carry any of them.
_LINE_BREAKS = re.compile("\r\n|[\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029]")
_SPACES = re.compile(r"[^\S\n]+")
_WHITESPACE = re.compile(r"\s+")
_ARABIC = ARABIC_SCRIPT_RE
_LETTER = re.compile(r"[^\W\d_]")
_INLINE_AD = re.compile(r"\[\s*ad_?\d*\s*\]", re.IGNORECASE)
_CONTINUATION = ("،", ",")
_EDGE = " \t\ufeff\u200b"  # trimmed from line ends: spaces, stray BOMs, zero-width spaces
_LEAD_WINDOW = 160


def split_lines(text: str) -> list[str]:
    """``text`` as lines, safe characters only, runs of spaces collapsed, ends trimmed."""
    text = strip_controls(_LINE_BREAKS.sub("\n", text))
    return [_SPACES.sub(" ", line).strip(_EDGE) for line in text.split("\n")]


@dataclass
class _Line:
    index: int
    text: str
    folded: str
    heading_hint: bool = False


@dataclass
class _Draft:
    """One article being assembled (the main one or a related one)."""

    title: str = ""
    body: list[_Line] = field(default_factory=list)
    removed: list[tuple[int, str]] = field(default_factory=list)
    published: str | None = None
    updated: str | None = None
    source: str | None = None
    author: str | None = None


def _words(text: str) -> int:
    return len(text.split())


def _is_boilerplate(line: _Line, r: Rules) -> bool:
    folded = line.folded
    if any(p.search(folded) for p in r.lines) or r.button_line.match(folded):
        return True
    return _words(folded) <= r.short_max_words and any(p.search(folded) for p in r.short_lines)


def _drop_boilerplate(lines: list[_Line], r: Rules) -> tuple[list[_Line], list[tuple[int, str]]]:
    """Lines without boilerplate, and the dropped ones with their position."""
    drop: set[int] = set()
    for pos, line in enumerate(lines):
        for block in r.blocks:
            if not block.start.search(line.folded):
                continue
            window = lines[pos : pos + block.max_lines + 1]
            end = next((k for k, cand in enumerate(window) if block.end.search(cand.folded)), None)
            if end is not None:
                drop.update(range(pos, pos + end + 1))
    kept: list[_Line] = []
    removed: list[tuple[int, str]] = []
    folded = [line.folded for line in lines]
    for pos, line in enumerate(lines):
        if pos in drop or _is_boilerplate(line, r) or furniture(folded, pos):
            removed.append((line.index, line.text))
            continue
        if _INLINE_AD.search(line.text):
            removed.extend((line.index, m.group()) for m in _INLINE_AD.finditer(line.text))
            text = _SPACES.sub(" ", _INLINE_AD.sub(" ", line.text)).strip()
            if not text:
                continue
            line = _Line(line.index, text, fold(text), line.heading_hint)
        kept.append(line)
    return kept, removed


def _value_after_colon(text: str) -> str:
    for colon in (":", "："):
        if colon in text:
            return text.split(colon, 1)[1].strip()
    return ""


def _date_fields(line: _Line, r: Rules, labeled_only: bool) -> dict[str, str] | None:
    """``published``/``updated`` from a date line, or None when ``line`` is not one.

    A line starting with a date label is a date line; in the header between title and body
    (``labeled_only`` false) a line that is nothing but a date is one too. One line may carry
    both dates: "الأربعاء، 28 آب 2013، آخر تحديث 14:00 (GMT+0400)".
    """
    folded = line.folded
    if len(folded) > 200:
        return None
    first = r.date_label.match(folded)
    if labeled_only and first is None:
        return None
    pieces = r.date_label.split(folded)  # [text, label, colon, text, label, colon, text, ...]
    values = pieces[0::3]
    # "Label: <anything short>" is a date line even when the date cannot be read ("منذ ساعتين").
    short_colon_line = first is not None and first.group(2) == ":" and _words(folded) <= 8
    if residue_words(" ".join(values)) > 1:
        return {} if short_colon_line else None
    fields: dict[str, str] = {}
    previous = None
    for kind, value in zip([None, *pieces[1::3]], values, strict=True):
        found = find_date(value, default=previous) if value.strip() else None
        if found is not None:
            key = "published" if kind is None or kind in r.published_labels else "updated"
            fields.setdefault(key, found.iso)
            previous = found.date
    return fields if fields or short_colon_line else None


def _labeled_value(line: _Line, pattern: re.Pattern[str], max_words: int) -> str | None:
    match = pattern.match(line.folded)
    if match is None:
        return None
    value = _value_after_colon(line.text).strip(" .،,-–—")
    return value if value and _words(value) <= max_words else None


def _is_credit(line: _Line, r: Rules, arabic_doc: bool) -> bool:
    text = line.text
    return (
        arabic_doc
        and not _ARABIC.search(text)
        and _LETTER.search(text) is not None
        and _words(text) <= r.latin_only_max_words
        and text[-1] not in r.final_punctuation
    )


def _headline_like(text: str, r: Rules) -> bool:
    return (
        _words(text) <= r.heading_max_words
        and len(text) <= r.heading_max_chars
        and text[-1] not in r.final_punctuation
        and not text.startswith(r.list_markers)
        and _LETTER.search(text) is not None
    )


def _take_title(draft: _Draft, line: _Line, r: Rules) -> _Line | None:
    """Make ``line`` the title; return it again as body text when it is too long to be one."""
    if len(line.text) <= r.title_max_chars:
        draft.title = line.text
        return None
    words = line.text.split()
    draft.title = " ".join(words[: r.title_derived_words]) + "…"
    return line


def _metadata(draft: _Draft, line: _Line, r: Rules, in_header: bool) -> bool:
    """Fill ``draft`` from a metadata line; True when ``line`` was one."""
    dates = _date_fields(line, r, labeled_only=not in_header)
    if dates is not None:
        draft.published = draft.published or dates.get("published")
        draft.updated = draft.updated or dates.get("updated")
        return True
    if r.source_label.match(line.folded):
        source = _labeled_value(line, r.source_label, r.source_max_words)
        if source is None and _value_after_colon(line.text):
            return False  # a long "source:" sentence is text
        draft.source = draft.source or source
        return True
    author = _labeled_value(line, r.author_label, r.author_max_words)
    if author is not None:
        draft.author = draft.author or author
        return True
    return False


def _fill(draft: _Draft, lines: Iterable[_Line], r: Rules, arabic_doc: bool) -> None:
    """Sort the lines of one article into title, metadata, dropped lines and body."""
    title_key = fold(draft.title) if draft.title else None
    for line in lines:
        # An unlabeled date line counts only between title and body, never as the title itself.
        in_header = title_key is not None and not draft.body
        if _metadata(draft, line, r, in_header):
            draft.removed.append((line.index, line.text))
        elif title_key is None:
            back = _take_title(draft, line, r)
            title_key = fold(draft.title)
            if back is not None:
                draft.body.append(back)
        elif line.folded == title_key or _is_credit(line, r, arabic_doc):
            draft.removed.append((line.index, line.text))
        else:
            draft.body.append(line)


def _merge_continuations(body: list[_Line]) -> list[_Line]:
    """Glue a line that starts with a comma onto the line before it (a link lost in a paste)."""
    merged: list[_Line] = []
    for line in body:
        if merged and line.text.startswith(_CONTINUATION):
            prev = merged[-1]
            text = prev.text.rstrip() + line.text
            merged[-1] = _Line(prev.index, text, fold(text))
        else:
            merged.append(line)
    return merged


def _paragraphs(body: Sequence[_Line], r: Rules) -> list[Paragraph]:
    like = [_headline_like(line.text, r) for line in body]
    paragraphs = []
    for i, line in enumerate(body):
        # Inside the body only: a short first line is a dateline or byline ("جدة – واس").
        lone = i > 0 and not like[i - 1] and i + 1 < len(body) and not like[i + 1]
        paragraphs.append(Paragraph(line.text, heading=line.heading_hint or (like[i] and lone)))
    return paragraphs


# Possessive: a word is never split to retry, which made a long run of letters take seconds.
_PLACE = r"(?:[^\W\d_]++[ ،,]*+){1,4}"
_LEAD_SEP = r"\s*(?:--|[-–—:])"
_LEADS = tuple(
    re.compile(p)
    for p in (
        rf"^{_PLACE}[(\[]\s*(?P<src>[^()\[\]]{{1,40}}?)\s*[)\]]{_LEAD_SEP}",  # دمشق (CNN) --
        rf"^{_PLACE}[\"“«]\s*(?P<src>[^\"“”«»]{{1,40}}?)\s*[\"”»]{_LEAD_SEP}",  # عواصم "وكالات":
        rf"^(?P<src>[^\W\d_][\w .]{{0,30}}?){_LEAD_SEP}",  # CNN -
        rf"^{_PLACE}\s*[-–—]\s*(?P<src>[^\W\d_][\w .]{{0,30}}?){_LEAD_SEP}",  # القاهرة - رويترز:
    )
)
_LATIN_AGENCY = re.compile(r"[A-Z][A-Za-z.&]*(?: [A-Z][A-Za-z.&]*){0,2}")


def _lead_source(text: str, r: Rules) -> str | None:
    """The agency a dateline lead names: "دمشق، سوريا (CNN) --", "CNN - ", 'عواصم "وكالات":'."""
    head = text[:_LEAD_WINDOW]
    for pattern in _LEADS:
        match = pattern.match(head)
        if match is None:
            continue
        source = match["src"].strip(" .")
        if fold(source) in r.agencies or _LATIN_AGENCY.fullmatch(source):
            return source
    return None


def _finish(draft: _Draft, r: Rules, path: str | None) -> Article:
    body = _merge_continuations(draft.body)
    paragraphs = _paragraphs(body, r)
    source = draft.source
    if source is None:
        first = next((p.text for p in paragraphs if not p.heading), None)
        source = _lead_source(first, r) if first else None
    return Article(
        title=draft.title,
        paragraphs=paragraphs,
        published=draft.published,
        updated=draft.updated,
        source=source,
        author=draft.author,
        path=path,
        removed=[text for _, text in sorted(draft.removed, key=lambda item: item[0])],
    )


def _split_related(
    lines: list[_Line], r: Rules
) -> tuple[list[_Line], list[list[_Line]], list[_Line]]:
    """Main lines, the line groups after each "read also" marker, and the marker lines."""
    main: list[_Line] = []
    blocks: list[list[_Line]] = []
    markers: list[_Line] = []
    for line in lines:
        match = r.related_marker.match(line.folded)
        if match is None:
            (blocks[-1] if blocks else main).append(line)
            continue
        markers.append(line)
        blocks.append([])
        # The headline after "اقرأ أيضا:" (or "اقرأ أيضا. ") on the marker line itself.
        parts = re.split(r"[:：.…]", line.text, maxsplit=1)
        rest = parts[1].strip(" .…") if match[1] and len(parts) == 2 else ""
        if rest:
            blocks[-1].append(_Line(line.index, rest, fold(rest)))
    return main, blocks, markers


def _related(
    block: list[_Line], removed: list[tuple[int, str]], r: Rules, arabic_doc: bool, path: str | None
) -> list[Article]:
    """The articles of one "read also" block.

    Headlines in a row each become an article of their own; the last headline before ordinary
    text is that text's title.
    """
    if not block:
        return []
    count = 1
    while count < len(block) and _headline_like(block[count].text, r):
        count += 1
    if count < len(block):
        count -= 1
    groups = [block[k : k + 1] for k in range(count)]
    if count < len(block):
        groups.append(block[count:])
    articles = []
    for k, group in enumerate(groups):
        draft = _Draft(removed=list(removed) if k == len(groups) - 1 else [])
        _fill(draft, group, r, arabic_doc)
        articles.append(_finish(draft, r, path))
    return articles


def clean_lines(
    lines: Sequence[str],
    *,
    title: str | None = None,
    path: str | None = None,
    headings: Iterable[int] = (),
) -> Article:
    """Clean an article given as lines; ``title`` when the headline is known (JSON records);
    ``headings``: indexes of lines the source format marks as headings (HTML h2, DOCX styles)."""
    r = rules()
    hints = set(headings)
    prepared = []
    for i, raw in enumerate(lines):
        text = _WHITESPACE.sub(" ", strip_controls(raw)).strip(_EDGE)
        folded = fold(text)
        if folded:  # a line of nothing but invisible marks counts as empty
            prepared.append(_Line(i, text, folded, i in hints))
    arabic_doc = any(_ARABIC.search(line.text) for line in prepared)
    kept, removed = _drop_boilerplate(prepared, r)
    main_lines, blocks, markers = _split_related(kept, r)
    ends = [m.index for m in markers] + [len(lines)]
    draft = _Draft(title=_WHITESPACE.sub(" ", strip_controls(title or "")).strip(_EDGE))
    # A dropped piece of a marker line itself ("[ad_1]اقرأ أيضا:") goes with the text above
    # the marker: every dropped line lands in exactly one ``removed``.
    draft.removed = [item for item in removed if item[0] <= ends[0]]
    draft.removed.extend((m.index, m.text) for m in markers)
    _fill(draft, main_lines, r, arabic_doc)
    article = _finish(draft, r, path)
    for k, block in enumerate(blocks):
        own = [item for item in removed if ends[k] < item[0] <= ends[k + 1]]
        for related in _related(block, own, r, arabic_doc, path) or [
            _finish(_Draft(removed=own), r, path)
        ]:
            if related.title:
                article.related.append(related)
            else:  # a block of nothing but dropped lines: keep them visible on the parent
                article.removed.extend(related.removed)
    return article


def clean_article(text: str, path: str | None = None) -> Article:
    """Clean a pasted article: the first line is its title (see the module docstring)."""
    return clean_lines(split_lines(text), path=path)
