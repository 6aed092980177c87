"""The public HTTP front: SPARQL 1.1 Protocol requests in, checked answers out.

One thread per connection (``ThreadingHTTPServer``), so a long query holds only its own
thread while Oxigraph evaluates it; a bounded number of queries run at once. Each request
is validated (method, path, Host, size, content type, parameters), its query checked by
the guard, its format negotiated, and only then sent to Oxigraph through the relay.
Errors are JSON: ``{"status": 403, "error": "service_refused", "message": "..."}``.
"""

from __future__ import annotations

import json
import logging
import threading
import time
import urllib.parse
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import TYPE_CHECKING

from marxkg.serve.guard import Refusal, check_protocol_graphs

if TYPE_CHECKING:
    from marxkg.serve.backend import OxigraphProcess
    from marxkg.serve.checker import QueryChecker

log = logging.getLogger(__name__)
access_log = logging.getLogger("marxkg.serve.access")

ENDPOINT_PATH = "/sparql"
MAX_BODY_BYTES = 256 * 1024
MAX_QUERY_CHARS = 64 * 1024
LOOPBACK_NAMES = {"127.0.0.1", "localhost", "::1", "[::1]"}
FORM = "application/x-www-form-urlencoded"
SPARQL_QUERY = "application/sparql-query"
SPARQL_UPDATE = "application/sparql-update"


def uses_union(settings: FrontSettings, verdict, default_graphs, named_graphs) -> bool:
    """Whether Oxigraph evaluates ``verdict`` on the union of the store's graphs: with
    --with-tokens, for a query that names no graph (Oxigraph's union-default-graph would
    override a FROM) and is not a named query that needs no token layer (those run on the
    build's graph, as ``marxkg query`` runs them: the same rows, without the cost of the
    union over one graph per document)."""
    if not settings.union_default_graph or verdict.text in settings.graph_only_texts:
        return False
    return not (default_graphs or named_graphs or verdict.from_graphs or verdict.from_named_graphs)


@dataclass
class FrontSettings:
    """What the handler needs; one instance is shared by every request thread."""

    checker: QueryChecker
    upstream_port: int
    upstream_host: str
    allowed_graphs: frozenset[str]
    timeout: int
    max_rows: int
    max_bytes: int
    max_concurrent: int = 8
    # names a request's Host header may carry; never empty: the check cannot be switched off
    allowed_hosts: frozenset[str] = frozenset({"127.0.0.1", "localhost", "::1"})
    engine: OxigraphProcess | None = None  # current address, kill at 504
    # --with-tokens: a query that names no graphs sees the union of the store's graphs,
    # except the named queries that need no token layer (their texts, as checked)
    union_default_graph: bool = False
    graph_only_texts: frozenset[str] = frozenset()
    slots: threading.BoundedSemaphore = field(init=False)

    def __post_init__(self) -> None:
        self.slots = threading.BoundedSemaphore(self.max_concurrent)


def _host_name(host_header: str) -> str:
    host = host_header.strip().lower()
    if host.startswith("["):
        return host.split("]", 1)[0] + "]"
    return host.rsplit(":", 1)[0] if host.count(":") == 1 else host


