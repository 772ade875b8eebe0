"""Reading every supported format, encoding, folders and stdin."""

from __future__ import annotations

import io
import json
import sys
from pathlib import Path

import docx
import lxml.html
import pytest

from briefing.document import Article
from briefing.ingest.reader import parse_size, read_articles, read_text_bytes, supported_files
from helpers import data_path, shared_path

PASTED = data_path("reader-pasted.txt").read_text(encoding="utf-8")


def _same_article(a: Article, b: Article) -> bool:
    return (a.title, a.paragraphs, a.published, a.source, len(a.related)) == (
        b.title,
        b.paragraphs,
        b.published,
        b.source,
        len(b.related),
    )


@pytest.mark.parametrize(
    ("encoding", "bom"),
    [
        ("utf-8", b""),
        ("utf-8", b"\xef\xbb\xbf"),
        ("utf-16-le", b"\xff\xfe"),
        ("utf-16-be", b"\xfe\xff"),
        ("utf-16-le", b""),  # no BOM: detected by charset-normalizer
        ("utf-16-be", b""),
        ("cp1256", b""),  # Windows-1256, still common for Arabic
    ],
)
def test_encodings(tmp_path: Path, encoding: str, bom: bytes) -> None:
    path = tmp_path / "article.txt"
    path.write_bytes(bom + PASTED.encode(encoding))
    (article,) = read_articles(path)
    assert _same_article(article, read_articles(data_path("reader-pasted.txt"))[0])


def test_crlf_and_utf8_bom_give_the_same_article(tmp_path: Path) -> None:
    path = tmp_path / "windows.txt"
    path.write_bytes(b"\xef\xbb\xbf" + PASTED.replace("\n", "\r\n").encode("utf-8"))
    assert read_articles(path)[0].title == PASTED.splitlines()[0]


def test_pasted_text_file() -> None:
    (article,) = read_articles(data_path("reader-pasted.txt"))
    assert article.path == str(data_path("reader-pasted.txt"))
    assert article.published == "2024-03-12T09:30"
    assert len(article.related) == 3
    assert sum(p.heading for p in article.paragraphs) == 1


def test_markdown() -> None:
    (article,) = read_articles(data_path("reader-article.md"))
    assert article.title == "افتتاح معرض الكتاب الدولي بمشاركة ثلاثمئة دار نشر"
    assert article.published == "2024-09-03"
    texts = [p.text for p in article.paragraphs]
    assert "بمشاركة ثلاثمئة دار نشر من عشرين دولة." in texts[0]  # link text kept, URL gone
    assert not any(mark in t for t in texts for mark in ("](", "**", "![", "#", "---", "> "))
    assert [p.heading for p in article.paragraphs] == [False, True, False, False]


def test_jsonl_records() -> None:
    articles = read_articles(data_path("reader-records.jsonl"))
    assert [a.title for a in articles] == [
        "افتتاح جسر جديد فوق النهر",
        "ارتفاع درجات الحرارة خلال عطلة نهاية الأسبوع",
        "مهرجان للتمور في المدينة",
    ]
    first = articles[0]
    assert (first.source, first.url, first.author) == (
        "example-daily",
        "https://example.org/a/1",
        "محرر الشؤون المحلية",
    )
    assert first.published == "2024-05-02T08:15:00"  # from date_extracted
    assert articles[1].published == "2024-05-03"  # `date` wins
    assert [p.text for p in first.paragraphs] == [
        "افتتح المحافظ جسرا جديدا يربط ضفتي النهر.",
        "ويبلغ طول الجسر 400 متر.",
    ]
    assert len(articles[2].paragraphs) == 2  # content given as a list of paragraphs


def test_json_list_and_articles_object(tmp_path: Path) -> None:
    records = [
        json.loads(line)
        for line in data_path("reader-records.jsonl").read_text(encoding="utf-8").splitlines()
    ]
    (tmp_path / "list.json").write_text(json.dumps(records), encoding="utf-8")
    (tmp_path / "wrapped.json").write_text(json.dumps({"articles": records}), encoding="utf-8")
    (tmp_path / "one.json").write_text(json.dumps(records[0]), encoding="utf-8")
    assert len(read_articles(tmp_path / "list.json")) == 3
    assert len(read_articles(tmp_path / "wrapped.json")) == 3
    assert read_articles(tmp_path / "one.json")[0].title == records[0]["title"]


