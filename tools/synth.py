"""Seeded generator of a synthetic Arabic→English news corpus (maintainer build step only).

Every sentence comes from a hand-written template pair; the variable parts ("slots") are
people, places, organisations (future glossary terms), Latin-script names that must be
copied, numbers, dates and percentages. Template text itself holds no digits and no Latin
letters, so ``briefing.protect.spans.find_spans`` finds exactly the Latin and number slots.

    python tools/synth.py --seed 1 --count 5          # print a few pairs as JSON lines
"""

from __future__ import annotations

import argparse
import json
import random
import re
from collections.abc import Iterator
from dataclasses import asdict, dataclass

NAME_KINDS = ("person", "place", "org")  # glossary-like slots
COPY_KINDS = ("latin", "number")  # slots find_spans protects


@dataclass(frozen=True)
class Value:
    arabic: str
    english: str
    kind: str  # person, place, org, latin, number, text
    gender: str = "m"
    number: float = 0.0


@dataclass(frozen=True)
class Slot:
    """One rendered slot: its character ranges in both sentences."""

    kind: str
    arabic: str
    english: str
    a_start: int
    a_end: int
    e_start: int
    e_end: int


@dataclass(frozen=True)
class Pair:
    arabic: str
    english: str
    slots: tuple[Slot, ...]
    template: int

    def to_dict(self) -> dict[str, object]:
        return {
            "arabic": self.arabic,
            "english": self.english,
            "template": self.template,
            "slots": [asdict(s) for s in self.slots],
        }


# (short ar, short en, full ar, full en, title ar, title en, gender)
PEOPLE = [
    (
        "بوتين",
        "Putin",
        "فلاديمير بوتين",
        "Vladimir Putin",
        "الرئيس الروسي",
        "Russian President",
        "m",
    ),
    (
        "زيلينسكي",
        "Zelensky",
        "فولوديمير زيلينسكي",
        "Volodymyr Zelensky",
        "الرئيس الأوكراني",
        "Ukrainian President",
        "m",
    ),
    (
        "كيم جونغ أون",
        "Kim Jong Un",
        "كيم جونغ أون",
        "Kim Jong Un",
        "الزعيم الكوري الشمالي",
        "North Korean leader",
        "m",
    ),
    (
        "روته",
        "Rutte",
        "مارك روته",
        "Mark Rutte",
        "الأمين العام لحلف الناتو",
        "NATO Secretary General",
        "m",
    ),
    ("بايدن", "Biden", "جو بايدن", "Joe Biden", "الرئيس الأمريكي", "US President", "m"),
    (
        "أردوغان",
        "Erdogan",
        "رجب طيب أردوغان",
        "Recep Tayyip Erdogan",
        "الرئيس التركي",
        "Turkish President",
        "m",
    ),
    (
        "ترامب",
        "Trump",
        "دونالد ترامب",
        "Donald Trump",
        "الرئيس الأمريكي المنتخب",
        "US President-elect",
        "m",
    ),
    (
        "ماكرون",
        "Macron",
        "إيمانويل ماكرون",
        "Emmanuel Macron",
        "الرئيس الفرنسي",
        "French President",
        "m",
    ),
    (
        "شولتس",
        "Scholz",
        "أولاف شولتس",
        "Olaf Scholz",
        "المستشار الألماني",
        "German Chancellor",
        "m",
    ),
    (
        "شي جين بينغ",
        "Xi Jinping",
        "شي جين بينغ",
        "Xi Jinping",
        "الرئيس الصيني",
        "Chinese President",
        "m",
    ),
    (
        "لافروف",
        "Lavrov",
        "سيرغي لافروف",
        "Sergei Lavrov",
        "وزير الخارجية الروسي",
        "Russian Foreign Minister",
        "m",
    ),
    (
        "بلينكن",
        "Blinken",
        "أنتوني بلينكن",
        "Antony Blinken",
        "وزير الخارجية الأمريكي",
        "US Secretary of State",
        "m",
    ),
    (
        "غوتيريش",
        "Guterres",
        "أنطونيو غوتيريش",
        "Antonio Guterres",
        "الأمين العام للأمم المتحدة",
        "UN Secretary-General",
        "m",
    ),
    (
        "بيسكوف",
        "Peskov",
        "ديمتري بيسكوف",
        "Dmitry Peskov",
        "المتحدث باسم الكرملين",
        "Kremlin spokesman",
        "m",
    ),
    (
        "يون سوك يول",
        "Yoon Suk Yeol",
        "يون سوك يول",
        "Yoon Suk Yeol",
        "الرئيس الكوري الجنوبي",
        "South Korean President",
        "m",
    ),
    (
        "فون دير لاين",
        "von der Leyen",
        "أورسولا فون دير لاين",
        "Ursula von der Leyen",
        "رئيسة المفوضية الأوروبية",
        "European Commission President",
        "f",
    ),
    (
        "ميلوني",
        "Meloni",
        "جورجيا ميلوني",
        "Giorgia Meloni",
        "رئيسة الوزراء الإيطالية",
        "Italian Prime Minister",
        "f",
    ),
    (
        "هاريس",
        "Harris",
        "كامالا هاريس",
        "Kamala Harris",
        "نائبة الرئيس الأمريكي",
        "US Vice President",
        "f",
    ),
    (
        "ستارمر",
        "Starmer",
        "كير ستارمر",
        "Keir Starmer",
        "رئيس الوزراء البريطاني",
        "British Prime Minister",
        "m",
    ),
    (
        "نتنياهو",
        "Netanyahu",
        "بنيامين نتنياهو",
        "Benjamin Netanyahu",
        "رئيس الوزراء الإسرائيلي",
        "Israeli Prime Minister",
        "m",
    ),
    (
        "بزشكيان",
        "Pezeshkian",
        "مسعود بزشكيان",
        "Masoud Pezeshkian",
        "الرئيس الإيراني",
        "Iranian President",
        "m",
    ),
    (
        "أوستن",
        "Austin",
        "لويد أوستن",
        "Lloyd Austin",
        "وزير الدفاع الأمريكي",
        "US Defence Secretary",
        "m",
    ),
    (
        "بيلوسوف",
        "Belousov",
        "أندريه بيلوسوف",
        "Andrei Belousov",
        "وزير الدفاع الروسي",
        "Russian Defence Minister",
        "m",
    ),
    (
        "غروسي",
        "Grossi",
        "رافائيل غروسي",
        "Rafael Grossi",
        "مدير الوكالة الدولية للطاقة الذرية",
        "IAEA chief",
        "m",
    ),
    (
        "كالاس",
        "Kallas",
        "كايا كالاس",
        "Kaja Kallas",
        "مسؤولة السياسة الخارجية في الاتحاد الأوروبي",
        "EU foreign policy chief",
        "f",
    ),
    (
        "السيسي",
        "Sisi",
        "عبد الفتاح السيسي",
        "Abdel Fattah al-Sisi",
        "الرئيس المصري",
        "Egyptian President",
        "m",
    ),
    (
        "محمد بن سلمان",
        "Mohammed bin Salman",
        "محمد بن سلمان",
        "Mohammed bin Salman",
        "ولي العهد السعودي",
        "Saudi Crown Prince",
        "m",
    ),
    (
        "شويغو",
        "Shoigu",
        "سيرغي شويغو",
        "Sergei Shoigu",
        "أمين مجلس الأمن الروسي",
        "Russian Security Council Secretary",
        "m",
    ),
]

