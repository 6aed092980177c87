"""``marxkg query --endpoint`` against endpoints that misbehave on purpose (issue 9): each
ends in one ``error:`` line, and ``--timeout`` is a deadline for the whole answer (an
endpoint dripping one byte at a time held the command for more than 40 s)."""

from __future__ import annotations

import socket
import threading
import time

import pytest
from typer.testing import CliRunner

from marxkg.cli import app

OK_BODY = b'{"head": {"vars": ["s"]}, "results": {"bindings": []}}'


def _drip_headers(conn: socket.socket, stop: threading.Event) -> None:
    conn.sendall(b"HTTP/1.1 200 OK\r\n")
    while not stop.wait(0.3):
        conn.sendall(b"X")


def _drip_body(conn: socket.socket, stop: threading.Event) -> None:
    conn.sendall(
        b"HTTP/1.1 200 OK\r\nContent-Type: application/sparql-results+json\r\n"
        b"Content-Length: 100000\r\n\r\n"
    )
    while not stop.wait(0.3):
        conn.sendall(b" ")


def _silent(conn: socket.socket, stop: threading.Event) -> None:
    stop.wait(60)


def _bad_status(conn: socket.socket, stop: threading.Event) -> None:
    conn.sendall(b"NOT HTTP AT ALL\r\n\r\n")


def _many_headers(conn: socket.socket, stop: threading.Event) -> None:
    conn.sendall(b"HTTP/1.1 200 OK\r\n" + b"X-A: b\r\n" * 200 + b"\r\n")


def _long_header(conn: socket.socket, stop: threading.Event) -> None:
    conn.sendall(b"HTTP/1.1 200 OK\r\nX-A: " + b"b" * 100_000 + b"\r\n\r\n")


def _short_body(conn: socket.socket, stop: threading.Event) -> None:
    conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Length: 5000\r\n\r\n" + OK_BODY)


def _redirect_to_file(conn: socket.socket, stop: threading.Event) -> None:
    conn.sendall(b"HTTP/1.1 302 Found\r\nLocation: file:///etc/passwd\r\nContent-Length: 0\r\n\r\n")


def _deep_json(conn: socket.socket, stop: threading.Event) -> None:
    body = b"[" * 200_000 + b"]" * 200_000
    conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Length: %d\r\n\r\n" % len(body) + body)


@pytest.fixture
def hostile():
    servers = []

    def start(behaviour) -> str:
        sock = socket.socket()
        sock.bind(("127.0.0.1", 0))
        sock.listen(8)
        sock.settimeout(0.1)
        stop = threading.Event()

        def run() -> None:
            while not stop.is_set():
                try:
                    conn, _ = sock.accept()
                except (TimeoutError, OSError):
                    continue
                conn.settimeout(5)
                try:
                    conn.recv(65536)
                    behaviour(conn, stop)
                except OSError:
                    pass
                finally:
                    conn.close()

        thread = threading.Thread(target=run, daemon=True)
        thread.start()
        servers.append((sock, stop, thread))
        return f"http://127.0.0.1:{sock.getsockname()[1]}/sparql"

    yield start
    for sock, stop, thread in servers:
        stop.set()
        thread.join(5)
        sock.close()


def _query(url: str, timeout: str = "2") -> tuple[int, str, float]:
    started = time.monotonic()
    result = CliRunner().invoke(
        app, ["query", "marx-pages", "--endpoint", url, "--timeout", timeout]
    )
    return result.exit_code, result.output, time.monotonic() - started


@pytest.mark.parametrize("behaviour", [_drip_headers, _drip_body, _silent])
def test_timeout_is_a_total_deadline(hostile, behaviour):
    code, output, seconds = _query(hostile(behaviour))
    assert code == 1
    assert "deadline" in output
    assert seconds < 10  # a 2 s deadline; the drip would go on for a minute


@pytest.mark.parametrize(
    "behaviour",
    [_bad_status, _many_headers, _long_header, _short_body, _redirect_to_file, _deep_json],
)
def test_broken_protocol_is_one_error_line(hostile, behaviour):
    code, output, _ = _query(hostile(behaviour), "20")
    lines = [line for line in output.splitlines() if line.strip()]
    assert code == 1, output
    assert "Traceback" not in output
    assert len(lines) == 1 and lines[0].startswith("error: "), output


@pytest.mark.parametrize(
    "url",
    [
        "http://[::1/sparql",
        "http://127.0.0.1:99999/sparql",
        "http://127.0.0.1:0/sparql",
        "http:///sparql",
        "file:///etc/passwd",
        "http://a..b/sparql",
    ],
)
def test_odd_urls_are_one_error_line(url):
    code, output, _ = _query(url)
    lines = [line for line in output.splitlines() if line.strip()]
    assert code == 1, output
    assert len(lines) == 1 and lines[0].startswith("error: "), output
