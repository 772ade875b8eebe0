"""QA checks of names: codes and web addresses in both languages, names put back by
position (``term-inserted``), and one spelling per Arabic name across a briefing."""

from __future__ import annotations

from briefing.document import (
    Article,
    Flag,
    Paragraph,
    TranslatedArticle,
    TranslatedParagraph,
)
from briefing.protect.restore import Restored
from briefing.protect.spans import Span
from briefing.qa.checks import apply_checks, check_inserted, check_paragraph, summarize
from briefing.qa.consistency import arabic_shape, english_shape, sounds_alike

SOURCE = (
    "قالت الوزارة إن طائرات F-16 وأنظمة S-400 شاركت في التدريب وفق موقع https://mod.example/ar."
)
GOOD = (
    "The ministry said F-16 jets and S-400 systems took part in the exercise, according to "
    "https://mod.example/ar."
)


def flags_of(source: str, target: str) -> list[Flag]:
    return check_paragraph(source, target, [])


def test_codes_and_addresses_pass_through() -> None:
    assert flags_of(SOURCE, GOOD) == []
    assert flags_of(SOURCE, GOOD.replace("F-16", "F16").replace("jets", "jets (f-16s)")) == []
    lost = GOOD.replace(" and S-400 systems", "").replace(
        ", according to https://mod.example/ar", ""
    )
    assert flags_of(SOURCE, lost) == [
        Flag("code-mismatch", "in the Arabic but not in the English: S-400, https://mod.example/ar")
    ]
    assert flags_of(SOURCE, GOOD.replace("S-400", "S-300")) == [
        Flag("code-mismatch", "in the Arabic but not in the English: S-400"),
        Flag("code-mismatch", "in the English but not in the Arabic: S-300"),
    ]


def test_codes_the_english_adds_are_flagged_unless_the_arabic_spells_them() -> None:
    source = "أرسلت روسيا مقاتلات سو-57 إلى المنطقة الشمالية الأسبوع الماضي بحسب وزارة الدفاع."
    target = (
        "Russia sent Su-57 fighters to the northern region last week, the defence ministry said."
    )
    assert flags_of(source, target) == []  # "سو-57": the digits are in the Arabic
    assert flags_of(source, target.replace("Su-57", "Su-57 and F-35")) == [
        Flag("code-mismatch", "in the English but not in the Arabic: F-35")
    ]
    assert flags_of(source, target + " See www.example.com") == [
        Flag("code-mismatch", "in the English but not in the Arabic: www.example.com")
    ]


def test_an_address_glued_to_arabic_ends_where_the_arabic_begins() -> None:
    source = "للتواصل مع الكاتب عبر البريد الإلكتروني الخاص به: writer@example.comللتواصل"
    target = "To contact the writer by his e-mail: writer@example.com"
    assert flags_of(source, target) == []


def _span(source: str, english: str) -> Span:
    return Span(0, len(source), source, english, "place")


def test_a_name_put_back_by_position_gets_its_own_flag() -> None:
    kursk = _span("كورسك", "Kursk")
    restored = [Restored(kursk, "inserted"), Restored(_span("روسيا", "Russia"), "kept")]
    assert check_inserted(restored) == [
        Flag(
            "term-inserted",
            '"Kursk" (كورسك) was dropped by the model and put back by position; '
            "check where it stands",
        )
    ]
    assert check_inserted([Restored(kursk, m) for m in ("copied", "kept", "aligned")]) == []


def test_apply_checks_keeps_the_flags_of_restoration() -> None:
    paragraph = TranslatedParagraph("وصل إلى كورسك.", "He arrived. Kursk", [])
    inserted = check_inserted([Restored(_span("كورسك", "Kursk"), "inserted")])
    paragraph.flags = list(inserted)
    title = TranslatedParagraph("عنوان", "Title", [])
    article = TranslatedArticle(Article("عنوان", [Paragraph("وصل إلى كورسك.")]), title, [paragraph])
    apply_checks([article])
    assert paragraph.flags[: len(inserted)] == inserted
    assert summarize([article])["term-inserted"] == 1


def test_names_sound_alike_across_scripts() -> None:
    def alike(english: str, arabic: str) -> bool:
        shape = arabic_shape(arabic)
        return shape is not None and sounds_alike(english_shape(english), shape)

    for english, arabic in [
        ("Zelensky", "زيلينسكي"),
        ("Zelenskyy", "زيلينسكي"),
        ("Mohammed", "محمد"),
        ("Muhammad", "محمد"),
        ("Gaddafi", "قذافي"),
        ("Qaddafi", "قذافي"),
        ("Erdoğan", "أردوغان"),
        ("Putin", "بوتين"),
        ("Ukraine", "أوكرانيا"),
        ("Assad", "أسد"),
    ]:
        assert alike(english, arabic), (english, arabic)
    for english, arabic in [
        ("Korean", "أوكرانيا"),  # a vowel starts the Arabic, a consonant the English
        ("Russia", "رئيس"),  # "رئيس" ends with a consonant
        ("Ukrainian", "أوكرانية"),
        ("Moscow", "محمد"),
    ]:
        assert not alike(english, arabic), (english, arabic)


def _article(title: tuple[str, str], *rows: tuple[str, str]) -> TranslatedArticle:
    paragraphs = [TranslatedParagraph(ar, en, []) for ar, en in rows]
    article = Article(title[0], [Paragraph(ar) for ar, _ in rows])
    return TranslatedArticle(article, TranslatedParagraph(*title, []), paragraphs)


def test_one_arabic_name_spelled_two_ways_across_a_briefing() -> None:
    first = _article(
        ("زيلينسكي يزور باريس", "Zelensky visits Paris"),
        ("وصل زيلينسكي إلى باريس صباح اليوم.", "Zelensky arrived in Paris this morning."),
    )
    second = _article(
        ("لقاء في برلين", "A meeting in Berlin"),
        ("والتقى زيلينسكي المستشار في برلين.", "Zelenskyy met the chancellor in Berlin."),
    )
    apply_checks([first, second])
    assert second.paragraphs[0].flags == [
        Flag("name-inconsistent", '"Zelenskyy" (زيلينسكي) is spelled "Zelensky" in article 1')
    ]
    assert first.title.flags == [] and first.paragraphs[0].flags == []
    assert summarize([first, second])["name-inconsistent"] == 1


def test_a_name_and_a_word_made_from_it_are_not_two_spellings() -> None:
    first = _article(
        ("إيران", "Iran"),
        ("قالت إيران إن المحادثات مستمرة.", "Iran said the talks continue."),
    )
    second = _article(
        ("الإيرانيين", "Iranians"),
        ("وقال مسؤول إن إيران ترفض ذلك.", "An Iranian official said Iran rejects it."),
    )
    apply_checks([first, second])
    assert [f for a in (first, second) for p in a.paragraphs for f in p.flags] == []
