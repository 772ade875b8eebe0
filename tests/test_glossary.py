"""Glossary files: loading (and refusing), checking, listing, editing, protection spans."""

from __future__ import annotations

from pathlib import Path

import pytest

from briefing.errors import GlossaryError, UsageError
from briefing.glossary.store import (
    Entry,
    Glossary,
    add_entry,
    check,
    check_path,
    filter_entries,
    load_glossary,
    remove_entry,
)
from briefing.protect.protector import span_for, term_spans
from helpers import data_path

HEADER = "arabic,english,kind,variants,note\n"


def write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def test_excel_export_with_bom_semicolons_and_crlf_is_read() -> None:
    glossary = load_glossary(data_path("glossary-excel.csv"))
    assert [(e.arabic, e.english, e.kind) for e in glossary.entries] == [
        ("بوتين", "Putin", "person"),
        ("كييف", "Kyiv", "place"),
        ("بيونغ يانغ", "Pyongyang", "place"),
        ("كلم", "km", "unit"),
    ]
    assert glossary.entries[1].note == "the capital; AP and Reuters spell it Kyiv"
    assert glossary.entries[2].variants == ("بيونج يانج", "بيونغيانغ")
    assert glossary.entries[0].origin.endswith("glossary-excel.csv:2")


def test_folder_merges_every_csv(tmp_path: Path) -> None:
    write(tmp_path / "a.csv", HEADER + "بوتين,Putin,person,,\n")
    write(tmp_path / "b.csv", HEADER + "كييف,Kyiv,place,,\n")
    write(tmp_path / "notes.txt", "not a glossary")
    glossary = load_glossary(tmp_path)
    assert sorted(e.english for e in glossary.entries) == ["Kyiv", "Putin"]


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("arabic,english\nبوتين,Putin\n", "t.csv:1: missing column 'kind'"),
        ("arabic,english,kind,varients\n", "t.csv:1: unknown column 'varients'"),
        (HEADER + "بوتين,Putin,persn,,\n", "t.csv:2: unknown kind 'persn'"),
        (HEADER + "كييف,Kyiv,place,,\nبوتين,,person,,\n", "t.csv:3: empty english"),
        (HEADER + ",Putin,person,,\n", "t.csv:2: empty arabic"),
        (HEADER + "بوتين,Putin,person,,,extra\n", "t.csv:2: 6 cells but the header has 5"),
        (HEADER + "Putin,Putin,person,,\n", "t.csv:2: arabic 'Putin' has no Arabic letters"),
        ("", "t.csv: empty file"),
        # A stray quote swallowing the rows after it, in a name cell and in a note.
        (
            HEADER + 'كييف,Kyiv,place,,\n"بوتين,Putin,person,,\nموسكو,Moscow,place,,\n',
            "t.csv:3: a double quote opens the arabic cell, which swallows the 1 line after it",
        ),
        (
            HEADER + 'كييف,Kyiv,place,,"capital\nبوتين,Putin,person,,\n',
            "t.csv:2: a double quote opens the note cell",
        ),
    ],
)
def test_bad_files_name_file_and_line(tmp_path: Path, content: str, message: str) -> None:
    path = write(tmp_path / "t.csv", content)
    with pytest.raises(GlossaryError) as caught:
        load_glossary(path)
    assert f"{tmp_path}/{message}" in str(caught.value)


def test_a_note_over_two_lines_is_still_a_note(tmp_path: Path) -> None:
    path = write(tmp_path / "t.csv", HEADER + 'كييف,Kyiv,place,,"capital\nof Ukraine"\n')
    assert [e.note for e in load_glossary(path).entries] == ["capital\nof Ukraine"]


def test_not_utf8_and_missing_paths(tmp_path: Path) -> None:
    path = tmp_path / "cp1256.csv"
    path.write_bytes((HEADER + "بوتين,Putin,person,,\n").encode("cp1256"))
    with pytest.raises(GlossaryError, match="not UTF-8.*CSV UTF-8"):
        load_glossary(path)
    with pytest.raises(GlossaryError, match="no such glossary"):
        load_glossary(tmp_path / "missing.csv")
    (tmp_path / "empty").mkdir()
    with pytest.raises(GlossaryError, match="no .csv files"):
        load_glossary(tmp_path / "empty")


