"""Training text for the replicas' tokenizers, and the sentences every check uses.

Arabic: the SaudiNewsNet sample in the steering repository's ``shared/corpus`` (read
with ``bench/make_random_model.py``'s ``arabic_text``; the articles are copyrighted, so
only tokenizer models trained on them are committed, never their text) plus invented
sentences. English: sentences generated from the small lexicon below (seeded), so the
tiny replicas rebuild identically on any machine; the base size adds the standard
library's docstrings (``english_text`` of the same bench script) for a 32k vocabulary.

``COVERAGE`` sentences put every printable ASCII character, the Arabic-Indic digits and
Arabic punctuation into every training set, so that ``user_name``, ``F-16``, ``2024``,
``@user_1``, ``#tag`` and ``https://example.org/a_b`` never meet an unknown character.
"""

from __future__ import annotations

import random
import string
import sys
from pathlib import Path

BENCH = Path(__file__).resolve().parents[2] / "bench"
CORPUS = Path(__file__).resolve().parents[3] / "shared" / "corpus" / "saudinewsnet-275.jsonl"

# Characters every tokenizer must know (SentencePiece ``required_chars``, BPE vocabulary).
REQUIRED_CHARS = (
    string.ascii_letters
    + string.digits
    + string.punctuation
    + "٠١٢٣٤٥٦٧٨٩"  # Arabic-Indic digits
    + "،؛؟«»ـ"  # Arabic comma, semicolon, question mark, guillemets, tatweel
)

# Test sentences: the reference tokens (tests/data/replica-tokens.json) and the echo
# check use these. Names, numbers in both digit sets, Latin runs, URLs, handles,
# hashtags, e-mail, Moses-escaped characters, NFKC-folded full-width letters, an
# unknown character (U+2603) and two long sentences.
_LONG_CLAUSES = [
    "وقال المتحدث باسم وزارة الخارجية إن الوفد وصل إلى الرياض صباح اليوم",
    "بعد رحلة استغرقت 6 ساعات من واشنطن عبر لندن",
    "وأضاف أن المحادثات ستتناول التعاون الاقتصادي والأمني بين البلدين",
    "إضافة إلى صفقة طائرات F-16 التي أعلن عنها في عام ٢٠٢٤",
    "وأشار إلى أن قيمة الصفقة تبلغ 3.5 مليار دولار",
    "وأن التسليم سيبدأ في 2026-01-15 وفق الجدول المتفق عليه",
    "ونشرت الوزارة البيان على موقعها https://example.org/news/2024/a_b",
    "وعلى حسابها @user_1 مع الوسم #tag",
    "كما التقى الوفد بممثلين عن شركات CNN وReuters وAT&T",
    "وناقش معهم خطط الاستثمار في قطاع الطاقة المتجددة",
]
LONG_1 = "، ".join(_LONG_CLAUSES) + "."
LONG_2 = " ".join([LONG_1, "وفي سياق متصل، " + "، ".join(reversed(_LONG_CLAUSES)) + "."])

TEST_SENTENCES = [
    "وقال user_name إن F-16 وصلت في 2024 https://example.org/a_b",
    "أعلن محمد بن سلمان عن مشروع جديد بقيمة 500 مليون دولار.",
    "تابعونا على @user_1 و #tag للمزيد من الأخبار",
    "في عام ٢٠٢٤ بلغ عدد السكان ٣٥ مليون نسمة، وفي 2025 زاد 1.5%.",
    "قالت وكالة Reuters إن CNN نشرت التقرير يوم 2024-05-01 الساعة 10:30.",
    "زوروا https://www.example.com/news/2024/05/article_12.html اليوم",
    "للتواصل: info@example.org أو الهاتف +966-11-555-0123",
    "ارتفع المؤشر 3.5% إلى 11,250 نقطة في تداولات الأحد",
    'شركة AT&T (الأمريكية) <مؤقت> [1] قالت: "نعم" و\'لا\' | تم',
    "هل وصل الوفد؟ نعم، وصل؛ «أهلا وسهلا» بالضيوف",
    "اللّغةُ العربيّةُ جميلـــة",
    "The F-16 arrived in Riyadh on 12 May 2024.",
    "وصلت طائرة Ｆ-１６ إلى القاعدة",
    "الطقس بارد ☃ اليوم في أبها",
    LONG_1,
    LONG_2,
]

COVERAGE = [
    "وقال user_name إن F-16 وصلت في 2024 https://example.org/a_b",
    "تابعونا على @user_1 و #tag و #news_2024 و @ministry_sa",
    "للتواصل: info@example.org أو https://www.example.com/path/to/page_1.html?x=1&y=2#top",
    "الأرقام ٠ ١ ٢ ٣ ٤ ٥ ٦ ٧ ٨ ٩ و 0 1 2 3 4 5 6 7 8 9 و ٢٠٢٤ و 2024 و 3.5% و 11,250",
    "هل وصل الوفد؟ نعم، وصل؛ «أهلا وسهلا» بالضيوف",
    'شركة AT&T (الأمريكية) <مؤقت> [1] {2} قالت: "نعم" و\'لا\' | ~ ^ ` \\ * = $ ! + ;',
    " ".join(string.ascii_lowercase) + " " + " ".join(string.ascii_uppercase),
    string.ascii_lowercase + " " + string.ascii_uppercase + " " + string.digits,
    " ".join(string.punctuation),
]