def test_jsonl_bad_line_skip_reports_it(tmp_path: Path) -> None:
    lines = data_path("reader-records.jsonl").read_text(encoding="utf-8").splitlines()
    path = tmp_path / "broken.jsonl"
    path.write_text("\n".join([lines[0], '{"title": "مقطوع", "content": ', lines[1]]), "utf-8")
    skipped: list[str] = []
    articles = read_articles(path, on_bad_line="skip", skipped=skipped)
    assert len(articles) == 2
    assert len(skipped) == 1 and "line 2" in skipped[0] and str(path) in skipped[0]


def test_html_page() -> None:
    (article,) = read_articles(data_path("reader-page.html"))
    assert article.title == "أمطار غزيرة تغلق طرقا في المناطق الجبلية"
    assert article.published == "2024-11-04T07:45:00+03:00"
    assert article.url == "https://example.org/news/rain"
    assert article.source == "موقع المثال"  # og:site_name when no lead or source line
    texts = [p.text for p in article.paragraphs]
    assert texts[1].endswith("فتح الطرق وإزالة الصخور المتساقطة.")  # <br> inside <p> is a space
    assert [p.heading for p in article.paragraphs] == [False, False, True, False]
    assert "& الالتزام بالسرعة المحددة <60 كلم>." in texts[3]  # entities decoded once
    furniture = ("إعلان", "شارك", "نرحب", "الأكثر قراءة", "فوز الفريق", "حقوق", "tracker", "رياضة")
    assert not any(word in text for text in [article.title, *texts] for word in furniture)


def test_cnn_page() -> None:
    path = shared_path("corpus/html/cnn-arabic-2013-syria.html")
    (article,) = read_articles(path)
    page = lxml.html.parse(str(path)).getroot()
    assert article.title == page.xpath("string(//div[@class='cnn_storyarea']//h1)").strip()
    assert article.published == "2013-08-28"
    assert article.updated == "2013-08-28T14:00+04:00"
    assert article.source == "CNN"
    body = page.xpath("//div[@class='cnn_strycntntrgt']/p")
    assert [p.text for p in article.paragraphs] == [
        " ".join(p.text_content().split()) for p in body
    ]
    sidebar = [" ".join(a.text_content().split()) for a in page.xpath("//h2/a")]
    assert len(sidebar) == 5
    texts = [article.title, *(p.text for p in article.paragraphs)]
    assert not any(headline in text for headline in sidebar for text in texts)
    assert not any("التعليقات" in text or "Cable News" in text for text in texts)


def test_docx(tmp_path: Path) -> None:
    document = docx.Document()
    document.add_paragraph("انقطاع الكهرباء عن أحياء في العاصمة")
    document.add_paragraph("تاريخ النشر: 7 حزيران 2024")
    document.add_paragraph("انقطعت الكهرباء صباح اليوم عن عدة أحياء بسبب عطل فني.")
    document.add_heading(
        "أسباب العطل وخطة الإصلاح التي أعلنتها الشركة اليوم بعد اجتماع طارئ مطول", 2
    )
    document.add_paragraph("وقالت الشركة إن الفرق تعمل على الإصلاح.")
    table = document.add_table(rows=1, cols=1)
    table.cell(0, 0).text = "وعادت الكهرباء إلى معظم الأحياء مساء."
    path = tmp_path / "article.docx"
    document.save(str(path))
    (article,) = read_articles(path)
    assert article.title == "انقطاع الكهرباء عن أحياء في العاصمة"
    assert article.published == "2024-06-07"
    assert [p.heading for p in article.paragraphs] == [False, True, False, False]
    assert article.paragraphs[-1].text == "وعادت الكهرباء إلى معظم الأحياء مساء."


def test_folder_is_read_recursively_in_order(tmp_path: Path) -> None:
    (tmp_path / "b").mkdir()
    (tmp_path / ".hidden").mkdir()
    (tmp_path / "b" / "2.txt").write_text("خبر ثان\nنص.", encoding="utf-8")
    (tmp_path / "a.txt").write_text("خبر أول\nنص.", encoding="utf-8")
    (tmp_path / "c.md").write_text("# خبر ثالث\nنص.", encoding="utf-8")
    (tmp_path / ".hidden" / "x.txt").write_text("مخفي\nنص.", encoding="utf-8")
    (tmp_path / "notes.odt").write_bytes(b"PK\x03\x04")
    (tmp_path / ".draft.txt").write_text("مسودة\nنص.", encoding="utf-8")
    assert [p.relative_to(tmp_path).as_posix() for p in supported_files(tmp_path)] == [
        "a.txt",
        "b/2.txt",
        "c.md",
    ]
    assert [a.title for a in read_articles(tmp_path)] == ["خبر أول", "خبر ثان", "خبر ثالث"]


