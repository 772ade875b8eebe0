"""Bad input to the reader: each case is an InputError (or UsageError) naming file and fix."""

from __future__ import annotations

import io
import sys
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from briefing.errors import BriefingError, InputError, UsageError
from briefing.ingest.formats import read_html
from briefing.ingest.reader import DEFAULT_MAX_BYTES, parse_size, read_articles, read_text_bytes
from helpers import data_path

ARTICLE = "عنوان الخبر\nنص الخبر الأول بالعربية.\n"


def _write(name: str, data: bytes) -> Callable[[Path], Path]:
    def make(folder: Path) -> Path:
        path = folder / name
        path.write_bytes(data)
        return path

    return make


def _sparse(folder: Path) -> Path:
    path = folder / "huge.txt"
    with path.open("wb") as handle:  # a sparse file: over the limit without writing 11 MB
        handle.truncate(DEFAULT_MAX_BYTES + 1)
    return path


def _renamed_zip(folder: Path) -> Path:
    path = folder / "report.docx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("notes.txt", "ليس مستند وورد")
    return path


def _empty_folder(folder: Path) -> Path:
    (folder / "only.odt").write_bytes(b"PK\x03\x04")
    return folder


CASES: dict[str, tuple[Callable[[Path], Path], tuple[str, ...]]] = {
    "missing": (lambda d: d / "nope.txt", ("no such file", "check the path")),
    "folder-without-articles": (_empty_folder, ("no article files", ".txt")),
    "empty": (_write("empty.txt", b""), ("empty",)),
    "whitespace": (_write("blank.txt", b" \n\t\r\n  "), ("only whitespace",)),
    "png": (_write("photo.txt", b"\x89PNG\r\n\x1a\n" + bytes(range(256))), ("PNG image",)),
    "pdf": (_write("doc.txt", b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj"), ("PDF document",)),
    "nul-bytes": (_write("nul.txt", "عنوان\x00\x00نص".encode() * 3), ("NUL",)),
    "not-utf8-nor-1256": (
        _write("junk.txt", bytes([0x81, 0xFE, 0x9D, 0xC0, 0xFF, 0x8F, 0x90]) * 40),
        ("encoding", "UTF-8"),
    ),
    "short-utf16-without-bom": (_write("short.txt", "نص".encode("utf-16-le")), ("UTF-16",)),
    "too-big": (_sparse, ("10 MB", "--max-input-size")),
    "jsonl-broken-line": (
        _write("bad.jsonl", b'{"title": "a", "content": "b"}\n{"title": \n'),
        ("line 2", "--on-bad-line skip"),
    ),
    "jsonl-not-objects": (_write("list.jsonl", b"[1, 2]\n"), ("line 1", "JSON object")),
    "json-wrong-shape": (_write("shape.json", b'{"headline": 3}'), ("content",)),
    "json-number": (_write("number.json", b"42"), ("wrong shape",)),
    "json-invalid": (_write("broken.json", b'{"title": '), ("not valid JSON",)),
    "html-without-article": (
        _write(
            "menu.html", "<html><body><nav><a href='/'>الرئيسية</a></nav></body></html>".encode()
        ),
        ("no article text",),
    ),
    "docx-renamed-zip": (_renamed_zip, ("not a Word document",)),
    "docx-not-zip": (_write("text.docx", ARTICLE.encode()), ("not a Word document",)),
    "zip-as-txt": (_write("archive.txt", b"PK\x03\x04" + bytes(40)), ("zip archive",)),
    "unsupported-suffix": (_write("scan.odt", b"PK\x03\x04"), ("unsupported file type",)),
    "pdf-damaged": (_write("scan.pdf", b"%PDF-1.4"), ("a damaged PDF", "print it to PDF again")),
    "only-boilerplate": (_write("ads.txt", b"[ad_1]\n[ad_2]\n"), ("nothing left",)),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_bad_input(case: str, tmp_path: Path) -> None:
    make, fragments = CASES[case]
    path = make(tmp_path)
    with pytest.raises(InputError) as caught:
        read_articles(path)
    message = str(caught.value)
    assert "\n" not in message
    assert str(path) in message
    for fragment in fragments:
        assert fragment in message


def test_limit_is_configurable(tmp_path: Path) -> None:
    path = tmp_path / "article.txt"
    path.write_text(ARTICLE * 100, encoding="utf-8")
    with pytest.raises(InputError, match="over the 1,024 bytes input limit"):
        read_articles(path, max_bytes=1024)
    assert read_articles(path, max_bytes=parse_size("1MB"))


def test_stdin_over_limit(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(ARTICLE.encode() * 50)))
    with pytest.raises(InputError, match="stdin: .* --max-input-size"):
        read_articles("-", max_bytes=100)


def test_bad_options() -> None:
    with pytest.raises(UsageError, match="--on-bad-line"):
        read_articles(data_path("reader-records.jsonl"), on_bad_line="ignore")
    with pytest.raises(UsageError, match="--max-input-size"):
        parse_size("lots")


def test_all_errors_are_briefing_errors() -> None:
    assert issubclass(InputError, BriefingError) and InputError.exit_code == 1


@settings(max_examples=300, deadline=None)
@given(st.binary(max_size=600))
def test_fuzz_bytes_decode_or_input_error(data: bytes) -> None:
    try:
        text = read_text_bytes(data, "fuzz.txt")
    except InputError as exc:
        assert str(exc).startswith("fuzz.txt: ")
    else:
        assert text.strip() and "\x00" not in text


@settings(max_examples=200, deadline=None)
@given(
    st.lists(
        st.sampled_from(
            [
                "<p>",
                "</p>",
                "<div class='nav'>",
                "</div>",
                "<h1>",
                "</h1>",
                "<br>",
                "<script>",
                "<!--",
                "-->",
                "&amp;",
                "&#0;",
                "<?xml version='1.0'?>",
                "نص عربي طويل بما يكفي ليكون فقرة حقيقية في مقال.",
                "\x00",
                "\u202e",
            ]
        ),
        max_size=30,
    )
)
def test_fuzz_html_reads_or_input_error(parts: list[str]) -> None:
    try:
        articles = [read_html("".join(parts), "fuzz.html")]
    except InputError as exc:
        assert str(exc).startswith("fuzz.html: ")
    else:
        for article in articles:
            assert all(p.text.strip() and "\u202e" not in p.text for p in article.paragraphs)
