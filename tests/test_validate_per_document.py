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


def test_a_document_that_breaks_a_shape_is_named(two_papers, tmp_path, monkeypatch):
    """Validated in one batch with the paper, the copy alone is named (each alone: the
    same messages, `test_a_batch_reports_what_its_documents_alone_report`)."""
    out = _copy(two_papers, tmp_path)
    _break_a_shape(out)
    _one_batch(monkeypatch)
    result = validate.validate_build(out, ONTOLOGY, per_document=True)
    assert not result.ok
    # the sentence is none (#char=0,1 is no span of the paper), the section a concept
    assert result.per_document == {COPY: 2}
    broken = [m for m in result.messages if m.startswith(f"{COPY}: SHACL: its graph does not")]
    assert len(broken) == 1 and "Results (2):" in broken[0]
    assert f"Focus Node: <{BASE}doc/{COPY}#char=0,1>" in broken[0]
    assert not any(m.startswith(f"{PAPER_ID}: SHACL") for m in result.messages)


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
