"""marxkg.analytics: projections, metrics and Gephi exports.

Two kinds of checks: a tiny hand-made graph (``TINY``) whose every answer is worked out by
hand in the comments, and the real build (the session fixture ``built``) with expected
values read from the ontology files and the paper.
"""

from __future__ import annotations

import io
from pathlib import Path

import networkx as nx
import pytest

from marxkg import analytics as ma
from tests import ONTOLOGY

C = "https://w3id.org/marxkg/concept/"
E = "https://w3id.org/marxkg/edition/"
DOC = "https://w3id.org/marxkg/doc/tiny"

# Four sentences of a document "tiny" and one English sentence translating s1.
#   s1 (0,10):  A B C          s2 (10,20): A A B       s3 (20,30): C D       s4 (30,40): A
#   e1 (English, translation of s1): A B
# Citations: s1 -> page p1 (vol v1, work w1); s3 -> /ref/r1; a quotation span (12,15)
# inside s2 -> page p2 (vol v1, no identified work), characterised as a quotation.
# Correspondences: A -> C twice (LabourMeans/Continuation, FixedCapital/Extension),
# B -> D once (FixedCapital/Intensification). Concept E (socialist-application) is never
# mentioned.
TINY = """
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix dcterms: <http://purl.org/dc/terms/> .
@prefix prov: <http://www.w3.org/ns/prov#> .
@prefix nif: <http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#> .
@prefix itsrdf: <http://www.w3.org/2005/11/its/rdf#> .
@prefix cito: <http://purl.org/spar/cito/> .
@prefix bibo: <http://purl.org/ontology/bibo/> .
@prefix fabio: <http://purl.org/spar/fabio/> .
@prefix mkg: <https://w3id.org/marxkg/ontology#> .
@prefix c: <https://w3id.org/marxkg/concept/> .
@prefix s: <https://w3id.org/marxkg/scheme/> .
@prefix ed: <https://w3id.org/marxkg/edition/> .
@prefix page: <https://w3id.org/marxkg/edition/coll/vol/1/p/> .
@base <https://w3id.org/marxkg/doc/tiny> .

c:a a skos:Concept ; skos:inScheme s:marx ; skos:prefLabel "甲"@zh-Hans, "alpha"@en ;
    mkg:dimension mkg:LabourMeans, mkg:FixedCapital .
c:b a skos:Concept ; skos:inScheme s:marx ; skos:prefLabel "乙"@zh-Hans, "beta"@en ;
    mkg:dimension mkg:FixedCapital .
c:c a skos:Concept ; skos:inScheme s:ai-era ; skos:prefLabel "丙"@zh-Hans, "gamma"@en .
c:d a skos:Concept ; skos:inScheme s:ai-era ; skos:prefLabel "丁"@zh-Hans, "delta"@en .
c:e a skos:Concept ; skos:inScheme s:socialist-application ; skos:prefLabel "戊"@zh-Hans .
mkg:Continuation a skos:Concept ; skos:inScheme mkg:RelationKindScheme .

<https://w3id.org/marxkg/doc/tiny> a nif:Context .
<https://w3id.org/marxkg/doc/tiny/en> a nif:Context .
<#char=0,10> a nif:Sentence ; nif:referenceContext <https://w3id.org/marxkg/doc/tiny> ;
    nif:beginIndex 0 ; nif:endIndex 10 .
<#char=10,20> a nif:Sentence ; nif:referenceContext <https://w3id.org/marxkg/doc/tiny> ;
    nif:beginIndex 10 ; nif:endIndex 20 ; nif:anchorOf "second sentence" .
<#char=20,30> a nif:Sentence ; nif:referenceContext <https://w3id.org/marxkg/doc/tiny> ;
    nif:beginIndex 20 ; nif:endIndex 30 .
<#char=30,40> a nif:Sentence ; nif:referenceContext <https://w3id.org/marxkg/doc/tiny> ;
    nif:beginIndex 30 ; nif:endIndex 40 .
<https://w3id.org/marxkg/doc/tiny/en#char=0,30> a nif:Sentence ;
    mkg:translationOf <#char=0,10> .

<#char=1,2> a nif:Phrase ; itsrdf:taIdentRef c:a ; nif:sentence <#char=0,10> .
<#char=3,4> a nif:Phrase ; itsrdf:taIdentRef c:b ; nif:sentence <#char=0,10> .
<#char=5,6> a nif:Phrase ; itsrdf:taIdentRef c:c ; nif:sentence <#char=0,10> .
<#char=11,12> a nif:Phrase ; itsrdf:taIdentRef c:a ; nif:sentence <#char=10,20> .
<#char=13,14> a nif:Phrase ; itsrdf:taIdentRef c:a ; nif:sentence <#char=10,20> .
<#char=15,16> a nif:Phrase ; itsrdf:taIdentRef c:b ; nif:sentence <#char=10,20> .
<#char=21,22> a nif:Phrase ; itsrdf:taIdentRef c:c ; nif:sentence <#char=20,30> .
<#char=23,24> a nif:Phrase ; itsrdf:taIdentRef c:d ; nif:sentence <#char=20,30> .
<#char=31,32> a nif:Phrase ; itsrdf:taIdentRef c:a ; nif:sentence <#char=30,40> .
<https://w3id.org/marxkg/doc/tiny/en#char=1,6> a nif:Phrase ; itsrdf:taIdentRef c:a ;
    nif:sentence <https://w3id.org/marxkg/doc/tiny/en#char=0,30> .
<https://w3id.org/marxkg/doc/tiny/en#char=8,12> a nif:Phrase ; itsrdf:taIdentRef c:b ;
    nif:sentence <https://w3id.org/marxkg/doc/tiny/en#char=0,30> .
<#char=12,15> nif:referenceContext <https://w3id.org/marxkg/doc/tiny> ;
    nif:beginIndex 12 ; nif:endIndex 15 ; nif:anchorOf "quoted" .

<https://w3id.org/marxkg/correspondence/a--c--lm> a mkg:Correspondence ;
    mkg:marxConcept c:a ; mkg:aiConcept c:c ; mkg:dimension mkg:LabourMeans ;
    mkg:relationKind mkg:Continuation ; prov:wasDerivedFrom <#char=0,10> .
<https://w3id.org/marxkg/correspondence/a--c--fc> a mkg:Correspondence ;
    mkg:marxConcept c:a ; mkg:aiConcept c:c ; mkg:dimension mkg:FixedCapital ;
    mkg:relationKind mkg:Extension .
<https://w3id.org/marxkg/correspondence/b--d> a mkg:Correspondence ;
    mkg:marxConcept c:b ; mkg:aiConcept c:d ; mkg:dimension mkg:FixedCapital ;
    mkg:relationKind mkg:Intensification .

ed:coll a mkg:MarxCollection ; dcterms:title "文集"@zh-Hans .
ed:vol1 a mkg:CollectionVolume ; bibo:volume "1" ; dcterms:isPartOf ed:coll .
page:10 a mkg:CitedPassage ; dcterms:isPartOf ed:vol1 ; bibo:pageStart "10" ;
    bibo:pageEnd "10" ; mkg:identifiedWork <https://w3id.org/marxkg/work/w1> .
page:20 a mkg:CitedPassage ; dcterms:isPartOf ed:vol1 ; bibo:pageStart "20" .
<https://w3id.org/marxkg/work/w1> a mkg:MarxWork ; dcterms:title "作品"@zh-Hans, "Work"@en .
<https://w3id.org/marxkg/ref/r1> a fabio:Book ; dcterms:title "书"@zh-Hans .
<https://w3id.org/marxkg/doc/tiny/note/1> mkg:label "①" .
<https://w3id.org/marxkg/doc/tiny/note/1/citation/1> a cito:Citation ;
    cito:hasCitingEntity <#char=0,10> ; cito:hasCitedEntity page:10 ;
    cito:hasCitationCharacterization cito:citesAsAuthority ;
    mkg:footnote <https://w3id.org/marxkg/doc/tiny/note/1> .
<https://w3id.org/marxkg/doc/tiny/note/2/citation/1> a cito:Citation ;
    cito:hasCitingEntity <#char=20,30> ; cito:hasCitedEntity <https://w3id.org/marxkg/ref/r1> .
<https://w3id.org/marxkg/doc/tiny/note/3/citation/1> a cito:Citation ;
    cito:hasCitingEntity <#char=12,15> ;
    cito:hasCitedEntity page:20 ;
    cito:hasCitationCharacterization cito:includesQuotationFrom ; mkg:quotation <#char=12,15> .
"""

