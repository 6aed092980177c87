"""`marxkg validate` with SHACL one document at a time (a corpus too large to hold in
rdflib): the same verdict as the whole graph on a clean build, a broken shape reported with
its document, the cross-document links checked over the store."""

from __future__ import annotations

import shutil

import pyoxigraph as ox
import pytest
from typer.testing import CliRunner

from marxkg import validate
from marxkg.build import build
from marxkg.cli import app
from marxkg.store import open_build
from tests import ROOT
from tests.corpora import paper_corpus

pytestmark = pytest.mark.slow  # two real papers built, pySHACL over each

PAPER_ID = "xu-jingyi-machinery-ai"
COPY = "xu-copy-short"  # the paper without one footnote: it shares all but a few figures
BASE = "https://w3id.org/marxkg/"
MKG = BASE + "ontology#"
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
    assert "each of 2 documents conforms, one at a time" in shacl
    assert "cross-document links: between claims of the same figure" in each.messages
    # the same spans are checked either way
    spans = [m for m in whole.messages + each.messages if m.startswith("NIF: all")]
    assert len(spans) == 2 and spans[0].split()[2] == spans[1].split()[2]


def test_the_links_checked_over_the_store_exist(two_papers):
    reader = open_build(two_papers)
    query = f"SELECT (COUNT(*) AS ?n) WHERE {{ ?a <{MKG}sameFigureAs> ?b }}"
    assert int(next(iter(reader.query(query)))["n"].value) > 100
    assert validate.check_links(reader) == []


def test_a_document_that_breaks_a_shape_is_named(two_papers, tmp_path):
    out = _copy(two_papers, tmp_path)
    part = open_build(out).graph_part(COPY)
    sentence = f"<{BASE}doc/{COPY}#char=0,1>"
    wrong = f"{sentence} <{MKG}inSection> <{BASE}concept/capital> .\n"  # not a mkg:Section
    part.write_bytes(part.read_bytes() + wrong.encode())
    result = validate.validate_build(out, ONTOLOGY, per_document=True)
    assert not result.ok
    assert set(result.per_document) == {COPY}
    assert any(m.startswith(f"{COPY}: SHACL: its graph does not conform") for m in result.messages)
    assert not any(m.startswith(f"{PAPER_ID}: SHACL") for m in result.messages)


def test_two_workers_find_what_one_finds_in_the_same_order(two_papers, tmp_path):
    """SHACL of the documents in two worker processes: the same verdict, messages (in the
    documents' order, whichever worker finishes first) and counts as in this process."""
    out = _copy(two_papers, tmp_path)
    part = open_build(out).graph_part(COPY)
    sentence = f"<{BASE}doc/{COPY}#char=0,1>"
    wrong = f"{sentence} <{MKG}inSection> <{BASE}concept/capital> .\n"
    part.write_bytes(part.read_bytes() + wrong.encode())
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


@pytest.mark.parametrize(("jobs", "damage"), [(1, "missing"), (2, "missing"), (2, "garbled")])
def test_an_unreadable_part_is_reported_with_its_document(two_papers, tmp_path, jobs, damage):
    out = _copy(two_papers, tmp_path)
    part = open_build(out).graph_part(PAPER_ID)
    if damage == "missing":
        part.unlink()
    else:  # a line that is not N-Triples, in a worker process
        part.write_bytes(part.read_bytes() + b'<broken> "no end\n')
    result = validate.validate_build(out, ONTOLOGY, per_document=True, jobs=jobs)
    assert not result.ok and set(result.per_document) == {PAPER_ID}
    assert any("its graph part cannot be read" in m for m in result.messages)


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
