"""Incremental corpus outputs: after a document is changed, removed or added, a build that
reuses the unchanged documents (their graph blocks, their token graphs, the previous
store patched in place) gives the same files and the same store as a full build."""

from __future__ import annotations

import logging
import shutil
from pathlib import Path

import pytest

from marxkg import paths
from marxkg.build import build
from marxkg.graph import blocks, merge
from marxkg.rdf import serialize
from tests.corpora import fixture_corpus, fixture_document, quick_ontology
from tests.test_build_atomic import digest, store_quads

pytestmark = pytest.mark.slow  # whole builds of a corpus, repeated

DOCS = 4


@pytest.fixture(scope="module")
def onto(tmp_path_factory):
    return quick_ontology(tmp_path_factory.mktemp("onto") / "ontology")


@pytest.fixture(scope="module")
def first(tmp_path_factory, onto):
    """A corpus of four different fixture papers and its full build."""
    root = tmp_path_factory.mktemp("first")
    corpus = fixture_corpus(root / "corpus", DOCS)
    build(corpus, onto, root / "out", jobs=1)
    return root


def _append(corpus: Path, doc_id: str) -> None:
    src = corpus / doc_id / "source.md"
    src.write_text(src.read_text(encoding="utf-8") + "\n新增的一段话。\n", encoding="utf-8")


def _drop_closing(corpus: Path, doc_id: str) -> None:
    """A change that removes sentences (and their triples) from the document."""
    src = corpus / doc_id / "source.md"
    text = src.read_text(encoding="utf-8")
    closing = "机器体系的资本主义应用带来失业，社会主义应用则服务于人民。\n\n"
    assert closing in text
    src.write_text(text.replace(closing, ""), encoding="utf-8")


def _remove(corpus: Path, doc_id: str) -> None:
    shutil.rmtree(corpus / doc_id)


def _add(corpus: Path, doc_id: str) -> None:
    fixture_corpus(corpus, 1, start=int(doc_id.rsplit("-", 1)[1]))


CASES = {
    "one changed (text added)": ([(_append, "fixture-01")], ["fixture-01"]),
    "one changed (sentences removed)": ([(_drop_closing, "fixture-00")], ["fixture-00"]),
    "one removed": ([(_remove, "fixture-02")], []),
    "one changed and one removed": (
        [(_append, "fixture-03"), (_remove, "fixture-00")],
        ["fixture-03"],
    ),
    "one added": ([(_add, "fixture-04")], ["fixture-04"]),
}


@pytest.mark.parametrize("case", list(CASES))
def test_incremental_build_equals_a_full_build(first, onto, tmp_path, case, caplog):
    edits, rebuilt = CASES[case]
    corpus, out = tmp_path / "corpus", tmp_path / "out"
    shutil.copytree(first / "corpus", corpus)
    shutil.copytree(first / "out", out)
    for edit, doc_id in edits:
        edit(corpus, doc_id)
    with caplog.at_level(logging.INFO, logger="marxkg.build_store"):
        result = build(corpus, onto, out, jobs=1)
    assert result.rebuilt == rebuilt
    assert len(result.reused) >= DOCS - 2
    assert "default graph patched" in caplog.text  # the store was patched, not reloaded
    full = build(corpus, onto, tmp_path / "full", jobs=1)
    assert full.rebuilt == sorted(d.name for d in corpus.iterdir())
    assert digest(out) == digest(tmp_path / "full")
    assert store_quads(out) == store_quads(tmp_path / "full")


def test_a_triple_still_stated_by_another_document_stays_in_the_store(first, onto, tmp_path):
    """Every fixture paper cites page 443 of 文集 vol. 5 (a page no part of the ontology
    names): removing one of them keeps the page's triples, which the others still state;
    the removed paper's own sentences go."""
    corpus, out = tmp_path / "corpus", tmp_path / "out"
    shutil.copytree(first / "corpus", corpus)
    shutil.copytree(first / "out", out)
    assert "第5卷，北京：人民出版社，2009年，第443页" in fixture_document(1)
    page = b"<https://w3id.org/marxkg/edition/marx-engels-wenji-2009/vol/5/p/443> "
    part = (first / "out" / ".docs" / "fixture-01" / "graph.nt").read_bytes().splitlines()
    stated = sorted(line for line in part if line.startswith(page))
    assert len(stated) == 4  # the page: its type, volume, first and last page
    ontology = (first / "out" / ".docs" / "ontology.nt").read_bytes()
    assert page not in ontology
    _remove(corpus, "fixture-01")
    build(corpus, onto, out, jobs=1)
    quads = store_quads(out)
    assert [q for q in quads if q.startswith(page)] == stated
    assert not any(b"/doc/fixture-01" in q for q in quads)
    assert any(b"/doc/fixture-00" in q for q in quads)