A, B, Cc, D, Ee = (C + x for x in "abcde")
P1, P2, V1 = E + "coll/vol/1/p/10", E + "coll/vol/1/p/20", E + "vol1"
W1, R1 = "https://w3id.org/marxkg/work/w1", "https://w3id.org/marxkg/ref/r1"


@pytest.fixture(scope="module")
def tiny():
    return ma.store_from_turtle(TINY)


@pytest.fixture(scope="module")
def store(built):
    return ma.load_store(built.out)


@pytest.fixture(scope="module")
def analysis(store):
    return ma.analyze_store(store)


# ---- the hand-made graph ---------------------------------------------------------------


@pytest.mark.parametrize(
    "sentences, expected",
    [
        ({}, {}),
        ({"s1": {"x"}}, {}),
        ({"s1": {"y", "x"}, "s2": {"x", "y", "z"}}, {("x", "y"): 2, ("x", "z"): 1, ("y", "z"): 1}),
    ],
)
def test_cooccurrence_counts(sentences, expected):
    assert dict(ma.cooccurrence_counts(sentences)) == expected


@pytest.mark.parametrize(
    "a, b, weight",
    [
        (A, B, 2),  # s1, s2 (A twice in s2 still one sentence); not e1, a translation
        (A, Cc, 1),  # s1
        (B, Cc, 1),  # s1
        (Cc, D, 1),  # s3
        (A, D, 0),
        (B, D, 0),
    ],
)
def test_tiny_comention_weight(tiny, a, b, weight):
    g = ma.comention_graph(tiny)
    assert (g[a][b]["weight"] if g.has_edge(a, b) else 0) == weight
    assert (g[b][a]["weight"] if g.has_edge(b, a) else 0) == weight


