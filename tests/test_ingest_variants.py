"""Issue 11: the shipped paper laid out as other journals, web pages and converters print
it (tests/variants.py) must give the structure of the original. The original's structure
is itself checked against hand-read gold in tests/test_ingest_paper.py (58 footnotes in 11
page blocks, 26 Marx page citations, 9 page-break joins + 1 continuation, 3 parts with 9
subsections, front matter); here every variant is compared with it, field by field."""

from __future__ import annotations

from functools import cache

import pytest

from marxkg.citations import document_from_text as ingest_text
from marxkg.ingest.script import converter
from tests.variants import VARIANTS, render

FRONT = (
    "author",
    "birth_year",
    "affiliation",
    "position",
    "address",
    "postcode",
    "funding_number",
    "funding_project",
    "keywords",
    "abstract",
)
EXTRA_FRONT = {
    "front-brackets": {
        "clc": "A811",
        "document_code": "A",
        "received": "2025-01-15",
        "article_id": "1000-0000(2025)03-0001-12",
        "doi": "10.0000/mkyj.2025.03.001",
        "affiliations": ["吉林大学 马克思主义学院，吉林 长春 130012"],
    },
    "front-colon-subtitle": {
        "subtitle": "基于马克思机器体系理论的考察",
        "authors": ["徐景一"],
        "received": "2025-01-15",
    },
}


def marx_pages(doc) -> int:
    return sum(len(r.pages) for n in doc.footnotes for r in n.references if r.kind == "marx")


def reading_structure(doc) -> dict:
    """What a reader of any layout must get: front matter, notes and their anchors,
    headings, Marx pages, bibliography (the PDF tests compare the same)."""
    text = doc.text
    return {
        "title": doc.front.title,
        "front": [getattr(doc.front, f) for f in FRONT],
        "footnotes": [n.text for n in doc.footnotes],
        "anchors": [
            (text[max(0, m.offset - 10) : m.offset], doc.footnotes[m.note - 1].text)
            for m in doc.markers
            if m.note
        ],
        "headings": [(s.id, s.title) for s in doc.sections],
        "marx_pages": marx_pages(doc),
        "bibliography": [r.raw for r in doc.bibliography],
    }


def structure(doc) -> dict:
    text = doc.text
    return {
        **reading_structure(doc),
        "paragraphs": [text[b.start : b.end] for b in doc.blocks if b.kind == "paragraph"],
        "joins": [(j.kind, j.left, j.right) for j in doc.joins],
        "unresolved": [(i.kind, i.source_line) for i in doc.issues],
    }


@cache
def variant(name: str):
    return ingest_text(render(VARIANTS[name]), name)


@pytest.fixture(scope="module")
def expected(paper):
    return structure(paper)


def _s2t(value):
    if isinstance(value, str):
        return converter("s2t").convert(value)
    if isinstance(value, (list, tuple)):
        return type(value)(_s2t(v) for v in value)
    return value


@pytest.mark.parametrize("name", sorted(VARIANTS))
@pytest.mark.parametrize(
    "field",
    [
        "title",
        "front",
        "footnotes",
        "anchors",
        "paragraphs",
        "headings",
        "joins",
        "marx_pages",
        "bibliography",
        "unresolved",
    ],
)
def test_variant_recovers_the_original(expected, name, field):
    got = structure(variant(name))[field]
    want = expected[field]
    if VARIANTS[name].traditional:
        want = _s2t(want)
    assert got == want


@pytest.mark.parametrize("name", sorted(EXTRA_FRONT))
def test_variant_extra_front_matter(name):
    front = variant(name).front
    for key, value in EXTRA_FRONT[name].items():
        assert getattr(front, key) == value, key


def test_counts_of_the_original(expected):
    assert len(expected["footnotes"]) == 58 and expected["marx_pages"] == 26
    assert [k for k, _, _ in expected["joins"]].count("page-break") == 9


@pytest.mark.parametrize("name", sorted(VARIANTS))
def test_no_wrong_title_passes_silently(name, expected):
    doc = variant(name)
    want = _s2t(expected["title"]) if VARIANTS[name].traditional else expected["title"]
    assert doc.front.title == want or any(u.kind == "title" for u in doc.uncertain)


@pytest.mark.parametrize("name, script", [("original", "Hans"), ("traditional", "Hant")])
def test_script_detected(name, script):
    doc = variant(name)
    assert doc.script == script and doc.language == f"zh-{script}"


def test_traditional_offsets_stay_on_the_text_as_received(paper):
    """The traditional variant keeps its characters (no conversion of the text) and every
    span lands where the simplified original's does, so concept mentions can be compared
    offset for offset once the tagger matches through OpenCC."""
    doc = variant("traditional")
    assert doc.text == converter("s2t").convert(paper.text)
    assert [(s.start, s.end) for s in doc.sentences] == [(s.start, s.end) for s in paper.sentences]
    assert [(q.start, q.end) for q in doc.quotations] == [
        (q.start, q.end) for q in paper.quotations
    ]
    assert [(c.footnote, c.quotation, c.page) for c in doc.citations] == [
        (c.footnote, c.quotation, c.page) for c in paper.citations
    ]
    assert all(doc.text[q.start : q.end] == q.text for q in doc.quotations)
