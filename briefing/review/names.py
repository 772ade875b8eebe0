"""Names in text, for glossary suggestions: English names, Arabic candidates, and a
consonant skeleton to pair a name with its Arabic spelling.

No named-entity model is at hand offline, so the rules are plain: an English name is a
run of capitalized words (not a lone sentence opener); an Arabic candidate is a run of
one to three words outside every glossary match, without the proclitics و ف ب ل before
"ال", and not starting or ending on a function word. A name and its Arabic spelling
share their consonants ("مارك روته" and "Mark Rutte": MRKRT), which is how
``skeleton_similarity`` pairs them.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from rapidfuzz import fuzz

from briefing.document import Term
from briefing.text.arabic import ARABIC_WORD_RE
from briefing.text.lexicon import lexicon

# Arabic letters → consonant classes shared with the English spelling; long vowels,
# hamza seats, ʿayn and ta marbuta carry no consonant a transliteration keeps.
_ARABIC_CLASSES = str.maketrans(
    {
        **dict.fromkeys("بپ", "B"),
        **dict.fromkeys("تطث", "T"),
        **dict.fromkeys("جغگ", "G"),
        **dict.fromkeys("حه", "H"),
        **dict.fromkeys("خكق", "K"),
        **dict.fromkeys("دض", "D"),
        **dict.fromkeys("ذزظ", "Z"),
        "ر": "R",
        **dict.fromkeys("سص", "S"),
        "ش": "X",
        **dict.fromkeys("فڤ", "F"),
        "ل": "L",
        "م": "M",
        "ن": "N",
        **dict.fromkeys("اأإآٱءئؤىويةع", ""),
    }
)
_ENGLISH_DIGRAPHS = (("sh", "X"), ("ch", "X"), ("kh", "K"), ("gh", "G"), ("th", "T"), ("ph", "F"), ("dh", "Z"))  # fmt: skip
_ENGLISH_CLASSES = str.maketrans(
    {
        **dict.fromkeys("bp", "B"),
        "t": "T",
        **dict.fromkeys("gj", "G"),
        "h": "H",
        **dict.fromkeys("kcq", "K"),
        "d": "D",
        "z": "Z",
        "r": "R",
        "s": "S",
        "x": "KS",
        **dict.fromkeys("fv", "F"),
        "l": "L",
        "m": "M",
        "n": "N",
        **dict.fromkeys("aeiouyw'-’ ", ""),
    }
)
_DOUBLE_RE = re.compile(r"(.)\1+")
_FINAL_HEH_RE = re.compile(r"ه(?=\s|$)")
_NAME_WORD = r"(?:[A-Z][\w'’]*|al-[A-Z][\w'’]*|el-[A-Z][\w'’]*)"
_CONNECTOR = r"(?:\s+(?:bin|ibn|bint|al|el|abu|de|von|der|van|la|le)(?=\s+[A-Z]))?"
ENGLISH_NAME_RE = re.compile(rf"{_NAME_WORD}(?:{_CONNECTOR}\s+{_NAME_WORD}){{0,3}}")
_SENTENCE_ENDS = frozenset('.!?:;"“(')
_NOT_NAMES = frozenset(
    (
        "The A An In On At By For From To Of And But Or If As He She It They We I You His Her "
        "Its Their This That These Those There Here When While After Before During Since "
        "According Also However Meanwhile Earlier Later Today Yesterday Tomorrow Monday "
        "Tuesday Wednesday Thursday Friday Saturday Sunday Mr Mrs Ms Dr President Minister"
    ).split()
) | frozenset(lexicon().month_names)
_FUNCTION_WORDS = frozenset(
    (
        "في من على إلى الى عن مع أن إن ان التي الذي الذين هذا هذه ذلك تلك كان كانت قد لا ما "
        "أو او ثم بعد قبل عند حتى كما بين خلال حول منذ ضد عبر لدى أي كل بعض غير هو هي هم "
        "قال وقال وأضاف أضاف أكد وأكد يوم اليوم أمس العام عام مليون مليار ألف نحو أكثر"
    ).split()
)
_PROCLITIC_RE = re.compile("^[وفبل](?=ال)|^و(?=..)")


def skeleton(text: str) -> str:
    """The consonant classes of an Arabic or English spelling ("Rutte" → "RT")."""
    if ARABIC_WORD_RE.search(text):
        raw = _FINAL_HEH_RE.sub("", text).translate(_ARABIC_CLASSES)  # روته: Rutte
    else:
        raw = re.sub(r"\bx", "sh", text.lower())  # Xi, Xinhua: pinyin x is "sh"
        for digraph, sound in _ENGLISH_DIGRAPHS:
            raw = raw.replace(digraph, sound)  # upper case: the classes below leave it
        raw = raw.translate(_ENGLISH_CLASSES)
    return _DOUBLE_RE.sub(r"\1", re.sub(r"[^A-Z]", "", raw))


def skeleton_similarity(arabic: str, english: str) -> float:
    """0–1: how well the consonants of ``arabic`` and ``english`` agree."""
    a, e = skeleton(arabic), skeleton(english)
    if len(a) < 3 or len(e) < 3:
        return 0.0  # two consonants agree by chance too often
    return float(fuzz.ratio(a, e)) / 100


def _opens_sentence(text: str, start: int) -> bool:
    """Whether ``start`` begins the text or follows a sentence end (and spaces): looked
    up backwards from ``start``, so a long paragraph is not searched once per name."""
    at = start
    while at > 0 and text[at - 1].isspace():
        at -= 1
    return start == 0 or (at > 0 and text[at - 1] in _SENTENCE_ENDS)


def english_names(text: str, *, openers: bool = False) -> Iterator[str]:
    """Runs of capitalized words that name something; a lone sentence opener only with
    ``openers`` (it may be any word)."""
    for match in ENGLISH_NAME_RE.finditer(text):
        words = match.group().split()
        while words and words[0] in _NOT_NAMES:
            words = words[1:]
        if not words:
            continue
        opener = _opens_sentence(text, match.start())
        if len(words) == 1 and opener and words == match.group().split() and not openers:
            continue
        yield " ".join(words)


def sub_runs(name: str) -> Iterator[str]:
    """Every run of consecutive words of ``name``, longest first ("Spokesman Tarvel
    Song" → itself, "Spokesman Tarvel", "Tarvel Song", …)."""
    words = name.split()
    for size in range(len(words), 0, -1):
        for start in range(len(words) - size + 1):
            yield " ".join(words[start : start + size])


def _strip_clitic(word: str) -> str:
    return _PROCLITIC_RE.sub("", word) if len(word) > 3 else word


def arabic_candidates(text: str, terms: list[Term], longest: int = 3) -> Iterator[str]:
    """Runs of one to ``longest`` Arabic words outside every glossary match."""
    covered = bytearray(len(text))  # one flag per character: linear in the text
    for term in terms:
        covered[term.start : term.end] = b"\1" * (term.end - term.start)
    words = [
        (m.start(), m.end(), _strip_clitic(m.group()))
        for m in ARABIC_WORD_RE.finditer(text)
        if not covered[m.start()]
    ]
    for i in range(len(words)):
        for n in range(1, longest + 1):
            run = words[i : i + n]
            if len(run) < n:
                break
            if n > 1 and text[run[-2][1] : run[-1][0]].strip():
                break  # not next to each other: punctuation or a glossary name between
            names = [word for _, _, word in run]
            if names[0] not in _FUNCTION_WORDS and names[-1] not in _FUNCTION_WORDS:
                yield " ".join(names)


def best_pairing(arabic: list[str], english: list[str], threshold: float) -> tuple[str, str] | None:
    """The (Arabic, English) pair whose consonants agree best, at least ``threshold``;
    among pairs within 0.1 of the best, the longest English ("Xi Jinping", not "Jinping")."""
    scored = [(skeleton_similarity(a, e), a, e) for e in english for a in arabic]
    good = [item for item in scored if item[0] >= threshold]
    if not good:
        return None
    top = max(score for score, _, _ in good)
    near = [item for item in good if item[0] >= top - 0.1]
    _, a, e = max(near, key=lambda item: (len(item[2]), item[0], len(item[1])))
    return a, e
