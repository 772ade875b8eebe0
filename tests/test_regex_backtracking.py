"""Every regular expression that sees user text, on long adversarial input: each must finish.

Catastrophic backtracking turns one long line into minutes: a Markdown heading of 60,000 "#"
took 30 s and more, a run of "؟" before a letter retried the sentence splitter from each mark.
Each case below aims at the quantifiers of one pattern (a long run that almost matches, then
a character that makes it fail) and runs the pattern the way the code does, or the function
that uses it, on 60,000 characters. The only assertion about time is that the call returns
before a generous alarm (linear work takes milliseconds; quadratic work takes minutes); the
result is checked too, so a case cannot pass by doing nothing.

Bounded patterns (run on at most a few hundred characters, like the dateline leads on the
first 160 characters) are tested on long input all the same: they must be safe wherever
they end up being used.
"""

from __future__ import annotations

import re
import signal
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

import pytest

import briefing.glossary.matcher as matcher
import briefing.glossary.tables as tables
import briefing.ingest.cleaner as cleaner
import briefing.ingest.formats as formats
import briefing.ingest.html as html
import briefing.protect.restore as restore
import briefing.protect.spans as spans
import briefing.qa.checks as checks
import briefing.qa.form as qa_form
import briefing.qa.names as qa_names
import briefing.qa.numbers as qa_numbers
import briefing.render.text as render_text
import briefing.text.arabic as arabic
import briefing.text.safety as safety
import briefing.text.segment as segment
from briefing.errors import BriefingError
from briefing.ingest.cleaning_rules import fold, rules
from briefing.ingest.dates import _patterns as date_patterns
from briefing.ingest.dates import find_date, residue_words
from briefing.ingest.reader import parse_size
from briefing.protect.protector import protector_for
from briefing.protect.quantities import _rules as quantity_rules
from briefing.protect.quantities import find_number_spans
from briefing.render.context import _is_web

N = 60_000
ALARM = 60  # seconds


@contextmanager
def finishes(seconds: int = ALARM) -> Iterator[None]:
    def give_up(signum: int, frame: Any) -> None:
        raise TimeoutError(f"still running after {seconds} s: catastrophic backtracking")

    previous = signal.signal(signal.SIGALRM, give_up)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


