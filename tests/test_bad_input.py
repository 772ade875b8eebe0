"""The bad-input catalogue: every way a user's files or options can be wrong, run through
the real command line in a subprocess.

Each case must end with exit code 1 (bad input) or 2 (bad usage), one line on stderr that
names the file (or option) and says how to fix it, no traceback, nothing on stdout, and the
output folder exactly as it was: no new file, no temp file, a previous output unchanged.
Inputs that look bad but are fine (an Excel glossary export, UTF-16 without a BOM, a
200,000-character line) are checked to succeed at the end.
"""

from __future__ import annotations

import codecs
import contextlib
import json
import os
import random
import shutil
import socket
import subprocess
import sys
import threading
import time
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from helpers import DEMO_ID, ROOT, STANDIN_ID, STANDIN_MODEL, make_unwritable

ARTICLE = (
    "وزير الدفاع يزور القاهرة\n"
    "وصل وزير الدفاع إلى القاهرة يوم الاثنين في زيارة رسمية.\n"
    "وقال الوزير إن المحادثات مع المسؤولين كانت مثمرة.\n"
)
PREVIOUS = b"the previous briefing, which must survive\n"
GLOSSARY_HEADER = "arabic,english,kind,variants,note\n"


@dataclass
class Case:
    args: list[str]
    code: int
    names: str  # the file or option the message must name
    fix: tuple[str, ...]  # words of the message that say what is wrong or how to fix it
    watch: Path | None = None  # a folder that must be left exactly as it was
    cleanup: list[Callable[[], None]] = field(default_factory=list)
    stdout: str = "capture"  # or "full" (/dev/full), "pipe-closed", "fd-closed"
    env: dict[str, str] = field(default_factory=dict)  # e.g. package folders of its own


CASES: dict[str, Callable[[Path], Case]] = {}


def case(name: str) -> Callable[[Callable[[Path], Case]], Callable[[Path], Case]]:
    def register(builder: Callable[[Path], Case]) -> Callable[[Path], Case]:
        CASES[name] = builder
        return builder

    return register


