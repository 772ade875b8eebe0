"""Issue 17, the first day (items 13-25), as a new user meets them in a real process."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

from helpers import DEMO_ID, ROOT, drain_terminal


def briefing(
    *args: str, cwd: Path | None = None, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "briefing", *args],
        capture_output=True,
        text=True,
        env={**os.environ, "COLUMNS": "200", **(env or {})},
        cwd=cwd,
        timeout=300,
        check=False,
    )


def _in_a_terminal(*args: str) -> str:
    """What the command prints to a terminal (a pseudo-terminal as its stdout)."""
    import pty

    leader, follower = pty.openpty()
    done = subprocess.run(
        [sys.executable, "-m", "briefing", *args],
        stdout=follower,
        stderr=subprocess.PIPE,
        env={**os.environ, "COLUMNS": "200"},
        timeout=300,
        check=True,
    )
    os.close(follower)
    shown = drain_terminal(leader)
    assert done.returncode == 0
    return shown.decode().replace("\r\n", "\n")


def _assert_aligned(listing: str) -> None:
    lines = [line for line in listing.splitlines() if line.strip()]
    header, rows = lines[0], lines[1:]
    starts = [m.start() for m in re.finditer(r"\S+", header)]
    assert len(rows) >= 2 and len(starts) >= 6, listing
    for row in rows:
        for start in starts:  # every cell begins where its column's name begins
            assert row[start - 1] == " " and row[start] != " ", (start, listing)


# -- 22 ----------------------------------------------------------------------------------
def test_model_list_columns_line_up_piped_and_in_a_terminal(installed_models: Path) -> None:
    piped = briefing("model", "list")
    assert piped.returncode == 0, piped.stderr
    _assert_aligned(piped.stdout)
    _assert_aligned(_in_a_terminal("model", "list"))


def _no_models(tmp_path: Path) -> dict[str, str]:
    """Nothing installed: an empty package folder and model folder of its own."""
    return {
        "ARGOS_PACKAGES_DIR": str(tmp_path / "packages"),
        "BRIEFING_MODELS_DIR": str(tmp_path / "models"),
        "BRIEFING_CACHE_DIR": str(tmp_path / "cache"),
    }


ARTICLE = "قال المسؤول إن الجنود وصلوا إلى المدينة.\n"


# -- 13 ----------------------------------------------------------------------------------
def test_the_bundled_demo_is_accepted_by_its_id_and_listed_in_refusals(tmp_path: Path) -> None:
    env = _no_models(tmp_path)
    article = tmp_path / "a.txt"
    article.write_text(ARTICLE, encoding="utf-8")
    listed = briefing("model", "list", env=env)
    assert listed.stdout.splitlines()[1].split()[:2] == ["*", DEMO_ID]
    by_id = briefing("translate", str(article), "--model", DEMO_ID, env=env)
    assert by_id.returncode == 0, by_id.stderr
    assert by_id.stdout == briefing("translate", str(article), env=env).stdout
    by_variable = briefing("translate", str(article), env={**env, "BRIEFING_MODEL": DEMO_ID})
    assert by_variable.returncode == 0, by_variable.stderr
    wrong = briefing("translate", str(article), "--model", "nope", env=env)
    assert wrong.returncode == 1 and len(wrong.stderr.splitlines()) == 1
    assert f"{DEMO_ID} (the bundled demo)" in wrong.stderr and "none" not in wrong.stderr


def test_every_environment_variable_the_code_reads_is_in_the_readme_table() -> None:
    code = "".join(path.read_text(encoding="utf-8") for path in (ROOT / "briefing").rglob("*.py"))
    read = set(re.findall(r"environ\.get\(\s*\"([A-Z_]+)\"", code))
    read |= set(re.findall(r"getenv\(\s*\"([A-Z_]+)\"", code))
    assert {"BRIEFING_MODEL", "BRIEFING_CACHE_DIR", "ARGOS_PACKAGES_DIR"} <= read
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Environment variables", 1)[1].split("\n## ", 1)[0]
    rows = set(re.findall(r"^\| `([A-Z_]+)` \|", section, re.MULTILINE))
    assert read <= rows, read - rows


# -- 23 ----------------------------------------------------------------------------------
def test_the_bundled_demo_cannot_be_removed_and_install_demo_gives_no_needless_advice(
    tmp_path: Path,
) -> None:
    env = _no_models(tmp_path)
    removed = briefing("model", "remove", DEMO_ID, env=env)
    assert removed.returncode == 1, removed.stderr
    assert "bundled" in removed.stderr and "cannot be removed" in removed.stderr
    assert len(removed.stderr.splitlines()) == 1
    installed = briefing("model", "install", "--demo", env=env)
    assert installed.returncode == 0, installed.stderr
    assert installed.stderr.startswith(f"installed {DEMO_ID}")
    assert "--model" not in installed.stderr  # it is the model in use: nothing to pass
    again = briefing("model", "remove", DEMO_ID, env=env)  # the installed copy goes
    assert (again.returncode, again.stderr) == (0, f"removed {DEMO_ID}\n")


def test_glossary_export_to_a_file_says_what_it_wrote(tmp_path: Path) -> None:
    target = tmp_path / "names.csv"
    done = briefing("glossary", "export", "-o", str(target), "--glossary", str(ROOT / "glossary"))
    assert done.returncode == 0, done.stderr
    rows = len(target.read_text(encoding="utf-8").splitlines()) - 1
    assert done.stderr == f"wrote {target} ({rows} entries)\n"


def _homes(tmp_path: Path) -> dict[str, str]:
    """User folders of the test's own: no user glossary yet."""
    return {
        "XDG_DATA_HOME": str(tmp_path / "data"),
        "XDG_CACHE_HOME": str(tmp_path / "xcache"),
        "BRIEFING_CACHE_DIR": str(tmp_path / "cache"),
        "BRIEFING_MODEL": DEMO_ID,
    }