NT_PARTS = {
    "a": b'<urn:x:a> <urn:x:p> "\xe6\x9c\xba\xe5\x99\xa8"@zh .\n'
    b'<urn:x:b> <urn:x:p> "1"^^<http://www.w3.org/2001/XMLSchema#integer> .\n'
    b'<urn:x:s> <urn:x:p> "line\\nbreak" .\n',
    "b": b'<urn:x:b> <urn:x:p> "1"^^<http://www.w3.org/2001/XMLSchema#integer> .\n'
    b"<urn:x:b> <urn:x:q> <urn:x:a> .\n"
    b'_:n1 <urn:x:p> "x" .\n',
    "empty": b"",
    "c": b"<urn:x:c> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <urn:x:C> .\n"
    b"<urn:x:c> <urn:x:q> <urn:x:a> .\n<urn:x:c> <urn:x:q> <urn:x:b> .\n",
}


def write_reference(parts: list[Path], ttl: Path, jsonld: Path) -> int:
    """The in-memory writers over the union of the parts (the oracle); the triple count."""
    union = b"".join(merge.merged_lines(parts))
    ttl.write_text(serialize.turtle_of_ntriples(union), encoding="utf-8")
    jsonld.write_text(serialize.jsonld_of_ntriples(union), encoding="utf-8")
    return union.count(b"\n")


@pytest.mark.parametrize(
    "names", [["a"], ["a", "b"], ["a", "b", "empty", "c"], ["empty"], ["c", "b"]]
)
def test_blocks_assemble_to_the_in_memory_writers_bytes(tmp_path, names):
    """Subjects in one part (copied blocks), in several parts with shared and different
    triples (serialised afresh), a blank node, an escaped line break, an empty part."""
    parts = []
    for name in names:
        part = tmp_path / f"{name}.nt"
        part.write_bytes(NT_PARTS[name])
        blocks.write_part_blocks(part)
        parts.append(part)
    got = blocks.assemble(parts, tmp_path / "a.ttl", tmp_path / "a.jsonld", {b"<urn:x:b> "})
    want = write_reference(parts, tmp_path / "m.ttl", tmp_path / "m.jsonld")
    assert (tmp_path / "a.ttl").read_bytes() == (tmp_path / "m.ttl").read_bytes()
    assert (tmp_path / "a.jsonld").read_bytes() == (tmp_path / "m.jsonld").read_bytes()
    assert got.triples == want
    stating_b = [parts[e.part].stem for e in got.watched.get(b"<urn:x:b> ", [])]
    assert stating_b == [
        n for n in names if any(t.startswith(b"<urn:x:b> ") for t in NT_PARTS[n].splitlines())
    ]


def test_blocks_of_a_built_graph_give_graph_ttl(first):
    """The real parts of a build: the assembled files are those the in-memory writers give."""
    state = first / "out" / ".docs"
    parts = [state / n for n in paths.CORPUS_PARTS]  # ontology, provenance, links, counts
    parts += sorted(state.glob("fixture-*/graph.nt"))
    n = write_reference(parts, first / "m.ttl", first / "m.jsonld")
    assert (first / "out" / "graph.ttl").read_bytes() == (first / "m.ttl").read_bytes()
    assert (first / "out" / "graph.jsonld").read_bytes() == (first / "m.jsonld").read_bytes()
    assert n > 4 * 300


REPORT_ENTRIES = [
    {"doc_id": "a", "language": "zh-Hans", "unresolved": [], "uncertain": [], "counts": {}},
    {
        "doc_id": "b",
        "uncertain": [{"kind": "furniture", "source_line": 3, "excerpt": "第1页\n机器"}],
        "nested": {"x": [1, 2.5, None, True], "y": {"z": "“引号”"}},
    },
]


@pytest.mark.parametrize("n", [1, 2])
def test_corpus_report_from_entry_texts_equals_json_dumps(n):
    import json

    from marxkg.build_corpus import dumps_corpus_report
    from marxkg.pipeline import corpus_report

    entries = REPORT_ENTRIES[:n]
    texts = [json.dumps(e, ensure_ascii=False, indent=1) for e in entries]
    report = corpus_report(entries, 1234)
    assert (
        dumps_corpus_report(report, texts)
        == json.dumps(report, ensure_ascii=False, indent=1) + "\n"
    )


