"""`glossary add` and `import` refuse what `glossary check` rejects (the same name once
normalized under two entries), naming the clash, unless --replace; `import` lists every
clash before writing anything."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from briefing.errors import GlossaryClash, GlossaryError
from briefing.glossary.store import Entry, add_entry, check, import_file, load_glossary

HEADER = "arabic,english,kind,variants,note\n"


def glossary(tmp_path: Path, rows: str) -> Path:
    folder = tmp_path / "glossary"
    folder.mkdir()
    (folder / "organizations.csv").write_text(HEADER + rows, encoding="utf-8")
    return folder


def test_add_refuses_an_entry_that_is_the_same_name_once_normalized(tmp_path: Path) -> None:
    folder = glossary(tmp_path, "ناتو,NATO,org,,\n")
    file = folder / "organizations.csv"
    before = file.read_bytes()
    with pytest.raises(GlossaryError) as caught:
        add_entry(folder, Entry("الناتو", "Nato", "org"))
    assert str(caught.value) == (
        f"{file}:2: 'الناتو' is the same name as 'ناتو' → 'NATO' (org) once normalized "
        "('ناتو'); remove it first or use --replace"
    )
    assert file.read_bytes() == before
    # A variant that is another entry's headword is the same clash (with other English:
    # with the same English it is a spelling to merge, test_bad_input_data).
    with pytest.raises(GlossaryError, match="is the same name as 'ناتو'"):
        add_entry(folder, Entry("حلف شمال الأطلسي", "Nato", "org", ("الناتو",)))
    assert file.read_bytes() == before

    assert add_entry(folder, Entry("الناتو", "Nato", "org"), replace=True) == "updated"
    assert [(e.arabic, e.english) for e in load_glossary(folder).entries] == [("الناتو", "Nato")]
    assert check(load_glossary(folder)) == []


def test_import_lists_every_clash_and_writes_nothing(tmp_path: Path) -> None:
    folder = glossary(tmp_path, "ناتو,NATO,org,,\nرويترز,Reuters,org,,\n")
    file = folder / "organizations.csv"
    before = file.read_bytes()
    src = tmp_path / "terms.csv"
    src.write_text(
        HEADER
        + "الناتو,Nato,org,,\n"  # the same name as ناتو, other English
        + "رويترز,Reuters news agency,org,,\n"  # a second English form
        + "الكرملين,Kremlin,org,,\n"  # new: fine
        + "كرملين,The Kremlin,org,,\n",  # the same name as the row before it
        encoding="utf-8",
    )
    with pytest.raises(GlossaryClash) as caught:
        import_file(folder, src)
    assert str(caught.value) == (
        f"{src}: 3 entries clash with the glossary {folder}; nothing was imported; "
        "fix them or import with --replace"
    )
    assert caught.value.problems == [
        f"{src}:2: {file}:2: 'الناتو' is the same name as 'ناتو' → 'NATO' (org) once "
        "normalized ('ناتو'); remove it first or use --replace",
        f"{src}:3: {file}:3: 'رويترز' is already in the glossary as 'Reuters' (org); "
        "remove it first or use --replace",
        f"{src}:5: {src}:4: 'كرملين' is the same name as 'الكرملين' → 'Kremlin' (org) once "
        "normalized ('كرملين'); remove it first or use --replace",
    ]
    assert file.read_bytes() == before
    report = import_file(folder, src, replace=True)
    assert (report.added, report.updated, report.unchanged) == (1, 3, 0)
    assert sorted((e.arabic, e.english) for e in load_glossary(folder).entries) == [
        ("الناتو", "Nato"),
        ("رويترز", "Reuters news agency"),
        ("كرملين", "The Kremlin"),
    ]
    assert check(load_glossary(folder)) == []


FORMS = ["ناتو", "الناتو", "حلف الناتو", "رويترز", "الرويترز", "كرملين", "الكرملين"]


@settings(max_examples=60, deadline=None)
@given(
    st.lists(
        st.tuples(st.sampled_from(FORMS), st.sampled_from(["NATO", "Nato", "Reuters"]),
                  st.lists(st.sampled_from(FORMS), max_size=2)),
        min_size=1,
        max_size=8,
    )
)  # fmt: skip
def test_whatever_add_accepts_check_accepts(
    tmp_path_factory: pytest.TempPathFactory, adds: list[tuple[str, str, list[str]]]
) -> None:
    folder = tmp_path_factory.mktemp("g") / "glossary"
    for number, (arabic, english, variants) in enumerate(adds):
        before = {key: e.english for e in _entries(folder) for key in e.names}
        try:
            add_entry(
                folder, Entry(arabic, english, "org", tuple(variants)), replace=number % 2 == 1
            )
        except GlossaryError:
            pass
        assert check(load_glossary(folder)) == []
        # A spelling (as the matcher finds it) is only ever dropped for a name with other
        # English, with --replace.
        after = {key for e in _entries(folder) for key in e.names}
        assert {key for key, was in before.items() if was == english} <= after


def _entries(folder: Path) -> list[Entry]:
    return list(load_glossary(folder).entries) if folder.exists() else []


def test_the_command_prints_each_clash_then_one_error(tmp_path: Path) -> None:
    folder = glossary(tmp_path, "ناتو,NATO,org,,\n")
    src = tmp_path / "terms.csv"
    src.write_text(HEADER + "الناتو,Nato,org,,\nالكرملين,Kremlin,org,,\n", encoding="utf-8")
    done = subprocess.run(
        [sys.executable, "-m", "briefing", "glossary", "import", str(src), "--glossary", str(folder)],
        capture_output=True, text=True, env=dict(os.environ), timeout=120, check=False,
    )  # fmt: skip
    assert done.returncode == 1
    assert done.stderr.splitlines() == [
        f"clash: {src}:2: {folder / 'organizations.csv'}:2: 'الناتو' is the same name as 'ناتو' "
        "→ 'NATO' (org) once normalized ('ناتو'); remove it first or use --replace",
        f"error: {src}: 1 entry clashes with the glossary {folder}; nothing was imported; fix "
        "them or import with --replace",
    ]
    assert "الكرملين" not in (folder / "organizations.csv").read_text(encoding="utf-8")


def test_replace_does_not_give_an_entry_a_spelling_another_same_english_entry_holds(
    tmp_path: Path,
) -> None:
    # Found by the property test above: "حلف الناتو" is its own entry (NATO); replacing
    # "ناتو" with a row that lists it as a variant must not make one name two entries.
    folder = glossary(tmp_path, "ناتو,NATO,org,,\nحلف الناتو,NATO,org,,\n")
    add_entry(folder, Entry("ناتو", "NATO", "org", ("حلف الناتو",)), replace=True)
    assert check(load_glossary(folder)) == []
    names = {name for e in load_glossary(folder).entries for name in (e.arabic, *e.variants)}
    assert {"ناتو", "حلف الناتو"} <= names  # neither spelling is lost


def test_a_replacing_add_does_not_give_a_spelling_another_same_english_entry_holds(
    tmp_path: Path,
) -> None:
    """Found by the property above: 'حلف الناتو' re-added with --replace and the variant
    'ناتو', which is an entry of its own with the same English, made both entries hold it."""
    folder = tmp_path / "glossary"
    add_entry(folder, Entry("ناتو", "NATO", "org"))
    add_entry(folder, Entry("حلف الناتو", "NATO", "org"))
    add_entry(folder, Entry("حلف الناتو", "NATO", "org", ("ناتو",)), replace=True)
    assert check(load_glossary(folder)) == []
    assert {e.arabic for e in load_glossary(folder).entries} == {"ناتو", "حلف الناتو"}
