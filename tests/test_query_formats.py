"""Result formatters: an aligned table with Chinese text, SPARQL JSON, CSV and TSV."""

from __future__ import annotations

import csv
import io
import json

import pytest

from marxkg.query.formats import (
    FORMATTERS,
    display_width,
    format_results,
    shorten,
    to_csv,
    to_json,
    to_table,
    to_tsv,
    truncate,
)
from marxkg.query.results import XSD, Results, Term, results_from_json

SAMPLE = Results(
    ["page", "label", "quotation", "n"],
    [
        {
            "page": Term.literal("487"),
            "label": Term.literal("②"),
            "quotation": Term.literal(
                "科学、巨大的自然力、社会的群众性劳动都体现在机器体系中", lang="zh-Hans"
            ),
            "n": Term.literal("1", datatype=XSD + "integer"),
        },
        {
            "page": Term.literal("727-728"),
            "label": Term.literal("⑧"),
            "quotation": Term.literal('tab\there, "quoted", new\nline'),
            "n": Term.literal("12", datatype=XSD + "integer"),
        },
        {"page": Term.iri("https://w3id.org/marxkg/concept/fixed-capital")},
    ],
)


def test_registry():
    assert list(FORMATTERS) == ["table", "json", "xml", "csv", "tsv"]


@pytest.mark.parametrize(
    "text,width",
    [
        ("abc", 3),
        ("机器体系", 8),
        ("ＡＢ", 4),
        ("“引号”", 6),
        ("e\u0301", 1),
        ("②", 1),
    ],
)
def test_display_width(text, width):
    assert display_width(text) == width


@pytest.mark.parametrize(
    "text,width,expected",
    [
        ("机器体系作为劳动资料", 9, "机器体系…"),
        ("machinery", 5, "mach…"),
        ("机器", 4, "机器"),
        ("anything", 0, "anything"),
    ],
)
def test_truncate(text, width, expected):
    assert truncate(text, width) == expected
    assert display_width(truncate(text, width)) <= (width or 10**6)


def cells(line: str) -> dict[int, str]:
    """Display column -> character (a wide character fills two columns)."""
    out, col = {}, 0
    for ch in line:
        for k in range(display_width(ch)):
            out[col + k] = ch
        col += display_width(ch)
    return out


def assert_aligned(lines: list[str]) -> None:
    """Every line has a space in each gap between the dashes of the rule line."""
    rule = lines[1]
    assert set(rule) == {"-", " "}
    gaps = [i for i, ch in enumerate(rule) if ch == " "]
    width = len(rule)
    for line in lines:
        at = cells(line)
        assert all(at.get(g, " ") == " " for g in gaps), line
        assert display_width(line) <= width, line


def test_table_columns_align_by_display_width():
    text = to_table(SAMPLE, max_width=20)
    lines = text.splitlines()
    _header, rule, *body, footer = lines
    assert footer == "(3 rows)"
    assert len(rule.split()) == 4
    assert_aligned(lines[:-1])
    assert len(lines) == 2 + len(SAMPLE.rows) + 1  # the newline inside a cell was replaced
    assert body[2] == "concept:fixed-capit…"  # cut to 20 columns
    # the numeric column is right-aligned
    assert body[0].endswith(" 1") and body[1].endswith("12")


def test_table_of_real_results_aligns(query_library, query_engine):
    from marxkg.query.runner import run

    for name in ("volume-citations", "marx-pages", "ai-counterparts"):
        res = run(query_library[name], query_engine)
        for width in (12, 24, 0):
            assert_aligned(to_table(res, max_width=width).splitlines()[:-1])


def test_shorten():
    assert shorten("https://w3id.org/marxkg/ontology#LabourMeans") == "mkg:LabourMeans"
    assert shorten("https://w3id.org/marxkg/doc/x#char=1,2") == "doc:x#char=1,2"
    assert shorten("http://example.org/a") == "<http://example.org/a>"


def test_json_is_sparql_results_json():
    data = json.loads(to_json(SAMPLE))
    assert data["head"]["vars"] == SAMPLE.variables
    first = data["results"]["bindings"][0]
    assert first["quotation"] == {
        "type": "literal",
        "xml:lang": "zh-Hans",
        "value": "科学、巨大的自然力、社会的群众性劳动都体现在机器体系中",
    }
    assert first["n"]["datatype"] == XSD + "integer"
    assert "n" not in data["results"]["bindings"][2]
    assert "机器体系" in to_json(SAMPLE)  # not ASCII-escaped
    again = results_from_json(data)
    assert again.rows == SAMPLE.rows


def test_json_round_trips_through_pyoxigraph():
    import pyoxigraph as ox

    parsed = ox.parse_query_results(to_json(SAMPLE).encode(), format=ox.QueryResultsFormat.JSON)
    assert [v.value for v in parsed.variables] == SAMPLE.variables
    assert len(list(parsed)) == 3


