"""Facts derived at build time for the named queries (ontology/marxkg.ttl, "derived by
marxkg"): a sentence's section (mkg:inSection), the concepts a source sentence mentions
(mkg:mentionsConcept) and each document's word counts (mkg:WordCount, in the token layer).

Gold from reading corpus/xu-jingyi-machinery-ai/source.md: which heading a sentence stands
under, which concept labels it contains; the counts are recomputed here from the tokens."""

from __future__ import annotations

import io
from collections import Counter

import pyoxigraph as ox
import pytest
from rdflib import URIRef

from marxkg.graph import new_graph
from marxkg.graph.annotations import add_mentions
from marxkg.graph.text import add_document
from marxkg.graph.tokens import token_ntriples, word_count_iri, word_counts
from marxkg.rdf.namespaces import MKG, NIF, Iris

BASE = "https://w3id.org/marxkg/"
CONCEPT = BASE + "concept/"


@pytest.fixture(scope="module")
def graph(paper, annotations):
    g = new_graph()
    add_document(g, paper, Iris())
    add_mentions(g, paper, annotations, Iris())
    return g


def _sentence(paper, start: str) -> URIRef:
    """The IRI of the one sentence of the paper beginning with ``start``."""
    found = [s for s in paper.sentences if paper.text[s.start : s.end].startswith(start)]
    assert len(found) == 1, (start, len(found))
    return Iris().span(paper.doc_id, found[0].start, found[0].end)


# (beginning of a sentence, the section it stands in: under which heading in source.md)
SECTIONS = [
    ("机器体系作为资本主义应用的“最适合”技术载体", "1"),  # part 一, before its subsection 1
    ("机器体系的出现标志着劳动资料从简单工具向复杂技术系统的质变", "1.1"),
    ("1. 作为劳动资料的机器体系应用", "1.1"),  # a subsection's heading is in it
    ("二、人工智能技术资本主义应用困境的现实审视", "2"),  # a part's heading
    ("新技术范式下，数字资本借助于新型智能劳动资料", "2.1"),
    ("一是在数实融合的坚实基础上", "3.1"),
]


@pytest.mark.parametrize(("start", "section"), SECTIONS)
def test_a_sentence_is_in_the_section_it_stands_under(graph, paper, start, section):
    got = set(graph.objects(_sentence(paper, start), MKG.inSection))
    assert got == {Iris().section(paper.doc_id, section)}


def test_the_title_is_in_no_section(graph, paper):
    title = _sentence(paper, "马克思机器体系理论视域下人工智能技术资本主义应用困境研究")
    assert set(graph.objects(title, MKG.inSection)) == set()


# (beginning of a sentence, concepts whose labels it contains)
MENTIONED = [
    (
        "机器体系的出现标志着劳动资料从简单工具向复杂技术系统的质变",
        {"system-of-machinery", "means-of-labour"},
    ),
]


@pytest.mark.parametrize(("start", "concepts"), MENTIONED)
def test_a_sentence_mentions_the_concepts_of_its_labels(graph, paper, start, concepts):
    got = {str(c) for c in graph.objects(_sentence(paper, start), MKG.mentionsConcept)}
    assert {CONCEPT + c for c in concepts} <= got


def test_mentioned_concepts_are_the_distinct_concepts_of_the_mentions(graph, paper, annotations):
    """One statement per sentence and concept, exactly those of the mentions (nested ones
    included), whatever the number of mentions."""
    want = {
        (str(Iris().span(paper.doc_id, *_span(paper, m.sentence))), m.concept)
        for m in annotations.all_mentions()
    }
    got = {(str(s), str(c)) for s, c in graph.subject_objects(MKG.mentionsConcept)}
    assert got == want
    assert len(got) < len(list(annotations.all_mentions()))  # repeated mentions: one fact


def _span(paper, i: int) -> tuple[int, int]:
    return paper.sentences[i].start, paper.sentences[i].end


def test_every_sentence_of_a_paragraph_or_heading_in_a_section_has_one(graph, paper):
    """Each sentence whose block a section holds has exactly one section; the rest none."""
    per_sentence = Counter(s for s, _ in graph.subject_objects(MKG.inSection))
    assert set(per_sentence.values()) == {1}
    sentences = set(graph.subjects(NIF.superString, None))
    assert set(per_sentence) <= sentences
    assert len(per_sentence) > 0.9 * len(paper.sentences)


def test_word_counts_count_the_tokens(paper, annotations):
    counts = word_counts(paper, annotations)
    tokens = Counter((t.text, t.pos) for t in annotations.tokens)
    assert {(w, p): n for w, p, n in counts} == dict(tokens)
    assert sum(n for _, _, n in counts) == len(annotations.tokens)


def test_word_counts_are_in_the_token_layer(paper, annotations):
    nt = token_ntriples(paper, annotations, Iris())
    store = ox.Store()
    store.load(io.BytesIO(nt), format=ox.RdfFormat.N_TRIPLES)
    ctx = str(Iris().doc(paper.doc_id))
    rows = store.query(
        f"""SELECT ?c ?w ?p ?n WHERE {{
              ?c a <{MKG.WordCount}> ; <{MKG.countedIn}> <{ctx}> ; <{MKG.word}> ?w ;
                 <{MKG.posTag}> ?p ; <{MKG.tokenCount}> ?n }}"""
    )
    got = {(r["w"].value, r["p"].value): (r["c"].value, int(r["n"].value)) for r in rows}
    tokens = Counter((t.text, t.pos) for t in annotations.tokens)
    assert {k: n for k, (_, n) in got.items()} == dict(tokens)
    # the count's IRI names its document, tag and word (percent-encoded); the paper's
    # first word, 马克思 (a person's name, nr), occurs as a word no more often than in its text
    iri, n = got[("马克思", "nr")]
    assert (
        iri == word_count_iri(ctx, "马克思", "nr") == ctx + "/words/nr/%E9%A9%AC%E5%85%8B%E6%80%9D"
    )
    assert 0 < n <= paper.text.count("马克思")