def run(n: int = N) -> Callable[[str], str]:
    """``text * k`` cut to ``n`` characters."""

    def make(text: str) -> str:
        return (text * (n // len(text) + 1))[:n]

    return make


long = run()
BR = html._BR


def markdown_text(source: str) -> str:
    """All the text ``read_markdown`` keeps of ``source``: title and paragraphs."""
    article = formats.read_markdown(source, "x")
    return article.title + "".join(p.text for p in article.paragraphs)


def refused(call: Callable[[], object]) -> str:
    """``call``'s BriefingError message ("" when it succeeds): bad input may be refused."""
    try:
        call()
    except BriefingError as error:
        return str(error)
    return ""


# name -> the work: returns something checked to be true
CASES: dict[str, Callable[[], object]] = {
    # text/
    "arabic-script": lambda: arabic.ARABIC_SCRIPT_RE.search(long("x ")) is None,
    "arabic-letter": lambda: arabic.ARABIC_LETTER_RE.search(long("\u064b")) is None,
    "arabic-word": lambda: len(arabic.ARABIC_WORD_RE.findall("ب" + long("\u064b") + "x")) == 1,
    "safety-unsafe": lambda: safety.strip_controls(long("\x01x")) == "x" * (N // 2),
    "segment-boundary-run-of-marks": lambda: (
        segment.split_sentences("x" + long("؟") + "x") == ["x" + long("؟") + "x"]
    ),
    "segment-boundary-marks-and-closers": lambda: (
        len(segment.split_sentences(long(".") + long(")") + "x")) == 1
    ),
    "segment-boundary-many-sentences": lambda: len(segment.split_sentences(long("بب. "))) == N // 4,
    # protect/
    "spans-placeholder-unclosed": lambda: (
        spans.PLACEHOLDER_RE.search(spans.PLACEHOLDER_OPEN + long("1")) is None
    ),
    "spans-number-separators": lambda: len(spans.NUMBER_RE.findall(long("1.") + "x")) == 1,
    "spans-latin-spaces": lambda: spans.LATIN_RE.match("a" + long(" ") + "1")[0] == "a",  # type: ignore[index]
    "spans-latin-words": lambda: len(spans.LATIN_RE.findall(long("a '") + "1")) >= 1,
    "spans-latin-dots": lambda: len(spans.LATIN_RE.findall(long("a.") + "1")) >= 1,
    "spans-find-and-merge-many-short-runs": lambda: (
        len(protector_for(None).spans(long("x:5 "), [])) == N // 2
    ),
    "spans-split-placeholders": lambda: len(spans.split_placeholders(long("｟1｠ب"))) == N // 2,
    "restore-punct-start": lambda: restore._PUNCT_START.match(long(",")) is not None,
    "restore-contains": lambda: restore._contains(long("Cairo "), "Cairo", 10),
    "restore-join-spaces": lambda: restore._join([long("a  ")]) == " ".join(["a"] * (N // 3)),
    "quantities-number-tail": lambda: find_number_spans("5" + long(" ") + "x") != [],
    "quantities-numbers-in-a-row": lambda: len(find_number_spans(long("5 "))) >= 1,
    "quantities-spelled": lambda: (
        quantity_rules(None).spelled.search("خمسة" + long(" ") + "x") is None
    ),
    "quantities-month-separators": lambda: find_number_spans("1 يناير" + long(" ") + "x") != [],
    "quantities-month-raw": lambda: (
        quantity_rules(None).month.search("يناير" + long(" ") + "/" + long(" ") + "x") is not None
    ),
    # qa/
    "checks-en-month": lambda: len(qa_numbers._EN_MONTH_RE.findall(long("Januaryx"))) == 0,
    "checks-ar-number": lambda: (
        qa_numbers._AR_NUMBER_RE.search("5" + long("\u200f ") + "x") is not None
    ),
    "checks-ar-alone": lambda: qa_numbers._AR_ALONE_RE.search(long("و")) is None,
    "checks-en-number": lambda: qa_numbers._EN_NUMBER_RE.search("5" + long(" -") + "x") is not None,
    "checks-en-word-number": lambda: (
        qa_numbers._EN_NUMBER_RE.search("five" + long(" ") + "x") is not None
    ),
    "checks-thousands": lambda: (
        qa_numbers._THOUSANDS_RE.fullmatch("1" + long(",000") + "x") is None
    ),
    "checks-components": lambda: qa_numbers._components(long("1.") + "1") == [1] * (N // 2 + 1),
    "checks-count-phrase": lambda: (
        qa_names._count_phrase("Mark Rutte", "Mark" + long(" ") + "x") == 0
    ),
    "checks-words": lambda: len(qa_form._words(long("a.") + "!")) == 1,
    "checks-paragraph": lambda: isinstance(
        checks.check_paragraph(long("5 مليون "), long("5 million - "), []), list
    ),
    # glossary/
    "tables-formula": lambda: tables._FORMULA.match(long("'") + "x") is None,
    "tables-quoted-formula": lambda: tables._QUOTED_FORMULA.match(long("'") + "x") is None,
    "matcher-collapse": lambda: matcher.normalize_key(long("\x00 \n") + "ب") == "ب",
    "matcher-presentation": lambda: matcher.normalize(long("\ufefb"))[0] != "",
    # render/
    "render-md-inline": lambda: len(render_text.markdown_escape(long("*"))) == 2 * N,
    "render-md-block-mark": lambda: render_text.markdown_escape(long(" ") + "x") == "x",
    "render-md-block-dashes": lambda: render_text.markdown_escape(long("- ") + "x").startswith(
        "\\-"
    ),
    "render-md-list-number": lambda: (
        render_text.markdown_escape(long("1") + "x") == long("1") + "x"
    ),
    "render-blank-lines": lambda: re.sub(r"\n{3,}", "\n\n", long("\n") + "x") == "\n\nx",
    "render-web-url": lambda: not _is_web("http://" + long("a") + " x"),
    # ingest/: reader, dates
    "reader-size": lambda: (
        "not a size" in refused(lambda: parse_size(long(" ") + "1" + long(" ") + "x"))
    ),
    "dates-iso": lambda: find_date(long("2024-1")) is None,
    "dates-dmy": lambda: find_date(long("1.1.")) is None,
    "dates-day-month-year": lambda: date_patterns().dates[2].search("1" + long(" ،") + "x") is None,
    "dates-month-day-year": lambda: (
        date_patterns().dates[3].search("يناير" + long(" ") + "/" + long(" ") + "x") is None
    ),
    "dates-time-raw-spaces": lambda: (
        date_patterns().time.search("12:30" + long(" ") + "x") is not None
    ),
    "dates-time-folded": lambda: find_date("2024-01-01 12:30" + long(" (") + "x") is not None,
    "dates-noise": lambda: residue_words(long("1 x ")) == N // 4,
    "dates-fold": lambda: fold(long(" \u064b")) == "",
    # ingest/: cleaner
    "cleaner-line-breaks": lambda: len(cleaner.split_lines(long("\r\n\x0b"))) > N // 3,
    "cleaner-inline-ad": lambda: cleaner._INLINE_AD.search("[" + long(" ") + "x") is None,
    "cleaner-inline-ad-digits": lambda: cleaner._INLINE_AD.search("[ad" + long("1") + "x") is None,
    "cleaner-letter": lambda: cleaner._LETTER.search(long("1_")) is None,
    "cleaner-latin-agency": lambda: cleaner._LATIN_AGENCY.fullmatch(long("A") + "!") is None,
    "cleaner-article": lambda: (
        "nothing left"
        not in refused(
            lambda: cleaner.clean_article("عنوان\n" + long("يناير [ad_1] ") + "\nنص الخبر.", "x")
        )
    ),
    # ingest/: Markdown
    "markdown-heading-closing-hashes": lambda: markdown_text("# " + long("#") + "x").endswith(
        long("#") + "x"
    ),
    "markdown-heading-spaces": lambda: markdown_text("# a" + long(" ") + "x") == "a x",
    "markdown-rule": lambda: formats._MD_RULE.match("-" + long(" ") + "x") is None,
    "markdown-rule-dashes": lambda: formats._MD_RULE.match(long("- ") + "x") is None,
    "markdown-image": lambda: formats._MD_IMAGE.search("![" + long("a")) is None,
    "markdown-image-target": lambda: formats._MD_IMAGE.search("![a](" + long("b")) is None,
    "markdown-link": lambda: formats._MD_LINK.search(long("[a")) is None,
    "markdown-link-target": lambda: formats._MD_LINK.search(long("[a](")) is None,
    "markdown-emphasis-unclosed": lambda: formats._MD_EMPHASIS.search("**" + long("a ")) is None,
    "markdown-emphasis-single": lambda: formats._MD_EMPHASIS.search(long("*a")) is not None,
    "markdown-emphasis-underscores": lambda: formats._MD_EMPHASIS.search("_" + long("a ")) is None,
    "markdown-code": lambda: formats._MD_EMPHASIS.search("`" + long("a")) is None,
    "markdown-quote": lambda: formats.read_markdown("عنوان\n" + long("> "), "x") is not None,
    # ingest/: HTML
    "html-furniture-word": lambda: html._FURNITURE.search("adv" + long("x") + "!") is None,
    "html-furniture-runs": lambda: html._FURNITURE.search(long("_x") + "!") is None,
    "html-furniture-underscores": lambda: (
        html._FURNITURE.search("nav" + long("_") + "!") is not None
    ),
    "html-br-run": lambda: html._BR_RUN.search(BR + long(" ") + "x") is None,
    "html-xml-declaration": lambda: refused(
        lambda: html.extract_html(long(" ") + "<?xml" + long("a"), "x")
    ).startswith("x: "),
    "html-page": lambda: (
        "no article text"
        in refused(
            lambda: html.extract_html(f"<div class='{long('adv_ ')}'>{long('<br> ')}</div>", "x")
        )
    ),
}


def _rule_cases() -> dict[str, tuple[re.Pattern[str], str]]:
    """Each pattern of cleaning_rules.toml, on long folded runs of what it matches."""
    r = rules()
    patterns = {f"rules-lines-{i}": p for i, p in enumerate(r.lines)}
    patterns |= {f"rules-short-lines-{i}": p for i, p in enumerate(r.short_lines)}
    patterns |= {f"rules-block-start-{i}": b.start for i, b in enumerate(r.blocks)}
    patterns |= {f"rules-block-end-{i}": b.end for i, b in enumerate(r.blocks)}
    patterns |= {
        "rules-button-line": r.button_line,
        "rules-date-label": r.date_label,
        "rules-source-label": r.source_label,
        "rules-author-label": r.author_label,
        "rules-related-marker": r.related_marker,
    }
    patterns |= {f"cleaner-lead-{i}": p for i, p in enumerate(cleaner._LEADS)}
    return {name: (pattern, name) for name, pattern in patterns.items()}


# Runs each rule is tried against: the words the rules are made of, spaces, digits, marks.
RULE_RUNS = (
    " ", "اغلاق ", "المزيد ", "اقرا المزيد ", "share ", "close ", "read more ", "1", "1 ",
    "[ ", "( ", ": ", "- ", ". ", "تعليق ", "التعليقات ", "نشر ", "المصدر ", "دعمكم يساعدنا ",
    "لا تعبر التعليقات ", "ap / ", "ap ", "http://", "©", "ab ", "اقرا ايضا ", "عواصم ", "(cnn",
)  # fmt: skip


@pytest.mark.parametrize("name", sorted(CASES))
def test_pattern_finishes_on_long_adversarial_input(name: str) -> None:
    with finishes():
        assert CASES[name]()


@pytest.mark.parametrize("name", sorted(_rule_cases()))
def test_cleaning_rule_finishes_on_long_adversarial_input(name: str) -> None:
    pattern, _ = _rule_cases()[name]
    with finishes():
        for piece in RULE_RUNS:
            for text in (long(piece) + "x", piece + long(" ") + "x", fold(long(piece)) + "!"):
                pattern.search(text)
                pattern.match(text)
