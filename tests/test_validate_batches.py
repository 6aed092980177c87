"""`marxkg validate` per document, in batches: what a batch finds goes to the documents it
concerns, as when each document is validated alone; and the corpus's word counts, checked
over the store (two real papers; split from `test_validate_per_document` so that the two
run side by side)."""

from __future__ import annotations

import pyoxigraph as ox
import pytest

from marxkg import validate
from marxkg.build import build
from marxkg.store import open_build
from tests.corpora import paper_corpus
from tests.test_validate_per_document import (
    BASE,
    COPY,
    MKG,
    ONTOLOGY,
    PAPER_ID,
    RDF_TYPE,
    _break_a_shape,
    _copy,
    _one_batch,
)

pytestmark = pytest.mark.slow  # two real papers built, pySHACL over each


@pytest.fixture(scope="module")
def two_papers(tmp_path_factory):
    """The paper and its copy without one footnote, built (this module's own build, so
    that it runs beside `test_validate_per_document`)."""
    corpus = paper_corpus(tmp_path_factory.mktemp("corpus"), (COPY,))
    out = tmp_path_factory.mktemp("build") / "out"
    build(corpus, ONTOLOGY, out, jobs=1)
    return out


def test_a_batch_reports_what_its_documents_alone_report(two_papers, tmp_path, monkeypatch):
    """The two documents validated together give the same messages as each alone, but
    for the summary line, which counts the batches."""
    out = _copy(two_papers, tmp_path)
    _break_a_shape(out)
    alone = validate.validate_build(out, ONTOLOGY, per_document=True)
    _one_batch(monkeypatch)
    together = validate.validate_build(out, ONTOLOGY, per_document=True)
    assert (together.ok, together.violations, together.per_document) == (
        alone.ok,
        alone.violations,
        alone.per_document,
    )
    assert together.messages == alone.messages


def test_a_result_about_the_ontology_goes_to_every_document_of_the_batch(
    two_papers, tmp_path, monkeypatch
):
    """A concept with two schemes (ConceptShape: exactly one skos:inScheme) is in the
    ontology's part, which every batch validates: each document is told, as when each is
    validated alone."""
    out = _copy(two_papers, tmp_path)
    onto = open_build(out).graph_part(None, "ontology.nt")
    skos = "http://www.w3.org/2004/02/skos/core#"
    extra = f"<{BASE}concept/capital> <{skos}inScheme> <{BASE}scheme/ai-era> .\n"
    onto.write_bytes(onto.read_bytes() + extra.encode())
    _one_batch(monkeypatch)
    result = validate.validate_build(out, ONTOLOGY, per_document=True)
    assert result.per_document == {COPY: 1, PAPER_ID: 1}
    for doc in (COPY, PAPER_ID):
        text = next(m for m in result.messages if m.startswith(f"{doc}: SHACL"))
        assert f"Focus Node: <{BASE}concept/capital>" in text and "Results (1):" in text


def test_a_broken_span_is_named_in_a_batch(two_papers, tmp_path, monkeypatch):
    out = _copy(two_papers, tmp_path)
    part = open_build(out).graph_part(COPY)
    lines = part.read_bytes().splitlines(keepends=True)
    anchor = b"<http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#anchorOf>"
    k = next(i for i, line in enumerate(lines) if anchor in line and b"#char=" in line)
    subject = lines[k].split(b" ", 1)[0]
    lines[k] = subject + b" " + anchor + b' "not the text" .\n'
    part.write_bytes(b"".join(lines))
    _one_batch(monkeypatch)
    result = validate.validate_build(out, ONTOLOGY, per_document=True)
    # SHACL's ContextShape and the spans' check both see it
    assert result.per_document == {COPY: 2}
    assert any(
        m.startswith(f"{COPY}: {subject.decode()[1:-1]}: anchorOf 'not the text'")
        for m in result.messages
    )
    shacl = next(m for m in result.messages if m.startswith(f"{COPY}: SHACL"))
    assert f"Value Node: {subject.decode()}" in shacl
    assert not any(m.startswith(f"{PAPER_ID}: ") and "SHACL" in m for m in result.messages)


@pytest.mark.parametrize("change", ["wrong-count", "no-document-count", "extra-word", "none"])
def test_a_wrong_corpus_word_count_is_reported(two_papers, tmp_path, change):
    """The corpus's word counts are the sums of the documents' (`check_corpus_counts`, over
    the store, in both modes): 传感器 is counted 2 times in each paper (read off its body)."""
    out = _copy(two_papers, tmp_path)
    store = ox.Store(str(out / "store"))
    node = ox.NamedNode(f"{BASE}corpus/words/n/%E4%BC%A0%E6%84%9F%E5%99%A8")  # 传感器
    count, docs = (ox.NamedNode(MKG + p) for p in ("tokenCount", "documentCount"))
    integer = ox.NamedNode("http://www.w3.org/2001/XMLSchema#integer")
    graph = ox.DefaultGraph()
    assert {q.object.value for q in store.quads_for_pattern(node, count, None, graph)} == {"4"}
    if change == "wrong-count":
        store.remove(ox.Quad(node, count, ox.Literal("4", datatype=integer), graph))
        store.add(ox.Quad(node, count, ox.Literal("5", datatype=integer), graph))
        expected = "corpus word count of '传感器'/n: 5 tokens in 2 documents stated, the"
        expected += " documents' counts add up to 4 in 2"
    elif change == "no-document-count":
        store.remove(ox.Quad(node, docs, ox.Literal("2", datatype=integer), graph))
        expected = f"corpus word count {node.value}: no mkg:documentCount"
    elif change == "none":  # a build by an earlier marxkg: one message, not one a word
        for q in list(store.quads_for_pattern(None, None, None, graph)):
            if q.subject.value.startswith(f"{BASE}corpus/words/"):
                store.remove(q)
        expected = "no corpus word counts (mkg:CorpusWordCount) beside the documents' 1810:"
        expected += " a build by an earlier version of marxkg? build again"
    else:  # a word no document has
        other = ox.NamedNode(f"{BASE}corpus/words/n/x")
        store.add(
            ox.Quad(other, ox.NamedNode(RDF_TYPE), ox.NamedNode(MKG + "CorpusWordCount"), graph)
        )
        store.add(
            ox.Quad(other, ox.NamedNode(MKG + "countedIn"), ox.NamedNode(BASE + "corpus"), graph)
        )
        for p, o in [("word", ox.Literal("x")), ("posTag", ox.Literal("n"))]:
            store.add(ox.Quad(other, ox.NamedNode(MKG + p), o, graph))
        for p in (count, docs):
            store.add(ox.Quad(other, p, ox.Literal("1", datatype=integer), graph))
        expected = "corpus word count of 'x'/n: 1 tokens in 1 documents stated, the documents'"
        expected += " counts add up to 0 in 0"
    store.flush()
    del store
    counted, errors = validate.check_corpus_counts(open_build(out))
    assert errors == [expected]
    assert counted == {"extra-word": 1811, "none": 0}.get(change, 1810)
    if change == "wrong-count":  # and `validate` reports it (one run: pySHACL is slow)
        result = validate.validate_build(out, ONTOLOGY, per_document=True)
        assert not result.ok and expected in result.messages and result.per_document == {}
