"""The hand-made fixture paper and its variants (tests/__init__.py): the ingester is not
written for one paper. Expected values are read off tests/data/fixture-paper/source.md."""

from __future__ import annotations

import pytest

from marxkg.citations import read_document
from marxkg.ingest.document import parse_source
from marxkg.ingest.encoding import decode
from tests import FIXTURE_PAPER, VARIANTS


def _parse(path):
    return read_document(path, "fixture")


@pytest.fixture(scope="module")
def fixture_doc():
    return _parse(FIXTURE_PAPER)


def test_front_matter(fixture_doc):
    f = fixture_doc.front
    assert f.title == "机器与劳动一个小样本"  # the line-break space inside the title goes
    assert (f.author, f.birth_year, f.affiliation, f.position) == (
        "李四",
        "1980",
        "某某大学经济学院",
        "副教授",
    )
    assert (f.address, f.postcode, f.funding_number) == ("北京", "100000", "12ABC345")
    assert f.keywords == ["机器体系", "活劳动", "固定资本"]


def test_structure(fixture_doc):
    assert [(s.id, s.title) for s in fixture_doc.sections] == [
        ("intro", None),
        ("1", "机器体系与固定资本"),
        ("1.1", "作为固定资本的机器体系"),
        ("2", "结语"),
    ]


def test_page_break_join(fixture_doc):
    assert "产生相对过剩人口。“固定资本" in fixture_doc.text
    assert [j.kind for j in fixture_doc.joins] == ["page-break"]


def test_footnotes_resolved_per_page(fixture_doc):
    notes = fixture_doc.footnotes
    assert [(n.n, n.label, n.group) for n in notes] == [(1, "①", 1), (2, "①", 2), (3, "②", 2)]
    assert [r.kind for n in notes for r in n.references] == ["marx", "marx", "translated-book"]
    assert fixture_doc.issues == []


def test_two_pages_two_quotations(fixture_doc):
    pairs = [
        (
            fixture_doc.footnotes[c.footnote - 1].references[0].pages[c.page].label,
            fixture_doc.quotations[c.quotation].text,
        )
        for c in fixture_doc.citations
        if c.footnote == 2
    ]
    assert pairs == [("186", "固定资本的价值逐步转移到产品中"), ("187", "机器的价值转移")]
    (authority,) = [c for c in fixture_doc.citations if c.footnote == 3]
    assert authority.quotation is None and authority.characterization == "citesAsAuthority"


@pytest.mark.parametrize("variant", ["bare-circled", "bracket", "gb18030", "bom-crlf"])
def test_variants_parse_the_same(fixture_doc, variant):
    doc = _parse(VARIANTS[variant])
    assert doc.text == fixture_doc.text
    assert [(n.group, n.text) for n in doc.footnotes] == [
        (n.group, n.text) for n in fixture_doc.footnotes
    ]
    assert [m.offset for m in doc.markers] == [m.offset for m in fixture_doc.markers]
    assert doc.issues == []


def _source():
    return decode(FIXTURE_PAPER.read_bytes())[0]


def test_marker_without_footnote_is_reported():
    text = _source().replace(
        "也是如此。张三的研究也说明了这一点^②。", "也是如此。张三的研究也说明了这一点^②^③。"
    )
    doc = parse_source(text, "x")
    assert [(i.kind, i.source_line) for i in doc.issues] == [("marker-without-footnote", 25)]


def test_footnote_without_marker_is_reported():
    text = _source().replace("张三的研究也说明了这一点^②。", "张三的研究也说明了这一点。")
    doc = parse_source(text, "x")
    assert [(i.kind, i.source_line) for i in doc.issues] == [("footnote-without-marker", 33)]
