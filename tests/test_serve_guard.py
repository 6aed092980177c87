"""The endpoint's guard, content negotiation and result writers (no server needed)."""

from __future__ import annotations

import csv
import io
import json

import pytest

from marxkg.serve.formats import choose_format, parse_accept
from marxkg.serve.guard import Refusal, check_protocol_graphs, inspect_query

MAIN = "https://w3id.org/marxkg/graph/main"
TOKENS = "https://w3id.org/marxkg/graph/tokens/xu-jingyi-machinery-ai"
ALLOWED = (MAIN, TOKENS)

ACCEPTED = [
    ("SELECT * WHERE { ?s ?p ?o } LIMIT 1", "SELECT"),
    ("ASK { ?s ?p ?o }", "ASK"),
    ("CONSTRUCT WHERE { ?s ?p ?o } LIMIT 1", "CONSTRUCT"),
    ("DESCRIBE <https://w3id.org/marxkg/concept/fixed-capital>", "DESCRIBE"),
    # the word SERVICE in a literal or a comment is not a SERVICE pattern
    ('SELECT * WHERE { ?s ?p "SERVICE <http://example.org/>" }', "SELECT"),
    ("SELECT * WHERE { ?s ?p ?o } # SERVICE <http://example.org/> {}\n", "SELECT"),
    (
        (
            "PREFIX mkg: <https://w3id.org/marxkg/ontology#>\n"
            "SELECT ?x WHERE { ?x a mkg:Footnote } VALUES ?x { <urn:x> }"
        ),
        "SELECT",
    ),
    (f"SELECT * FROM <{MAIN}> WHERE {{ ?s ?p ?o }}", "SELECT"),
    (f"SELECT * FROM NAMED <{TOKENS}> WHERE {{ GRAPH ?g {{ ?s ?p ?o }} }}", "SELECT"),
    (
        "PREFIX g: <https://w3id.org/marxkg/graph/>\nSELECT * FROM g:main WHERE { ?s ?p ?o }",
        "SELECT",
    ),
    ("SELECT * WHERE { GRAPH <file:///etc/passwd> { ?s ?p ?o } }", "SELECT"),  # a name only
]


@pytest.mark.parametrize(("query", "form"), ACCEPTED)
def test_accepted_queries(query, form):
    assert inspect_query(query, ALLOWED).form == form


REFUSED = [
    ("INSERT DATA { <urn:a> <urn:b> <urn:c> }", 403, "update_refused", "INSERT DATA"),
    ("LOAD <file:///etc/passwd>", 403, "update_refused", "LOAD"),
    ("LOAD <http://example.org/data.ttl> INTO GRAPH <urn:g>", 403, "update_refused", "LOAD"),
    ("DELETE WHERE { ?s ?p ?o }", 403, "update_refused", "DELETE WHERE"),
    ("CLEAR ALL", 403, "update_refused", "CLEAR"),
    ("DROP GRAPH <urn:g>", 403, "update_refused", "DROP"),
    (
        "DELETE { ?s ?p ?o } INSERT { ?s ?p 1 } WHERE { ?s ?p ?o }",
        403,
        "update_refused",
        "DELETE/INSERT",
    ),
    (
        "SELECT * WHERE { SERVICE <http://example.org/sparql> { ?s ?p ?o } }",
        403,
        "service_refused",
        "http://example.org/sparql",
    ),
    (
        "SELECT * WHERE { SERVICE SILENT <http://example.org/sparql> { ?s ?p ?o } }",
        403,
        "service_refused",
        "SERVICE",
    ),
    (
        "SELECT * WHERE { ?s ?p ?o OPTIONAL { SERVICE <http://e.org/s> { ?s ?q ?r } } }",
        403,
        "service_refused",
        "SERVICE",
    ),
    (
        "SELECT * WHERE { ?s ?p ?o FILTER EXISTS { SERVICE <http://e.org/s> { ?s ?q ?r } } }",
        403,
        "service_refused",
        "SERVICE",
    ),
    (
        "SELECT * WHERE { { SELECT ?s WHERE { SERVICE <http://e.org/s> { ?s ?q ?r } } } }",
        403,
        "service_refused",
        "SERVICE",
    ),
    (
        "SELECT * WHERE { SERV\\u0049CE <http://e.org/s> { ?s ?p ?o } }",
        403,
        "service_refused",
        "SERVICE",
    ),
    (
        "SELECT * FROM <file:///etc/passwd> WHERE { ?s ?p ?o }",
        403,
        "dataset_refused",
        "file:///etc/passwd",
    ),
    (
        "SELECT * FROM NAMED <http://example.org/g> WHERE { ?s ?p ?o }",
        403,
        "dataset_refused",
        "FROM NAMED",
    ),
    (
        "PREFIX f: <file:///etc/>\nSELECT * FROM f:passwd WHERE { ?s ?p ?o }",
        403,
        "dataset_refused",
        "file:///etc/passwd",
    ),
    ("SELECT * FROM <passwd> WHERE { ?s ?p ?o }", 403, "dataset_refused", "passwd"),
    (
        "CONSTRUCT { ?s ?p ?o } FROM <http://example.org/x.ttl> WHERE { ?s ?p ?o }",
        403,
        "dataset_refused",
        "http://example.org/x.ttl",
    ),
    ("SELEC * WHERE { ?s ?p ?o }", 400, "syntax", "syntax error"),
    ("SELECT * WHERE { ?s ?p }", 400, "syntax", "syntax error"),
    ("   ", 400, "empty_query", "empty"),
    ("SELECT * WHERE { FILTER(" + "(" * 200 + "1" + ")" * 200 + ") }", 400, "syntax", "nested"),
    ("SELECT * WHERE { ?s ?p '\\u005Cu0041' }", 400, "syntax", "escape"),
]