def test_check_catches_each_kind_of_problem(tmp_path: Path) -> None:
    write(
        tmp_path / "a.csv",
        HEADER
        + "بوتين,Putin,person,,\n"  # 2
        + "بوتين,Putin,person,,\n"  # 3: duplicate of 2
        + "كييف,Kyiv,place,,\n"  # 4
        + "كييف,Kiev,place,,\n"  # 5: second English for 4
        + "أوكرانيا,Ukraine,place,,\n"  # 6
        + ",Nobody,person,,\n"  # 7: empty arabic
        + "موسكو,,place,,\n"  # 8: empty english
        + "روسيا,Russia,country,,\n",  # 9: bad kind
    )
    write(
        tmp_path / "b.csv",
        HEADER
        + "اوكرانيا,Ukraine,place,,\n"  # 2: same key as a.csv:6
        + "الناتو,NATO,org,,\n"  # 3
        + "حلف شمال الأطلسي,NATO,org,ناتو,\n",  # 4: its variant is NATO's key too
    )
    with pytest.raises(GlossaryError):
        load_glossary(tmp_path)
    problems = check_path(tmp_path)
    a, b = tmp_path / "a.csv", tmp_path / "b.csv"
    expected = [
        f"{a}:7: empty arabic",
        f"{a}:8: empty english",
        f"{a}:9: unknown kind 'country' (use one of person, place, org, unit, term, source)",
        f"{a}:2, {a}:3: duplicate entry 'بوتين' → 'Putin'",
        f"{a}:4, {a}:5: 'كييف' has 2 English forms: 'Kiev' and 'Kyiv'",
        f"{a}:6, {b}:2: 'أوكرانيا' and 'اوكرانيا' are the same name once normalized ('اوكرانيا')",
        f"{b}:3, {b}:4: 'الناتو' and 'حلف شمال الأطلسي' are the same name once normalized ('ناتو')",
    ]
    assert problems == expected


def test_check_of_a_clean_glossary_is_empty() -> None:
    assert check(Glossary([Entry("بوتين", "Putin", "person")])) == []


def test_filter_by_kind_and_search() -> None:
    glossary = Glossary(
        [
            Entry("فلاديمير بوتين", "Vladimir Putin", "person"),
            Entry("بوتين", "Putin", "person"),
            Entry("موسكو", "Moscow", "place", note="capital of Russia"),
            Entry("أوكرانيا", "Ukraine", "place"),
        ]
    )
    assert [e.english for e in filter_entries(glossary, "person")] == ["Putin", "Vladimir Putin"]
    assert [e.english for e in filter_entries(glossary, search="putin")] == [
        "Putin",
        "Vladimir Putin",
    ]
    assert [e.english for e in filter_entries(glossary, search="اوكران")] == ["Ukraine"]
    assert [e.english for e in filter_entries(glossary, "place", "russia")] == ["Moscow"]
    with pytest.raises(UsageError, match="unknown kind 'people'"):
        filter_entries(glossary, "people")


def test_add_writes_sorted_stable_files_and_refuses_clashes(tmp_path: Path) -> None:
    folder = tmp_path / "glossary"
    assert add_entry(folder, Entry("موسكو", "Moscow", "place")) == "added"
    assert add_entry(folder, Entry("بوتين", "Putin", "person", ("پوتين",))) == "added"
    assert add_entry(folder, Entry("أوكرانيا", "Ukraine", "place")) == "added"
    assert add_entry(folder, Entry("أوكرانيا", "Ukraine", "place")) == "unchanged"
    places = (folder / "places.csv").read_bytes()
    assert places == (HEADER + "أوكرانيا,Ukraine,place,,\nموسكو,Moscow,place,,\n").encode()
    assert (folder / "people.csv").read_text(encoding="utf-8") == (
        HEADER + "بوتين,Putin,person,پوتين,\n"
    )
    with pytest.raises(GlossaryError, match="already in the glossary as 'Ukraine'"):
        add_entry(folder, Entry("اوكرانيا", "the Ukraine", "place"))
    assert add_entry(folder, Entry("اوكرانيا", "Ukraine", "place"), replace=True) == "updated"
    with pytest.raises(GlossaryError, match="unknown kind"):
        add_entry(folder, Entry("كييف", "Kyiv", "city"))
    assert not list(folder.glob("*.tmp"))


