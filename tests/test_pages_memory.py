"""The pages step of a build reads one document at a time (`marxkg.build_pages`) and a
graph without the documents' own nodes (`marxkg.pipeline.page_graph`): the pages must be
the bytes the in-memory path gives (every document and annotations held in a list, the
whole graph of every part), on a corpus of different documents: the shipped paper (with
its translation and evidence), a copy of it without one note, and fixture papers."""

from __future__ import annotations

import json
import pickle
from pathlib import Path

import pytest

from marxkg.build_doc import CORPUS_PARTS, PART_GRAPH, PART_PAGES, STATE
from tests import ONTOLOGY, PAPER_ID
from tests.corpora import fixture_corpus, paper_corpus

pytestmark = pytest.mark.slow  # a whole build of five documents

SHORT = "xu-copy-short"


@pytest.fixture(scope="module")
def corpus_build(tmp_path_factory):
    from marxkg.build import build

    root = tmp_path_factory.mktemp("pages-memory")
    corpus = paper_corpus(root / "corpus", copies=(SHORT,))
    fixture_corpus(corpus, 3)
    result = build(corpus, ONTOLOGY, root / "out", jobs=2)
    assert not result.failed
    return root / "out"


def _doc_ids(out: Path) -> list[str]:
    report = json.loads((out / "report.json").read_text(encoding="utf-8"))
    return [d["doc_id"] for d in report["documents"]]


def _in_memory_pages(out: Path) -> dict[str, bytes]:
    """The reference: the pages from every document held in memory and the whole graph of
    the parts (what the pages step did before it read one document at a time)."""
    from marxkg.graph import new_graph
    from marxkg.ontology import load_ontology
    from marxkg.pipeline import render_pages
    from marxkg.rdf.namespaces import Iris

    iris = Iris()
    docs, anns = [], {}
    g = new_graph()
    for part in CORPUS_PARTS:
        g.parse(out / STATE / part, format="nt")
    for doc_id in _doc_ids(out):
        doc, ann = pickle.loads((out / STATE / doc_id / PART_PAGES).read_bytes())
        docs.append(doc)
        anns[doc_id] = ann
        g.parse(out / STATE / doc_id / PART_GRAPH, format="nt")
    return render_pages(docs, anns, g, load_ontology(ONTOLOGY, iris), iris)


def _shelf_pages(out: Path) -> dict[str, bytes]:
    from marxkg.build_pages import iter_build_pages
    from marxkg.ontology import load_ontology
    from marxkg.rdf.namespaces import Iris

    iris = Iris()
    ids = _doc_ids(out)
    parts = [out / STATE / p for p in CORPUS_PARTS] + [out / STATE / d / PART_GRAPH for d in ids]
    pickles = [out / STATE / d / PART_PAGES for d in ids]
    return dict(iter_build_pages(pickles, parts, load_ontology(ONTOLOGY, iris), iris))


def test_corpus_has_different_documents(corpus_build):
    ids = _doc_ids(corpus_build)
    assert ids == sorted([PAPER_ID, SHORT, "fixture-00", "fixture-01", "fixture-02"])
    report = json.loads((corpus_build / "report.json").read_text(encoding="utf-8"))
    notes = {d["doc_id"]: d["counts"]["footnotes"] for d in report["documents"]}
    assert notes[PAPER_ID] == 58 and notes[SHORT] == 57


def test_build_pages_are_the_in_memory_pages(corpus_build):
    """Every page the build wrote is, byte for byte, the page of the in-memory path."""
    reference = _in_memory_pages(corpus_build)
    assert len(reference) == 5 + 5  # index, ontology, concept map, citations, claims; readers
    for rel, data in sorted(reference.items()):
        assert (corpus_build / rel).read_bytes() == data, rel


def test_many_documents_navigation_same_bytes(corpus_build, monkeypatch):
    """With more documents than the navigation lists (its other branch: one link to the
    documents table, plus the current reader), the two paths still agree."""
    from marxkg.html import site

    monkeypatch.setattr(site, "NAV_DOCS", 2)
    reference = _in_memory_pages(corpus_build)
    shelf = _shelf_pages(corpus_build)
    assert set(shelf) == set(reference)
    for rel in sorted(reference):
        assert shelf[rel] == reference[rel], rel
    assert "阅读 Readers (5)" in reference["index.html"].decode("utf-8")


def test_shelf_holds_one_document(corpus_build):
    """The shelf reads a document when asked for and keeps only the last one read."""
    import gc
    import weakref

    from marxkg.build_pages import DocShelf

    ids = _doc_ids(corpus_build)
    shelf = DocShelf([corpus_build / STATE / d / PART_PAGES for d in ids])
    assert [h[0] for h in shelf.heads] == ids
    assert len(shelf) == len(ids) and list(shelf.annotations) == ids
    first = weakref.ref(shelf[0])
    assert first() is shelf[0]  # held: asked again, the same object
    seen = [d.doc_id for d in shelf]
    gc.collect()
    assert seen == ids and first() is None  # dropped once another was read
    assert shelf.annotations[SHORT].doc_id == SHORT
    assert shelf[-1].doc_id == ids[-1] and [d.doc_id for d in shelf[1:3]] == ids[1:3]
    with pytest.raises(IndexError):
        shelf[len(ids)]
    assert shelf.annotations.get("no-such-doc") is None


def test_english_read_one_document_at_a_time(corpus_build):
    """The pages step's graph holds none of the documents' own triples: each document's
    English layer (its translated sentences, their English mentions, its notes' English)
    is read from its own part, one document at a time, and is the layer the whole graph
    gives (100 translated papers held in one graph took 600 MB)."""
    from marxkg.build_pages import DocShelf, english_of_documents
    from marxkg.html.graphdata import english_of
    from marxkg.pipeline import page_graph
    from marxkg.rdf.namespaces import Iris

    iris = Iris()
    ids = _doc_ids(corpus_build)
    doc_parts = [corpus_build / STATE / d / PART_GRAPH for d in ids]
    parts = [corpus_build / STATE / p for p in CORPUS_PARTS] + doc_parts
    shelf = DocShelf([corpus_build / STATE / d / PART_PAGES for d in ids])
    shared = page_graph(parts, iris, own=False)
    assert not any(str(s).startswith(f"{iris.base}doc/") for s in set(shared.subjects()))
    layer = english_of_documents(shelf, doc_parts, iris)
    whole = english_of(page_graph(parts, iris), list(shelf), iris)
    assert layer == whole
    # the paper is translated (each sentence, with its English mentions, and its notes);
    # the shortened copy has no translation; the fixture papers' notes have English
    assert sum(1 for d, _ in layer.sentences if d == PAPER_ID) == 185
    assert any(d == PAPER_ID for d, _ in layer.mentions)
    assert not any(d == SHORT for d, _ in layer.sentences)
    assert sum(1 for d, _ in layer.notes if d == PAPER_ID) == 58


def test_build_pages_refuse_parts_out_of_step(corpus_build):
    """The documents' parts must follow the build's own parts in the order of the pickles:
    a part of another document is refused, not read as this one's English."""
    from marxkg.build_pages import iter_build_pages
    from marxkg.rdf.namespaces import Iris

    ids = _doc_ids(corpus_build)
    parts = [corpus_build / STATE / p for p in CORPUS_PARTS] + [
        corpus_build / STATE / d / PART_GRAPH for d in reversed(ids)
    ]
    pickles = [corpus_build / STATE / d / PART_PAGES for d in ids]
    with pytest.raises(ValueError, match="is not the graph part of"):
        next(iter_build_pages(pickles, parts, None, Iris()))