CITIES = [
    ("بيونغ يانغ", "Pyongyang"),
    ("موسكو", "Moscow"),
    ("كييف", "Kyiv"),
    ("كورسك", "Kursk"),
    ("سيول", "Seoul"),
    ("واشنطن", "Washington"),
    ("بكين", "Beijing"),
    ("أنقرة", "Ankara"),
    ("باريس", "Paris"),
    ("لندن", "London"),
    ("برلين", "Berlin"),
    ("طهران", "Tehran"),
    ("دمشق", "Damascus"),
    ("بيروت", "Beirut"),
    ("القاهرة", "Cairo"),
    ("الرياض", "Riyadh"),
    ("غزة", "Gaza"),
    ("خاركيف", "Kharkiv"),
    ("أوديسا", "Odesa"),
    ("بروكسل", "Brussels"),
    ("جنيف", "Geneva"),
    ("الدوحة", "Doha"),
    ("إسطنبول", "Istanbul"),
    ("دونيتسك", "Donetsk"),
    ("زابوريجيا", "Zaporizhzhia"),
    ("بيلغورود", "Belgorod"),
    ("حلب", "Aleppo"),
    ("فلاديفوستوك", "Vladivostok"),
    ("وارسو", "Warsaw"),
    ("روما", "Rome"),
    ("طوكيو", "Tokyo"),
    ("خيرسون", "Kherson"),
    ("بوكروفسك", "Pokrovsk"),
    ("مينسك", "Minsk"),
    ("فيينا", "Vienna"),
]

# (ar, en, gender)
COUNTRIES = [
    ("روسيا", "Russia", "f"),
    ("أوكرانيا", "Ukraine", "f"),
    ("كوريا الشمالية", "North Korea", "f"),
    ("كوريا الجنوبية", "South Korea", "f"),
    ("الصين", "China", "f"),
    ("تركيا", "Turkey", "f"),
    ("إيران", "Iran", "f"),
    ("سوريا", "Syria", "f"),
    ("فرنسا", "France", "f"),
    ("ألمانيا", "Germany", "f"),
    ("اليابان", "Japan", "f"),
    ("بولندا", "Poland", "f"),
    ("إسرائيل", "Israel", "f"),
    ("لبنان", "Lebanon", "m"),
    ("مصر", "Egypt", "f"),
    ("السعودية", "Saudi Arabia", "f"),
    ("قطر", "Qatar", "f"),
    ("بريطانيا", "Britain", "f"),
    ("الهند", "India", "f"),
    ("بيلاروسيا", "Belarus", "f"),
    ("العراق", "Iraq", "m"),
    ("الأردن", "Jordan", "m"),
]

