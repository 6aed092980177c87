"""The corpus-level outputs, written from the documents' parts in the staging directory.

``graph.ttl``/``graph.jsonld`` are assembled from the parts' per-subject blocks
(`marxkg.graph.blocks`: a document's blocks are serialised by the worker that renders
it, so an unchanged document's are reused as they are), the store's default graph is
loaded or patched (`marxkg.build_store`), ``report.json`` gathers the documents'
entries; the HTML pages read one document at a time (`marxkg.build_pages`).
"""

from __future__ import annotations

import json
import logging
from pathlib import Path
from typing import TYPE_CHECKING, Any

from marxkg import outdir, paths
from marxkg.build_doc import (
    CORPUS_PARTS,
    PART_EVIDENCE,
    PART_FIGURES,
    PART_GRAPH,
    PART_PAGES,
    PART_REPORT,
    STATE,
)
from marxkg.graph.blocks import BLOCK_SUFFIXES, assemble, write_part_blocks
from marxkg.graph.merge import canonical_ntriples
from marxkg.ontology import OntologyError, load_ontology, ontology_hash
from marxkg.rdf.namespaces import Iris

if TYPE_CHECKING:
    from marxkg.build_store import StageStore

log = logging.getLogger(__name__)


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


def _blocks(part: Path, old: Path) -> None:
    """The block files of a corpus part: linked from the previous build when the part is
    the same (the ontology, mostly), else serialised."""
    olds = [old.with_suffix(s) for s in BLOCK_SUFFIXES]
    try:
        same = old.read_bytes() == part.read_bytes() and all(p.is_file() for p in olds)
    except OSError:
        same = False
    if not same:
        write_part_blocks(part)
        return
    for src in olds:
        outdir.link_or_copy(src, part.with_suffix(src.suffix))


_ENTRIES = "\0entries\0"


def dumps_corpus_report(report: dict[str, Any], texts: list[str]) -> str:
    """``report.json`` as ``json.dumps(report, ensure_ascii=False, indent=1)`` writes it,
    with the documents' entries taken from their texts (each already so indented: the
    pure-Python encoder that ``indent`` needs took ~2 s for 1,000 entries)."""
    skeleton = json.dumps({**report, "documents": [_ENTRIES]}, ensure_ascii=False, indent=1)
    entries = ",\n  ".join(t.replace("\n", "\n  ") for t in texts)
    return skeleton.replace(json.dumps(_ENTRIES), entries, 1) + "\n"


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
    onto_nt, prov_nt, links_nt = (stage / STATE / n for n in CORPUS_PARTS)
    onto_nt.write_bytes(canonical_ntriples(onto))
    prov_nt.write_bytes(
        canonical_ntriples(provenance_graph(built, iris, stamp, ontology_hash(ontology), segmenter))
    )
    links_nt.write_bytes(canonical_ntriples(same_figure_graph(stage, built)))
    for part in (onto_nt, prov_nt, links_nt):
        _blocks(part, store.previous / STATE / part.name)
    parts = [onto_nt, prov_nt, links_nt] + [_state(stage, d, PART_GRAPH) for d in built]
    watch = store.plan(built)
    assembled = assemble(
        parts, stage / paths.BUILD_FILES["graph"], stage / paths.BUILD_FILES["graph_jsonld"], watch
    )
    triples = assembled.triples
    texts = [_state(stage, d, PART_REPORT).read_text("utf-8") for d in built]
    report = corpus_report([json.loads(t) for t in texts], triples)
    (stage / paths.BUILD_FILES["report"]).write_text(
        dumps_corpus_report(report, texts), encoding="utf-8"
    )
    store.finish(built, parts, assembled)
    if pages:
        write_pages(stage, built, parts, onto, iris)
    return report


def write_pages(stage: Path, built: list[str], parts: list[Path], onto: Any, iris: Iris) -> None:
    """The HTML pages (concept map, citation index, claims, readers), one document held at a
    time (`marxkg.build_pages`)."""
    from marxkg.build_pages import write_build_pages

    write_build_pages(stage, [_state(stage, d, PART_PAGES) for d in built], parts, onto, iris)