class SparqlHandler(BaseHTTPRequestHandler):
    server_version = "marxkg-serve"
    protocol_version = "HTTP/1.1"
    timeout = 60  # seconds an idle keep-alive connection is kept
    # headers and body go out in two writes: with Nagle's algorithm on, the body would wait
    # for the client's delayed ACK (40 ms on Linux) on every keep-alive request
    disable_nagle_algorithm = True

    settings: FrontSettings  # set on the subclass made by make_server
    site_dir: Path | None = None  # the build served beside the endpoint (serve.page)

    # -- plumbing ---------------------------------------------------------------------
    def version_string(self) -> str:
        return self.server_version

    def log_message(self, format: str, *args) -> None:
        access_log.info("%s %s", self.address_string(), format % args)

    def _send(
        self, status: int, body: bytes, content_type: str, headers: dict[str, str] | None = None
    ) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("X-Content-Type-Options", "nosniff")
        self.send_header("Cache-Control", "no-store")
        for key, value in (headers or {}).items():
            self.send_header(key, value)
        if self.close_connection:
            self.send_header("Connection", "close")
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def _error(self, refusal: Refusal, headers: dict[str, str] | None = None) -> None:
        body = (
            json.dumps(
                {"status": refusal.status, "error": refusal.code, "message": refusal.message},
                ensure_ascii=False,
            )
            + "\n"
        )
        self._send(refusal.status, body.encode("utf-8"), "application/json; charset=utf-8", headers)

    def _check_host(self) -> None:
        name = _host_name(self.headers.get("Host", ""))
        parts = name.split(".")
        loopback_ip = len(parts) == 4 and parts[0] == "127" and all(p.isdigit() for p in parts)
        if name.strip("[]") not in self.settings.allowed_hosts and not loopback_ip:
            raise Refusal(
                403,
                "bad_host",
                "this endpoint only answers requests addressed to "
                "the names it was started for (Host header: localhost, or a name "
                "given with --allow-host)",
            )

    # -- methods ----------------------------------------------------------------------
    def do_GET(self) -> None:
        self._handle(post=False)

    def do_POST(self) -> None:
        self._handle(post=True)

    def _not_allowed(self) -> None:
        self.close_connection = True
        self._error(
            Refusal(405, "method_not_allowed", f"{self.command} is not supported: use GET or POST"),
            {"Allow": "GET, POST"},
        )

    do_PUT = do_DELETE = do_PATCH = do_OPTIONS = do_HEAD = _not_allowed

    # -- the request --------------------------------------------------------------------
    def _handle(self, post: bool) -> None:
        started = time.monotonic()
        try:
            self._check_host()
            url = urllib.parse.urlsplit(self.path)
            if not post and url.path != ENDPOINT_PATH:
                from marxkg.serve.page import answer_page  # the query page and the site

                if answer_page(self, url):
                    return
            if url.path != ENDPOINT_PATH:
                raise Refusal(
                    404, "not_found", f"no such resource: the SPARQL endpoint is {ENDPOINT_PATH}"
                )
            params = self._params(url.query, post)
            self._answer(params, started)
        except Refusal as refusal:
            self._error(refusal)
        except (ConnectionError, TimeoutError):
            raise  # the client went away: nothing to answer
        except Exception:  # answer 500 rather than drop the connection
            log.exception("internal error answering %s", self.path[:200])
            self.close_connection = True
            self._error(
                Refusal(500, "internal_error", "the endpoint failed on this request; see its log")
            )

    def _params(self, url_query: str, post: bool) -> dict[str, list[str]]:
        params = _parse_qs(url_query)
        if not post:
            return params
        length = self.headers.get("Content-Length")
        if self.headers.get("Transfer-Encoding"):
            self.close_connection = True
            raise Refusal(411, "length_required", "send the body with a Content-Length")
        if length is None or not length.strip().isdigit():
            self.close_connection = True
            raise Refusal(411, "length_required", "POST needs a Content-Length")
        if int(length) > MAX_BODY_BYTES:
            self.close_connection = True
            raise Refusal(413, "too_large", f"the request body exceeds {MAX_BODY_BYTES} bytes")
        raw = self.rfile.read(int(length))
        ctype = (self.headers.get("Content-Type") or "").split(";")[0].strip().lower()
        if ctype == FORM:
            for key, values in _parse_qs(_decode(raw)).items():
                params.setdefault(key, []).extend(values)
        elif ctype == SPARQL_QUERY:
            params.setdefault("query", []).append(_decode(raw))
        elif ctype == SPARQL_UPDATE:
            raise Refusal(
                403, "update_refused", "SPARQL updates are refused: this endpoint is read-only"
            )
        else:
            raise Refusal(
                415,
                "unsupported_media_type",
                f"POST bodies must be {FORM} or {SPARQL_QUERY}, not {ctype or 'none'}",
            )
        return params

    def _answer(self, params: dict[str, list[str]], started: float) -> None:
        from marxkg.serve.formats import choose_format

        settings = self.settings
        if "update" in params:
            raise Refusal(
                403, "update_refused", "SPARQL updates are refused: this endpoint is read-only"
            )
        queries = params.get("query", [])
        if len(queries) != 1:
            raise Refusal(
                400,
                "missing_query" if not queries else "many_queries",
                "give exactly one query parameter (GET ?query=... or POST)",
            )
        text = queries[0]
        if len(text) > MAX_QUERY_CHARS:
            raise Refusal(413, "too_large", f"the query exceeds {MAX_QUERY_CHARS} characters")
        default_graphs = tuple(params.get("default-graph-uri", []))
        named_graphs = tuple(params.get("named-graph-uri", []))
        check_protocol_graphs(default_graphs, named_graphs, settings.allowed_graphs)
        formats = params.get("format", []) or params.get("output", [])
        verdict = settings.checker.check(text)
        fmt = choose_format(
            verdict.returns_graph, self.headers.get("Accept"), formats[0] if formats else None
        )
        checked = time.monotonic()
        if not settings.slots.acquire(timeout=settings.timeout):
            raise Refusal(503, "busy", f"{settings.max_concurrent} queries are running; try again")
        try:
            answer = self._evaluate(verdict, fmt, default_graphs, named_graphs)
        finally:
            settings.slots.release()
        headers = {
            "Vary": "Accept",
            "X-marxkg-query-form": verdict.form,
            "X-marxkg-rows": str(answer.rows),
            "X-marxkg-truncated": "true" if answer.truncated else "false",
            "X-marxkg-max-rows": str(settings.max_rows),
            "Server-Timing": (
                f"guard;dur={(checked - started) * 1000:.1f}, engine;dur={answer.upstream_ms:.1f}"
            ),
        }
        if answer.truncated:
            headers["X-marxkg-truncated-by"] = answer.truncated
        self._send(200, answer.body, answer.fmt.content_type, headers)

    def _evaluate(self, verdict, fmt, default_graphs, named_graphs):
        """Run an accepted query; at a timeout, the engine process that ran it is killed
        (and reaped) before the slot is given back, so no evaluation outlives its 504."""
        from marxkg.serve.backend import BackendError
        from marxkg.serve.relay import run_query

        settings = self.settings
        engine = settings.engine
        host, port, generation = settings.upstream_host, settings.upstream_port, None
        union = uses_union(settings, verdict, default_graphs, named_graphs)
        if engine is not None:
            try:
                host, port, generation = engine.address(wait=settings.timeout)
            except BackendError as exc:
                raise Refusal(503, "engine_restarting", f"{exc}; try again") from None
        try:
            return run_query(
                port,
                verdict,
                fmt,
                timeout=settings.timeout,
                max_rows=settings.max_rows,
                max_bytes=settings.max_bytes,
                default_graphs=default_graphs,
                named_graphs=named_graphs,
                host=host,
                union_default_graph=union,
            )
        except Refusal as refusal:
            if refusal.status == 504 and engine is not None:
                engine.kill(f"a query ran over the {settings.timeout} s limit", generation)
                refusal.message += " (its evaluation was stopped)"
                try:  # answer once the fresh engine is up, so the next query need not wait
                    engine.address(wait=settings.timeout)
                except BackendError:
                    pass
            raise

    def _help(self) -> str:
        s = self.settings
        return (
            "marxkg SPARQL endpoint (read-only; SPARQL 1.1 Protocol)\n\n"
            f"  endpoint:  {ENDPOINT_PATH}  (GET ?query=..., POST form or "
            "application/sparql-query)\n"
            "  SELECT/ASK: json, xml, csv, tsv; CONSTRUCT/DESCRIBE: turtle, jsonld, "
            "ntriples, rdfxml\n"
            "  choose by Accept or format=<name>\n"
            f"  limits:    {s.timeout} s per query, {s.max_rows} rows per result "
            "(cut results carry X-marxkg-truncated: true)\n"
            "  refused:   updates (INSERT, DELETE, LOAD, ...), SERVICE, FROM/FROM NAMED "
            "outside the corpus graphs, queries over the size budget, control characters "
            "other than tab and line ends\n"
            "  graphs:    " + ", ".join(f"<{g}>" for g in sorted(s.allowed_graphs)) + "\n"
        )


