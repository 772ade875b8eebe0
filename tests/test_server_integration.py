"""The server does what ``translate`` and ``build`` do (issues 17, 24 on issue 18's routes).

Languages: a Persian article is left out of a ``/briefing`` and listed on its cover, a
Persian file is refused by ``/translate_file`` in one line, and a Persian text given as
Arabic to ``/translate`` is never sent to the model. The demo model: a translated file says
so first, as every output does (a DOCX on every page)."""

from __future__ import annotations

import io
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from server_support import make_workspace, running_server

from helpers import DEMO_ID, data_path

ARABIC = "قال المتحدث باسم الوزارة إن الوفد سيصل إلى جنيف يوم الاثنين لبدء المحادثات."
PERSIAN = [
    line
    for line in data_path("languages/fa.txt").read_text(encoding="utf-8").splitlines()
    if line.strip()
][:4]
PERSIAN_FILE = ("\n\n".join(PERSIAN) + "\n").encode()
REFUSED = "is in Persian, not Arabic; the model translates Arabic to English"


@pytest.fixture(scope="module")
def workspace(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make_workspace(tmp_path_factory.mktemp("serve-integration") / "ws")


@pytest.fixture(scope="module")
def server(workspace: Path) -> Iterator[str]:
    cache = workspace.parent / "cache"
    with running_server(workspace, "--no-cache", "--model", DEMO_ID, cache=cache) as (base, _):
        yield base


def post(server: str, path: str, **kwargs: Any) -> httpx.Response:
    return httpx.post(server + path, timeout=120, **kwargs)


def test_a_briefing_leaves_a_persian_article_out_and_lists_it_as_build_does(server: str) -> None:
    files = [
        ("files", ("a-arabic.txt", f"بيان الوزارة\n\n{ARABIC}\n".encode(), "text/plain")),
        ("files", ("b-persian.txt", PERSIAN_FILE, "text/plain")),
    ]
    response = post(server, "/briefing", files=files, data={"format": "md"})
    assert response.status_code == 200, response.text
    cover = response.text.split("\n## ", 1)[0]
    assert "1 article" in cover
    assert "b-persian.txt (Persian)" in cover
    assert ARABIC in response.text
    assert not any(paragraph in response.text for paragraph in PERSIAN)


def test_a_briefing_of_persian_only_is_a_400_naming_the_language(server: str) -> None:
    files = [("files", ("statement.txt", PERSIAN_FILE, "text/plain"))]
    response = post(server, "/briefing", files=files, data={"format": "md"})
    assert response.status_code == 400
    assert "is in Persian, not Arabic" in response.json()["error"]


def test_translate_file_refuses_a_persian_file_as_translate_does(server: str) -> None:
    response = post(
        server,
        "/translate_file",
        data={"source": "ar", "target": "en"},
        files={"file": ("statement.txt", PERSIAN_FILE, "text/plain")},
    )
    assert response.status_code == 400
    assert response.json() == {"error": f"statement.txt: the article {REFUSED}"}


def test_persian_given_as_arabic_comes_back_as_it_is_with_a_flag(server: str) -> None:
    persian = PERSIAN[0]
    response = post(
        server, "/translate", json={"q": [ARABIC, persian], "source": "ar", "target": "en"}
    )
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["translatedText"][1] == persian  # not the model's reading of it
    assert body["translatedText"][0] != ARABIC
    (flag,) = body["briefing"][1]["flags"]
    assert flag["code"] == "foreign"
    assert "q[1]: the article is in Persian, not Arabic" in flag["message"]
    assert body["briefing"][0]["flags"] == [] or all(
        f["code"] != "foreign" for f in body["briefing"][0]["flags"]
    )


def _translated(server: str, name: str, data: bytes) -> httpx.Response:
    response = post(
        server,
        "/translate_file",
        data={"source": "ar", "target": "en"},
        files={"file": (name, data)},
    )
    assert response.status_code == 200, response.text
    return httpx.get(response.json()["translatedFileUrl"], timeout=30)


@pytest.mark.parametrize("name", ["news.txt", "news.md", "news.html"])
def test_a_file_translated_by_the_demo_model_says_so_first(server: str, name: str) -> None:
    from briefing.render.context import DEMO_NOTICE

    source = f"<p>{ARABIC}</p>" if name.endswith(".html") else f"{ARABIC}\n"
    english = _translated(server, name, source.encode()).text
    first = english.splitlines()[0]
    assert DEMO_NOTICE in first
    assert ARABIC not in english and english.count(DEMO_NOTICE) == 1


def test_a_word_file_translated_by_the_demo_model_says_so_on_every_page(server: str) -> None:
    import docx

    from briefing.render.context import DEMO_NOTICE

    document = docx.Document()
    document.add_paragraph(ARABIC)
    document.add_section()
    document.add_paragraph(ARABIC)
    data = io.BytesIO()
    document.save(data)
    english = docx.Document(io.BytesIO(_translated(server, "news.docx", data.getvalue()).content))
    headers = [section.header for section in english.sections]
    assert DEMO_NOTICE in headers[0].paragraphs[0].text
    assert all(h.is_linked_to_previous or DEMO_NOTICE in h.paragraphs[0].text for h in headers)
    assert [p.text for p in english.paragraphs if p.text] and not any(
        ARABIC in p.text for p in english.paragraphs
    )


def test_a_briefing_names_the_workspace_glossary_as_build_does(
    server: str, workspace: Path
) -> None:
    """Issue 17 item 15 on the server: "workspace PATH", not the folder's bare name."""
    response = post(server, "/briefing", data={"text": f"بيان\n\n{ARABIC}\n", "format": "json"})
    assert response.status_code == 200, response.text
    name = response.json()["briefing"]["glossary"]["name"]
    assert name == f"workspace {workspace / 'glossary'}"


def test_english_with_an_arabic_line_given_as_arabic_has_the_line_translated(server: str) -> None:
    """Only a text in Arabic script that is not Arabic is kept whole: in a text mostly in
    English, the English line is kept (flagged) and the Arabic one translated."""
    english = (
        "Breaking news from the region today, with more details to follow later on, as "
        "our correspondents confirm what the ministry has said in its statement tonight."
    )
    response = post(
        server, "/translate", json={"q": f"{english}\n{ARABIC}", "source": "ar", "target": "en"}
    )
    assert response.status_code == 200, response.text
    first, second = response.json()["translatedText"].split("\n")
    assert first == english and second and ARABIC not in second
    assert [f["code"] for f in response.json()["briefing"]["flags"]][:1] == ["foreign"]
