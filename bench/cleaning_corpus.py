"""Every line the shape rules of ``ingest/furniture.py`` remove from the real inputs.

    python bench/cleaning_corpus.py [--out lines.md]

Reads the 275-article corpus (../shared/corpus/saudinewsnet-275.jsonl), the seed articles
and the CNN HTML page twice: with the shape rules and with them switched off. Each line
removed only with them is listed with its article, so a person can read them all and
confirm none is news text. Prints the counts; writes the list as Markdown with --out.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Iterator
from pathlib import Path
from unittest import mock

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
sys.path.insert(0, str(ROOT))

from briefing.document import Article  # noqa: E402
from briefing.ingest import cleaner  # noqa: E402
from briefing.ingest.reader import read_articles  # noqa: E402


def _inputs() -> list[Path]:
    corpus = SHARED / "corpus"
    return [
        corpus / "saudinewsnet-275.jsonl",
        *sorted((SHARED / "seeds").glob("*.txt")),
        *sorted((corpus / "html").glob("*.html")),
    ]


def _removed(article: Article) -> Iterator[str]:
    yield from article.removed
    for related in article.related:
        yield from _removed(related)


def _lines(path: Path) -> list[tuple[str, list[str]]]:
    return [(a.title, list(_removed(a))) for a in read_articles(path)]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, help="write the list of lines here (Markdown)")
    args = parser.parse_args()
    rows: list[str] = []
    total_articles = 0
    for path in _inputs():
        with_rule = _lines(path)
        with mock.patch.object(cleaner, "furniture", lambda lines, position: False):
            without_rule = _lines(path)
        total_articles += len(with_rule)
        for number, ((title, now), (_, before)) in enumerate(
            zip(with_rule, without_rule, strict=True), start=1
        ):
            extra = list(now)
            for line in before:
                if line in extra:
                    extra.remove(line)
            rows.extend(f"| {path.name} | {number} | {title[:50]} | `{line}` |" for line in extra)
    print(
        f"{total_articles} articles in {len(_inputs())} files: {len(rows)} lines removed by shape"
    )
    for row in rows:
        print(row)
    if args.out:
        table = "| file | article | title | line removed |\n|---|---|---|---|\n"
        args.out.write_text(table + "\n".join(rows) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
