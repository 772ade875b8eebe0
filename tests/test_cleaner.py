"""The cleaning rules on our own example articles, the date parser, and a fuzzer."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from briefing.document import Article
from briefing.ingest.cleaner import clean_article, clean_lines, strip_controls
from briefing.ingest.dates import find_date
from helpers import data_path

BIDI_OVERRIDES = "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"


def _pasted() -> Article:
    return clean_article(data_path("reader-pasted.txt").read_text(encoding="utf-8"), "pasted.txt")


def test_pasted_article_metadata() -> None:
    article = _pasted()
    assert article.title == "وزير الزراعة يعلن خطة لزيادة إنتاج القمح في المحافظات الجنوبية"
    assert article.published == "2024-03-12T09:30"  # Levantine month, "ص" = morning
    assert article.updated == "2024-03-12T11:05+00:00"
    assert article.source == "الوكالة الوطنية للأنباء"  # the source line wins over the lead
    assert article.path == "pasted.txt"


def test_pasted_article_body() -> None:
    article = _pasted()
    assert [p.heading for p in article.paragraphs] == [False, False, True, False]
    assert article.paragraphs[2].text == "دعم صغار المزارعين"
    glued = article.paragraphs[1].text
    assert "على المزارعين، إضافة إلى" in glued  # the cut line is glued back, comma first


def test_pasted_article_removed_lines_in_order() -> None:
    assert _pasted().removed == [
        "تاريخ النشر: الثلاثاء 12 آذار 2024 - 09:30 ص",
        "آخر تحديث: 12 مارس 2024 | 11:05 GMT",
        "Photo Agency Staff Photographer",
        "وزير الزراعة يعلن خطة لزيادة إنتاج القمح في المحافظات الجنوبية",
        "[ad_1]",
        "شارك | طباعة",
        "تعليقات (4)",
        "كلمات دلالية: القمح الزراعة المياه",
        "المصدر: الوكالة الوطنية للأنباء",
        "اقرأ أيضا:",
    ]


def test_read_also_block_with_headline_list() -> None:
    related = _pasted().related
    assert [r.title for r in related] == [
        "ارتفاع أسعار الأعلاف في الأسواق المحلية",
        "انطلاق موسم قطف الزيتون في الشمال",
        "افتتاح مركز أبحاث للبذور في العاصمة",
    ]
    assert [len(r.paragraphs) for r in related] == [0, 0, 2]


@pytest.mark.parametrize("separator", [": ", ". ", "… ", "："])
def test_read_also_headline_on_the_marker_line(separator: str) -> None:
    text = f"عنوان الخبر\nنص الخبر الأول هنا.\nاقرأ أيضاً{separator}خبر آخر مهم\nنص الخبر الآخر."
    article = clean_article(text)
    assert [r.title for r in article.related] == ["خبر آخر مهم"]
    assert article.related[0].paragraphs[0].text == "نص الخبر الآخر."


def test_empty_read_also_block_adds_no_article() -> None:
    article = clean_article("عنوان الخبر\nنص الخبر.\nاقرأ أيضا:\n[ad_1]\nالمصدر:")
    assert article.related == []
    assert article.removed == ["اقرأ أيضا:", "[ad_1]", "المصدر:"]


@pytest.mark.parametrize(
    ("lead", "source"),
    [
        ("CNN - قال مسؤولون اليوم إن المحادثات انتهت.", "CNN"),
        ("بيروت، لبنان (AFP) -- أعلنت الحكومة اليوم خطة جديدة.", "AFP"),
        ('القاهرة "رويترز": أعلنت الحكومة اليوم خطة جديدة.', "رويترز"),
        ("الرياض - واس: أعلنت الوزارة اليوم خطة جديدة.", "واس"),
        ("وقال الوزير: إن الخطة ستنفذ العام المقبل.", None),
        ("أكدت الوزارة (الخارجية) - في بيان اليوم أن الاجتماع تأجل.", None),
    ],
)
def test_lead_names_the_source(lead: str, source: str | None) -> None:
    assert clean_article(f"عنوان\n{lead}\nفقرة ثانية.").source == source


def test_subheading_rules() -> None:
    text = "\n".join(
        [
            "العنوان الرئيسي",
            "سطر قصير في البداية",  # first body line: a byline, not a heading
            "فقرة عادية طويلة بما يكفي تنتهي بنقطة.",
            "عنوان فرعي",
            "فقرة أخرى تنتهي بنقطة.",
            "- بند أول",  # list items are never headings
            "فقرة ثالثة تنتهي بنقطة.",
            "سطر أخير بلا نقطة",  # nothing follows: not a heading
        ]
    )
    article = clean_article(text)
    assert [p.text for p in article.paragraphs if p.heading] == ["عنوان فرعي"]


def test_long_first_line_is_not_a_title_and_nothing_is_lost() -> None:
    line = " ".join(["كلمة"] * 40_000)  # 200,000 characters, no punctuation
    article = clean_article(line)
    assert [p.text for p in article.paragraphs] == [line]
    assert article.title.endswith("…") and len(article.title.split()) == 12


def test_format_heading_hints_and_given_title() -> None:
    article = clean_lines(
        ["عنوان مكرر", "فقرة أولى.", "عنوان فرعي طويل جدا " * 5, "فقرة ثانية."],
        title="عنوان مكرر",
        headings=[2],
    )
    assert article.title == "عنوان مكرر"
    assert article.removed == ["عنوان مكرر"]
    assert [p.heading for p in article.paragraphs] == [False, True, False]


def test_inline_ad_marker_is_cut_out() -> None:
    article = clean_article("عنوان\nفقرة فيها [ad_3] إعلان في الوسط.")
    assert article.paragraphs[0].text == "فقرة فيها إعلان في الوسط."
    assert article.removed == ["[ad_3]"]


@pytest.mark.parametrize(
    ("text", "iso"),
    [
        ("28.10.2024 | 12:56 GMT", "2024-10-28T12:56+00:00"),
        ("25th, October 2024 GMT", "2024-10-25"),
        ("الأربعاء، 28 آب/اغسطس 2013", "2013-08-28"),
        ("الجمعة ٢٥ أكتوبر ٢٠٢٤ - 03:15 م", "2024-10-25T15:15"),
        ("28 تشرين الأول 2024", "2024-10-28"),
        ("5 كانون الثاني 2025", "2025-01-05"),
        ("October 25, 2024 10:05 pm", "2024-10-25T22:05"),
        ("2024-10-28T12:56:00+03:00", "2024-10-28T12:56:00+03:00"),
        ("2015-07-23 19:23:25", "2015-07-23T19:23:25"),
        ("10/28/2024", "2024-10-28"),
        ("31.02.2024", None),
        ("لا تاريخ في هذا السطر", None),
    ],
)
def test_dates(text: str, iso: str | None) -> None:
    found = find_date(text)
    assert (found.iso if found else None) == iso


def test_date_line_with_update_time_in_header() -> None:
    text = "عنوان الخبر\nالأربعاء، 28 آب/اغسطس 2013، آخر تحديث 14:00 (GMT+0400)\nنص الخبر."
    article = clean_article(text)
    assert (article.published, article.updated) == ("2013-08-28", "2013-08-28T14:00+04:00")
    assert [p.text for p in article.paragraphs] == ["نص الخبر."]


def test_sentence_mentioning_a_date_stays_text() -> None:
    text = "عنوان\nنشر الجيش صورا جديدة في 28 أكتوبر 2024 تظهر الدمار.\nفقرة."
    article = clean_article(text)
    assert article.published is None
    assert len(article.paragraphs) == 2


def test_strip_controls() -> None:
    dirty = "a\u202eb\x00c\x0bd\ttab\nline\u2067e\ufffff\ud800g\u200fh"
    # bidi overrides/isolates, NUL, VT, U+FFFF and a lone surrogate go; tab, newline, RLM stay
    assert strip_controls(dirty) == "abcd\ttab\nlineefg\u200fh"


def test_controls_never_reach_paragraphs() -> None:
    article = clean_article("عنوان\u202e\nفقرة\u2066 مع\x00 تحكم.\x0bسطر بعد فاصل عمودي.")
    assert article.title == "عنوان"
    assert [p.text for p in article.paragraphs] == ["فقرة مع تحكم.", "سطر بعد فاصل عمودي."]


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.characters(codec=None), max_size=400))
def test_fuzz_clean_text(text: str) -> None:
    article = clean_article(text)
    stack = [article]
    while stack:
        current = stack.pop()
        stack.extend(current.related)
        for piece in [current.title, *(p.text for p in current.paragraphs)]:
            assert not any(ch in piece for ch in BIDI_OVERRIDES)
            assert strip_controls(piece) == piece
        assert all(p.text.strip() for p in current.paragraphs)
        if current is not article:
            assert current.title.strip()


ARABIC_LINES = st.lists(
    st.sampled_from(
        [
            "عنوان الخبر",
            "تاريخ النشر: 28.10.2024 | 12:56 GMT",
            "[ad_1]",
            "اقرأ أيضا:",
            "اقرأ أيضا… عنوان",
            "، تكملة سطر مقطوع.",
            "فقرة عادية تنتهي بنقطة.",
            "عنوان فرعي",
            "المصدر: وكالة",
            "إغلاق اقرأ المزيد إغلاق",
            "دعمكم يساعدنا",
            "",
            "\u202e",
        ]
    ),
    max_size=25,
)


@settings(max_examples=300, deadline=None)
@given(ARABIC_LINES)
def test_fuzz_structured_pastes_lose_nothing(lines: list[str]) -> None:
    article = clean_article("\n".join(lines))
    articles = [article, *article.related]
    kept = [a.title for a in articles] + [p.text for a in articles for p in a.paragraphs]
    removed = [line for a in articles for line in a.removed]
    for line in lines:
        line = strip_controls(line).strip()
        if line:
            assert line in removed or any(line in text for text in kept)
