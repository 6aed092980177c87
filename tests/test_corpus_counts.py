"""The corpus's word counts as a graph part (`marxkg.graph.counts`): added up by hand from
small documents' counts, written as the canonical N-Triples every part of the build is."""

from __future__ import annotations

from rdflib import Graph, Literal, URIRef

from marxkg.graph.counts import add_word_counts, corpus_count_iri, corpus_count_ntriples
from marxkg.graph.merge import canonical_ntriples

BASE = "https://w3id.org/marxkg/"
MKG = BASE + "ontology#"

# three documents' (word, tag, tokens), as the workers write them (words.json)
DOCS = [
    [("机器", "n", 3), ("资本", "n", 2)],
    [("机器", "n", 1), ('说"引号"', "x", 1)],
    [("a/b\\c", "eng", 2), ("机器", "v", 1)],
]


def test_counts_are_added_and_documents_counted():
    assert add_word_counts(DOCS) == {
        ("机器", "n"): (4, 2),
        ("资本", "n"): (2, 1),
        ('说"引号"', "x"): (1, 1),
        ("a/b\\c", "eng"): (2, 1),
        ("机器", "v"): (1, 1),
    }
    assert add_word_counts([]) == {}


def test_the_part_is_canonical_n_triples_with_one_node_a_word_and_tag():
    nt = corpus_count_ntriples(BASE, add_word_counts(DOCS))
    g = Graph()
    g.parse(data=nt, format="nt")
    assert canonical_ntriples(g) == nt  # sorted, one triple a line, terms as Oxigraph writes
    assert len(g) == 3 + 5 * 6  # the corpus node (type, two labels); 6 triples a count
    # a slash in a word cannot open a path segment of the IRI
    node = URIRef(corpus_count_iri(BASE, "a/b\\c", "eng"))
    assert str(node) == BASE + "corpus/words/eng/a%2Fb%5Cc"
    assert g.value(node, URIRef(MKG + "word")) == Literal("a/b\\c")
    machine = URIRef(corpus_count_iri(BASE, "机器", "n"))
    assert int(g.value(machine, URIRef(MKG + "tokenCount"))) == 4
    assert int(g.value(machine, URIRef(MKG + "documentCount"))) == 2
    assert g.value(machine, URIRef(MKG + "countedIn")) == URIRef(BASE + "corpus")
    quoted = URIRef(corpus_count_iri(BASE, '说"引号"', "x"))
    assert g.value(quoted, URIRef(MKG + "word")) == Literal('说"引号"')
