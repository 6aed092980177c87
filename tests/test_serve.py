"""`marxkg serve` end to end: a real server (Oxigraph behind the guard) over the real build.

Expected values come from the paper and the ontology: the title of the paper, its 58
footnotes, the Chinese label 固定资本 of concept fixed-capital. Counts over the whole graph
are compared with rdflib reading the same built files.
"""

from __future__ import annotations

import csv
import io
import json
import os
import shutil
import subprocess
import urllib.error
import urllib.parse
import urllib.request

import pytest

from tests import PAPER_ID

TITLE = "马克思机器体系理论视域下人工智能技术资本主义应用困境研究"
PREFIXES = """PREFIX dcterms: <http://purl.org/dc/terms/>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX nif: <http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#>
PREFIX mkg: <https://w3id.org/marxkg/ontology#>
"""
DOC = f"<https://w3id.org/marxkg/doc/{PAPER_ID}>"
FIXED_CAPITAL = "<https://w3id.org/marxkg/concept/fixed-capital>"
LABEL_QUERY = (
    PREFIXES
    + f"""SELECT ?label WHERE {{
  {FIXED_CAPITAL} skos:prefLabel ?label . FILTER(langMatches(lang(?label), "zh-Hans")) }}"""
)
FOOTNOTES_QUERY = PREFIXES + "SELECT (COUNT(?n) AS ?count) WHERE { ?n a mkg:Footnote }"
TITLE_QUERY = (
    PREFIXES
    + f"""SELECT ?title WHERE {{
  {DOC} dcterms:title ?title . FILTER(langMatches(lang(?title), "zh")) }}"""
)
CONSTRUCT_QUERY = (
    PREFIXES + f"CONSTRUCT {{ {FIXED_CAPITAL} skos:prefLabel ?l }} "
    f"WHERE {{ {FIXED_CAPITAL} skos:prefLabel ?l }}"
)
HEAVY_QUERY = PREFIXES + "SELECT (COUNT(*) AS ?n) WHERE { ?a a nif:Word . ?b a nif:Word }"
MAIN_GRAPH = "https://w3id.org/marxkg/graph/main"
TOKENS_GRAPH = f"https://w3id.org/marxkg/graph/tokens/{PAPER_ID}"


def require_binary(name: str, install: str) -> str:
    """The path of a command-line tool; under CI a missing tool fails instead of skipping."""
    path = shutil.which(name)
    if path is None:
        message = f"{name} is not installed ({install})"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    return path


def request(
    url: str,
    query: str | None = None,
    *,
    method: str = "POST",
    accept: str | None = None,
    data: bytes | None = None,
    content_type: str | None = None,
    params: dict | None = None,
    headers: dict | None = None,
    timeout: float = 30,
):
    """(status, headers, body) of one request; HTTP errors are returned, not raised."""
    fields = dict(params or {})
    if query is not None:
        fields["query"] = query
    if method == "GET":
        url = f"{url}?{urllib.parse.urlencode(fields)}"
    elif data is None:
        data = urllib.parse.urlencode(fields).encode("utf-8")
        content_type = content_type or "application/x-www-form-urlencoded"
    elif fields:
        url = f"{url}?{urllib.parse.urlencode(fields)}"
    req = urllib.request.Request(url, data=data, method=method)
    if accept:
        req.add_header("Accept", accept)
    if content_type:
        req.add_header("Content-Type", content_type)
    for key, value in (headers or {}).items():
        req.add_header(key, value)
    try:
        with urllib.request.urlopen(req, timeout=timeout) as resp:
            return resp.status, resp.headers, resp.read()
    except urllib.error.HTTPError as err:
        return err.code, err.headers, err.read()


def error_of(body: bytes) -> dict:
    doc = json.loads(body)
    assert set(doc) == {"status", "error", "message"}
    return doc


# -- clients -------------------------------------------------------------------------------


def test_sparqlwrapper_select_json(sparql_endpoint):
    from SPARQLWrapper import JSON, SPARQLWrapper

    client = SPARQLWrapper(sparql_endpoint.url)
    client.setQuery(TITLE_QUERY)
    client.setReturnFormat(JSON)
    bindings = client.queryAndConvert()["results"]["bindings"]
    assert [b["title"]["value"] for b in bindings] == [TITLE]


def _parse_json(body: bytes) -> list[str]:
    doc = json.loads(body)
    return [b["label"]["value"] for b in doc["results"]["bindings"]]


def _parse_xml(body: bytes) -> list[str]:
    from lxml import etree

    root = etree.fromstring(body)
    ns = {"r": "http://www.w3.org/2005/sparql-results#"}
    return [e.text for e in root.findall("r:results/r:result/r:binding/r:literal", ns)]


