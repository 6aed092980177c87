"""The endpoint under attack (issue 9): parser gaps, SERVICE, crashes, runaway queries, Host.

Each test reproduces an attack that worked before: a ``#`` comment ended by a carriage
return (raw or ``\\u000D``) hid a SERVICE call from the guard while Oxigraph performed it; a
1,900-branch UNION overflowed Oxigraph's stack and the endpoint stopped; a query kept
Oxigraph busy after its 504; ``--host 0.0.0.0`` switched the Host check off.
"""

from __future__ import annotations

import os
import socket
import threading
import time
import urllib.parse
from pathlib import Path

import pytest

from tests.test_serve import FOOTNOTES_QUERY, PREFIXES, error_of, request


@pytest.fixture
def listener():
    """A TCP socket on 127.0.0.1 that records every connection made to it."""
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    sock.listen(16)
    sock.settimeout(0.1)
    hits: list[bytes] = []
    done = threading.Event()

    def accept() -> None:
        while not done.is_set():
            try:
                conn, _ = sock.accept()
            except (TimeoutError, OSError):
                continue
            conn.settimeout(1)
            try:
                hits.append(conn.recv(1000) or b"(connected)")
            except OSError:
                hits.append(b"(connected)")
            conn.close()

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    yield sock.getsockname()[1], hits
    done.set()
    thread.join(5)
    sock.close()


def _comment_trick(port: int, end: str) -> str:
    return (
        f"SELECT * WHERE {{ ?s ?p ?o # x{end} SERVICE <http://127.0.0.1:{port}/> "
        "{ ?a ?b ?c } \n } LIMIT 1"
    )


TRANSPORTS = {
    "GET": {"method": "GET"},
    "POST form": {},
    "POST sparql-query": {"content_type": "application/sparql-query"},
}


def _send(url: str, query: str, how: str):
    kwargs = dict(TRANSPORTS[how])
    if how == "POST sparql-query":
        kwargs["data"] = query.encode("utf-8")
        return request(url, **kwargs)
    return request(url, query, **kwargs)


@pytest.mark.parametrize(
    "end", ["\r", "\\u000D", "\\u000d", "\\U0000000D", "\u2028", "\u2029", "\x0b", "\x0c", "\x85"]
)
@pytest.mark.parametrize("how", list(TRANSPORTS))
def test_comment_ended_by_a_carriage_return_smuggles_nothing(sparql_endpoint, listener, how, end):
    port, hits = listener
    status, _, body = _send(sparql_endpoint.url, _comment_trick(port, end), how)
    assert status == 400, body
    assert error_of(body)["error"] == "ambiguous_character"
    time.sleep(0.3)
    assert hits == []


@pytest.mark.parametrize("how", list(TRANSPORTS))
def test_from_file_behind_a_comment_is_refused(sparql_endpoint, how):
    query = "SELECT * # x\rFROM <file:///etc/passwd>\n WHERE { ?s ?p ?o } LIMIT 1"
    status, _, body = _send(sparql_endpoint.url, query, how)
    assert status == 400 and error_of(body)["error"] == "ambiguous_character"


def test_crlf_line_ends_are_still_accepted(sparql_endpoint):
    query = FOOTNOTES_QUERY.replace("\n", "\r\n") + "# a comment\r\n"
    status, _, body = request(sparql_endpoint.url, query)
    assert status == 200, body


def test_the_engine_itself_cannot_call_a_service(sparql_endpoint, listener):
    """Straight to Oxigraph's private port, past the guard: the call fails inside the
    engine (no outbound network), so a future parser gap cannot become a request."""
    port, hits = listener
    query = f"SELECT * WHERE {{ SERVICE <http://127.0.0.1:{port}/> {{ ?a ?b ?c }} }}"
    url = (
        f"http://{sparql_endpoint.oxigraph_host}:{sparql_endpoint.oxigraph_port}/query?"
        + urllib.parse.urlencode({"query": query})
    )
    status, _, body = request(url, method="GET")
    assert b"Operation not permitted" in body or status >= 400
    time.sleep(0.3)
    assert hits == []


UNION_1900 = (
    "SELECT * WHERE { "
    + " UNION ".join(f"{{ ?s <urn:x:p{i}> ?o{i % 10} . }}" for i in range(1900))
    + " }"
)


def test_a_1900_branch_union_is_refused_and_the_server_stays_up(sparql_endpoint):
    assert 60_000 < len(UNION_1900.encode()) < 64 * 1000
    status, _, body = request(sparql_endpoint.url, UNION_1900)
    assert status == 400 and error_of(body)["error"] == "over_budget"
    assert "1900 UNION branches" in error_of(body)["message"]
    assert request(sparql_endpoint.url, FOOTNOTES_QUERY)[0] == 200


def _engine_pids(serve_pid: int) -> set[int]:
    """Live ``oxigraph`` children of the ``marxkg serve`` process."""
    found = set()
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            text = stat.read_text()
        except OSError:
            continue
        comm = text[text.index("(") + 1 : text.rindex(")")]
        fields = text[text.rindex(")") + 2 :].split()
        if comm == "oxigraph" and int(fields[1]) == serve_pid and fields[0] != "Z":
            found.add(int(stat.parent.name))
    return found