def test_add_to_a_single_file_and_remove(tmp_path: Path) -> None:
    path = tmp_path / "names.csv"
    add_entry(path, Entry("كييف", "Kyiv", "place"))
    add_entry(path, Entry("بوتين", "Putin", "person"))
    removed = remove_entry(path, "كِييف")
    assert [e.english for e in removed] == ["Kyiv"]
    assert [e.english for e in load_glossary(path).entries] == ["Putin"]
    with pytest.raises(GlossaryError, match="no entry 'كييف'"):
        remove_entry(path, "كييف")
    with pytest.raises(GlossaryError, match="no such glossary"):
        remove_entry(tmp_path / "other.csv", "كييف")


def test_remove_leaves_other_files_untouched(tmp_path: Path) -> None:
    write(tmp_path / "a.csv", HEADER + "بوتين,Putin,person,,\n")
    untouched = "arabic,english,kind\r\nكييف,Kyiv,place\r\n"
    (tmp_path / "b.csv").write_bytes(untouched.encode())
    remove_entry(tmp_path, "بوتين")
    assert (tmp_path / "b.csv").read_bytes() == untouched.encode()
    assert (tmp_path / "a.csv").read_text(encoding="utf-8") == HEADER


def test_digest_depends_on_content_not_order() -> None:
    one = Entry("بوتين", "Putin", "person")
    two = Entry("كييف", "Kyiv", "place")
    assert Glossary([one, two]).digest() == Glossary([two, one]).digest()
    assert Glossary([one]).digest() != Glossary([one, two]).digest()
    assert len(Glossary([one]).digest()) == 64


def test_span_for_takes_the_article_and_renders_clitics() -> None:
    glossary = Glossary([Entry("بوتين", "Putin", "person"), Entry("الناتو", "NATO", "org")])
    text = "ولبوتين رسالة إلى الناتو وللناتو"
    spans = term_spans(glossary, text)
    assert [(s.source, s.english) for s in spans] == [
        ("ولبوتين", "and to Putin"),
        ("الناتو", "NATO"),
        ("وللناتو", "and to NATO"),
    ]
    bare = [span_for(t, clitics=False) for t in glossary.find(text)]
    assert [(s.source, s.english) for s in bare] == [
        ("بوتين", "Putin"),
        ("الناتو", "NATO"),
        ("لناتو", "NATO"),
    ]
    assert all(text[s.start : s.end] == s.source for s in spans + bare)


# -- edits through symlinks ----------------------------------------------------------------


def _add(glossary: Path, arabic: str, english: str) -> None:
    import subprocess
    import sys

    done = subprocess.run(
        [sys.executable, "-m", "briefing", "glossary", "add", arabic, english,
         "--kind", "place", "--glossary", str(glossary)],
        capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr


@pytest.mark.parametrize("layout", ["file", "file-in-folder"])
def test_an_edit_through_a_symlink_changes_the_target_and_keeps_the_link(
    tmp_path: Path, layout: str
) -> None:
    shared = tmp_path / "shared" / "places.csv"
    shared.parent.mkdir()
    shared.write_text(HEADER + "القاهرة,Cairo,place,,\n", encoding="utf-8")
    workspace = tmp_path / "workspace" / "glossary"
    workspace.mkdir(parents=True)
    link = workspace / "places.csv"
    link.symlink_to(shared)
    _add(link if layout == "file" else workspace, "بيونغ يانغ", "Pyongyang")
    assert link.is_symlink() and link.resolve() == shared
    assert [e.english for e in load_glossary(shared).entries] == ["Cairo", "Pyongyang"]
    assert [p.name for p in workspace.iterdir() if not p.name.startswith(".")] == ["places.csv"]
