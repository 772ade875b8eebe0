"""``briefing eval``: how well each installed model translates the user's own reference text.

For every model, the Arabic of each reference pair is translated twice, with the glossary
enforced (names protected and restored) and without it (only Latin runs and bare numbers
protected), and scored against the reference English:

* BLEU and chrF (sacrebleu, the ``eval`` extra), over the whole set;
* name accuracy: of the glossary names found in the Arabic, how many have their glossary
  English in the output (the same glossary scores both runs);
* number accuracy: of the numbers and quantities found in the Arabic, how many have
  their English form in the output;
* QA flags, per code, as ``briefing translate`` would raise them;
* speed: source tokens per second of the whole translation call (loading included).

The translation memory and the approved memory are not used: each run decodes every
sentence, so the timings are the model's.
"""

from __future__ import annotations

import re
import time
from collections import Counter
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from briefing import api
from briefing.document import Article, Paragraph
from briefing.errors import BriefingError, InputError
from briefing.glossary.compiled import compiled_glossary
from briefing.glossary.store import Glossary
from briefing.mt.engine import DecodeOptions, make_tokenizer
from briefing.mt.packages import select_model
from briefing.protect.quantities import find_number_spans
from briefing.protect.spans import find_spans, merge_spans
from briefing.qa.checks import summarize

INSTALL_HINT = "pip install 'briefing[eval]'"


@dataclass(frozen=True)
class Pair:
    arabic: str
    english: str
    where: str | None = None  # "refs.tsv:3": how a message names the pair


@dataclass
class Score:
    """One model, with or without the glossary, over the whole reference set."""

    model: str
    glossary: bool
    bleu: float
    chrf: float
    names: int  # glossary names whose English is in the output
    names_total: int
    numbers: int
    numbers_total: int
    flags: dict[str, int] = field(default_factory=dict)  # QA code -> count
    tokens_per_second: float = 0.0
    seconds: float = 0.0

    @property
    def name_accuracy(self) -> float | None:
        return self.names / self.names_total if self.names_total else None

    @property
    def number_accuracy(self) -> float | None:
        return self.numbers / self.numbers_total if self.numbers_total else None

    def as_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["name_accuracy"] = self.name_accuracy
        data["number_accuracy"] = self.number_accuracy
        return data


def read_references(path: Path, english: Path | None = None) -> list[Pair]:
    """Pairs from a TSV (Arabic, a tab, the reference English, one pair a line) or, with
    ``english``, from two files aligned line by line. Blank lines are skipped."""
    if english is None:
        pairs = []
        for number, line in enumerate(_lines(path), 1):
            if not line.strip():
                continue
            fields = line.split("\t")
            if len(fields) != 2 or not all(f.strip() for f in fields):
                raise InputError(
                    f"{path}:{number}: expected the Arabic, one tab, then the reference "
                    "English; fix the line, or give the English as a second file"
                )
            pairs.append(Pair(fields[0].strip(), fields[1].strip(), f"{path}:{number}"))
    else:
        arabic, references = _lines(path), _lines(english)
        if len(arabic) != len(references):
            raise InputError(
                f"{path} has {len(arabic)} lines and {english} {len(references)}: the two "
                "files must be aligned line by line"
            )
        pairs = [
            Pair(a.strip(), e.strip(), f"{path}:{number}")
            for number, (a, e) in enumerate(zip(arabic, references, strict=True), 1)
        ]
        pairs = [pair for pair in pairs if pair.arabic or pair.english]
    if not pairs:
        raise InputError(f"{path}: no reference pairs; see `briefing eval --help` for the format")
    return pairs


def _lines(path: Path) -> list[str]:
    try:
        return path.read_text(encoding="utf-8-sig").splitlines()
    except FileNotFoundError:
        raise InputError(f"{path}: no such file") from None
    except UnicodeDecodeError:
        raise InputError(f"{path}: not UTF-8 text; save it as UTF-8") from None
    except OSError as error:
        raise InputError(f"{path}: cannot be read ({error.strerror})") from None


def _sacrebleu() -> Any:
    try:
        import sacrebleu
    except ImportError:
        raise BriefingError(
            f"`briefing eval` needs sacrebleu for BLEU and chrF; install it: {INSTALL_HINT}"
        ) from None
    return sacrebleu


def _corpus_metrics(outputs: list[str], references: list[str]) -> tuple[float, float]:
    sacrebleu = _sacrebleu()
    bleu = sacrebleu.corpus_bleu(outputs, [references]).score
    chrf = sacrebleu.corpus_chrf(outputs, [references]).score
    return float(bleu), float(chrf)


def _found(text: str, forms: Sequence[str]) -> int:
    """How many of ``forms`` (repeats counted) the text holds as whole words."""
    hits = 0
    for form, wanted in Counter(forms).items():
        pattern = r"(?<!\w)" + re.escape(form) + r"(?!\w)"
        hits += min(wanted, len(re.findall(pattern, text)))
    return hits


def _numbers(arabic: str, glossary: Glossary) -> list[str]:
    spans = merge_spans(find_number_spans(arabic, glossary), find_spans(arabic))
    return [span.english for span in spans if span.kind != "latin"]


def evaluate(
    pairs: Sequence[Pair],
    model_ids: Sequence[str | None],
    glossary_path: Path,
    options: DecodeOptions | None = None,
) -> list[Score]:
    """Score each model on ``pairs``, with the glossary at ``glossary_path`` and without."""
    glossary = compiled_glossary(glossary_path)  # the one the enforced runs use
    names = [[t.english for t in glossary.find(pair.arabic)] for pair in pairs]
    numbers = [_numbers(pair.arabic, glossary.specials()) for pair in pairs]
    references = [pair.english for pair in pairs]
    _sacrebleu()  # missing: say so before any translation
    import ctranslate2  # noqa: F401  # imported once here, not inside the first model's time

    scores = []
    for model_id in model_ids:
        model = select_model(model_id)
        tokenizer = make_tokenizer(model)
        source_tokens = sum(len(tokenizer.tokens(pair.arabic)) for pair in pairs)
        for enforced in (True, False):
            settings = api.Settings(
                model_id=model.id,
                options=options or DecodeOptions(),
                use_cache=False,
                glossary_path=glossary_path if enforced else None,
                use_approved=False,
            )
            articles = [  # a pair not in Arabic is refused by translate, named by its line
                Article(title="", paragraphs=[Paragraph(p.arabic)], path=p.where) for p in pairs
            ]
            started = time.perf_counter()
            result = api.translate(articles, settings)
            seconds = time.perf_counter() - started
            outputs = [" ".join(p.target for p in a.paragraphs) for a in result.articles]
            bleu, chrf = _corpus_metrics(outputs, references)
            scores.append(
                Score(
                    model=model.id,
                    glossary=enforced,
                    bleu=round(bleu, 2),
                    chrf=round(chrf, 2),
                    names=sum(_found(o, n) for o, n in zip(outputs, names, strict=True)),
                    names_total=sum(len(n) for n in names),
                    numbers=sum(_found(o, n) for o, n in zip(outputs, numbers, strict=True)),
                    numbers_total=sum(len(n) for n in numbers),
                    flags={k: v for k, v in summarize(result.articles).items() if v},
                    tokens_per_second=round(source_tokens / seconds, 1) if seconds else 0.0,
                    seconds=round(seconds, 3),
                )
            )
    return scores