@pytest.mark.parametrize(("query", "status", "code", "mention"), REFUSED)
def test_refused_before_evaluation(query, status, code, mention):
    with pytest.raises(Refusal) as caught:
        inspect_query(query, ALLOWED)
    assert (caught.value.status, caught.value.code) == (status, code)
    assert mention.lower() in caught.value.message.lower()


def test_checked_text_is_the_forwarded_text():
    verdict = inspect_query('SELECT * WHERE { ?s ?p "caf\\u00e9" }', ALLOWED)
    assert verdict.text == 'SELECT * WHERE { ?s ?p "café" }'


@pytest.mark.parametrize(
    ("default", "named", "ok"),
    [
        ((MAIN,), (), True),
        ((), (TOKENS,), True),
        (("file:///etc/passwd",), (), False),
        ((), ("http://example.org/g",), False),
    ],
)
def test_protocol_dataset_parameters(default, named, ok):
    if ok:
        check_protocol_graphs(default, named, ALLOWED)
    else:
        with pytest.raises(Refusal) as caught:
            check_protocol_graphs(default, named, ALLOWED)
        assert caught.value.status == 403


# -- content negotiation ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("graph", "accept", "param", "name"),
    [
        (False, None, None, "json"),
        (False, "*/*", None, "json"),
        (False, "application/sparql-results+json", None, "json"),
        (False, "application/sparql-results+xml", None, "xml"),
        (False, "text/csv", None, "csv"),
        (False, "text/tab-separated-values", None, "tsv"),
        (False, "application/json", None, "json"),
        (False, "text/html,application/xhtml+xml,*/*;q=0.8", None, "json"),
        (False, "text/csv;q=0.5, application/sparql-results+xml", None, "xml"),
        (False, "application/sparql-results+xml;q=0, text/*", None, "csv"),
        (False, "text/csv", "tsv", "tsv"),  # format= wins over Accept
        (False, None, "application/sparql-results+xml", "xml"),
        (True, None, None, "turtle"),
        (True, "text/turtle", None, "turtle"),
        (True, "application/ld+json", None, "jsonld"),
        (True, "application/n-triples", None, "ntriples"),
        (True, "application/rdf+xml", None, "rdfxml"),
        (True, "application/json", None, "jsonld"),
        (True, "*/*", "json", "jsonld"),
        (True, None, "turtle", "turtle"),
    ],
)
def test_choose_format(graph, accept, param, name):
    assert choose_format(graph, accept, param).name == name


