"""`--endpoint`: the same named queries on a real SPARQL 1.1 server (Oxigraph's
``serve-read-only``), and clear errors for broken or truncated answers."""

from __future__ import annotations

import http.server
import shutil
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from pathlib import Path

import pytest
from typer.testing import CliRunner

from marxkg.cli import app
from marxkg.query.results import QueryError
from marxkg.query.runner import EndpointEngine, run
from marxkg.query.trace import trace_pages
from tests.test_query_library import NAMES

runner = CliRunner()


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def oxigraph_binary() -> str | None:
    local = Path(sys.executable).parent / "oxigraph"
    return str(local) if local.exists() else shutil.which("oxigraph")


@pytest.fixture(scope="module")
def endpoint(built, tmp_path_factory):
    """An Oxigraph server holding graph.ttl and the token layer, on a free local port."""
    binary = oxigraph_binary()
    if binary is None:
        pytest.skip("the oxigraph binary (PyPI package oxigraph) is not installed")
    db = tmp_path_factory.mktemp("oxigraph-db")
    files = [built.out / "graph.ttl", *sorted(built.out.glob("*/tokens.ttl"))]
    for f in files:
        subprocess.run(
            [binary, "load", "--location", str(db), "--file", str(f)],
            check=True,
            capture_output=True,
            timeout=120,
        )
    port = free_port()
    proc = subprocess.Popen(
        [
            binary,
            "serve-read-only",
            "--location",
            str(db),
            "--bind",
            f"127.0.0.1:{port}",
            "--timeout-s",
            "30",
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}/query"
    try:
        for _ in range(100):
            try:
                urllib.request.urlopen(url + "?query=ASK%7B%7D", timeout=1).read()
                break
            except OSError:
                time.sleep(0.1)
        yield url
    finally:
        proc.terminate()
        proc.wait(timeout=10)


@pytest.mark.parametrize("name", NAMES)
def test_same_results_as_in_process(name, endpoint, query_library, query_engine):
    q = query_library[name]
    remote = run(q, EndpointEngine(endpoint))
    local = run(q, query_engine)
    assert remote.variables == local.variables

    def norm(res):  # Oxigraph lowercases language tags on both sides; compare values
        return [
            {k: (t.type, t.value, (t.lang or "").lower(), t.datatype) for k, t in row.items()}
            for row in res.rows
        ]

    assert norm(remote) == norm(local)


def test_trace_over_endpoint(endpoint, query_engine):
    assert (
        trace_pages(EndpointEngine(endpoint), "文集5:487").passages
        == trace_pages(query_engine, "文集5:487").passages
    )


def test_cli_endpoint(endpoint):
    r = runner.invoke(app, ["query", "footnotes-by-kind", "--endpoint", endpoint, "-f", "csv"])
    assert r.exit_code == 0, r.output
    assert r.output.splitlines()[1] == "marx,23,25"


def test_updates_are_refused_by_the_server(endpoint):
    with pytest.raises(QueryError, match="HTTP 4"):
        EndpointEngine(endpoint).select("SELECT * WHERE { ?s ?p }")


class Canned(http.server.BaseHTTPRequestHandler):
    """Answers every POST with a fixed status and body."""

    status = 200
    body = b""

    def do_POST(self):
        self.rfile.read(int(self.headers.get("Content-Length", 0)))
        self.send_response(self.status)
        self.send_header("Content-Type", "application/sparql-results+json")
        self.end_headers()
        self.wfile.write(self.body)

    def log_message(self, *args):
        pass


@pytest.fixture
def canned():
    servers = []

    def serve(status: int, body: bytes) -> str:
        handler = type("H", (Canned,), {"status": status, "body": body})
        server = http.server.HTTPServer(("127.0.0.1", 0), handler)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        servers.append(server)
        return f"http://127.0.0.1:{server.server_port}/sparql"

    yield serve
    for s in servers:
        s.shutdown()
        s.server_close()


@pytest.mark.parametrize(
    "status,body,message",
    [
        (
            200,
            b'{"head": {"vars": ["s"]}, "results": {"bindings": [{"s": {"type": "uri", "val',
            "not valid SPARQL JSON",
        ),
        (200, b"The SPARQL operation has been cancelled", "not valid SPARQL JSON"),
        (200, b'{"head": {"vars": ["s"]}}', "results.bindings"),
        (
            200,
            b'{"head": {"vars": ["s"]}, "results": {"bindings": [{"s": {"type": "x"}}]}}',
            "malformed",
        ),
        (500, b"boom", "HTTP 500: boom"),
    ],
)
def test_broken_answers(canned, status, body, message):
    with pytest.raises(QueryError, match=message):
        EndpointEngine(canned(status, body)).select("ASK {}")


def test_good_canned_answer(canned):
    url = canned(
        200,
        b'{"head": {"vars": ["s"]}, "results": {"bindings": '
        b'[{"s": {"type": "literal", "value": "\xe6\x9c\xba", "xml:lang": "zh"}}]}}',
    )
    res = EndpointEngine(url).select("SELECT ?s {}")
    assert res.records() == [{"s": "机"}]


@pytest.mark.parametrize("url", ["file:///etc/passwd", "ftp://example.org/", "localhost:7878"])
def test_only_http_endpoints(url):
    with pytest.raises(QueryError, match="http"):
        EndpointEngine(url)


def test_unreachable_endpoint():
    with pytest.raises(QueryError, match="unreachable"):
        EndpointEngine(f"http://127.0.0.1:{free_port()}/query", timeout=2).select("ASK {}")


def test_cli_reports_a_broken_endpoint(canned):
    r = runner.invoke(app, ["query", "marx-pages", "--endpoint", canned(200, b"{trunc")])
    assert r.exit_code == 1 and "not valid SPARQL JSON" in r.output
