"""Arabic-aware glossary matching: normalization, clitics, variants, longest match."""

from __future__ import annotations

from briefing.glossary.matcher import CLITICS, Matcher, clitic_english, normalize, normalize_key
from briefing.glossary.store import Entry, Glossary

PYONGYANG = Glossary([Entry("بيونغ يانغ", "Pyongyang", "place")])


def found(glossary: Glossary, text: str) -> list[tuple[str, str, bool, str]]:
    return [(t.source, t.english, t.variant, t.clitic) for t in glossary.find(text)]


def test_normalize_folds_letters_and_maps_back() -> None:
    text = "أَحْمَدُ  إلى\u00a0مُؤتمر ـ ١٢٣ مدرسة"
    norm, mapping = normalize(text)
    assert norm == "احمد الي موتمر 123 مدرسه"
    assert len(mapping) == len(norm)
    assert mapping == sorted(set(mapping))
    for index, char in enumerate(norm):
        if char not in " ":
            assert normalize(text[mapping[index]])[0] == char


def test_normalize_keeps_line_breaks_as_barriers() -> None:
    norm, _ = normalize("بيونغ \n يانغ")
    assert norm == "بيونغ\nيانغ"
    assert PYONGYANG.find("بيونغ\nيانغ") == []


def test_pyongyang_every_spelling_from_one_entry() -> None:
    text = "زار بيونغ يانغ ثم بيونج يانج وبعدها بيونجيانج، وعاد لبيونغ يانغ ووصل وبيونجيانج."
    assert found(PYONGYANG, text) == [
        ("بيونغ يانغ", "Pyongyang", False, ""),
        ("بيونج يانج", "Pyongyang", True, ""),
        ("بيونجيانج", "Pyongyang", True, ""),
        ("بيونغ يانغ", "Pyongyang", False, "ل"),
        ("بيونجيانج", "Pyongyang", True, "و"),
    ]
    for term in PYONGYANG.find(text):
        assert text[term.start : term.end] == term.source


def test_zelensky_with_clitic_and_dropped_vowel() -> None:
    glossary = Glossary([Entry("زيلينسكي", "Zelensky", "person")])
    text = "قال زيلينسكي إن الرئيسين يون وزيلينسكي اتفقا، وأضاف زيلنسكي لاحقا."
    assert found(glossary, text) == [
        ("زيلينسكي", "Zelensky", False, ""),
        ("زيلينسكي", "Zelensky", False, "و"),
        ("زيلنسكي", "Zelensky", True, ""),
    ]


def test_longest_match_wins() -> None:
    glossary = Glossary(
        [Entry("بوتين", "Putin", "person"), Entry("فلاديمير بوتين", "Vladimir Putin", "person")]
    )
    text = "التقى فلاديمير بوتين الوفد، ثم تحدث بوتين."
    assert found(glossary, text) == [
        ("فلاديمير بوتين", "Vladimir Putin", False, ""),
        ("بوتين", "Putin", False, ""),
    ]


def test_clitics_stay_outside_and_have_english() -> None:
    glossary = Glossary([Entry("بوتين", "Putin", "person"), Entry("الناتو", "NATO", "org")])
    text = "ولبوتين رسالة، وبالناتو ثقة، وللناتو دور، فبوتين قال، ووفبوتين لا."
    terms = glossary.find(text)
    assert [(t.source, t.clitic) for t in terms] == [
        ("بوتين", "ول"),
        ("ناتو", "وبال"),
        ("ناتو", "ول" + "ل"),
        ("بوتين", "ف"),
    ]
    assert [clitic_english(t.clitic) for t in terms] == ["and to", "and in", "and to", "so"]
    assert clitic_english("ال") == ""
    assert clitic_english("بال") == "in"
    assert clitic_english("ك") == "as"


def test_no_match_inside_a_longer_word() -> None:
    glossary = Glossary([Entry("روسيا", "Russia", "place"), Entry("سول", "Seoul", "place")])
    # الروسية ends differently; مروسيا and رسول start with a letter that is no proclitic.
    text = "القوات الروسية في مروسيا، قال رسول إن سولا ليست مدينة"
    assert glossary.find(text) == []
    assert found(glossary, "سافر إلى سول ثم روسيا") == [
        ("سول", "Seoul", False, ""),
        ("روسيا", "Russia", False, ""),
    ]


