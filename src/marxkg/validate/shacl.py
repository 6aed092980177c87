"""SHACL (pySHACL) and the spans' check over an rdflib graph, and the same for one
document's part of a build at a time, in worker processes (`marxkg.validate`).

One document's validation is a function of bytes (its part of the graph and the build's
own parts: the ontology and the build record) and of the shapes, so documents are
validated side by side: each worker holds one document's graph at a time (~200 MB for a
real-size paper), and the results are reported in the documents' order whatever order
the workers finish in.

The ontology's and the build record's nodes are validated again with every document
(2.3 of the shipped paper's 5.9 s). pySHACL's ``focus_nodes`` would spare that, but it
filters the value nodes of nested shapes by the same list (pySHACL 0.40), so qualified
value shapes (a footnote's one ``rdf:value`` per script) fail that the graph satisfies.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from rdflib import Graph
from rdflib.exceptions import ParserError

from marxkg.ontology import load_shapes
from marxkg.rdf.namespaces import NIF


def check_spans(g: Graph) -> list[str]:
    """Every NIF span must satisfy ``isString[begin:end] == anchorOf``."""
    contexts: dict[Any, str] = {c: str(s) for c, s in g.subject_objects(NIF.isString)}
    errors = []
    for span, anchor in g.subject_objects(NIF.anchorOf):
        ctx = g.value(span, NIF.referenceContext)
        b, e = g.value(span, NIF.beginIndex), g.value(span, NIF.endIndex)
        if ctx not in contexts or b is None or e is None:
            errors.append(f"{span}: span without context or offsets")
            continue
        if contexts[ctx][int(str(b)) : int(str(e))] != str(anchor):
            errors.append(f"{span}: anchorOf {str(anchor)[:20]!r} != isString[{b}:{e}]")
    return errors


def validate_graph(g: Graph, shapes: Graph) -> tuple[bool, str]:
    """pySHACL over ``g`` with ``shapes``: (conforms, the report's text). No inference and
    no SHACL-AF (the shapes use neither), and ``g`` is read in place (not copied) and left
    as it was."""
    from pyshacl import validate

    conforms, _, text = validate(
        g, shacl_graph=shapes, inference="none", advanced=False, inplace=True, allow_warnings=True
    )
    return bool(conforms), str(text)


def count_violations(text: str) -> int:
    """The number of results in a pySHACL report's text."""
    return text.count("Constraint Violation")


@dataclass(frozen=True)
class DocumentShacl:
    """What SHACL and the spans' check found in one document's part (with the build's own
    parts); ``unreadable``: why the part could not be read or parsed (nothing else was
    checked)."""

    doc_id: str
    conforms: bool
    report: str  # pySHACL's text when the part does not conform, else ""
    span_errors: tuple[str, ...]
    triples: int
    spans: int
    unreadable: str | None = None


def shacl_of_document(doc_id: str, part: str, own: bytes, ontology: str) -> DocumentShacl:
    """SHACL and the spans' check on what a build of ``doc_id`` alone holds: its part of
    the graph (the file ``part``, N-Triples) with ``own`` (the build's own parts,
    N-Triples), against the shapes of the ontology directory ``ontology``."""
    g = Graph()
    try:
        g.parse(data=own + Path(part).read_bytes(), format="nt")
    except (OSError, ParserError) as exc:  # a missing or damaged part
        return DocumentShacl(doc_id, False, "", (), 0, 0, unreadable=str(exc))
    conforms, text = validate_graph(g, load_shapes(Path(ontology)))
    errors = tuple(check_spans(g))
    spans = 0 if errors else len(set(g.subjects(NIF.anchorOf)))
    return DocumentShacl(doc_id, conforms, "" if conforms else text, errors, len(g), spans)


class DocumentsShacl:
    """`shacl_of_document` for each (doc-id, part) of ``parts``, begun when made: in
    ``jobs`` worker processes (in this process, when `results` is called, if 1), so the
    caller can check other things meanwhile. Workers are spawned, not forked: the caller
    holds an open store, whose threads a fork would not carry. ``done(k, doc_id)`` is
    called as the k-th document is finished (from the pool's thread)."""

    def __init__(
        self,
        parts: Sequence[tuple[str, Path]],
        own: bytes,
        ontology: Path,
        jobs: int,
        done: Callable[[int, str], None],
    ) -> None:
        self._parts = [(doc_id, str(part)) for doc_id, part in parts]
        self._args = (own, str(ontology))
        self._done = done
        self._finished = 0
        self._lock = threading.Lock()
        self._pool: Any = None
        self._futures: list[Any] = []
        if jobs > 1 and len(parts) > 1:
            import multiprocessing
            from concurrent.futures import ProcessPoolExecutor

            self._pool = ProcessPoolExecutor(
                max_workers=min(jobs, len(parts)), mp_context=multiprocessing.get_context("spawn")
            )
            for doc_id, part in self._parts:
                future = self._pool.submit(shacl_of_document, doc_id, part, *self._args)
                future.add_done_callback(lambda _f, d=doc_id: self._count(d))
                self._futures.append(future)

    def _count(self, doc_id: str) -> None:
        with self._lock:
            self._finished += 1
            k = self._finished
        self._done(k, doc_id)

    def results(self) -> list[DocumentShacl]:
        """Every document's result, in the order of the parts (waits for the workers)."""
        if self._pool is None:
            out = []
            for doc_id, part in self._parts:
                out.append(shacl_of_document(doc_id, part, *self._args))
                self._count(doc_id)
            return out
        from concurrent.futures.process import BrokenProcessPool

        try:
            return [future.result() for future in self._futures]
        except BrokenProcessPool as exc:  # a worker was killed (out of memory?)
            raise RuntimeError(
                f"a SHACL worker process ended abruptly ({exc}); validate with fewer --jobs"
            ) from exc
        finally:
            self.close()

    def close(self) -> None:
        """Stop: cancel what has not begun and wait for the workers to end."""
        if self._pool is not None:
            for future in self._futures:
                future.cancel()
            self._pool.shutdown(wait=True)
            self._pool = None

    def __enter__(self) -> DocumentsShacl:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()
