"""The Word briefing, reopened with python-docx: structure, text, RTL properties, safety."""

from __future__ import annotations

import io
import re
import zipfile
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
from docx import Document
from docx.oxml.ns import qn

from briefing import __version__
from briefing.document import Article, ModelInfo, Paragraph, TranslatedArticle, TranslatedParagraph
from briefing.errors import OutputError, TemplateError
from briefing.qa.checks import summarize
from briefing.render.docx import build_docx, render_docx
from briefing.render.meta import BriefingMeta
from helpers import ROOT, sample_briefing, seed_briefing

TEMPLATE = ROOT / "templates" / "briefing.docx"
META = BriefingMeta(
    title="Morning briefing",
    date="2024-10-28",
    model=ModelInfo("opus-ar-en", "1.2"),
    glossary_name="glossary/names.csv",
    glossary_digest="0123456789abcdef" * 4,
)
ARABIC = re.compile("[\u0600-\u06ff]")
ARABIC_FONT = "Noto Naskh Arabic"


@pytest.fixture(scope="module")
def rendered(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("docx") / "briefing.docx"
    render_docx(sample_briefing(), out, template=TEMPLATE, meta=META)
    return out


def flat(articles: list[TranslatedArticle]) -> list[TranslatedArticle]:
    return [item for a in articles for item in [a, *flat(a.related)]]


def article_tables(document: Any) -> list[Any]:
    return [
        t for t in document.tables if [c.text for c in t.rows[0].cells] == ["English", "العربية"]
    ]


def test_one_table_per_article_with_a_row_per_paragraph(rendered: Path) -> None:
    document = Document(str(rendered))
    tables = article_tables(document)
    articles = flat(sample_briefing())
    assert len(tables) == len(articles) == 4
    for table, article in zip(tables, articles, strict=True):
        rows = table.rows[1:]
        assert len(rows) == len(article.paragraphs)
        for row, paragraph in zip(rows, article.paragraphs, strict=True):
            english, arabic = row.cells
            assert english.paragraphs[0].text == paragraph.target
            assert arabic.text == paragraph.source
            assert len(table.columns) == 2


def test_the_real_seed_articles_render_whole_and_right_to_left(tmp_path: Path) -> None:
    articles = seed_briefing()
    out = tmp_path / "seeds.docx"
    render_docx(articles, out, template=TEMPLATE, meta=META)
    document = Document(str(out))
    tables = article_tables(document)
    flattened = flat(articles)
    assert len(tables) == len(flattened) == 4  # three seeds, one with a related article
    for table, article in zip(tables, flattened, strict=True):
        cells = [(row.cells[0].paragraphs[0].text, row.cells[1].text) for row in table.rows[1:]]
        assert cells == [(p.target, p.source) for p in article.paragraphs]
    for p in arabic_paragraphs(document):
        assert p.find(qn("w:pPr")).find(qn("w:bidi")) is not None
        for run in p.iter(qn("w:r")):
            assert run.find(qn("w:rPr")).find(qn("w:rtl")) is not None


def test_header_row_repeats_and_columns_are_half_and_half(rendered: Path) -> None:
    for table in article_tables(Document(str(rendered))):
        tr_pr = table.rows[0]._tr.trPr
        assert tr_pr is not None and tr_pr.find(qn("w:tblHeader")) is not None
        widths = [int(col.get(qn("w:w"))) for col in table._tbl.tblGrid.findall(qn("w:gridCol"))]
        assert abs(widths[0] - widths[1]) <= 1
        for row in table.rows[1:]:
            assert row._tr.trPr is None or row._tr.trPr.find(qn("w:tblHeader")) is None


def arabic_paragraphs(document: Any) -> list[Any]:
    """The Arabic cells of every table (article tables and the glossary appendix), and
    any paragraph whose letters are all Arabic (titles, the "العربية" header cells).
    An English line quoting an Arabic name is not an Arabic paragraph."""
    found = []
    for table in document.tables:
        header = [c.text for c in table.rows[0].cells]
        for label in ("العربية", "Arabic"):
            if label in header:
                column = header.index(label)
                for row in table.rows[1:]:
                    found.extend(p._p for p in row.cells[column].paragraphs)
    for p in document.element.body.iter(qn("w:p")):
        text = "".join(t.text or "" for t in p.iter(qn("w:t")))
        letters = [ch for ch in text if ch.isalpha()]
        if letters and all(ARABIC.match(ch) for ch in letters) and p not in found:
            found.append(p)
    return found


def test_every_arabic_paragraph_and_run_is_marked_right_to_left(rendered: Path) -> None:
    document = Document(str(rendered))
    paragraphs = arabic_paragraphs(document)
    sources = [p.source for a in flat(sample_briefing()) for p in [a.title, *a.paragraphs]]
    assert len(paragraphs) >= len(sources)
    for p in paragraphs:
        p_pr = p.find(qn("w:pPr"))
        assert p_pr is not None and p_pr.find(qn("w:bidi")) is not None
        jc = p_pr.find(qn("w:jc"))
        assert jc is None or jc.get(qn("w:val")) not in ("right", "end")
        for run in p.iter(qn("w:r")):
            if not "".join(t.text or "" for t in run.iter(qn("w:t"))):
                continue
            r_pr = run.find(qn("w:rPr"))
            assert r_pr is not None
            assert r_pr.find(qn("w:rtl")) is not None
            assert r_pr.find(qn("w:rFonts")).get(qn("w:cs")) == ARABIC_FONT
            assert int(r_pr.find(qn("w:szCs")).get(qn("w:val"))) >= 20
            assert r_pr.find(qn("w:lang")).get(qn("w:bidi")) == "ar-SA"


def test_no_bidi_paragraph_or_style_is_right_justified(rendered: Path) -> None:
    with zipfile.ZipFile(rendered) as archive:
        for name in ("word/document.xml", "word/styles.xml"):
            xml = archive.read(name).decode()
            for block in re.findall(r"<w:pPr>.*?</w:pPr>", xml, re.S):
                if "<w:bidi/>" in block:
                    assert not re.search(r'<w:jc w:val="(right|end)"', block), block


def test_subheadings_are_headings_in_both_columns(rendered: Path) -> None:
    document = Document(str(rendered))
    articles = flat(sample_briefing())
    seen = 0
    for table, article in zip(article_tables(document), articles, strict=True):
        for row, paragraph in zip(table.rows[1:], article.paragraphs, strict=True):
            english, arabic = (cell.paragraphs[0] for cell in row.cells)
            if paragraph.heading:
                seen += 1
                assert english.style.name == "Heading 3"
                assert arabic.style.name == "Arabic Subheading"
                assert arabic.style.base_style.name == "Heading 3"
            else:
                assert not english.style.name.startswith("Heading")
                assert arabic.style.name == "Arabic Text"
    assert seen == 2


def test_flagged_paragraphs_show_the_flag_text_and_are_shaded(rendered: Path) -> None:
    document = Document(str(rendered))
    articles = flat(sample_briefing())
    flagged = 0
    for table, article in zip(article_tables(document), articles, strict=True):
        for row, paragraph in zip(table.rows[1:], article.paragraphs, strict=True):
            english = row.cells[0]
            notes = [p.text for p in english.paragraphs if p.style.name == "QA Flag"]
            assert notes == [f"QA {f.code}: {f.message}" for f in paragraph.flags]
            fill = english._tc.tcPr.find(qn("w:shd")).get(qn("w:fill"))
            assert (fill != "auto") == bool(paragraph.flags)
            flagged += bool(paragraph.flags)
    assert flagged == 3


def test_cover_and_contents(rendered: Path) -> None:
    document = Document(str(rendered))
    texts = [p.text for p in document.paragraphs]
    assert texts[:3] == [
        "Morning briefing",
        "28 October 2024",
        "3 articles (+ 1 related) from 2 sources",
    ]
    about = document.tables[0]
    assert [row.cells[1].text for row in about.rows[1:]] == [
        "opus-ar-en 1.2",
        "glossary/names.csv (sha256 0123456789ab)",
        f"briefing {__version__}",
    ]
    qa = {row.cells[0].text: int(row.cells[1].text) for row in document.tables[1].rows[1:]}
    assert qa == summarize(sample_briefing())
    entries = [p for p in document.paragraphs if p.style.name.startswith("Contents ")]
    titles = [a.title.target for a in flat(sample_briefing())]
    listed = [p.text.split("\t")[1] for p in entries if p.style.name != "Contents Detail"]
    assert listed == titles


def test_contents_links_reach_unique_bookmarks(rendered: Path) -> None:
    body = Document(str(rendered)).element.body
    anchors = [link.get(qn("w:anchor")) for link in body.iter(qn("w:hyperlink"))]
    starts = list(body.iter(qn("w:bookmarkStart")))
    names = [b.get(qn("w:name")) for b in starts]
    articles = [name for name in names if not name.startswith("_BR")]  # not review marks
    assert anchors == articles == ["article_1", "article_1_1", "article_2", "article_3"]
    assert len(set(names)) == len(names)
    ids = [b.get(qn("w:id")) for b in starts]
    assert len(set(ids)) == len(ids)
    assert sorted(e.get(qn("w:id")) for e in body.iter(qn("w:bookmarkEnd"))) == sorted(ids)


def test_related_article_follows_its_parent(rendered: Path) -> None:
    document = Document(str(rendered))
    headings = [
        p.text for p in document.paragraphs if p.style.name in ("Article Title", "Related Title")
    ]
    assert headings == [
        "1.  New desalination plant opens in Jeddah",
        "1.1  Demand for water rises in summer",
        "2.  International book fair welcomes visitors in Riyadh",
        "3.  Heavy rain expected in the southern regions",
    ]
    labels = [p.text for p in document.paragraphs if p.style.name == "Related Label"]
    assert labels == ["Related to article 1 (New desalination plant opens in Jeddah)"]


def test_glossary_appendix_lists_names_with_mentions(rendered: Path) -> None:
    table = Document(str(rendered)).tables[-1]
    assert [c.text for c in table.rows[0].cells] == ["Arabic", "English", "Kind", "Mentions"]
    rows = {tuple(c.text for c in row.cells) for row in table.rows[1:]}
    expected = Counter(
        (t.entry, t.english, t.kind)
        for a in flat(sample_briefing())
        for p in [a.title, *a.paragraphs]
        for t in p.terms
    )
    assert rows == {(ar, en, kind, str(n)) for (ar, en, kind), n in expected.items()}
    assert ("جدة", "Jeddah", "place", "3") in rows


def test_core_properties_record_tool_model_and_glossary(rendered: Path) -> None:
    props = Document(str(rendered)).core_properties
    assert props.title == "Morning briefing"
    assert props.version == __version__
    assert "opus-ar-en 1.2" in props.keywords and META.glossary_digest in props.keywords
    assert props.identifier == f"sha256:{META.glossary_digest}"
    assert props.created is not None and props.created.date().isoformat() == "2024-10-28"


def test_same_input_gives_identical_bytes() -> None:
    first = build_docx(sample_briefing(), template=TEMPLATE, meta=META)
    assert build_docx(sample_briefing(), template=TEMPLATE, meta=META) == first


def hostile_article(text: str) -> list[TranslatedArticle]:
    source = "قال " + text
    article = Article(title="عنوان " + text, paragraphs=[Paragraph(source)], source=text)
    title = TranslatedParagraph("عنوان " + text, "Title " + text, [])
    paragraph = TranslatedParagraph(source, "He said " + text, [])
    return [TranslatedArticle(article, title, [paragraph])]


HOSTILE = "<b>x</b> & {{ 7*7 }} {% if %} a\x0bb\x00c \u202eevil\u202c </w:t><w:p/>"
STRIPPED = "<b>x</b> & {{ 7*7 }} {% if %} abc evil </w:t><w:p/>"


def element_tags(data: bytes) -> Counter[str]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        xml = archive.read("word/document.xml").decode()
    return Counter(re.findall(r"<(w:[A-Za-z]+)", xml))


def test_article_text_comes_out_literally_with_no_injected_markup(tmp_path: Path) -> None:
    out = tmp_path / "hostile.docx"
    render_docx(hostile_article(HOSTILE), out, template=TEMPLATE, meta=META)
    document = Document(str(out))
    english, arabic = article_tables(document)[0].rows[1].cells
    assert english.text == "He said " + STRIPPED
    assert arabic.text == "قال " + STRIPPED
    assert "1.  Title " + STRIPPED in [p.text for p in document.paragraphs]
    assert "49" not in english.text
    benign = build_docx(hostile_article("plain words here"), template=TEMPLATE, meta=META)
    assert element_tags(out.read_bytes()) == element_tags(benign)


def test_a_broken_template_leaves_the_previous_output_untouched(tmp_path: Path) -> None:
    out = tmp_path / "briefing.docx"
    out.write_bytes(b"previous")
    broken = tmp_path / "broken.docx"
    broken.write_bytes(b"\x89PNG\r\n\x1a\nnot a docx")
    with pytest.raises(TemplateError, match=re.escape(str(broken))):
        render_docx(sample_briefing(), out, template=broken, meta=META)
    assert out.read_bytes() == b"previous"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["briefing.docx", "broken.docx"]


def test_missing_template_and_missing_output_folder(tmp_path: Path) -> None:
    with pytest.raises(TemplateError, match="template not found"):
        render_docx(
            sample_briefing(), tmp_path / "a.docx", template=tmp_path / "no.docx", meta=META
        )
    with pytest.raises(OutputError, match="does not exist"):
        render_docx(sample_briefing(), tmp_path / "no" / "a.docx", template=TEMPLATE, meta=META)


def test_template_that_is_a_renamed_text_file(tmp_path: Path) -> None:
    fake = tmp_path / "fake.docx"
    fake.write_text("{{ meta.title }}", encoding="utf-8")
    with pytest.raises(TemplateError, match="not a Word .docx template"):
        build_docx(sample_briefing(), template=fake, meta=META)


def test_jinja_syntax_error_names_the_template_and_the_paragraph(tmp_path: Path) -> None:
    document = Document(str(TEMPLATE))
    document.add_paragraph("Analyst note: {% if meta.title %} unfinished")
    bad = tmp_path / "bad.docx"
    document.save(str(bad))
    with pytest.raises(TemplateError) as caught:
        build_docx(sample_briefing(), template=bad, meta=META)
    message = str(caught.value)
    assert str(bad) in message and "Jinja syntax error" in message
    assert "Analyst note" in message and "\n" not in message


def test_template_runtime_error_is_a_template_error(tmp_path: Path) -> None:
    document = Document(str(TEMPLATE))
    document.add_paragraph("{{ meta.title.__class__.__mro__ }}")  # blocked by the sandbox
    bad = tmp_path / "unsafe.docx"
    document.save(str(bad))
    with pytest.raises(TemplateError, match="could not be rendered"):
        build_docx(sample_briefing(), template=bad, meta=META)


def test_template_zip_bomb_is_refused_before_unpacking(tmp_path: Path) -> None:
    bomb = tmp_path / "bomb.docx"
    with zipfile.ZipFile(bomb, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        with archive.open("word/media/padding.bin", "w", force_zip64=True) as padding:
            for _ in range(201):
                padding.write(bytes(2**20))
    assert bomb.stat().st_size < 2**20
    with pytest.raises(TemplateError, match="over the 200 MB limit"):
        build_docx(sample_briefing(), template=bomb, meta=META)


def test_any_title_fits_in_the_core_properties(tmp_path: Path) -> None:
    meta = BriefingMeta(title="Weekly \x00\u202e" + "x" * 400, model=ModelInfo("m\x0b", "1"))
    document = Document(io.BytesIO(build_docx(sample_briefing(), template=TEMPLATE, meta=meta)))
    assert document.core_properties.title == "Weekly " + "x" * 248
    assert document.paragraphs[0].text == "Weekly " + "x" * 400