def _gone(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return True
    return state[state.rindex(")") + 2] in "ZX"


def _wait_until(predicate, seconds: float) -> bool:
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        if predicate():
            return True
        time.sleep(0.05)
    return predicate()


@pytest.fixture
def own_endpoint(built, start_endpoint):
    """A server of its own (the test kills its engine), with the token layer, 1 s limit."""
    if not Path("/proc/self/stat").exists():
        pytest.skip("needs Linux /proc")
    ep = start_endpoint(built.out, "--with-tokens", "--timeout", "1")
    yield ep
    ep.proc.terminate()
    ep.proc.wait(20)


RUNAWAY = PREFIXES + (
    "SELECT ?a ?b WHERE { ?a a nif:Word . ?b a nif:Word } ORDER BY DESC(STR(?a)) STR(?b)"
)


def test_a_runaway_query_is_stopped_at_its_504(own_endpoint):
    (before,) = _engine_pids(own_endpoint.proc.pid)
    status, _, body = request(own_endpoint.url, RUNAWAY)
    answered = time.monotonic()
    assert status == 504, body
    assert "stopped" in error_of(body)["message"]
    assert _wait_until(lambda: _gone(before), 2.0), "the engine still runs the query"
    assert time.monotonic() - answered <= 2.5
    assert request(own_endpoint.url, FOOTNOTES_QUERY)[0] == 200  # a fresh engine answers
    (after,) = _engine_pids(own_endpoint.proc.pid)
    assert after != before


def test_a_crashed_engine_is_restarted_with_a_log_line(own_endpoint):
    """SIGABRT is how a Rust stack overflow ends the process."""
    import signal

    (before,) = _engine_pids(own_endpoint.proc.pid)
    os.kill(before, signal.SIGABRT)
    assert _wait_until(lambda: _gone(before), 5.0)
    status, _, _ = request(own_endpoint.url, FOOTNOTES_QUERY)
    assert status == 200
    assert own_endpoint.proc.poll() is None
    log = own_endpoint.stderr.read_text("utf-8", "replace")
    assert f"the Oxigraph process {before} ended (killed by SIGABRT); restarting it" in log


def test_wildcard_bind_needs_an_allow_host_list(built, tmp_path):
    from typer.testing import CliRunner

    from marxkg.cli import app

    result = CliRunner().invoke(
        app, ["serve", "--out", str(built.out), "--host", "0.0.0.0", "--port", "0"]
    )
    assert result.exit_code == 1
    assert "error: --host 0.0.0.0 answers other machines" in result.output
    assert "--allow-host" in result.output


@pytest.mark.parametrize(
    ("bind", "allow", "host", "answered"),
    [
        ("0.0.0.0", ("kg.example",), "kg.example:8000", True),
        ("0.0.0.0", ("kg.example",), "KG.example", True),
        ("0.0.0.0", ("kg.example",), "attacker.example", False),
        ("0.0.0.0", ("kg.example",), "localhost:8000", True),
        ("192.0.2.7", (), "192.0.2.7:8000", True),
        ("192.0.2.7", (), "rebind.attacker.example", False),
        ("127.0.0.1", (), "attacker.example", False),
        ("::", ("2001:db8::1",), "[2001:db8::1]:80", True),
    ],
)
def test_host_names_answered(bind, allow, host, answered):
    from marxkg.serve.endpoint import allowed_host_names
    from marxkg.serve.front import _host_name

    names = allowed_host_names(bind, allow)
    assert (_host_name(host).strip("[]") in names) is answered


@pytest.mark.parametrize("bad", ["http://kg.example", "kg.example:80", "*", "*.example"])
def test_allow_host_takes_names_only(bad):
    from marxkg.serve.endpoint import allowed_host_names

    with pytest.raises(ValueError, match="--allow-host"):
        allowed_host_names("0.0.0.0", (bad,))


def test_stale_store_of_a_killed_server_is_removed(tmp_path):
    from marxkg.serve.endpoint import OWNER_FILE, TMP_PREFIX, remove_stale_stores

    dead = tmp_path / f"{TMP_PREFIX}dead"
    (dead / "store").mkdir(parents=True)
    proc = __import__("subprocess").run(["true"])  # a pid that has ended
    assert proc.returncode == 0
    (dead / OWNER_FILE).write_text("999999999\n")
    alive = tmp_path / f"{TMP_PREFIX}alive"
    alive.mkdir()
    (alive / OWNER_FILE).write_text(f"{os.getppid()}\n")
    assert remove_stale_stores(tmp_path) == [dead]
    assert not dead.exists() and alive.exists()


def test_the_engine_runs_sandboxed_with_a_memory_cap(sparql_endpoint):
    if not Path("/proc/self/status").exists():
        pytest.skip("needs Linux /proc")
    (engine,) = _engine_pids(sparql_endpoint.proc.pid)
    status = Path(f"/proc/{engine}/status").read_text()
    assert "Seccomp:\t2" in status  # a seccomp filter is installed
    limits = Path(f"/proc/{engine}/limits").read_text()
    line = next(line for line in limits.splitlines() if line.startswith("Max address space"))
    assert line.split()[3] == str(2048 * 1024 * 1024)
