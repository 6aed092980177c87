"""SHACL shapes (ontology/shapes.ttl) with pySHACL: the real data conforms, broken data doesn't.

- The built graph of the real paper conforms (`marxkg.validate.validate_build`).
- The ontology alone conforms except for one thing the build adds: each correspondence's
  ``prov:wasDerivedFrom`` (its evidence quotes resolved to sentences).
- A small hand-made graph (two concepts, a correspondence, a two-sentence document, a
  concept mention, a footnote, a citation, a cited passage) conforms; each negative case
  breaks it in one way and must be reported with the expected focus node and message.
"""

from __future__ import annotations

import pytest
from rdflib import Graph, URIRef
from rdflib.namespace import PROV, RDF, SH

from marxkg.ontology import load_ontology, load_shapes
from marxkg.rdf.namespaces import MKG
from tests import ONTOLOGY

pytestmark = pytest.mark.slow  # pySHACL over the ontology and its variants

PREFIXES = """
@prefix mkg: <https://w3id.org/marxkg/ontology#> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
@prefix prov: <http://www.w3.org/ns/prov#> .
@prefix dcterms: <http://purl.org/dc/terms/> .
@prefix nif: <http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#> .
@prefix itsrdf: <http://www.w3.org/2005/11/its/rdf#> .
@prefix cito: <http://purl.org/spar/cito/> .
@prefix bibo: <http://purl.org/ontology/bibo/> .
@prefix concept: <https://w3id.org/marxkg/concept/> .
@prefix scheme: <https://w3id.org/marxkg/scheme/> .
@prefix corr: <https://w3id.org/marxkg/correspondence/> .
@prefix work: <https://w3id.org/marxkg/work/> .
@prefix doc: <https://w3id.org/marxkg/doc/> .
@prefix ed: <https://w3id.org/marxkg/edition/> .
"""

