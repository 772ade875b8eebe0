"""The language of paragraphs and articles, on the real py3langid model and the real CLI:
English quotes kept as they are, Persian and Urdu articles refused, left out of a briefing."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from briefing import api
from briefing.ingest.reader import read_articles
from briefing.text.language import article_language, is_foreign_paragraph, language_of
from helpers import DEMO_ID, data_path, shared_path

ARABIC_1 = "قال المتحدث باسم الوزارة إن الوفد سيصل إلى جنيف يوم الاثنين لبدء المحادثات."
ARABIC_2 = "وأضاف أن المحادثات ستستمر ثلاثة أيام بمشاركة ممثلين عن الأمم المتحدة."
QUOTE = '"We will not accept this," the spokesman said in English after the meeting.'


def written(code: str) -> list[str]:
    text = data_path(f"languages/{code}.txt").read_text(encoding="utf-8")
    return [line for line in text.splitlines() if line.strip()]


def briefing(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "BRIEFING_MODEL": DEMO_ID, "HOME": str(cwd)}
    return subprocess.run(
        [sys.executable, "-m", "briefing", *args],
        capture_output=True, text=True, env=env, cwd=cwd, timeout=300, check=False,
    )  # fmt: skip


@pytest.mark.parametrize("code", ["fa", "ur", "en"])
def test_written_paragraphs_are_recognised(code: str) -> None:
    paragraphs = written(code)
    assert len(paragraphs) == 50
    right = [p for p in paragraphs if language_of(p) == code]
    assert len(right) >= 0.95 * len(paragraphs), set(paragraphs) - set(right)


def test_no_corpus_paragraph_of_five_words_is_taken_for_another_language() -> None:
    articles = read_articles(shared_path("corpus/saudinewsnet-275.jsonl"))
    paragraphs = [p.text for a in articles for p in a.paragraphs if len(p.text.split()) >= 5]
    assert len(paragraphs) > 1000
    assert [p for p in paragraphs if language_of(p) != "ar"] == []
    assert [p for p in paragraphs if is_foreign_paragraph(p)] == []
    assert {article_language([a.title, *(p.text for p in a.paragraphs)]) for a in articles} == {
        "ar"
    }


@pytest.mark.parametrize(
    "text",
    ["محمد بن سلمان", "قال المتحدث إن طائرات F-16 وصلت إلى قاعدة NATO في 2024", "CNN - دمشق"],
)
def test_arabic_with_names_or_codes_is_arabic(text: str) -> None:
    assert language_of(text) == "ar"
    assert not is_foreign_paragraph(text)


def test_short_persian_paragraphs_do_not_flip_an_arabic_article() -> None:
    """A dateline or a name in Persian letters (گ, ی) among long Arabic paragraphs."""
    assert article_language(["گزارش", "کابل", ARABIC_1, ARABIC_2]) == "ar"


def test_api_detect_language_ranks_codes_with_confidences() -> None:
    ranked = api.detect_language(written("ur")[0])
    assert ranked[0][0] == "ur"
    assert all(isinstance(code, str) and 0 <= conf <= 1 for code, conf in ranked)
    assert [c for c, _ in ranked] == sorted(
        {c for c, _ in ranked}, key=[c for c, _ in ranked].index
    )
    assert api.detect_language("12345 ...") == []


@pytest.mark.usefixtures("installed_models")
def test_an_english_quote_in_an_arabic_article_is_kept_verbatim_and_flagged(
    tmp_path: Path,
) -> None:
    article = tmp_path / "mixed.txt"
    article.write_text(f"بيان الوزارة\n\n{ARABIC_1}\n\n{QUOTE}\n\n{ARABIC_2}\n", encoding="utf-8")
    done = briefing("translate", str(article), "--format", "json", "--no-cache", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    document = json.loads(done.stdout)
    paragraphs = document["articles"][0]["paragraphs"]
    assert [p["source"] for p in paragraphs] == [ARABIC_1, QUOTE, ARABIC_2]
    quote = paragraphs[1]
    assert quote["target"] == QUOTE
    assert [f["code"] for f in quote["flags"]] == ["foreign"]
    assert "English" in quote["flags"][0]["message"]
    assert quote["sentences"] == []  # never sent to the model
    assert all(f["code"] != "foreign" for p in (paragraphs[0], paragraphs[2]) for f in p["flags"])
    assert document["qa"]["foreign"] == 1


@pytest.mark.parametrize(("code", "name"), [("fa", "Persian"), ("ur", "Urdu")])
def test_translate_refuses_a_persian_or_urdu_article_in_one_line(
    tmp_path: Path, code: str, name: str
) -> None:
    article = tmp_path / f"{code}.txt"
    article.write_text("\n\n".join(written(code)[:6]) + "\n", encoding="utf-8")
    done = briefing("translate", str(article), cwd=tmp_path)
    assert done.returncode == 1
    assert done.stdout == ""
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1, done.stderr
    assert lines[0] == (
        f"error: {article}: the article is in {name}, not Arabic; "
        "the model translates Arabic to English"
    )


def test_translate_says_an_english_article_has_no_arabic(tmp_path: Path) -> None:
    article = tmp_path / "en.txt"
    article.write_text("\n\n".join(written("en")[:5]) + "\n", encoding="utf-8")
    done = briefing("translate", str(article), cwd=tmp_path)
    assert done.returncode == 1
    assert done.stderr.strip() == (
        f"error: {article}: the article has no Arabic text (it is in English); "
        "the model translates Arabic to English"
    )


@pytest.mark.usefixtures("installed_models")
def test_build_leaves_a_persian_article_out_and_lists_it_on_the_cover(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a-arabic.txt").write_text(f"بيان الوزارة\n\n{ARABIC_1}\n", encoding="utf-8")
    persian = written("fa")[:4]
    (folder / "b-persian.txt").write_text("\n\n".join(persian) + "\n", encoding="utf-8")
    (folder / "c-arabic.txt").write_text(f"خبر آخر\n\n{ARABIC_2}\n", encoding="utf-8")
    out = tmp_path / "briefing.md"
    done = briefing("build", str(folder), "-o", str(out), "--no-cache", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    warning = [line for line in done.stderr.splitlines() if "b-persian.txt" in line]
    assert warning == [
        f"warning: {folder / 'b-persian.txt'}: the article is in Persian, not Arabic: left out "
        "(the model translates Arabic to English)"
    ]
    text = out.read_text(encoding="utf-8")
    cover = text.split("\n## ", 1)[0]
    assert "2 articles" in cover
    assert "left out, not in Arabic: b-persian.txt (Persian)" in cover
    assert ARABIC_1 in text and ARABIC_2 in text
    assert not any(p in text for p in persian)