def test_tiny_comention_nodes_are_the_mentioned_concepts(tiny):
    g = ma.comention_graph(tiny)
    assert sorted(g) == [A, B, Cc, D]
    assert g.number_of_edges() == 4


def test_tiny_comention_of_the_translation(tiny):
    g = ma.comention_graph(tiny, translated=True)
    assert {(u, v): d["weight"] for u, v, d in g.edges(data=True)} == {(A, B): 1}


@pytest.mark.parametrize(
    "concept, mentions, mentions_en, label, scheme, dims",
    [
        (A, 4, 1, "甲 / alpha", "marx", "LabourMeans;FixedCapital"),
        (B, 2, 1, "乙 / beta", "marx", "FixedCapital"),
        (Cc, 2, 0, "丙 / gamma", "ai-era", ""),
        (D, 1, 0, "丁 / delta", "ai-era", ""),
    ],
)
def test_tiny_node_attributes(tiny, concept, mentions, mentions_en, label, scheme, dims):
    node = ma.comention_graph(tiny).nodes[concept]
    assert (
        node["mentions"],
        node["mentions_en"],
        node["label"],
        node["scheme"],
        node["dimensions"],
        node["slug"],
        node["iri"],
    ) == (mentions, mentions_en, label, scheme, dims, concept.rsplit("/", 1)[1], concept)


