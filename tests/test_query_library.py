"""The library of named queries: headers, standard SPARQL, and a run on two engines."""

from __future__ import annotations

import pytest

from marxkg import paths
from marxkg.query.library import load_library, parse_query_file, resolve
from marxkg.query.results import QueryError
from marxkg.query.runner import prepare, run

NAMES = sorted(p.stem for p in paths.QUERIES_DIR.glob("*.rq"))
REQUIRED = [
    "ai-counterparts",
    "concept-sentences",
    "volume-citations",
    "work-concepts",
    "co-mentions",
    "footnotes-by-kind",
    "quantitative-claims",
    "dimension-concepts",
    "concepts-never-mentioned",
    "citations-per-section",
    "marx-pages",
    "concept-definition",
    "proposals-and-problems",
    "translation-pairs",
    "claims-by-source",
]


def test_library_has_the_required_queries(query_library):
    assert len(query_library) >= 15
    assert set(REQUIRED) <= set(query_library)
    assert list(query_library) == NAMES


@pytest.mark.parametrize("name", NAMES)
def test_header(name, query_library):
    q = query_library[name]
    first = q.text.splitlines()[:2]
    assert first == [f"# name: {name}", f"# description: {q.description}"]
    assert 20 < len(q.description) < 200 and "\n" not in q.description


@pytest.mark.parametrize("name", NAMES)
def test_parses_with_rdflib(name, query_library):
    """Standard SPARQL 1.1: rdflib's parser accepts the file with the project's prefixes
    and with its bindings."""
    from rdflib.plugins.sparql import prepareQuery

    from marxkg.query.runner import with_prefixes

    prepareQuery(with_prefixes(query_library[name].text))
    prepareQuery(prepare(query_library[name]))


@pytest.mark.parametrize("name", NAMES)
def test_runs_unbound_on_pyoxigraph(name, query_library, query_engine):
    """The file with the project's prefixes (parameters unbound) runs, and returns at least
    what the bound run does."""
    from marxkg.query.runner import with_prefixes

    q = query_library[name]
    unbound = query_engine.select(with_prefixes(q.text))
    bound = run(q, query_engine)
    assert unbound.variables == bound.variables
    assert len(unbound) >= len(bound)
    if name != "translation-pairs":  # empty until the English layer is built
        assert len(bound) > 0 or name == "concepts-never-mentioned"


# rdflib's own engine agrees with Oxigraph (co-mentions takes ~12 s there)
CROSS = [n for n in NAMES if n not in ("co-mentions", "frequent-words")]


@pytest.fixture(scope="module")
def rdflib_graph(built_graph):
    return built_graph


@pytest.mark.slow
@pytest.mark.parametrize("name", CROSS)
def test_same_answer_on_rdflib(name, query_library, query_engine, rdflib_graph):
    q = query_library[name]
    text = prepare(q)
    ours = [
        tuple(r.get(v) and r[v].value for v in run(q, query_engine).variables)
        for r in run(q, query_engine).rows
    ]
    theirs = [tuple(None if t is None else str(t) for t in row) for row in rdflib_graph.query(text)]
    assert sorted(ours, key=repr) == sorted(theirs, key=repr)


@pytest.mark.parametrize(
    "text,name,params,requires",
    [
        ("# name: x\n# description: d\nSELECT * {}", "x", [], ()),
        ("# description: d\n# param: ?c = concept:a\nSELECT ?c {}", "", [("c", "concept/a")], ()),
        (
            "# param: ?m = UNDEF concept:\n# requires: tokens\nASK {}",
            "",
            [("m", None)],
            ("tokens",),
        ),
        ('# param: ?pos = "n"\nSELECT ?pos {}', "", [("pos", "n")], ()),
        ("SELECT * {}\n# name: not-a-header", "", [], ()),
    ],
)
def test_parse_query_file(text, name, params, requires):
    q = parse_query_file(text, "t")
    assert q.name == name
    got = [(p.name, p.default.value.split("marxkg/")[-1] if p.default else None) for p in q.params]
    assert got == params
    assert q.requires == requires


@pytest.mark.parametrize(
    "text",
    [
        "# param: concept = x\nSELECT {}",  # no ?
        "# param: ?c = UNDEF nowhere:\nSELECT {}",  # unknown namespace
        "# param: ?c = <not an iri>\nSELECT {}",
        "# requires: gpus\nSELECT {}",
        "# param: ?c = 1\n# param: ?c = 2\nSELECT {}",
    ],
)
def test_bad_headers(text):
    with pytest.raises(QueryError):
        parse_query_file(text, "t")


def test_resolve_names_files_and_text(tmp_path, query_library):
    assert resolve("marx-pages", query_library).name == "marx-pages"
    f = tmp_path / "mine.rq"
    f.write_text("SELECT * WHERE { ?s ?p ?o } LIMIT 1", encoding="utf-8")
    assert resolve(str(f), query_library).name == "mine"
    assert resolve("SELECT * WHERE { ?s ?p ?o }", query_library).name == "(inline)"


@pytest.mark.parametrize(
    "spec,message",
    [
        ("marx-page", "Did you mean: marx-pages"),
        ("nothing-like-it", "unknown query"),
        ("missing.rq", "no such query file"),
    ],
)
def test_resolve_errors(spec, message, query_library):
    with pytest.raises(QueryError, match=message):
        resolve(spec, query_library)


def test_library_rejects_a_name_that_differs_from_the_file(tmp_path):
    (tmp_path / "a.rq").write_text("# name: b\n# description: long enough text here\nASK {}")
    with pytest.raises(QueryError, match="does not match"):
        load_library(tmp_path)


def test_no_rq_file_declares_a_prefix():
    """Namespace IRIs are written once, in `marxkg.vocab`: the shipped .rq files declare no
    prefix (the runner declares the ones a query uses)."""
    import re

    declared = re.compile(r"^\s*PREFIX\s", re.MULTILINE | re.IGNORECASE)
    files = sorted(paths.QUERIES_DIR.rglob("*.rq"))
    assert len(files) > 20
    assert [p.name for p in files if declared.search(p.read_text(encoding="utf-8"))] == []


def test_show_query_gives_a_complete_text(built):
    """What ``--show-query`` prints runs as it is on a plain pyoxigraph store."""
    import pyoxigraph as ox
    from typer.testing import CliRunner

    from marxkg.cli import app

    r = CliRunner().invoke(
        app, ["query", "footnotes-by-kind", "--show-query", "--out", str(built.out)]
    )
    assert r.exit_code == 0, r.output
    assert (
        "PREFIX nif: <http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#>" in r.stdout
    )
    store = ox.Store()
    store.load(path=str(built.out / "graph.ttl"), format=ox.RdfFormat.TURTLE)
    rows = list(store.query(r.stdout))
    assert {row["kind"].value for row in rows} >= {"marx"}
