"""`marxkg.validate.shacl.PreparedGraph`: pySHACL's SPARQL constraints run on prepared
queries (each text parsed once) with the same reports as on a plain rdflib graph."""

from __future__ import annotations

import pytest
from rdflib import Graph, Literal, URIRef

from marxkg.ontology import load_ontology, load_shapes
from marxkg.rdf.namespaces import Iris
from marxkg.validate.shacl import PreparedGraph, validate_graph
from tests import ONTOLOGY

BASE = "https://w3id.org/marxkg/"
SKOS = "http://www.w3.org/2004/02/skos/core#"
MKG = BASE + "ontology#"


@pytest.fixture(scope="module")
def broken_ontology() -> bytes:
    """The ontology with two violations that only SPARQL constraints see: a label shared
    by two concepts of the subject schemes (mkgsh:SubjectSchemeShape, once per scheme) and
    a correspondence whose Marx concept lacks the counterpart link (CorrespondenceShape)."""
    g = load_ontology(ONTOLOGY, Iris(BASE))
    g.add(
        (
            URIRef(BASE + "concept/capital"),
            URIRef(SKOS + "altLabel"),
            Literal("机器体系", lang="zh-Hans"),
        )
    )
    link = next(iter(g.triples((None, URIRef(MKG + "hasAICounterpart"), None))))
    g.remove(link)
    return g.serialize(format="nt", encoding="utf-8")


def _report(cls: type[Graph], data: bytes) -> tuple[bool, str, Graph]:
    g = cls()
    g.parse(data=data, format="nt")
    conforms, text = validate_graph(g, load_shapes(ONTOLOGY))
    return conforms, text, g


def test_prepared_queries_give_the_same_report(broken_ontology):
    plain = _report(Graph, broken_ontology)
    prepared = _report(PreparedGraph, broken_ontology)
    assert plain[0] is False and plain[:2] == prepared[:2]
    text = prepared[1]
    assert "机器体系" in text and "is shared by the concepts" in text
    assert "has no mkg:hasAICounterpart" in text
    # each SPARQL text was prepared once, though run once per focus node
    cache = prepared[2]._prepared
    assert 0 < len(cache) <= 12


def test_a_conforming_graph_conforms_either_way():
    data = load_ontology(ONTOLOGY, Iris(BASE)).serialize(format="nt", encoding="utf-8")
    assert _report(Graph, data)[:2] == _report(PreparedGraph, data)[:2]
    assert _report(PreparedGraph, data)[0] is True