def test_tiny_relation_kinds_are_not_concepts(tiny):
    assert sorted(ma.concept_table(tiny)) == [A, B, Cc, D, Ee]


def test_tiny_correspondences(tiny):
    g = ma.correspondence_graph(tiny)
    assert isinstance(g, nx.MultiDiGraph)
    assert g.number_of_edges() == 3
    assert sorted(d["dimension"] for d in g.get_edge_data(A, Cc).values()) == [
        "FixedCapital",
        "LabourMeans",
    ]
    assert g.get_edge_data(B, D)["b--d"]["relationKind"] == "Intensification"
    assert g.get_edge_data(A, Cc)["a--c--lm"]["evidence"] == 1
    assert ma.correspondences_per_dimension(tiny) == {
        "LabourMeans": 1,
        "FixedCapital": 2,
        "TechnicalBasis": 0,
    }


@pytest.mark.parametrize(
    "dimension, edges",
    [
        ("LabourMeans", {(A, Cc)}),
        ("FixedCapital", {(A, Cc), (B, D)}),
        ("TechnicalBasis", set()),
    ],
)
def test_tiny_correspondences_by_dimension(tiny, dimension, edges):
    assert set(ma.correspondence_graph(tiny, dimension=dimension).edges()) == edges


@pytest.mark.parametrize(
    "level, expected",
    [
        # the quotation (12,15) lies in s2, which mentions A and B
        (
            "page",
            {(A, P1): 1, (B, P1): 1, (Cc, P1): 1, (Cc, R1): 1, (D, R1): 1, (A, P2): 1, (B, P2): 1},
        ),
        ("volume", {(A, V1): 2, (B, V1): 2, (Cc, V1): 1, (Cc, R1): 1, (D, R1): 1}),
        # p1 is identified as work w1; p2 has no identified work and stays with its volume
        (
            "work",
            {(A, W1): 1, (B, W1): 1, (Cc, W1): 1, (A, V1): 1, (B, V1): 1, (Cc, R1): 1, (D, R1): 1},
        ),
    ],
)
def test_tiny_citation_graph(tiny, level, expected):
    g = ma.citation_graph(tiny, level=level)
    edges = {}
    for u, v, d in g.edges(data=True):
        concept, source = (u, v) if g.nodes[u]["bipartite"] == 0 else (v, u)
        edges[(concept, source)] = d["weight"]
    assert edges == expected
    assert {n for n, d in g.nodes(data=True) if d["bipartite"] == 0} == {A, B, Cc, D}


def test_tiny_citation_quotations_and_kinds(tiny):
    g = ma.citation_graph(tiny)
    assert (g[A][P2]["quotations"], g[A][P1]["quotations"]) == (1, 0)
    assert {n: g.nodes[n]["kind"] for n in (P1, P2, R1)} == {P1: "page", P2: "page", R1: "ref"}
    assert g.nodes[R1]["label_zh"] == "书"


def test_tiny_citation_level_is_checked(tiny):
    with pytest.raises(ValueError, match="level"):
        ma.citation_graph(tiny, level="chapter")


@pytest.mark.parametrize(
    "node, degree, weighted, betweenness",
    [
        # edges A-B (2), A-C, B-C, C-D: C lies on the shortest paths D-A and D-B;
        # normalised by (n-1)(n-2)/2 = 3 pairs
        (A, 2, 3, 0.0),
        (B, 2, 3, 0.0),
        (Cc, 3, 3, 0.666667),
        (D, 1, 1, 0.0),
    ],
)
def test_tiny_centrality(tiny, node, degree, weighted, betweenness):
    s = ma.centrality(ma.comention_graph(tiny))[node]
    assert (s["degree"], s["weighted_degree"], s["betweenness"]) == (degree, weighted, betweenness)


