"""Safe binding: values are parsed and re-serialised into VALUES blocks, never pasted."""

from __future__ import annotations

import pytest

from marxkg.query.library import parse_query_file
from marxkg.query.results import XSD, QueryError, Term
from marxkg.query.runner import bindings_for, prepare, with_prefixes
from marxkg.query.sparql import (
    Param,
    check_local,
    inject_values,
    outer_group_start,
    parse_term,
    resolve_value,
    tokenize,
)

CONCEPT = Param.parse("?concept = concept:fixed-capital", "t")
MARX = Param.parse("?marx = UNDEF concept:", "t")
VOLUME = Param.parse("?volume = <https://w3id.org/marxkg/edition/x/vol/5>", "t")
POS = Param.parse('?pos = "n"', "t")
LABEL = Param.parse('?label = "x"@zh-Hans', "t")
COUNT = Param.parse("?n = 3", "t")
C = "https://w3id.org/marxkg/concept/"


@pytest.mark.parametrize(
    "raw,param,expected",
    [
        ("machine", CONCEPT, Term.iri(C + "machine")),
        ("real-subsumption", MARX, Term.iri(C + "real-subsumption")),
        ("6", VOLUME, Term.iri("https://w3id.org/marxkg/edition/x/vol/6")),
        ("concept:machine", None, Term.iri(C + "machine")),
        ("<http://example.org/a>", CONCEPT, Term.iri("http://example.org/a")),
        ("https://example.org/b", None, Term.iri("https://example.org/b")),
        ("v", POS, Term.literal("v")),
        ("5", POS, Term.literal("5")),
        ("机器", LABEL, Term.literal("机器", lang="zh-Hans")),
        ("7", COUNT, Term.literal("7", datatype=XSD + "integer")),
        ('"a \\" b"@en', None, Term.literal('a " b', lang="en")),
        ('"5"^^xsd:integer', None, Term.literal("5", datatype=XSD + "integer")),
        ("文集5:487", None, Term.literal("文集5:487")),
        ("42", None, Term.literal("42", datatype=XSD + "integer")),
    ],
)
def test_resolve_value(raw, param, expected):
    assert resolve_value(raw, param, "t") == expected


@pytest.mark.parametrize(
    "raw,param",
    [
        ("has space", CONCEPT),  # not an IRI
        ("<not an iri>", None),
        ("a>b", MARX),
        ('"x"@not a tag', None),
        ('"x"^^"y"', None),
        ('"abc"^^xsd:integer', None),
        ("seven", COUNT),
        ("", POS),
    ],
)
def test_bad_values_are_refused(raw, param):
    with pytest.raises(QueryError):
        resolve_value(raw, param, "t")


POS_QUERY = (
    '# param: ?pos = "n"\n'
    "SELECT ?pos (COUNT(*) AS ?n) WHERE { ?w "
    "<http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#posTag> ?pos } "
    "GROUP BY ?pos"
)


@pytest.mark.parametrize(
    "hostile",
    [
        '"x" } ?s ?p ?o {',
        '" } DELETE WHERE { ?s ?p ?o } #',
        "<http://x/> } ?s ?p ?o {",
    ],
)
def test_hostile_explicit_values_are_refused(hostile):
    with pytest.raises(QueryError):
        prepare(parse_query_file(POS_QUERY, "t"), [f"pos={hostile}"])


@pytest.mark.parametrize(
    "hostile",
    [
        'x" } ?s ?p ?o { "',
        "x\n} SERVICE <http://evil.example/> { ?a ?b ?c",
        "n' } #",
    ],
)
def test_hostile_bare_values_stay_one_literal(hostile, query_engine):
    text = prepare(parse_query_file(POS_QUERY, "t"), [f"pos={hostile}"])
    assert [t.kind for t in tokenize(text)].count("string") == 1
    assert query_engine.select(text).rows == []


def test_values_go_to_the_outer_group():
    text = "PREFIX x: <http://x/>\nSELECT ?a WHERE { { SELECT ?a WHERE { ?a ?b ?c } } }"
    out = inject_values(text, {"a": [Term.iri("http://x/1"), Term.literal("2")]})
    assert out.startswith(
        'PREFIX x: <http://x/>\nSELECT ?a WHERE {\n  VALUES ?a { <http://x/1> "2" }'
    )


def test_placeholders_in_sub_selects_take_the_bound_values():
    text = (
        "SELECT ?a ?n WHERE { { SELECT ?a (COUNT(?c) AS ?n) WHERE {\n"
        "  VALUES ?a { UNDEF } VALUES ?b { undef } ?a ?b ?c } GROUP BY ?a } }"
    )
    out = inject_values(text, {"a": [Term.iri("http://x/1"), Term.literal("2")]})
    assert out == (
        'SELECT ?a ?n WHERE {\n  VALUES ?a { <http://x/1> "2" } { SELECT ?a (COUNT(?c) AS ?n) '
        'WHERE {\n  VALUES ?a { <http://x/1> "2" } VALUES ?b { undef } ?a ?b ?c } GROUP BY ?a } }'
    )