def write(path: Path, data: bytes | str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(data, str):
        data = data.encode("utf-8")
    path.write_bytes(data)
    return path


def article(folder: Path, name: str = "article.txt") -> Path:
    return write(folder / name, ARTICLE)


def output(folder: Path, name: str = "briefing.json", previous: bool = True) -> Path:
    """An output path in its own folder, with a previous output in it when ``previous``."""
    path = folder / "out" / name
    path.parent.mkdir(parents=True, exist_ok=True)
    if previous:
        path.write_bytes(PREVIOUS)
    return path


def build(
    inputs: list[Path | str],
    out: Path,
    *extra: str,
    code: int = 1,
    names: str | Path,
    fix: tuple[str, ...],
    force: bool = True,
) -> Case:
    args = ["build", *map(str, inputs), "-o", str(out), "--model", DEMO_ID, *extra]
    if force:
        args.append("--force")
    return Case(args, code, str(names), fix, watch=out.parent)


def bad_file(name: str, data: bytes, *fix: str) -> Callable[[Path], Case]:
    def builder(folder: Path) -> Case:
        path = write(folder / "in" / name, data)
        return build([path], output(folder), names=path, fix=fix)

    return builder


# -- articles ---------------------------------------------------------------------------------


@case("missing-file")
def _missing(folder: Path) -> Case:
    path = folder / "in" / "no-such-article.txt"
    return build([path], output(folder), names=path, fix=("no such file", "check the path"))


@case("folder-without-articles")
def _no_articles(folder: Path) -> Case:
    write(folder / "in" / "scan.odt", b"PK\x03\x04")
    write(folder / "in" / "photo.gif", b"GIF89a")
    write(folder / "in" / ".hidden.txt", ARTICLE)
    path = folder / "in"
    return build([path], output(folder), names=path, fix=("no article files", "supported: .txt"))


CASES["empty-file"] = bad_file("empty.txt", b"", "empty", "put the article text in it")
CASES["only-whitespace"] = bad_file(
    "blank.txt", " \n\t\r\n\u00a0\n".encode(), "only whitespace", "put the article text in it"
)
CASES["png-renamed-txt"] = bad_file(
    "photo.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(200), "PNG image", "as text"
)
CASES["pdf-renamed-txt"] = bad_file(
    "report.txt", b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< >>\nendobj\n", "PDF", "as text"
)
# Bytes no text encoding explains: not UTF-8, and charset-normalizer finds no Arabic code page.
CASES["not-utf8-nor-windows-1256"] = bad_file(
    "garbled.txt",
    bytes(random.Random(5).choice(range(0x80, 0x100)) for _ in range(600)),
    "encoding",
    "save it as UTF-8",
)
# Two Arabic letters in UTF-16 without a BOM: too short for any detector (a whole article
# in UTF-16 without a BOM is read: see test_utf16_without_bom_is_read below).
CASES["utf16-without-bom-undetectable"] = bad_file(
    "short.txt", "نص".encode("utf-16-le"), "UTF-16 without a byte-order mark", "save it as UTF-8"
)
CASES["nul-bytes"] = bad_file(
    "nul.txt", ARTICLE.encode() + b"\x00\x00\x00" + ARTICLE.encode(), "NUL", "UTF-8"
)


@case("over-50mb")
def _too_big(folder: Path) -> Case:
    path = folder / "in" / "huge.txt"
    path.parent.mkdir()
    with path.open("wb") as handle:  # sparse: 50 MB on paper, nothing written to disk
        handle.truncate(50 * 1024 * 1024)
    return build([path], output(folder), names=path, fix=("10 MB", "--max-input-size"))


@case("over-configured-limit")
def _over_limit(folder: Path) -> Case:
    path = write(folder / "in" / "long.txt", ARTICLE * 8000)  # about 1.3 MB
    return build(
        [path],
        output(folder),
        "--max-input-size",
        "1",
        names=path,
        fix=("1 MB input limit", "--max-input-size"),
    )


@case("input-dev-zero")
def _dev_zero(folder: Path) -> Case:
    # stat() says 0 bytes for a device or a pipe: only reading can tell it is too big.
    path = Path("/dev/zero")
    made = build([path], output(folder), names=path, fix=("10 MB input limit", "--max-input-size"))
    return made


@case("input-fifo-over-the-limit")
def _fifo_over(folder: Path) -> Case:
    path = folder / "in" / "pipe.txt"
    path.parent.mkdir()
    os.mkfifo(path)
    writer = subprocess.Popen(["sh", "-c", f"yes 'نص الخبر' | head -c 3000000 > '{path}'"])
    made = build([path], output(folder), "--max-input-size", "1", names=path,
                 fix=("1 MB input limit", "--max-input-size"))  # fmt: skip
    made.cleanup.append(lambda: (writer.kill(), writer.wait()) and None)
    return made


CASES["jsonl-broken-line"] = bad_file(
    "records.jsonl",
    (
        json.dumps({"title": "خبر أول", "content": "نص الخبر الأول."}, ensure_ascii=False)
        + "\n"
        + json.dumps({"title": "خبر ثان", "content": "نص الخبر الثاني."}, ensure_ascii=False)
        + '\n{"title": "خبر ثالث", "content": \n'
    ).encode(),
    "line 3",
    "--on-bad-line skip",
)
CASES["json-wrong-shape"] = bad_file(
    "records.json",
    json.dumps({"headline": "خبر", "body": "نص"}, ensure_ascii=False).encode(),
    "'content' is missing",
    "--on-bad-line skip",
)
CASES["json-list-of-numbers"] = bad_file("numbers.json", b"[1, 2, 3]", "record 1", "JSON object")
CASES["json-nested-too-deeply"] = bad_file("deep.json", b"[" * 100_000, "nested too deeply")
CASES["html-without-article-text"] = bad_file(
    "menu.html",
    (
        "<html><head><title>الرئيسية</title><script>var a = '<p>نص</p>';</script></head>"
        "<body><nav><ul><li><a href='/'>الرئيسية</a></li><li>أخبار</li></ul></nav>"
        "<div class='ad-banner'><p>إعلان طويل جدا يشغل مساحة كبيرة من الصفحة الرئيسية.</p></div>"
        "<footer><p>جميع الحقوق محفوظة</p></footer></body></html>"
    ).encode(),
    "no article text",
    "paste its text into a .txt file",
)


@case("docx-that-is-a-renamed-zip")
def _renamed_zip(folder: Path) -> Case:
    path = folder / "in" / "report.docx"
    path.parent.mkdir()
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("article.txt", ARTICLE)
        archive.writestr("photo.jpg", b"\xff\xd8\xff" + bytes(100))
    return build([path], output(folder), names=path, fix=("not a Word document", "save it"))


def damaged_docx(path: Path, part: str, change: Callable[[bytes], bytes]) -> Path:
    """A copy of the default template with one part of the package damaged."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(ROOT / "templates" / "briefing.docx") as source:
        with zipfile.ZipFile(path, "w") as target:
            for item in source.infolist():
                data = source.read(item)
                target.writestr(item, change(data) if item.filename == part else data)
    return path


@case("docx-with-truncated-xml")
def _docx_broken_xml(folder: Path) -> Case:
    path = damaged_docx(folder / "in" / "cut.docx", "word/document.xml", lambda d: d[: len(d) // 2])
    return build([path], output(folder), names=path, fix=("damaged Word document", "save it"))


CASES["docx-that-is-text"] = bad_file(
    "article.docx", ARTICLE.encode(), "not a Word document (not a zip archive)", "save it"
)
CASES["unsupported-file-type"] = bad_file("scan.odt", b"PK\x03\x04", "unsupported file type")
CASES["pdf-damaged"] = bad_file(
    "scan.pdf", b"%PDF-1.4\n", "a damaged PDF", "save or print it to PDF again"
)
CASES["pdf-that-is-text"] = bad_file("statement.pdf", ARTICLE.encode(), "a damaged PDF")
CASES["only-page-furniture"] = bad_file(
    "ads.txt", "[ad_1]\nاقرأ المزيد\n[ad_2]\n".encode(), "nothing left", "check the file"
)


@case("stdin-empty")
def _stdin_empty(folder: Path) -> Case:
    out = output(folder, "english.txt")
    args = ["translate", "-", "-o", str(out), "--force", "--model", DEMO_ID]
    return Case(args, 1, "stdin", ("empty",), watch=out.parent)


# -- glossary ---------------------------------------------------------------------------------


def glossary_case(name: str, data: bytes, *fix: str) -> Callable[[Path], Case]:
    def builder(folder: Path) -> Case:
        path = write(folder / "glossary" / name, data)
        return build([article(folder / "in")], output(folder), "--glossary", str(path),
                     names=path, fix=fix)  # fmt: skip

    return builder


CASES["glossary-missing-column"] = glossary_case(
    "places.csv", "arabic,english\nالقاهرة,Cairo\n".encode(), ":1", "missing column 'kind'"
)
CASES["glossary-unknown-kind"] = glossary_case(
    "places.csv",
    (GLOSSARY_HEADER + "القاهرة,Cairo,place,,\nالنيل,Nile,river,,\n").encode(),
    ":3",
    "unknown kind 'river'",
    "use one of person",
)
# Excel's plain "CSV" (not "CSV UTF-8") on an Arabic Windows: Windows-1256, ';' and CRLF.
CASES["glossary-excel-ansi-export"] = glossary_case(
    "excel.csv",
    "arabic;english;kind\r\nالقاهرة;Cairo;place\r\n".encode("cp1256"),
    "not UTF-8",
    "save it as 'CSV UTF-8'",
)


@case("glossary-file-missing")
def _glossary_missing(folder: Path) -> Case:
    path = folder / "glossary" / "nope.csv"
    return build([article(folder / "in")], output(folder), "--glossary", str(path),
                 names=path, fix=("no such glossary", "--glossary"))  # fmt: skip


def import_case(name: str, text: str, *fix: str) -> Callable[[Path], Case]:
    """``glossary import`` of a hostile file: refused, the glossary left as it was."""

    def builder(folder: Path) -> Case:
        target = write(
            folder / "glossary" / "places.csv", GLOSSARY_HEADER + "القاهرة,Cairo,place,,\n"
        )
        src = write(folder / "import" / name, text)
        args = ["glossary", "import", str(src), "--glossary", str(target)]
        return Case(args, 1, str(src), fix, watch=target.parent)

    return builder


BILLION_LAUGHS = """<?xml version="1.0"?>
<!DOCTYPE martif [
  <!ENTITY lol "lol">
  <!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
  <!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">
  <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
  <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
  <!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">
  <!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;">
  <!ENTITY lol7 "&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;">
  <!ENTITY lol8 "&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;">
  <!ENTITY lol9 "&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;">
]>
<martif type="TBX"><text><body><termEntry>
  <langSet xml:lang="ar"><tig><term>&lol9;</term></tig></langSet>
  <langSet xml:lang="en"><tig><term>Laughs</term></tig></langSet>
</termEntry></body></text></martif>
"""
# The entity points at a file beside the glossary: if it were expanded, its text would show up.
EXTERNAL_ENTITY = """<?xml version="1.0"?>
<!DOCTYPE martif [ <!ENTITY secret SYSTEM "file://{secret}"> ]>
<martif type="TBX"><text><body><termEntry>
  <langSet xml:lang="ar"><tig><term>سر</term></tig></langSet>
  <langSet xml:lang="en"><tig><term>&secret;</term></tig></langSet>
</termEntry></body></text></martif>
"""
CASES["tbx-billion-laughs"] = import_case(
    "bomb.tbx", BILLION_LAUGHS, "refused", "EntitiesForbidden", "export it again"
)


@case("tbx-external-entity")
def _external_entity(folder: Path) -> Case:
    secret = write(folder / "secret.txt", "SECRET-VALUE-42")
    made = import_case("external.tbx", EXTERNAL_ENTITY.format(secret=secret), "refused")(folder)
    # Not expanded (the refusal) and not fetched: the secret is nowhere in the message.
    made.fix = (*made.fix, "DTD", "export it again")
    return made


# A double quote that opens the arabic cell of line 3 and is never closed: the cell runs on
# through every later row (about 200 KB of them), past the CSV reader's 128 KB cell limit.
STRAY_QUOTE = (
    GLOSSARY_HEADER
    + "القاهرة,Cairo,place,,\n"
    + '"النيل,Nile,place,,\n'
    + "".join(f"مدينة {n},Town {n},place,,\n" for n in range(8000))
)
# One note of 140,000 characters: over the CSV reader's cell limit by itself.
LONG_CELL = GLOSSARY_HEADER + "القاهرة,Cairo,place,," + "ملاحظة " * 20_000 + "\n"
GLOSSARY_PROBLEMS = {
    "stray-quote": (STRAY_QUOTE, ":3", "double quote", "remove it or close it"),
    "cell-over-128kb": (LONG_CELL, ":2", "longer than 131,072 characters"),
}


def glossary_command(command: str, glossary: Path, folder: Path) -> list[str]:
    """The arguments of ``command`` loading the glossary file ``glossary``."""
    where = ["--glossary", str(glossary)]
    text = str(article(folder / "in"))
    out = str(output(folder))
    return {
        "build": ["build", text, "-o", out, "--force", "--model", DEMO_ID, *where],
        "translate": ["translate", text, "-o", out, "--force", "--model", DEMO_ID, *where],
        "list": ["glossary", "list", *where],
        "add": ["glossary", "add", "النيل", "Nile", "--kind", "place", *where],
        "remove": ["glossary", "remove", "القاهرة", *where],
        "import-into": [
            "glossary",
            "import",
            str(write(folder / "import" / "new.csv", GLOSSARY_HEADER + "النيل,Nile,place,,\n")),
            *where,
        ],  # fmt: skip
        "export": ["glossary", "export", *where],
        "check": ["glossary", "check", *where],
        "scan": ["glossary", "scan", text, *where],
    }[command]


def broken_glossary_case(problem: str, command: str) -> Callable[[Path], Case]:
    def builder(folder: Path) -> Case:
        text, line, *fix = GLOSSARY_PROBLEMS[problem]
        path = write(folder / "glossary" / "places.csv", text)
        args = glossary_command(command, path, folder)
        return Case(args, 1, f"{path}{line}", tuple(fix), watch=path.parent)

    return builder


for _problem in GLOSSARY_PROBLEMS:
    for _command in ("build", "translate", "list", "add", "remove", "import-into", "export",
                     "check", "scan"):  # fmt: skip
        CASES[f"glossary-{_problem}-{_command}"] = broken_glossary_case(_problem, _command)


@case("glossary-stray-quote-import-from")
def _import_stray_quote(folder: Path) -> Case:
    made = import_case("new.csv", STRAY_QUOTE, "double quote", "remove it or close it")(folder)
    made.names += ":3"
    return made


@case("glossary-add-to-a-read-only-folder")
def _add_read_only_folder(folder: Path) -> Case:
    target = write(folder / "glossary" / "places.csv", GLOSSARY_HEADER + "القاهرة,Cairo,place,,\n")
    args = ["glossary", "add", "النيل", "Nile", "--kind", "place", "--glossary", str(target.parent)]
    made = Case(args, 1, str(target.parent), ("not writable", "--glossary"), watch=target.parent)
    undo = make_unwritable(target.parent)
    if undo is None:
        raise RuntimeError(f"cannot make {target.parent} unwritable on this machine")
    made.cleanup.append(undo)
    return made


def dangling_glossary(folder: Path) -> Path:
    link = folder / "glossary" / "places.csv"
    link.parent.mkdir(parents=True)
    link.symlink_to(folder / "moved-away" / "places.csv")
    return link


@case("glossary-add-to-a-dangling-symlink")
def _add_dangling(folder: Path) -> Case:
    link = dangling_glossary(folder)
    args = ["glossary", "add", "النيل", "Nile", "--kind", "place", "--glossary", str(link)]
    return Case(args, 1, str(link), ("moved-away", "does not exist", "fix the link"),
                watch=folder)  # fmt: skip


@case("glossary-build-with-a-dangling-symlink")
def _build_dangling(folder: Path) -> Case:
    link = dangling_glossary(folder)
    return build([article(folder / "in")], output(folder), "--glossary", str(link),
                 names=link, fix=("moved-away", "does not exist", "fix the link"))  # fmt: skip


# -- templates --------------------------------------------------------------------------------


@case("template-not-a-docx")
def _template_not_docx(folder: Path) -> Case:
    template = write(folder / "tpl" / "mine.docx", "{{ title }} is not a Word file")
    out = output(folder, "briefing.docx")
    return build([article(folder / "in")], out, "--template", str(template),
                 names=template, fix=("not a Word .docx template", "save it"))  # fmt: skip


@case("template-jinja-syntax-error")
def _template_syntax(folder: Path) -> Case:
    # An unclosed bracket in the template's first tag.
    template = damaged_docx(
        folder / "tpl" / "broken.docx", "word/document.xml", lambda d: d.replace(b"{{", b"{{ (", 1)
    )
    out = output(folder, "briefing.docx")
    return build([article(folder / "in")], out, "--template", str(template),
                 names=template, fix=("Jinja syntax error in the paragraph", "fix it in Word"))  # fmt: skip


@case("template-damaged-package")
def _template_damaged(folder: Path) -> Case:
    template = damaged_docx(
        folder / "tpl" / "odd.docx", "[Content_Types].xml", lambda d: b"<Types/>"
    )
    out = output(folder, "briefing.docx")
    return build([article(folder / "in")], out, "--template", str(template),
                 names=template, fix=("damaged", "fix it in Word"))  # fmt: skip


@case("html-template-jinja-syntax-error")
def _html_template_syntax(folder: Path) -> Case:
    templates = folder / "tpl"
    shutil.copytree(ROOT / "templates", templates)
    path = templates / "briefing.html.j2"
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    lines.insert(4, "{% if meta.title %}\n")  # never closed
    path.write_text("".join(lines), encoding="utf-8")
    out = output(folder, "briefing.html")
    return build([article(folder / "in")], out, "--template", str(templates),
                 names=f"{path}:", fix=("Jinja syntax error", "fix that line"))  # fmt: skip


# -- outputs ----------------------------------------------------------------------------------


@case("output-folder-missing")
def _no_out_folder(folder: Path) -> Case:
    out = folder / "missing" / "briefing.json"
    made = build([article(folder / "in")], out, names=out, fix=("does not exist", "create it"))
    made.watch = folder
    return made


@case("output-folder-not-writable")
def _out_not_writable(folder: Path) -> Case:
    out = output(folder)
    made = build(
        [article(folder / "in")], out, names=out, fix=("not writable", "choose another -o")
    )
    undo = make_unwritable(out.parent)
    if undo is None:  # root on a file system without chattr: the case below still runs
        raise RuntimeError(f"cannot make {out.parent} unwritable on this machine")
    made.cleanup.append(undo)
    return made


@case("output-on-a-read-only-filesystem")
def _out_sysfs(folder: Path) -> Case:
    # sysfs refuses new files to everyone, root included, though access() may say yes.
    out = Path("/sys/briefing-test-output.json")
    made = build([article(folder / "in")], out, names=out, fix=("choose another -o",))
    made.watch = None
    return made


@case("output-is-an-input")
def _out_is_input(folder: Path) -> Case:
    path = write(folder / "out" / "records.jsonl", json.dumps({"title": "خبر", "content": "نص."}))
    return build([path], path.with_suffix(".jsonl"), "--format", "json",
                 names=path, fix=("is also an input", "another file"))  # fmt: skip


@case("output-exists-without-force")
def _exists(folder: Path) -> Case:
    out = output(folder)
    return build([article(folder / "in")], out, names=out, fix=("already exists", "--force"),
                 force=False)  # fmt: skip


@case("output-is-a-folder")
def _out_folder(folder: Path) -> Case:
    out = output(folder, previous=False).parent / "sub.json"
    out.mkdir()
    return build([article(folder / "in")], out, names=out, fix=("is a folder", "-o"))


@case("output-is-a-socket")
def _out_socket(folder: Path) -> Case:
    import socket

    out = output(folder, previous=False).parent / "briefing.json"
    listener = socket.socket(socket.AF_UNIX)
    listener.bind(str(out))
    made = build([article(folder / "in")], out, names=out,
                 fix=("not a file", "choose another -o"))  # fmt: skip
    made.cleanup.append(listener.close)
    return made


@case("output-suffix-unknown")
def _suffix(folder: Path) -> Case:
    out = output(folder, "briefing.pdf", previous=False)
    return build([article(folder / "in")], out, code=2, names=out,
                 fix=("cannot tell the format", "--format"))  # fmt: skip


# -- options ----------------------------------------------------------------------------------


@case("option-on-bad-line-unknown")
def _on_bad_line(folder: Path) -> Case:
    return build([article(folder / "in")], output(folder), "--on-bad-line", "ignore", code=2,
                 names="--on-bad-line", fix=("'ignore' is not a choice; use one of stop, skip", "--help"))  # fmt: skip


@case("option-max-input-size-zero")
def _max_size(folder: Path) -> Case:
    return build([article(folder / "in")], output(folder), "--max-input-size", "0", code=2,
                 names="--max-input-size", fix=("--max-input-size takes a whole number, 1 or more", "--help"))  # fmt: skip


@case("option-output-missing")
def _no_output(folder: Path) -> Case:
    path = article(folder / "in")
    return Case(["build", str(path), "--model", DEMO_ID], 2, "--output", ("Missing option",))


@case("model-unknown")
def _model(folder: Path) -> Case:
    made = build([article(folder / "in")], output(folder), names="no-such-model",
                 fix=("no model is called", DEMO_ID))  # fmt: skip
    made.args[made.args.index(DEMO_ID)] = "no-such-model"
    return made


# -- models: refused before anything is written (issue 17) -----------------------------------

REPLICA = ROOT / "tests" / "models" / "replicas" / "opus-mt-ct2"


def model_homes(folder: Path) -> dict[str, str]:
    """Package and model folders of the case's own, the stand-in installed as a package."""
    argos = folder / "homes" / "argos"
    with zipfile.ZipFile(STANDIN_MODEL) as archive:
        archive.extractall(argos)
    return {
        "ARGOS_PACKAGES_DIR": str(argos),
        "BRIEFING_MODELS_DIR": str(folder / "homes" / "models"),
        "BRIEFING_CACHE_DIR": str(folder / "homes" / "cache"),
    }


@case("model-install-package-of-another-language-pair")
def _other_pair(folder: Path) -> Case:
    env = model_homes(folder)
    path = folder / "in" / "standin-en_fr.argosmodel"
    path.parent.mkdir(parents=True)
    with zipfile.ZipFile(STANDIN_MODEL) as old, zipfile.ZipFile(path, "w") as new:
        for info in old.infolist():
            data = old.read(info)
            if info.filename.endswith("/metadata.json"):
                data = json.dumps({**json.loads(data), "from_code": "en", "to_code": "fr"}).encode()
            new.writestr(info, data)
    args = ["model", "install", "--file", str(path)]
    return Case(args, 1, str(path), ("en→fr", "only Arabic→English"),
                watch=folder / "homes", env=env)  # fmt: skip


@case("model-install-folder-of-another-language-pair")
def _other_pair_folder(folder: Path) -> Case:
    env = model_homes(folder)
    path = folder / "in" / "opus-mt-en-fr"
    shutil.copytree(REPLICA, path)
    write(path / "tokenizer_config.json", json.dumps({"source_lang": "en", "target_lang": "fr"}))
    args = ["model", "install", "--file", str(path)]
    return Case(args, 1, str(path), ("en→fr", "only Arabic→English"),
                watch=folder / "homes", env=env)  # fmt: skip


@case("model-install-folder-with-a-vocabulary-without-arabic")
def _no_arabic_vocabulary(folder: Path) -> Case:
    env = model_homes(folder)
    path = folder / "in" / "opus-mt-en-de"
    shutil.copytree(REPLICA, path)
    latin = [f"▁word{n}" for n in range(2000)]
    write(path / "source_vocabulary.json", json.dumps(["<unk>", "<s>", "</s>", *latin]))
    args = ["model", "install", "--file", str(path)]
    return Case(args, 1, str(path), ("no Arabic", "only Arabic→English"),
                watch=folder / "homes", env=env)  # fmt: skip


@case("model-of-another-language-pair-given-to-model")
def _other_pair_in_use(folder: Path) -> Case:
    env = model_homes(folder)  # then an en→fr package, installed by argospm, say
    package = Path(env["ARGOS_PACKAGES_DIR"]) / STANDIN_ID
    meta = json.loads((package / "metadata.json").read_text(encoding="utf-8"))
    write(package / "metadata.json", json.dumps({**meta, "from_code": "en", "to_code": "fr"}))
    made = build([article(folder / "in")], output(folder), names=f"model '{STANDIN_ID}'",
                 fix=("en→fr", "only Arabic→English"))  # fmt: skip
    made.args[made.args.index(DEMO_ID)] = STANDIN_ID
    made.env = env
    return made


@case("model-install-folder-under-an-argos-package-id")
def _id_taken(folder: Path) -> Case:
    env = model_homes(folder)
    args = ["model", "install", "--file", str(REPLICA), "--id", STANDIN_ID]
    return Case(args, 1, STANDIN_ID, ("already the id", "another --id"),
                watch=folder / "homes", env=env)  # fmt: skip


@case("model-install-package-over-a-converted-model-id")
def _id_taken_by_folder(folder: Path) -> Case:
    env = model_homes(folder)
    shutil.rmtree(Path(env["ARGOS_PACKAGES_DIR"]))
    converted = Path(env["BRIEFING_MODELS_DIR"]) / STANDIN_ID
    shutil.copytree(REPLICA, converted)
    write(converted / "briefing-model.json", json.dumps({"family": "opus-mt", "from_code": "ar",
                                                         "to_code": "en"}))  # fmt: skip
    args = ["model", "install", "--file", str(STANDIN_MODEL)]
    return Case(args, 1, STANDIN_ID, ("already the id", "model remove"),
                watch=folder / "homes", env=env)  # fmt: skip


@case("glossary-add-unknown-kind")
def _add_kind(folder: Path) -> Case:
    target = write(folder / "glossary" / "places.csv", GLOSSARY_HEADER)
    args = ["glossary", "add", "النيل", "Nile", "--kind", "river", "--glossary", str(target)]
    return Case(
        args,
        2,
        "--kind",
        ("'river' is not a choice; use one of person, place, org, unit, term, source",),
        watch=target.parent,
    )


@case("glossary-add-english-in-arabic-column")
def _add_script(folder: Path) -> Case:
    target = write(folder / "glossary" / "places.csv", GLOSSARY_HEADER)
    args = ["glossary", "add", "Nile", "النيل", "--kind", "place", "--glossary", str(target)]
    return Case(args, 1, str(target), ("has no Arabic letters",), watch=target.parent)


@case("glossary-add-same-name-once-normalized")
def _add_clash(folder: Path) -> Case:
    target = write(folder / "glossary" / "organizations.csv", GLOSSARY_HEADER + "ناتو,NATO,org,,\n")
    args = ["glossary", "add", "الناتو", "Nato", "--kind", "org", "--glossary", str(target.parent)]
    # Not watched: the lock file of the refused edit may stay (test_glossary_consistency
    # checks that the glossary's bytes are unchanged).
    return Case(args, 1, str(target), ("is the same name as 'ناتو'", "--replace"))


@case("glossary-edit-the-packaged-glossary")
def _add_packaged(folder: Path) -> Case:
    from briefing.workspace import packaged_defaults

    packaged = packaged_defaults() / "glossary"
    args = ["glossary", "add", "النيل", "Nile", "--kind", "place", "--glossary", str(packaged)]
    return Case(args, 1, str(packaged), ("never edited", "leave out --glossary"), watch=packaged)


@case("glossary-add-to-a-read-only-file")
def _add_read_only(folder: Path) -> Case:
    target = write(folder / "glossary" / "places.csv", GLOSSARY_HEADER + "القاهرة,Cairo,place,,\n")
    target.chmod(0o444)  # read-only by its mode: refused even to root, who could write it
    args = ["glossary", "add", "النيل", "Nile", "--kind", "place", "--glossary", str(target)]
    made = Case(args, 1, str(target), ("read-only", "chmod"), watch=target.parent)
    made.cleanup.append(lambda: target.chmod(0o644))
    return made


# -- standard output that cannot be written ------------------------------------------------------


def stdout_case(command: str, stdout: str) -> Callable[[Path], Case]:
    def builder(folder: Path) -> Case:
        path = write(
            folder / "glossary" / "places.csv", GLOSSARY_HEADER + "القاهرة,Cairo,place,,\n"
        )
        args = {
            # -q: the demo model's warning is not the line under test
            "translate": ["-q", "translate", str(article(folder / "in")), "--model", DEMO_ID,
                          "--glossary", str(path)],
            "glossary-list": ["glossary", "list", "--glossary", str(path)],
            "glossary-export": ["glossary", "export", "--glossary", str(path)],
        }[command]  # fmt: skip
        fix = {"full": ("No space left", "-o"), "pipe-closed": ("closed", "-o"),
               "fd-closed": ("closed", "-o")}[stdout]  # fmt: skip
        return Case(args, 1, "stdout", fix, watch=folder, stdout=stdout)

    return builder


for _command, _stdouts in {
    "translate": ("full", "pipe-closed", "fd-closed"),
    "glossary-list": ("full", "fd-closed"),
    "glossary-export": ("full", "pipe-closed"),
}.items():
    for _stdout in _stdouts:
        CASES[f"stdout-{_stdout}-{_command}"] = stdout_case(_command, _stdout)


# -- init ----------------------------------------------------------------------------------------


@case("init-onto-a-file")
def _init_file(folder: Path) -> Case:
    path = write(folder / "work" / "notes.txt", "my notes")
    return Case(["init", str(path)], 1, str(path), ("not a folder", "choose"), watch=path.parent)


@case("init-under-a-read-only-folder")
def _init_read_only(folder: Path) -> Case:
    parent = folder / "work"
    parent.mkdir()
    made = Case(["init", str(parent / "ws")], 1, str(parent / "ws"),
                ("not writable", "choose"), watch=parent)  # fmt: skip
    undo = make_unwritable(parent)
    if undo is None:
        raise RuntimeError(f"cannot make {parent} unwritable on this machine")
    made.cleanup.append(undo)
    return made


@case("init-where-articles-is-a-file")
def _init_articles_file(folder: Path) -> Case:
    workspace = folder / "ws"
    articles = write(workspace / "articles", "a file, not a folder")
    return Case(["init", str(workspace)], 1, str(articles), ("not a folder", "rename it"),
                watch=workspace)  # fmt: skip


# -- models (issue 17: metadata types, damaged archives and folders) ------------------------


def damaged_zip(path: Path, entries: dict[str, bytes], victim: str, damage: str) -> Path:
    """``entries`` zipped (``victim`` stored as is), then ``victim`` damaged in the raw
    bytes: "crc" flips its first data byte, "encrypted" sets its encryption flag,
    "deflate64" says it is packed with Deflate64 (method 9)."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in entries.items():
            method = zipfile.ZIP_STORED if name == victim else zipfile.ZIP_DEFLATED
            archive.writestr(name, data, method)
    raw = bytearray(path.read_bytes())
    encoded = victim.encode()
    for signature, fixed, flags in ((b"PK\x03\x04", 30, 6), (b"PK\x01\x02", 46, 8)):
        at = raw.find(signature)
        while raw[at + fixed : at + fixed + len(encoded)] != encoded:
            at = raw.find(signature, at + 1)
        if damage == "encrypted":
            raw[at + flags] |= 1
        elif damage == "deflate64":
            raw[at + flags + 2] = 9  # the method follows the flags
        elif damage == "crc" and fixed == 30:
            extra = int.from_bytes(raw[at + 28 : at + 30], "little")
            raw[at + fixed + len(encoded) + extra] ^= 0xFF
    path.write_bytes(bytes(raw))
    return path


def demo_entries(**meta: object) -> dict[str, bytes]:
    with zipfile.ZipFile(ROOT / "briefing" / "data" / "demo-ar_en.argosmodel") as archive:
        entries = {info.filename: archive.read(info) for info in archive.infolist()}
    name = f"{DEMO_ID}/metadata.json"
    entries[name] = json.dumps({**json.loads(entries[name]), **meta}).encode()
    return entries


def install_case(path: Path, *fix: str, names: Path | None = None) -> Case:
    from briefing.mt.packages import models_dir, packages_dir

    watch = packages_dir() if path.suffix == ".argosmodel" else models_dir()
    watch.mkdir(parents=True, exist_ok=True)
    return Case(["model", "install", "--file", str(path)], 1, str(names or path), fix, watch=watch)


def archive_case(damage: str, *fix: str) -> Callable[[Path], Case]:
    def builder(folder: Path) -> Case:
        path = damaged_zip(folder / f"{damage}.argosmodel", demo_entries(),
                           f"{DEMO_ID}/README.md", damage)  # fmt: skip
        return install_case(path, *fix)

    return builder


CASES["model-archive-bad-crc"] = archive_case("crc", "README.md", "damaged", "download it again")
CASES["model-archive-encrypted-entry"] = archive_case("encrypted", "README.md", "encrypted")
CASES["model-archive-deflate64-entry"] = archive_case("deflate64", "README.md", "Deflate64")


@case("model-metadata-wrong-type")
def _metadata_type(folder: Path) -> Case:
    path = folder / "lots.argosmodel"
    with zipfile.ZipFile(path, "w") as archive:
        for name, data in demo_entries(max_input_tokens="lots").items():
            archive.writestr(name, data)
    return install_case(path, '"max_input_tokens" is "lots"', "not a whole number")


def converted_folder(folder: Path) -> Path:
    """A converted OPUS-MT folder as far as detection goes (the files hold nothing)."""
    model = folder / "opus-mt-ar-en"
    write(model / "model.bin", b"weights")
    write(model / "config.json", '{"add_source_eos": true}')
    write(model / "source.spm", b"spm")
    write(model / "target.spm", b"spm")
    return model


def folder_case(part: str, data: bytes | None, *fix: str) -> Callable[[Path], Case]:
    def builder(folder: Path) -> Case:
        model = converted_folder(folder)
        if data is None:
            (model / part).symlink_to(folder / "gone" / part)
        else:
            write(model / part, data)
        return install_case(model, *fix, names=model / part)

    return builder


CASES["model-folder-dangling-symlink"] = folder_case(
    "extra.bin", None, "symbolic link", "does not exist", "remove the link"
)
CASES["model-folder-truncated-vocabulary"] = folder_case(
    "shared_vocabulary.json", b'["<unk>", "<s>", "</s', "not a readable vocabulary", "reconvert"
)
CASES["model-folder-vocabulary-not-utf8"] = folder_case(
    "shared_vocabulary.txt", b"<unk>\n\xff\xfe\xc3\n", "not a readable vocabulary", "reconvert"
)


@case("model-folder-malformed-config")
def _malformed_config(folder: Path) -> Case:
    # NLLB is told by its vocabulary, so detection never opened config.json.
    model = folder / "nllb-200"
    write(model / "model.bin", b"weights")
    write(model / "shared_vocabulary.json", json.dumps(["<s>", "arb_Arab", "eng_Latn"]))
    write(model / "sentencepiece.bpe.model", b"spm")
    config = write(model / "config.json", b'{"add_source_bos": fal')
    return install_case(model, "unreadable", "reconvert", names=config)


# -- review files (issue 17: damaged and inflating Word files) ---------------------------------


def word_entries() -> dict[str, bytes]:
    import io

    from docx import Document

    raw = io.BytesIO()
    Document().save(raw)
    with zipfile.ZipFile(raw) as archive:
        return {info.filename: archive.read(info) for info in archive.infolist()}


def review_docx_case(damage: str, *fix: str) -> Callable[[Path], Case]:
    def builder(folder: Path) -> Case:
        entries = word_entries()
        path = folder / "in" / f"{damage}.docx"
        path.parent.mkdir(parents=True)
        if damage == "bomb":  # 30 MB of XML in a file of some 40 KB
            entries["word/document.xml"] += b" " * 30_000_000
            with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
                for name, data in entries.items():
                    archive.writestr(name, data)
        else:
            damaged_zip(path, entries, "word/document.xml", damage)
        return Case(["review", "import", str(path)], 1, str(path), fix, watch=path.parent)

    return builder


CASES["review-docx-zip-bomb"] = review_docx_case("bomb", "zip bomb", "save it again")
CASES["review-docx-bad-crc"] = review_docx_case("crc", "document.xml", "damaged", "save it again")
CASES["review-docx-encrypted-entry"] = review_docx_case("encrypted", "encrypted", "save it again")
CASES["review-docx-deflate64-entry"] = review_docx_case("deflate64", "Deflate64", "save it again")


# -- the package index and downloads (issue 17: malformed, not HTTP, too slow) -----------------


def serve(answer: Callable[[socket.socket, str], None]) -> tuple[str, Callable[[], None]]:
    """A TCP server on 127.0.0.1 that reads each request and lets ``answer`` reply to it
    (path given); returns its base URL and a function that stops it."""
    listener = socket.create_server(("127.0.0.1", 0))
    listener.settimeout(0.2)
    stop = threading.Event()

    def one(connection: socket.socket) -> None:
        with connection:
            request = connection.recv(65536).decode("latin-1")
            path = request.split(" ", 2)[1] if request.count(" ") >= 2 else "/"
            with contextlib.suppress(OSError):
                answer(connection, path)

    def loop() -> None:
        while not stop.is_set():
            with contextlib.suppress(TimeoutError):
                connection, _ = listener.accept()
                threading.Thread(target=one, args=(connection,), daemon=True).start()
        listener.close()

    threading.Thread(target=loop, daemon=True).start()
    return f"http://127.0.0.1:{listener.getsockname()[1]}", stop.set


def http_answer(body: bytes, length: str | None = None) -> bytes:
    head = f"HTTP/1.1 200 OK\r\nContent-Length: {length or len(body)}\r\nConnection: close\r\n\r\n"
    return head.encode() + body


def index_rows(base: str, **changes: object) -> bytes:
    row = {"code": "translate-ar_en", "package_version": "1.9", "from_code": "ar",
           "to_code": "en", "links": [f"{base}/pkg.argosmodel"], **changes}  # fmt: skip
    return json.dumps([row]).encode()


def index_case(
    answer: Callable[[str], Callable[[socket.socket, str], None]],
    *fix: str,
    failing: str = "/index.json",
) -> Callable[[Path], Case]:
    """``model install`` from a server whose replies ``answer(base)`` makes; the message
    must name the URL at ``failing``. Short deadlines keep a slow server's case short."""

    def builder(folder: Path) -> Case:
        base, stop = "", lambda: None
        base, stop = serve(lambda connection, path: answer(base)(connection, path))
        from briefing.mt.packages import packages_dir

        watch = packages_dir()
        watch.mkdir(parents=True, exist_ok=True)
        env = {"ARGOS_PACKAGE_INDEX": base + "/", "BRIEFING_DOWNLOAD_DEADLINE": "2"}
        made = Case(["model", "install"], 1, base + failing, fix, watch=watch, env=env)
        made.cleanup.append(stop)
        return made

    return builder


def reply(
    index: Callable[[str], bytes], package: bytes = b""
) -> Callable[[str], Callable[[socket.socket, str], None]]:
    def answer(base: str) -> Callable[[socket.socket, str], None]:
        def send(connection: socket.socket, path: str) -> None:
            connection.sendall(http_answer(index(base) if path == "/index.json" else package))

        return send

    return answer


CASES["index-entry-links-null"] = index_case(
    reply(lambda base: index_rows(base, links=None)), "no Arabic→English package"
)
CASES["index-nested-too-deeply"] = index_case(
    reply(lambda base: b"[" * 100_000 + b"]" * 100_000), "not a package index", "nested too deeply"
)


def not_http(base: str) -> Callable[[socket.socket, str], None]:
    return lambda connection, path: connection.sendall(b"SSH-2.0-OpenSSH_9.6\r\n")


CASES["index-server-not-http"] = index_case(not_http, "does not answer as an HTTP server does")


def bad_length(base: str) -> Callable[[socket.socket, str], None]:
    def send(connection: socket.socket, path: str) -> None:
        if path == "/index.json":
            connection.sendall(http_answer(index_rows(base)))
        else:
            connection.sendall(http_answer(b"PK", length="lots"))

    return send


CASES["download-content-length-not-a-number"] = index_case(
    bad_length, "Content-Length that is not a number", failing="/pkg.argosmodel"
)


def trickle(base: str) -> Callable[[socket.socket, str], None]:
    def send(connection: socket.socket, path: str) -> None:
        if path == "/index.json":
            connection.sendall(http_answer(index_rows(base)))
            return
        connection.sendall(http_answer(b"", length="1000000")[: -0 or None])
        for _ in range(120):  # a byte every half second: no read ever times out
            connection.sendall(b"P")
            time.sleep(0.5)

    return send


def trickle_headers(base: str) -> Callable[[socket.socket, str], None]:
    def send(connection: socket.socket, path: str) -> None:
        for byte in http_answer(index_rows(base)) * 10:
            connection.sendall(bytes([byte]))
            time.sleep(0.5)

    return send


CASES["download-trickling-server"] = index_case(
    trickle, "not done within 2 s", "too slow", failing="/pkg.argosmodel"
)
CASES["index-trickling-headers"] = index_case(trickle_headers, "not done within 2 s", "too slow")


# -- the test ---------------------------------------------------------------------------------


def run(
    args: list[str],
    stdin: str = "",
    stdout: str = "capture",
    extra_env: dict[str, str] | None = None,
) -> subprocess.CompletedProcess[str]:
    """The command in a subprocess; ``stdout`` may be a full disk or closed (see Case)."""
    command = [sys.executable, "-m", "briefing", *args]
    env = {**os.environ, "COLUMNS": "80", **(extra_env or {})}
    if stdout == "capture":
        return subprocess.run(
            command, input=stdin, capture_output=True, text=True, timeout=300, env=env
        )
    if stdout == "fd-closed":
        command = ["sh", "-c", 'exec "$@" >&-', "sh", *command]
        target: int = subprocess.DEVNULL
    elif stdout == "full":
        target = os.open("/dev/full", os.O_WRONLY)
    else:  # a pipe whose reader is gone, as in `briefing translate x | head -c0`
        reader, target = os.pipe()
        os.close(reader)
    try:
        done = subprocess.run(command, input=stdin, stdout=target, stderr=subprocess.PIPE,
                              text=True, timeout=300, env=env)  # fmt: skip
    finally:
        if target != subprocess.DEVNULL:
            os.close(target)
    done.stdout = ""
    return done


def snapshot(folder: Path | None) -> dict[str, bytes] | None:
    if folder is None or not folder.exists():
        return None
    return {
        str(p.relative_to(folder)): p.read_bytes() if p.is_file() else b"<dir>"
        for p in sorted(folder.rglob("*"))
    }


def test_the_catalogue_is_big_enough() -> None:
    assert len(CASES) >= 25


@pytest.mark.parametrize("name", sorted(CASES))
def test_bad_input_is_refused_cleanly(name: str, tmp_path: Path, installed_models: Path) -> None:
    made = CASES[name](tmp_path)
    before = snapshot(made.watch)
    try:
        done = run(made.args, stdout=made.stdout, extra_env=made.env)
        after = snapshot(made.watch)
    finally:
        for undo in made.cleanup:
            undo()
    assert done.returncode == made.code, done.stderr
    assert "Traceback" not in done.stderr
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1, done.stderr
    message = lines[0]
    assert message.startswith("error: ")
    assert made.names in message
    for fragment in made.fix:
        assert fragment in message, message
    assert "SECRET-VALUE" not in message
    assert done.stdout == ""
    assert after == before
    if name == "output-on-a-read-only-filesystem":
        assert not Path("/sys/briefing-test-output.json").exists()


# -- inputs that look bad but are fine --------------------------------------------------------


def test_jsonl_broken_line_can_be_skipped(tmp_path: Path, installed_models: Path) -> None:
    made = CASES["jsonl-broken-line"](tmp_path)
    done = run([*made.args, "--on-bad-line", "skip", "--format", "json"])
    assert done.returncode == 0, done.stderr
    warnings = [line for line in done.stderr.splitlines() if "skipped" in line]
    assert len(warnings) == 1 and "line 3" in warnings[0] and "records.jsonl" in warnings[0]
    out = Path(made.args[made.args.index("-o") + 1])
    titles = [a["title"] for a in json.loads(out.read_text(encoding="utf-8"))["articles"]]
    assert titles == ["خبر أول", "خبر ثان"]


def test_excel_utf8_glossary_export_is_accepted(tmp_path: Path, installed_models: Path) -> None:
    excel = write(
        tmp_path / "glossary" / "excel.csv",
        codecs.BOM_UTF8 + "arabic;english;kind\r\nالقاهرة;Cairo;place\r\n".encode(),
    )
    out = tmp_path / "briefing.json"
    done = run(["build", str(article(tmp_path)), "-o", str(out), "--model", DEMO_ID,
                "--glossary", str(excel)])  # fmt: skip
    assert done.returncode == 0, done.stderr
    data = json.loads(out.read_text(encoding="utf-8"))
    terms = [t for p in data["articles"][0]["paragraphs"] for t in p.get("terms", [])]
    assert terms and {t["english"] for t in terms} == {"Cairo"}


def test_utf16_without_bom_is_read(tmp_path: Path, installed_models: Path) -> None:
    path = write(tmp_path / "utf16.txt", ARTICLE.encode("utf-16-le"))
    done = run(["translate", str(path), "--model", DEMO_ID, "--format", "json"])
    assert done.returncode == 0, done.stderr
    data = json.loads(done.stdout)["articles"][0]
    assert [p["source"] for p in data["paragraphs"]] == ARTICLE.splitlines()[1:]


def test_a_200000_character_line_without_punctuation_loses_nothing(
    tmp_path: Path, installed_models: Path
) -> None:
    words = "وصل الوزير إلى القاهرة مع وفد كبير من المسؤولين والجنود يوم الاثنين".split()
    text = " ".join(words[i % len(words)] for i in range(40_000))[:200_000].rstrip()
    assert len(text) >= 199_990 and not any(ch in text for ch in ".!?؟؛\n")
    path = write(tmp_path / "long.txt", "خبر طويل\n" + text + "\n")
    out = tmp_path / "long.json"
    done = run(["translate", str(path), "--model", DEMO_ID, "--format", "json", "-o", str(out)])
    assert done.returncode == 0, done.stderr
    paragraph = json.loads(out.read_text(encoding="utf-8"))["articles"][0]["paragraphs"][0]
    assert paragraph["source"] == text
    assert "".join(s["source"] for s in paragraph["sentences"]) == text
    # Split by tokens, never truncated: the English is long too (the demo model is terse).
    assert len(paragraph["target"].split()) > 5_000


# -- review and memory files that look odd but are fine (issue 17) ------------------------------

XLIFF = (
    '<?xml version="1.0" encoding="{encoding}"?>\n'
    '<xliff xmlns="urn:oasis:names:tc:xliff:document:1.2" version="1.2"><file '
    'source-language="ar" target-language="en" original="a" datatype="plaintext"><body>'
    '<trans-unit id="1"><source>{arabic}</source><target state="final">{english}</target>'
    "</trans-unit></body></file></xliff>\n"
)
REVIEWED = ("وصل الوزير إلى القاهرة يوم الاثنين.", "The minister arrived in Cairo on Monday.")


def xliff(encoding: str, codec: str | None = None) -> bytes:
    text = XLIFF.format(encoding=encoding, arabic=REVIEWED[0], english=REVIEWED[1])
    return text.encode(codec or encoding)


def in_memory(cache: Path, *args: str) -> subprocess.CompletedProcess[str]:
    done = run(list(args), extra_env={"BRIEFING_CACHE_DIR": str(cache)})
    assert done.returncode == 0 and "Traceback" not in done.stderr, done.stderr
    return done


@pytest.mark.parametrize(
    ("encoding", "codec"),
    [("UTF-16", None), ("UTF-16", "utf-16-le"), ("UTF-32", None), ("windows-1256", None)],
    ids=["utf16-bom", "utf16-no-bom", "utf32", "windows-1256"],
)
def test_xliff_in_any_encoding_xml_allows_is_imported(
    encoding: str, codec: str | None, tmp_path: Path
) -> None:
    path = write(tmp_path / "reviewed.xlf", xliff(encoding, codec))
    done = in_memory(tmp_path / "cache", "review", "import", str(path))
    assert done.stderr.startswith("1 approved"), done.stderr
    exported = tmp_path / "memory.tmx"
    in_memory(tmp_path / "cache", "memory", "export", "-o", str(exported))
    assert REVIEWED[1] in exported.read_text(encoding="utf-8")


def test_tmx_in_the_specs_own_namespace_is_imported(tmp_path: Path) -> None:
    path = write(tmp_path / "cat.tmx", (
        '<?xml version="1.0" encoding="UTF-8"?>\n<tmx xmlns="http://www.lisa.org/tmx14" '
        'version="1.4"><header srclang="ar" segtype="paragraph" datatype="plaintext" '
        'adminlang="en" creationtool="cat" creationtoolversion="1" o-tmf="cat"/><body><tu>'
        f'<tuv xml:lang="ar-SA"><seg>{REVIEWED[0]}</seg></tuv>'
        f'<tuv xml:lang="en"><seg>{REVIEWED[1]}</seg></tuv></tu></body></tmx>\n'
    ))  # fmt: skip
    done = in_memory(tmp_path / "cache", "memory", "import", str(path))
    assert done.stderr.startswith("1 added"), done.stderr


def test_windows_arabic_file_names_in_review_export_and_import(
    tmp_path: Path, installed_models: Path
) -> None:
    # Names from a zip made on Arabic Windows: cp1256 bytes, not UTF-8.
    folder = os.fsencode(tmp_path)
    source = Path(os.fsdecode(folder + b"/" + "خبر.txt".encode("cp1256")))
    source.write_text(ARTICLE, encoding="utf-8")
    exported = Path(os.fsdecode(folder + b"/" + "مراجعة.xlf".encode("cp1256")))
    cache = tmp_path / "cache"
    in_memory(cache, "review", "export", str(source), "-o", str(exported), "--model", DEMO_ID)
    assert "<note>from " in exported.read_text(encoding="utf-8")
    reviewed = Path(os.fsdecode(folder + b"/" + "مراجعة-2.xlf".encode("cp1256")))
    reviewed.write_bytes(xliff("UTF-8"))
    assert in_memory(cache, "review", "import", str(reviewed)).stderr.startswith("1 approved")
    tmx = tmp_path / "memory.tmx"
    in_memory(cache, "memory", "export", "-o", str(tmx))
    assert '<prop type="x-origin">مراجعة-2.xlf</prop>' in tmx.read_text(encoding="utf-8")


def test_control_characters_in_an_origin_do_not_break_memory_export(tmp_path: Path) -> None:
    reviewed = write(tmp_path / "review\x01\x1b[31m.xlf", xliff("UTF-8"))
    cache = tmp_path / "cache"
    assert in_memory(cache, "review", "import", str(reviewed)).stderr.startswith("1 approved")
    tmx = tmp_path / "memory.tmx"
    in_memory(cache, "memory", "export", "-o", str(tmx))
    text = tmx.read_text(encoding="utf-8")
    assert REVIEWED[1] in text and "\x01" not in text and "\x1b" not in text