@pytest.mark.parametrize(
    ("graph", "accept", "param"),
    [
        (False, "image/png", None),
        (False, "text/turtle", None),
        (False, None, "turtle"),
        (True, "text/csv", None),
        (True, None, "csv"),
    ],
)
def test_not_acceptable(graph, accept, param):
    with pytest.raises(Refusal) as caught:
        choose_format(graph, accept, param)
    assert caught.value.status == 406


def test_parse_accept_orders_by_quality_then_specificity():
    ranges = [r[0] for r in parse_accept("*/*;q=0.1, text/*, text/csv, a/b;q=0")]
    assert ranges == ["text/csv", "text/*", "*/*"]


# -- result writers: what we write, pyoxigraph / json / lxml / csv read back -------------


def _rows():
    import pyoxigraph as ox

    xsd_int = ox.NamedNode("http://www.w3.org/2001/XMLSchema#integer")
    return ["s", "o"], [
        (
            ox.NamedNode("https://w3id.org/marxkg/concept/fixed-capital"),
            ox.Literal("固定资本", language="zh-hans"),
        ),
        (ox.BlankNode("b0"), ox.Literal('tab\there, "quote" & <tag>\nline')),
        (ox.NamedNode("urn:x"), ox.Literal("58", datatype=xsd_int)),
        (ox.NamedNode("urn:y"), None),
    ]


def _results(variables, rows):
    from marxkg.query.results import Results, term_from_oxigraph

    table = [
        {v: term_from_oxigraph(t) for v, t in zip(variables, row, strict=True) if t is not None}
        for row in rows
    ]
    return Results(variables, table)


def test_endpoint_and_cli_share_the_result_writers():
    from marxkg.query.formats import FORMATTERS, RESULT_WRITERS
    from marxkg.serve.formats import RESULT_FORMATS

    assert set(RESULT_WRITERS) == set(RESULT_FORMATS)
    assert all(RESULT_WRITERS[name] is FORMATTERS[name] for name in RESULT_WRITERS)


@pytest.mark.parametrize("fmt", ["json", "xml", "tsv"])
def test_writers_round_trip_through_pyoxigraph(fmt):
    import pyoxigraph as ox

    from marxkg.query.formats import dumps_results

    variables, rows = _rows()
    body = dumps_results(_results(variables, rows), fmt)
    names = {
        "json": ox.QueryResultsFormat.JSON,
        "xml": ox.QueryResultsFormat.XML,
        "tsv": ox.QueryResultsFormat.TSV,
    }
    parsed = ox.parse_query_results(body, names[fmt])
    assert [v.value for v in parsed.variables] == variables
    assert tuple(next(iter(parsed))) == rows[0]


def test_json_writer_follows_the_spec_layout():
    from marxkg.query.formats import dumps_results

    variables, rows = _rows()
    doc = json.loads(dumps_results(_results(variables, rows), "json"))
    first, second, third, fourth = doc["results"]["bindings"]
    assert first["o"] == {"type": "literal", "value": "固定资本", "xml:lang": "zh-hans"}
    assert second["s"] == {"type": "bnode", "value": "b0"}
    assert third["o"]["datatype"] == "http://www.w3.org/2001/XMLSchema#integer"
    assert "o" not in fourth


def test_xml_writer_is_well_formed():
    from lxml import etree

    from marxkg.query.formats import dumps_results

    variables, rows = _rows()
    root = etree.fromstring(dumps_results(_results(variables, rows), "xml"))
    ns = {"r": "http://www.w3.org/2005/sparql-results#"}
    assert [v.get("name") for v in root.findall("r:head/r:variable", ns)] == variables
    literal = root.find("r:results/r:result[2]/r:binding[@name='o']/r:literal", ns)
    assert literal.text == 'tab\there, "quote" & <tag>\nline'


def test_csv_writer_keeps_special_characters_in_one_cell():
    from marxkg.query.formats import dumps_results

    variables, rows = _rows()
    table = list(
        csv.reader(
            io.StringIO(dumps_results(_results(variables, rows), "csv").decode("utf-8"), newline="")
        )
    )
    assert table[0] == variables
    assert table[1] == ["https://w3id.org/marxkg/concept/fixed-capital", "固定资本"]
    assert table[2] == ["_:b0", 'tab\there, "quote" & <tag>\nline']
    assert table[4] == ["urn:y", ""]


