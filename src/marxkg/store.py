"""The one reader of ``build/``: the persistent Oxigraph store and the built files.

The build writes ``build/store/`` (a pyoxigraph/RocksDB store) with one named graph per
document, one per document's token layer, one for the ontology and one for the build's
provenance:

=====================================  =============================================
``<base>graph/doc/<doc-id>``           text, structure, footnotes, citations, mentions,
                                       English layer, evidence of that document
``<base>graph/tokens/<doc-id>``        its token layer (``nif:Word``)
``<base>graph/shared``                 triples stated by several documents (a cited Marx
                                       passage, a cited work), each triple once
``<base>graph/ontology``               the ontology
``<base>graph/build``                  the build's PROV-O record
=====================================  =============================================

No triple is in two graphs, so the union of graphs (SPARQL's default graph here) counts
every triple once. `open_build` opens the store read-only (no parsing: a query on a 1,000-paper build starts
in milliseconds); `BuildReader.default_graph` is the dataset a query sees by default (every
graph except the token layers, or with them on request). The same data is in
``graph.ttl`` (everything but the tokens) and ``<doc-id>/tokens.nq.gz`` for other tools.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from marxkg import paths


class BuildMissing(FileNotFoundError):
    """No (complete) build in the given directory."""


def graph_iri(base: str, kind: str, doc_id: str | None = None) -> str:
    """The named graph IRI of a part of the build (``kind``: doc, tokens, ontology, build)."""
    return f"{base}graph/{kind}" + (f"/{doc_id}" if doc_id else "")


def store_dir(out: Path) -> Path:
    return Path(out) / paths.BUILD_FILES["store"]


@dataclass
class BuildReader:
    """A finished build: its directory, its store (opened read-only) and its stamp."""

    out: Path
    store: Any
    base: str
    doc_ids: list[str] = field(default_factory=list)
    tokens: bool = False  # whether queries see the token layer by default

    def graphs(self, tokens: bool | None = None, docs: list[str] | None = None) -> list[Any]:
        """The named graphs a query sees as its default graph."""
        import pyoxigraph as ox

        tokens = self.tokens if tokens is None else tokens
        ids = self.doc_ids if docs is None else [d for d in self.doc_ids if d in docs]
        names = [graph_iri(self.base, k) for k in ("ontology", "build", "shared")]
        names += [graph_iri(self.base, "doc", d) for d in ids]
        if tokens:
            names += [graph_iri(self.base, "tokens", d) for d in ids]
        return [ox.NamedNode(n) for n in names]

    def query(self, sparql: str, tokens: bool | None = None) -> Any:
        """Run SPARQL on the build (default graph: see `graphs`), like ``Store.query``."""
        graphs = self.graphs(tokens)
        return self.store.query(sparql, default_graph=graphs, named_graphs=graphs)

    def copy(self, tokens: bool | None = None) -> Any:
        """An in-memory ``pyoxigraph.Store`` with the build's triples in its default graph
        (to experiment on: add or remove triples without touching the build)."""
        import pyoxigraph as ox

        mem = ox.Store()
        mem.extend(ox.Quad(t.subject, t.predicate, t.object) for t in
                   self.query("CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }", tokens))
        return mem


def read_stamp(out: Path) -> dict[str, Any]:
    path = Path(out) / paths.BUILD_FILES["stamp"]
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}


def open_build(out: Path | str | None = None, tokens: bool = False) -> BuildReader:
    """Open ``build/`` (or ``out``) for reading; `BuildMissing` if it holds no store.
    ``tokens``: queries see the token layer too."""
    import pyoxigraph as ox

    out = Path(out) if out is not None else paths.build_dir()
    directory = store_dir(out)
    if not directory.is_dir():
        raise BuildMissing(f"{directory}: not built yet (run `marxkg build`, or give --out)")
    stamp = read_stamp(out)
    try:
        store = ox.Store.read_only(str(directory))
    except OSError as exc:
        raise BuildMissing(f"{directory}: cannot open the store ({exc})") from exc
    return BuildReader(out, store, stamp.get("base", ""), list(stamp.get("documents", [])),
                       tokens)
