"""Ask the Oxigraph child for an accepted query and turn its answer into a checked response.

Oxigraph streams results, so on timeout it has already sent ``200 OK`` and a partial body;
it then appends "The SPARQL operation has been cancelled" and closes. A client that trusts
the status would take the fragment for an answer. The relay therefore never forwards
Oxigraph's bytes: it reads them through a strict parser (SPARQL JSON results for
SELECT/ASK, N-Triples for CONSTRUCT/DESCRIBE), stops at the row cap, the byte cap or the
deadline, and serialises what it read in the format the client asked for. A body that
does not parse to its end is an error (504 if it carries the cancellation notice or the
deadline passed, 502 otherwise), never a result.

One answer is sent as it came: a SELECT answer in SPARQL JSON that the parser read to
its end, under both caps, for a client that asked for SPARQL JSON. It is then a whole,
valid document, and Oxigraph writes SPARQL JSON as ``query.formats.to_json`` does (the
same bytes but the final newline, which the relay adds: tested), so converting it would
only cost time (about 60 ms of a 3 MB answer of 5,000 rows).
"""

from __future__ import annotations

import http.client
import io
import logging
import time
import urllib.parse
from collections import deque
from dataclasses import dataclass
from typing import IO, Any, cast

from marxkg.serve.formats import Format
from marxkg.serve.guard import Refusal, Verdict

log = logging.getLogger(__name__)

CANCELLED = b"The SPARQL operation has been cancelled"
GRACE_SECONDS = 2.0
TAIL_BYTES = 4096


@dataclass
class Answer:
    body: bytes
    fmt: Format
    rows: int  # solutions (SELECT), triples (CONSTRUCT/DESCRIBE), 1 for ASK
    truncated: str | None = None  # None, "rows" or "bytes"
    upstream_ms: float = 0.0


class _Stop(Exception):
    """Raised inside the parser's reads when the relay stops reading."""


class _Tap(io.RawIOBase):
    """A file object over the upstream response: deadline, byte cap, and the last bytes."""

    def __init__(
        self,
        response: http.client.HTTPResponse,
        deadline: float,
        max_bytes: int,
        keep: bool = False,
    ) -> None:
        self.response = response
        self.deadline = deadline
        self.max_bytes = max_bytes
        self.count = 0
        self.tail: deque[bytes] = deque()
        self.tail_size = 0
        self.stopped: str | None = None
        self.kept: list[bytes] | None = [] if keep else None  # every byte read, when kept

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:
        if time.monotonic() > self.deadline:
            self.stopped = "deadline"
            raise _Stop("deadline")
        if self.count >= self.max_bytes:
            self.stopped = "bytes"
            raise _Stop("bytes")
        want = min(len(buffer), self.max_bytes - self.count)
        data = self.response.read1(want)
        n = len(data)
        buffer[:n] = data
        self.count += n
        if self.kept is not None:
            self.kept.append(data)
        self.tail.append(data)
        self.tail_size += n
        while self.tail_size - len(self.tail[0]) > TAIL_BYTES:
            self.tail_size -= len(self.tail.popleft())
        return n

    def cancelled(self) -> bool:
        """Whether the upstream body carries Oxigraph's cancellation notice near its end."""
        try:  # the notice may not have been read yet: read a little more
            more = self.response.read1(TAIL_BYTES) if not self.response.isclosed() else b""
        except (OSError, http.client.HTTPException):
            more = b""
        return CANCELLED in b"".join(self.tail) + more


def _error_text(response: http.client.HTTPResponse) -> str:
    try:
        data = response.read(TAIL_BYTES)
    except (OSError, http.client.HTTPException):
        data = b""
    return data.decode("utf-8", "replace").strip() or response.reason


def _open(
    host: str,
    port: int,
    verdict: Verdict,
    timeout: float,
    default_graphs: tuple[str, ...],
    named_graphs: tuple[str, ...],
    union_default_graph: bool = False,
) -> tuple[http.client.HTTPConnection, http.client.HTTPResponse]:
    """POST the query to Oxigraph; return the open connection and a ``200`` response."""
    params = [("query", verdict.text)]
    params += [("default-graph-uri", g) for g in default_graphs]
    params += [("named-graph-uri", g) for g in named_graphs]
    if union_default_graph:  # the default graph: every graph of the store
        params.append(("union-default-graph", ""))
    accept = "application/n-triples" if verdict.returns_graph else "application/sparql-results+json"
    conn = http.client.HTTPConnection(host, port, timeout=timeout + GRACE_SECONDS)
    try:
        conn.request(
            "POST",
            "/query",
            body=urllib.parse.urlencode(params).encode("ascii"),
            headers={"Content-Type": "application/x-www-form-urlencoded", "Accept": accept},
        )
        response = conn.getresponse()
    except TimeoutError:
        conn.close()
        raise Refusal(504, "timeout", f"no answer within {timeout:g} s") from None
    except (OSError, http.client.HTTPException) as exc:
        conn.close()
        raise Refusal(
            502, "upstream_unavailable", f"the SPARQL engine did not answer: {exc}"
        ) from None
    if response.status != 200:
        text = _error_text(response)
        conn.close()
        if 400 <= response.status < 500:
            raise Refusal(
                403 if response.status == 403 else 400,
                "query_error",
                f"the SPARQL engine refused the query: {text}",
            )
        raise Refusal(
            502, "upstream_error", f"the SPARQL engine failed ({response.status}): {text}"
        )
    return conn, response


