"""The corpus-level outputs, written from the documents' parts in the staging directory.

``graph.ttl``/``graph.jsonld`` are streamed (`marxkg.graph.merge`), the store is loaded
part by part (or, when most documents are unchanged, copied from the previous build by a
RocksDB checkpoint and only the changed graphs replaced), ``report.json`` gathers the
documents' entries. Only the HTML pages hold every document in memory (see ``pages``).
"""

from __future__ import annotations

import gzip
import json
import logging
import pickle
import shutil
from pathlib import Path
from typing import Any

from marxkg import paths
from marxkg.build_doc import (
    PART_EVIDENCE,
    PART_FIGURES,
    PART_GRAPH,
    PART_PAGES,
    PART_REPORT,
    STATE,
)
from marxkg.graph.merge import canonical_ntriples, write_jsonld, write_turtle
from marxkg.ontology import OntologyError, load_ontology, ontology_hash
from marxkg.rdf.namespaces import Iris
from marxkg.store import graph_iri

log = logging.getLogger(__name__)

STORE_CHUNK = 50_000  # triples per bulk load of the default graph (bounds its memory)


def _state(stage: Path, doc_id: str, name: str) -> Path:
    return stage / STATE / doc_id / name


def check_evidence(stage: Path, built: list[str], onto: Any, iris: Iris) -> None:
    """Every evidence quote of the ontology that names a document of the corpus
    (``mkg:evidenceIn``) must be found in it; a quote naming no document is an error."""
    from marxkg.pipeline import evidence_quotes

    found: set[str] = set()
    for doc_id in built:
        found.update(json.loads(_state(stage, doc_id, PART_EVIDENCE).read_text("utf-8")))
    want, orphans = evidence_quotes(onto, built, iris)
    missing = orphans + [q.replace("\0", ": ") for q in want if q not in found]
    if missing:
        raise OntologyError(
            f"{len(missing)} evidence quote(s) not found in their documents:\n  "
            + "\n  ".join(missing)
        )


def same_figure_graph(stage: Path, built: list[str]) -> Any:
    """`mkg:sameFigureAs` between claims of different documents stating the same figure
    from the same source (each document's ``figures.json``)."""
    from marxkg.graph import new_graph
    from marxkg.graph.claims import add_same_figure_links

    figures = []
    for doc_id in built:
        for key, iri in json.loads(_state(stage, doc_id, PART_FIGURES).read_text("utf-8")):
            figures.append((doc_id, key, iri))
    g = new_graph()
    add_same_figure_links(g, figures)
    return g


def write_corpus_outputs(
    stage: Path,
    built: list[str],
    ontology: Path,
    base: str,
    stamp: str,
    segmenter: str,
    pages: bool,
    store: StageStore,
) -> dict[str, Any]:
    from marxkg.pipeline import corpus_report, provenance_graph

    iris = Iris(base)
    onto = load_ontology(ontology, iris)
    check_evidence(stage, built, onto, iris)
    onto_nt = stage / STATE / "ontology.nt"
    prov_nt = stage / STATE / "provenance.nt"
    onto_nt.write_bytes(canonical_ntriples(onto))
    prov_nt.write_bytes(
        canonical_ntriples(provenance_graph(built, iris, stamp, ontology_hash(ontology), segmenter))
    )
    links_nt = stage / STATE / "links.nt"
    links_nt.write_bytes(canonical_ntriples(same_figure_graph(stage, built)))
    parts = [onto_nt, prov_nt, links_nt] + [_state(stage, d, PART_GRAPH) for d in built]
    triples = write_turtle(parts, stage / paths.BUILD_FILES["graph"])
    write_jsonld(parts, stage / paths.BUILD_FILES["graph_jsonld"])
    entries = [json.loads(_state(stage, d, PART_REPORT).read_text("utf-8")) for d in built]
    report = corpus_report(entries, triples)
    (stage / paths.BUILD_FILES["report"]).write_text(
        json.dumps(report, ensure_ascii=False, indent=1) + "\n", encoding="utf-8"
    )
    store.finish(built, parts)
    if pages:
        write_pages(stage, built, parts, onto, iris)
    return report


class StageStore:
    """``store/`` of the staging directory, filled as the build goes: each document's
    token layer is loaded into its named graph as soon as the document is rendered (while
    the workers render the next ones), the default graph (``graph.ttl``) at the end.

    Unchanged documents' token graphs are kept from the previous store (a RocksDB
    checkpoint made of hard links), so a one-document change loads one token layer."""

    def __init__(self, stage: Path, base: str, previous: Path, reused: set[str]) -> None:
        import pyoxigraph as ox

        self.stage, self.base = stage, base
        target = stage / paths.BUILD_FILES["store"]
        old = previous / paths.BUILD_FILES["store"]
        self.keep: set[str] = set()
        if reused and old.is_dir():
            try:
                ox.Store.read_only(str(old)).backup(str(target))
                self.keep = set(reused)
            except OSError as exc:
                log.info("store: no checkpoint of %s (%s); loading every document", old, exc)
                shutil.rmtree(target, ignore_errors=True)
        self.store: Any = ox.Store(str(target))
        if self.keep:  # drop the default graph and the token graphs of changed/removed docs
            from marxkg.store import read_stamp

            self.store.clear_graph(ox.DefaultGraph())
            for doc_id in read_stamp(previous).get("documents", []):
                if doc_id not in self.keep:
                    self.store.remove_graph(ox.NamedNode(graph_iri(base, "tokens", doc_id)))

    def add_document(self, doc_id: str) -> None:
        """Load a freshly rendered document's token layer."""
        import pyoxigraph as ox

        with gzip.open(self.stage / doc_id / paths.DOC_FILES["tokens_nq"], "rb") as fh:
            self.store.bulk_load(fh, format=ox.RdfFormat.N_QUADS)

    def finish(self, built: list[str], parts: list[Path]) -> None:
        """Load the graph (the merged parts, as in ``graph.ttl``) into the default graph,
        declare the graphs, compact, close.

        The graph goes in chunks: Oxigraph's bulk loader holds a whole call's input in
        memory (a 346k-triple ``graph.ttl`` in one call took 300 MB)."""
        import pyoxigraph as ox

        from marxkg.graph.merge import merged_lines

        try:
            chunk: list[bytes] = []
            for line in merged_lines(parts):
                chunk.append(line)
                if len(chunk) >= STORE_CHUNK:
                    self.store.bulk_load(b"".join(chunk), format=ox.RdfFormat.N_TRIPLES)
                    chunk = []
            if chunk:
                self.store.bulk_load(b"".join(chunk), format=ox.RdfFormat.N_TRIPLES)
            # the bulk loader does not always record graph names: declare every one
            for doc_id in built:
                self.store.add_graph(ox.NamedNode(graph_iri(self.base, "tokens", doc_id)))
            self.store.optimize()
            self.store.flush()
        finally:
            self.close()

    def close(self) -> None:
        self.store = None


def write_pages(stage: Path, built: list[str], parts: list[Path], onto: Any, iris: Iris) -> None:
    """The HTML pages (concept map, citation index, readers): these need every document,
    its annotations and the graph in memory, so their cost grows with the corpus."""
    from marxkg.pipeline import iter_pages, page_graph

    docs, anns = [], {}
    g = page_graph(parts, iris)
    for doc_id in built:
        doc, ann, _en = pickle.loads(_state(stage, doc_id, PART_PAGES).read_bytes())
        docs.append(doc)
        anns[doc_id] = ann
    for rel, data in iter_pages(docs, anns, g, onto, iris):
        target = stage / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
