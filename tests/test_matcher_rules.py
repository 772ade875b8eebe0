"""Every variant rule of the matcher as a table: what must match, and what must not.

Each row is one entry, one text and the terms expected in it, written from the rule the
module docstring states (not read off the matcher's output): (as written, English, kind,
variant?, clitic). An empty list means the text must not match at all.
"""

from __future__ import annotations

from typing import NamedTuple

import pytest

from briefing.glossary.matcher import (
    _FOLD_ALL,
    _FOLD_LOOSE,
    CLITICS,
    Matcher,
    _clitic_forms,
    _Folding,
    normalize,
    split_article,
)
from briefing.glossary.store import Entry, Glossary

Found = tuple[str, str, str, bool, str]

MEDVEDEV = Entry("ميدفيديف", "Medvedev", "person")
ZELENSKY = Entry("زيلينسكي", "Zelensky", "person")
PUTIN = Entry("فلاديمير بوتين", "Vladimir Putin", "person")
SAUDI = Entry("السعودية", "Saudi Arabia", "place")
GOOGLE = Entry("غوغل", "Google", "org")
NATO = Entry("الناتو", "NATO", "org")

# rule, entry, text, expected terms
RULES: list[tuple[str, Entry, str, list[Found]]] = [
    # One inner و or ي of a word of six letters or more may be left out, anywhere inside.
    ("drop after the first letter", MEDVEDEV, "قال مدفيديف", [("مدفيديف", "Medvedev", "person", True, "")]),
    ("drop before the last letter", MEDVEDEV, "وميدفيدف", [("ميدفيدف", "Medvedev", "person", True, "و")]),
    ("drop in the middle", ZELENSKY, "زيلنسكي", [("زيلنسكي", "Zelensky", "person", True, "")]),
    ("six letters are enough", Entry("ميلوني", "Meloni", "person"), "قالت ملوني", [("ملوني", "Meloni", "person", True, "")]),
    ("five letters are too few", Entry("شويغو", "Shoigu", "person"), "قال شيغو", []),
    ("the first letter stays", Entry("واشنطن", "Washington", "place"), "وصل إلى اشنطن", []),
    ("the last letter stays", ZELENSKY, "قال زيلينسك", []),
    ("one drop, not two", ZELENSKY, "قال زلنسكي", []),
    ("a consonant is no vowel", MEDVEDEV, "قال ميفيديف", []),
    ("drop early in a word ending in alif", Entry("كاليفورنيا", "California", "place"), "في كالفورنيا", [("كالفورنيا", "California", "place", True, "")]),
    # The vowel before a final ا/ه is grammar: سعودة (Saudization) is not السعودية.
    ("the vowel before final ta marbuta stays", SAUDI, "برنامج السعودة", []),
    ("the listed spelling still matches", SAUDI, "في السعودية", [("سعودية", "Saudi Arabia", "place", False, "ال")]),
    # Words are dropped from one at a time; the others stay as they are.
    ("drop in the second word", Entry("أولغا سكابييفا", "Olga Skabeyeva", "person"), "قالت أولغا سكابيفا", [("أولغا سكابيفا", "Olga Skabeyeva", "person", True, "")]),
    ("drop in the first word", PUTIN, "قال فلادمير بوتين", [("فلادمير بوتين", "Vladimir Putin", "person", True, "")]),
    ("a first name alone is not the full name", PUTIN, "قال فلادمير إن", []),
    ("short words of a long name keep their vowels", Entry("كيم جونغ أون", "Kim Jong Un", "person"), "التقى كيم جنغ أون", []),
    # ج غ ق ك گ are one letter and ڤ is ف in names of four letters or more.
    ("four letters fold", GOOGLE, "بحث جوجل", [("جوجل", "Google", "org", True, "")]),
    ("qaf folds", GOOGLE, "بحث قوقل", [("قوقل", "Google", "org", True, "")]),
    ("Persian gaf folds", GOOGLE, "بحث گوگل", [("گوگل", "Google", "org", True, "")]),
    ("ve folds to fa", Entry("فيينا", "Vienna", "place"), "في ڤيينا", [("ڤيينا", "Vienna", "place", True, "")]),
    ("three letters do not fold", Entry("قطر", "Qatar", "place"), "زار كطر", []),
    ("a term gets no folded variant", Entry("الانقلاب", "the coup", "term"), "بعد الانجلاب", []),
    ("a term matches as listed", Entry("الانقلاب", "the coup", "term"), "بعد الانقلاب", [("انقلاب", "the coup", "term", False, "ال")]),
    ("a term gets no dropped vowel", Entry("الدبلوماسية", "diplomacy", "term"), "الدبلماسية", []),
    # Proclitics: at most the longest clitic run (four letters) before a name.
    ("four proclitic letters", NATO, "وبالناتو", [("ناتو", "NATO", "org", False, "وبال")]),
    ("a name inside a longer word", NATO, "سوبالناتو", []),
    # Listed variants are exact spellings; a variant that normalizes to nothing is skipped.
    ("a listed variant is exact", Entry("كييف", "Kyiv", "place", ("ـ", "كيف")), "في كيف", [("كيف", "Kyiv", "place", False, "")]),
]  # fmt: skip


