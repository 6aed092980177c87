"""`marxkg validate`'s fast token-layer checks over the store, per document."""

from __future__ import annotations

import shutil

import pyoxigraph as ox
import pytest

from marxkg.build import build
from marxkg.store import graph_iri, open_build
from marxkg.validate import check_tokens
from tests.corpora import fixture_corpus, quick_ontology

NIF = "http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#"


@pytest.fixture(scope="module")
def two_fixtures(tmp_path_factory):
    root = tmp_path_factory.mktemp("validate")
    onto = quick_ontology(root / "onto")
    out = root / "out"
    build(fixture_corpus(root / "corpus", 2), onto, out, jobs=1)
    return out


def test_a_clean_token_layer_passes(two_fixtures):
    reader = open_build(two_fixtures)
    for doc_id in reader.doc_ids:
        words, errors = check_tokens(reader, doc_id)
        assert words > 50 and errors == []


@pytest.mark.parametrize(
    "damage, expected",
    [
        ("anchor", "anchorOf"),
        ("sentence", "without sentence"),
    ],
)
def test_a_damaged_token_is_reported_with_its_document(two_fixtures, tmp_path, damage, expected):
    out = tmp_path / "out"
    shutil.copytree(two_fixtures, out)
    store = ox.Store(str(out / "store"))
    g = ox.NamedNode(graph_iri("https://w3id.org/marxkg/", "tokens", "fixture-01"))
    word = next(
        q.subject for q in store.quads_for_pattern(None, ox.NamedNode(NIF + "anchorOf"), None, g)
    )
    prop = NIF + ("anchorOf" if damage == "anchor" else "sentence")
    (old,) = list(store.quads_for_pattern(word, ox.NamedNode(prop), None, g))
    store.remove(old)
    if damage == "anchor":
        store.add(ox.Quad(word, ox.NamedNode(prop), ox.Literal("不对"), g))
    store.flush()
    del store
    reader = open_build(out)
    assert check_tokens(reader, "fixture-00")[1] == []
    _, errors = check_tokens(reader, "fixture-01")
    assert len(errors) == 1 and errors[0].startswith("fixture-01: ") and expected in errors[0]
