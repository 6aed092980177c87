"""POST a form to an HTTP endpoint under a total deadline, for ``marxkg query --endpoint``.

``urllib``'s timeout bounds each socket operation, not the request: an endpoint that
sends one byte every few seconds kept ``marxkg query --timeout 10`` waiting for minutes.
Here the request runs in a helper thread; at the deadline every connection it opened is
shut down (which ends a blocked read at once) and :class:`QueryError` is raised. Every
failure an endpoint can provoke (bad status lines, too many headers, short bodies, odd
URLs, redirects to other schemes) ends as a :class:`QueryError`, never a traceback.
"""

from __future__ import annotations

import http.client
import socket
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from typing import Any

from marxkg.query.results import QueryError


def check_url(url: str) -> None:
    """An http(s) URL with a host and a valid port, or :class:`QueryError`."""
    try:
        parts = urllib.parse.urlsplit(url)
        port = parts.port
        host = parts.hostname
    except ValueError as exc:
        raise QueryError(f"--endpoint {url!r}: not a valid URL ({exc})") from None
    if parts.scheme not in ("http", "https") or not host:
        raise QueryError(f"--endpoint {url!r}: want an http:// or https:// URL")
    if port == 0:
        raise QueryError(f"--endpoint {url!r}: port 0 is not a valid port")


class _HttpOnlyRedirects(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, req, fp, code, msg, headers, newurl):
        if urllib.parse.urlsplit(newurl).scheme not in ("http", "https"):
            raise QueryError(f"endpoint redirected to a non-HTTP URL: {newurl}")
        return super().redirect_request(req, fp, code, msg, headers, newurl)


def _recording(handler_class: type, connections: list) -> urllib.request.BaseHandler:
    """An HTTP(S) handler that remembers every connection it opens."""
    scheme = "https" if handler_class is urllib.request.HTTPSHandler else "http"
    base = http.client.HTTPSConnection if scheme == "https" else http.client.HTTPConnection

    class Recording(handler_class):
        def _open_with(self, req):
            def factory(host, **kwargs):
                conn = base(host, **kwargs)
                connections.append(conn)
                return conn

            extra = {"context": self._context} if scheme == "https" else {}
            return self.do_open(factory, req, **extra)

    setattr(Recording, f"{scheme}_open", Recording._open_with)
    return Recording()


def post_form(
    url: str, fields: dict[str, str], headers: dict[str, str], timeout: float, max_bytes: int
) -> bytes:
    """The body of a ``200`` answer to a form POST, read completely within ``timeout`` s."""
    check_url(url)
    data = urllib.parse.urlencode(fields).encode("utf-8")
    request = urllib.request.Request(url, data=data, method="POST", headers=headers)
    connections: list[http.client.HTTPConnection] = []
    opener = urllib.request.build_opener(
        _HttpOnlyRedirects,
        _recording(urllib.request.HTTPHandler, connections),
        _recording(urllib.request.HTTPSHandler, connections),
    )
    outcome: dict[str, Any] = {}
    deadline = time.monotonic() + timeout

    def fetch() -> None:
        try:
            with opener.open(request, timeout=max(0.1, deadline - time.monotonic())) as resp:
                body = resp.read(max_bytes + 1)
                missing = getattr(resp, "length", None)
                if len(body) <= max_bytes and missing:
                    raise QueryError(
                        f"endpoint {url}: the answer was cut short ({missing} "
                        "of its announced bytes never came)"
                    )
                outcome["body"] = body
        except BaseException as exc:  # noqa: BLE001 - handed to the waiting thread
            outcome["error"] = exc

    worker = threading.Thread(target=fetch, name="marxkg-endpoint", daemon=True)
    worker.start()
    worker.join(timeout)
    if worker.is_alive():
        for conn in connections:
            sock = conn.sock
            if sock is not None:
                try:
                    sock.shutdown(socket.SHUT_RDWR)
                except OSError:
                    pass
        worker.join(2.0)
        raise QueryError(
            f"endpoint {url}: no complete answer within the {timeout:g} s deadline (--timeout)"
        )
    error = outcome.get("error")
    if error is not None:
        raise QueryError(_one_line(str(_as_query_error(url, error, timeout)))) from None
    body = outcome.get("body", b"")
    if not isinstance(body, bytes):  # pragma: no cover - fetch() sets bytes or an error
        raise QueryError(f"endpoint {url}: no answer")
    if len(body) > max_bytes:
        raise QueryError(f"endpoint {url}: answer larger than {max_bytes // 2**20} MiB")
    return body


def _one_line(text: str, limit: int = 500) -> str:
    """An error message on one line, without control characters (it may quote the
    endpoint's own bytes, which must not reach the terminal as escape sequences)."""
    text = " ".join("".join(c if c.isprintable() else " " for c in text).split())
    return text if len(text) <= limit else text[:limit] + "…"


def _as_query_error(url: str, exc: BaseException, timeout: float) -> QueryError:
    if isinstance(exc, QueryError):
        return exc
    if isinstance(exc, urllib.error.HTTPError):
        try:
            detail = exc.read(2000).decode("utf-8", "replace").strip()
        except (OSError, http.client.HTTPException):
            detail = ""
        return QueryError(f"endpoint {url} answered HTTP {exc.code}: {detail or exc.reason}")
    if isinstance(exc, urllib.error.URLError):
        return QueryError(f"endpoint {url} unreachable: {exc.reason}")
    if isinstance(exc, (TimeoutError, socket.timeout)):
        return QueryError(f"endpoint {url}: no answer within the {timeout:g} s deadline")
    if isinstance(exc, (OSError, http.client.HTTPException, ValueError, UnicodeError)):
        return QueryError(
            f"endpoint {url}: the answer could not be read ({type(exc).__name__}: {exc})"
        )
    return QueryError(f"endpoint {url}: the request failed ({type(exc).__name__}: {exc})")