def test_csv():
    text = to_csv(SAMPLE)
    assert text.startswith("page,label,quotation,n\r\n")
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[2] == ["727-728", "⑧", 'tab\there, "quoted", new\nline', "12"]
    assert rows[3] == ["https://w3id.org/marxkg/concept/fixed-capital", "", "", ""]


def test_tsv():
    lines = to_tsv(SAMPLE).split("\n")
    assert lines[0] == "?page\t?label\t?quotation\t?n"
    assert lines[2].split("\t") == [
        '"727-728"',
        '"⑧"',
        '"tab\\there, \\"quoted\\", new\\nline"',
        f'"12"^^<{XSD}integer>',
    ]
    assert lines[3] == "<https://w3id.org/marxkg/concept/fixed-capital>\t\t\t"


@pytest.mark.parametrize(
    "fmt,expected",
    [
        ("table", "true\n"),
        ("json", '{"head":{},"boolean":true}\n'),
        ("csv", "boolean\r\ntrue\r\n"),
        ("tsv", "?boolean\ntrue\n"),
    ],
)
def test_ask(fmt, expected):
    assert format_results(Results(boolean=True), fmt) == expected


def test_unknown_format():
    with pytest.raises(ValueError, match="table, json, xml, csv, tsv"):
        format_results(SAMPLE, "yaml")


def _quoted_and_directional():
    """A store answer with an RDF 1.2 triple term and a directional language string."""
    import pyoxigraph as ox

    store = ox.Store()
    s, p = ox.NamedNode("urn:s"), ox.NamedNode("urn:says")
    quoted = ox.Triple(ox.NamedNode("urn:marx"), ox.NamedNode("urn:wrote"), ox.Literal("资本论"))
    store.add(ox.Quad(s, p, quoted))
    rtl = ox.Literal("رأس المال", language="ar", direction=ox.BaseDirection.RTL)
    store.add(ox.Quad(s, ox.NamedNode("urn:label"), rtl))
    from marxkg.query.results import results_from_oxigraph

    return results_from_oxigraph(store.query("SELECT ?o WHERE { ?s ?p ?o } ORDER BY ?p"))


@pytest.mark.parametrize(("fmt", "name"), [("json", "JSON"), ("xml", "XML"), ("tsv", "TSV")])
def test_w3c_writers_round_trip_through_pyoxigraph(fmt, name):
    """The writers the CLI and the endpoint share: every term read back as written."""
    import pyoxigraph as ox

    parsed = ox.parse_query_results(
        format_results(SAMPLE, fmt).encode(), format=getattr(ox.QueryResultsFormat, name)
    )
    assert [v.value for v in parsed.variables] == SAMPLE.variables
    back = [{v: s[v] for v in SAMPLE.variables if s[v] is not None} for s in parsed]
    assert back[1]["quotation"] == ox.Literal('tab\there, "quoted", new\nline')
    assert back[1]["n"] == ox.Literal("12", datatype=ox.NamedNode(XSD + "integer"))
    assert back[0]["quotation"].language == "zh-hans"
    assert set(back[2]) == {"page"}


@pytest.mark.parametrize(("fmt", "name"), [("json", "JSON"), ("xml", "XML"), ("tsv", "TSV")])
def test_triple_terms_and_directions_read_back(fmt, name):
    import pyoxigraph as ox

    results = _quoted_and_directional()
    body = format_results(results, fmt).encode()
    back = [s["o"] for s in ox.parse_query_results(body, getattr(ox.QueryResultsFormat, name))]
    assert back[0] == ox.Literal("رأس المال", language="ar", direction=ox.BaseDirection.RTL)
    assert back[1] == ox.Triple(
        ox.NamedNode("urn:marx"), ox.NamedNode("urn:wrote"), ox.Literal("资本论")
    )


def test_triple_terms_in_every_format():
    results = _quoted_and_directional()
    (triple,) = [row["o"] for row in results.rows if row["o"].type == "triple"]
    assert triple.n3() == '<<( <urn:marx> <urn:wrote> "资本论" )>>'
    data = json.loads(to_json(results))
    values = [b["o"]["value"] for b in data["results"]["bindings"]]
    assert {
        "subject": {"type": "uri", "value": "urn:marx"},
        "predicate": {"type": "uri", "value": "urn:wrote"},
        "object": {"type": "literal", "value": "资本论"},
    } in values
    assert results_from_json(data).rows == results.rows
    from lxml import etree

    root = etree.fromstring(format_results(results, "xml").encode())
    ns = {"r": "http://www.w3.org/2005/sparql-results#"}
    assert root.find(".//r:triple/r:object/r:literal", ns).text == "资本论"
