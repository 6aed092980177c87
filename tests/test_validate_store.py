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


def test_a_document_check_reads_the_texts_of_its_own_contexts_only(two_fixtures):
    """Each document's check reads the texts of the contexts its words name, not every
    context of the corpus (which made the checks quadratic in the corpus's text)."""
    reader = open_build(two_fixtures)
    read: list[str] = []
    query = reader.query

    def counting(sparql, tokens=None):
        answer = query(sparql, tokens)
        if "isString" in sparql:
            rows = list(answer)
            read.extend(r["c"].value for r in rows)
            return rows
        return answer

    reader.query = counting  # type: ignore[method-assign]
    words, errors = check_tokens(reader, "fixture-01")
    assert words > 50 and errors == []
    assert read == ["https://w3id.org/marxkg/doc/fixture-01"]


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


MKG = "https://w3id.org/marxkg/ontology#"
DOC1 = "https://w3id.org/marxkg/doc/fixture-01"


def _damaged(two_fixtures, tmp_path, change) -> object:
    """A copy of the build whose store ``change(store)`` altered; its reader."""
    out = tmp_path / "out"
    shutil.copytree(two_fixtures, out)
    store = ox.Store(str(out / "store"))
    change(store)
    store.flush()
    del store
    return open_build(out)


def _first(store, predicate: str, graph=None, subject_prefix: str = DOC1):
    """The first quad of ``predicate`` whose subject is fixture-01's."""
    return next(
        q
        for q in store.quads_for_pattern(None, ox.NamedNode(predicate), None, graph)
        if q.subject.value.startswith(subject_prefix)
    )


def _drop(predicate: str):
    return lambda store: store.remove(_first(store, predicate, ox.DefaultGraph()))


def _restate(predicate: str, value: ox.Literal | ox.NamedNode, graph=None):
    def change(store):
        old = _first(store, predicate, graph or ox.DefaultGraph())
        store.remove(old)
        store.add(ox.Quad(old.subject, old.predicate, value, old.graph_name))

    return change


def test_the_derived_facts_of_a_clean_build_agree(two_fixtures):
    from marxkg.validate import check_derived, check_word_counts

    reader = open_build(two_fixtures)
    assert check_derived(reader) == []
    assert all(check_word_counts(reader, d) == [] for d in reader.doc_ids)


@pytest.mark.parametrize(
    "change, expected",
    [
        (_drop(MKG + "mentionsConcept"), "but no mkg:mentionsConcept"),
        (
            _restate(MKG + "mentionsConcept", ox.NamedNode("https://w3id.org/marxkg/concept/x")),
            "without a mention",
        ),
        (_drop(MKG + "inSection"), "but no mkg:inSection"),
        (
            _restate(MKG + "inSection", ox.NamedNode(DOC1 + "/section/none")),
            "but its block is not in that section",
        ),
        (
            _restate(
                MKG + "citationCount",
                ox.Literal("99", datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#integer")),
            ),
            "mkg:citationCount 99",
        ),
        (_drop(MKG + "footnoteCount"), "mkg:footnoteCount None"),
    ],
    ids=[
        "concept-dropped",
        "concept-wrong",
        "section-dropped",
        "section-wrong",
        "citation-count-wrong",
        "footnote-count-dropped",
    ],
)
def test_a_damaged_derived_fact_is_reported_with_its_document(
    two_fixtures, tmp_path, change, expected
):
    from marxkg.validate import check_derived

    errors = check_derived(_damaged(two_fixtures, tmp_path, change))
    assert len(errors) >= 1 and any(expected in e for e in errors), errors
    assert all(DOC1 in e for e in errors), errors  # fixture-00's facts are untouched


def test_a_wrong_word_count_is_reported(two_fixtures, tmp_path):
    from marxkg.validate import check_word_counts

    g = ox.NamedNode(graph_iri("https://w3id.org/marxkg/", "tokens", "fixture-01"))
    integer = ox.NamedNode("http://www.w3.org/2001/XMLSchema#integer")
    reader = _damaged(
        two_fixtures, tmp_path, _restate(MKG + "tokenCount", ox.Literal("999", datatype=integer), g)
    )
    assert check_word_counts(reader, "fixture-00") == []
    errors = check_word_counts(reader, "fixture-01")
    assert len(errors) == 1 and errors[0].startswith("fixture-01: word count of ")
    assert "999 stated" in errors[0]