def test_tiny_eigenvector_is_symmetric_and_ordered(tiny):
    s = ma.centrality(ma.comention_graph(tiny))
    assert s[A]["eigenvector"] == s[B]["eigenvector"] > s[Cc]["eigenvector"] > s[D]["eigenvector"]


@pytest.mark.parametrize("weight", [1, 1000])
def test_eigenvector_of_a_heavy_bipartite_star(weight, caplog):
    """A star a-b, a-c, a-d (bipartite). Its leading eigenvector, worked out by hand: the
    centre x and each leaf y with λx = 3wy and λy = wx, so y = x/√3, and x² + 3y² = 1
    gives x = 1/√2 = 0.707107, y = 1/√6 = 0.408248, whatever the weight w. With w = 1000
    networkx's power iteration alone did not converge (and degree centrality was used)."""
    g = nx.Graph()
    for leaf in "bcd":
        g.add_edge("a", leaf, weight=weight)
    scores = ma.centrality(g)
    assert [scores[n]["eigenvector"] for n in "abcd"] == [0.707107] + [0.408248] * 3
    assert "did not converge" not in caplog.text


def test_top_nodes_of_an_annotated_graph_read_its_scores(tiny, monkeypatch):
    g = ma.comention_graph(tiny)
    expected = ma.top_nodes(g, "betweenness", 2)
    assert expected == [Cc, A]  # 0.666667, then A before B by IRI (both 0, weight 3)
    ma.annotate(g)

    def again(_g):
        raise AssertionError("the scores were computed again")

    monkeypatch.setattr("marxkg.analytics.metrics.centrality", again)
    assert ma.top_nodes(g, "betweenness", 2) == expected
    del g.nodes[D]["eigenvector"]  # a node without its scores: computed again
    with pytest.raises(AssertionError, match="computed again"):
        ma.top_nodes(g, "betweenness", 2)


def test_tiny_communities(tiny):
    # m = 5: {A,B},{C,D} has modularity (2/5 - 0.6²) + (1/5 - 0.4²) = 0.08, the best split
    assert ma.communities(ma.comention_graph(tiny)) == [[A, B], [Cc, D]]


def test_tiny_marx_citations(tiny):
    rows = ma.marx_citations(tiny)
    assert [(r["collection"], r["volume"], r["pages"], r["work_en"], r["mark"]) for r in rows] == [
        ("文集", 1, "10", "Work", "①"),
        ("文集", 1, "20", "", ""),
    ]
    assert (rows[1]["quotation"], rows[1]["sentence"]) == ("quoted", "second sentence")


# ---- the real build --------------------------------------------------------------------

# Counted in ontology/correspondences.ttl: grep -c "a mkg:Correspondence" -> 26;
# grep -o "mkg:dimension mkg:[A-Za-z]*" | sort | uniq -c -> 9 / 9 / 8.
CORRESPONDENCES = 26
PER_DIMENSION = {"LabourMeans": 9, "FixedCapital": 9, "TechnicalBasis": 8}
PER_KIND = {
    "Analogue": 1,
    "Continuation": 12,
    "Extension": 8,
    "Intensification": 2,
    "Transformation": 3,
}
# distinct mkg:marxConcept (23) and mkg:aiConcept (23) objects, no concept on both sides
CORRESPONDING_CONCEPTS = 46


def test_counts_and_sentence_concepts_agree_with_the_mentions(store):
    """What the engine counts and groups (`mention_counts`, `sentence_concepts`) is what
    the mentions, read one row each (`mention_rows`), give."""
    from collections import Counter

    from marxkg.analytics.tables import mention_counts, mention_rows, sentence_concepts

    rows = mention_rows(store)
    assert mention_counts(store) == Counter((m["c"], m["translated"]) for m in rows)
    for translated in (False, True):
        grouped: dict[str, set[str]] = {}
        for m in rows:
            if m["translated"] == translated:
                grouped.setdefault(m["s"], set()).add(m["c"])
        assert sentence_concepts(store, translated=translated) == grouped
        assert len(grouped) > 100  # the paper has a translation: both texts have mentions


