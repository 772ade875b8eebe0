"""The cleaner's rules one by one, at their limits, through ``clean_article``/``clean_lines``.

Each limit comes from cleaning_rules.toml (40 words for a pitch, 14 words or 110 characters
for a subheading, 10 words for a Latin credit, 300 characters for a title, 12 lines for a
subscription box, 8 words for an unreadable "label:" date line, 200 characters for any date
line) and is tested on both sides.
"""

from __future__ import annotations

import pytest

from briefing.ingest.cleaner import clean_article, clean_lines, split_lines
from briefing.ingest.cleaning_rules import fold

PARA = "فقرة عادية طويلة بما يكفي تنتهي بنقطة."
LAST = "فقرة أخيرة من النص تنتهي بنقطة."


def texts(article_text: str) -> list[str]:
    return [p.text for p in clean_article(article_text).paragraphs]


NAMES = "أحمد سالم خالد ناصر فهد سعد ماجد راشد حمد زايد مريم سارة نورة هند ليلى".split()


def words(n: int) -> str:
    """``n`` different Arabic words (names: no date, no label), no punctuation."""
    return " ".join(NAMES[:n])


# -- date lines ---------------------------------------------------------------------------------


def test_an_unreadable_labeled_date_is_still_a_date_line() -> None:
    article = clean_article(f"عنوان الخبر\nتاريخ النشر: منذ ساعتين\n{PARA}")
    assert article.published is None
    assert article.removed == ["تاريخ النشر: منذ ساعتين"]
    assert [p.text for p in article.paragraphs] == [PARA]


@pytest.mark.parametrize(("extra", "is_date_line"), [(5, True), (6, False)])
def test_a_labeled_line_of_eight_words_at_most(extra: int, is_date_line: bool) -> None:
    # "تاريخ النشر:" is two words, "منذ" one: 3 + extra words.
    line = f"تاريخ النشر: منذ {words(extra)}"
    article = clean_article(f"عنوان الخبر\n{line}\n{PARA}")
    assert (line in article.removed) is is_date_line
    assert [p.text for p in article.paragraphs] == ([PARA] if is_date_line else [line, PARA])


@pytest.mark.parametrize(("residue", "published"), [(1, "2024-10-28"), (2, None)])
def test_a_bare_date_line_may_hold_one_other_word(residue: int, published: str | None) -> None:
    line = f"28 أكتوبر 2024 {words(residue)}"
    article = clean_article(f"عنوان الخبر\n{line}\n{PARA}")
    assert article.published == published
    assert [p.text for p in article.paragraphs] == ([PARA] if published else [line, PARA])


# "تاريخ النشر: 28.10.2024" is 23 characters, each further date 11, each time 6.
LONG_DATE_LINES = {
    200: "تاريخ النشر: 28.10.2024" + " 28.10.2024" * 15 + " 12:56" * 2,
    201: "تاريخ النشر: 28.10.2024" + " 28.10.2024" * 14 + " 12:56" * 4,
}


@pytest.mark.parametrize(("length", "published"), [(200, "2024-10-28T12:56"), (201, None)])
def test_a_date_line_is_at_most_200_characters(length: int, published: str | None) -> None:
    line = LONG_DATE_LINES[length]
    assert len(fold(line)) == length
    assert clean_article(f"عنوان الخبر\n{line}\n{PARA}").published == published


def test_one_line_may_carry_an_update_then_a_publication_date() -> None:
    article = clean_article(f"عنوان الخبر\nآخر تحديث: 29.10.2024 نشر: 28.10.2024\n{PARA}")
    assert (article.published, article.updated) == ("2024-10-28", "2024-10-29")


def test_a_label_without_a_date_or_colon_is_text() -> None:
    assert texts(f"عنوان الخبر\n{PARA}\nتحديث مهم\n{LAST}") == [PARA, "تحديث مهم", LAST]


def test_a_labeled_date_line_counts_in_the_body_too() -> None:
    article = clean_article(f"عنوان الخبر\n{PARA}\nتاريخ النشر: 28.10.2024\n{LAST}")
    assert article.published == "2024-10-28"
    assert [p.text for p in article.paragraphs] == [PARA, LAST]


def test_a_bare_date_counts_only_between_title_and_body() -> None:
    article = clean_article(f"عنوان الخبر\n{PARA}\n28.10.2024\n{LAST}")
    assert article.published is None
    assert [p.text for p in article.paragraphs] == [PARA, "28.10.2024", LAST]
    article = clean_article(f"28.10.2024\n{PARA}")  # never the title's place
    assert (article.title, article.published) == ("28.10.2024", None)


# -- source and author lines --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("line", "source"),
    [
        ("المصدر: واس", "واس"),
        ("المصدر：واس", "واس"),  # a full-width colon
        ("المصدر:واس", "واس"),  # no blank after the colon
        ("المصدر: وكالة الأنباء: واس", "وكالة الأنباء: واس"),  # a colon in the value
        ("المصدر: وكالة الأنباء السعودية الرسمية.", "وكالة الأنباء السعودية الرسمية"),
    ],
)
def test_source_line(line: str, source: str) -> None:
    article = clean_article(f"عنوان الخبر\n{PARA}\n{line}")
    assert article.source == source
    assert article.removed == [line]


