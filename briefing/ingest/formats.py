"""Article formats other than plain text: JSON records, Markdown, HTML and Word.

Each function returns cleaned ``Article`` objects (see ``cleaner``) or raises InputError naming
the file and the fix. ``reader`` picks the function by file suffix.
"""

from __future__ import annotations

import io
import json
import re
import zipfile
from typing import Any

from briefing.document import Article
from briefing.errors import InputError
from briefing.ingest.cleaner import clean_lines, split_lines
from briefing.ingest.dates import find_date
from briefing.ingest.html import extract_html
from briefing.text.safety import strip_controls

# A .docx's document.xml may be this many times the input limit once unzipped (zip-bomb guard).
DOCX_EXPANSION = 20


def _describe_limit(limit: int) -> str:
    if limit % (1024 * 1024) == 0:
        return f"{limit // (1024 * 1024)} MB"
    return f"{limit:,} bytes"


def too_big(name: str, size: int | None, limit: int) -> InputError:
    """``size`` None: a stream (pipe, device, stdin) known only to be longer than ``limit``."""
    amount = f"{size:,} bytes is over" if size is not None else "longer than"
    return InputError(
        f"{name}: {amount} the {_describe_limit(limit)} input limit; raise it with --max-input-size"
    )


# -- records (.json, .jsonl) --------------------------------------------------------------------


def _field(record: dict[str, Any], key: str) -> str | None:
    value = record.get(key)
    if value is None:
        return None
    if not isinstance(value, str | int | float):
        raise ValueError(f"'{key}' is not text")
    # Metadata lands in bylines and document properties: no controls or bidi overrides.
    text = " ".join(strip_controls(str(value)).split())
    return text or None


def _record_article(record: object, path: str) -> Article:
    """The article of one JSON record; ValueError says what is wrong with it."""
    if not isinstance(record, dict):
        raise ValueError("a record must be a JSON object with 'title' and 'content'")
    content = record.get("content", record.get("text"))
    if isinstance(content, list) and all(isinstance(c, str) for c in content):
        content = "\n".join(content)
    if not isinstance(content, str):
        raise ValueError("'content' is missing or not text")
    title = _field(record, "title")
    if title is None and not content.strip():
        raise ValueError("both 'title' and 'content' are empty")
    article = clean_lines(split_lines(content), title=title, path=path)
    article.url = _field(record, "url") or article.url
    article.author = _field(record, "author") or article.author
    article.source = _field(record, "source") or article.source
    date = _field(record, "date") or _field(record, "date_extracted")
    if date:
        found = find_date(date)
        if found is not None:
            article.published = found.iso
        else:
            article.removed.append(f"date: {date}")
    return article


def _bad(name: str, where: str, problem: str, on_bad_line: str, skipped: list[str] | None) -> None:
    if on_bad_line == "stop":
        raise InputError(f"{name}, {where}: {problem}; fix it or use --on-bad-line skip")
    if skipped is not None:
        skipped.append(f"{name}, {where}: skipped: {problem}")


def read_jsonl(text: str, name: str, on_bad_line: str, skipped: list[str] | None) -> list[Article]:
    articles = []
    for number, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        try:
            articles.append(_record_article(json.loads(line), name))
        except json.JSONDecodeError as exc:
            _bad(name, f"line {number}", f"not valid JSON ({exc.msg})", on_bad_line, skipped)
        except (ValueError, RecursionError) as exc:
            _bad(name, f"line {number}", str(exc), on_bad_line, skipped)
    if not articles:
        raise InputError(f"{name}: no readable records; each line must be a JSON object")
    return articles


def read_json(text: str, name: str, on_bad_line: str, skipped: list[str] | None) -> list[Article]:
    shape = "expected an object with 'title' and 'content', or a list of them"
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise InputError(
            f"{name}: not valid JSON (line {exc.lineno}: {exc.msg}); fix the file"
        ) from exc
    except RecursionError as exc:
        raise InputError(f"{name}: JSON nested too deeply; {shape}") from exc
    if isinstance(data, dict) and isinstance(data.get("articles"), list):
        data = data["articles"]
    if isinstance(data, dict):
        data = [data]
    if not isinstance(data, list) or not data:
        raise InputError(f"{name}: wrong shape; {shape}")
    articles = []
    for number, record in enumerate(data, 1):
        try:
            articles.append(_record_article(record, name))
        except ValueError as exc:
            _bad(name, f"record {number}", str(exc), on_bad_line, skipped)
    if not articles:
        raise InputError(f"{name}: no readable records; {shape}")
    return articles


# -- documents ----------------------------------------------------------------------------------