def test_stdin(monkeypatch: pytest.MonkeyPatch) -> None:
    stdin = io.TextIOWrapper(io.BytesIO(PASTED.encode("cp1256")))
    monkeypatch.setattr(sys, "stdin", stdin)
    (article,) = read_articles("-")
    assert article.title == PASTED.splitlines()[0]
    assert article.path == "-" and all(r.path == "-" for r in article.related)


def test_stdin_jsonl(monkeypatch: pytest.MonkeyPatch) -> None:
    data = data_path("reader-records.jsonl").read_bytes()
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(data)))
    assert len(read_articles("-")) == 3


def test_long_unpunctuated_line_loses_nothing(tmp_path: Path) -> None:
    words = ["سلام", "كلمة", "عربية", "طويلة"] * 10_000
    line = " ".join(words)[:200_000]
    path = tmp_path / "long.txt"
    path.write_text(line, encoding="utf-8")
    (article,) = read_articles(path)
    assert "".join(p.text for p in article.paragraphs) == line


def test_read_text_bytes_keeps_text() -> None:
    assert read_text_bytes("نص عربي\n".encode("utf-16"), "x.txt") == "نص عربي\n"


@pytest.mark.parametrize(
    ("text", "size"), [("20MB", 20 * 1024**2), ("512k", 512 * 1024), ("1048576", 1048576)]
)
def test_parse_size(text: str, size: int) -> None:
    assert parse_size(text) == size


def test_whole_corpus_reads() -> None:
    articles = read_articles(shared_path("corpus/saudinewsnet-275.jsonl"))
    assert len(articles) == 275
    for article in articles:
        assert article.title and article.paragraphs and article.source and article.published
        assert all(p.text.strip() for p in article.paragraphs)


# -- deep pages ----------------------------------------------------------------------------------


def deep_page(paragraphs: int) -> str:
    """Paragraphs each opened by a <font> never closed: every one nests a level deeper."""
    body = "".join(
        f"<font><p>الفقرة رقم {n} من نص الخبر الطويل عن زيارة الوفد.</p>" for n in range(paragraphs)
    )
    return f"<html><body><h1>عنوان الخبر</h1><div class='story'>{body}</div></body></html>"


def test_a_page_300_tags_deep_loses_no_paragraph(tmp_path: Path) -> None:
    path = tmp_path / "deep.html"
    path.write_text(deep_page(300), encoding="utf-8")
    notes: list[str] = []
    (article,) = read_articles(path, skipped=notes)
    assert len(article.paragraphs) == 300
    assert [p.text for p in article.paragraphs] == [
        f"الفقرة رقم {n} من نص الخبر الطويل عن زيارة الوفد." for n in range(300)
    ]
    assert notes == []


def test_a_page_deeper_than_the_parser_goes_says_what_it_lost(tmp_path: Path) -> None:
    """Past libxml2's deepest (2,048 levels even with huge_tree) the rest is not parsed:
    the paragraphs read are kept, and a note names the file and what happened."""
    path = tmp_path / "deeper.html"
    path.write_text(deep_page(3000), encoding="utf-8")
    notes: list[str] = []
    (article,) = read_articles(path, skipped=notes)
    assert 2000 < len(article.paragraphs) < 3000
    assert len(notes) == 1 and str(path) in notes[0] and "nested too deeply" in notes[0], notes


def test_a_word_file_arriving_through_a_pipe_is_read_once(tmp_path: Path) -> None:
    """``<(cat article.docx)`` or a FIFO: the bytes can be read only once."""
    import os
    import subprocess

    document = docx.Document()
    document.add_paragraph("انقطاع الكهرباء عن أحياء في العاصمة")
    document.add_paragraph("انقطعت الكهرباء صباح اليوم عن عدة أحياء بسبب عطل فني.")
    saved = tmp_path / "saved.docx"
    document.save(str(saved))
    fifo = tmp_path / "article.docx"
    os.mkfifo(fifo)
    writer = subprocess.Popen(["sh", "-c", f"cat '{saved}' > '{fifo}'"])
    script = (
        "import sys; from briefing.ingest.reader import read_articles\n"
        "print(read_articles(sys.argv[1])[0].paragraphs[0].text)\n"
    )
    try:
        done = subprocess.run(
            [sys.executable, "-c", script, str(fifo)],
            capture_output=True, text=True, timeout=60, cwd=tmp_path,
        )  # fmt: skip
    finally:
        writer.kill()
        writer.wait()
    assert done.returncode == 0, done.stderr
    assert done.stdout == "انقطعت الكهرباء صباح اليوم عن عدة أحياء بسبب عطل فني.\n"
