"""Page furniture judged by its shape, in any language, and what the shape rules remove from
the real 275-article corpus (read from ../shared at test time, never copied)."""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path
from unittest import mock

import pytest

from briefing.document import Article
from briefing.ingest import cleaner
from briefing.ingest.cleaner import clean_article
from briefing.ingest.furniture import is_counter, is_ornament, is_row, is_tag_row
from briefing.ingest.reader import read_articles
from helpers import shared_path

TEXT = "قال المتحدث إن الاجتماع كان مثمرا وناقش عدة قضايا مهمة بين البلدين."
MORE = "وأضاف أن المحادثات ستستمر الأسبوع المقبل في العاصمة بحضور الوزراء."


def test_furniture_in_any_language_is_removed_and_listed() -> None:
    furniture = [
        "شارك (12) | تغريد (3)",
        "Share | Tweet | Print",
        "Partager · Imprimer · Envoyer",
        "Teilen / Drucken / E-Mail",
        "* * *",
        "———",
        "Kommentare (5)",
        "التعليقات (٥)",
        "Comments [3]",
        "Likes (3) · Shares (12)",
        "(4) تعليقات",
        "#الرياض #السعودية",
        "...المزيد",
    ]
    article = clean_article("\n".join(["عنوان الخبر", TEXT, *furniture, MORE]))
    assert [p.text for p in article.paragraphs] == [TEXT, MORE]
    assert article.removed == furniture


def test_a_counter_or_tag_line_between_two_paragraphs_is_a_heading() -> None:
    text = "\n".join(["عنوان الخبر", TEXT, "الحلقة (2)", MORE, "#قوانين_القوة", TEXT])
    article = clean_article(text)
    assert [p.text for p in article.paragraphs] == [TEXT, "الحلقة (2)", MORE, "#قوانين_القوة", TEXT]
    assert article.removed == []


@pytest.mark.parametrize(
    "line",
    [
        TEXT,
        "الحساب العام :",
        "٤٨٠٦٠٨٠١٠٠٨٩٠٢٦",  # an account number: digits are content
        "أنا ذات ليلْ",  # a line of a poem: short, no punctuation, still text
        "عين اليوم – جدة",
        "28 آب/اغسطس 2013",
        "قال: (3) أشخاص قتلوا",
        "Share | Tweet",  # two items are not a row
        "أ | ب | ج 2024",  # a row with digits is data
    ],
)
def test_text_is_not_furniture(line: str) -> None:
    assert not (is_ornament(line) or is_row(line) or is_counter(line) or is_tag_row(line))


@pytest.mark.parametrize(
    "hostile",
    [
        "a " * 50_000 + "(1",
        "(" * 50_000,
        "word (1) " * 20_000 + "!",
        "| a " * 30_000 + "1",
        "#a " * 50_000 + "b",
        "a" * 100_000 + " (1",
    ],
)
def test_the_shape_rules_take_linear_time(hostile: str) -> None:
    start = time.perf_counter()
    for rule in (is_ornament, is_row, is_counter, is_tag_row):
        rule(hostile)
    assert time.perf_counter() - start < 1.0


def _removed(article: Article) -> Iterator[str]:
    yield from article.removed
    for related in article.related:
        yield from _removed(related)


def _by_shape(path: Path) -> list[str]:
    with_rules = [list(_removed(a)) for a in read_articles(path)]
    with mock.patch.object(cleaner, "furniture", lambda lines, position: False):
        without = [list(_removed(a)) for a in read_articles(path)]
    found = []
    for now, before in zip(with_rules, without, strict=True):
        for line in before:
            now.remove(line)
        found.extend(now)
    return found


def test_on_the_real_corpus_the_shape_rules_remove_only_ornaments() -> None:
    """The 275 articles hold 1,481 lines; the shape rules remove three "* *" separators of
    one market report and nothing else (bench/cleaning_corpus.py lists them)."""
    corpus = shared_path("corpus/saudinewsnet-275.jsonl")
    assert _by_shape(corpus) == ["* *", "* *", "* *"]
    for seed in sorted(shared_path("seeds").glob("*.txt")):
        assert _by_shape(seed) == [], seed.name
