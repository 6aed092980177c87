"""The one reader of ``build/``: the persistent Oxigraph store and the built files.

The build writes ``build/store/`` (a pyoxigraph/RocksDB store):

- the default graph holds what ``graph.ttl`` holds (the ontology, the build's PROV-O
  record, every document's text, structure, footnotes, citations, mentions, English layer
  and evidence);
- each document's token layer is the named graph ``<base>graph/tokens/<doc-id>`` (the
  ``nif:Word`` triples not already in the default graph, as in ``tokens.nq.gz``).

No triple is stated twice, so the union of the graphs counts every triple once. Why not
one named graph per document for the rest too: Oxigraph evaluates a default graph made of
many named graphs per pattern and per graph, which made ``citations-per-section`` on 100
papers take 19 s instead of 0.13 s (measured); the document of every node is in its IRI
(``<base>doc/<doc-id>...``) and the named queries take a ``?doc`` filter.

`open_build` opens the store read-only (no parsing: a query on a large build starts in
milliseconds); `BuildReader.query` runs SPARQL on the default graph, or on the union with
the token layers (``tokens=True``).
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
    """A named graph IRI of the build (``kind`` "tokens": a document's token layer)."""
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

    def query(self, sparql: str, tokens: bool | None = None) -> Any:
        """Run SPARQL on the build like ``Store.query``: on the default graph, or (with the
        token layer) on the union of every graph."""
        if self.tokens if tokens is None else tokens:
            return self.store.query(sparql, use_default_graph_as_union=True)
        return self.store.query(sparql)

    def graph_part(self, doc_id: str | None, name: str = paths.PART_GRAPH) -> Path:
        """A part of the default graph as the build left it (sorted N-Triples): a
        document's (``doc_id``), or with ``doc_id`` None the build's own part ``name``
        (one of `paths.CORPUS_PARTS`)."""
        state = self.out / paths.BUILD_FILES["state"]
        return state / doc_id / paths.PART_GRAPH if doc_id is not None else state / name

    def copy(self, tokens: bool | None = None) -> Any:
        """An in-memory ``pyoxigraph.Store`` with the build's triples in its default graph
        (to experiment on: add or remove triples without touching the build)."""
        import pyoxigraph as ox

        mem = ox.Store()
        mem.extend(
            ox.Quad(t.subject, t.predicate, t.object)
            for t in self.query("CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }", tokens)
        )
        return mem


PATCHES_FILE = "marxkg-patches.json"  # {"patched_builds": n} in the store's directory


def store_patches(out: Path) -> int:
    """How many builds have patched ``out``'s store since it was last loaded whole or
    compacted (0 when it is compact, or unknown): queries on a patched store are slower
    (`marxkg.build_store`)."""
    try:
        data = json.loads((store_dir(out) / PATCHES_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return 0
    count = data.get("patched_builds") if isinstance(data, dict) else None
    return count if isinstance(count, int) and count > 0 else 0


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
    return BuildReader(out, store, stamp.get("base", ""), list(stamp.get("documents", [])), tokens)
