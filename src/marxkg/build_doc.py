"""One document of a build: what a worker process (local or Dask) runs.

`render_payload` renders one document (`marxkg.pipeline.render_document`) into the files it
contributes to ``build/``: its public outputs, plus its part of the corpus graph, report
entry, evidence quotes found, claim figures and page objects under ``.state/<doc-id>/``,
which `marxkg.build_corpus` gathers for the corpus-level outputs and the next incremental
build reuses. `marxkg.build` orchestrates.
"""

from __future__ import annotations

import gc
import gzip
import json
import os
import pickle
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from marxkg import outdir, paths
from marxkg.graph.blocks import BLOCK_SUFFIXES
from marxkg.ontology import OntologyError
from marxkg.rdf.namespaces import Iris
from marxkg.store import graph_iri

STATE = paths.BUILD_FILES["state"]
PART_GRAPH = paths.PART_GRAPH
CORPUS_PARTS = paths.CORPUS_PARTS  # graph parts the build makes itself
# the graph part serialised once per subject (`marxkg.graph.blocks`): index, Turtle, JSON-LD
PART_BLOCKS = tuple(Path(PART_GRAPH).with_suffix(s).name for s in BLOCK_SUFFIXES)
PART_REPORT = "report.json"
PART_EVIDENCE = "evidence.json"
PART_FIGURES = "figures.json"  # [figure key, claim IRI] of the sourced claims
PART_PAGES = "pages.pickle"
PART_WORDS = "words.json"  # [word, tag, tokens] of the document (`marxkg.graph.counts`)
PART_STAMP = "stamp.json"


_CONTEXTS: dict[tuple[str, str, str, str], Any] = {}


def _context(ontology: str, base: str, segmenter: str) -> Any:
    """The render context of this process (ontology and NLP models loaded once)."""
    # the jieba cache directory is part of the key: a render context keeps its tokenizer
    key = (ontology, base, segmenter, os.environ.get("XDG_CACHE_HOME", ""))
    if key not in _CONTEXTS:
        from marxkg.ontology import load_ontology
        from marxkg.pipeline import RenderContext

        iris = Iris(base)
        _CONTEXTS[key] = RenderContext(
            load_ontology(Path(ontology), iris), iris, segmenter, ontology_dir=ontology
        )
    return _CONTEXTS[key]


@dataclass
class DocTask:
    doc_dir: str
    stamp: str
    ontology: str
    base: str
    segmenter: str


GC_YOUNG_THRESHOLD = 50_000  # allocations between two collections of the youngest objects


@contextmanager
def _collector_for_a_document() -> Iterator[None]:
    """Python's cyclic garbage collector tuned while a document is rendered.

    A render allocates millions of short-lived objects (graph terms, JSON-LD nodes, CSL
    items) next to the long-lived models (jieba's 350,000-word dictionary, spaCy's
    pipelines, the ontology): with the default threshold (700 allocations) the collector
    ran thousands of times per document, and its older generations kept scanning the
    models; that was 15 % of a worker's time (py-spy, 6 papers with `--jobs 1`). So the
    youngest generation is collected every `GC_YOUNG_THRESHOLD` allocations during the
    render, and afterwards the garbage is collected once and what survives (the models,
    loaded by the first document, and the caches) is frozen (`gc.freeze`: left out of
    every later collection). Memory is unchanged: objects are still freed by reference
    counting, and cycles no later than the end of their document."""
    old = gc.get_threshold()
    gc.set_threshold(GC_YOUNG_THRESHOLD, *old[1:])
    try:
        yield
    finally:
        gc.set_threshold(*old)
        gc.collect()
        gc.freeze()


def render_payload(task: DocTask) -> dict[str, Any]:
    """Render one document: ``{"doc_id", "files": {rel: bytes}}`` or ``{"doc_id", "error"}``.

    Pure apart from reading the document's files; runs in a worker (local or Dask)."""
    with _collector_for_a_document():
        return _render_payload(task)


