"""Term-keeping rates of glossary enforcement, on the demo and the stand-in model.

    python bench/bench_terms.py

Two sets, both from tests/data/heldout.jsonl (200 held-out synthetic sentences):
- invented: a known city replaced by a name no model has seen (Tarvel, Morinda,
  Kalbiro), the glossary listing only those three (tests/test_enforcement.py's cases);
- default: every match of the shipped default glossary in the held-out Arabic.
A term is kept when its glossary English appears in the output as many times as the
glossary matched it. Prints one line per model and repair setting; float32 decoding.
"""

from __future__ import annotations

import os
import sys
import tempfile
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]
os.environ.setdefault("ARGOS_PACKAGES_DIR", tempfile.mkdtemp(prefix="bench-terms-"))
os.environ["BRIEFING_CACHE_DIR"] = tempfile.mkdtemp(prefix="bench-terms-cache-")

from test_enforcement import INVENTED, cases  # noqa: E402
from test_engine import heldout  # noqa: E402

from briefing.api import make_protector  # noqa: E402
from briefing.document import Article, Paragraph  # noqa: E402
from briefing.mt.engine import DecodeOptions, Engine  # noqa: E402
from briefing.mt.install import install_file  # noqa: E402
from briefing.mt.packages import select_model  # noqa: E402
from briefing.pipeline import translate_articles  # noqa: E402
from briefing.workspace import resolve_glossary  # noqa: E402
from helpers import DEMO_ID, DEMO_MODEL, STANDIN_ID, STANDIN_MODEL  # noqa: E402


def rate(model_id: str, glossary: Path, sentences: list[str], repair: bool) -> tuple[int, int, int]:
    """(kept, total, flagged missing-term) over all glossary matches."""
    protector, _ = make_protector(glossary)
    engine = Engine(
        select_model(model_id), DecodeOptions(compute_type="float32", repair_terms=repair)
    )
    articles = [Article(title="", paragraphs=[Paragraph(s) for s in sentences])]
    kept = total = flagged = 0
    for paragraph in translate_articles(articles, engine, protector=protector)[0].paragraphs:
        wanted = Counter(term.english for term in paragraph.terms)
        for english, count in wanted.items():
            total += count
            kept += min(count, paragraph.target.count(english))
        flagged += sum(f.code == "missing-term" for f in paragraph.flags)
    return kept, total, flagged


def main() -> None:
    install_file(DEMO_MODEL)
    install_file(STANDIN_MODEL)
    folder = Path(tempfile.mkdtemp(prefix="bench-terms-glossary-"))
    invented = folder / "invented.csv"
    rows = ["arabic,english,kind,variants,note"] + [f"{a},{e},place,," for a, e in INVENTED]
    invented.write_text("\n".join(rows) + "\n", encoding="utf-8")
    sets = {
        "invented": (invented, [c.arabic for c in cases()]),
        "default": (resolve_glossary(None), [arabic for arabic, _ in heldout()]),
    }
    for name, (glossary, sentences) in sets.items():
        for model_id in (DEMO_ID, STANDIN_ID):
            for repair in (True, False):
                kept, total, flagged = rate(model_id, glossary, sentences, repair)
                print(
                    f"{name:8} {model_id:24} repair={'on ' if repair else 'off'} "
                    f"kept {kept}/{total} = {kept / max(total, 1):.1%}, "
                    f"missing-term flags {flagged}"
                )


if __name__ == "__main__":
    main()
