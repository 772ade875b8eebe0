"""The default glossary on the three real seed articles (read from ../shared, never copied).

The expected mentions were counted by reading the articles (and cross-checked with grep),
not produced by the matcher: (clitic|name as written, English) → how many times.
"""

from __future__ import annotations

from collections import Counter

import pytest

from briefing.glossary.matcher import CLITICS, normalize_key
from briefing.glossary.store import Glossary, load_glossary
from helpers import ROOT, shared_path

EXPECTED: dict[str, dict[tuple[str, str], int]] = {
    "independent-arabia-putin-troops.txt": {
        ("ال|بريكس", "BRICS"): 1,
        ("ال|حرب الباردة", "Cold War"): 1,
        ("ل|كوريا الديمقراطية", "DPRK"): 1,
        ("جمهورية كوريا الشعبية الديمقراطية", "Democratic People's Republic of Korea"): 1,
        ("أوروبا", "Europe"): 1,
        ("و|هاريس", "Harris"): 1,
        ("ال|محيطين الهندي والهادئ", "Indo-Pacific"): 1,
        ("كازان", "Kazan"): 1,
        ("ال|كرملين", "Kremlin"): 1,
        ("كورسك", "Kursk"): 2,
        ("لويد أوستن", "Lloyd Austin"): 1,
        ("موسكو", "Moscow"): 1,
        ("حلف شمال الأطلسي", "NATO"): 1,
        ("كوريا الشمالية", "North Korea"): 4,
        ("ل|كوريا الشمالية", "North Korea"): 1,
        ("و|كوريا الشمالية", "North Korea"): 1,
        ("بوتين", "Putin"): 6,
        ("بيونغ يانغ", "Pyongyang"): 1,
        ("ل|بيونغ يانغ", "Pyongyang"): 1,
        ("و|بيونغ يانغ", "Pyongyang"): 1,
        ("روسيا", "Russia"): 11,
        ("ال|إندبندنت", "The Independent"): 1,
        ("ترامب", "Trump"): 1,
        ("أوكرانيا", "Ukraine"): 3,
        (
            "ال|مركز الأوكراني للاتصالات الاستراتيجية وأمن المعلومات",
            "Ukraine's Center for Strategic Communications and Information Security",
        ): 1,
        ("ال|ولايات المتحدة", "United States"): 2,
        ("فلاديمير بوتين", "Vladimir Putin"): 1,
    },
    "rt-arabic-rutte-kursk.txt": {
        ("و|كوريا الديمقراطية", "DPRK"): 1,
        ("كورسك", "Kursk"): 4,
        ("كييف", "Kyiv"): 1,
        ("مارك روته", "Mark Rutte"): 1,
        ("موسكو", "Moscow"): 3,
        ("ال|ناتو", "NATO"): 5,
        ("كوريا الشمالية", "North Korea"): 6,
        ("أولغا سكابييفا", "Olga Skabeyeva"): 1,
        ("بوليتيكو", "Politico"): 2,
        ("بيونغ يانغ", "Pyongyang"): 2,
        ("روسيا-1", "Rossiya-1"): 1,
        ("روسيا", "Russia"): 3,
        ("ل|روسيا", "Russia"): 1,
        ("رستم أميروف", "Rustem Umerov"): 1,
        ("روته", "Rutte"): 4,
        ("أوكرانيا", "Ukraine"): 2,
        ("فلاديمير بوتين", "Vladimir Putin"): 3,
        ("واشنطن", "Washington"): 1,
        ("يون سوك يول", "Yoon Suk Yeol"): 1,
    },
    "sada-elbalad-putin-sovereign.txt": {
        ("وكالة فرانس برس", "Agence France-Presse"): 1,
        ("و|بوغويافلنكا", "Bohoiavlenka"): 1,
        ("تشوي", "Choe"): 2,
        ("تشوي سون هوي", "Choe Son Hui"): 1,
        ("مفوضية الاتحاد الأوروبي", "European Commission"): 1,
        ("غيرنيك", "Hirnyk"): 1,
        ("إيهور تيريخوف", "Ihor Terekhov"): 1,
        ("ال|معهد الأمريكي لدراسة الحرب", "Institute for the Study of War"): 1,
        ("و|كاترينيفكا", "Katerynivka"): 1,
        ("خاركيف", "Kharkiv"): 4,
        ("كيم جونغ أون", "Kim Jong Un"): 1,
        ("كليتشكو", "Klitschko"): 1,
        ("وكالة الأنباء المركزية الكورية", "Korean Central News Agency"): 1,
        ("كورسك", "Kursk"): 3,
        ("كييف", "Kyiv"): 6,
        ("و|كييف", "Kyiv"): 1,
        ("لي سيونج كوين", "Lee Seong-kweun"): 1,
        ("مارك روته", "Mark Rutte"): 1,
        ("ل|موسكو", "Moscow"): 1,
        ("موسكو", "Moscow"): 6,
        ("و|موسكو", "Moscow"): 1,
        ("ال|ناتو", "NATO"): 1,
        ("حلف شمال الأطلسي", "NATO"): 1,
        ("ل|حلف شمال الأطلسي", "NATO"): 1,
        ("ناتو", "NATO"): 1,
        ("وكالة الاستخبارات الوطنية", "National Intelligence Service"): 1,
        ("كوريا الشمالية", "North Korea"): 12,
        ("ل|كوريا الشمالية", "North Korea"): 1,
        ("و|كوريا الشمالية", "North Korea"): 1,
        ("أوسنوفيانسكي", "Osnovianskyi"): 1,
        ("بارك صن وون", "Park Sun-won"): 1,
        ("ال|بنتاجون", "Pentagon"): 2,
        ("بوكروفسك", "Pokrovsk"): 2,
        ("بوتين", "Putin"): 6,
        ("بيونج يانج", "Pyongyang"): 1,
        ("بيونجيانج", "Pyongyang"): 2,
        ("ل|بيونج يانج", "Pyongyang"): 1,
        ("ل|بيونغ يانغ", "Pyongyang"): 1,
        ("و|بيونج يانج", "Pyongyang"): 1,
        ("و|بيونجيانج", "Pyongyang"): 1,
        ("و|بيونغ يانغ", "Pyongyang"): 1,
        ("رويترز", "Reuters"): 1,
        ("روسيا", "Russia"): 23,
        ("ل|روسيا", "Russia"): 2,
        ("وزارة الدفاع الروسية", "Russian Defence Ministry"): 1,
        ("سابرينا سينج", "Sabrina Singh"): 1,
        ("صدى البلد", "Sada El Balad"): 1,
        ("سيليدوفي", "Selydove"): 4,
        ("سول", "Seoul"): 1,
        ("سولوميانسكي", "Solomianskyi"): 1,
        ("كوريا الجنوبية", "South Korea"): 4,
        ("سفياتوشينسكي", "Sviatoshynskyi"): 1,
        ("تلغرام", "Telegram"): 1,
        ("تليجرام", "Telegram"): 1,
        ("تيليجرام", "Telegram"): 2,
        ("وزارة الدفاع الأمريكية", "U.S. Department of Defense"): 1,
        ("أوكرانيا", "Ukraine"): 14,
        ("ل|أوكرانيا", "Ukraine"): 2,
        ("ال|ولايات المتحدة", "United States"): 1,
        ("أورسولا فون دير لاين", "Ursula von der Leyen"): 1,
        ("فيتالي كليتشكو", "Vitali Klitschko"): 1,
        ("فلاديمير بوتين", "Vladimir Putin"): 3,
        ("فولوديمير زيلينسكي", "Volodymyr Zelensky"): 1,
        ("إكس", "X"): 1,
        ("يون", "Yoon"): 4,
        ("يون سوك يول", "Yoon Suk Yeol"): 2,
        ("زيلينسكي", "Zelensky"): 1,
        ("و|زيلينسكي", "Zelensky"): 1,
    },
}
# Spellings the glossary does not list: found through the transliteration rules.
VARIANTS = {"بيونج يانج", "بيونجيانج"}


@pytest.fixture(scope="module")
def default_glossary() -> Glossary:
    return load_glossary(ROOT / "glossary")


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_seed_mentions(default_glossary: Glossary, name: str) -> None:
    text = shared_path(f"seeds/{name}").read_text(encoding="utf-8")
    seen: Counter[tuple[str, str]] = Counter()
    for line in text.split("\n"):
        for term in default_glossary.find(line):
            assert line[term.start : term.end] == term.source
            assert term.end == len(line) or not line[term.end].isalnum()
            word_start = term.start - len(term.clitic)
            assert word_start == 0 or not line[word_start - 1].isalnum()
            assert normalize_key(term.clitic) in CLITICS
            assert term.variant == (term.source in VARIANTS)
            seen[
                (f"{term.clitic}|{term.source}" if term.clitic else term.source, term.english)
            ] += 1
    assert dict(seen) == EXPECTED[name]


def test_default_glossary_is_big_and_clean(default_glossary: Glossary) -> None:
    from briefing.glossary.store import check

    assert len(default_glossary) >= 150
    assert check(default_glossary) == []
    kinds = Counter(e.kind for e in default_glossary.entries)
    assert set(kinds) == {"person", "place", "org", "unit", "term", "source"}