def test_a_long_source_sentence_is_text() -> None:
    line = "المصدر: " + words(7)  # more than six words
    article = clean_article(f"عنوان الخبر\n{PARA}\n{line}")
    assert article.source is None
    assert [p.text for p in article.paragraphs] == [PARA, line]


@pytest.mark.parametrize(
    ("line", "author"),
    [
        ("بقلم: أحمد علي.", "أحمد علي"),
        ("By: Alex Cox", "Alex Cox"),
        ("By: Malcolm X", "Malcolm X"),
        ("بقلم: " + words(5), words(5)),
        ("بقلم: " + words(6), None),  # more than five words: a sentence
        ("بقلم:", None),
    ],
)
def test_author_line(line: str, author: str | None) -> None:
    article = clean_article(f"عنوان الخبر\n{line}\n{PARA}")
    assert article.author == author
    assert [p.text for p in article.paragraphs] == ([PARA] if author else [line, PARA])


def test_the_first_author_line_wins() -> None:
    article = clean_article(f"عنوان الخبر\nبقلم: أحمد علي\n{PARA}\nبقلم: سالم\n{LAST}")
    assert article.author == "أحمد علي"
    assert article.removed == ["بقلم: أحمد علي", "بقلم: سالم"]


# -- boilerplate ------------------------------------------------------------------------------------

BOX_END = "إغلاق اقرأ المزيد"


@pytest.mark.parametrize(("inside", "dropped"), [(11, True), (12, False)])
def test_a_subscription_box_ends_within_twelve_lines(inside: int, dropped: bool) -> None:
    # The end may be the 12th line after the start: 11 lines in between.
    box = [f"سطر رقم {i} من الصندوق." for i in range(inside)]
    lines = ["عنوان الخبر", PARA, "دعمكم يساعدنا على الاستمرار", *box, BOX_END, LAST]
    article = clean_article("\n".join(lines))
    assert [p.text for p in article.paragraphs] == ([PARA, LAST] if dropped else [PARA, *box, LAST])
    if dropped:
        assert article.removed == lines[2:-1]


@pytest.mark.parametrize(("count", "dropped"), [(38, True), (39, False)])
def test_a_pitch_of_forty_words_at_most_is_dropped(count: int, dropped: bool) -> None:
    line = "تابعونا على " + " ".join(["كلمة"] * count)  # 2 + count words
    assert texts(f"عنوان الخبر\n{PARA}\n{line}\n{LAST}") == (
        [PARA, LAST] if dropped else [PARA, line, LAST]
    )


def test_a_line_of_nothing_but_inline_ads() -> None:
    article = clean_article(f"عنوان الخبر\n[ad_1] [ad_2]\n{PARA}\n{LAST}")
    assert [p.text for p in article.paragraphs] == [PARA, LAST]
    assert article.removed == ["[ad_1]", "[ad_2]"]


def test_an_inline_ad_in_a_metadata_line() -> None:
    article = clean_article(f"عنوان الخبر\n{PARA}\nالمصدر: واس [ad_1]")
    assert article.source == "واس"
    assert article.removed == ["[ad_1]", "المصدر: واس"]


def test_pieces_of_one_line_are_listed_in_the_order_they_were_cut() -> None:
    article = clean_article(f"عنوان الخبر\n{PARA}\nSource: SPA [ad_1]")
    assert article.source == "SPA"
    assert article.removed == ["[ad_1]", "Source: SPA"]


def test_an_inline_ad_keeps_the_heading_hint() -> None:
    heading = "عنوان فرعي طويل جدا " * 5 + "[ad_1]"
    article = clean_lines(["عنوان", PARA, heading, LAST], headings=[2])
    assert [p.heading for p in article.paragraphs] == [False, True, False]


@pytest.mark.parametrize(
    ("line", "is_credit"),
    [
        (" ".join(["Photo"] * 10), True),
        (" ".join(["Photo"] * 11), False),
        ("Reuters staff report.", False),  # ends like a sentence
    ],
)
def test_latin_credit_lines_in_an_arabic_article(line: str, is_credit: bool) -> None:
    article = clean_article(f"عنوان الخبر\n{PARA}\n{line}\n{LAST}")
    assert [p.text for p in article.paragraphs] == (
        [PARA, LAST] if is_credit else [PARA, line, LAST]
    )


def test_invisible_edges_are_trimmed() -> None:
    assert split_lines("\ufeffعنوان\u200b \n  فقرة  ثانية ") == ["عنوان", "فقرة ثانية"]
    article = clean_article(f"عنوان الخبر\ufeff\n\u200b{PARA}\u200b")
    assert (article.title, [p.text for p in article.paragraphs]) == ("عنوان الخبر", [PARA])
    article = clean_lines(["\ufeffعنوان", f"\u200b{PARA}"], title="\u200bعنوان\ufeff")
    assert (article.title, [p.text for p in article.paragraphs]) == ("عنوان", [PARA])


