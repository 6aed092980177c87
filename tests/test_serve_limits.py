"""`marxkg serve` limits and refusals on a real server: time limit, row cap, concurrency,
updates/SERVICE/FROM/LOAD refused before evaluation, bad requests, binding, shutdown."""

from __future__ import annotations

import json
import os
import signal
import socket
import threading
import time
import urllib.error
import urllib.parse
from pathlib import Path

import pytest

from tests.test_serve import (
    FOOTNOTES_QUERY,
    HEAVY_QUERY,
    PREFIXES,
    TITLE_QUERY,
    TOKENS_GRAPH,
    error_of,
    request,
)

# -- limits --------------------------------------------------------------------------------


def test_timeout_is_an_error_not_a_result(sparql_endpoint):
    started = time.monotonic()
    status, headers, body = request(
        sparql_endpoint.url, HEAVY_QUERY, accept="application/sparql-results+json"
    )
    assert status == 504
    assert headers["Content-Type"].startswith("application/json")
    assert error_of(body)["error"] == "timeout"
    assert "results" not in json.loads(body)
    assert time.monotonic() - started < 10


def test_timeout_raises_in_sparqlwrapper(sparql_endpoint):
    from SPARQLWrapper import JSON, SPARQLWrapper

    client = SPARQLWrapper(sparql_endpoint.url)
    client.setQuery(HEAVY_QUERY)
    client.setReturnFormat(JSON)
    with pytest.raises(urllib.error.HTTPError) as caught:
        client.queryAndConvert()
    assert caught.value.code == 504


def test_heavy_query_does_not_block_others(sparql_endpoint):
    heavy = {}
    thread = threading.Thread(
        target=lambda: heavy.update(status=request(sparql_endpoint.url, HEAVY_QUERY)[0])
    )
    thread.start()
    time.sleep(0.2)
    light = []
    for _ in range(5):
        t0 = time.monotonic()
        status, _, _ = request(sparql_endpoint.url, TITLE_QUERY)
        light.append((status, time.monotonic() - t0))
    still_running = thread.is_alive()
    thread.join(15)
    assert still_running, "the heavy query finished before the light ones: not a test"
    assert all(status == 200 for status, _ in light)
    assert max(seconds for _, seconds in light) < 0.5, light
    assert heavy["status"] == 504


@pytest.mark.parametrize(
    ("query", "accept"),
    [
        (PREFIXES + "SELECT ?w WHERE { ?w a nif:Word }", "text/csv"),
        (PREFIXES + "SELECT ?w WHERE { ?w a nif:Word }", "application/sparql-results+json"),
        (PREFIXES + "CONSTRUCT WHERE { ?w a nif:Word }", "application/n-triples"),
    ],
)
def test_row_cap_truncates_and_says_so(sparql_endpoint, query, accept):
    status, headers, body = request(sparql_endpoint.url, query, accept=accept)
    assert status == 200
    assert headers["X-marxkg-truncated"] == "true"
    assert headers["X-marxkg-max-rows"] == headers["X-marxkg-rows"] == "500"
    if accept == "text/csv":
        assert len(body.decode("utf-8").splitlines()) == 1 + 500
    elif accept.endswith("json"):
        assert len(json.loads(body)["results"]["bindings"]) == 500
    else:
        assert len(body.decode("utf-8").splitlines()) == 500


def test_under_the_cap_is_not_truncated(sparql_endpoint):
    query = PREFIXES + "SELECT ?w WHERE { ?w a nif:Word } LIMIT 499"
    status, headers, body = request(sparql_endpoint.url, query)
    assert status == 200 and headers["X-marxkg-truncated"] == "false"
    assert len(json.loads(body)["results"]["bindings"]) == 499


# -- refusals (before evaluation) -----------------------------------------------------------


@pytest.fixture
def listener():
    """A local TCP port that records whether anything connected to it."""
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    sock.listen(5)
    sock.settimeout(0.1)
    hits = []

    def accept():
        end = time.monotonic() + 1
        while time.monotonic() < end:
            try:
                conn, _ = sock.accept()
            except TimeoutError:
                continue
            hits.append(conn.recv(1000))
            conn.close()

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    yield sock.getsockname()[1], hits, thread
    thread.join(5)
    sock.close()


def test_service_is_refused_and_never_called(sparql_endpoint, listener):
    port, hits, thread = listener
    query = f"SELECT * WHERE {{ SERVICE <http://127.0.0.1:{port}/sparql> {{ ?s ?p ?o }} }}"
    status, _, body = request(sparql_endpoint.url, query)
    assert status == 403 and error_of(body)["error"] == "service_refused"
    thread.join(5)
    assert hits == []


REFUSALS = [
    ("INSERT DATA", {"query": "INSERT DATA { <urn:a> <urn:b> <urn:c> }"}, "update_refused"),
    ("LOAD", {"query": "LOAD <file:///etc/passwd>"}, "update_refused"),
    ("update param", {"update": "DELETE WHERE { ?s ?p ?o }"}, "update_refused"),
    (
        "FROM file",
        {"query": "SELECT * FROM <file:///etc/passwd> WHERE {?s ?p ?o}"},
        "dataset_refused",
    ),
    (
        "FROM NAMED web",
        {"query": "SELECT * FROM NAMED <http://example.org/g> WHERE { GRAPH ?g { ?s ?p ?o } }"},
        "dataset_refused",
    ),
    (
        "default-graph-uri",
        {"query": "SELECT * WHERE { ?s ?p ?o }", "default-graph-uri": "file:///etc/passwd"},
        "dataset_refused",
    ),
]