# -- the checker: worker processes, cache, a parse that overruns -------------------------


@pytest.fixture(scope="module")
def checker():
    from marxkg.serve.checker import QueryChecker

    # what these tests check does not depend on how fast the machine parses: a warmed-up
    # worker and a timeout no loaded machine reaches (2 s without warming up failed once,
    # in a clean-clone run with two builds beside it)
    c = QueryChecker(ALLOWED, workers=1, timeout=60)
    c.warm_up()
    yield c
    c.close()


def test_checker_caches_verdicts_and_refusals(checker):
    query = "SELECT ?s WHERE { ?s a <https://w3id.org/marxkg/ontology#Footnote> }"
    assert checker.check(query).form == "SELECT"
    assert checker.cached(query)[0] == "ok"
    with pytest.raises(Refusal):
        checker.check("LOAD <file:///etc/passwd>")
    assert checker.cached("LOAD <file:///etc/passwd>")[0] == "refused"


def test_checker_replaces_a_worker_that_overruns():
    """A worker that does not answer within the timeout is killed and replaced; no
    assumption about how fast anything parses (the stand-in worker never answers STALL)."""
    from marxkg.serve.checker import QueryChecker
    from tests.serve_stubs import STALL, stalling_worker

    c = QueryChecker(ALLOWED, workers=1, timeout=0.5, worker_target=stalling_worker)
    try:
        (stuck,) = c._all
        with pytest.raises(Refusal) as caught:
            c.check(STALL)
        assert (caught.value.status, caught.value.code) == (400, "too_complex")
        assert stuck.process.exitcode is not None  # killed and reaped, not left running
        (fresh,) = c._all
        assert fresh is not stuck
        c.timeout = 120  # however slow this machine is, the fresh worker answers
        assert c.check("ASK { ?s ?p ?o }").form == "ASK"
    finally:
        c.close()


@pytest.mark.parametrize(
    ("fmt", "check"),
    [
        ("json", lambda b: json.loads(b) == {"head": {}, "boolean": True}),
        ("xml", lambda b: b"<boolean>true</boolean>" in b),
        ("csv", lambda b: b == b"boolean\r\ntrue\r\n"),
        ("tsv", lambda b: b == b"?boolean\ntrue\n"),
    ],
)
def test_boolean_writer(fmt, check):
    import pyoxigraph as ox

    from marxkg.query.formats import dumps_results
    from marxkg.query.results import Results

    body = dumps_results(Results(boolean=True), fmt)
    assert check(body)
    if fmt in ("json", "xml"):
        names = {"json": ox.QueryResultsFormat.JSON, "xml": ox.QueryResultsFormat.XML}
        assert bool(ox.parse_query_results(body, names[fmt])) is True


def test_checker_accepts_deep_nesting(checker):
    query = "SELECT * WHERE { FILTER(" + "(" * 100 + "1" + ")" * 100 + ") }"
    assert checker.check(query).form == "SELECT"


# -- the query budget (issue 9: a 1,900-branch UNION overflowed Oxigraph's stack) ---------


def _union(n: int) -> str:
    return "SELECT * WHERE { " + " UNION ".join(f"{{ ?s ?p ?o{i} }}" for i in range(n)) + " }"


def _triples(n: int) -> str:
    return "SELECT * WHERE { " + " ".join(f"?s <urn:p{i}> ?o{i} ." for i in range(n)) + " }"


def _groups(n: int) -> str:
    return "SELECT * WHERE " + "{ " * n + "?s ?p ?o " + "} " * n


OVER_BUDGET = [
    (_union(65), "at least 65 UNION branches"),
    (_triples(65), "65 triple patterns"),
    (_groups(26), "nested groups"),
    ("SELECT * WHERE { FILTER(" + "(" * 150 + "1" + ")" * 150 + ") }", "nesting levels"),
    ("ASK { VALUES ?x { " + "1 " * 6000 + "} }", "tokens"),
]


@pytest.fixture
def worker_recursion():
    """The recursion limit of the guard's workers (pyparsing recurses per level)."""
    import sys

    limit = sys.getrecursionlimit()
    sys.setrecursionlimit(10_000)
    yield
    sys.setrecursionlimit(limit)


