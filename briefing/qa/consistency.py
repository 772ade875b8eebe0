"""Consistency across one briefing: one Arabic name, one English spelling.

Glossary names are spelled by the glossary; every other name is spelled by the model, which
may write "زيلينسكي" as "Zelensky" in one article and "Zelenskyy" in the next. A name is
found by sound: an English word and an Arabic word of the same paragraph are the same
name when their consonants agree letter for letter (vowels, و, ي, ه, ح, ع and hamza are
left out, as transliterations treat them freely). The same Arabic word spelled two ways
in English across the briefing flags every paragraph holding the rarer spelling.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass

from briefing.document import Flag, TranslatedArticle, TranslatedParagraph
from briefing.text.arabic import ARABIC_MARK, ARABIC_WORD_RE, TATWEEL

# Each Arabic consonant and the English consonant classes it may be written with.
_ARABIC_SOUNDS = {
    "ب": "b", "ت": "t", "ث": "ts", "ج": "jg", "خ": "k", "د": "d", "ذ": "dz", "ر": "r",
    "ز": "z", "س": "s", "ش": "s", "ص": "s", "ض": "dz", "ط": "t", "ظ": "dz", "غ": "g",
    "ف": "f", "ق": "kg", "ك": "k", "ل": "l", "م": "m", "ن": "n",
}  # fmt: skip
_SILENT = set("اأإآٱءئؤوىيةهحع")
_ARABIC_VOWELS = set("اىيوة")  # a final long vowel or ة ("a")
_ARABIC_INITIAL_VOWELS = set("اأإآٱعء")  # "Iraq" العراق, "Abdullah" عبدالله
_ENGLISH_VOWELS = set("aiouy")
# English spellings of one sound, read before single letters.
_DIGRAPHS: tuple[tuple[str, str], ...] = (
    ("sh", "s"),
    ("kh", "k"),
    ("gh", "g"),
    ("th", "t"),
    ("dh", "d"),
    ("ph", "f"),
)
_DIGRAPHS += (("ck", "k"), ("ch", "s"))
_ENGLISH_SOUNDS = dict(zip("bpvfkqcgjtdszmnlrx", "bbffkkkgjtdszmnlrk", strict=True))
_CLITICS = ("وال", "فال", "بال", "كال", "لل", "ال", "و", "ف", "ب", "ل")
MIN_SOUNDS = 2  # "Assad" (s, d); one consonant matches too much
MIN_LETTERS = 4
_NAME_RE = re.compile(r"\b[A-Z][^\W\d_]+\b")  # a capitalized word: "Zelensky", "Erdoğan", "NATO"
_MARKS_RE = re.compile(f"[{ARABIC_MARK}{TATWEEL}]")


def _collapse(sounds: list[str]) -> list[str]:
    # A doubled consonant is one sound: shadda is not written, "mm" often is.
    return [s for i, s in enumerate(sounds) if i == 0 or s != sounds[i - 1]]


@dataclass(frozen=True)
class Shape:
    """How a word sounds, as far as transliteration keeps it: whether it starts with a
    vowel, its consonant classes (each a string of the classes allowed), how it ends
    ("v" a vowel, "c" a consonant, "*" either: a silent English e, a final ه)."""

    initial_vowel: bool
    sounds: tuple[str, ...]
    end: str


@functools.lru_cache(maxsize=65536)
def english_shape(word: str) -> Shape:
    """ "Zelenskyy" → starts with a consonant, z-l-n-s-k, ends with a vowel."""
    text = unicodedata.normalize("NFKD", word.casefold())
    text = "".join(c for c in text if c.isascii() and c.isalpha())
    sounds: list[str] = []
    i = 0
    while i < len(text):
        pair = next((sound for spelled, sound in _DIGRAPHS if text.startswith(spelled, i)), None)
        if pair is not None:
            sounds.append(pair)
            i += 2
            continue
        if text[i] in _ENGLISH_SOUNDS:
            sounds.append(_ENGLISH_SOUNDS[text[i]])
        i += 1
    end = "*" if text[-1:] in ("e", "h") else "v" if text[-1:] in _ENGLISH_VOWELS else "c"
    return Shape(text[:1] in "aeiou" and text != "", tuple(_collapse(sounds)), end)


@functools.lru_cache(maxsize=65536)
def arabic_shape(word: str) -> Shape | None:
    """ "أوكرانيا" → starts with a vowel, k-r-n, ends with a vowel; None for a letter outside
    the table (Persian letters, presentation forms)."""
    options: list[str] = []
    for letter in word:
        if letter in _SILENT:
            continue
        if letter not in _ARABIC_SOUNDS:
            return None
        options.append(_ARABIC_SOUNDS[letter])
    last = word[-1:]
    end = "*" if last in "هء" else "v" if last in _ARABIC_VOWELS else "c"
    return Shape(word[:1] in _ARABIC_INITIAL_VOWELS, tuple(_collapse(options)), end)


def sounds_alike(english: Shape, arabic: Shape) -> bool:
    """The same name written in two scripts, as far as the shapes tell."""
    return (
        english.initial_vowel == arabic.initial_vowel
        and (english.end == arabic.end or "*" in (english.end, arabic.end))
        and len(english.sounds) == len(arabic.sounds)
        and all(e in a for e, a in zip(english.sounds, arabic.sounds, strict=True))
    )


def _cores(word: str) -> Iterator[str]:
    """``word`` and the word without each proclitic it may carry ("والأسد" → "أسد" …)."""
    yield word
    for clitic in _CLITICS:
        if word.startswith(clitic) and len(word) - len(clitic) >= 3:
            yield word[len(clitic) :]


@dataclass(frozen=True)
class _Use:
    english: str
    where: str  # "article 2"
    paragraph: TranslatedParagraph


def names_of(paragraph: TranslatedParagraph) -> Iterator[tuple[str, str]]:
    """(Arabic word, English word) pairs of one paragraph that are the same name by sound;
    an Arabic word counts in its longest form that matches ("والأسد": "الأسد", then "أسد")."""
    # Glossary names are spelled as the glossary decides ("روسيا-1" Rossiya-1 beside
    # "روسيا" Russia): neither their Arabic nor their English is judged here.
    source = paragraph.source
    for term in paragraph.terms:
        source = source[: term.start] + " " * (term.end - term.start) + source[term.end :]
    decided = {word for term in paragraph.terms for word in _NAME_RE.findall(term.english)}
    words = dict.fromkeys(_MARKS_RE.sub("", w) for w in ARABIC_WORD_RE.findall(source))
    names = {}
    for english in dict.fromkeys(_NAME_RE.findall(paragraph.target)):
        spoken = english_shape(english)
        if (
            english not in decided
            and len(english) >= MIN_LETTERS
            and len(spoken.sounds) >= MIN_SOUNDS
        ):
            names[english] = spoken
    # Only shapes that start alike, with the same first consonant and as many consonants,
    # can match: one bucket each, and only the buckets an English name needs.
    wanted = {_bucket(spoken) for spoken in names.values()}
    buckets: dict[_Key, list[tuple[int, str, Shape]]] = {}
    for number, word in enumerate(words):
        for keys, core, shape in _word_shapes(word):
            for key in keys & wanted:
                buckets.setdefault(key, []).append((number, core, shape))
    for english, spoken in names.items():
        matched: set[int] = set()
        for number, core, shape in buckets.get(_bucket(spoken), []):
            if number not in matched and sounds_alike(spoken, shape):
                matched.add(number)  # cores come longest first: the rest of the word is done
                yield core, english


_Key = tuple[bool, int, str]


def _bucket(english: Shape) -> _Key:
    return english.initial_vowel, len(english.sounds), english.sounds[0]


@functools.lru_cache(maxsize=65536)
def _word_shapes(word: str) -> tuple[tuple[frozenset[_Key], str, Shape], ...]:
    """The shapes of a word's cores, longest first, each with the buckets it belongs to."""
    found = []
    for core in _cores(word):
        shape = arabic_shape(core)
        if shape is not None and shape.sounds:
            keys = frozenset(
                (shape.initial_vowel, len(shape.sounds), first) for first in shape.sounds[0]
            )
            found.append((keys, core, shape))
    return tuple(found)


