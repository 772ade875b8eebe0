"""The QA checks' small rules one by one, each case a whole value: doubled sounds, the
proclitics a name may carry, words made from a name, the paragraph's name pairs, the
briefing-wide spelling flag, end marks and unpaired brackets."""

from __future__ import annotations

import pytest

from briefing.document import Article, Flag, Paragraph, TranslatedArticle, TranslatedParagraph
from briefing.glossary.matcher import Term
from briefing.qa.consistency import _collapse, _cores, _derived, check_consistency, names_of
from briefing.qa.form import _end_mark, _shown_end, check_end_punctuation, unpaired
from briefing.qa.names import (
    _addresses,
    _code_key,
    _codes,
    _count_phrase,
    check_codes,
    without_codes,
)


@pytest.mark.parametrize(
    ("sounds", "collapsed"),
    [
        (["m", "m", "d"], ["m", "d"]),  # "Mmd": shadda is not written, "mm" often is
        (["b", "m", "b"], ["b", "m", "b"]),  # the same sound apart is two sounds
        (["s", "s", "s"], ["s"]),
        (["k", "d", "d"], ["k", "d"]),
        ([], []),
    ],
)
def test_a_doubled_consonant_is_one_sound(sounds: list[str], collapsed: list[str]) -> None:
    assert _collapse(sounds) == collapsed


@pytest.mark.parametrize(
    ("word", "cores"),
    [
        ("والأسد", ["والأسد", "أسد", "الأسد"]),  # وال first, then و
        ("وأسد", ["وأسد", "أسد"]),  # three letters left: still a name
        ("ومن", ["ومن"]),  # two letters left: not a name
        ("موسكو", ["موسكو"]),  # starts with no clitic
        ("للرياض", ["للرياض", "رياض", "لرياض"]),
    ],
)
def test_the_proclitics_a_name_may_carry(word: str, cores: list[str]) -> None:
    assert list(_cores(word)) == cores


@pytest.mark.parametrize(
    ("one", "other", "derived"),
    [
        ("iran", "iranian", True),
        ("iranian", "iran", True),  # either order
        ("italy", "italian", True),  # the final y goes ("italian" sorts before "italy")
        ("china", "chinese", True),
        ("syria", "syrian", True),
        ("saudi", "saudis", True),
        ("zelensky", "zelenskyy", False),  # another spelling, not another word
        ("iran", "iraq", False),
        ("italy", "italians", True),
        ("iran", "iranic", False),  # not an ending of names
    ],
)
def test_words_made_from_a_name(one: str, other: str, derived: bool) -> None:
    assert _derived(one, other) is derived


def _paragraph(source: str, target: str, terms: list[Term] | None = None) -> TranslatedParagraph:
    return TranslatedParagraph(source, target, [], terms=terms or [])


def test_a_four_letter_two_consonant_name_counts() -> None:
    # "Modi": 4 letters (MIN_LETTERS) and 2 consonants (MIN_SOUNDS), the smallest name.
    assert list(names_of(_paragraph("وصل مودي اليوم", "Modi came today"))) == [("مودي", "Modi")]


def test_marks_on_the_arabic_do_not_hide_a_name() -> None:
    assert list(names_of(_paragraph("وصل مُودِي اليوم", "Modi arrived today"))) == [("مودي", "Modi")]


def test_a_word_of_the_same_first_sound_that_does_not_sound_alike_is_no_name() -> None:
    # مسك (m, s) shares Modi's bucket (no initial vowel, two sounds, first m), not its sound.
    assert list(names_of(_paragraph("في مسك قال مودي", "Modi said in the ceremony"))) == [
        ("مودي", "Modi")
    ]


def test_a_word_counts_once_in_its_longest_form() -> None:
    # "ومودي" matches as a whole (و is silent) and as "مودي": one pair, the longest.
    assert list(names_of(_paragraph("قال ومودي", "He and Modi said"))) == [("ومودي", "Modi")]


def test_glossary_terms_are_not_judged() -> None:
    source = "قال مودي"
    term = Term(4, 8, "مودي", "Modi", "person", "مودي")
    assert list(names_of(_paragraph(source, "Modi said", [term]))) == []


def _article(*rows: tuple[str, str]) -> TranslatedArticle:
    paragraphs = [TranslatedParagraph(ar, en, []) for ar, en in rows]
    article = Article("عنوان", [Paragraph(ar) for ar, _ in rows])
    return TranslatedArticle(article, TranslatedParagraph("عنوان", "Title", []), paragraphs)


def test_every_rarer_spelling_is_flagged_wherever_the_usual_one_comes_first() -> None:
    articles = [
        _article(("وصل زيلينسكي.", "Zelensky arrived.")),
        _article(("غادر زيلينسكي.", "Zelenskyy left.")),
        _article(("تحدث زيلينسكي.", "Zelensky spoke.")),
        _article(("ورد زيلينسكي.", "Zelinsky replied.")),
    ]
    check_consistency(articles)
    assert [a.paragraphs[0].flags for a in articles] == [
        [],
        [Flag("name-inconsistent", '"Zelenskyy" (زيلينسكي) is spelled "Zelensky" in article 1')],
        [],
        [Flag("name-inconsistent", '"Zelinsky" (زيلينسكي) is spelled "Zelensky" in article 1')],
    ]