def _decode(raw: bytes) -> str:
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise Refusal(400, "bad_encoding", f"the request is not UTF-8: {exc}") from None


def _parse_qs(text: str) -> dict[str, list[str]]:
    try:
        return urllib.parse.parse_qs(
            text,
            keep_blank_values=True,
            strict_parsing=False,
            encoding="utf-8",
            errors="strict",
            max_num_fields=100,
        )
    except (UnicodeDecodeError, ValueError) as exc:
        raise Refusal(400, "bad_parameters", f"the parameters could not be read: {exc}") from None


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True
    request_queue_size = 64
    handler_class: type[SparqlHandler]  # set by make_server

    def handle_error(self, request, client_address) -> None:
        import sys

        exc = sys.exc_info()[1]
        if isinstance(exc, (ConnectionError, TimeoutError)):
            log.debug("client %s went away: %s", client_address, exc)
        else:
            log.exception("error while answering %s", client_address)


def make_server(host: str, port: int, settings: FrontSettings | None = None) -> _Server:
    """Bind the front (settings may be attached later, before ``serve_forever``)."""
    import socket

    class BoundSparqlHandler(SparqlHandler):
        pass

    class _Server6(_Server):
        address_family = socket.AF_INET6

    handler = BoundSparqlHandler
    server_class = _Server6 if ":" in host else _Server  # ":": an IPv6 address
    server = server_class((host, port), handler)
    server.handler_class = handler
    if settings is not None:
        handler.settings = settings
    return server