# -- 14 ----------------------------------------------------------------------------------
def test_a_workspace_is_found_from_its_subfolders(tmp_path: Path) -> None:
    env = _homes(tmp_path)
    assert briefing("init", str(tmp_path / "ws"), env=env).returncode == 0
    inside = tmp_path / "ws" / "articles" / "2026"
    inside.mkdir()
    added = briefing("glossary", "add", "تارفيل", "Tarvel", "--kind", "place", cwd=inside, env=env)
    assert added.returncode == 0, added.stderr
    assert str(tmp_path / "ws" / "glossary") in added.stderr
    listed = briefing("glossary", "list", "--search", "تارفيل", cwd=inside, env=env)
    assert listed.stdout.startswith("تارفيل\tTarvel\tplace"), listed.stderr
    assert not (tmp_path / "data" / "briefing" / "glossary").exists()  # the user's untouched


# -- 15 ----------------------------------------------------------------------------------
def test_glossary_help_tells_the_order_it_is_looked_for_in() -> None:
    for command in (["translate"], ["build"], ["glossary", "list"], ["review", "export"]):
        shown = " ".join(briefing(*command, "--help").stdout.split())
        at = [shown.find(word) for word in ("workspace", "your own glossary", "built-in")]
        assert -1 not in at and at == sorted(at), (command, shown)


def test_every_output_names_the_glossary_it_used(tmp_path: Path) -> None:
    from docx import Document

    env = _homes(tmp_path)
    article = tmp_path / "a.txt"
    article.write_text(ARTICLE, encoding="utf-8")
    built_in = briefing("translate", str(article), "--format", "json", cwd=tmp_path, env=env)
    assert json_glossary(built_in.stdout).startswith("built-in"), built_in.stderr
    own = tmp_path / "mine.csv"
    own.write_text("arabic,english,kind,variants,note\nتارفيل,Tarvel,place,,\n", encoding="utf-8")
    given = briefing(
        "translate", str(article), "-f", "json", "--glossary", str(own), cwd=tmp_path, env=env
    )
    assert json_glossary(given.stdout) == f"file {own}", given.stderr
    assert briefing("init", str(tmp_path / "ws"), env=env).returncode == 0
    articles = tmp_path / "ws" / "articles"
    for suffix in ("docx", "html", "md"):
        out = tmp_path / f"b.{suffix}"
        done = briefing("build", str(article), "-o", str(out), cwd=articles, env=env)
        assert done.returncode == 0, done.stderr
        text = (
            "\n".join(c.text for t in Document(str(out)).tables for r in t.rows for c in r.cells)
            if suffix == "docx"
            else out.read_text(encoding="utf-8").replace("\\", "")  # Markdown escapes
        )
        assert f"workspace {tmp_path / 'ws' / 'glossary'}" in text, (suffix, text[:2000])
    done = briefing("glossary", "add", "تارفيل", "Tarvel", "--kind", "place", cwd=tmp_path, env=env)
    user = briefing("translate", str(article), "-f", "json", cwd=tmp_path, env=env)
    assert json_glossary(user.stdout).startswith("your own"), user.stdout[:400]