# (ar, en, gender); several Arabic forms may share one English name.
ORGS = [
    ("الناتو", "NATO", "m"),
    ("حلف شمال الأطلسي", "NATO", "m"),
    ("حلف الناتو", "NATO", "m"),
    ("الأمم المتحدة", "the United Nations", "f"),
    ("الاتحاد الأوروبي", "the European Union", "m"),
    ("الكرملين", "the Kremlin", "m"),
    ("البنتاغون", "the Pentagon", "m"),
    ("مجلس الأمن الدولي", "the UN Security Council", "m"),
    ("الوكالة الدولية للطاقة الذرية", "the International Atomic Energy Agency", "f"),
    ("منظمة الصحة العالمية", "the World Health Organization", "f"),
    ("صندوق النقد الدولي", "the International Monetary Fund", "m"),
    ("البنك الدولي", "the World Bank", "m"),
    ("الصليب الأحمر", "the Red Cross", "m"),
    ("جامعة الدول العربية", "the Arab League", "f"),
    ("مجموعة السبع", "the G7", "f"),
]

# (Arabic type word, Latin name)
MEDIA = [
    ("شبكة", "CNN"),
    ("وكالة", "Reuters"),
    ("هيئة الإذاعة البريطانية", "BBC"),
    ("وكالة", "AFP"),
    ("وكالة", "Bloomberg"),
    ("موقع", "Axios"),
    ("شبكة", "Fox News"),
    ("صحيفة", "Le Monde"),
    ("موقع", "Politico"),
    ("وكالة", "Associated Press"),
    ("صحيفة", "Financial Times"),
    ("شبكة", "NBC News"),
    ("وكالة", "Yonhap"),
    ("وكالة", "TASS"),
]

# (name, gender, Arabic role m, Arabic role f, English role)
ANALYSTS = [
    ("Martyn Wheatley", "m"),
    ("Sarah Kendrick", "f"),
    ("John Foreman", "m"),
    ("Hanna Notte", "f"),
    ("Michael Kofman", "m"),
    ("Dara Massicot", "f"),
    ("Ruslan Pukhov", "m"),
    ("Andrei Kortunov", "m"),
    ("Jenny Mathers", "f"),
    ("Peter Dickinson", "m"),
]
ROLES = [
    ("المحلل", "المحللة", "analyst"),
    ("الخبير", "الخبيرة", "expert"),
    ("الباحث", "الباحثة", "researcher"),
]

JETS = ["F-16", "F-35", "Su-35", "MiG-29", "Mirage", "Su-34", "Rafale", "Gripen", "Eurofighter"]
SYSTEMS = ["HIMARS", "S-400", "Patriot", "IRIS-T", "NASAMS", "Iron Dome", "Pantsir-S1", "THAAD"]
MISSILES = [
    "ATACMS",
    "Storm Shadow",
    "Kinzhal",
    "Iskander-M",
    "Hwasong-19",
    "Oreshnik",
    "SCALP",
    "Taurus",
]

# Nationality adjectives for "القوات ..." ("... forces").
FORCES = [
    ("الروسية", "Russian"),
    ("الأوكرانية", "Ukrainian"),
    ("الكورية الشمالية", "North Korean"),
    ("الإسرائيلية", "Israeli"),
    ("السورية", "Syrian"),
    ("التركية", "Turkish"),
    ("الأمريكية", "US"),
    ("الإيرانية", "Iranian"),
]
MONTHS = [
    ("يناير", "January"),
    ("فبراير", "February"),
    ("مارس", "March"),
    ("أبريل", "April"),
    ("مايو", "May"),
    ("يونيو", "June"),
    ("يوليو", "July"),
    ("أغسطس", "August"),
    ("سبتمبر", "September"),
    ("أكتوبر", "October"),
    ("نوفمبر", "November"),
    ("ديسمبر", "December"),
]
DAYS = [
    ("الاثنين", "Monday"),
    ("الثلاثاء", "Tuesday"),
    ("الأربعاء", "Wednesday"),
    ("الخميس", "Thursday"),
    ("الجمعة", "Friday"),
    ("السبت", "Saturday"),
    ("الأحد", "Sunday"),
]
QUOTES = [
    ("لن نتراجع", "We will not back down"),
    ("الحرب يجب أن تنتهي", "The war must end"),
    ("نحن مستعدون للحوار", "We are ready for dialogue"),
    ("هذا تصعيد خطير", "This is a dangerous escalation"),
    ("لن نقبل أي تهديد", "We will not accept any threat"),
    ("السلام ممكن", "Peace is possible"),
    ("الوضع صعب للغاية", "The situation is very difficult"),
]

