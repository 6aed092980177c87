"""The built graph: the vocabulary of docs/architecture.md, NIF invariant over every span, citations."""

from __future__ import annotations

import pytest
from rdflib import URIRef
from rdflib.namespace import RDF

from marxkg.rdf.namespaces import CITO, MKG, NIF
from marxkg.validate import check_spans
from tests import PAPER_ID

BASE = "https://w3id.org/marxkg/"
DOC = URIRef(f"{BASE}doc/{PAPER_ID}")


@pytest.fixture(scope="module")
def graph(built_graph):
    return built_graph


@pytest.mark.slow
def test_every_token_span_matches_its_context(built_graph_with_tokens):
    assert check_spans(built_graph_with_tokens) == []


def test_every_span_matches_its_context(graph):
    assert check_spans(graph) == []
    sentences = {
        s
        for s in graph.subjects(RDF.type, NIF.Sentence)
        if graph.value(s, NIF.referenceContext) == DOC
    }
    assert len(sentences) == 185  # every Chinese sentence is a span with an anchor
    assert sentences <= set(graph.subjects(NIF.anchorOf))


def test_context(graph):
    text = str(graph.value(DOC, NIF.isString))
    assert text.startswith("马克思机器体系理论视域下人工智能技术资本主义应用困境研究\n")
    assert (DOC, RDF.type, NIF.Context) in graph


def test_footnote_resource(graph):
    note = URIRef(f"{BASE}doc/{PAPER_ID}/note/4")  # page 2, ①: 文集5 第444、453页
    assert str(graph.value(note, MKG.label)) == "①"
    assert int(graph.value(note, MKG.noteGroup)) == 2
    zh = [str(v) for v in graph.objects(note, RDF.value) if v.language.lower() == "zh-hans"]
    assert len(zh) == 1 and "第444、453页" in zh[0]
    cited = {
        str(o)
        for c in graph.subjects(MKG.footnote, note)
        for o in graph.objects(c, CITO.hasCitedEntity)
    }
    assert cited == {
        f"{BASE}edition/marx-engels-wenji-2009/vol/5/p/444",
        f"{BASE}edition/marx-engels-wenji-2009/vol/5/p/453",
    }


def test_citations_by_characterization(graph):
    counts = {}
    for c in graph.subjects(RDF.type, CITO.Citation):
        kind = str(graph.value(c, CITO.hasCitationCharacterization)).rsplit("/", 1)[1]
        counts[kind] = counts.get(kind, 0) + 1
    assert sum(counts.values()) >= 58
    assert set(counts) == {"includesQuotationFrom", "citesAsAuthority", "citesAsDataSource"}


def test_page_range_iri(graph):
    page = URIRef(f"{BASE}edition/marx-engels-wenji-2009/vol/5/p/727-728")
    assert (page, RDF.type, MKG.CitedPassage) in graph
