"""The cleaner against the three real pasted articles in ../shared/seeds.

The seeds are copyrighted: expected titles and lines are read from the files at test time, and
only dates, source names and generic boilerplate markers appear here.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from briefing.document import Article
from briefing.ingest.cleaner import clean_article
from briefing.ingest.reader import read_articles
from helpers import SEED_BOILERPLATE, shared_path

SEEDS = {
    # file: (published, updated, source, related articles, subheadings in main + related)
    "rt-arabic-rutte-kursk.txt": ("2024-10-28T12:56+00:00", "2024-10-28T13:47+00:00", None, 0, 0),
    "independent-arabia-putin-troops.txt": (None, None, None, 0, 0),
    "sada-elbalad-putin-sovereign.txt": ("2024-10-25", None, "صدى البلد", 1, 2),
}
# Boilerplate that must not survive in any paragraph or title of any article (the
# document's own bylines say "GMT" and "Source", so those two are checked here only).
BOILERPLATE = (*SEED_BOILERPLATE, "المصدر", "GMT")


def _seed_lines(name: str) -> list[str]:
    text = shared_path(f"seeds/{name}").read_text(encoding="utf-8")
    return [" ".join(line.split()) for line in text.splitlines() if line.strip()]


def _all(article: Article) -> Iterator[Article]:
    yield article
    for related in article.related:
        yield from _all(related)


def _texts(article: Article) -> list[str]:
    return [a.title for a in _all(article)] + [p.text for a in _all(article) for p in a.paragraphs]


@pytest.fixture(scope="module")
def seeds() -> dict[str, Article]:
    return {name: read_articles(shared_path(f"seeds/{name}"))[0] for name in SEEDS}


@pytest.mark.parametrize("name", sorted(SEEDS))
def test_seed_metadata(name: str, seeds: dict[str, Article]) -> None:
    published, updated, source, related, _ = SEEDS[name]
    article = seeds[name]
    assert article.title == _seed_lines(name)[0]
    assert article.published == published
    assert article.updated == updated
    assert article.source == source
    assert len(article.related) == related
    assert article.paragraphs, "the body must not be empty"
    assert article.path == str(shared_path(f"seeds/{name}"))


@pytest.mark.parametrize("name", sorted(SEEDS))
def test_seed_has_no_boilerplate_left(name: str, seeds: dict[str, Article]) -> None:
    for text in _texts(seeds[name]):
        for marker in BOILERPLATE:
            assert marker not in text, f"{marker!r} left in {text[:60]!r}"
    assert all(text.strip() for text in _texts(seeds[name]))


@pytest.mark.parametrize("name", sorted(SEEDS))
def test_seed_loses_no_line(name: str, seeds: dict[str, Article]) -> None:
    """Every line of the paste is in a title, a paragraph (maybe merged) or `removed`."""
    articles = list(_all(seeds[name]))
    kept = _texts(seeds[name])
    removed = [line for a in articles for line in a.removed]
    for line in _seed_lines(name):
        assert line in removed or any(line in text for text in kept), line[:60]


@pytest.mark.parametrize("name", sorted(SEEDS))
def test_seed_subheadings(name: str, seeds: dict[str, Article]) -> None:
    headings = [p for a in _all(seeds[name]) for p in a.paragraphs if p.heading]
    assert len(headings) == SEEDS[name][4]
    lines = _seed_lines(name)
    for heading in headings:  # each is a whole line of the paste, short and unpunctuated
        assert heading.text in lines
        assert len(heading.text.split()) <= 14
        assert heading.text[-1] not in '.!?؟:"”'


def test_repeated_title_and_pitch_dropped() -> None:
    name = "independent-arabia-putin-troops.txt"
    lines = _seed_lines(name)
    article = clean_article(shared_path(f"seeds/{name}").read_text(encoding="utf-8"))
    assert lines[1] == lines[0]  # the paste repeats its title
    assert article.removed.count(lines[0]) == 1
    # The subscription box ends at the close-button row; the story starts right after it.
    close_row = next(i for i, line in enumerate(lines) if line.startswith("إغلاق"))
    assert article.paragraphs[0].text == lines[close_row + 1]
    for line in lines[2 : close_row + 1]:
        assert line in article.removed
    assert "[ad_1]" in article.removed and "[ad_2]" in article.removed


def test_cut_line_is_glued_back() -> None:
    """A line starting with "، " continues the line before it (a link lost in the paste)."""
    name = "rt-arabic-rutte-kursk.txt"
    lines = _seed_lines(name)
    cut = next(i for i, line in enumerate(lines) if line.startswith("،"))
    article = clean_article(shared_path(f"seeds/{name}").read_text(encoding="utf-8"))
    texts = [p.text for p in article.paragraphs]
    assert lines[cut - 1] + lines[cut] in texts
    assert not any(text.startswith("،") for text in texts)
    assert not any(p.heading for p in article.paragraphs)
    credit = lines[3]  # the Latin-only photo credit under the dates
    assert not any(ch in credit for ch in "ابتثجحخدذرزسشصضطظعغفقكلمنهوي")
    assert credit in article.removed


def test_related_article_has_own_title_and_source() -> None:
    name = "sada-elbalad-putin-sovereign.txt"
    lines = _seed_lines(name)
    marker = next(i for i, line in enumerate(lines) if line.startswith("إقرأ أيضاً"))
    article = clean_article(shared_path(f"seeds/{name}").read_text(encoding="utf-8"))
    (related,) = article.related
    assert related.title == lines[marker + 1]
    assert related.source == "وكالات"  # from its dateline lead
    assert len(related.paragraphs) == len(lines) - marker - 2
    assert article.paragraphs[-1].text == lines[marker - 3]  # body ends before source, keywords
    assert lines[marker] in article.removed


def test_seeds_read_as_a_folder_in_name_order() -> None:
    articles = read_articles(Path(shared_path("seeds")))
    assert [Path(a.path or "").name for a in articles] == sorted(SEEDS)