@pytest.mark.parametrize(("query", "message"), OVER_BUDGET, ids=[m for _, m in OVER_BUDGET])
def test_over_budget_is_refused_before_evaluation(worker_recursion, query, message):
    with pytest.raises(Refusal) as caught:
        inspect_query(query, ALLOWED)
    assert (caught.value.status, caught.value.code) == (400, "over_budget")
    assert message in caught.value.message


@pytest.mark.parametrize("query", [_union(64), _triples(64), _groups(20)])
def test_within_budget_is_accepted(worker_recursion, query):
    assert inspect_query(query, ALLOWED).form == "SELECT"


def test_named_queries_are_well_within_budget():
    from rdflib.plugins.sparql.parser import Query

    from marxkg.serve.budget import DEFAULT_BUDGET, measure
    from marxkg.serve.endpoint import named_queries
    from marxkg.serve.guard import normalise

    sizes = [
        measure(Query.parse_string(normalise(t), parse_all=True)[1])
        for t in named_queries().values()
    ]
    assert len(sizes) >= 15
    assert max(s.union_branches for s in sizes) * 4 <= DEFAULT_BUDGET.max_union_branches
    # the claims queries join 18 patterns: still under a third of the budget
    assert max(s.triple_patterns for s in sizes) * 3 <= DEFAULT_BUDGET.max_triple_patterns
    assert max(s.group_depth for s in sizes) * 4 <= DEFAULT_BUDGET.max_group_depth
    assert max(s.nodes for s in sizes) * 4 <= DEFAULT_BUDGET.max_nodes


# -- both parsers must agree (issue 9) --------------------------------------------------------


@pytest.mark.parametrize(
    "query",
    [
        "SELECT * WHERE { ?s ?p ?o FILTER(?z != 1) }",
        "SELECT * WHERE { ?s ?p ?o MINUS { ?s ?q ?m } }",
        "SELECT * WHERE { ?s ?p ?o FILTER EXISTS { ?s ?q ?e } }",
        "SELECT * WHERE { ?s ?p ?o } VALUES ?x { 1 }",
        "SELECT * WHERE { ?s ?p ?o BIND(1 AS ?b) }",
        "SELECT ?s (COUNT(?o) AS ?n) WHERE { ?s ?p ?o } GROUP BY ?s",
        "ASK { ?s ?p ?o } # a comment\r\n",
        "SELECT * WHERE { ?s ?p '''two\r\nlines''' }",
    ],
)
def test_queries_both_parsers_read_alike_are_accepted(query):
    inspect_query(query, ALLOWED)


@pytest.mark.parametrize(
    ("text", "form", "variables"),
    [
        ("ASK { ?s ?p ?o }", "SELECT", None),  # the engine reads another form
        ("SELECT ?a WHERE { ?a ?b ?c }", "SELECT", (True, ["b"])),  # other variables
        ("SELECT * WHERE { ?a ?b ?c }", "SELECT", (False, ["a", "b"])),  # a variable unseen
    ],
)
def test_a_different_reading_by_the_engine_is_refused(text, form, variables):
    from marxkg.serve.guard import _check_engine_agrees

    with pytest.raises(Refusal) as caught:
        _check_engine_agrees(text, form, variables)
    assert caught.value.code == "parsers_disagree"


@pytest.mark.parametrize(
    ("query", "where"),
    [
        (
            "SELECT * WHERE { ?s ?p ?o # x\rSERVICE <http://127.0.0.1:9/> { ?a ?b ?c }\n}",
            "U+000D (a control character) at line 1, column 30",
        ),
        ("SELECT *\nWHERE { ?s ?p ?o # x\\u2028 }", "U+2028 (LINE SEPARATOR) at line 2, column 21"),
        ("\ufeffASK {}", "U+FEFF (ZERO WIDTH NO-BREAK SPACE) at line 1, column 1"),
    ],
)
def test_ambiguous_characters_are_named_with_their_position(query, where):
    with pytest.raises(Refusal) as caught:
        inspect_query(query, ALLOWED)
    assert caught.value.code == "ambiguous_character"
    assert where in caught.value.message
