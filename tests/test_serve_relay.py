"""The relay against a stand-in upstream that answers like Oxigraph does on timeout.

Oxigraph streams ``200 OK`` and a partial body, then appends "The SPARQL operation has
been cancelled". These tests replay such bodies (and others) and check that the relay
returns an error, never the fragment as a result.
"""

from __future__ import annotations

import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import ClassVar

import pytest

from marxkg.serve.formats import GRAPH_FORMATS, RESULT_FORMATS
from marxkg.serve.guard import Refusal, Verdict
from marxkg.serve.relay import CANCELLED, run_query

HEAD = b'{"head":{"vars":["s"]},"results":{"bindings":['
ROW = b'{"s":{"type":"uri","value":"https://w3id.org/marxkg/concept/fixed-capital"}}'
COMPLETE = HEAD + ROW + b"," + ROW + b"," + ROW + b"]}}"
SELECT = Verdict("SELECT", "SELECT ?s WHERE { ?s ?p ?o }")
CONSTRUCT = Verdict("CONSTRUCT", "CONSTRUCT WHERE { ?s ?p ?o }")
TRIPLE = b"<urn:a> <urn:b> <urn:c> .\n"


class _Upstream(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    replies: ClassVar[dict] = {}
    received: ClassVar[list] = []

    def log_message(self, *args) -> None:
        pass

    def do_POST(self) -> None:
        self.received.append(self.rfile.read(int(self.headers["Content-Length"])))
        status, chunks, pause = self.replies["now"]
        self.send_response(status)
        self.send_header("Content-Type", "application/sparql-results+json")
        self.send_header("Transfer-Encoding", "chunked")
        self.end_headers()
        try:
            for chunk in chunks:
                self.wfile.write(b"%x\r\n%s\r\n" % (len(chunk), chunk))
                self.wfile.flush()
                time.sleep(pause)
            self.wfile.write(b"0\r\n\r\n")
        except (BrokenPipeError, ConnectionResetError):
            pass


class _Server(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request, client_address) -> None:
        pass  # the relay hangs up early on purpose (row cap, deadline)


@pytest.fixture(scope="module")
def upstream():
    server = _Server(("127.0.0.1", 0), _Upstream)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()

    def answer(status, chunks, pause=0.0):
        _Upstream.replies["now"] = (status, chunks, pause)
        return server.server_address[1]

    yield answer
    server.shutdown()


def _run(port, verdict=SELECT, fmt=RESULT_FORMATS["json"], **kwargs):
    options = {"timeout": 1, "max_rows": 100, "max_bytes": 1 << 20, **kwargs}
    return run_query(port, verdict, fmt, **options)


@pytest.mark.parametrize(
    "chunks",
    [
        [HEAD + ROW + b",", CANCELLED],  # cut mid-result, notice appended (Oxigraph's way)
        [HEAD, CANCELLED],  # nothing but the head
        [COMPLETE, CANCELLED],  # cancelled after the last row
    ],
    ids=["mid-result", "head-only", "after-last-row"],
)
def test_cancelled_body_is_a_timeout_error(upstream, chunks):
    with pytest.raises(Refusal) as caught:
        _run(upstream(200, chunks))
    assert (caught.value.status, caught.value.code) == (504, "timeout")


def test_cancelled_graph_body_is_a_timeout_error(upstream):
    with pytest.raises(Refusal) as caught:
        _run(upstream(200, [TRIPLE, CANCELLED]), CONSTRUCT, GRAPH_FORMATS["turtle"])
    assert caught.value.status == 504


def test_invalid_body_is_a_bad_gateway(upstream):
    with pytest.raises(Refusal) as caught:
        _run(upstream(200, [HEAD + b"Empty HTTP request"]))
    assert (caught.value.status, caught.value.code) == (502, "bad_upstream_body")


def test_stalled_upstream_hits_the_deadline(upstream):
    started = time.monotonic()
    with pytest.raises(Refusal) as caught:
        _run(upstream(200, [HEAD] + [ROW + b","] * 50, pause=0.1), timeout=1)
    assert caught.value.status == 504
    assert time.monotonic() - started < 4.5


def test_complete_body_is_relayed(upstream):
    answer = _run(upstream(200, [HEAD + ROW, b"," + ROW, b"," + ROW + b"]}}"]))
    assert (answer.rows, answer.truncated) == (3, None)
    assert len(json.loads(answer.body)["results"]["bindings"]) == 3


def test_row_cap(upstream):
    answer = _run(upstream(200, [COMPLETE]), max_rows=2)
    assert (answer.rows, answer.truncated) == (2, "rows")


def test_byte_cap_keeps_whole_rows(upstream):
    answer = _run(
        upstream(200, [HEAD + ROW + b",", ROW + b",", ROW + b"]}}"]),
        max_bytes=len(HEAD) + 2 * len(ROW) + 10,
    )
    assert answer.truncated == "bytes" and 1 <= answer.rows <= 2
    # the rows kept keep their column (the head was read before the cap: the relay lost
    # the variables of a body cut at the byte cap, and wrote rows without values)
    body = json.loads(answer.body)
    assert body["head"]["vars"] == ["s"]
    value = "https://w3id.org/marxkg/concept/fixed-capital"
    assert body["results"]["bindings"] == [{"s": {"type": "uri", "value": value}}] * answer.rows


@pytest.mark.parametrize(("status", "expected"), [(400, 400), (500, 502)])
def test_upstream_errors(upstream, status, expected):
    with pytest.raises(Refusal) as caught:
        _run(upstream(status, [b"error at 1:1: expected SELECT"]))
    assert caught.value.status == expected


def test_the_engine_receives_exactly_the_approved_text(upstream):
    """Issue 9: the bytes Oxigraph evaluates are the bytes the guard approved (escapes
    expanded once, CRLF made LF), not the client's original text."""
    import urllib.parse

    from marxkg.serve.guard import inspect_query

    original = 'SELECT ?s WHERE {\r\n  ?s ?p "\\u673A\\u5668" # comment\r\n}'
    verdict = inspect_query(original)
    assert verdict.text == 'SELECT ?s WHERE {\n  ?s ?p "机器" # comment\n}'
    _Upstream.received.clear()
    _run(upstream(200, [COMPLETE]), verdict)
    (body,) = _Upstream.received
    assert urllib.parse.parse_qs(body.decode("ascii"))["query"] == [verdict.text]


def test_complete_json_answer_is_sent_as_it_came(upstream):
    """A SELECT answer in SPARQL JSON, read to its end under both caps, for a client that
    asked for SPARQL JSON: the relay sends the engine's bytes (plus the final newline)
    instead of converting 5,000 rows and writing them again (spacing kept shows it)."""
    spaced = b'{"head": {"vars": ["s"]},\n "results": {"bindings": [' + ROW + b", " + ROW + b"]}}"
    answer = _run(upstream(200, [spaced[:40], spaced[40:]]))
    assert (answer.rows, answer.truncated) == (2, None)
    assert answer.body == spaced + b"\n"
    # another format is still written by the relay from the rows it parsed
    csv = _run(upstream(200, [spaced]), fmt=RESULT_FORMATS["csv"])
    assert csv.body.decode().split() == ["s"] + [json.loads(ROW)["s"]["value"]] * 2


def test_row_cap_answer_is_rewritten_with_the_rows_kept(upstream):
    answer = _run(upstream(200, [COMPLETE]), max_rows=2)
    bindings = json.loads(answer.body)["results"]["bindings"]
    assert (answer.truncated, len(bindings)) == ("rows", 2)


def test_engine_json_equals_the_relay_own_json(upstream):
    """What the relay now sends as it came (Oxigraph's SPARQL JSON writer, the one the
    server uses) is byte for byte what it wrote itself (`query.formats.to_json`) from the
    same rows: IRIs, blank nodes, language-tagged, typed and plain literals, escapes,
    non-ASCII text and an unbound variable."""
    import pyoxigraph as ox

    from marxkg.query import formats
    from marxkg.query.results import Results, rows_from_oxigraph

    store = ox.Store()
    text = "SELECT ?a ?b ?c ?d ?e ?f ?g WHERE { VALUES (?a ?b ?c ?d ?e ?f) { " + (
        '(<urn:x> "固定资本"@zh-Hans "1.50"^^<http://www.w3.org/2001/XMLSchema#decimal> '
        '"q\\"\\\\/</script>\\u2028\\t" 42 "")'
        ' (<https://w3id.org/marxkg/concept/fixed-capital> "capital"@en true "\\u0001" '
        'UNDEF "1e3"^^<http://www.w3.org/2001/XMLSchema#double>) } BIND(BNODE("b") AS ?g) }'
    )
    engine_json = store.query(text).serialize(format=ox.QueryResultsFormat.JSON)
    parsed = ox.parse_query_results(engine_json, format=ox.QueryResultsFormat.JSON)
    names = [v.value for v in parsed.variables]
    ours = formats.dumps_results(
        Results(names, rows_from_oxigraph(names, [tuple(r) for r in parsed])), "json"
    )
    answer = _run(upstream(200, [engine_json]))
    assert answer.rows == 2
    assert answer.body == ours