# The text "机器体系是劳动资料。人工智能是智能劳动资料。": sentence 1 is [0,10), sentence 2
# [10,22); 劳动资料 at [5,9).
VALID = (
    PREFIXES
    + """
scheme:marx a skos:ConceptScheme .
scheme:ai-era a skos:ConceptScheme .
scheme:socialist-application a skos:ConceptScheme .
mkg:LabourMeans a mkg:Dimension .
mkg:Extension a mkg:RelationKind .
mkg:Continuation a mkg:RelationKind .

concept:means-of-labour a skos:Concept ;
    skos:inScheme scheme:marx ;
    skos:prefLabel "劳动资料"@zh-Hans , "means of labour"@en ;
    skos:definition "劳动者置于自己与劳动对象之间的物。"@zh-Hans , "What the worker puts between himself and the object of labour."@en ;
    mkg:dimension mkg:LabourMeans ;
    mkg:hasAICounterpart concept:intelligent-means-of-labour .

concept:intelligent-means-of-labour a skos:Concept ;
    skos:inScheme scheme:ai-era ;
    skos:prefLabel "智能劳动资料"@zh-Hans , "intelligent means of labour"@en ;
    skos:definition "作为劳动资料的人工智能。"@zh-Hans , "AI as means of labour."@en ;
    mkg:evidenceQuote "人工智能是智能劳动资料"@zh-Hans ;
    mkg:evidenceIn doc:t ;
    mkg:dimension mkg:LabourMeans .

corr:means-of-labour--intelligent-means-of-labour a mkg:Correspondence ;
    mkg:marxConcept concept:means-of-labour ;
    mkg:aiConcept concept:intelligent-means-of-labour ;
    mkg:dimension mkg:LabourMeans ;
    mkg:relationKind mkg:Extension ;
    rdfs:label "劳动资料 → 智能劳动资料"@zh-Hans , "means of labour → intelligent means of labour"@en ;
    mkg:evidenceIn doc:t ;
    prov:wasDerivedFrom <https://w3id.org/marxkg/doc/t#char=10,22> .

doc:t a nif:Context ; nif:isString "机器体系是劳动资料。人工智能是智能劳动资料。" .

<https://w3id.org/marxkg/doc/t#char=0,10> a nif:Sentence ;
    nif:beginIndex "0"^^xsd:nonNegativeInteger ; nif:endIndex "10"^^xsd:nonNegativeInteger ;
    nif:anchorOf "机器体系是劳动资料。" ; nif:referenceContext doc:t .
<https://w3id.org/marxkg/doc/t#char=10,22> a nif:Sentence ;
    nif:beginIndex "10"^^xsd:nonNegativeInteger ; nif:endIndex "22"^^xsd:nonNegativeInteger ;
    nif:anchorOf "人工智能是智能劳动资料。" ; nif:referenceContext doc:t .
<https://w3id.org/marxkg/doc/t#char=5,9> a nif:Phrase ;
    nif:beginIndex "5"^^xsd:nonNegativeInteger ; nif:endIndex "9"^^xsd:nonNegativeInteger ;
    nif:anchorOf "劳动资料" ; nif:referenceContext doc:t ;
    itsrdf:taIdentRef concept:means-of-labour ;
    mkg:taggingRule "label" ; itsrdf:taConfidence "1.0"^^xsd:double ;
    nif:sentence <https://w3id.org/marxkg/doc/t#char=0,10> .

# derived by the build: the concept sentence 1 mentions; a word count of the token layer
<https://w3id.org/marxkg/doc/t#char=0,10> mkg:mentionsConcept concept:means-of-labour .
<https://w3id.org/marxkg/doc/t/words/n/%E6%9C%BA%E5%99%A8> a mkg:WordCount ;
    mkg:countedIn doc:t ; mkg:word "机器" ; mkg:posTag "n" ; mkg:tokenCount 1 .

<https://w3id.org/marxkg/doc/t/note/1> a mkg:Footnote ;
    mkg:label "①" ; mkg:noteGroup 1 ;
    rdf:value "《马克思恩格斯文集》第5卷，北京：人民出版社，2009年，第444页。"@zh-Hans ;
    mkg:anchorOffset "10"^^xsd:nonNegativeInteger .

<https://w3id.org/marxkg/doc/t/note/1/citation/1> a cito:Citation ;
    cito:hasCitingEntity <https://w3id.org/marxkg/doc/t#char=0,10> ;
    cito:hasCitedEntity <https://w3id.org/marxkg/edition/c/vol/5/p/444> ;
    cito:hasCitationCharacterization cito:citesAsAuthority ;
    mkg:footnote <https://w3id.org/marxkg/doc/t/note/1> .

ed:c a mkg:MarxCollection .
<https://w3id.org/marxkg/edition/c/vol/5> a mkg:CollectionVolume ;
    bibo:volume "5" ; dcterms:isPartOf ed:c ; mkg:containsWork work:capital-vol-1 .
<https://w3id.org/marxkg/edition/c/vol/5/p/444> a mkg:CitedPassage ;
    bibo:pageStart "444" ; bibo:pageEnd "444" ;
    dcterms:isPartOf <https://w3id.org/marxkg/edition/c/vol/5> ;
    mkg:identifiedWork work:capital-vol-1 ;
    mkg:identificationConfidence "certain" .
work:capital-vol-1 a mkg:MarxWork ;
    dcterms:title "资本论（第一卷）"@zh-Hans , "Capital, Volume I"@en .
"""
)

C = "https://w3id.org/marxkg/concept/"
S1 = "<https://w3id.org/marxkg/doc/t#char=0,10>"
S1_IRI = "https://w3id.org/marxkg/doc/t#char=0,10"
DOC = "https://w3id.org/marxkg/doc/t"
NOTE = "https://w3id.org/marxkg/doc/t/note/1"
CIT = "https://w3id.org/marxkg/doc/t/note/1/citation/1"
CORR = "https://w3id.org/marxkg/correspondence/means-of-labour--intelligent-means-of-labour"
PAGE = "https://w3id.org/marxkg/edition/c/vol/5/p/444"
N1, CT = f"<{NOTE}>", f"<{CIT}>"
S2_IRI = "https://w3id.org/marxkg/doc/t#char=10,22"
S2 = f"<{S2_IRI}>"
WC_IRI = "https://w3id.org/marxkg/doc/t/words/n/%E6%9C%BA%E5%99%A8"
WC = f"<{WC_IRI}>"

