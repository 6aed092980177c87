"""`marxkg validate` with SHACL a batch of documents at a time (a corpus too large to hold
in rdflib): the same verdict as the whole graph on a clean build, a broken shape reported
with its document (alone or in a batch with another), the cross-document links checked
over the store."""

from __future__ import annotations

import shutil

import pyoxigraph as ox
import pytest
from typer.testing import CliRunner

from marxkg import validate
from marxkg.build import build
from marxkg.cli import app
from marxkg.store import open_build
from marxkg.validate import shacl as shacl_mod
from tests import ROOT
from tests.corpora import paper_corpus

pytestmark = pytest.mark.slow  # two real papers built, pySHACL over each

PAPER_ID = "xu-jingyi-machinery-ai"
COPY = "xu-copy-short"  # the paper without one footnote: it shares all but a few figures
BASE = "https://w3id.org/marxkg/"
MKG = BASE + "ontology#"
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
ONTOLOGY = ROOT / "ontology"


@pytest.fixture(scope="module")
def two_papers(tmp_path_factory):
    corpus = paper_corpus(tmp_path_factory.mktemp("corpus"), (COPY,))
    out = tmp_path_factory.mktemp("build") / "out"
    build(corpus, ONTOLOGY, out, jobs=1)
    return out


def _copy(two_papers, tmp_path):
    out = tmp_path / "out"
    shutil.copytree(two_papers, out)
    return out


def test_per_document_and_whole_graph_agree_on_a_clean_build(two_papers, monkeypatch):
    whole = validate.validate_build(two_papers, ONTOLOGY, per_document=False)
    assert whole.ok, whole.messages
    # above the threshold, the default is one document at a time
    monkeypatch.setattr(validate, "WHOLE_GRAPH_TRIPLES", 1000)
    steps: list[str] = []
    each = validate.validate_build(two_papers, ONTOLOGY, progress=steps.append)
    assert each.ok, each.messages
    assert f"[1/2] SHACL of {COPY}" in steps and f"[2/2] SHACL of {PAPER_ID}" in steps
    shacl = next(m for m in each.messages if m.startswith("SHACL:"))
    assert "each of 2 documents conforms, validated in 2 batch(es)" in shacl
    assert "cross-document links: between claims of the same figure" in each.messages
    # the same spans are checked either way
    spans = [m for m in whole.messages + each.messages if m.startswith("NIF: all")]
    assert len(spans) == 2 and spans[0].split()[2] == spans[1].split()[2]


def test_the_links_checked_over_the_store_exist(two_papers):
    reader = open_build(two_papers)
    query = f"SELECT (COUNT(*) AS ?n) WHERE {{ ?a <{MKG}sameFigureAs> ?b }}"
    assert int(next(iter(reader.query(query)))["n"].value) > 100
    assert validate.check_links(reader) == []


def _one_batch(monkeypatch):
    """Every document in one batch (the two papers' parts are 7 MB)."""
    monkeypatch.setattr(shacl_mod, "MIN_BATCHES", 1)
    monkeypatch.setattr(shacl_mod, "BATCH_BYTES", 64 * 2**20)


def _break_a_shape(out):
    part = open_build(out).graph_part(COPY)
    sentence = f"<{BASE}doc/{COPY}#char=0,1>"
    wrong = f"{sentence} <{MKG}inSection> <{BASE}concept/capital> .\n"  # not a mkg:Section
    part.write_bytes(part.read_bytes() + wrong.encode())


@pytest.mark.parametrize("batches", ["each alone", "together"])
def test_a_document_that_breaks_a_shape_is_named(two_papers, tmp_path, monkeypatch, batches):
    out = _copy(two_papers, tmp_path)
    _break_a_shape(out)
    if batches == "together":
        _one_batch(monkeypatch)
    result = validate.validate_build(out, ONTOLOGY, per_document=True)
    assert not result.ok
    # the sentence is none (#char=0,1 is no span of the paper), the section a concept
    assert result.per_document == {COPY: 2}
    broken = [m for m in result.messages if m.startswith(f"{COPY}: SHACL: its graph does not")]
    assert len(broken) == 1 and "Results (2):" in broken[0]
    assert f"Focus Node: <{BASE}doc/{COPY}#char=0,1>" in broken[0]
    assert not any(m.startswith(f"{PAPER_ID}: SHACL") for m in result.messages)


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


def test_two_workers_find_what_one_finds_in_the_same_order(two_papers, tmp_path):
    """SHACL of the documents in two worker processes (a batch each): the same verdict,
    messages (in the documents' order, whichever worker finishes first) and counts as in
    this process."""
    out = _copy(two_papers, tmp_path)
    _break_a_shape(out)
    one = validate.validate_build(out, ONTOLOGY, per_document=True, jobs=1)
    steps: list[str] = []
    two = validate.validate_build(out, ONTOLOGY, per_document=True, jobs=2, progress=steps.append)
    assert not one.ok and set(one.per_document) == {COPY}
    assert (two.ok, two.violations, two.messages, two.per_document) == (
        one.ok,
        one.violations,
        one.messages,
        one.per_document,
    )
    shacl = [s.split() for s in steps if " SHACL of " in s]  # as the workers finish
    assert sorted(s[0] for s in shacl) == ["[1/2]", "[2/2]"]
    assert sorted(s[-1] for s in shacl) == sorted([COPY, PAPER_ID])