_ARABIC_TEMPLATES = [
    "قال {person} إن {org} ستفتتح مكتبا في {city} في {year}",
    "وصل {person} إلى {city} صباح اليوم على متن طائرة {plane}",
    "أعلنت {org} عن أرباح بلغت {num} مليون ريال في الربع الأول من {year}",
    "نشر {handle} صورة من {city} مع الوسم {tag}",
    "زار {person} مقر {org} في {city} يوم {date}",
    "بلغت نسبة النمو {pct} في {year} بحسب تقرير {org}",
    "يمكن قراءة التقرير كاملا على {url}",
]
_ARABIC_SLOTS = {
    "person": ["محمد", "أحمد", "سارة", "فاطمة", "John Smith", "Martyn Wheatley", "user_name"],
    "org": ["أرامكو", "CNN", "Reuters", "AT&T", "الأمم المتحدة", "NATO", "BBC"],
    "city": ["الرياض", "جدة", "أبها", "London", "Paris", "New York", "دبي"],
    "year": ["2024", "2025", "٢٠٢٤", "٢٠٢٥", "1999"],
    "plane": ["F-16", "F-35", "A320", "Boeing 747"],
    "num": ["500", "1,250", "٣٥", "12.5", "7"],
    "handle": ["@user_1", "@ministry_sa", "@news-24", "@a.b"],
    "tag": ["#tag", "#news_2024", "#السعودية", "#KSA"],
    "date": ["2024-05-01", "12/05/2024", "١٢ مايو", "May 12"],
    "pct": ["3.5%", "٪٤", "10%", "0.25%"],
    "url": ["https://example.org/a_b", "http://www.example.com/x/y-z.html", "www.test.sa/page?id=3"],
}

_EN_SUBJECTS = [
    "The minister", "The president", "A spokesman", "The company", "The government",
    "The United Nations", "The ministry", "The delegation", "Officials", "The committee",
    "The central bank", "Local authorities", "The army", "The council", "Researchers",
    "The airline", "The court", "Investors", "The kingdom", "The agency",
]
_EN_VERBS = [
    "announced", "said", "reported", "confirmed", "denied", "welcomed", "approved",
    "launched", "signed", "rejected", "discussed", "expected", "opened", "closed",
    "increased", "reduced", "visited", "received", "published", "praised",
]
_EN_OBJECTS = [
    "a new agreement", "the annual budget", "an investment plan", "the peace talks",
    "a trade deal", "the final report", "new regulations", "the housing project",
    "a cooperation program", "the energy strategy", "the election results",
    "a security plan", "the oil prices", "the tourism season", "a health campaign",
    "the transport network", "the education reform", "a water project",
    "the football championship", "the cultural festival",
]
_EN_TAILS = [
    "on Monday", "on Tuesday", "last week", "this morning", "in the capital",
    "after long negotiations", "despite strong criticism", "according to sources",
    "in a statement", "during the summit", "before the end of the year",
    "with neighbouring countries", "for the second time", "in the northern region",
    "amid rising tensions", "at a press conference", "in its latest report",
]
_EN_NAMES = ["Riyadh", "Jeddah", "London", "Paris", "Washington", "Cairo", "Dubai", "Reuters",
             "CNN", "NATO", "Martyn Wheatley", "John Smith", "F-16", "AT&T"]


def arabic_lines(corpus: Path) -> list[str]:
    """Titles and paragraphs of the SaudiNewsNet sample (bench/make_random_model.py)."""
    sys.path.insert(0, str(BENCH))
    try:
        from make_random_model import arabic_text
    finally:
        sys.path.remove(str(BENCH))
    lines: list[str] = arabic_text(corpus)
    return lines


def stdlib_english() -> list[str]:
    """The standard library's docstrings (bench/make_random_model.py): base size only."""
    sys.path.insert(0, str(BENCH))
    try:
        from make_random_model import english_text
    finally:
        sys.path.remove(str(BENCH))
    lines: list[str] = english_text()
    return lines


def _fill(template: str, slots: dict[str, list[str]], rng: random.Random) -> str:
    return template.format(**{key: rng.choice(values) for key, values in slots.items()})


def invented_arabic(seed: int, count: int) -> list[str]:
    """News-like Arabic sentences with names, numbers, Latin runs, handles and URLs."""
    rng = random.Random(seed)
    return [_fill(rng.choice(_ARABIC_TEMPLATES), _ARABIC_SLOTS, rng) for _ in range(count)]


def invented_english(seed: int, count: int) -> list[str]:
    """English news sentences from a small lexicon (deterministic on any machine)."""
    rng = random.Random(seed)
    lines = []
    for _ in range(count):
        clauses = [
            f"{rng.choice(_EN_SUBJECTS)} {rng.choice(_EN_VERBS)} {rng.choice(_EN_OBJECTS)}"
            f" {rng.choice(_EN_TAILS)}"
            for _ in range(rng.randint(1, 2))
        ]
        name = rng.choice(_EN_NAMES)
        number = rng.choice([str(rng.randint(1, 2030)), f"{rng.randint(1, 99)}.{rng.randint(0, 9)}%",
                             f"{rng.randint(1, 999)},{rng.randint(100, 999)}"])
        lines.append(f"{' and '.join(clauses)}, {name} said ({number}).")
    return lines


def training_text(side: str, seed: int, corpus: Path, base: bool) -> list[str]:
    """Lines for one tokenizer: ``side`` is "ar" (source), "en" (target) or "joint"."""
    lines = list(COVERAGE)
    if side in ("ar", "joint"):
        lines += arabic_lines(corpus) + invented_arabic(seed, 400)
    if side in ("en", "joint"):
        lines += invented_english(seed + 1, 3000 if side == "en" else 1500)
        if base:
            lines += stdlib_english()
    return lines