def test_a_paragraph_with_flags_already_gets_the_spelling_flag_once() -> None:
    earlier = Flag("length", "the English is much shorter than the Arabic")
    rare = TranslatedParagraph("غادر زيلينسكي وزيلنسكي.", "Zelenskyy left.", [], flags=[earlier])
    articles = [
        _article(("وصل زيلينسكي.", "Zelensky arrived."), ("قال زيلينسكي.", "Zelensky said.")),
        _article(),
    ]
    articles[1].paragraphs.append(rare)
    articles[1].paragraphs.append(TranslatedParagraph("وصل زيلنسكي.", "Zelensky came.", []))
    check_consistency(articles)
    assert rare.flags == [
        earlier,
        Flag("name-inconsistent", '"Zelenskyy" (زيلينسكي) is spelled "Zelensky" in article 1'),
    ]


def test_a_related_article_is_named_by_its_place() -> None:
    main = _article(("غادر زيلينسكي.", "Zelenskyy left."))
    main.related.append(
        _article(("وصل زيلينسكي.", "Zelensky arrived."), ("قال زيلينسكي.", "Zelensky said."))
    )
    check_consistency([main])
    assert main.paragraphs[0].flags == [
        Flag("name-inconsistent", '"Zelenskyy" (زيلينسكي) is spelled "Zelensky" in article 1.1')
    ]


@pytest.mark.parametrize(
    ("text", "mark"),
    [
        ("ماذا حدث؟", "?"),  # the Arabic question mark is read as ?
        ("ماذا حدث؟\n", "?"),
        ("«ماذا حدث؟»", "?"),  # closers after the mark
        ('He asked: "why?" ', "?"),
        ("كفى!", "!"),
        ("Model X", "X"),
        ("»", ""),
        ("   ", ""),
        ("", ""),
    ],
)
def test_the_mark_a_paragraph_ends_with(text: str, mark: str) -> None:
    assert _end_mark(text) == mark


@pytest.mark.parametrize(
    ("mark", "shown"),
    [("?", "a question mark"), ("!", "an exclamation mark"), (".", '"."'), ("", "no mark")],
)
def test_end_marks_as_the_flag_names_them(mark: str, shown: str) -> None:
    assert _shown_end(mark) == shown


def test_a_word_at_the_end_is_no_mark() -> None:
    assert _shown_end("a") == "no mark"
    assert check_end_punctuation("قال: كفى!", "He said: enough") == [
        Flag(
            "end-punctuation", "the Arabic ends with an exclamation mark, the English with no mark"
        )
    ]


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("(a [b) c", {"bracket": "["}),  # closed around: the inner one is unpaired
        ("«a “b» c", {"quote": "“"}),
        ("(a) [b] {c}", {}),
        ('"a" "b', {"quote": '"'}),
        ('"a" "b"', {}),
        ("a) (b", {"bracket": ")"}),
        ("(a «b", {"bracket": "(", "quote": "«"}),
    ],
)
def test_unpaired_brackets_and_quotes(text: str, found: dict[str, str]) -> None:
    assert unpaired(text) == found


@pytest.mark.parametrize(
    ("code", "key"),
    [("F-16s", "f16"), ("F 16", "f16"), ("f-16", "f16"), ("S-400", "s400"), ("MiGs", "migs")],
)
def test_spellings_of_one_code_share_a_key(code: str, key: str) -> None:
    assert _code_key(code) == key


def test_codes_end_where_the_code_ends() -> None:
    assert _codes("jets F-16. Then a Model-3X car") == ["F-16", "Model-3X"]
    assert _codes("see https://mod.example/F-35 or a1@mail.example") == []


def test_addresses_lose_the_sentence_mark_after_them() -> None:
    assert _addresses("see www.mod.example/a, or write to press.desk@mod.example.") == [
        "www.mod.example/a",
        "press.desk@mod.example",
    ]


def test_codes_that_start_with_a_letter_are_blanked_numbers_are_kept() -> None:
    assert without_codes("F-16 jets, 5G and the 21st") == "  jets, 5G and the 21st"


def test_an_empty_glossary_english_is_never_counted() -> None:
    assert _count_phrase("", "anything") == 0
    assert _count_phrase("Kim Jong Un", "kim jong\u00a0un met Kim  Jong Un") == 2


def test_codes_the_english_adds_are_named_in_one_flag() -> None:
    assert check_codes("وصلت الطائرات", "F-35 and MQ-9 jets arrived") == [
        Flag("code-mismatch", "in the English but not in the Arabic: F-35, MQ-9")
    ]