def test_correspondence_graph_has_one_edge_per_correspondence(store):
    g = ma.correspondence_graph(store)
    assert (g.number_of_edges(), g.number_of_nodes()) == (CORRESPONDENCES, CORRESPONDING_CONCEPTS)
    assert all(
        g.nodes[u]["scheme"] == "marx" and g.nodes[v]["scheme"] == "ai-era" for u, v in g.edges()
    )


def test_correspondences_per_dimension_and_kind(store):
    assert ma.correspondences_per_dimension(store) == PER_DIMENSION
    assert ma.correspondences_per_relation_kind(store) == PER_KIND


@pytest.mark.parametrize("dimension, edges", sorted(PER_DIMENSION.items()))
def test_correspondence_graph_by_dimension(store, dimension, edges):
    g = ma.correspondence_graph(store, dimension=dimension)
    assert g.number_of_edges() == edges
    assert {d["dimension"] for *_, d in g.edges(data=True)} == {dimension}


def test_system_of_machinery_corresponds_to_ai_in_all_three_dimensions(store):
    # correspondences.ttl: system-of-machinery--artificial-intelligence-technology--{labour-
    # means,fixed-capital,technical-basis}, all three mkg:Continuation
    edges = ma.correspondence_graph(store).get_edge_data(
        C + "system-of-machinery", C + "artificial-intelligence-technology"
    )
    assert sorted(d["dimension"] for d in edges.values()) == sorted(PER_DIMENSION)
    assert {d["relationKind"] for d in edges.values()} == {"Continuation"}


# Sentences counted by reading the paper (longest-match labels: 固定资本流通, 机器体系更新,
# 机器体系的更新 and 马克思机器体系理论 name other concepts):
# 固定资本 + 机器体系: the abstract's first sentence; "在大工业生产方式下，马克思对机器体系…";
# heading 一; "在马克思机器体系理论框架中，机器体系嵌入了三重语境…"; heading 2 of part 一;
# "马克思立足固定资本的生产…"; "作为固定资本的机器体系应用，制造失业…"; the quotation
# "机器体系表现为固定资本的最适当的形式…"; "…和机器体系（固定资本）形成过程构成“复合关系”…";
# "马克思认为，固定资本的价值并非…"; "为了增加固定资本耐久性…机器体系（固定资本）投入…" = 11.
# 实质吸纳 + 总体吸纳: only "当资本对活劳动的实质吸纳进阶为总体吸纳，…" = 1.
@pytest.mark.parametrize(
    "a, b, sentences",
    [
        ("fixed-capital", "system-of-machinery", 11),
        ("real-subsumption", "total-subsumption", 1),
    ],
)
def test_comention_weight_counted_by_reading(store, a, b, sentences):
    g = ma.comention_graph(store)
    assert g[C + a][C + b]["weight"] == g[C + b][C + a]["weight"] == sentences


@pytest.mark.parametrize(
    "slug", ["fixed-capital", "system-of-machinery", "total-subsumption", "digital-gig-worker"]
)
def test_comention_agrees_with_the_named_query(store, slug):
    """A second implementation: the named SPARQL query co-mentions (marxkg.query)."""
    from marxkg.query import LocalEngine, load_library, run

    records = run(
        load_library()["co-mentions"], LocalEngine(store), [f"concept=concept:{slug}"]
    ).records()
    g = ma.comention_graph(store)
    assert {r["other"]: int(r["sentences"]) for r in records} == {
        n: d["weight"] for n, d in g[C + slug].items()
    }


@pytest.mark.parametrize("slug", ["fixed-capital", "system-of-machinery", "living-labour"])
def test_citation_graph_agrees_with_trace(store, slug):
    """A second implementation: the Marx pages marxkg.query.trace finds for a concept's mentions."""
    from marxkg.query import LocalEngine
    from marxkg.query.trace import trace_concept

    traced = trace_concept(LocalEngine(store), slug)
    g = ma.citation_graph(store)
    assert {n for n in g[C + slug] if g.nodes[n]["kind"] == "page"} == {
        pt.passage.iri for pt in traced.passages if "mention" in pt.via
    }