def json_glossary(text: str) -> str:
    import json

    name = json.loads(text)["briefing"]["glossary"]["name"]
    assert isinstance(name, str)
    return name


# -- 16 ----------------------------------------------------------------------------------
def test_readme_tells_the_truth_about_beam_tests_and_suggest() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    beam = re.search(r"`--beam-size`[^`]*", readme)
    assert beam is not None and "the model's" in beam[0] and "default 2" not in beam[0]
    development = readme.split("## Development", 1)[1].split("\n## ", 1)[0]
    assert "torch" not in development  # the tests need no torch; tools/ says it needs it
    assert (
        "torch"
        in (ROOT / "tools" / "README.md")
        .read_text(encoding="utf-8")
        .split("## Rebuild", 1)[1]
        .split("```", 1)[0]
    )
    heading = re.search(r"^### `briefing glossary ([a-z|]+)`", readme, re.MULTILINE)
    assert heading is not None and "suggest" in heading[1].split("|")


# -- 17 ----------------------------------------------------------------------------------
def test_translate_markdown_names_the_model_as_build_does(tmp_path: Path) -> None:
    env = _homes(tmp_path)
    article = tmp_path / "a.txt"
    article.write_text(ARTICLE + "\nوصل الجنود إلى المدينة.\n", encoding="utf-8")
    translated = briefing("translate", str(article), "--format", "md", cwd=tmp_path, env=env)
    assert translated.returncode == 0, translated.stderr
    built = briefing("build", str(article), "-o", str(tmp_path / "b.md"), cwd=tmp_path, env=env)
    assert built.returncode == 0, built.stderr

    def model_line(text: str) -> str:
        [line] = [line for line in text.splitlines() if line.startswith("Model: ")]
        return line

    expected = model_line((tmp_path / "b.md").read_text(encoding="utf-8"))
    assert "briefing-demo-ar\\_en" in expected
    assert model_line(translated.stdout) == expected
    assert not translated.stdout.startswith("# None")


# -- 18 ----------------------------------------------------------------------------------
DEMO_SIGN = "DEMO MODEL"


def test_the_demo_is_signposted_on_every_page_of_every_output(tmp_path: Path) -> None:
    import pdfplumber
    from docx import Document

    env = _homes(tmp_path)
    examples = sorted(str(p) for p in (ROOT / "examples").glob("*.txt"))
    for suffix in ("docx", "html", "md"):
        done = briefing("build", *examples, "-o", str(tmp_path / f"b.{suffix}"), env=env)
        assert done.returncode == 0, done.stderr
    for suffix in ("html", "md"):  # a banner above everything, and again at the end
        text = (tmp_path / f"b.{suffix}").read_text(encoding="utf-8")
        body = text.split("<body>", 1)[-1]
        assert DEMO_SIGN in body[:600] and DEMO_SIGN in body[-600:], suffix
    document = Document(str(tmp_path / "b.docx"))
    assert all(DEMO_SIGN in s.header.paragraphs[0].text for s in document.sections)
    profile = tmp_path / "lo-profile"
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    assert soffice, "LibreOffice is required: apt-get install libreoffice-writer-nogui"
    subprocess.run(
        [soffice, f"-env:UserInstallation={profile.as_uri()}", "--headless",
         "--convert-to", "pdf", "--outdir", str(tmp_path), str(tmp_path / "b.docx")],
        check=True, capture_output=True, timeout=240,
    )  # fmt: skip
    with pdfplumber.open(tmp_path / "b.pdf") as pdf:
        pages = [page.extract_text() or "" for page in pdf.pages]
    assert len(pages) >= 3
    assert [DEMO_SIGN in page for page in pages] == [True] * len(pages)