# -- title and subheadings --------------------------------------------------------------------------


@pytest.mark.parametrize("length", [300, 301])
def test_a_title_of_300_characters_at_most(length: int) -> None:
    first = ("كلمة " * 80)[: length - 1] + "ة"
    assert len(first) == length
    article = clean_article(f"{first}\n{PARA}")
    if length == 300:
        assert (article.title, [p.text for p in article.paragraphs]) == (first, [PARA])
    else:
        assert article.title == " ".join(first.split()[:12]) + "…"
        assert [p.text for p in article.paragraphs] == [first, PARA]


@pytest.mark.parametrize(
    ("line", "heading"),
    [
        (words(14), True),
        (words(15), False),
        ("ا" * 110, True),
        ("ا" * 111, False),
    ],
)
def test_subheading_limits(line: str, heading: bool) -> None:
    article = clean_article(f"عنوان الخبر\n{PARA}\n{line}\n{LAST}")
    assert [p.heading for p in article.paragraphs] == [False, heading, False]


def test_subheading_position_rules() -> None:
    # A short line first is a byline, even when the text ends with a paragraph.
    assert [p.heading for p in clean_article(f"عنوان\nسطر قصير\n{PARA}\n{LAST}").paragraphs] == [
        False,
        False,
        False,
    ]
    # The second body line may be a subheading.
    article = clean_article(f"عنوان\n{PARA}\nعنوان فرعي\n{LAST}")
    assert [p.heading for p in article.paragraphs] == [False, True, False]
    # Two short lines in a row are neither.
    article = clean_article(f"عنوان\n{PARA}\nسطر قصير\nسطر آخر قصير\n{LAST}")
    assert [p.heading for p in article.paragraphs] == [False, False, False, False]


# -- related articles ---------------------------------------------------------------------------


def test_two_headlines_then_text() -> None:
    article = clean_article(f"عنوان\n{PARA}\nاقرأ أيضا:\nخبر أول\nخبر ثان\n{LAST}", "x.txt")
    assert [(r.title, [p.text for p in r.paragraphs]) for r in article.related] == [
        ("خبر أول", []),
        ("خبر ثان", [LAST]),
    ]
    assert [r.path for r in article.related] == ["x.txt", "x.txt"]


def test_dropped_lines_of_a_headline_list_go_to_its_last_article() -> None:
    article = clean_article(f"عنوان\n{PARA}\nاقرأ أيضا:\nخبر أول\n[ad_1]\nخبر ثان")
    assert [(r.title, r.removed) for r in article.related] == [
        ("خبر أول", []),
        ("خبر ثان", ["[ad_1]"]),
    ]
    assert article.removed == ["اقرأ أيضا:"]


def test_a_marker_without_punctuation() -> None:
    article = clean_article(f"عنوان\n{PARA}\nاقرأ أيضا\nخبر آخر\n{LAST}")
    assert [r.title for r in article.related] == ["خبر آخر"]
    assert article.removed == ["اقرأ أيضا"]


def test_a_headline_on_the_marker_line_may_hold_a_colon() -> None:
    article = clean_article(f"عنوان\n{PARA}\nاقرأ أيضا: الوزير: لا تأجيل…\n{LAST}")
    assert [r.title for r in article.related] == ["الوزير: لا تأجيل"]


def test_a_marker_line_headline_keeps_its_letters() -> None:
    article = clean_article(f"عنوان\n{PARA}\nاقرأ أيضا: إطلاق صاروخ SpaceX\n{LAST}")
    assert [r.title for r in article.related] == ["إطلاق صاروخ SpaceX"]


def test_a_credit_inside_a_related_article() -> None:
    article = clean_article(f"عنوان\n{PARA}\nاقرأ أيضا: خبر آخر\n{LAST}\nGloballookpress")
    [related] = article.related
    assert [p.text for p in related.paragraphs] == [LAST]
    assert related.removed == ["Globallookpress"]


def test_pieces_of_marker_lines_go_with_the_text_above_them() -> None:
    text = "\n".join(
        [
            "عنوان",
            PARA,
            "[ad_1]اقرأ أيضا: خبر أول",
            "نص الخبر الأول.",
            "[ad_2]اقرأ أيضا: خبر ثان",
            "نص الخبر الثاني.",
            "[ad_3]",
        ]
    )
    article = clean_article(text)
    # The marker lines themselves are listed without the ad cut out of them.
    assert article.removed == ["[ad_1]", "اقرأ أيضا: خبر أول", "اقرأ أيضا: خبر ثان"]
    assert [(r.title, r.removed) for r in article.related] == [
        ("خبر أول", ["[ad_2]"]),
        ("خبر ثان", ["[ad_3]"]),
    ]