# (id, triples to remove, triples to add, expected focus node, expected message fragment)
NEGATIVE = [
    (
        "concept-without-en-preflabel",
        'concept:means-of-labour skos:prefLabel "means of labour"@en .',
        "",
        C + "means-of-labour",
        "needs a skos:prefLabel in en",
    ),
    (
        "concept-with-two-zh-preflabels",
        "",
        'concept:means-of-labour skos:prefLabel "劳动手段"@zh-Hans .',
        C + "means-of-labour",
        "one per language",
    ),
    (
        "concept-without-zh-definition",
        'concept:intelligent-means-of-labour skos:definition "作为劳动资料的人工智能。"@zh-Hans .',
        "",
        C + "intelligent-means-of-labour",
        "needs a skos:definition in zh-Hans",
    ),
    (
        "concept-in-two-schemes",
        "",
        "concept:intelligent-means-of-labour skos:inScheme scheme:marx .",
        C + "intelligent-means-of-labour",
        "exactly one skos:ConceptScheme",
    ),
    (
        "ai-concept-without-dimension",
        "concept:intelligent-means-of-labour mkg:dimension mkg:LabourMeans .",
        "",
        C + "intelligent-means-of-labour",
        "needs at least one mkg:dimension",
    ),
    (
        "concepts-sharing-a-label",
        "",
        'concept:intelligent-means-of-labour skos:altLabel "劳动资料"@zh-Hans .',
        "https://w3id.org/marxkg/scheme/ai-era",
        "labels must be unique",
    ),
    (
        "correspondence-without-evidence-sentence",
        (
            "corr:means-of-labour--intelligent-means-of-labour prov:wasDerivedFrom "
            "<https://w3id.org/marxkg/doc/t#char=10,22> ."
        ),
        "",
        CORR,
        "derived from at least one sentence",
    ),
    (
        "correspondence-without-counterpart-link",
        "concept:means-of-labour mkg:hasAICounterpart concept:intelligent-means-of-labour .",
        "",
        CORR,
        "has no mkg:hasAICounterpart",
    ),
    (
        "correspondence-with-two-relation-kinds",
        "",
        "corr:means-of-labour--intelligent-means-of-labour mkg:relationKind mkg:Continuation .",
        CORR,
        "exactly one mkg:relationKind",
    ),
    (
        "correspondence-with-ai-concept-on-the-marx-side",
        "corr:means-of-labour--intelligent-means-of-labour mkg:marxConcept concept:means-of-labour .",
        (
            "corr:means-of-labour--intelligent-means-of-labour "
            "mkg:marxConcept concept:intelligent-means-of-labour ."
        ),
        CORR,
        "a concept of scheme:marx",
    ),
    (
        "footnote-without-text",
        f'{N1} rdf:value "《马克思恩格斯文集》第5卷，北京：人民出版社，2009年，第444页。"@zh-Hans .',
        "",
        NOTE,
        "exactly one rdf:value in zh-Hans",
    ),
    (
        "footnote-anchor-beyond-the-text",
        f'{N1} mkg:anchorOffset "10"^^xsd:nonNegativeInteger .',
        f'{N1} mkg:anchorOffset "99"^^xsd:nonNegativeInteger .',
        NOTE,
        "lies outside the reading text",
    ),
    (
        "footnote-in-group-zero",
        f"{N1} mkg:noteGroup 1 .",
        f"{N1} mkg:noteGroup 0 .",
        NOTE,
        "mkg:noteGroup, an xsd:integer ≥ 1",
    ),
    (
        "citation-with-unknown-characterization",
        f"{CT} cito:hasCitationCharacterization cito:citesAsAuthority .",
        f"{CT} cito:hasCitationCharacterization cito:disagreesWith .",
        CIT,
        "exactly one cito:hasCitationCharacterization",
    ),
    ("citation-without-footnote", f"{CT} mkg:footnote {N1} .", "", CIT, "exactly one mkg:footnote"),
    (
        "citation-cited-by-a-footnote-not-a-sentence",
        f"{CT} cito:hasCitingEntity {S1} .",
        f"{CT} cito:hasCitingEntity {N1} .",
        CIT,
        "cito:hasCitingEntity",
    ),
    (
        "span-anchor-differs-from-text",
        f'{S1} nif:anchorOf "机器体系是劳动资料。" .',
        f'{S1} nif:anchorOf "机器体系是劳动资料" .',
        DOC,
        "nif:anchorOf differs from the context string",
    ),
    (
        "span-beyond-the-text",
        "",
        (
            "<https://w3id.org/marxkg/doc/t#char=20,30> a nif:Sentence ; "
            'nif:beginIndex "20"^^xsd:nonNegativeInteger ; '
            'nif:endIndex "30"^^xsd:nonNegativeInteger ; nif:anchorOf "。" ; '
            "nif:referenceContext doc:t ."
        ),
        DOC,
        "beyond the end of the context string",
    ),
    (
        "mention-with-an-unknown-rule",
        '<https://w3id.org/marxkg/doc/t#char=5,9> mkg:taggingRule "label" .',
        '<https://w3id.org/marxkg/doc/t#char=5,9> mkg:taggingRule "guess" .',
        "https://w3id.org/marxkg/doc/t#char=5,9",
        "a rule id of docs/tagging-policy.md",
    ),
    (
        "mention-with-confidence-above-one",
        '<https://w3id.org/marxkg/doc/t#char=5,9> itsrdf:taConfidence "1.0"^^xsd:double .',
        '<https://w3id.org/marxkg/doc/t#char=5,9> itsrdf:taConfidence "1.5"^^xsd:double .',
        "https://w3id.org/marxkg/doc/t#char=5,9",
        "an xsd:double in [0, 1]",
    ),
    (
        "span-iri-does-not-match-offsets",
        "",
        (
            "<https://w3id.org/marxkg/doc/t#char=0,4> a nif:Phrase ; "
            'nif:beginIndex "1"^^xsd:nonNegativeInteger ; '
            'nif:endIndex "4"^^xsd:nonNegativeInteger ; nif:anchorOf "器体系" ; '
            "nif:referenceContext doc:t ; itsrdf:taIdentRef concept:means-of-labour ."
        ),
        DOC,
        "the IRI is not <context>#char=<begin>,<end>",
    ),
    (
        "span-empty",
        "",
        (
            "<https://w3id.org/marxkg/doc/t#char=3,3> a nif:Sentence ; "
            'nif:beginIndex "3"^^xsd:nonNegativeInteger ; '
            'nif:endIndex "3"^^xsd:nonNegativeInteger ; nif:anchorOf "" ; '
            "nif:referenceContext doc:t ."
        ),
        "https://w3id.org/marxkg/doc/t#char=3,3",
        "less than its nif:endIndex",
    ),
    (
        "span-without-context",
        f"{S1} nif:referenceContext doc:t .",
        "",
        S1_IRI,
        "exactly one nif:referenceContext",
    ),
    (
        "mention-of-a-dimension",
        "<https://w3id.org/marxkg/doc/t#char=5,9> itsrdf:taIdentRef concept:means-of-labour .",
        "<https://w3id.org/marxkg/doc/t#char=5,9> itsrdf:taIdentRef mkg:LabourMeans .",
        "https://w3id.org/marxkg/doc/t#char=5,9",
        "exactly one itsrdf:taIdentRef",
    ),
    (
        "cited-passage-with-unknown-confidence",
        f'<{PAGE}> mkg:identificationConfidence "certain" .',
        f'<{PAGE}> mkg:identificationConfidence "sure" .',
        PAGE,
        "certain, probable, uncertain",
    ),
    (
        "cited-passage-outside-a-volume",
        f"<{PAGE}> dcterms:isPartOf <https://w3id.org/marxkg/edition/c/vol/5> .",
        "",
        PAGE,
        "part of exactly one mkg:CollectionVolume",
    ),
    # the named queries count mentions by itsrdf:taIdentRef and nif:sentence alone
    (
        "mention-in-two-sentences",
        "",
        f"<https://w3id.org/marxkg/doc/t#char=5,9> nif:sentence {S2} .",
        "https://w3id.org/marxkg/doc/t#char=5,9",
        "at most one sentence",
    ),
    (
        "concept-identified-by-a-sentence",
        "",
        f"{S1} itsrdf:taIdentRef concept:means-of-labour .",
        S1_IRI,
        "is a concept mention, a nif:Phrase",
    ),
    # the facts derived at build time must agree with what they are derived from
    (
        "derived-fact-on-a-translation",
        "",
        f"{S2} mkg:translationOf {S1} ; mkg:mentionsConcept concept:means-of-labour .",
        S2_IRI,
        "carries no derived",
    ),
    (
        "word-count-without-a-count",
        f"{WC} mkg:tokenCount 1 .",
        "",
        WC_IRI,
        "exactly one mkg:tokenCount",
    ),
    (
        "headed-section-without-a-title",
        "",
        f'<{DOC}/section/1> a mkg:Section ; mkg:heading {S1} ; mkg:number "一" .',
        f"{DOC}/section/1",
        "has a dcterms:title",
    ),
    (
        "word-count-of-zero",
        f"{WC} mkg:tokenCount 1 .",
        f"{WC} mkg:tokenCount 0 .",
        WC_IRI,
        "exactly one mkg:tokenCount",
    ),
]


