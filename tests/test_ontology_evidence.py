"""Evidence belongs to documents: quotes are looked up only in the document each node names
(``mkg:evidenceIn``), and a corpus without the shipped paper builds cleanly."""

from __future__ import annotations

import json
import shutil

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import PROV, RDF

from marxkg.ingest.document import parse_source
from marxkg.ontology import OntologyError, load_ontology, resolve_evidence
from marxkg.rdf.namespaces import MKG, Iris
from tests import FIXTURE_PAPER, ONTOLOGY, PAPER_ID

IRIS = Iris()
NODE = URIRef("https://w3id.org/marxkg/concept/probe")
TEXT = "标题\n\n机器体系是劳动资料。人工智能是智能劳动资料。\n"


def _graph(quote: str, *docs: str) -> Graph:
    g = Graph()
    g.add((NODE, MKG.evidenceQuote, Literal(quote, lang="zh-Hans")))
    for d in docs:
        g.add((NODE, MKG.evidenceIn, IRIS.doc(d)))
    return g


def test_quote_resolves_in_its_named_document_only():
    a, b = parse_source(TEXT, "a"), parse_source(TEXT, "b")
    out = resolve_evidence(_graph("智能劳动资料", "b"), [a, b], IRIS)
    derived = sorted(str(o) for o in out.objects(NODE, PROV.wasDerivedFrom))
    assert len(derived) == 1 and derived[0].startswith(str(IRIS.doc("b")) + "#char=")


def test_quote_of_a_document_outside_the_corpus_is_left_unresolved():
    out = resolve_evidence(_graph("智能劳动资料", "elsewhere"), [parse_source(TEXT, "a")], IRIS)
    assert len(out) == 0


@pytest.mark.parametrize(
    "quote, docs, message",
    [
        ("不在文中的引语", ("a",), "not in a"),
        ("智能劳动资料", (), "no mkg:evidenceIn"),
    ],
)
def test_missing_evidence_fails(quote, docs, message):
    with pytest.raises(OntologyError, match=message):
        resolve_evidence(_graph(quote, *docs), [parse_source(TEXT, "a")], IRIS)


def test_every_evidence_quote_of_the_ontology_names_its_document():
    g = load_ontology(ONTOLOGY)
    nodes = set(g.subjects(MKG.evidenceQuote, None))
    assert nodes and all(set(g.objects(n, MKG.evidenceIn)) == {IRIS.doc(PAPER_ID)} for n in nodes)


@pytest.mark.slow
def test_a_corpus_without_the_shipped_paper_builds(tmp_path):
    from marxkg.build import build

    corpus = tmp_path / "corpus"
    (corpus / "fixture-paper").mkdir(parents=True)
    shutil.copy(FIXTURE_PAPER, corpus / "fixture-paper" / "source.md")
    result = build(corpus, ONTOLOGY, tmp_path / "out", force=True)
    report = json.loads((tmp_path / "out" / "report.json").read_text(encoding="utf-8"))
    assert [d["doc_id"] for d in report["documents"]] == ["fixture-paper"]
    g = Graph().parse(tmp_path / "out" / "graph.ttl")
    corr = set(g.subjects(RDF.type, MKG.Correspondence))
    assert len(corr) == 26
    assert not list(g.subject_objects(PROV.wasDerivedFrom)) or all(
        not str(o).startswith(str(IRIS.doc(PAPER_ID))) for o in g.objects(None, PROV.wasDerivedFrom)
    )
    assert result.report["documents"][0]["counts"]["footnotes"] == 3