def test_a_real_model_gets_no_demo_sign(tmp_path: Path) -> None:
    from docx import Document

    from briefing.document import ModelInfo
    from briefing.render.docx import render_docx
    from briefing.render.meta import BriefingMeta
    from briefing.render.text import render_html, render_markdown
    from helpers import sample_briefing

    meta = BriefingMeta(model=ModelInfo("translate-ar_en", "1.0", demo=False))
    articles = sample_briefing()
    render_docx(
        articles, tmp_path / "b.docx", template=ROOT / "templates" / "briefing.docx", meta=meta
    )
    headers = [
        p.text for s in Document(str(tmp_path / "b.docx")).sections for p in s.header.paragraphs
    ]
    assert not any(DEMO_SIGN in text for text in headers)
    assert DEMO_SIGN not in render_html(articles, meta) + render_markdown(articles, meta)


# -- 20 ----------------------------------------------------------------------------------
def test_scan_numbers_articles_one_way_and_refuses_markdown(tmp_path: Path) -> None:
    import json

    glossary = ["--glossary", str(ROOT / "glossary")]
    examples = sorted(str(p) for p in (ROOT / "examples").glob("*.txt"))
    text = briefing("glossary", "scan", *examples, *glossary)
    as_json = briefing("glossary", "scan", *examples, *glossary, "--format", "json")
    assert text.returncode == 0 and as_json.returncode == 0, text.stderr + as_json.stderr
    hits = json.loads(as_json.stdout)
    assert hits and len(hits) == len(text.stdout.splitlines())
    for hit, line in zip(hits, text.stdout.splitlines(), strict=True):
        assert f": article {hit['article']}, " in line  # the same number in both
        assert hit["article"] >= 1
    markdown = briefing("glossary", "scan", *examples, *glossary, "--format", "md")
    assert markdown.returncode == 2 and len(markdown.stderr.splitlines()) == 1
    assert "use one of text, json" in markdown.stderr, markdown.stderr


# -- 25 ----------------------------------------------------------------------------------
def test_review_import_of_an_html_briefing_says_what_can_be_imported(tmp_path: Path) -> None:
    env = _homes(tmp_path)
    for suffix in ("html", "md"):
        out = tmp_path / f"b.{suffix}"
        assert briefing("build", str(ROOT / "examples" / "aid.txt"), "-o", str(out), env=env)
        done = briefing("review", "import", str(out), env=env)
        assert done.returncode == 1 and len(done.stderr.splitlines()) == 1, done.stderr
        assert "only DOCX and XLIFF" in done.stderr, done.stderr
        assert str(out) in done.stderr


def test_an_approved_title_is_marked_in_the_docx_and_counted_on_the_cover(tmp_path: Path) -> None:
    from dataclasses import replace

    from docx import Document

    from briefing.document import APPROVED
    from briefing.render.docx import render_docx
    from briefing.render.meta import BriefingMeta
    from helpers import sample_briefing

    articles = sample_briefing()
    first = articles[0]
    articles[0] = replace(first, title=replace(first.title, origin=APPROVED))
    out = tmp_path / "b.docx"
    render_docx(articles, out, template=ROOT / "templates" / "briefing.docx", meta=BriefingMeta())
    texts = [p.text for p in Document(str(out)).paragraphs]
    [title] = [t for t in texts if t.startswith("1.  ")]
    assert title.endswith("\u2714"), title
    assert not any(t.startswith("2.  ") and "\u2714" in t for t in texts)
    [legend] = [t for t in texts if "Approved translation:" in t]
    assert "the English of 1 paragraph or title " in legend, legend


# -- 24 ----------------------------------------------------------------------------------
BYLINES = {
    "الجزيرة": "Al Jazeera",
    "قناة العربية": "Al Arabiya",
    "روسيا اليوم": "RT Arabic",
    "سكاي نيوز عربية": "Sky News Arabia",
    "بي بي سي عربي": "BBC Arabic",
    "صحيفة الشرق الأوسط": "Asharq Al-Awsat",
    "واس": "SPA",
    "وام": "WAM",
    "قنا": "QNA",
    "كونا": "KUNA",
    "الأناضول": "Anadolu Agency",
    "وكالات": "agencies",
    "رويترز": "Reuters",
    "فرانس برس": "AFP",
    "أسوشيتد برس": "Associated Press",
}