@pytest.fixture(scope="module")
def shapes():
    return load_shapes(ONTOLOGY)


def _results(g: Graph, shapes: Graph) -> tuple[bool, set[tuple[str, str]]]:
    from pyshacl import validate

    conforms, report, _ = validate(
        g, shacl_graph=shapes, inference="none", advanced=True, allow_warnings=True
    )
    found = {
        (str(report.value(r, SH.focusNode)), str(report.value(r, SH.resultMessage)))
        for r in report.subjects(RDF.type, SH.ValidationResult)
    }
    return bool(conforms), found


def _graph(remove: str = "", add: str = "") -> Graph:
    g = Graph().parse(data=VALID, format="turtle")
    if remove:
        gone = Graph().parse(data=PREFIXES + remove, format="turtle")
        assert len(gone) and all(t in g for t in gone), f"not in the valid graph: {remove}"
        g -= gone
    if add:
        g += Graph().parse(data=PREFIXES + add, format="turtle")
    return g


def test_the_hand_made_graph_conforms(shapes):
    conforms, found = _results(_graph(), shapes)
    assert conforms, found


def test_an_unnumbered_heading_is_a_section_with_a_title_and_no_number(shapes):
    """引言 / 结语 printed without a number (before: a heading required a mkg:number)."""
    named = (
        f'<{DOC}/section/conclusion> a mkg:Section ; mkg:heading {S2} ; dcterms:title "结语"@zh-Hans ;'
        " mkg:citationCount 0 ; mkg:marxCitationCount 0 ; mkg:footnoteCount 0 ."
    )
    conforms, found = _results(_graph(add=named), shapes)
    assert conforms, found