# noun: (plural for 3..10, accusative singular for 11..99, genitive singular otherwise), English,
# value range.
NOUNS: dict[str, tuple[tuple[str, str, str], str, tuple[int, int]]] = {
    "soldier": (("جنود", "جنديا", "جندي"), "soldiers", (3, 50000)),
    "troop": (("عسكريين", "عسكريا", "عسكري"), "troops", (3, 50000)),
    "civilian": (("مدنيين", "مدنيا", "مدني"), "civilians", (3, 2000)),
    "person": (("أشخاص", "شخصا", "شخص"), "people", (3, 90000)),
    "km": (("كيلومترات", "كيلومترا", "كيلومتر"), "kilometres", (3, 900)),
    "km2": (("كيلومترات مربعة", "كيلومترا مربعا", "كيلومتر مربع"), "square kilometres", (3, 9000)),
    "ton": (("أطنان", "طنا", "طن"), "tons", (3, 9000)),
    "dollar": (("دولارات", "دولارا", "دولار"), "dollars", (3, 900000)),
    "drone": (("طائرات مسيرة", "طائرة مسيرة", "طائرة مسيرة"), "drones", (3, 300)),
    "missile": (("صواريخ", "صاروخا", "صاروخ"), "missiles", (3, 200)),
    "jet": (("مقاتلات", "مقاتلة", "مقاتلة"), "fighter jets", (3, 90)),
    "day": (("أيام", "يوما", "يوم"), "days", (3, 10)),
    "tank": (("دبابات", "دبابة", "دبابة"), "tanks", (3, 400)),
    "prisoner": (("أسرى", "أسيرا", "أسير"), "prisoners", (3, 900)),
}