def _read(
    tap: _Tap,
    returns_graph: bool,
    max_rows: int,
    rows: list,
    variables: list[str],
    count_only: bool = False,
) -> tuple:
    """Parse the upstream body into ``variables`` (as soon as the head is read, so that a
    body cut at the byte cap keeps its columns) and ``rows``; return (boolean, truncated).
    ``count_only``: a SELECT answer's rows are counted (``rows`` gets one ``None`` per
    row), not kept, while the parser still reads every byte.

    pyoxigraph's result iterators may only be dropped by the thread that made them, so the
    iterator never leaves this function, even through an exception's traceback.
    """
    import pyoxigraph as ox

    # a RawIOBase is a binary file object; the stubs ask for typing.IO[bytes]
    body = cast("IO[bytes]", tap)
    parsed: ox.QuadParser | ox.QuerySolutions | ox.QueryBoolean | None = None
    try:
        if returns_graph:
            parsed = ox.parse(body, format=ox.RdfFormat.N_TRIPLES)
        else:
            parsed = ox.parse_query_results(body, format=ox.QueryResultsFormat.JSON)
            if isinstance(parsed, ox.QueryBoolean):
                return bool(parsed), None
            variables.extend(v.value for v in parsed.variables)
        for item in parsed:
            if len(rows) == max_rows:
                return None, "rows"
            rows.append(item if returns_graph else None if count_only else tuple(item))
        return None, None
    finally:
        parsed = None


def run_query(
    port: int,
    verdict: Verdict,
    fmt: Format,
    *,
    timeout: float,
    max_rows: int,
    max_bytes: int,
    default_graphs: tuple[str, ...] = (),
    named_graphs: tuple[str, ...] = (),
    host: str = "127.0.0.1",
    union_default_graph: bool = False,
) -> Answer:
    """Evaluate an accepted query on the Oxigraph child at ``host:port`` (with
    ``union_default_graph``: its default graph is the union of the store's graphs)."""
    from marxkg.query import formats
    from marxkg.query.results import Results, rows_from_oxigraph

    started = time.monotonic()
    conn, response = _open(
        host, port, verdict, timeout, default_graphs, named_graphs, union_default_graph
    )
    # a SELECT answer in SPARQL JSON for a client asking for it: kept as read (see the
    # module's docstring); parsed again below only if it is cut at a cap
    verbatim = fmt.name == "json" and not verdict.returns_graph
    tap = _Tap(response, started + timeout + GRACE_SECONDS, max_bytes, keep=verbatim)
    rows: list = []
    variables: list[str] = []
    boolean = truncated = None
    try:
        boolean, truncated = _read(
            tap, verdict.returns_graph, max_rows, rows, variables, count_only=verbatim
        )
    except (_Stop, SyntaxError, ValueError, OSError, http.client.HTTPException) as exc:
        if tap.stopped == "bytes" and rows:
            truncated = "bytes"
        elif tap.stopped == "bytes":
            raise Refusal(
                502, "result_too_large", f"the first result is larger than the {max_bytes} byte cap"
            ) from None
        elif tap.stopped == "deadline" or isinstance(exc, TimeoutError) or tap.cancelled():
            raise Refusal(
                504,
                "timeout",
                f"the query did not finish within the {timeout:g} s limit; "
                "no partial result is returned",
            ) from None
        else:
            raise Refusal(
                502, "bad_upstream_body", f"the SPARQL engine's answer was not valid: {exc}"
            ) from None
    finally:
        conn.close()  # at the row cap this also stops Oxigraph writing the rest
    upstream_ms = (time.monotonic() - started) * 1000

    if boolean is not None:
        body = formats.dumps_results(Results(boolean=bool(boolean)), fmt.name)
        return Answer(body, fmt, 1, None, upstream_ms)
    if verbatim and tap.kept is not None and not truncated:
        return Answer(b"".join(tap.kept).rstrip(b"\n") + b"\n", fmt, len(rows), None, upstream_ms)
    if verbatim and tap.kept is not None:  # cut at a cap: the rows kept, parsed again
        rows = _rows_of(b"".join(tap.kept), len(rows))
    if verdict.returns_graph:
        body = formats.dumps_graph(rows, fmt.name)
    else:
        # each distinct term converted once (a document, a concept on every row); rows
        # are shared with the writers, which encode each distinct term once too
        table = rows_from_oxigraph(variables, rows)
        body = formats.dumps_results(Results(list(variables), table), fmt.name)
    if truncated:
        log.info(
            "result cut at %d %s (%s cap)",
            len(rows),
            "triples" if verdict.returns_graph else "rows",
            truncated,
        )
    return Answer(body, fmt, len(rows), truncated, upstream_ms)


def _rows_of(body: bytes, count: int) -> list:
    """The first ``count`` rows of a SPARQL JSON answer cut at a cap (they parsed once)."""
    import pyoxigraph as ox

    rows: list = []
    parsed: Any = ox.parse_query_results(io.BytesIO(body), format=ox.QueryResultsFormat.JSON)
    try:
        for item in parsed:
            if len(rows) == count:
                break
            rows.append(tuple(item))
    except (SyntaxError, ValueError):  # the cut: every row before it was read
        pass
    finally:
        parsed = None
    return rows