def _parse_csv(body: bytes) -> list[str]:
    rows = list(csv.reader(io.StringIO(body.decode("utf-8"), newline="")))
    assert rows[0] == ["label"]
    return [r[0] for r in rows[1:]]


def _parse_tsv(body: bytes) -> list[str]:
    import pyoxigraph as ox

    lines = body.decode("utf-8").splitlines()
    assert lines[0] == "?label"
    parsed = ox.parse_query_results(body, ox.QueryResultsFormat.TSV)
    return [s["label"].value for s in parsed]


SELECT_TYPES = [
    ("application/sparql-results+json", _parse_json),
    ("application/sparql-results+xml", _parse_xml),
    ("text/csv", _parse_csv),
    ("text/tab-separated-values", _parse_tsv),
]


@pytest.mark.parametrize(("accept", "parse"), SELECT_TYPES, ids=[a for a, _ in SELECT_TYPES])
@pytest.mark.parametrize("method", ["GET", "POST"])
def test_curl_select_each_accept_type(sparql_endpoint, accept, parse, method):
    curl = require_binary("curl", "apt-get install -y curl")
    args = [
        curl,
        "-sS",
        "-D",
        "-",
        "-H",
        f"Accept: {accept}",
        "--data-urlencode",
        f"query={LABEL_QUERY}",
        sparql_endpoint.url,
    ]
    if method == "GET":
        args.insert(2, "-G")
    out = subprocess.run(args, capture_output=True, check=True, timeout=30).stdout
    head, _, body = out.partition(b"\r\n\r\n")
    assert b" 200 " in head.split(b"\r\n")[0]
    assert f"content-type: {accept}".encode() in head.lower()
    assert parse(body) == ["固定资本"]


def _graph_turtle(body: bytes):
    import rdflib

    return rdflib.Graph().parse(data=body, format="turtle")


def _graph_jsonld(body: bytes):
    import rdflib

    json.loads(body)
    return rdflib.Graph().parse(data=body, format="json-ld")


@pytest.mark.parametrize(
    ("accept", "parse"), [("text/turtle", _graph_turtle), ("application/ld+json", _graph_jsonld)]
)
def test_curl_construct_turtle_and_jsonld(sparql_endpoint, accept, parse):
    import rdflib

    curl = require_binary("curl", "apt-get install -y curl")
    out = subprocess.run(
        [
            curl,
            "-sS",
            "-H",
            f"Accept: {accept}",
            "--data-urlencode",
            f"query={CONSTRUCT_QUERY}",
            "-w",
            "\n%{http_code} %{content_type}",
            sparql_endpoint.url,
        ],
        capture_output=True,
        check=True,
        timeout=30,
    )
    body, _, status = out.stdout.rpartition(b"\n")
    assert status.decode().startswith(f"200 {accept}")
    labels = {
        (str(o), o.language.lower())
        for o in parse(body).objects(rdflib.URIRef(FIXED_CAPITAL[1:-1]), rdflib.SKOS.prefLabel)
    }
    assert ("固定资本", "zh-hans") in labels and ("fixed capital", "en") in labels


@pytest.mark.parametrize(
    ("how", "kwargs"),
    [
        ("GET", {"method": "GET"}),
        ("POST form", {}),
        ("POST sparql-query", {"content_type": "application/sparql-query"}),
    ],
)
def test_get_and_post(sparql_endpoint, how, kwargs):
    if how == "POST sparql-query":
        kwargs = {**kwargs, "data": FOOTNOTES_QUERY.encode("utf-8")}
        status, headers, body = request(sparql_endpoint.url, **kwargs)
    else:
        status, headers, body = request(sparql_endpoint.url, FOOTNOTES_QUERY, **kwargs)
    assert status == 200, body
    (row,) = json.loads(body)["results"]["bindings"]
    assert row["count"]["value"] == "58"
    assert headers["X-marxkg-truncated"] == "false"


@pytest.mark.parametrize(
    ("param", "media_type"),
    [
        ("csv", "text/csv"),
        ("tsv", "text/tab-separated-values"),
        ("xml", "application/sparql-results+xml"),
        ("json", "application/sparql-results+json"),
    ],
)
def test_format_parameter(sparql_endpoint, param, media_type):
    status, headers, _ = request(
        sparql_endpoint.url, LABEL_QUERY, method="GET", params={"format": param}
    )
    assert status == 200
    assert headers["Content-Type"].split(";")[0] == media_type