# Templates: {kindN} slots, {kindN:arg}; "/l" keeps names that do not start with "ال" (they
# follow an attached "ل"); [masc|fem:slot] agrees with the slot's gender (default p1).
TEMPLATES: list[tuple[str, str]] = [
    (
        "[قال|قالت] {T1}{p1} إن {k1} ستنشر {n1} {N1:soldier} قرب {c1}.",
        "{T1}{p1} said that {k1} will deploy {n1} {N1:soldier} near {c1}.",
    ),
    (
        "[أعلن|أعلنت] {T1}{p1} أن {n1} {N1:soldier} وصلوا إلى {c1} يوم {d1}.",
        "{T1}{p1} announced that {n1} {N1:soldier} arrived in {c1} on {d1}.",
    ),
    ("[نفى|نفت] {T1}{p1} إرسال قوات إلى {c1}.", "{T1}{p1} denied sending troops to {c1}."),
    (
        "[زار|زارت] {p1} {c1} يوم {d1} [والتقى|والتقت] {p2}.",
        "{p1} visited {c1} on {d1} and met {p2}.",
    ),
    ("[التقى|التقت] {T1}{p1} ب{p2} في {c1}.", "{T1}{p1} met {p2} in {c1}."),
    (
        "[اجتمع|اجتمعت] {p1} و{p2} في {c1} لبحث الحرب في {k1}.",
        "{p1} and {p2} met in {c1} to discuss the war in {k1}.",
    ),
    (
        "[ذكر|ذكرت:M1] {M1} {m1} أن {n1} {N1:troop} انتشروا في منطقة {c1}.",
        "{m1} reported that {n1} {N1:troop} were deployed in the {c1} region.",
    ),
    (
        "[قال|قالت] {p1} في مقابلة مع {M1} {m1} إن المحادثات مع {p2} كانت مثمرة.",
        "{p1} said in an interview with {m1} that the talks with {p2} were productive.",
    ),
    (
        "[أكد|أكدت] {T1}{p1} أن {o1} [سيدعم|ستدعم:o1] {k1}.",
        "{T1}{p1} stressed that {o1} will support {k1}.",
    ),
    (
        "[قال|قالت:o1] {o1} إن {n1} {N1:civilian} قتلوا في {c1} منذ بداية الشهر.",
        "{o1} said that {n1} {N1:civilian} had been killed in {c1} since the start of the month.",
    ),
    ("ارتفع التضخم في {k1} إلى {pc1} في شهر {mon1}.", "Inflation in {k1} rose to {pc1} in {mon1}."),
    (
        "تراجع اقتصاد {k1} بنسبة {pc1} خلال العام الماضي.",
        "The economy of {k1} shrank by {pc1} last year.",
    ),
    (
        "[وافق|وافقت:o1] {o1} على تقديم {money1} إلى {k1}.",
        "{o1} agreed to provide {money1} to {k1}.",
    ),
    (
        "[قال|قالت:x1] {X1}{x1} لـ{m1} إن {k1} [يملك|تملك:k1] نحو {n1} {N1:missile}.",
        "{X1}{x1} told {m1} that {k1} has about {n1} {N1:missile}.",
    ),
    ("[تسلم|تسلمت:k1] {k1} {n1} {N1:jet} من طراز {jet1}.", "{k1} received {n1} {jet1} {N1:jet}."),
    (
        "قصفت القوات {F1} مدينة {c1} بـ{n1} {N1:drone} و{n2} {N2:missile} ليلة {dow1}.",
        "{F1} forces attacked {c1} with {n1} {N1:drone} and {n2} {N2:missile} on {dow1} night.",
    ),
    (
        "[أعلن|أعلنت:k1] {k1} إسقاط {n1} {N1:drone} خلال الليل.",
        "{k1} said it shot down {n1} {N1:drone} overnight.",
    ),
    (
        "تقدمت القوات {F1} مسافة {n1} {N1:km} داخل منطقة {c1}.",
        "{F1} forces advanced {n1} {N1:km} into the {c1} region.",
    ),
    (
        "سيطرت القوات {F1} على {n1} {N1:km2} في منطقة {c1} منذ {d1}.",
        "{F1} forces have taken control of {n1} {N1:km2} in the {c1} region since {d1}.",
    ),
    (
        "[نقل|نقلت:k1] {k1} {n1} {N1:ton} من المساعدات الإنسانية إلى {c1}.",
        "{k1} delivered {n1} {N1:ton} of humanitarian aid to {c1}.",
    ),
    (
        "[أرسل|أرسلت:k1] {k1} نحو {n1} {N1:soldier} إلى منطقة {c1}.",
        "{k1} sent about {n1} {N1:soldier} to the {c1} region.",
    ),
    ("[قال|قالت] {T1}{p1}: «{q1}».", '{T1}{p1} said: "{q1}."'),
    (
        "[حذر|حذرت] {p1} من أن {o1} [يواجه|تواجه:o1] أزمة خطيرة.",
        "{p1} warned that {o1} faces a serious crisis.",
    ),
    (
        "[وقع|وقعت] {p1} و{p2} اتفاقية دفاعية في {c1} يوم {d1}.",
        "{p1} and {p2} signed a defence agreement in {c1} on {d1}.",
    ),
    (
        "[وصل|وصلت] {T1}{p1} إلى {c1} في زيارة تستغرق {n1} {N1:day}.",
        "{T1}{p1} arrived in {c1} for a visit lasting {n1} {N1:day}.",
    ),
    (
        "[أعلن|أعلنت:k1] {k1} أن {n1} {N1:soldier} قتلوا في معارك قرب {c1}.",
        "{k1} announced that {n1} {N1:soldier} were killed in fighting near {c1}.",
    ),
    (
        "وصل عدد النازحين في {k1} إلى {n1} {N1:person}.",
        "The number of displaced people in {k1} reached {n1}.",
    ),
    (
        "[هدد|هددت] {T1}{p1} بالرد على أي هجوم على {k1}.",
        "{T1}{p1} threatened to respond to any attack on {k1}.",
    ),
    (
        "[دعا|دعت] {p1} {o1} إلى التدخل لوقف القتال في {c1}.",
        "{p1} called on {o1} to intervene to stop the fighting in {c1}.",
    ),
    ("[استقبل|استقبلت] {T1}{p1} {p2} في {c1} يوم {d1}.", "{T1}{p1} received {p2} in {c1} on {d1}."),
    ("[انتقد|انتقدت] {p1} قرار {o1} بشأن {k1}.", "{p1} criticised the decision of {o1} on {k1}."),
    (
        "[بحث|بحثت] {p1} مع {p2} هاتفيا الوضع في {k1}.",
        "{p1} discussed the situation in {k1} with {p2} by phone.",
    ),
    (
        "[أفاد|أفادت:M1] {M1} {m1} بأن انفجارا وقع في {c1} عند الساعة {tm1}.",
        "{m1} reported that an explosion occurred in {c1} at {tm1}.",
    ),
    ("تقع {c1} على بعد {n1} {N1:km} من {c2}.", "{c1} is {n1} {N1:km} from {c2}."),
    (
        "بلغت قيمة صادرات النفط في {k1} {money1} في عام {y1}.",
        "Oil exports from {k1} were worth {money1} in {y1}.",
    ),
    (
        "[تعهد|تعهدت] {T1}{p1} بتقديم {money1} لدعم {k1}.",
        "{T1}{p1} pledged {money1} to support {k1}.",
    ),
    (
        "[قدم|قدمت] {p1} الشكر ل{p2/l} على [دعمه|دعمها:p2].",
        "{p1} thanked {p2} for [his|her:p2] support.",
    ),
    (
        "[أدلى|أدلت] {p1} بهذه التصريحات خلال زيارة ل{c1/l}.",
        "{p1} made these remarks during a visit to {c1}.",
    ),
    (
        "[أشار|أشارت] {p1} إلى أن نحو {pc1} من سكان {c1} غادروا المدينة.",
        "{p1} noted that about {pc1} of the residents of {c1} had left the city.",
    ),
    (
        "[رحب|رحبت] {p1} بقرار {o1} إرسال {n1} {N1:ton} من المساعدات إلى {c1}.",
        "{p1} welcomed the decision of {o1} to send {n1} {N1:ton} of aid to {c1}.",
    ),
    ("[انضم|انضمت:k1] {k1} إلى {o1} في عام {y1}.", "{k1} joined {o1} in {y1}."),
    ("[نشر|نشرت:k1] {k1} منظومات {sys1} في {c1}.", "{k1} deployed {sys1} systems in {c1}."),
    (
        "[أطلق|أطلقت:k1] {k1} صاروخا من طراز {mis1} باتجاه {c1}.",
        "{k1} fired a {mis1} missile towards {c1}.",
    ),
    (
        "[نقل|نقلت:M1] {M1} {m1} عن {p1} [قوله|قولها:p1] إن المفاوضات ستستأنف في {c1} يوم {d1}.",
        "{m1} quoted {p1} as saying that negotiations would resume in {c1} on {d1}.",
    ),
    (
        "[زار|زارت] {p1} كلا من {c1} و{c2} الأسبوع الماضي.",
        "{p1} visited both {c1} and {c2} last week.",
    ),
    (
        "قتل {n1} {N1:civilian} وأصيب {n2} آخرون في قصف على {c1} يوم {d1}.",
        "{n1} {N1:civilian} were killed and {n2} others were wounded in shelling on {c1} on {d1}.",
    ),
    (
        "في {d1}، [أعلن|أعلنت] {T1}{p1} [استقالته|استقالتها].",
        "On {d1}, {T1}{p1} announced [his|her] resignation.",
    ),
    (
        "[توقع|توقعت:o1] {o1} أن ينمو اقتصاد {k1} بنسبة {pc1} هذا العام.",
        "{o1} expects the economy of {k1} to grow by {pc1} this year.",
    ),
    ("[فاز|فازت] {p1} بنسبة {pc1} من الأصوات.", "{p1} won {pc1} of the vote."),
    (
        "وقع الهجوم على {c1} عند الساعة {tm1} بالتوقيت المحلي.",
        "The attack on {c1} took place at {tm1} local time.",
    ),
    (
        "[أكد|أكدت] {T1}{p1} أن {n1} {N1:soldier} من {k1} يقاتلون في منطقة {c1}.",
        "{T1}{p1} confirmed that {n1} {N1:soldier} from {k1} are fighting in the {c1} region.",
    ),
    (
        "[أعلن|أعلنت:o1] {o1} في {dm1} عن خطة جديدة لدعم {k1}.",
        "On {dm1}, {o1} announced a new plan to support {k1}.",
    ),
    (
        "[قال|قالت] {p1} لـ{m1} إن {c1} تعرضت لهجوم بـ{n1} {N1:drone}.",
        "{p1} told {m1} that {c1} was attacked with {n1} {N1:drone}.",
    ),
    ("[التقى|التقت] {p1} بـ{X1}{x1} في {c1}.", "{p1} met {X1}{x1} in {c1}."),
    (
        "[تبادل|تبادلت:k1] {k1} و{k2} {n1} {N1:prisoner} يوم {d1}.",
        "{k1} and {k2} exchanged {n1} {N1:prisoner} on {d1}.",
    ),
    (
        "[خسر|خسرت:k1] {k1} أكثر من {n1} {N1:tank} منذ بداية الحرب وفقا لـ{m1}.",
        "{k1} has lost more than {n1} {N1:tank} since the start of the war, according to {m1}.",
    ),
    (
        "[استقبل|استقبلت] {p1} وفدا من {o1} في {c1} في {dm1}.",
        "{p1} received a delegation from {o1} in {c1} on {dm1}.",
    ),
    ("[أجرى|أجرت] {p1} اتصالا هاتفيا مع {p2} و{p3}.", "{p1} held a phone call with {p2} and {p3}."),
    (
        "[وافق|وافقت:o1] {o1} على قرض بقيمة {money1} لصالح {k1} بفائدة {pc1}.",
        "{o1} approved a loan of {money1} to {k1} at an interest rate of {pc1}.",
    ),
    (
        "[أكد|أكدت:o1] {o1} أن مقاتلات {jet1} تابعة ل{k1/l} أطلقت {n1} {N1:missile} على أهداف في {c1}.",
        "{o1} confirmed that {jet1} jets belonging to {k1} fired {n1} {N1:missile} at targets in {c1}.",
    ),
]

