"""Language identification: what it gets right, what it costs.

    python bench/bench_language.py [ARTICLES]   (articles translated for the cost: 40)

1. The 275 corpus articles (../shared/corpus/saudinewsnet-275.jsonl, all Arabic): how many
   paragraphs of 5 words or more are given another language (``detect_language``), and how many
   would be kept untranslated (``is_foreign_paragraph``); how many articles are not Arabic.
2. 50 Persian, 50 Urdu and 50 English paragraphs written for the tests
   (tests/data/languages/*.txt): the share recognised.
3. Messages of the system's own translations (/usr/share/locale/{fa,ur,ps,ckb}/*.mo, 5 words
   or more), where installed: a second, independent sample.
4. The cost: seconds per article (model loading counted apart), against a build's seconds per
   article measured beside it with the bundled demo model (bench_build.py measures builds).
"""

from __future__ import annotations

import gettext
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

from briefing.ingest.reader import read_articles  # noqa: E402
from briefing.text import language  # noqa: E402
from helpers import shared_path  # noqa: E402


def corpus() -> None:
    articles = read_articles(shared_path("corpus/saudinewsnet-275.jsonl"))
    paragraphs = [p.text for a in articles for p in a.paragraphs if len(p.text.split()) >= 5]
    other = [(p, language.detect_language(p)) for p in paragraphs]
    other = [(p, r) for p, r in other if r[0][0] != "ar"]
    foreign = [p for p in paragraphs if language.is_foreign_paragraph(p)]
    texts = [[a.title, *(p.text for p in a.paragraphs)] for a in articles]
    not_arabic = [t[0] for t in texts if language.article_language(t) != "ar"]
    print(f"corpus: {len(articles)} articles, {len(paragraphs)} paragraphs of 5+ words")
    print(f"  given another language by detect_language: {len(other)}")
    for text, ranked in other[:10]:
        print(f"    {ranked[:2]} {text[:90]}")
    print(f"  kept untranslated as foreign: {len(foreign)}")
    for text in foreign[:10]:
        print(f"    {text[:90]}")
    print(f"  articles not Arabic: {len(not_arabic)} {not_arabic[:5]}")


def samples() -> None:
    for code in ("fa", "ur", "en"):
        lines = (ROOT / "tests" / "data" / "languages" / f"{code}.txt").read_text("utf-8")
        paragraphs = [line for line in lines.splitlines() if line.strip()]
        right = sum(1 for p in paragraphs if language.language_of(p) == code)
        wrong = [(p[:60], language.detect_language(p)[:2]) for p in paragraphs
                 if language.language_of(p) != code]  # fmt: skip
        print(
            f"written {code}: {right}/{len(paragraphs)} = {right / len(paragraphs):.0%} {wrong[:3]}"
        )


def system_messages() -> None:
    for code in ("fa", "ur", "ps", "ckb"):
        folder = Path("/usr/share/locale", code, "LC_MESSAGES")
        if not folder.is_dir():
            continue
        messages: set[str] = set()
        for mo in folder.glob("*.mo"):
            with mo.open("rb") as handle:
                catalog = gettext.GNUTranslations(handle)._catalog  # type: ignore[attr-defined]
            for value in catalog.values():
                if isinstance(value, str) and len(value.split()) >= 5 and "%" not in value:
                    messages.add(" ".join(value.split()))
        if not messages:
            continue
        expect = {"ckb": "sdh"}.get(code, code)
        found = [language.language_of(m) for m in messages]
        right = sum(1 for f in found if f == expect)
        arabic = sum(1 for f in found if f == "ar")
        print(f"system {code}: {right}/{len(found)} = {right / len(found):.0%} "
              f"recognised, {arabic} taken for Arabic")  # fmt: skip


def cost(articles_for_build: int) -> None:
    """The detector's time per article beside the translation's, in one process, on the same
    articles (the bundled demo model, no translation memory; the model load counted apart)."""
    from briefing.api import Settings, screen_languages, translate

    language._identifier.cache_clear()
    start = time.perf_counter()
    language.detect_language("وزیر گفت که نیروها")
    load = time.perf_counter() - start
    articles = read_articles(shared_path("corpus/saudinewsnet-275.jsonl"))[:articles_for_build]
    start = time.perf_counter()
    for article in articles:
        texts = [article.title, *(p.text for p in article.paragraphs)]
        language.article_language(texts)
        for text in texts:
            language.is_foreign_paragraph(text)
    detect = (time.perf_counter() - start) / len(articles)
    start = time.perf_counter()
    screen_languages(articles)  # translate screens again: subtract it once
    screened = time.perf_counter() - start
    start = time.perf_counter()
    # No model installed (run with HOME set to an empty folder): the bundled demo model.
    translate(articles, Settings(use_cache=False, use_approved=False))
    build = (time.perf_counter() - start - screened) / len(articles)
    print(f"cost: model load {load:.2f} s once; {detect * 1000:.2f} ms per article (its language "
          f"and every paragraph's script) against {build * 1000:.0f} ms per article to translate "
          f"with the demo model: {detect / build:.2%} of it ({len(articles)} articles)")  # fmt: skip


if __name__ == "__main__":
    corpus()
    samples()
    system_messages()
    cost(int(sys.argv[1]) if len(sys.argv) > 1 else 40)