def _render_payload(task: DocTask) -> dict[str, Any]:
    from marxkg.corpus_io import read_document_inputs
    from marxkg.pipeline import render_document

    doc_id = Path(task.doc_dir).name
    try:
        inputs = read_document_inputs(Path(task.doc_dir))
        result = render_document(inputs, _context(task.ontology, task.base, task.segmenter))
    except OSError as exc:
        if outdir.is_disk_full(exc):
            raise
        return {"doc_id": doc_id, "error": str(exc)}
    except (ValueError, KeyError, IndexError, TypeError, OntologyError) as exc:
        # Bad input of this document (decoding, layout, metadata, records): reported and
        # skipped; the other documents are built.
        return {"doc_id": doc_id, "error": str(exc) or type(exc).__name__}
    state = f"{STATE}/{doc_id}"
    files = dict(result.files)
    tokens_ttl = f"{doc_id}/{paths.DOC_FILES['tokens_ttl']}"
    from marxkg.graph.tokens import ntriples_to_turtle

    files[tokens_ttl] = ntriples_to_turtle(result.tokens_nt)
    # the token layer without the triples already in the document's graph (mention spans
    # that are also tokens): graph.ttl + every tokens.nq.gz is the dataset, each triple once
    in_graph = set(result.graph_nt.splitlines(keepends=True))
    only_tokens = b"".join(
        line for line in result.tokens_nt.splitlines(keepends=True) if line not in in_graph
    )
    files[f"{doc_id}/{paths.DOC_FILES['tokens_nq']}"] = _gzip(
        to_nquads(only_tokens, graph_iri(task.base, "tokens", doc_id))
    )
    files[f"{state}/{PART_GRAPH}"] = result.graph_nt
    from marxkg.graph.blocks import dumps_part_blocks

    for name, data in zip(PART_BLOCKS, dumps_part_blocks(result.graph_nt), strict=True):
        files[f"{state}/{name}"] = data
    # written as report.json shows it (indented), so the corpus step only concatenates
    files[f"{state}/{PART_REPORT}"] = json.dumps(
        result.report, ensure_ascii=False, indent=1
    ).encode()
    files[f"{state}/{PART_EVIDENCE}"] = json.dumps(result.evidence).encode()
    files[f"{state}/{PART_FIGURES}"] = json.dumps(result.figures, ensure_ascii=False).encode()
    files[f"{state}/{PART_WORDS}"] = json.dumps(result.word_counts, ensure_ascii=False).encode()
    # what the pages step reads (a dozen times: `marxkg.build_pages.DocShelf`); not the
    # English document, which no corpus page reads (it took 70 % of every read). Kept also
    # in a build without the pages (~0.5 MB a real-size paper), so that turning them on
    # later renders no document again
    files[f"{state}/{PART_PAGES}"] = pickle.dumps((result.document, result.annotations), protocol=5)
    outputs = sorted(k for k in files if not k.startswith(f"{STATE}/"))
    files[f"{state}/{PART_STAMP}"] = json.dumps({"stamp": task.stamp, "outputs": outputs}).encode()
    return {"doc_id": doc_id, "files": files}


def render_packed(task: DocTask) -> dict[str, Any]:
    """`render_payload` for the trip back from a Dask worker: every file not already
    compressed is zlib-compressed (level 1; the text outputs shrink ~5x), `unpack` undoes it."""
    payload = render_payload(task)
    if "files" in payload:
        payload["files"] = {
            rel: data if rel.endswith(".gz") else zlib.compress(data, 1)
            for rel, data in payload["files"].items()
        }
        payload["packed"] = True
    return payload


def unpack(payload: dict[str, Any]) -> dict[str, Any]:
    if payload.pop("packed", False):
        payload["files"] = {
            rel: data if rel.endswith(".gz") else zlib.decompress(data)
            for rel, data in payload["files"].items()
        }
    return payload


def to_nquads(nt: bytes, graph: str) -> bytes:
    """N-Triples lines put into the named graph ``graph`` (N-Quads)."""
    suffix = f" <{graph}> .\n".encode()
    return b"".join(
        line[:-2] + suffix for line in nt.splitlines(keepends=True) if line.endswith(b" .\n")
    )


def _gzip(data: bytes) -> bytes:
    # mtime=0 and no file name: the same triples give the same bytes
    return gzip.compress(data, compresslevel=6, mtime=0)


def write_payload(stage: Path, payload: dict[str, Any]) -> None:
    for rel, data in sorted(payload.get("files", {}).items()):
        target = stage / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        with open(target, "wb") as fh:
            fh.write(data)


def render_to_stage(task: DocTask, stage: str) -> dict[str, Any]:
    """Render one document and write its outputs into the staging directory (worker)."""
    payload = render_payload(task)
    write_payload(Path(stage), payload)
    return {"doc_id": payload["doc_id"], "error": payload.get("error")}
