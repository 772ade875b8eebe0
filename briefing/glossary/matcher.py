"""Find glossary names in Arabic text: normalization, clitics, spelling variants, one pass.

The text is never changed: matching runs on a normalized copy and every offset is mapped
back to the original, so a ``Term`` spans exactly the characters the writer typed.

Two layers of normalization:

- ``normalize`` (exact layer): diacritics, tatweel and invisible marks removed; أ إ آ ٱ → ا;
  ى → ي; ة → ه; ؤ → و; ئ → ي; ک ی ے → ك ي; Arabic-Indic digits → ASCII; a run of spaces is
  one space (a run holding a line break is one line break, which no name crosses).
- the loose layer, on top of it: ج غ ق ك گ fold to one letter (the ways Arabic writes "g")
  and blanks do not count, so "بيونج يانج" and "بيونغيانغ" look alike.

All keys go into one Aho-Corasick automaton run over the loose layer with blanks skipped,
so the text is scanned once whatever the glossary size. A hit must end at a word end and
start at a word start or after a proclitic run (و ف ب ل ك ال …), read on the exact layer.
It is then checked against the exact layer: equal to a listed spelling → a plain match;
otherwise only a person/place/org name of four letters or more may match, as a variant.
Words of six letters or more also get keys with one inner و or ي dropped
(زيلينسكي → زيلنسكي); alif is not dropped: it spells "a", which transliterations keep.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from typing import NamedTuple, Protocol

import ahocorasick

from briefing.document import Term
from briefing.text.arabic import ALEF_FOLD, ARABIC_MARK, DIGIT_FOLD, INVISIBLE, TATWEEL, expand

NAME_KINDS = frozenset({"person", "place", "org"})
MIN_VOWEL_DROP_LETTERS = 6
# Below this many letters a folded spelling is too often another word (القرم/الجرم/الكرم).
MIN_VARIANT_LETTERS = 4
DROPPABLE_VOWELS = "وي"
ARTICLE = "ال"

# Removed before matching: marks, tatweel, invisible format characters, bidi controls.
_REMOVE = expand(ARABIC_MARK + TATWEEL + INVISIBLE) + "\u2066\u2067\u2068\u2069"
_REMOVE += "".join(chr(c) for c in range(0x202A, 0x202F))  # bidi embeddings
_FOLD = {
    **ALEF_FOLD, "ى": "ي", "ة": "ه", "ؤ": "و", "ئ": "ي",
    "ک": "ك", "ڪ": "ك", "ی": "ي", "ے": "ي", "ۀ": "ه", "ھ": "ه", "ە": "ه",
    **DIGIT_FOLD,
}  # fmt: skip
_LINE_BREAKS = "\n\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029"

_TABLE: dict[int, str] = {ord(c): "\x00" for c in _REMOVE}
_TABLE.update({ord(k): v for k, v in _FOLD.items()})
_TABLE.update({ord(c): "\n" for c in _LINE_BREAKS})
_SPACES = "\t\x1f \xa0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a"
_TABLE.update({ord(c): " " for c in _SPACES + "\u202f\u205f\u3000"})
_COLLAPSE_RE = re.compile(r"\x00+|[ \n][ \n\x00]+")
_PRESENTATION_RE = re.compile("[\ufb50-\ufdff\ufe70-\ufefc]")

_CONJUNCTIONS = {"و": "and", "ف": "so"}
_PREPOSITIONS = {"ب": "in", "ل": "to", "ك": "as"}


def _clitic_forms() -> frozenset[str]:
    forms = set()
    for conj in ("", *_CONJUNCTIONS):
        for prep in ("", *_PREPOSITIONS):
            for article in ("", ARTICLE):
                # ل + ال is written لل: the article's alif drops out.
                middle = "لل" if prep == "ل" and article else prep + article
                forms.add(conj + middle)
    return frozenset(forms)


CLITICS = _clitic_forms()
_MAX_CLITIC = max(len(c) for c in CLITICS)


class EntryLike(Protocol):
    """What the matcher needs of a glossary entry (``glossary.Entry`` fits)."""

    @property
    def arabic(self) -> str: ...
    @property
    def english(self) -> str: ...
    @property
    def kind(self) -> str: ...
    @property
    def variants(self) -> tuple[str, ...]: ...


class _Folding:
    """A 1:1 character mapping applied fast to both headwords and whole articles."""

    def __init__(self, mapping: dict[str, str]) -> None:
        self.pairs = tuple((old, new) for old, new in mapping.items() if old != new)
        self.table = {ord(old): new for old, new in self.pairs}

    def __call__(self, text: str) -> str:
        # str.translate looks up each character: fine for a headword. Both ways give the
        # same text (no folded letter is folded again: test_matcher_rules), so the length
        # is a matter of speed only and mutating it changes nothing a test could see.
        if len(text) < 256:  # pragma: no mutate
            return text.translate(self.table)
        for old, new in self.pairs:  # ~140 C-speed scans beat a lookup per character
            if old in text:
                text = text.replace(old, new)
        return text


_FOLD_ALL = _Folding({chr(k): v for k, v in _TABLE.items()})
_FOLD_LOOSE = _Folding({"ج": "ك", "غ": "ك", "ق": "ك", "گ": "ك", "ڤ": "ف"})


def _expand_presentation_forms(text: str) -> tuple[str, list[int]]:
    """NFKC only the presentation-form letters (ﻻ → لا), keeping a map to the original."""
    out: list[str] = []
    mapping: list[int] = []
    kept = 0
    for match in _PRESENTATION_RE.finditer(text):
        start = match.start()
        out.append(text[kept:start])
        mapping.extend(range(kept, start))
        piece = unicodedata.normalize("NFKC", match.group())
        out.append(piece)
        mapping.extend([start] * len(piece))
        kept = start + 1
    out.append(text[kept:])
    mapping.extend(range(kept, len(text)))
    return "".join(out), mapping


def normalize(text: str) -> tuple[str, list[int]]:
    """The matching form of ``text`` and, for each of its characters, the original index."""
    source = text
    pre_map: list[int] | None = None
    if _PRESENTATION_RE.search(text):
        source, pre_map = _expand_presentation_forms(text)
    folded = _FOLD_ALL(source)
    pieces: list[str] = []
    mapping: list[int] = []
    kept = 0  # folded[kept:] is not yet copied
    # Only removed marks and runs of two or more blanks need work; the rest is copied whole.
    for match in _COLLAPSE_RE.finditer(folded):
        start, end = match.span()
        pieces.append(folded[kept:start])
        mapping.extend(range(kept, start))
        if folded[start] != "\x00":
            pieces.append("\n" if "\n" in match.group() else " ")
            mapping.append(start)
        kept = end
    pieces.append(folded[kept:])
    mapping.extend(range(kept, len(folded)))
    if pre_map is not None:
        mapping = [pre_map[i] for i in mapping]
    return "".join(pieces), mapping


def normalize_key(text: str) -> str:
    """The exact-layer form of a glossary headword: normalized and stripped."""
    return normalize(text)[0].strip()


def loose_key(text: str) -> str:
    """The loose-layer form of an already normalized string."""
    return _FOLD_LOOSE(text).replace(" ", "")


def original_end(text: str, mapping: list[int], norm_end: int) -> int:
    """Original index just after normalized character ``norm_end - 1``, with its marks."""
    end = mapping[norm_end - 1] + 1
    while end < len(text) and text[end] in _REMOVE and not text[end].isspace():
        end += 1
    return end


def _start_of(norm: str, last: int, length: int) -> int:
    """Where a hit of ``length`` non-blank characters ending at ``last`` starts; -1 if it
    crosses a line break, which no name does."""
    start = last - length + 1
    if start >= 0 and " " not in norm[start:last] and "\n" not in norm[start:last]:
        return start
    index, count = last, 0
    while count < length:
        char = norm[index]
        if char == "\n":
            return -1
        if char != " ":
            count += 1
        index -= 1
    return index + 1


def split_article(form: str) -> tuple[str, bool]:
    """A normalized form without a leading definite article, and whether it had one.

    Only a plain ``ال`` counts: "ألمانيا" (with hamza) keeps its alif-lam.
    """
    raw = form.lstrip()
    norm = normalize_key(raw)
    if raw.startswith(ARTICLE) and len(norm) > len(ARTICLE) + 1 and norm[2] != " ":
        return norm[len(ARTICLE) :], True
    return norm, False


def _vowel_drops(core: str) -> set[str]:
    """``core`` with one inner و or ي of a long word dropped, every way.

    Transliterations spell short i/e/o/u with ي/و or leave them out (زيلينسكي, زيلنسكي);
    alif is kept, and so is a vowel before a final ا/ه, which is grammar (سعودية ≠ سعودة).
    """
    words = core.split(" ")
    found: set[str] = set()
    for w_index, word in enumerate(words):
        if len(word) < MIN_VOWEL_DROP_LETTERS:
            continue
        for i in range(1, len(word) - 1):
            if word[i] not in DROPPABLE_VOWELS or (i == len(word) - 2 and word[-1] in "اه"):
                continue
            shorter = words[:w_index] + [word[:i] + word[i + 1 :]] + words[w_index + 1 :]
            found.add(" ".join(shorter))
    return found


def clitic_english(prefix: str) -> str:
    """English for a proclitic run: "و" → "and", "ول" → "and to", "بال" → "in", "ال" → ""."""
    rest = normalize_key(prefix)
    words: list[str] = []
    if rest[:1] in _CONJUNCTIONS:
        words.append(_CONJUNCTIONS[rest[0]])
        rest = rest[1:]
    if rest[:1] in _PREPOSITIONS and rest != ARTICLE:
        words.append(_PREPOSITIONS[rest[0]])
    return " ".join(words)


def has_article(prefix: str) -> bool:
    """Whether a normalized clitic run ends in the definite article (ال, or لل = ل + ال)."""
    return prefix.endswith(ARTICLE) or prefix.endswith("لل")


def entry_keys(
    entry: EntryLike, splits: Iterable[tuple[str, bool]] | None = None
) -> tuple[frozenset[str], list[tuple[str, bool]]]:
    """An entry's listed spellings (normalized, article split off) and its keys, each
    with whether it needs the article, in the order the matcher adds them (the matcher
    and the compiled glossary both index entries with this). ``splits``: the
    ``split_article`` of each form, when the caller has them already."""
    cores: set[str] = set()
    keys: list[tuple[str, bool]] = []
    if splits is None:
        splits = [split_article(form) for form in (entry.arabic, *entry.variants)]
    for core, article in splits:
        if not core:
            continue
        cores.add(core)
        spellings = {core}
        if entry.kind in NAME_KINDS:
            spellings |= _vowel_drops(core)
        for spelling in spellings:
            key = loose_key(spelling)
            if key and (key, article) not in keys:
                keys.append((key, article))
    return frozenset(cores), keys


class _Candidate(NamedTuple):
    """A hit that passed the word-boundary and spelling checks, in normalized offsets."""

    length: int  # normalized characters of the name itself
    variant: bool  # matched as a spelling variant, not a listed form
    start: int  # where the name starts
    end: int
    word_start: int  # where its word starts: the proclitics lie between
    entry: int  # index into the matcher's entries


class Matcher:
    """A compiled glossary: ``find`` scans a text once and returns its terms."""

    def __init__(self, entries: Iterable[EntryLike]) -> None:
        self._entries = list(entries)
        self._exact: list[frozenset[str]] = []
        keys: dict[str, list[tuple[int, bool]]] = {}
        for index, entry in enumerate(self._entries):
            cores, found = entry_keys(entry)
            for key, article in found:
                keys.setdefault(key, []).append((index, article))
            self._exact.append(cores)
        self._automaton = ahocorasick.Automaton()
        for key, forms in keys.items():
            self._automaton.add_word(key, (len(key), tuple(forms)))
        self._empty = not keys
        if not self._empty:
            self._automaton.make_automaton()
        self.key_count = len(keys)

    def find(self, text: str) -> list[Term]:
        """Every glossary term in ``text``, longest first, as spans of the original text."""
        if self._empty or not text:
            return []
        norm, nmap = normalize(text)
        # The automaton skips blanks, so "بيونغ يانغ" meets the key "بيونغيانغ": the loose
        # layer is the folded text read without its blanks, offsets stay the text's own.
        padded = norm + " "
        # Most hits of a big glossary end inside a word: drop those before any Python work.
        hits = [
            hit
            for hit in self._automaton.iter(_FOLD_LOOSE(norm), ignore_white_space=True)
            if not padded[hit[0] + 1].isalnum()
        ]
        return resolve_hits(text, norm, nmap, hits, self._exact, self._entries)


Hit = tuple[int, tuple[int, tuple[tuple[int, bool], ...]]]
"""A key found in a text: the normalized index of its last character, its length (no
blanks), and the (entry, needs the article) pairs it stands for, in glossary order."""


def resolve_hits(
    text: str,
    norm: str,
    nmap: list[int],
    hits: Iterable[Hit],
    exact: Sequence[frozenset[str]] | Mapping[int, frozenset[str]],
    entries: Sequence[EntryLike] | Mapping[int, EntryLike],
) -> list[Term]:
    """The terms of ``text`` from the keys found in it, however they were found (the
    automaton, or the compiled glossary's index): word boundaries, clitics, spelling.

    ``exact[i]`` is entry i's listed spellings (normalized, article split off)."""
    candidates: list[_Candidate] = []
    for last, (length, forms) in hits:
        n_end = last + 1
        n_start = _start_of(norm, last, length)
        word_start = n_start
        while word_start > 0 and norm[word_start - 1].isalnum():
            word_start -= 1
            if n_start - word_start > _MAX_CLITIC:
                break
        prefix = norm[word_start:n_start]
        if n_start < 0 or prefix not in CLITICS:
            continue
        best = _choose(forms, norm[n_start:n_end], has_article(prefix), length, exact, entries)
        if best is not None:
            entry_index, variant = best
            candidates.append(
                _Candidate(n_end - n_start, variant, n_start, n_end, word_start, entry_index)
            )
    return _select(text, nmap, candidates, entries)


def _choose(
    forms: tuple[tuple[int, bool], ...],
    region: str,
    article: bool,
    letters: int,
    exact: Sequence[frozenset[str]] | Mapping[int, frozenset[str]],
    entries: Sequence[EntryLike] | Mapping[int, EntryLike],
) -> tuple[int, bool] | None:
    """The entry a hit stands for: an exact spelling first, else a name's variant."""
    fallback: tuple[int, bool] | None = None
    variants_ok = letters >= MIN_VARIANT_LETTERS
    for entry_index, needs_article in forms:
        if needs_article and not article:
            continue
        if region in exact[entry_index]:
            return entry_index, False
        if fallback is None and variants_ok and entries[entry_index].kind in NAME_KINDS:
            fallback = entry_index, True
    return fallback


def _select(
    text: str,
    nmap: list[int],
    candidates: list[_Candidate],
    entries: Sequence[EntryLike] | Mapping[int, EntryLike],
) -> list[Term]:
    # Longest first, exact before variant, leftmost first; then drop overlaps.
    candidates.sort(key=lambda c: (-c.length, c.variant, c.start))
    taken = bytearray(len(nmap))
    terms: list[Term] = []
    for _, variant, n_start, n_end, word_start, entry_index in candidates:
        if taken.find(1, n_start, n_end) != -1:
            continue
        taken[n_start:n_end] = b"\x01" * (n_end - n_start)
        entry = entries[entry_index]
        start = nmap[n_start]
        end = original_end(text, nmap, n_end)
        terms.append(
            Term(
                start=start,
                end=end,
                source=text[start:end],
                english=entry.english,
                kind=entry.kind,
                entry=entry.arabic,
                variant=variant,
                clitic=text[nmap[word_start] : start],
            )
        )
    return sorted(terms, key=lambda t: t.start)