@pytest.mark.parametrize(
    ("jobs", "damage", "batches"),
    [(1, "missing", 2), (2, "missing", 2), (2, "garbled", 2), (1, "garbled", 1)],
)
def test_an_unreadable_part_is_reported_with_its_document(
    two_papers, tmp_path, monkeypatch, jobs, damage, batches
):
    """A part that cannot be read is reported with its document; the other document of its
    batch is still validated."""
    out = _copy(two_papers, tmp_path)
    if batches == 1:
        _one_batch(monkeypatch)
    part = open_build(out).graph_part(PAPER_ID)
    if damage == "missing":
        part.unlink()
    else:  # a line that is not N-Triples, in a worker process
        part.write_bytes(part.read_bytes() + b'<broken> "no end\n')
    result = validate.validate_build(out, ONTOLOGY, per_document=True, jobs=jobs)
    assert not result.ok and set(result.per_document) == {PAPER_ID}
    assert any("its graph part cannot be read" in m for m in result.messages)
    assert any(m.startswith(f"{COPY}: token layer") for m in result.messages)
    assert not any(m.startswith(f"{COPY}: SHACL") for m in result.messages)


@pytest.mark.parametrize(
    "change, reason",
    [
        ("one-way", "not stated both ways"),
        ("to-a-sentence", "not between two mkg:QuantitativeClaim"),
        ("from-a-sentence", "not between two mkg:QuantitativeClaim"),
    ],
)
def test_a_wrong_link_is_reported(two_papers, tmp_path, change, reason):
    out = _copy(two_papers, tmp_path)
    store = ox.Store(str(out / "store"))
    same = ox.NamedNode(MKG + "sameFigureAs")
    link = next(
        q
        for q in store.quads_for_pattern(None, same, None, ox.DefaultGraph())
        if f"/doc/{COPY}" in q.subject.value
    )
    sentence = ox.NamedNode(f"{BASE}doc/{COPY}#char=0,1")
    if change == "one-way":
        store.remove(ox.Quad(link.object, same, link.subject, ox.DefaultGraph()))
    elif change == "to-a-sentence":
        store.add(ox.Quad(link.subject, same, sentence, ox.DefaultGraph()))
    else:  # a link that no claim's figure leads to: found by reading every link
        store.add(ox.Quad(sentence, same, link.subject, ox.DefaultGraph()))
    store.flush()
    del store
    errors = validate.check_links(open_build(out))
    assert len(errors) == 1 and reason in errors[0], errors
    assert f"/doc/{COPY}" in errors[0]


def test_full_is_not_per_document(two_papers):
    with pytest.raises(ValueError, match="whole graph"):
        validate.validate_build(two_papers, ONTOLOGY, full=True, per_document=True)
    result = CliRunner().invoke(
        app, ["validate", "--out", str(two_papers), "--full", "--per-document", "-q"]
    )
    assert result.exit_code == 1 and "error: --full --per-document" in result.output


def _part(tmp_path, name, size):
    path = tmp_path / name
    path.write_bytes(b"x" * size)
    return (name, str(path))


def test_batches_follow_the_documents_order_within_the_bytes_and_the_minimum_count(
    tmp_path, monkeypatch
):
    monkeypatch.setattr(shacl_mod, "BATCH_BYTES", 100)
    monkeypatch.setattr(shacl_mod, "MIN_BATCHES", 2)
    a, b, c, d = (_part(tmp_path, n, s) for n, s in [("a", 40), ("b", 50), ("c", 30), ("d", 5)])
    big = _part(tmp_path, "big", 250)
    missing = ("gone", str(tmp_path / "gone"))
    # 40 + 50 fit in 100; c would pass it
    assert shacl_mod.batch_parts([a, b, c, d]) == [[a, b], [c, d]]
    # a part larger than the bytes is a batch alone; a missing part weighs nothing
    assert shacl_mod.batch_parts([a, big, missing, d]) == [[a], [big], [missing, d]]
    # at least MIN_BATCHES batches: at most ceil(5 / 2) = 3 parts a batch
    small = [_part(tmp_path, f"s{k}", 1) for k in range(5)]
    assert shacl_mod.batch_parts(small) == [small[:3], small[3:]]
    assert shacl_mod.batch_parts([]) == []


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
    result = validate.validate_build(out, ONTOLOGY, per_document=True)
    assert not result.ok and expected in result.messages and result.per_document == {}
