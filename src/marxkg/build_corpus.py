"""The corpus-level outputs, written from the documents' parts in the staging directory.

``graph.ttl``/``graph.jsonld`` are assembled from the parts' per-subject blocks
(`marxkg.graph.blocks`: a document's blocks are serialised by the worker that renders
it, so an unchanged document's are reused as they are), the store's default graph is
loaded or patched (`marxkg.build_store`), ``report.json`` is written one entry at a time
(the build keeps a summary of each); the HTML pages read one document at a time
(`marxkg.build_pages`).
"""

from __future__ import annotations

import filecmp
import json
import logging
from collections.abc import Iterable, Iterator
from concurrent.futures import ThreadPoolExecutor, wait
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
    PART_WORDS,
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


LINKS_CHUNK_LINES = 50_000  # lines of the links part per serialisation into blocks


def write_same_figure_links(stage: Path, built: list[str], target: Path) -> None:
    """`mkg:sameFigureAs` between claims of different documents stating the same figure
    from the same source (each document's ``figures.json``), written as the sorted
    canonical N-Triples of the part, a line at a time (`iter_same_figure_ntriples`)."""
    from marxkg.graph.claims import iter_same_figure_ntriples

    figures = []
    for doc_id in built:
        for key, iri in json.loads(_state(stage, doc_id, PART_FIGURES).read_text("utf-8")):
            figures.append((doc_id, key, iri))
    with open(target, "wb") as fh:
        fh.writelines(iter_same_figure_ntriples(figures))


def write_corpus_counts(stage: Path, built: list[str], base: str, target: Path) -> None:
    """The corpus's word counts (`marxkg.graph.counts`) from each document's
    ``words.json``, one document read at a time."""
    from marxkg.graph.counts import add_word_counts, corpus_count_ntriples

    totals = add_word_counts(
        json.loads(_state(stage, d, PART_WORDS).read_text("utf-8")) for d in built
    )
    target.write_bytes(corpus_count_ntriples(base, totals))


def _blocks(part: Path, old: Path, chunk_lines: int | None = None) -> None:
    """The block files of a corpus part: linked from the previous build when the part is
    the same (the ontology, mostly), else serialised (``chunk_lines``: a chunk of subjects
    at a time, for a part of IRIs and literals only: `write_part_blocks`)."""
    olds = [old.with_suffix(s) for s in BLOCK_SUFFIXES]
    try:  # compared a buffer at a time (the links of a large corpus are large)
        same = filecmp.cmp(old, part, shallow=False) and all(p.is_file() for p in olds)
    except OSError:
        same = False
    if not same:
        write_part_blocks(part, chunk_lines)
        return
    for src in olds:
        outdir.link_or_copy(src, part.with_suffix(src.suffix))


_ENTRIES = "\0entries\0"


def iter_corpus_report(report: dict[str, Any], texts: Iterable[str]) -> Iterator[str]:
    """``report.json`` in pieces, as ``json.dumps(report, ensure_ascii=False, indent=1)``
    writes it, with the documents' entries taken one at a time from their texts (each
    already so indented): neither the entries' objects nor the whole text are held (1,000
    fixture entries parsed at once took ~270 MB; the pure-Python encoder that ``indent``
    needs took ~2 s). ``report["documents"]`` is ignored."""
    skeleton = json.dumps({**report, "documents": [_ENTRIES]}, ensure_ascii=False, indent=1)
    head, tail = skeleton.split(json.dumps(_ENTRIES), 1)
    yield head
    for i, text in enumerate(texts):
        yield (",\n  " if i else "") + text.replace("\n", "\n  ")
    yield tail + "\n"


def dumps_corpus_report(report: dict[str, Any], texts: Iterable[str]) -> str:
    return "".join(iter_corpus_report(report, texts))


def write_corpus_report(target: Path, entries: list[Path], triples: int) -> dict[str, Any]:
    """Write ``report.json`` from the documents' entry files, one entry in memory at a
    time; return the report with each document's summary (`summarize_entry`) in place of
    its entry: what the build keeps (the CLI prints it)."""
    from marxkg.export.report import summarize_entry
    from marxkg.pipeline import corpus_report

    summaries: list[dict[str, Any]] = []

    def texts() -> Iterator[str]:
        for path in entries:
            text = path.read_text("utf-8")
            summaries.append(summarize_entry(json.loads(text)))
            yield text

    report = corpus_report([], triples)
    with open(target, "w", encoding="utf-8") as fh:
        for piece in iter_corpus_report(report, texts()):
            fh.write(piece)
    return {**report, "documents": summaries}


def write_corpus_outputs(
    stage: Path,
    built: list[str],
    ontology: Path,
    base: str,
    stamp: str,
    segmenter: str,
    pages: bool,
    store: StageStore,
    onto: Any = None,
) -> dict[str, Any]:
    """The corpus outputs of the built documents (``onto``: the ontology, if loaded
    already)."""
    from marxkg.pipeline import provenance_graph

    iris = Iris(base)
    if onto is None:
        onto = load_ontology(ontology, iris)
    check_evidence(stage, built, onto, iris)
    onto_nt, prov_nt, links_nt, counts_nt = (stage / STATE / n for n in CORPUS_PARTS)
    onto_nt.write_bytes(canonical_ntriples(onto))
    prov_nt.write_bytes(
        canonical_ntriples(provenance_graph(built, iris, stamp, ontology_hash(ontology), segmenter))
    )
    write_same_figure_links(stage, built, links_nt)
    write_corpus_counts(stage, built, base, counts_nt)
    for part in (onto_nt, prov_nt):
        _blocks(part, store.previous / STATE / part.name)
    for part in (links_nt, counts_nt):
        _blocks(part, store.previous / STATE / part.name, LINKS_CHUNK_LINES)
    parts = [onto_nt, prov_nt, links_nt, counts_nt] + [_state(stage, d, PART_GRAPH) for d in built]
    watch = store.plan(built)
    with ThreadPoolExecutor(1, thread_name_prefix="store") as beside:
        # the store is loaded (the last documents, the build's own parts) and compacted
        # while graph.ttl, report.json and the pages are written: Oxigraph and RocksDB
        # work without Python's lock (at 100 copies of the paper the compaction alone took
        # 8 s); only a patch of the store needs the assembly first
        loading = None if store.patching else beside.submit(store.finish, built, parts, None)
        try:
            assembled = assemble(
                parts,
                stage / paths.BUILD_FILES["graph"],
                stage / paths.BUILD_FILES["graph_jsonld"],
                watch,
            )
            if loading is None:
                loading = beside.submit(store.finish, built, parts, assembled)
            report = write_corpus_report(
                stage / paths.BUILD_FILES["report"],
                [_state(stage, d, PART_REPORT) for d in built],
                assembled.triples,
            )
            if pages:
                write_pages(stage, built, parts, onto, iris)
        except BaseException:
            if loading is not None:
                wait([loading])  # the first error is the one reported
            raise
        loading.result()  # its error, if any, is the build's
    return report


def write_pages(stage: Path, built: list[str], parts: list[Path], onto: Any, iris: Iris) -> None:
    """The HTML pages (concept map, citation index, claims, readers), one document held at a
    time (`marxkg.build_pages`)."""
    from marxkg.build_pages import write_build_pages

    write_build_pages(stage, [_state(stage, d, PART_PAGES) for d in built], parts, onto, iris)