@pytest.mark.parametrize(
    ("entry", "text", "expected"), [row[1:] for row in RULES], ids=[row[0] for row in RULES]
)
def test_variant_rule(entry: Entry, text: str, expected: list[Found]) -> None:
    terms = Glossary([entry]).find(text)
    assert [(t.source, t.english, t.kind, t.variant, t.clitic) for t in terms] == expected
    assert all(t.entry == entry.arabic for t in terms)


@pytest.mark.parametrize(
    ("form", "expected"),
    [
        ("الجزائر", ("جزاير", True)),
        ("  الجزائر", ("جزاير", True)),  # blanks before the article do not hide it
        ("الحج", ("حج", True)),  # two letters after the article are a word
        ("الف", ("الف", False)),  # one letter after ال is no word: "alf", a thousand
        ("ال", ("ال", False)),
        ("ال قاعدة", ("ال قاعده", False)),  # a detached ال is not the article
        ("ألمانيا", ("المانيا", False)),  # hamza on the alif: part of the name
    ],
)
def test_split_article(form: str, expected: tuple[str, bool]) -> None:
    assert split_article(form) == expected


def test_normalize_expands_presentation_forms_with_their_offsets() -> None:
    # ﻛﻴﻴﻒ is كييف in presentation forms; the ligature ﻻ is two letters of one character.
    assert normalize("في \ufedb\ufef4\ufef4\ufed2") == ("في كييف", [0, 1, 2, 3, 4, 5, 6])
    assert normalize("\ufefb") == ("لا", [0, 0])
    assert normalize("ب\ufefbد") == ("بلاد", [0, 1, 1, 2])


def test_clitic_runs_are_every_conjunction_preposition_article_combination() -> None:
    expected = {
        *("", "ال", "ب", "بال", "ل", "لل", "ك", "كال"),
        *("و", "وال", "وب", "وبال", "ول", "ولل", "وك", "وكال"),
        *("ف", "فال", "فب", "فبال", "فل", "فلل", "فك", "فكال"),
    }
    assert CLITICS == expected
    # CLITICS is built at import; building it again checks the code that builds it.
    assert _clitic_forms() == expected


def test_a_glossary_of_only_units_and_months_finds_nothing() -> None:
    # Units and months match only beside a number (protection does that), so the matcher
    # is built without any key and must still answer.
    glossary = Glossary([Entry("كلم", "km", "unit"), Entry("حزيران", "June", "term")])
    assert glossary.find("قطع 5 كلم في حزيران") == []
    assert Matcher([]).find("نص") == []
    assert Matcher([]).key_count == 0


def test_key_count_is_the_spellings_of_every_entry() -> None:
    # زيلينسكي, زلينسكي and زيلنسكي; بيونغ يانغ has no word long enough to drop from.
    matcher = Matcher([ZELENSKY, Entry("بيونغ يانغ", "Pyongyang", "place")])
    assert matcher.key_count == 4


class _Named(NamedTuple):
    arabic: str
    english: str
    kind: str
    variants: tuple[str, ...] = ()


def test_any_entry_like_object_with_blanks_around_the_article() -> None:
    # The matcher takes any object with the four fields, unstripped ones too.
    terms = Matcher([_Named(" الجزائر", "Algeria", "place")]).find("وصل إلى الجزائر")
    assert [(t.source, t.clitic, t.kind) for t in terms] == [("جزائر", "ال", "place")]


def test_folding_a_long_text_gives_what_folding_a_short_one_gives() -> None:
    fold = _Folding({"ج": "ك", "ا": "ا", "\u064e": "\x00"})
    assert fold("جَمل") == "ك\x00مل"
    assert fold("جَمل" * 100) == "ك\x00مل" * 100  # 400 characters: the replace path
    # Both paths agree only because no folded letter is folded again; keep it that way.
    for table in (_FOLD_ALL, _FOLD_LOOSE):
        assert not {new for _, new in table.pairs} & {old for old, _ in table.pairs}