@pytest.mark.parametrize(
    "block",
    [
        "VALUES ?a { UNDEF <http://x/2> }",  # two rows: the query's own restriction
        "VALUES (?a) { (UNDEF) }",  # the bracketed form is not a placeholder
        'FILTER(?c != "VALUES ?a { UNDEF }")',  # in a string
        "# VALUES ?a { UNDEF }\n",  # in a comment
    ],
)
def test_only_a_one_row_undef_block_is_a_placeholder(block):
    text = "SELECT ?a WHERE { { SELECT ?a WHERE { " + block + " ?a ?b ?c } } }"
    out = inject_values(text, {"a": [Term.iri("http://x/1")]})
    assert out == text.replace("WHERE {", "WHERE {\n  VALUES ?a { <http://x/1> }", 1)


def test_a_placeholder_restricts_nothing_unbound(query_engine):
    text = "SELECT ?s WHERE { { SELECT ?s WHERE { VALUES ?s { UNDEF } ?s ?p ?o } } } LIMIT 3"
    assert len(query_engine.select(inject_values(text, {})).rows) == 3


@pytest.mark.parametrize(
    "text,offset",
    [
        ("SELECT * WHERE { ?s ?p ?o }", 16),
        ("ASK { ?s ?p ?o }", 5),
        ('SELECT * # { not here\n WHERE { ?s ?p "{" }', 30),
        ("PREFIX a: <http://a/{x}> SELECT * {}", None),  # '{' is not allowed in IRIs: lexed apart
    ],
)
def test_outer_group_start(text, offset):
    tokens = tokenize(text)
    if offset is None:
        assert outer_group_start(tokens) > 0
    else:
        assert outer_group_start(tokens) == offset


def test_binding_an_unknown_variable_fails():
    with pytest.raises(QueryError, match=r"\?nope"):
        inject_values("SELECT ?a WHERE { ?a ?b ?c }", {"nope": [Term.literal("1")]})


def test_defaults_and_star():
    q = parse_query_file(
        "# param: ?concept = concept:a\n# param: ?marx = UNDEF concept:\n"
        "SELECT * { ?concept ?marx ?o }",
        "t",
    )
    assert bindings_for(q, []) == {"concept": [Term.iri(C + "a")]}
    assert bindings_for(q, ["concept=*"]) == {}
    assert bindings_for(q, ["marx=b", "marx=c"]) == {
        "concept": [Term.iri(C + "a")],
        "marx": [Term.iri(C + "b"), Term.iri(C + "c")],
    }


@pytest.mark.parametrize(
    "text",
    [
        "SELECT * WHERE { SERVICE <http://example.org/sparql> { ?s ?p ?o } }",
        "select * where { service silent <http://example.org/> { ?s ?p ?o } }",
        "SELECT * WHERE { ?s ?p ?o . SERVICE?x{ ?a ?b ?c } }",
        "DELETE WHERE { ?s ?p ?o }",
        "LOAD <http://example.org/data.ttl>",
        "CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }",
    ],
)
def test_refused_locally(text):
    with pytest.raises(QueryError):
        check_local(text)


@pytest.mark.parametrize(
    "text",
    [
        'SELECT * WHERE { ?s ?p "SERVICE" }',
        "SELECT * WHERE { ?s ?p ?o } # SERVICE <http://example.org/>",
        "SELECT ?service WHERE { ?service <http://x/SERVICE> ex:service }",
    ],
)
def test_the_word_service_elsewhere_is_fine(text):
    check_local(text)


def test_with_prefixes_adds_only_missing_ones():
    out = with_prefixes("PREFIX skos: <http://x/>\nSELECT * { ?s skos:a ?o ; mkg:b ?c }")
    assert out.startswith(
        "PREFIX mkg: <https://w3id.org/marxkg/ontology#>\nPREFIX skos: <http://x/>"
    )


def test_parse_term_numbers_and_booleans():
    assert parse_term("true").datatype == XSD + "boolean"
    assert parse_term("-3") == Term.literal("-3", datatype=XSD + "integer")


@pytest.mark.parametrize(
    "term",
    [
        Term("literal", "1", datatype="not an iri"),
        Term("literal", "x", lang="en us"),
        Term("uri", "relative/iri"),
        Term("bnode", "b0"),
    ],
)
def test_values_block_validates_terms(term):
    from marxkg.query.sparql import values_block

    with pytest.raises(QueryError):
        values_block("x", [term])


def test_undef_with_an_iri_namespace():
    p = Param.parse("?v = UNDEF <https://w3id.org/marxkg/edition/marx-engels-wenji-2009/vol/>", "t")
    assert p.default is None
    assert p.value("5") == Term.iri("https://w3id.org/marxkg/edition/marx-engels-wenji-2009/vol/5")
