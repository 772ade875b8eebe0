"""QA checks on translated paragraphs, in the spirit of Xbench / Verifika / Trados QA.

Each check looks at one source paragraph and its English and returns ``Flag``s whose
message a reader of the briefing understands without knowing the code. The checks are
deliberately conservative: a flag asks a human to look, so false alarms cost trust.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Iterator
from decimal import Decimal, InvalidOperation

from briefing.document import Flag, Term, TranslatedArticle, TranslatedParagraph
from briefing.text.arabic import ARABIC_LETTER, ARABIC_WORD_RE, ascii_digits
from briefing.text.lexicon import lexicon

CODES = ("missing-term", "number-mismatch", "untranslated", "empty", "length-ratio", "repetition")
LABELS = {
    "missing-term": "a glossary name is not translated as the glossary says",
    "number-mismatch": "a number of the Arabic is missing from the English",
    "untranslated": "Arabic letters are left in the English",
    "empty": "the English is empty",
    "length-ratio": "the English is much shorter or longer than the Arabic",
    "repetition": "a word or phrase repeats in a loop",
}

# English news text runs about 1.1–1.4× the characters of the unvowelled Arabic it
# translates; outside this band a sentence was usually dropped or hallucinated.
MIN_RATIO = 0.5
MAX_RATIO = 2.6
MIN_RATIO_SOURCE_CHARS = 40
REPEAT_TIMES = 3  # an n-gram this many times in a row is a loop
MAX_REPEAT_WORDS = 8

_ARABIC_LETTER = ARABIC_LETTER

# A number: digits joined by . , : / (dates "28.10.2024", times "12:56", "10,000").
_NUMBER = r"(?<![\d.,])\d+(?:[.,:/]\d+)*"
_SPACE = r"[\s\u00a0\u200f\u200e]*"
_LEXICON = lexicon()
_AR_MULTIPLIERS = {form: m.value for m in _LEXICON.multipliers for form in m.arabic}
# Multiplier words standing without digits: "مليون" alone means one million, "مليونان" two.
_AR_ALONE = {form: m.value for m in _LEXICON.multipliers for form in m.standalone}
_AR_ALONE |= {form: 2 * m.value for m in _LEXICON.multipliers for form in m.dual}
_EN_MULTIPLIERS = {
    form: m.value for m in _LEXICON.multipliers for form in (m.english, *m.english_forms)
}
_EN_UNITS = (
    "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen "
    "fifteen sixteen seventeen eighteen nineteen"
).split()
_EN_TENS = {"twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60}
_EN_TENS.update({"seventy": 70, "eighty": 80, "ninety": 90})
_EN_WORDS = {word: value for value, word in enumerate(_EN_UNITS)} | _EN_TENS
_MONTHS = [name.lower() for name in _LEXICON.month_names]
_EN_MONTH_RE = re.compile(
    r"\b(" + "|".join(m.capitalize() + "|" + m[:3].capitalize() for m in _MONTHS) + r")\b\.?"
)

_AR_NUMBER_RE = re.compile(
    rf"({_NUMBER})(?:{_SPACE}({'|'.join(sorted(_AR_MULTIPLIERS, key=len, reverse=True))})"
    rf"(?![{_ARABIC_LETTER}]))?"
)
_AR_ALONE_RE = re.compile(
    rf"(?<![{_ARABIC_LETTER}\d])(?:[وب]|ال)?({'|'.join(sorted(_AR_ALONE, key=len, reverse=True))})"
    rf"(?![{_ARABIC_LETTER}])"
)
_EN_WORD_NUMBER = (
    rf"(?:{'|'.join(_EN_TENS)})(?:-(?:{'|'.join(_EN_UNITS[1:10])}))?|{'|'.join(_EN_UNITS)}|an?"
)
_EN_NUMBER_RE = re.compile(
    rf"(?:({_NUMBER})|\b({_EN_WORD_NUMBER})\b)"
    rf"(?:[\s-]*({'|'.join(_EN_MULTIPLIERS)})s?\b)?",
    re.IGNORECASE,
)
_THOUSANDS_RE = re.compile(r"\d{1,3}(?:,\d{3})+(?:\.\d+)?")


def _components(token: str) -> list[Decimal] | None:
    """The values a digit token stands for, or None if it is one plain number."""
    if ":" in token or "/" in token or token.count(".") > 1:
        return [Decimal(part) for part in re.split(r"[.,:/]", token)]
    if "," in token and not _THOUSANDS_RE.fullmatch(token):
        if token.count(",") == 1:
            return [Decimal(token.replace(",", "."))]  # a decimal comma: "2,5"
        return [Decimal(part) for part in token.split(",")]
    return None


def _token_values(token: str, multiplier: int) -> list[Decimal]:
    try:
        parts = _components(token)
        if parts is not None:
            return parts
        return [Decimal(token.replace(",", "")) * multiplier]
    except InvalidOperation:
        return []


def source_numbers(text: str) -> Counter[Decimal]:
    """Every number an Arabic paragraph states, as values ("10 آلاف" → 10000)."""
    text = ascii_digits(text)
    found: Counter[Decimal] = Counter()
    taken: set[int] = set()
    for match in _AR_NUMBER_RE.finditer(text):
        multiplier = _AR_MULTIPLIERS.get(match.group(2) or "", 1)
        found.update(_token_values(match.group(1), multiplier))
        taken.update(range(match.start(), match.end()))
    for match in _AR_ALONE_RE.finditer(text):
        if match.start(1) not in taken:  # "5 مليون" was counted above as 5,000,000
            found[Decimal(_AR_ALONE[match.group(1)])] += 1
    return found


def target_numbers(text: str) -> Counter[Decimal]:
    """Every number an English paragraph states: digits, simple number words, months."""
    text = ascii_digits(text)
    found: Counter[Decimal] = Counter()
    for match in _EN_NUMBER_RE.finditer(text):
        digits, word, multiplier_word = match.groups()
        multiplier = _EN_MULTIPLIERS[multiplier_word.lower()] if multiplier_word else 1
        if digits:
            found.update(_token_values(digits, multiplier))
        elif word.lower() in ("a", "an"):
            if multiplier_word:  # "a million"; a bare "a" is no number
                found[Decimal(multiplier)] += 1
        else:
            found[Decimal(_word_value(word)) * multiplier] += 1
    for match in _EN_MONTH_RE.finditer(text):
        found[Decimal(_month_number(match.group(1)))] += 1
    return found


def _word_value(word: str) -> int:
    head, _, unit = word.lower().partition("-")
    return _EN_WORDS[head] + (_EN_WORDS[unit] if unit else 0)


def _month_number(name: str) -> int:
    return [m[:3] for m in _MONTHS].index(name[:3].lower()) + 1


def _show(value: Decimal) -> str:
    if value == value.to_integral_value():
        return f"{int(value):,}" if value >= 10_000 else str(int(value))  # years stay "2024"
    return format(value.normalize(), "f")


def check_numbers(source: str, target: str) -> list[Flag]:
    missing = source_numbers(source) - target_numbers(target)
    if not missing:
        return []
    shown = ", ".join(_show(value) for value in sorted(missing))
    noun = "number" if sum(missing.values()) == 1 else "numbers"
    return [Flag("number-mismatch", f"{noun} of the Arabic not found in the English: {shown}")]


def _count_phrase(phrase: str, text: str) -> int:
    words = [re.escape(word) for word in phrase.split()]
    if not words:
        return 0
    pattern = r"(?<!\w)" + r"[\s\u00a0]+".join(words) + r"(?!\w)"
    return len(re.findall(pattern, text, flags=re.IGNORECASE))


def check_terms(target: str, terms: Iterable[Term]) -> list[Flag]:
    """Each glossary match needs its English in the target, once per occurrence."""
    wanted: Counter[str] = Counter()
    first: dict[str, Term] = {}
    for term in terms:
        key = " ".join(term.english.split()).casefold()
        if key:
            wanted[key] += 1
            first.setdefault(key, term)
    flags = []
    for key, count in wanted.items():
        term = first[key]
        found = _count_phrase(term.english, target)
        if found < count:
            times = f"{count} times" if count > 1 else "once"
            flags.append(
                Flag(
                    "missing-term",
                    f'"{term.english}" (glossary: {term.entry}) is in the Arabic {times} '
                    f"but {found} times in the English",
                )
            )
    return flags


def check_untranslated(target: str) -> list[Flag]:
    words = ARABIC_WORD_RE.findall(target)
    if not words:
        return []
    shown = " ".join(words[:3]) + (" …" if len(words) > 3 else "")
    return [Flag("untranslated", f"Arabic left in the English: {shown}")]


def _visible_length(text: str) -> int:
    return len("".join(text.split()))


def check_length(source: str, target: str) -> list[Flag]:
    source_length = _visible_length(source)
    if source_length < MIN_RATIO_SOURCE_CHARS:
        return []
    ratio = _visible_length(target) / source_length
    if MIN_RATIO <= ratio <= MAX_RATIO:
        return []
    side = "shorter" if ratio < MIN_RATIO else "longer"
    return [
        Flag(
            "length-ratio",
            f"the English is much {side} than the Arabic ({ratio:.1f}× its length; "
            f"usual {MIN_RATIO}–{MAX_RATIO}×)",
        )
    ]


def find_loop(words: list[str]) -> tuple[list[str], int] | None:
    """The first n-gram repeated ``REPEAT_TIMES``+ times in a row and its run length."""
    for size in range(1, MAX_REPEAT_WORDS + 1):
        for start in range(len(words) - REPEAT_TIMES * size + 1):
            if words[start] != words[start + size]:
                continue  # cheap test first: a loop repeats its first word one size later
            gram = words[start : start + size]
            times = 1
            while words[start + times * size : start + (times + 1) * size] == gram:
                times += 1
            if times >= REPEAT_TIMES:
                return gram, times
    return None


def _words(text: str) -> list[str]:
    # Words keep their inner punctuation, so "999,999,999" or "don't" is one word.
    return re.findall(r"\w+(?:[.,'’]\w+)*", text.casefold())


def check_repetition(source: str, target: str) -> list[Flag]:
    loop = find_loop(_words(target))
    if loop is None or find_loop(_words(source)) is not None:
        return []  # a loop the Arabic has too ("لا لا لا") is faithful, not a fault
    gram, times = loop
    return [Flag("repetition", f'"{" ".join(gram)}" repeats {times} times in a row')]


def check_paragraph(source: str, target: str, terms: list[Term]) -> list[Flag]:
    """Every QA flag for one source paragraph and its English translation."""
    if not source.strip():
        return []
    if not target.strip():
        return [Flag("empty", "the English is empty: the paragraph was not translated")]
    return [
        *check_terms(target, terms),
        *check_numbers(source, target),
        *check_untranslated(target),
        *check_length(source, target),
        *check_repetition(source, target),
    ]


def _paragraphs(articles: Iterable[TranslatedArticle]) -> Iterator[TranslatedParagraph]:
    for article in articles:
        yield article.title
        yield from article.paragraphs
        yield from _paragraphs(article.related)


def apply_checks(articles: Iterable[TranslatedArticle]) -> None:
    """Replace the QA flags of every title and paragraph (related articles too)."""
    for paragraph in _paragraphs(articles):
        kept = [flag for flag in paragraph.flags if flag.code not in CODES]
        paragraph.flags = kept + check_paragraph(
            paragraph.source, paragraph.target, paragraph.terms
        )


def summarize(articles: Iterable[TranslatedArticle]) -> dict[str, int]:
    """Flags per code over all titles and paragraphs, every known code present."""
    counts = dict.fromkeys(CODES, 0)
    for paragraph in _paragraphs(articles):
        for flag in paragraph.flags:
            counts[flag.code] = counts.get(flag.code, 0) + 1
    return counts