@pytest.mark.parametrize(("name", "fields", "code"), REFUSALS, ids=[r[0] for r in REFUSALS])
def test_refused_with_a_clear_error(sparql_endpoint, name, fields, code):
    status, headers, body = request(sparql_endpoint.url, params=fields, method="GET")
    assert status == 403
    assert headers["Content-Type"].startswith("application/json")
    error = error_of(body)
    assert error["error"] == code and error["message"]
    assert b"root:" not in body


def test_sparql_update_content_type_is_refused(sparql_endpoint):
    status, _, body = request(
        sparql_endpoint.url, data=b"CLEAR ALL", content_type="application/sparql-update"
    )
    assert status == 403 and error_of(body)["error"] == "update_refused"


@pytest.mark.parametrize(
    ("dataset", "in_default", "in_named"),
    [
        ("", True, True),  # --with-tokens: the union of the store's graphs; GRAPH sees all
        (f"FROM <{TOKENS_GRAPH}>", True, False),  # SPARQL: no named graphs then
        (f"FROM NAMED <{TOKENS_GRAPH}>", False, True),  # an empty default graph
    ],
)
def test_corpus_graphs_can_be_named(
    sparql_endpoint, built_graph_with_tokens, dataset, in_default, in_named
):
    """The paper's token layer is its named graph; a FROM sets the default graph (it is
    not overridden by the union of every graph that --with-tokens gives otherwise)."""
    words = "SELECT (COUNT(?w) AS ?n) {} WHERE {{ {} }}"
    pattern = "?w a nif:Word"
    counts = []
    for where in (pattern, f"GRAPH <{TOKENS_GRAPH}> {{ {pattern} }}"):
        status, _, body = request(sparql_endpoint.url, PREFIXES + words.format(dataset, where))
        assert status == 200, body
        counts.append(int(json.loads(body)["results"]["bindings"][0]["n"]["value"]))
    from rdflib import RDF, URIRef

    nif_word = URIRef("http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#Word")
    words_of_paper = len(set(built_graph_with_tokens.subjects(RDF.type, nif_word)))
    assert words_of_paper > 0
    assert counts == [words_of_paper if in_default else 0, words_of_paper if in_named else 0]


@pytest.mark.parametrize(
    ("kwargs", "status"),
    [
        ({"method": "PUT", "data": b"x"}, 405),
        ({"method": "GET"}, 400),  # no query
        ({"accept": "image/png", "query": FOOTNOTES_QUERY}, 406),
        ({"data": b"query=x", "content_type": "text/plain"}, 415),
        ({"query": "SELEC * WHERE {}"}, 400),
        ({"query": FOOTNOTES_QUERY, "headers": {"Host": "attacker.example"}}, 403),
    ],
)
def test_bad_requests(sparql_endpoint, kwargs, status):
    assert request(sparql_endpoint.url, **kwargs)[0] == status


@pytest.mark.parametrize("host", ["localhost", "127.0.0.1", "localhost:8000", "127.0.0.2:80"])
def test_loopback_host_headers_are_answered(sparql_endpoint, host):
    status, _, _ = request(sparql_endpoint.url, FOOTNOTES_QUERY, headers={"Host": host})
    assert status == 200


# -- process ---------------------------------------------------------------------------------


def _listening(port: int) -> set[str]:
    """Local addresses (hex, as in /proc/net/tcp*) listening on ``port``."""
    found = set()
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        if not Path(table).exists():
            continue
        for line in Path(table).read_text().splitlines()[1:]:
            fields = line.split()
            address, _, hex_port = fields[1].rpartition(":")
            if fields[3] == "0A" and int(hex_port, 16) == port:
                found.add(address)
    return found


def test_binds_localhost_by_default(sparql_endpoint):
    from typer.testing import CliRunner

    from marxkg.cli import app

    if not Path("/proc/net/tcp").exists():
        pytest.skip("needs Linux /proc/net/tcp")
    front_port = urllib.parse.urlsplit(sparql_endpoint.url).port
    assert sparql_endpoint.url.startswith("http://127.0.0.1:")
    assert _listening(front_port) == {"0100007F"}  # 127.0.0.1 and nothing else
    a, b, c, d = (int(x) for x in sparql_endpoint.oxigraph_host.split("."))
    assert a == 127  # a loopback address, in /proc's little-endian hex:
    assert _listening(sparql_endpoint.oxigraph_port) == {f"{d:02X}{c:02X}{b:02X}7F"}
    help_text = CliRunner().invoke(app, ["serve", "--help"], env={"COLUMNS": "200"}).output
    assert "default: 127.0.0.1" in help_text


def test_sigterm_stops_oxigraph_and_removes_the_store(built, start_endpoint):
    ep = start_endpoint(built.out, "--timeout", "5")
    assert Path(ep.store).is_dir()
    assert request(ep.url, FOOTNOTES_QUERY)[0] == 200
    ep.proc.send_signal(signal.SIGTERM)
    assert ep.proc.wait(20) == 0
    assert not Path(ep.store).exists()
    with pytest.raises(ProcessLookupError):
        for _ in range(50):  # the child may take a moment to be reaped
            os.kill(ep.oxigraph_pid, 0)
            time.sleep(0.1)


def test_missing_build_and_busy_port_are_clear_errors(tmp_path, built, sparql_endpoint):
    from typer.testing import CliRunner

    from marxkg.cli import app

    runner = CliRunner()
    result = runner.invoke(app, ["serve", "--out", str(tmp_path)])
    assert result.exit_code == 1 and "not built yet" in result.output
    busy = urllib.parse.urlsplit(sparql_endpoint.url).port
    result = runner.invoke(app, ["serve", "--out", str(built.out), "--port", str(busy)])
    assert result.exit_code == 1 and "Address already in use" in result.output
