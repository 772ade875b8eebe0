"""Glossary suggestions from approved English and from articles, never applied.

``from_approvals``: where an approved paragraph spells a glossary name differently (the
glossary's English is missing and a name with the same consonants stands in its place),
the entry with the reviewer's spelling; where it names someone the glossary lacks, an
entry pairing the name with the Arabic run whose consonants match it best.
``recurring_candidates`` / ``from_renderings``: Arabic runs that recur in the articles
outside every glossary match, kept when the model renders them as a name.
Both give glossary ``Entry`` rows, written as the glossary's own CSV, so a user edits
them and runs ``glossary import``; nothing is added without that command.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable

from briefing.glossary.store import Glossary
from briefing.glossary.tables import Entry
from briefing.mt.approved import Approval
from briefing.review.names import arabic_candidates, best_pairing, english_names, sub_runs

RESPELLING = 0.6  # consonant similarity between the glossary's English and the reviewer's
PAIRING = 0.7  # between a new English name and an Arabic run
MIN_MENTIONS = 2
MOST_CANDIDATES = 300  # recurring runs sent to the model, most frequent first
_PERSON = frozenset("الرئيس رئيس وزير الوزير الأمير الملك الشيخ السيد الدكتور السفير النائب الجنرال اللواء العميد المتحدث".split())  # fmt: skip
_PLACE = frozenset("مدينة محافظة منطقة دولة جمهورية إقليم ولاية بلدة قرية العاصمة عاصمة".split())
_ORG = frozenset("وزارة شركة هيئة جامعة منظمة حزب مجلس وكالة حركة جماعة بنك صندوق".split())
# Frequent news words a model may render by their sounds or with a capital: never names.
_COMMON = frozenset("""
التعاون الاتفاق الاتفاقية المفاوضات العلاقات الاقتصاد الانتخابات الحكومة الرئيس الوزير
الجيش القوات الأمن السلام الحرب المجلس البرلمان الشعب الدولة الدول العالم المنطقة الوضع
الأزمة العملية الهجوم الصراع الاحتلال المعارضة النظام القرار الأسبوع اليوم العام الماضي
المقبل الجديد الخارجية الداخلية الدفاع الوطني الدولي العسكري السياسي الاقتصادي الإنساني
الأمني التنمية الاستثمار الطاقة النفط الغاز التجارة الصحة التعليم المساعدات الدعم
""".split())  # fmt: skip
# Verbal nouns (تفاعل تفعيل افتعال انفعال استفعال, and their plurals in ات) after ال:
# "التعاون", "التصعيد", "الاجتماع", "الانسحاب", "الاستقرار" are words, not names.
_VERBAL_NOUN = re.compile(r"ال(?:ت.ا..|ت..ي.|ا.ت.ا.|ان..ا.|است..ا.)(?:ات)?")
# An adjective of origin: "الأوكراني" rendered "Ukrainian" (the -i ones are listed).
_NISBA = re.compile(r"ال\S+(?:ي|ية|يون|يين|يات)")
_ADJECTIVE = re.compile(r"(?:ian|ean|ese|ish|ic|an)s?$", re.IGNORECASE)
_DEMONYMS = frozenset("Iraqi Saudi Israeli Kuwaiti Qatari Omani Yemeni Bahraini Emirati Pakistani Somali Afghani Azerbaijani".split())  # fmt: skip


def looks_like_a_name(arabic: str, english: str) -> bool:
    """Whether the recurring ``arabic`` run, rendered ``english``, has the shape of a
    name: not a frequent news word, a verbal noun, or an adjective of origin."""
    words = arabic.split()
    if all(word in _COMMON for word in words):
        return False
    if len(words) > 1:
        return True
    if _VERBAL_NOUN.fullmatch(arabic):
        return False
    last = english.split()[-1] if english.split() else ""
    adjective = _ADJECTIVE.search(last) is not None
    return not (_NISBA.fullmatch(arabic) and (adjective or last in _DEMONYMS))


def _has(text: str, name: str) -> bool:
    return re.search(rf"(?<!\w){re.escape(name)}(?!\w)", text) is not None


def _known_english(glossary: Glossary) -> set[str]:
    return {word for entry in glossary.entries for word in entry.english.split()}


def _respelling(english: str, wanted: str) -> str | None:
    """The name in ``english`` most like ``wanted`` (by consonants), not ``wanted``."""
    names = [n for n in english_names(english, openers=True) if n != wanted]
    pair = best_pairing([wanted], [part for n in names for part in sub_runs(n)], RESPELLING)
    return pair[1] if pair else None


def kind_before(text: str, arabic: str) -> str:
    """The kind the word before ``arabic`` in ``text`` suggests; "" when it says nothing."""
    at = text.find(arabic)
    before = text[:at].split()[-1:] if at > 0 else []
    word = before[0].lstrip("و") if before else ""
    for kind, cues in (("person", _PERSON), ("place", _PLACE), ("org", _ORG)):
        if word in cues or before and before[0] in cues:
            return kind
    return ""


def from_approvals(approvals: Iterable[Approval], glossary: Glossary) -> list[Entry]:
    """Entries the approved English suggests: respelled glossary names, new names."""
    by_headword = {entry.arabic: entry for entry in glossary.entries}
    known = _known_english(glossary)
    found: dict[tuple[str, str], Entry] = {}
    for approval in approvals:
        terms = glossary.find(approval.source)
        for term in {(t.entry, t.english): t for t in terms}.values():  # each name once
            entry = by_headword.get(term.entry)
            if entry is None or _has(approval.english, term.english):
                continue
            spelled = _respelling(approval.english, term.english)
            if spelled:
                note = f"approved English in {approval.origin} writes '{spelled}'; the glossary has '{entry.english}'"
                found[(entry.arabic, spelled)] = Entry(
                    entry.arabic, spelled, entry.kind, entry.variants, note
                )
        # Each distinct name is paired once, against the paragraph's runs found once: a
        # long paragraph naming the same people again and again stays linear.
        runs = list(dict.fromkeys(arabic_candidates(approval.source, terms)))
        for name in dict.fromkeys(english_names(approval.english)):
            if all(word in known for word in name.split()) or name in approval.source:
                continue  # known, or written in Latin letters in the Arabic too (CNN)
            pair = best_pairing(runs, list(sub_runs(name)), PAIRING)
            if pair is not None and not all(word in known for word in pair[1].split()):
                arabic, english = pair
                kind = kind_before(approval.source, arabic)  # "" when nothing says
                note = f"named in approved English in {approval.origin}; " + (
                    "kind from the word before it, check it"
                    if kind
                    else "kind unknown: set person, place or org"
                )
                found.setdefault((arabic, english), Entry(arabic, english, kind, (), note))
    return sorted(found.values(), key=lambda e: (e.kind, e.english))


def recurring_candidates(paragraphs: Iterable[str], glossary: Glossary) -> Counter[str]:
    """Arabic runs outside the glossary's matches, counted, most frequent first. The news
    sources count as matches: they are matched in bylines only, but are in the glossary."""
    counts: Counter[str] = Counter()
    sources = glossary.source_matcher()
    for text in paragraphs:
        counts.update(set(arabic_candidates(text, glossary.find(text) + sources.find(text))))
    return Counter({run: n for run, n in counts.most_common(MOST_CANDIDATES) if n >= MIN_MENTIONS})


def transliteration(arabic: str, english: str) -> str | None:
    """The part of the model's ``english`` that spells ``arabic`` (a name is rendered by
    its sounds, a common word is not: "مارك روته" → "Mark Rutte", "مقابلة" → no)."""
    parts = [part for name in english_names(english, openers=True) for part in sub_runs(name)]
    pair = best_pairing([arabic], parts, PAIRING)
    return pair[1] if pair else None


def from_renderings(
    counts: Counter[str], renderings: dict[str, str], contexts: dict[str, str]
) -> list[Entry]:
    """Entries for the recurring runs the model renders by their sounds (names); the
    longest run wins over the shorter ones inside it that are not more frequent."""
    spelled = {run: transliteration(run, renderings.get(run, "")) for run in counts}
    names = {
        run: english
        for run, english in spelled.items()
        if english and looks_like_a_name(run, english)
    }
    kept = [
        run
        for run in names
        if not any(
            run != other and run in other and counts[other] >= counts[run] for other in names
        )
    ]
    entries = []
    for run in kept:
        kind = kind_before(contexts.get(run, ""), run)
        note = f"{counts[run]} mentions in the articles; the model renders it '{names[run]}'; " + (
            "check the spelling" if kind else "kind unknown: set person, place or org"
        )
        entries.append(Entry(run, names[run], kind, (), note))  # "" when nothing says
    return sorted(entries, key=lambda e: (-counts[e.arabic], e.arabic))