def test_comention_weights_are_bounded_by_mentions(store):
    g = ma.comention_graph(store)
    assert all(
        0 < d["weight"] <= min(g.nodes[u]["mentions"], g.nodes[v]["mentions"])
        for u, v, d in g.edges(data=True)
    )
    assert not any(u == v for u, v in g.edges())


@pytest.mark.parametrize(
    "slug, zh, en, scheme, dims",
    [
        ("fixed-capital", "固定资本", "fixed capital", "marx", "FixedCapital"),
        (
            "system-of-machinery",
            "机器体系",
            "system of machinery",
            "marx",
            "LabourMeans;FixedCapital;TechnicalBasis",
        ),
        ("total-subsumption", "总体吸纳", "total subsumption", "ai-era", "LabourMeans"),
    ],
)
def test_real_node_attributes(store, slug, zh, en, scheme, dims):
    node = ma.comention_graph(store).nodes[C + slug]
    assert (node["slug"], node["label_zh"], node["label_en"], node["scheme"]) == (
        slug,
        zh,
        en,
        scheme,
    )
    assert node["dimensions"] == dims
    assert node["mentions"] >= 1


def test_concepts_per_scheme_match_the_ontology_files(store):
    from rdflib import Graph
    from rdflib.namespace import RDF, SKOS

    expected = {}
    for path in sorted(ONTOLOGY.glob("concepts-*.ttl")):
        g = Graph().parse(path)
        for concept in set(g.subjects(RDF.type, SKOS.Concept)):
            for scheme in g.objects(concept, SKOS.inScheme):
                key = str(scheme).rsplit("/scheme/", 1)[1]
                expected[key] = expected.get(key, 0) + 1
    assert ma.concept_counts_per_scheme(store) == expected


# The Marx footnotes of source.md, read one by one (a footnote citing 第444、453页 counts
# twice): 文集 vol. 5: 17, vol. 8: 6 (p. 196 twice), vol. 7: 1, vol. 6: 1; 全集 vol. 31: 1.
MARX_BY_VOLUME = {
    ("马克思恩格斯全集", 31): 1,
    ("马克思恩格斯文集", 5): 17,
    ("马克思恩格斯文集", 6): 1,
    ("马克思恩格斯文集", 7): 1,
    ("马克思恩格斯文集", 8): 6,
}


def test_marx_citations_by_volume(store):
    assert {
        (r["collection"], r["volume"]): r["citations"] for r in ma.marx_citations_by_volume(store)
    } == MARX_BY_VOLUME


def test_marx_citations_vol8_pages_in_order(store):
    rows = [r for r in ma.marx_citations(store) if r["volume"] == 8]
    assert [r["pages"] for r in rows] == ["186", "187", "196", "196", "348", "392"]
    assert all(r["sentence"] for r in rows)


@pytest.mark.parametrize(
    "level, marx_sources",
    [
        ("page", 25),  # the 25 cited pages of the paper (docs/ontology.md)
        ("volume", 5),  # 文集 5, 6, 7, 8 and 全集 31
    ],
)
def test_citation_graph_sources(store, level, marx_sources):
    g = ma.citation_graph(store, level=level)
    kinds = [d["kind"] for _, d in g.nodes(data=True)]
    assert kinds.count("page" if level == "page" else "volume") == marx_sources
    assert all({g.nodes[u]["bipartite"], g.nodes[v]["bipartite"]} == {0, 1} for u, v in g.edges())
    assert nx.is_bipartite(g)


def test_citation_graph_work_level_names_capital(store):
    g = ma.citation_graph(store, level="work")
    assert "https://w3id.org/marxkg/work/capital-vol-1" in g
    assert g.nodes["https://w3id.org/marxkg/work/capital-vol-1"]["kind"] == "work"