def test_article_headword_needs_an_article_unless_a_variant_says_so() -> None:
    glossary = Glossary([Entry("الجزائر", "Algeria", "place")])
    assert found(glossary, "زار الجزائر وللجزائر") == [
        ("جزائر", "Algeria", False, "ال"),
        ("جزائر", "Algeria", False, "ولل"),
    ]
    assert glossary.find("جزائر القمر") == []


def test_hamza_headword_is_not_an_article() -> None:
    glossary = Glossary([Entry("ألمانيا", "Germany", "place")])
    assert found(glossary, "في المانيا ولألمانيا") == [
        ("المانيا", "Germany", False, ""),
        ("ألمانيا", "Germany", False, "ول"),
    ]
    assert glossary.find("مانيا") == []


def test_spans_keep_diacritics_and_tatweel() -> None:
    text = "وقال بُوتِينُ إن لـبوتين رأيا"
    glossary = Glossary([Entry("بوتين", "Putin", "person")])
    terms = glossary.find(text)
    assert [(t.source, t.clitic) for t in terms] == [("بُوتِينُ", ""), ("بوتين", "لـ")]


def test_terms_and_short_names_get_no_spelling_variants() -> None:
    glossary = Glossary(
        [Entry("الحرب الباردة", "Cold War", "term"), Entry("القرم", "Crimea", "place")]
    )
    assert glossary.find("الحربالباردة والجرم والكرم") == []
    assert found(glossary, "في القرم") == [("قرم", "Crimea", False, "ال")]


def test_g_letters_fold_in_long_names() -> None:
    glossary = Glossary([Entry("كيم جونغ أون", "Kim Jong Un", "person")])
    assert found(glossary, "التقى كيم جونج أون وكيم جونغ اون") == [
        ("كيم جونج أون", "Kim Jong Un", True, ""),
        ("كيم جونغ اون", "Kim Jong Un", False, "و"),
    ]


def test_exact_entry_beats_a_variant_of_another() -> None:
    glossary = Glossary([Entry("كازان", "Kazan", "place"), Entry("جازان", "Jazan", "place")])
    assert found(glossary, "من جازان إلى كازان") == [
        ("جازان", "Jazan", False, ""),
        ("كازان", "Kazan", False, ""),
    ]


def test_presentation_forms_and_persian_letters() -> None:
    glossary = Glossary([Entry("كييف", "Kyiv", "place")])
    text = "في \ufedb\ufef4\ufef4\ufed2 وفي کییف"
    # Presentation forms become letters (NFKC), Persian ک and ی the Arabic ones.
    assert normalize(text) == ("في كييف وفي كييف", list(range(len(text))))
    terms = glossary.find(text)
    assert [(t.source, t.english, t.kind, t.variant) for t in terms] == [
        ("\ufedb\ufef4\ufef4\ufed2", "Kyiv", "place", False),
        ("کییف", "Kyiv", "place", False),
    ]


def test_clitic_forms_cover_the_combinations() -> None:
    for form in ("", "و", "ف", "ب", "ل", "ك", "ال", "وال", "بال", "لل", "فال", "كال", "وب", "ول"):
        assert form in CLITICS
    assert "ست" not in CLITICS


def test_matcher_accepts_any_entry_like_object() -> None:
    matcher = Matcher([Entry("موسكو", "Moscow", "place")])
    assert [t.entry for t in matcher.find("بموسكو")] == ["موسكو"]
    assert normalize_key(" آذار ") == "اذار"


def test_a_folded_letter_is_no_proclitic() -> None:
    # ق and ج fold to ك for matching, but only a real ك is the preposition "as".
    glossary = Glossary([Entry("رارا", "Rara", "person"), Entry("نوبا", "Nuba", "place")])
    assert glossary.find("أصدر قرارا وتوجه جنوبا") == []
    assert found(glossary, "كرارا") == [("رارا", "Rara", False, "ك")]


def test_space_may_be_missing_or_added_in_a_name() -> None:
    glossary = Glossary([Entry("نيويورك", "New York", "place")])
    assert found(glossary, "في نيو يورك وبنيويورك") == [
        ("نيو يورك", "New York", True, ""),
        ("نيويورك", "New York", False, "وب"),
    ]


def test_punctuation_inside_a_name_must_match() -> None:
    glossary = Glossary([Entry("روسيا-1", "Rossiya-1", "org"), Entry("روسيا", "Russia", "place")])
    assert found(glossary, "قناة روسيا-1 وقالت روسيا، 1") == [
        ("روسيا-1", "Rossiya-1", False, ""),
        ("روسيا", "Russia", False, ""),
    ]
