"""Issue 11, PDF input: the shipped paper typeset to PDF by the test suite (tests/
pdf_layouts.py, two layouts) must give the reading text, footnotes, anchors, citations,
headings and front matter of source.md (whitespace aside). Page breaks differ from the
original's (the PDF has its own pages), so joins are not compared; the other article the
original prints inside ours is not typeset (its paragraph is printed whole)."""

from __future__ import annotations

import re

import pytest

from marxkg.citations import read_document
from tests.pdf_layouts import typeset
from tests.test_ingest_variants import reading_structure


def _ws(value):
    if isinstance(value, str):
        return re.sub(r"\s+", "", value)
    if isinstance(value, (list, tuple)):
        return [_ws(v) for v in value]
    return value


def structure(doc) -> dict:
    return {
        **reading_structure(doc),
        "text": doc.text,
        "citations": len(doc.citations),
        "unresolved": [i.kind for i in doc.issues],
    }


@pytest.fixture(scope="module", params=["footnotes", "endnotes"])
def pdf_doc(request, tmp_path_factory):
    path = tmp_path_factory.mktemp(f"pdf-{request.param}") / "source.pdf"
    pages = typeset(path, request.param)
    return request.param, pages, read_document(path, "pdf-paper")


@pytest.fixture(scope="module")
def expected(paper):
    want = structure(paper)
    # The other article is not typeset: its paragraph is whole, with no jump.
    return want


@pytest.mark.parametrize(
    "field",
    [
        "title",
        "front",
        "footnotes",
        "anchors",
        "text",
        "headings",
        "marx_pages",
        "citations",
        "bibliography",
        "unresolved",
    ],
)
def test_pdf_recovers_the_original(pdf_doc, expected, field):
    _, _, doc = pdf_doc
    assert _ws(structure(doc)[field]) == _ws(expected[field])


def test_pdf_pages_and_furniture(pdf_doc):
    _, pages, doc = pdf_doc
    assert doc.source_format == "pdf" and pages >= 10
    assert [b.page for b in doc.blocks][:2] == [1, 1]
    assert all(b.page is not None for b in doc.blocks)
    assert [b.page for b in doc.blocks] == sorted(b.page for b in doc.blocks)
    assert doc.blocks[-1].page in (pages - 1, pages)  # the last page: references (+ notes)
    heads = [u.page for u in doc.uncertain if "running head" in u.decision]
    numbers = [u.page for u in doc.uncertain if "page number" in u.decision]
    assert heads == list(range(2, pages + 1)) and numbers == list(range(1, pages + 1))
    from marxkg.export.report import document_report, summary_lines

    line = summary_lines({"documents": [document_report(doc)]})[0]
    assert line.startswith("pdf-paper (zh-Hans): 0 unresolved,") and "furniture@p1" in line


def test_pdf_footnote_numbering(pdf_doc):
    layout, _, doc = pdf_doc
    labels = [n.label for n in doc.footnotes]
    if layout == "endnotes":
        assert labels == [f"[{k}]" for k in range(1, 59)]
    else:  # numbering restarts on each page
        assert labels.count("①") == len({n.group for n in doc.footnotes}) > 5


def test_two_column_page_is_read_column_by_column(tmp_path):
    """A small named fixture: a full-width title over two columns; paragraph B runs from
    the foot of the left column to the top of the right column."""
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    from marxkg.ingest.pdf import read_pdf

    if "STSong-Light" not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    a = "甲" * 18 + "乙" * 20 + "丙" * 11 + "。"
    b = "丁" * 18 + "戊" * 20 + "己" * 20 + "庚" * 4 + "。"
    c = "辛" * 18 + "壬" * 6 + "。"
    left = [(2, a[:18]), (0, a[18:38]), (0, a[38:]), (2, b[:18]), (0, b[18:38])]
    right = [(0, b[38:58]), (0, b[58:]), (2, c[:18]), (0, c[18:])]
    path = tmp_path / "two-columns.pdf"
    cv = canvas.Canvas(str(path), pagesize=(595, 842))
    cv.setFont("STSong-Light", 16)
    cv.drawCentredString(297.5, 760, "两栏排版的样本")
    cv.setFont("STSong-Light", 10.5)
    for x0, column in ((72, left), (308, right)):
        y = 720.0
        for indent, text in column:
            cv.drawString(x0 + indent * 10.5, y, text)
            y -= 16
    cv.showPage()
    cv.save()
    text = read_pdf(path).text
    assert [ln for ln in text.split("\n") if ln][:4] == ["两栏排版的样本", a, b, c]