# ---- summary, exports, CLI -------------------------------------------------------------


def test_summary_reports_the_dimensions_and_labels(analysis):
    text = ma.format_summary(analysis, top=5)
    assert "correspondences per dimension: LabourMeans 9, FixedCapital 9, TechnicalBasis 8" in text
    assert "机器体系 (system of machinery)" in text
    assert text.count("== ") == 3


@pytest.mark.parametrize("name", sorted(ma.PROJECTIONS))
@pytest.mark.parametrize("fmt", ["graphml", "gexf"])
def test_export_parses_back(analysis, name, fmt):
    g = analysis.graphs[name]
    text = ma.dumps_graphml(g) if fmt == "graphml" else ma.dumps_gexf(g)
    data = io.BytesIO(text.encode("utf-8"))
    back = nx.read_graphml(data) if fmt == "graphml" else nx.read_gexf(data)
    assert (back.number_of_nodes(), back.number_of_edges()) == (
        g.number_of_nodes(),
        g.number_of_edges(),
    )
    assert set(back) == set(g)
    node = min(back)
    assert back.nodes[node]["label"] == g.nodes[node]["label"]
    assert "&#" not in text  # Chinese written as characters, not references


@pytest.mark.slow
@pytest.mark.parametrize("name", sorted(ma.PROJECTIONS))
def test_exports_are_deterministic(store, analysis, name):
    again = ma.analyze_store(store)
    assert ma.dumps_graphml(again.graphs[name]) == ma.dumps_graphml(analysis.graphs[name])
    assert ma.dumps_gexf(again.graphs[name]) == ma.dumps_gexf(analysis.graphs[name])
    assert "lastmodifieddate" not in ma.dumps_gexf(analysis.graphs[name])


@pytest.mark.slow
def test_cli_analyze_writes_the_same_bytes_twice(built, tmp_path):
    from typer.testing import CliRunner

    from marxkg.cli import app

    runs = []
    for k in (1, 2):
        target = tmp_path / f"run{k}"
        result = CliRunner().invoke(
            app, ["analyze", "--out", str(built.out), "--export", str(target), "--top", "3"]
        )
        assert result.exit_code == 0, result.output
        runs.append({p.name: p.read_bytes() for p in sorted(target.iterdir())})
    assert sorted(runs[0]) == sorted(
        f"{n}.{f}" for n in ma.PROJECTIONS for f in ("gexf", "graphml")
    )
    assert runs[0] == runs[1]
    assert "TechnicalBasis 8" in result.output


@pytest.mark.parametrize(
    "args, message",
    [
        (["--metric", "closeness"], "--metric"),
        (["--level", "chapter"], "--level"),
    ],
)
def test_cli_analyze_rejects_bad_options(built, args, message):
    from typer.testing import CliRunner

    from marxkg.cli import app

    result = CliRunner().invoke(app, ["analyze", "--out", str(built.out), *args])
    assert result.exit_code == 1
    assert message in result.output


def test_cli_analyze_without_a_build(tmp_path):
    from typer.testing import CliRunner

    from marxkg.cli import app

    result = CliRunner().invoke(app, ["analyze", "--out", str(tmp_path)])
    assert result.exit_code == 1
    assert "not built yet" in result.output


def test_ensure_build_uses_an_existing_graph_without_a_corpus(built, tmp_path):
    assert ma.ensure_build(built.out, corpus=tmp_path / "no-corpus") == Path(built.out)
    with pytest.raises(FileNotFoundError):
        ma.ensure_build(tmp_path / "empty", corpus=tmp_path / "no-corpus")


def test_table_escapes_cells():
    html = ma.Table([{"a": "<script>alert(1)</script>", "b": 0.5}])._repr_html_()
    assert "<script>" not in html and "&lt;script&gt;" in html and "0.5000" in html