def test_roqet_independent_client(sparql_endpoint):
    roqet = require_binary("roqet", "apt-get install -y rasqal-utils")
    out = subprocess.run(
        [
            roqet,
            "-q",
            "-i",
            "sparql11-query",
            "-p",
            sparql_endpoint.url,
            "-e",
            FOOTNOTES_QUERY,
            "-r",
            "csv",
        ],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert out.returncode == 0, out.stderr
    assert out.stdout.split() == ["count", "58"]


@pytest.mark.parametrize("dataset", ["", f"FROM <{TOKENS_GRAPH}>"])
def test_counts_agree_with_rdflib(sparql_endpoint, built_graph, built_graph_with_tokens, dataset):
    """--with-tokens: the default graph is the build's graph and the token layer (the
    union of the store's graphs); the token layer is also the paper's named graph."""
    whole = len(built_graph_with_tokens)
    expected = whole - len(built_graph) if dataset else whole
    query = f"SELECT (COUNT(*) AS ?n) {dataset} WHERE {{ ?s ?p ?o }}"
    status, _, body = request(sparql_endpoint.url, query)
    assert status == 200
    assert int(json.loads(body)["results"]["bindings"][0]["n"]["value"]) == expected


def test_graph_main_is_no_longer_a_graph(sparql_endpoint):
    """The build's store keeps the graph in its default graph: naming the old
    ``graph/main`` is refused with a hint, never answered from an empty graph."""
    query = f"SELECT (COUNT(*) AS ?n) FROM <{MAIN_GRAPH}> WHERE {{ ?s ?p ?o }}"
    status, _, body = request(sparql_endpoint.url, query)
    assert status == 403
    assert error_of(body)["error"] == "dataset_refused"
    assert "the build's graph is the default graph" in error_of(body)["message"]


def test_describe_and_ask(sparql_endpoint):
    import rdflib

    status, headers, body = request(
        sparql_endpoint.url, f"DESCRIBE {FIXED_CAPITAL}", accept="text/turtle"
    )
    assert status == 200 and headers["X-marxkg-query-form"] == "DESCRIBE"
    g = rdflib.Graph().parse(data=body, format="turtle")
    assert rdflib.Literal("fixed capital", lang="en") in set(
        g.objects(rdflib.URIRef(FIXED_CAPITAL[1:-1]), rdflib.SKOS.prefLabel)
    )
    ask = PREFIXES + f"ASK {{ {FIXED_CAPITAL} a skos:Concept }}"
    status, _, body = request(sparql_endpoint.url, ask)
    assert status == 200 and json.loads(body)["boolean"] is True


def _named_query_names() -> list[str]:
    from marxkg import paths

    return sorted(p.stem for p in paths.QUERIES_DIR.glob("*.rq"))


@pytest.mark.parametrize("name", _named_query_names())
def test_named_queries_run_on_the_endpoint(sparql_endpoint, name):
    from marxkg.serve.endpoint import named_queries

    status, _, body = request(sparql_endpoint.url, named_queries()[name])
    assert status == 200, body[:500]
    json.loads(body)
    assert f"named query {name} is refused" not in sparql_endpoint.stderr.read_text("utf-8")


@pytest.mark.parametrize("name", _named_query_names())
def test_endpoint_agrees_with_the_in_process_engine(sparql_endpoint, query_engine, name):
    """``marxkg query NAME --endpoint URL`` and ``marxkg query NAME`` give the same rows."""
    from marxkg.query.library import load_library
    from marxkg.query.runner import EndpointEngine, run

    named = load_library()[name]
    over_http = run(named, EndpointEngine(sparql_endpoint.url))
    in_process = run(named, query_engine)
    assert over_http.variables == in_process.variables

    def rows(results) -> list:
        return sorted(sorted(r.items()) for r in results.records())

    assert rows(over_http) == rows(in_process)


@pytest.mark.parametrize("fmt", ["json", "xml", "csv", "tsv"])
def test_endpoint_and_cli_write_the_same_bytes(sparql_endpoint, built, fmt):
    """One set of result writers: ``marxkg query --format F`` and the endpoint's
    ``format=F`` give byte-identical answers to the same query."""
    from typer.testing import CliRunner

    from marxkg.cli import app
    from marxkg.serve.endpoint import named_queries

    text = named_queries()["footnotes-by-kind"]
    status, _, body = request(sparql_endpoint.url, text, params={"format": fmt})
    assert status == 200, body[:300]
    cli = CliRunner().invoke(
        app, ["query", "footnotes-by-kind", "--format", fmt, "--out", str(built.out)]
    )
    assert cli.exit_code == 0, cli.output
    assert cli.stdout_bytes == body
    assert b"marx" in body