def _paragraphs(
    articles: list[TranslatedArticle], prefix: str = ""
) -> Iterator[tuple[str, TranslatedParagraph]]:
    for number, article in enumerate(articles, start=1):
        where = f"{prefix}{number}"
        yield where, article.title
        for paragraph in article.paragraphs:
            yield where, paragraph
        yield from _paragraphs(article.related, f"{where}.")


# Endings that make another word of a name, not another spelling: Iran → Iranian,
# Syria → Syrian, Iraq → Iraqi, China → Chinese, Arab → Arabia, Saudi → Saudis.
_DERIVED = ("ians", "ian", "ans", "an", "n", "ns", "i", "is", "s", "es", "ese", "ish", "ia")


def _derived(one: str, other: str) -> bool:
    """Whether ``one`` and ``other`` (casefolded) are a name and a word made from it."""
    short, long = sorted((one, other), key=len)
    stems = (short, short[:-1]) if short[-1:] in "aey" else (short,)
    return any(long == stem + ending for stem in stems for ending in _DERIVED)


def check_consistency(articles: list[TranslatedArticle]) -> None:
    """Add a ``name-inconsistent`` flag to each paragraph that spells a name the rarer way."""
    uses: dict[str, list[_Use]] = {}
    for where, paragraph in _paragraphs(articles):
        for arabic, english in names_of(paragraph):
            uses.setdefault(arabic, []).append(_Use(english, where, paragraph))
    for arabic, found in uses.items():
        spellings = Counter(use.english.casefold() for use in found)
        if len(spellings) < 2:
            continue
        usual = spellings.most_common(1)[0][0]  # ties: the first seen
        found = [use for use in found if not _derived(use.english.casefold(), usual)]
        model = next(use for use in found if use.english.casefold() == usual)
        for use in found:
            if use.english.casefold() == usual:
                continue
            flag = Flag(
                "name-inconsistent",
                f'"{use.english}" ({arabic}) is spelled "{model.english}" in article {model.where}',
            )
            spelled = f'"{use.english}" ('
            if not any(f.message.startswith(spelled) for f in use.paragraph.flags):
                use.paragraph.flags.append(flag)  # one flag per spelling and paragraph