@pytest.mark.parametrize(
    "remove, add, focus, message",
    [case[1:] for case in NEGATIVE],
    ids=[case[0] for case in NEGATIVE],
)
def test_violation_is_reported(shapes, remove, add, focus, message):
    conforms, found = _results(_graph(remove, add), shapes)
    assert not conforms
    assert any(f == focus and message in m for f, m in found), sorted(found)


def test_the_ontology_alone_conforms(shapes):
    """Without the paper's text in the graph, no correspondence is owed its evidence."""
    conforms, found = _results(load_ontology(ONTOLOGY), shapes)
    assert conforms, sorted(found)


def test_the_ontology_with_the_paper_context_lacks_only_what_the_build_adds(shapes):
    """With the evidence document present, the one gap is each correspondence's evidence."""
    g = load_ontology(ONTOLOGY)
    doc = "https://w3id.org/marxkg/doc/xu-jingyi-machinery-ai"
    g.add(
        (
            URIRef(doc),
            RDF.type,
            URIRef("http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#Context"),
        )
    )
    conforms, found = _results(g, shapes)
    assert not conforms
    found = [(f, m) for f, m in found if f != doc]  # the bare context lacks its text
    correspondences = {str(c) for c in g.subjects(RDF.type, MKG.Correspondence)}
    assert {f for f, _ in found} == correspondences
    assert {m for _, m in found} == {
        (
            "A correspondence is derived from at least one sentence of the paper "
            "(resolved evidence quote)."
        )
    }


def test_the_built_graph_conforms(built):
    from marxkg.validate import validate_build

    result = validate_build(built.out, ONTOLOGY)
    assert result.ok, "\n".join(result.messages)[:5000]


def test_the_built_graph_resolves_every_correspondence(built_graph):
    g = built_graph
    without_evidence = sorted(
        str(c)
        for c in g.subjects(RDF.type, MKG.Correspondence)
        if not list(g.objects(c, PROV.wasDerivedFrom))
    )
    assert without_evidence == []
    assert len(set(g.subjects(RDF.type, MKG.Correspondence))) == 26
    assert URIRef(
        "https://w3id.org/marxkg/correspondence/real-subsumption--total-subsumption"
    ) in set(g.subjects(RDF.type, MKG.Correspondence))