_SLOT_RE = re.compile(
    r"\{([A-Za-z]+)(\d)(?::(\w+))?(?:/(l))?\}|\[([^|\]:]*)\|([^|\]:]*)(?::(\w+))?\]"
)


def _ar_digits(text: str) -> str:
    return text.translate(str.maketrans("0123456789.,%", "٠١٢٣٤٥٦٧٨٩٫٬٪"))


class _Sentence:
    """Draws slot values for one template, lazily and consistently for both sides."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.values: dict[str, Value] = {}
        self.people: set[str] = set()
        self.nouns: dict[str, str] = {}

    def get(self, kind: str, idx: str, arg: str | None, no_al: bool) -> Value:
        key = kind + idx
        if key not in self.values:
            self.values[key] = self._draw(kind, idx, arg, no_al)
        return self.values[key]

    def _pick_distinct(self, pool: list, key_of) -> object:  # type: ignore[no-untyped-def]
        while True:
            item = self.rng.choice(pool)
            if key_of(item) not in self.people:
                self.people.add(key_of(item))
                return item

    def _draw(self, kind: str, idx: str, arg: str | None, no_al: bool) -> Value:
        rng = self.rng
        if kind == "p":
            while True:
                person = self._pick_distinct(PEOPLE, lambda p: p[1])
                if not (no_al and person[0].startswith("ال")):
                    break
            short_ar, short_en, full_ar, full_en, _, _, gender = person
            full = rng.random() < 0.5
            ar, en = (full_ar, full_en) if full else (short_ar, short_en)
            self.values["_p" + idx] = Value(person[4], person[5], "text")
            return Value(ar, en, "person", gender)
        if kind == "T":
            person_slot = self.get("p", idx, None, False)
            title = self.values["_p" + idx]
            if rng.random() < 0.5:
                return Value("", "", "text", person_slot.gender)
            return Value(title.arabic + " ", title.english + " ", "text")
        if kind == "c":
            pool = [c for c in CITIES if not (no_al and c[0].startswith("ال"))]
            ar, en = self._pick_distinct(pool, lambda c: c[1])
            return Value(ar, en, "place", "f")
        if kind == "k":
            pool = [c for c in COUNTRIES if not (no_al and c[0].startswith("ال"))]
            ar, en, gender = self._pick_distinct(pool, lambda c: c[1])
            return Value(ar, en, "place", gender)
        if kind == "o":
            ar, en, gender = self._pick_distinct(ORGS, lambda o: o[1])
            return Value(ar, en, "org", gender)
        if kind == "m":
            media = rng.choice(MEDIA)
            gender = "m" if media[0] == "موقع" else "f"
            self.values["_m" + idx] = Value(media[0], "", "text", gender)
            return Value(media[1], media[1], "latin")
        if kind == "M":
            self.get("m", idx, None, False)
            return self.values["_m" + idx]
        if kind == "x":
            name, gender = self._pick_distinct(ANALYSTS, lambda a: a[0])
            return Value(name, name, "latin", gender)
        if kind == "X":
            analyst = self.get("x", idx, None, False)
            role_m, role_f, role_en = rng.choice(ROLES)
            role_ar = role_m if analyst.gender == "m" else role_f
            return Value(role_ar + " ", role_en + " ", "text")
        if kind in ("jet", "sys", "mis"):
            pool = {"jet": JETS, "sys": SYSTEMS, "mis": MISSILES}[kind]
            name = rng.choice(pool)
            return Value(name, name, "latin")
        if kind == "F":
            ar, en = rng.choice(FORCES)
            return Value(ar, en, "text")
        if kind == "mon":
            ar, en = rng.choice(MONTHS)
            return Value(ar, en, "text")
        if kind == "dow":
            ar, en = rng.choice(DAYS)
            return Value(ar, en, "text")
        if kind == "q":
            ar, en = rng.choice(QUOTES)
            return Value(ar, en, "text")
        if kind == "N":
            number = self.values["n" + idx].number
            assert arg is not None, "noun slot needs a noun"
            return self._noun(arg, number)
        return self._draw_number(kind, idx, arg)

    def _noun(self, noun: str, number: float) -> Value:
        (plural, accusative, genitive), english, _ = NOUNS[noun]
        if noun == "km2" and self.rng.random() < 0.3:
            return Value("كم مربع", "km²", "text")
        rest = int(number) % 100
        if number != int(number):
            form = genitive
        elif 3 <= rest <= 10 and number < 100:
            form = plural
        elif 11 <= rest <= 99:
            form = accusative
        elif 3 <= rest <= 10:
            form = plural
        else:
            form = genitive
        return Value(form, english, "text")

    def _number_text(self, value: int, grouping: bool) -> str:
        return f"{value:,}" if grouping else str(value)

    def _draw_number(self, kind: str, idx: str, arg: str | None) -> Value:
        rng = self.rng
        number = 0.0
        if kind == "n":
            noun = self._noun_for(idx)
            low, high = NOUNS[noun][2] if noun else (3, 900)
            value = self._count(low, high)
            text = self._number_text(
                value, value >= 10000 or (value >= 1000 and rng.random() < 0.5)
            )
            number = float(value)
        elif kind == "d":
            day, month, year = rng.randint(1, 28), rng.randint(1, 12), rng.randint(2019, 2025)
            sep = "/" if rng.random() < 0.15 else "."
            text = f"{day:02d}{sep}{month:02d}{sep}{year}"
        elif kind == "pc":
            if rng.random() < 0.5:
                text = f"{rng.randint(1, 99)}.{rng.randint(1, 9)}%"
            else:
                text = f"{rng.randint(2, 95)}%"
        elif kind == "tm":
            text = f"{rng.randint(0, 23):02d}:{rng.randint(0, 59):02d}"
        elif kind == "y":
            text = str(rng.randint(1990, 2025))
        elif kind == "dm":
            month_ar, month_en = rng.choice(MONTHS)
            day = str(rng.randint(1, 28))
            self.values["_dm" + idx] = Value(month_ar, month_en, "text")
            text = day
        elif kind == "money":
            return self._money()
        else:
            raise ValueError(f"unknown slot kind {kind}")
        arabic = _ar_digits(text) if rng.random() < 0.45 else text
        return Value(arabic, text, "number", number=number)

    def _money(self) -> Value:
        rng = self.rng
        scale_ar, scale_pl, scale_en = rng.choice(
            [("مليون", "ملايين", "million"), ("مليار", "مليارات", "billion")]
        )
        if rng.random() < 0.3:
            text = f"{rng.randint(1, 99)}.{rng.randint(1, 9)}"
            word = scale_ar
        else:
            value = self._count(3, 900)
            text = str(value)
            word = scale_pl if 3 <= value <= 10 else scale_ar
        arabic = _ar_digits(text) if rng.random() < 0.45 else text
        # A compound value: number (copied) + fixed words; rendered as number + text parts.
        return Value(arabic, text, "money", number=0.0, gender=f"{word} دولار|{scale_en} dollars")

    def _count(self, low: int, high: int) -> int:
        rng = self.rng
        band = rng.random()
        if band < 0.25 or high <= 10:
            return rng.randint(low, min(10, high))
        if band < 0.5 or high <= 99:
            return rng.randint(max(11, low), min(99, high))
        value = rng.randint(100, high)
        if rng.random() < 0.6:
            value = max(100, round(value, -2 if value < 10000 else -3))
        return value

    def _noun_for(self, idx: str) -> str | None:
        return self.nouns.get(idx)


def _render(
    template: str, sent: _Sentence, english: bool
) -> tuple[str, list[tuple[str, Value, int, int]]]:
    out: list[str] = []
    placed: list[tuple[str, Value, int, int]] = []
    cursor = 0
    length = 0
    for match in _SLOT_RE.finditer(template):
        literal = template[cursor : match.start()]
        out.append(literal)
        length += len(literal)
        cursor = match.end()
        if match.group(1):
            kind, idx, arg, no_al = match.group(1), match.group(2), match.group(3), match.group(4)
            value = sent.get(kind, idx, arg, bool(no_al))
            parts = _parts(kind, idx, value, sent, english)
            for part_value, text in parts:
                if part_value is not None:
                    placed.append((kind + idx, part_value, length, length + len(text)))
                out.append(text)
                length += len(text)
        else:
            masc, fem, ref = match.group(5), match.group(6), match.group(7) or "p1"
            ref_kind, ref_idx = re.match(r"([A-Za-z]+)(\d)", ref).groups()  # type: ignore[union-attr]
            gender = sent.get(ref_kind, ref_idx, None, False).gender
            text = masc if gender == "m" else fem
            out.append(text)
            length += len(text)
    out.append(template[cursor:])
    return "".join(out), placed


def _parts(
    kind: str, idx: str, value: Value, sent: _Sentence, english: bool
) -> list[tuple[Value | None, str]]:
    """Text pieces of one slot; pieces with a Value are recorded as slots."""
    if kind == "money":
        words_ar, words_en = value.gender.split("|")
        number = Value(value.arabic, value.english, "number")
        text = value.english if english else value.arabic
        return [(number, text), (None, " " + (words_en if english else words_ar))]
    if kind == "dm":
        month = sent.values["_dm" + idx]
        text = value.english if english else value.arabic
        return [(value, text), (None, " " + (month.english if english else month.arabic))]
    return [(value, value.english if english else value.arabic)]


def make_pair(rng: random.Random, template_index: int) -> Pair:
    arabic_t, english_t = TEMPLATES[template_index]
    sent = _Sentence(rng)
    sent.nouns = {m.group(2): m.group(3) for m in re.finditer(r"\{(N)(\d):(\w+)\}", arabic_t)}
    arabic, a_placed = _render(arabic_t, sent, english=False)
    english, e_placed = _render(english_t, sent, english=True)
    english = english[:1].upper() + english[1:]
    slots: list[Slot] = []
    e_by_key = {key: (start, end) for key, value, start, end in e_placed if value.kind != "text"}
    for key, value, start, end in a_placed:
        if value.kind == "text":
            continue
        if key not in e_by_key:
            raise ValueError(f"template {template_index}: slot {key} missing in English")
        e_start, e_end = e_by_key[key]
        slots.append(Slot(value.kind, value.arabic, value.english, start, end, e_start, e_end))
    return Pair(arabic, english, tuple(slots), template_index)


def generate(seed: int, count: int) -> Iterator[Pair]:
    """``count`` pairs, cycling through shuffled templates so each is used evenly."""
    rng = random.Random(seed)
    order: list[int] = []
    for _ in range(count):
        if not order:
            order = list(range(len(TEMPLATES)))
            rng.shuffle(order)
        yield make_pair(rng, order.pop())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--count", type=int, default=10)
    args = parser.parse_args()
    for pair in generate(args.seed, args.count):
        print(json.dumps(pair.to_dict(), ensure_ascii=False))


if __name__ == "__main__":
    main()