# Every run below stops at the next bracket or marker of its kind, so a line of unclosed
# "[", "(" or "*" is scanned once, not once per opener (quadratic: minutes on a long line).
_MD_IMAGE = re.compile(r"!\[[^\[\]]*\]\([^()]*\)")
_MD_LINK = re.compile(r"\[([^\[\]]*)\]\([^()]*\)")
_MD_EMPHASIS = re.compile(
    r"\*\*(?=\S)([^*]+?)(?<=\S)\*\*|__(?=\S)([^_]+?)(?<=\S)__"
    r"|\*(?=\S)([^*]+?)(?<=\S)\*|_(?=\S)([^_]+?)(?<=\S)_|`([^`]+)`"
)

# The opening hashes only: the closing ones are cut in ``_heading``, because the pattern
# "(.*?)\s*#*\s*$" retried the closing "#*" at every character (30 s for a line of 60,000 "#").
_MD_HEADING = re.compile(r"\s{0,3}#{1,6}\s")
_MD_RULE = re.compile(r"^\s{0,3}([-*_])(\s*\1){2,}\s*$")


def _heading(line: str) -> str | None:
    """The text of an ATX heading line ("## Title ##" → "Title"), None if it is not one.

    A closing run of "#" goes only after a space, as CommonMark says ("# C#" keeps its "#").
    """
    if _MD_HEADING.match(line) is None:
        return None
    text = line.lstrip().lstrip("#").strip()  # at most six "#": the pattern said so
    bare = text.rstrip("#")
    if not bare or bare[-1].isspace():
        text = bare.rstrip()
    return text


def _emphasized(match: re.Match[str]) -> str:
    return next(group for group in match.groups() if group is not None)


def read_markdown(text: str, name: str) -> Article:
    lines: list[str] = []
    headings: set[int] = set()
    for raw in split_lines(text):
        if _MD_RULE.match(raw):
            continue
        line = _MD_LINK.sub(r"\1", _MD_IMAGE.sub("", raw))
        line = _MD_EMPHASIS.sub(_emphasized, re.sub(r"^>\s?", "", line))
        heading = _heading(line)
        if heading is not None:
            headings.add(len(lines))
            line = heading
        lines.append(line)
    return clean_lines(lines, path=name, headings=headings)


def read_html(text: str, name: str, notes: list[str] | None = None) -> Article:
    """The article of an HTML page; what the parser could not read goes to ``notes``."""
    page = extract_html(text, name)
    if notes is not None:
        notes.extend(page.notes)
    article = clean_lines(page.lines, path=name, headings=page.headings)
    article.url = article.url or page.url
    if article.published is None and page.published:
        found = find_date(page.published)
        article.published = found.iso if found else None
    if article.source is None:
        article.source = page.site
    return article


def read_docx(data: bytes, name: str, max_bytes: int) -> Article:
    """The article of a Word file's bytes (read once: the file may be a pipe)."""
    import docx  # python-docx; imported here so text-only runs do not pay for it
    from docx.table import Table

    fix = "save it from Word or LibreOffice as .docx"
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            archive.getinfo("word/document.xml")
            if "[Content_Types].xml" not in archive.namelist():
                raise KeyError("[Content_Types].xml")
            # Every part counts: python-docx inflates styles, numbering, headers too.
            unpacked = sum(item.file_size for item in archive.infolist())
    except zipfile.BadZipFile as exc:
        raise InputError(f"{name}: not a Word document (not a zip archive); {fix}") from exc
    except KeyError as exc:
        raise InputError(
            f"{name}: not a Word document (a zip without word/document.xml); {fix}"
        ) from exc
    if unpacked > DOCX_EXPANSION * max_bytes:
        raise too_big(f"{name} (unzipped)", unpacked, DOCX_EXPANSION * max_bytes)
    try:
        document = docx.Document(io.BytesIO(data))
        lines: list[str] = []
        headings: set[int] = set()
        for block in document.iter_inner_content():
            if isinstance(block, Table):
                paragraphs = [
                    p for row in block.rows for cell in row.cells for p in cell.paragraphs
                ]
            else:
                paragraphs = [block]
            for paragraph in paragraphs:
                style = (paragraph.style.name if paragraph.style is not None else "") or ""
                if style.startswith(("Heading", "Title", "Subtitle")) and lines:
                    headings.add(len(lines))
                lines.append(" ".join(paragraph.text.split()))
    except MemoryError:
        raise
    except Exception as exc:  # python-docx and lxml fail in many ways on a damaged file
        reason = " ".join(f"{type(exc).__name__}: {exc}".split())[:200]
        raise InputError(f"{name}: a damaged Word document ({reason}); {fix}") from exc
    if not any(lines):
        raise InputError(f"{name}: the Word document has no text; put the article text in it")
    return clean_lines(lines, path=name, headings=headings)