def test_corpus_report_is_written_one_entry_at_a_time(tmp_path):
    """``report.json`` equals ``json.dumps`` of the whole report, yet no more than one
    entry is read before its text is written (the entries of 1,000 papers parsed at once
    were most of a build's peak memory), and the build keeps only each entry's summary."""
    import json

    from marxkg.build_corpus import iter_corpus_report, write_corpus_report
    from marxkg.pipeline import corpus_report

    files = []
    for i, entry in enumerate(REPORT_ENTRIES):
        files.append(tmp_path / f"{i}.json")
        files[-1].write_text(json.dumps(entry, ensure_ascii=False, indent=1), "utf-8")
    target = tmp_path / "report.json"
    kept = write_corpus_report(target, files, 1234)
    assert target.read_text("utf-8") == (
        json.dumps(corpus_report(REPORT_ENTRIES, 1234), ensure_ascii=False, indent=1) + "\n"
    )
    assert [d["doc_id"] for d in kept["documents"]] == ["a", "b"]
    assert kept["documents"][1]["uncertain"] == REPORT_ENTRIES[1]["uncertain"]
    assert "nested" not in kept["documents"][1]  # the rest of an entry is not kept
    assert kept["graph"] == {"triples": 1234}

    read: list[int] = []

    def texts():
        for i in range(3):
            read.append(i)
            yield json.dumps({"doc_id": str(i)}, indent=1)

    pieces = iter_corpus_report(corpus_report([], 0), texts())
    next(pieces)  # the head: nothing read yet
    assert read == []
    next(pieces)
    assert read == [0]


def test_the_store_holds_graph_ttl_and_every_token_layer(first):
    """A full build loads each document's part of the default graph as the document
    comes, the build's own parts at the end: the default graph is ``graph.ttl``."""
    import pyoxigraph as ox

    from marxkg.store import graph_iri, open_build
    from marxkg.vocab import DEFAULT_BASE

    out = first / "out"
    store = open_build(out).store
    default = {
        (q.subject, q.predicate, q.object)
        for q in store.quads_for_pattern(None, None, None, ox.DefaultGraph())
    }
    reference = ox.Store()  # the same literal normalisation as the build's store
    reference.load(path=str(out / "graph.ttl"), format=ox.RdfFormat.TURTLE)
    expected = {(q.subject, q.predicate, q.object) for q in reference}
    assert default == expected and len(expected) > 1000
    graphs = sorted(g.value for g in store.named_graphs())
    assert graphs == [graph_iri(DEFAULT_BASE, "tokens", f"fixture-0{i}") for i in range(DOCS)]
    for g in graphs:  # each token layer is in its graph
        assert len(list(store.quads_for_pattern(None, None, None, ox.NamedNode(g)))) > 100


def test_reused_documents_are_loaded_when_the_previous_store_is_gone(first, onto, tmp_path):
    """No previous store to copy: the unchanged documents' token layers are loaded from
    their (linked) files, and the store equals a full build's."""
    corpus, out = tmp_path / "corpus", tmp_path / "out"
    shutil.copytree(first / "corpus", corpus)
    shutil.copytree(first / "out", out)
    shutil.rmtree(out / "store")
    _append(corpus, "fixture-01")
    result = build(corpus, onto, out, jobs=1)
    assert result.rebuilt == ["fixture-01"] and len(result.reused) == DOCS - 1
    full = build(corpus, onto, tmp_path / "full", jobs=1)
    assert full.rebuilt == sorted(d.name for d in corpus.iterdir())
    assert store_quads(out) == store_quads(tmp_path / "full")


def test_a_store_error_beside_the_assembly_fails_the_build_and_keeps_the_previous(
    first, onto, tmp_path, monkeypatch
):
    """The store is finished in a thread while graph.ttl is assembled: its error is the
    build's (not lost with the thread), and the previous build is left as it was."""
    from marxkg.build_store import StageStore

    corpus, out = tmp_path / "corpus", tmp_path / "out"
    shutil.copytree(first / "corpus", corpus)
    shutil.copytree(first / "out", out)
    before = digest(out)
    _append(corpus, "fixture-01")

    def broken(self, *args):
        raise OSError("no space left on the store's device")

    monkeypatch.setattr(StageStore, "_load_all", broken)
    monkeypatch.setattr(StageStore, "_patch", broken)
    with pytest.raises(OSError, match="no space left on the store"):
        build(corpus, onto, out, force=True, jobs=1)
    assert digest(out) == before
