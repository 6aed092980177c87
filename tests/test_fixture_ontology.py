"""Unit tests of the stages on small named fixtures: the fixture paper and the fixture
ontology (``tests/data/fixture-ontology``: seven bilingual SKOS concepts in three schemes).

Gold counts come from reading ``tests/data/fixture-paper/source.md``: the reading text
(title, abstract, keywords, body) names 机器体系 six times (abstract, keywords, the first
body sentence, heading 一, heading 1, the conclusion), 固定资本 five times (keywords, two
headings, 追加固定资本, the quotation), 活劳动 twice (abstract, keywords), 劳动资料 twice (body
sentence and the quotation after it), and 相对过剩人口 (joined across the page break: 人|口),
失业 and 社会主义应用 once each.
"""

from __future__ import annotations

import json
from collections import Counter

import pytest
from rdflib.namespace import PROV, RDF

from marxkg.citations import read_document
from marxkg.export import ExportContext
from marxkg.export.conllu import dumps_conllu
from marxkg.export.webanno import dumps_webanno
from marxkg.graph import build_graph
from marxkg.graph.annotations import add_mentions
from marxkg.ontology import concepts, labels, load_ontology, resolve_evidence, scheme_of
from marxkg.rdf.namespaces import ITSRDF, NIF, Iris
from marxkg.vocab import SCHEMES, slug
from tests import FIXTURE_ONTOLOGY, FIXTURE_PAPER

GOLD = {
    "system-of-machinery": 6,
    "fixed-capital": 5,
    "living-labour": 2,
    "means-of-labour": 2,
    "relative-surplus-population": 1,
    "unemployment": 1,
    "socialist-application": 1,
}
EVIDENCE_SENTENCE = "“固定资本的价值逐步转移到产品中”，“机器的价值转移”也是如此。"


@pytest.fixture(scope="module")
def onto():
    return load_ontology(FIXTURE_ONTOLOGY)


@pytest.fixture(scope="module")
def doc():
    return read_document(FIXTURE_PAPER, "fixture")


@pytest.fixture(scope="module")
def ann(onto, doc):
    from marxkg.nlp.annotate import Annotator

    return Annotator(onto)(doc)


@pytest.fixture(scope="module")
def graph(onto, doc, ann):
    iris = Iris()
    g = build_graph([doc], onto, iris)
    add_mentions(g, doc, ann, iris)
    return g


def test_the_fixture_ontology(onto):
    found = {slug(c): scheme_of(onto, c) for c in concepts(onto)}
    assert sorted(found) == sorted(GOLD)
    assert set(found.values()) == set(SCHEMES)
    zh = {slug(lab.concept) for lab in labels(onto, "zh-Hans")}
    en = {slug(lab.concept) for lab in labels(onto, "en")}
    assert zh == en == set(GOLD)


def test_mentions_per_concept(ann, doc):
    assert Counter(slug(m.concept) for m in ann.mentions) == GOLD
    assert [m.text for m in ann.mentions] == [doc.text[m.start : m.end] for m in ann.mentions]


def test_a_mention_across_the_page_break(ann, doc):
    (m,) = [m for m in ann.mentions if slug(m.concept) == "relative-surplus-population"]
    assert m.text == "相对过剩人口"
    assert any(j.left.endswith("人") and j.right.startswith("口") for j in doc.joins)


def test_mention_tokens_cover_the_mention(ann):
    spans = [(ann.tokens[m.tokens[0]].start, ann.tokens[m.tokens[1] - 1].end) for m in ann.mentions]
    assert spans == [(m.start, m.end) for m in ann.mentions]


def test_graph_mentions(graph):
    """graph/: one nif:Phrase per mention, identifying its concept."""
    per_concept = Counter(slug(c) for _, c in graph.subject_objects(ITSRDF.taIdentRef))
    assert per_concept == GOLD
    phrases = set(graph.subjects(RDF.type, NIF.Phrase))
    assert len(phrases) == sum(GOLD.values())


def test_evidence_resolves_to_its_sentence(onto, doc):
    """ontology: the evidence quote of fixed-capital is found in exactly one sentence."""
    derived = resolve_evidence(onto, [doc], Iris())
    (sentence,) = [str(s) for _, s in derived.subject_objects(PROV.wasDerivedFrom)]
    start, end = map(int, sentence.rsplit("#char=", 1)[1].split(","))
    assert doc.text[start:end] == EVIDENCE_SENTENCE


def test_conllu_concept_spans(doc, ann, onto):
    """export/: every mention begins one ConceptSpan in CoNLL-U."""
    text = dumps_conllu(doc, ann, ExportContext(Iris(), onto))
    begins = Counter(
        line.split("\t")[9].split("Concept=")[1].split("|")[0].rsplit("/", 1)[1]
        for line in text.splitlines()
        if line and not line.startswith("#") and "ConceptSpan=B" in line
    )
    assert begins == GOLD


def test_web_annotations(doc, ann, onto):
    """export/: one Web Annotation per mention, its quote the mention's text."""
    items = json.loads(dumps_webanno(doc, ann, ExportContext(Iris(), onto)))["first"]["items"]
    assert len(items) == sum(GOLD.values())
    quotes = [
        s["exact"]
        for i in items
        for s in i["target"]["selector"]
        if s["type"] == "TextQuoteSelector"
    ]
    assert quotes == [m.text for m in ann.mentions]


def test_html_pages_name_every_concept(doc, ann, onto, graph):
    """html/: the concept map lists every concept of the fixture ontology by its labels."""
    from marxkg.html import render_html

    pages = render_html([doc], {doc.doc_id: ann}, graph, onto, Iris())
    page = pages["concept-map.html"]
    missing = [
        lab.text for lang in ("zh-Hans", "en") for lab in labels(onto, lang) if lab.text not in page
    ]
    assert missing == []