def test_bylines_name_the_common_arabic_sources_in_english(tmp_path: Path) -> None:
    import json

    env = _homes(tmp_path)
    folder = tmp_path / "articles"
    folder.mkdir()
    sources = [*BYLINES, "مدونة الحي"]  # the last is in no glossary
    for number, source in enumerate(sources):
        (folder / f"{number:02d}.txt").write_text(
            f"وصل الجنود إلى المدينة\nالمصدر: {source}\nقال المسؤول إن الجنود وصلوا.\n",
            encoding="utf-8",
        )
    done = briefing("build", str(folder), "-o", str(tmp_path / "b.json"), cwd=tmp_path, env=env)
    assert done.returncode == 0, done.stderr
    articles = json.loads((tmp_path / "b.json").read_text(encoding="utf-8"))["articles"]
    found = {a["source"]: a["source_target"] for a in articles}
    assert found == {**BYLINES, "مدونة الحي": None}
    done = briefing("build", str(folder), "-o", str(tmp_path / "b.md"), cwd=tmp_path, env=env)
    markdown = (tmp_path / "b.md").read_text(encoding="utf-8")
    assert "_Source: Al Jazeera_" in markdown
    assert "_Source (in Arabic): مدونة الحي_" in markdown  # marked, never passed off as English


def test_source_names_that_are_common_words_are_not_names_in_the_text(tmp_path: Path) -> None:
    import json

    env = _homes(tmp_path)
    article = tmp_path / "a.txt"
    article.write_text(
        "زيارة إلى الخليج\nوصل الوزير إلى شبه الجزيرة العربية وزار الدول العربية. كنا هناك.\n",
        encoding="utf-8",
    )
    done = briefing("translate", str(article), "-f", "json", cwd=tmp_path, env=env)
    assert done.returncode == 0, done.stderr
    paragraphs = json.loads(done.stdout)["articles"][0]["paragraphs"]
    english = {t["english"] for p in paragraphs for t in p["terms"]}
    assert not english & set(BYLINES.values()), english


# -- 19 ----------------------------------------------------------------------------------
SUGGEST_ARTICLE = """التعاون بين البلدين
أكد الرئيس الأوكراني أن التعاون مع الحلفاء مستمر. وقال الجيش الأوكراني إنه صامد.
وأضاف الأوكراني أن التعاون العسكري يتوسع.
"""


def test_suggest_offers_no_common_words_and_says_the_demo_rendered_them(tmp_path: Path) -> None:
    env = _homes(tmp_path)
    folder = tmp_path / "articles"
    folder.mkdir()
    (folder / "one.txt").write_text(SUGGEST_ARTICLE, encoding="utf-8")
    done = briefing("glossary", "suggest", str(folder), cwd=tmp_path, env=env)
    assert done.returncode == 0, done.stderr
    offered = [line.split(",")[0] for line in done.stdout.splitlines()[1:]]
    assert "التعاون" not in offered and "الأوكراني" not in offered, done.stdout
    assert "demo" in done.stderr, done.stderr  # the renderings in the notes are the demo's


def test_suggestions_keep_names_drop_common_words_and_leave_unknown_kinds_empty() -> None:
    from collections import Counter

    from briefing.review.suggest import from_renderings

    counts = Counter(
        {"التعاون": 5, "الأوكراني": 4, "الانتخابات": 3, "بودانوف": 3, "ماركو روبيو": 2}
    )
    renderings = {
        "التعاون": "Tawaun",  # a common word, whatever the model makes of it
        "الأوكراني": "Ukrainian",
        "الانتخابات": "Intikhabat",
        "بودانوف": "Budanov",
        "ماركو روبيو": "Marco Rubio",
    }
    contexts = {"بودانوف": "قال بودانوف إن", "ماركو روبيو": "وصل الوزير ماركو روبيو إلى"}
    entries = {e.arabic: e for e in from_renderings(counts, renderings, contexts)}
    assert set(entries) == {"بودانوف", "ماركو روبيو"}
    assert entries["بودانوف"].kind == ""  # nothing says what it names
    assert entries["ماركو روبيو"].kind == "person"  # "the minister Rubio"
