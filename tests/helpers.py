"""Paths to test fixtures, models and the shared real data, found in one place."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

TESTS = Path(__file__).resolve().parent
ROOT = TESTS.parent


def _shared() -> Path:
    """../shared beside the checkout; BRIEFING_SHARED_DIR overrides it (a clone elsewhere)."""
    if os.environ.get("BRIEFING_SHARED_DIR"):
        return Path(os.environ["BRIEFING_SHARED_DIR"])
    beside = ROOT.parent / "shared"
    return beside if beside.is_dir() else Path("/work/shared")


SHARED = _shared()
DEMO_MODEL = ROOT / "briefing" / "data" / "demo-ar_en.argosmodel"
STANDIN_MODEL = TESTS / "models" / "standin-ar_en.argosmodel"
DEMO_ID = "briefing-demo-ar_en"
# Page furniture of the pasted seed articles: none of it may reach an article or a document.
SEED_BOILERPLATE = (
    "[ad_",
    "دعمكم",
    "اقرأ المزيد",
    "إقرأ المزيد",
    "إغلاق",
    "كلمات دلالية",
    "تاريخ النشر",
    "آخر تحديث",
    "المصدر:",
    "إقرأ أيضاً",
    "اقرأ أيضا",
    "Globallookpress",
)
STANDIN_ID = "briefing-standin-ar_en"


def data_path(name: str) -> Path:
    """A small fixture file written for the tests, in tests/data/."""
    return TESTS / "data" / name


def shared_path(name: str) -> Path:
    """Real data in ../shared (read-only; the seeds are copyrighted, never copied)."""
    return SHARED / name


def _translated(record: dict[str, Any], glossary: list[dict[str, str]]) -> Any:
    from briefing.document import Article, Paragraph, TranslatedArticle, TranslatedParagraph

    def paragraph(source: str, target: str, heading: bool = False) -> TranslatedParagraph:
        return TranslatedParagraph(source, target, [], heading, find_terms(source, glossary))

    rows = [paragraph(*row) for row in record["paragraphs"]]
    article = Article(
        title=record["title"],
        paragraphs=[Paragraph(row.source, row.heading) for row in rows],
        published=record.get("published"),
        source=record.get("source"),
        url=record.get("url"),
    )
    related = [_translated(item, glossary) for item in record.get("related", [])]
    article.related = [item.article for item in related]
    return TranslatedArticle(article, paragraph(record["title"], record["title_en"]), rows, related)


def find_terms(text: str, glossary: list[dict[str, str]]) -> list[Any]:
    """Every occurrence of each glossary entry's Arabic in ``text``, as Terms."""
    from briefing.document import Term

    terms = []
    for entry in glossary:
        start = text.find(entry["ar"])
        while start >= 0:
            end = start + len(entry["ar"])
            terms.append(Term(start, end, entry["ar"], entry["en"], entry["kind"], entry["ar"]))
            start = text.find(entry["ar"], end)
    return sorted(terms, key=lambda term: term.start)


def sample_briefing(checked: bool = True) -> list[Any]:
    """Three invented translated articles (tests/data/briefing-sample.json), QA-checked."""
    import json

    from briefing.qa.checks import apply_checks

    data = json.loads(data_path("briefing-sample.json").read_text(encoding="utf-8"))
    articles = [_translated(record, data["terms"]) for record in data["articles"]]
    if checked:
        apply_checks(articles)
    return articles


def seed_briefing() -> list[Any]:
    """The real seed articles (read at run time from ../shared), with stand-in English.

    The English is "English for paragraph N" so tests can check every row lines up
    without a model; the QA checks are not applied.
    """
    from briefing.document import TranslatedArticle, TranslatedParagraph
    from briefing.ingest.reader import read_articles

    counter = iter(range(1, 10_000))

    def translated(article: Any) -> Any:
        rows = [
            TranslatedParagraph(p.text, f"English for paragraph {next(counter)}", [], p.heading)
            for p in article.paragraphs
        ]
        title = TranslatedParagraph(article.title, f"Title {next(counter)}", [])
        return TranslatedArticle(article, title, rows, [translated(r) for r in article.related])

    seeds = sorted(shared_path("seeds").glob("*.txt"))
    return [translated(article) for path in seeds for article in read_articles(path)]


def make_unwritable(folder: Path) -> Any:
    """Make ``folder`` refuse new files, even to root (CI runs as root, which ignores modes).

    chmod 555 first; where that is not enough, ``chattr +i`` (ext4 and most local file
    systems). Returns a function that undoes it, or None when this machine allows neither.
    """
    import os
    import shutil
    import subprocess

    folder.chmod(0o555)
    undo = [lambda: folder.chmod(0o755)]
    if os.access(folder, os.W_OK) and shutil.which("chattr"):
        done = subprocess.run(["chattr", "+i", str(folder)], capture_output=True, check=False)
        if done.returncode == 0:
            undo.insert(0, lambda: subprocess.run(["chattr", "-i", str(folder)], check=False))

    def restore() -> None:
        for step in undo:
            step()

    if os.access(folder, os.W_OK):
        restore()
        return None
    return restore


def drain_terminal(leader: int) -> bytes:
    """Everything a pseudo-terminal's other end wrote, read until it is closed; then the
    leader is closed too (a read fails with OSError once the follower side is gone)."""
    chunks = []
    try:
        while True:
            try:
                chunk = os.read(leader, 65536)
            except OSError:
                break
            if not chunk:
                break
            chunks.append(chunk)
    finally:
        os.close(leader)
    return b"".join(chunks)
