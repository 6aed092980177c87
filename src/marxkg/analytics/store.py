"""Loading the built graph into Oxigraph and running SELECT queries over it.

The analytics read the build's store (`marxkg.store`: ontology, documents, mentions,
citations; not the token layer), opened without parsing; Oxigraph answers the projection
queries in milliseconds.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from marxkg import paths
from marxkg.vocab import sparql_prologue

log = logging.getLogger(__name__)

PREFIXES = sparql_prologue()

_INTEGER_TYPES = {
    "http://www.w3.org/2001/XMLSchema#" + t
    for t in ("integer", "nonNegativeInteger", "positiveInteger", "int", "long", "short")
}


def ensure_build(
    out: Path | str | None = None,
    *,
    corpus: Path | str | None = None,
    ontology: Path | str | None = None,
    force: bool = False,
) -> Path:
    """Return a build directory holding ``graph.ttl``, building it first if needed.

    ``out`` defaults to ``build/`` (or ``$MARXKG_BUILD``). The build is a no-op when the
    stamp says nothing changed, so calling this at the top of a notebook costs little.
    Without a corpus directory an existing ``graph.ttl`` is used as it is.
    """
    out = Path(out) if out is not None else paths.build_dir()
    corpus_dir = Path(corpus) if corpus is not None else paths.corpus_dir()
    graph_file = out / paths.BUILD_FILES["graph"]
    if not corpus_dir.is_dir():
        if graph_file.exists():
            log.info("no corpus at %s: using the existing %s", corpus_dir, graph_file)
            return out
        raise FileNotFoundError(f"{corpus_dir}: no corpus to build and no {graph_file}")
    from marxkg.build import build

    result = build(corpus_dir, Path(ontology) if ontology is not None else None, out, force=force)
    log.info("build %s: %s", out, "up to date" if result.skipped else "rebuilt")
    return out


def load_store(out: Path | str | None = None):
    """The build's store (`marxkg.store.open_build`: opened read-only, not parsed), without
    the token layer; anything with ``.query(text)`` works with `select`."""
    from marxkg.store import open_build

    return open_build(out)


def store_from_turtle(text: str | bytes):
    """An in-memory ``pyoxigraph.Store`` holding the given Turtle (for small fixtures)."""
    import pyoxigraph as ox

    data = text.encode("utf-8") if isinstance(text, str) else text
    store = ox.Store()
    store.load(data, format=ox.RdfFormat.TURTLE)
    return store


def to_python(term: Any) -> Any:
    """An Oxigraph term as a plain value: IRIs and strings as ``str``, integers as ``int``."""
    if term is None:
        return None
    datatype = getattr(term, "datatype", None)
    if datatype is not None and datatype.value in _INTEGER_TYPES:
        return int(term.value)
    return term.value


def select(store, query: str) -> list[dict[str, Any]]:
    """Run a SELECT (the project's prefixes prepended); rows as dicts of plain values."""
    solutions = store.query(PREFIXES + query)
    names = [v.value for v in solutions.variables]
    return [{name: to_python(row[name]) for name in names} for row in solutions]


def solution_pairs(store, query: str, first: str, second: str) -> Iterator[tuple[str, str]]:
    """The values of two variables of a SELECT's solutions (the prefixes prepended), as
    strings, one solution at a time."""
    for row in store.query(PREFIXES + query):
        yield row[first].value, row[second].value


def local_name(iri: str) -> str:
    """The part of an IRI after its last ``#`` or ``/``."""
    return iri.rsplit("#", 1)[-1].rsplit("/", 1)[-1]


def path_after(iri: str, marker: str) -> str:
    """The part of ``iri`` after ``/<marker>/`` (e.g. a concept's slug), else the IRI."""
    key = f"/{marker}/"
    return iri.split(key, 1)[1] if key in iri else iri
