"""Run a query: on the build's Oxigraph store (opened, not parsed), or on a SPARQL 1.1
endpoint.

Why pyoxigraph and not rdflib's engine: see docs/architecture.md (a GROUP BY count took
964 ms in rdflib and 9 ms in Oxigraph). Either way the answer comes back as `Results`.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from marxkg.query.library import NamedQuery
from marxkg.query.results import QueryError, Results, results_from_json, results_from_oxigraph
from marxkg.query.sparql import (
    PREFIXES,
    UNBOUND,
    Param,
    check_local,
    inject_values,
    parse_binding,
    resolve_value,
    tokenize,
)

if TYPE_CHECKING:
    import pyoxigraph

log = logging.getLogger(__name__)

DEFAULT_TIMEOUT = 60.0
MAX_RESPONSE_BYTES = 256 * 1024 * 1024
SPARQL_JSON = "application/sparql-results+json"


class Engine(Protocol):
    def select(self, query: str) -> Results: ...


def open_store(out: Path | None = None, tokens: bool = False):
    """The build's store (read-only; see `marxkg.store`), the token layer on request."""
    from marxkg.store import BuildMissing, open_build

    try:
        return open_build(out, tokens)
    except BuildMissing as exc:
        raise QueryError(str(exc)) from exc


def load_store(out: Path | None = None, tokens: bool = False):
    """An in-memory pyoxigraph Store with a copy of the build's triples (to modify)."""
    return open_store(out, tokens).copy()


@dataclass
class LocalEngine:
    """SPARQL on a pyoxigraph Store (or the build's store, `marxkg.store.BuildReader`).
    ``SERVICE`` is refused (no network at run time)."""

    store: pyoxigraph.Store

    @classmethod
    def from_build(cls, out: Path | None = None, tokens: bool = False) -> LocalEngine:
        return cls(open_store(out, tokens))

    def select(self, query: str) -> Results:
        check_local(query)
        log.debug("local query:\n%s", query)
        try:
            answer = self.store.query(query)
        except SyntaxError as exc:
            raise QueryError(f"SPARQL syntax error: {exc}") from exc
        except OSError as exc:
            raise QueryError(f"query failed: {exc}") from exc
        return results_from_oxigraph(answer)


@dataclass
class EndpointEngine:
    """A SPARQL 1.1 Protocol endpoint (POST, form-encoded), results as SPARQL JSON."""

    url: str
    timeout: float = DEFAULT_TIMEOUT

    def __post_init__(self) -> None:
        from marxkg.query.fetch import check_url

        check_url(self.url)

    def select(self, query: str) -> Results:
        log.debug("query to %s:\n%s", self.url, query)
        from marxkg.query.fetch import post_form

        # the timeout is a total deadline: connecting, the status, the headers, the body
        body = post_form(
            self.url,
            {"query": query},
            {
                "Accept": f"{SPARQL_JSON}, application/json;q=0.9",
                "Content-Type": "application/x-www-form-urlencoded; charset=utf-8",
                "User-Agent": "marxkg-query",
            },
            self.timeout,
            MAX_RESPONSE_BYTES,
        )
        try:
            parsed = json.loads(body.decode("utf-8"))
        except (UnicodeDecodeError, json.JSONDecodeError, RecursionError) as exc:
            raise QueryError(
                f"endpoint {self.url} returned a body that is not valid SPARQL JSON results "
                f"({exc}); the answer may have been cut off by a server timeout "
                "(Oxigraph answers HTTP 200 with a truncated body when it cancels a query)"
            ) from exc
        return results_from_json(parsed)


def with_prefixes(query: str) -> str:
    """Declare the project's prefixes that the query uses but does not declare."""
    tokens = tokenize(query)
    declared, used = set(), set()
    for i, t in enumerate(tokens):
        if t.kind == "word" and t.text.upper() == "PREFIX" and i + 1 < len(tokens):
            declared.add(tokens[i + 1].text.split(":", 1)[0])
        elif t.kind == "pname":
            used.add(t.text.split(":", 1)[0])
    missing = sorted((used - declared) & set(PREFIXES))
    head = "".join(f"PREFIX {p}: <{PREFIXES[p]}>\n" for p in missing)
    return head + query


def bindings_for(query: NamedQuery, binds: Iterable[str]) -> dict[str, list]:
    """``--bind var=value`` options plus declared defaults -> terms per variable."""
    given: dict[str, list[str]] = {}
    for expr in binds:
        var, raw = parse_binding(expr)
        given.setdefault(var, []).append(raw)
    out: dict[str, list] = {}
    for var, raws in given.items():
        if raws == [UNBOUND]:
            continue
        param: Param | None = query.param(var)
        out[var] = [resolve_value(r, param, f"--bind {var}") for r in raws]
    for p in query.params:
        if p.name not in given and p.default is not None:
            out[p.name] = [p.default]
    return out


def prepare(query: NamedQuery, binds: Iterable[str] = ()) -> str:
    """The final query text: missing project prefixes declared, VALUES blocks injected."""
    text = with_prefixes(query.text)
    return inject_values(text, bindings_for(query, binds))


def run(query: NamedQuery, engine: Engine, binds: Iterable[str] = ()) -> Results:
    return engine.select(prepare(query, binds))
