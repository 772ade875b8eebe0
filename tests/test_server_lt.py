"""The real server through LibreTranslate's unmodified Python client (libretranslatepy)
and through the request shapes LibreTranslate's own web page sends (a list of texts, HTML,
a file), which that client has no method for."""

from __future__ import annotations

import io
import urllib.error
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import lxml.html
import pytest
from libretranslatepy import LibreTranslateAPI
from server_support import make_workspace, running_server

from briefing.api import Settings, translate
from briefing.document import Article, Paragraph
from briefing.mt.packages import select_model
from briefing.render.context import DEMO_NOTICE

SENTENCE = "قال المتحدث إن الاجتماع سيعقد غدا في الرياض."
OTHER = "أعلن الرئيس الإيراني عن زيارة إلى سيول."


@pytest.fixture(scope="module")
def workspace(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make_workspace(tmp_path_factory.mktemp("serve") / "ws")


@pytest.fixture(scope="module")
def server(workspace: Path) -> Iterator[str]:
    cache = workspace.parent / "cache"
    with running_server(workspace, "--no-cache", "--char-limit", "2000", cache=cache) as (base, _):
        yield base


def library_english(workspace: Path, *texts: str) -> list[str]:
    """What the library (and so the CLI) makes of each text, with the same glossary."""
    settings = Settings(glossary_path=workspace / "glossary", use_cache=False)
    result = translate([Article("", [Paragraph(t)]) for t in texts], settings)
    return [article.paragraphs[0].target for article in result.articles]


def test_the_client_translates_a_string_as_the_library_does(server: str, workspace: Path) -> None:
    english = LibreTranslateAPI(server).translate(SENTENCE, "ar", "en")
    assert english == library_english(workspace, SENTENCE)[0]
    assert "Riyadh" in english  # the glossary's spelling, enforced


def test_the_client_lists_the_languages_and_detects(server: str) -> None:
    client = LibreTranslateAPI(server)
    languages = {row["code"]: row for row in client.languages()}
    assert languages["ar"]["targets"] == ["en"]
    assert client.detect(SENTENCE)[0]["language"] == "ar"
    assert client.detect("The meeting is tomorrow.")[0]["language"] == "en"
    # The library's paragraph detector answers: Persian is not taken for Arabic.
    persian = "وزیر گفت که نیروهای بیشتری به مرز فرستاده می‌شوند و گفتگوها ادامه دارد"
    assert client.detect(persian)[0]["language"] == "fa"


def post(server: str, path: str, **kwargs: Any) -> httpx.Response:
    return httpx.post(server + path, timeout=60, **kwargs)


def test_a_list_comes_back_as_a_list_in_order(server: str, workspace: Path) -> None:
    response = post(
        server, "/translate", json={"q": [SENTENCE, OTHER], "source": "ar", "target": "en"}
    )
    assert response.status_code == 200
    body = response.json()
    assert body["translatedText"] == library_english(workspace, SENTENCE, OTHER)
    terms = body["briefing"][0]["terms"]
    assert {"source": "رياض", "english": "Riyadh", "kind": "place"} in terms


def test_auto_detects_and_returns_english_text_as_it_is(server: str) -> None:
    response = post(
        server, "/translate", data={"q": "Already English.", "source": "auto", "target": "en"}
    )
    body = response.json()
    assert body["translatedText"] == "Already English."
    assert body["detectedLanguage"]["language"] == "en"


def test_html_keeps_its_markup_and_escaped_text_stays_text(server: str) -> None:
    html = (
        f'<p class="lead">{SENTENCE} <b>{OTHER}</b></p><p>&lt;script&gt;alert(1)&lt;/script&gt;</p>'
    )
    response = post(
        server, "/translate", json={"q": html, "source": "ar", "target": "en", "format": "html"}
    )
    english = response.json()["translatedText"]
    tree = lxml.html.fragment_fromstring(english, create_parent="div")
    assert [e.tag for e in tree.iter()] == ["div", "p", "b", "p"]
    assert tree[0].get("class") == "lead"
    assert "Riyadh" in tree[0].text
    assert "<script" not in english and tree.find(".//script") is None
    assert len(tree[1]) == 0  # the escaped text stayed text: no element inside


def test_english_that_looks_like_markup_is_escaped() -> None:
    from briefing.document import TranslatedArticle, TranslatedParagraph
    from briefing.server.texts import Html

    layout = Html("<p>نص &lt;i&gt; <b>آخر</b></p>")
    sources = [p.text for p in layout.article.paragraphs]
    assert sources == ["نص <i>", "آخر"]
    targets = ["a <i>tag</i> & more", "<script>x</script>"]
    done = TranslatedArticle(
        layout.article,
        TranslatedParagraph("", "", []),
        [TranslatedParagraph(s, t, []) for s, t in zip(sources, targets, strict=True)],
    )
    assert layout.render(done) == (
        "<p>a &lt;i&gt;tag&lt;/i&gt; &amp; more <b>&lt;script&gt;x&lt;/script&gt;</b></p>"
    )


def test_a_text_file_and_a_word_file_come_back_translated(server: str, workspace: Path) -> None:
    import docx

    text = f"{SENTENCE}\n\n{OTHER}\n"
    response = post(
        server,
        "/translate_file",
        data={"source": "ar", "target": "en"},
        files={"file": ("news.txt", text.encode(), "text/plain")},
    )
    url = response.json()["translatedFileUrl"]
    downloaded = httpx.get(url, timeout=30)
    expected = library_english(workspace, SENTENCE, OTHER)
    # the tests' model is the bundled demo: its English says so first, as every output does
    assert select_model(None).demo
    assert downloaded.text == f"{DEMO_NOTICE}\n\n{expected[0]}\n\n{expected[1]}\n"
    assert 'filename="news.txt"' in downloaded.headers["content-disposition"]

    document = docx.Document()
    document.add_heading(SENTENCE, level=1)
    document.add_paragraph(OTHER)
    buffer = io.BytesIO()
    document.save(buffer)
    response = post(
        server,
        "/translate_file",
        data={"source": "ar", "target": "en"},
        files={"file": ("news.docx", buffer.getvalue(), "application/octet-stream")},
    )
    translated = docx.Document(io.BytesIO(httpx.get(response.json()["translatedFileUrl"]).content))
    paragraphs = [p for p in translated.paragraphs if p.text]
    assert [p.text for p in paragraphs] == expected
    assert paragraphs[0].style.name == "Heading 1"


@pytest.mark.parametrize(
    ("body", "status", "message"),
    [
        ({"source": "ar", "target": "en"}, 400, "Invalid request: missing q parameter"),
        ({"q": "x", "source": "fr", "target": "en"}, 400, "fr is not supported"),
        ({"q": "x", "source": "ar", "target": "de"}, 400, "de is not supported"),
        (
            {"q": "x", "source": "ar", "target": "en", "format": "pdf"},
            400,
            "pdf format is not supported",
        ),
        ({"q": "ب" * 2001, "source": "ar", "target": "en"}, 400, "exceeds text limit (2000)"),
        ({"q": [1, 2], "source": "ar", "target": "en"}, 400, "q must be a text or a list"),
    ],
)
def test_bad_requests_get_libretranslates_error_shape(
    server: str, body: dict[str, Any], status: int, message: str
) -> None:
    response = post(server, "/translate", json=body)
    assert response.status_code == status
    assert message in response.json()["error"]


def test_bad_json_a_huge_body_and_a_missing_file_are_4xx(server: str) -> None:
    bad = post(server, "/translate", content=b"{nope", headers={"content-type": "application/json"})
    assert (bad.status_code, bad.json()) == (400, {"error": "Invalid JSON format"})
    huge = post(server, "/translate", content=b"q=" + b"a" * (11 * 1024 * 1024))
    assert huge.status_code == 413 and "at most 10 MB" in huge.json()["error"]
    missing = httpx.get(server + "/download_file/" + "0" * 32 + ".txt")
    assert missing.status_code == 404 and "error" in missing.json()
    sneaky = httpx.get(server + "/download_file/..%2F..%2Fetc%2Fpasswd")
    assert sneaky.status_code == 404


def test_api_keys_and_the_rate_limit(tmp_path: Path) -> None:
    import subprocess
    import sys

    keys = tmp_path / "keys"
    made = subprocess.run(
        [sys.executable, "-m", "briefing", "serve", "--api-keys", str(keys), "--new-key", "alice"],
        capture_output=True,
        text=True,
        check=True,
    )
    key = made.stdout.strip()
    assert key and key not in keys.read_text()  # only its hash is stored
    workspace = make_workspace(tmp_path / "ws")
    with running_server(workspace, "--api-keys", str(keys), "--rate-limit", "4", "--no-cache") as (
        base,
        _,
    ):
        with pytest.raises(urllib.error.HTTPError) as refused:
            LibreTranslateAPI(base).translate(SENTENCE, "ar", "en")
        refused.value.close()  # the client leaves the error's connection open
        assert refused.value.code == 403
        with pytest.raises(urllib.error.HTTPError) as wrong:
            LibreTranslateAPI(base, api_key="not-a-key").translate(SENTENCE, "ar", "en")
        wrong.value.close()
        assert wrong.value.code == 403
        client = LibreTranslateAPI(base, api_key=key)
        assert "Riyadh" in client.translate(SENTENCE, "ar", "en")
        entry = {"arabic": "زوربلاكس", "english": "Zorblax", "kind": "place"}
        assert post(base, "/glossary", json=entry).status_code == 403
        added = post(base, "/glossary", json=entry, headers={"Authorization": f"Bearer {key}"})
        assert added.json() == {"outcome": "added"}
        statuses = [client_status(client) for _ in range(3)]
        assert statuses[-1] == 429
        slow = post(
            base, "/translate", json={"q": "x", "source": "ar", "target": "en", "api_key": key}
        )
        assert slow.status_code == 429 and slow.json()["error"].startswith("Slowdown:")


def client_status(client: LibreTranslateAPI) -> int:
    try:
        client.translate(SENTENCE, "ar", "en")
    except urllib.error.HTTPError as error:
        error.close()
        return error.code
    return 200


def test_serve_without_the_extra_says_how_to_install_it() -> None:
    import subprocess
    import sys

    hide = "import sys; sys.modules['fastapi'] = None; sys.argv = ['briefing', 'serve']; "
    run = subprocess.run(
        [sys.executable, "-c", hide + "from briefing.cli import main; main()"],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert run.returncode == 2
    assert run.stderr.strip().splitlines() == [
        "error: briefing serve needs the server extra (fastapi missing); install it with: "
        "pip install 'briefing[serve]'"
    ]


def test_english_approved_through_the_server_is_what_it_answers(server: str) -> None:
    from docx import Document

    from review_support import EXAMPLES, article_rows, english_paragraph

    troops = next(p for p in EXAMPLES if p.name == "troops.txt")
    made = post(server, "/briefing", files={"files": (troops.name, troops.read_bytes())})
    assert made.status_code == 200, made.text
    document = Document(io.BytesIO(made.content))
    row = article_rows(document)[0]
    arabic = row.cells[1].text
    approved = "An approved rendering of the first paragraph."
    paragraph = english_paragraph(row)
    for run in paragraph.runs[1:]:
        run.text = ""
    paragraph.runs[0].text = approved
    reviewed = io.BytesIO()
    document.save(reviewed)
    report = post(server, "/review/import", files={"file": ("reviewed.docx", reviewed.getvalue())})
    assert report.json()["approved"] == 1
    answer = post(server, "/translate", json={"q": arabic, "source": "ar", "target": "en"}).json()
    assert answer["translatedText"] == approved
    assert answer["briefing"]["approved"] is True
    tmx = httpx.get(server + "/memory/export", timeout=30)
    assert approved in tmx.text and tmx.headers["content-type"] == "application/x-tmx+xml"


def test_the_glossary_over_http_is_the_workspace_glossary(server: str, workspace: Path) -> None:
    from briefing.glossary_api import glossary_entries

    found = httpx.get(server + "/glossary", params={"search": "Riyadh"}).json()["entries"]
    assert [e["english"] for e in found] == ["Riyadh"]
    csv = "arabic,english,kind,variants,note\nقرقيسيا,Qarqisiya,place,,\n"
    imported = post(server, "/glossary/import", files={"file": ("new.csv", csv.encode())})
    assert imported.json() == {"added": 1, "updated": 0, "unchanged": 0, "skipped": []}
    assert "Qarqisiya" in {e["english"] for e in glossary_entries(workspace / "glossary")}
    exported = httpx.get(server + "/glossary/export", params={"format": "tsv"})
    assert "قرقيسيا\tQarqisiya\tplace" in exported.text
    removed = httpx.delete(server + "/glossary/قرقيسيا").json()["removed"]
    assert removed == [{"arabic": "قرقيسيا", "english": "Qarqisiya", "kind": "place"}]
    again = httpx.delete(server + "/glossary/قرقيسيا")
    assert again.status_code == 400 and "no entry 'قرقيسيا'" in again.json()["error"]
    clash = post(
        server, "/glossary", json={"arabic": "الرياض", "english": "Ar-Riyadh", "kind": "place"}
    )
    assert clash.status_code == 400 and "error" in clash.json()


def test_serve_with_no_such_model_or_a_bad_key_file_is_one_line(tmp_path: Path) -> None:
    import subprocess
    import sys

    def serve(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "briefing", "serve", "--port", "1", *args],
            capture_output=True,
            text=True,
            timeout=120,
        )

    missing = serve("--model", "no-such-model")
    assert missing.returncode == 1
    assert missing.stderr.startswith("error: ") and "'no-such-model'" in missing.stderr
    assert len(missing.stderr.strip().splitlines()) == 1
    keys = tmp_path / "keys"
    keys.write_text("alice plaintext-key\n", encoding="utf-8")
    bad = serve("--api-keys", str(keys))
    assert bad.returncode == 2 and len(bad.stderr.strip().splitlines()) == 1
    assert f"{keys}:1: not a hashed key" in bad.stderr and "Traceback" not in bad.stderr


def test_serving_a_demo_model_says_so_at_the_start(tmp_path: Path, installed_models: Path) -> None:
    # Every client of the server gets the demo's nonsense: the one who starts it is told once.
    workspace = make_workspace(tmp_path / "ws")
    with running_server(workspace, "--model", "briefing-demo-ar_en", "--no-cache") as (base, _):
        log = next(workspace.glob("server-*.log")).read_text(encoding="utf-8")
    assert "warning: 'briefing-demo-ar_en' is a demo model: real news needs the real model" in log
