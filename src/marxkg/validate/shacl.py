"""SHACL (pySHACL) and the spans' check over an rdflib graph, and the same for the
documents' parts of a build a batch at a time, in worker processes (`marxkg.validate`).

A batch's validation is a function of bytes (its documents' parts of the graph and the
build's own parts: the ontology and the build record) and of the shapes, so batches are
validated side by side: each worker holds one batch's graph at a time (up to
`BATCH_BYTES` of parts: about two real-size papers, ~300 MB in rdflib), and the results
are reported in the documents' order whatever order the workers finish in.

Why batches: the ontology's and the build record's nodes are validated again with every
run (2.3 of the shipped paper's 5.9 s alone; 2.5 of a fixture paper's 2.6 s). pySHACL's
``focus_nodes`` would spare that, but it filters the value nodes of nested shapes by the
same list (pySHACL 0.40), so qualified value shapes (a footnote's one ``rdf:value`` per
script) fail that the graph satisfies. Validating a batch of documents together checks
everything the documents alone would break, and more: a constraint broken only by two
documents of one batch together (which the whole graph breaks too). Each result goes to
the documents it concerns (`shacl_of_batch`).
"""

from __future__ import annotations

import re
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from rdflib import Graph
from rdflib.exceptions import ParserError

from marxkg.ontology import load_shapes
from marxkg.rdf.namespaces import NIF


class PreparedGraph(Graph):
    """An rdflib graph that prepares each SPARQL text once (`prepareQuery`) and reuses it:
    pySHACL runs a SPARQL constraint's text once per focus node, and rdflib parsed it
    every time, a quarter of the shipped paper's validation (5.8 -> 4.4 s). A prepared
    query is what rdflib evaluates anyway; the graph's prefixes are bound as rdflib binds
    them for a text (they do not change during a validation)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._prepared: dict[tuple[str, tuple[tuple[str, str], ...]], Any] = {}

    def query(
        self,
        query_object: Any,
        processor: Any = "sparql",
        result: Any = "sparql",
        initNs: Any = None,  # noqa: N803 - rdflib's name
        initBindings: Any = None,  # noqa: N803 - rdflib's name
        use_store_provided: bool = True,
        **kwargs: Any,
    ) -> Any:
        if isinstance(query_object, str) and processor == "sparql" and not kwargs:
            from rdflib.plugins.sparql import prepareQuery

            key = (query_object, tuple(sorted((str(k), str(v)) for k, v in (initNs or {}).items())))
            prepared = self._prepared.get(key)
            if prepared is None:
                ns = dict(initNs) if initNs else dict(self.namespaces())
                prepared = self._prepared[key] = prepareQuery(query_object, initNs=ns)
            query_object = prepared
        return super().query(
            query_object, processor, result, initNs, initBindings, use_store_provided, **kwargs
        )


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
    """What SHACL and the spans' check found in one document's part (validated in a batch
    with other documents' parts and the build's own parts); ``unreadable``: why the part
    could not be read or parsed (nothing else was checked)."""

    doc_id: str
    conforms: bool
    report: str  # the results that concern this document (pySHACL's text), else ""
    span_errors: tuple[str, ...]
    triples: int  # of its part
    spans: int
    unreadable: str | None = None


#: Documents' parts validated together in one pySHACL run, up to about this many bytes of
#: N-Triples (the shipped paper's part is 4.6 MB with its translation, 2.5 MB without; a
#: fixture paper's 0.1 MB): the ontology and the build record, which every run validates
#: again, cost ~2.3 s a run, which was most of a small document's time
BATCH_BYTES = 8 * 2**20
#: ... in at least this many batches when there are as many documents, so that the workers
#: of any machine share the work. The batches depend on the documents alone (never on
#: ``--jobs`` or the machine), so the results do too.
MIN_BATCHES = 8

Part = tuple[str, str]  # (doc-id, path of its graph part)


def batch_parts(parts: Sequence[Part]) -> list[list[Part]]:
    """The documents' parts in batches, in order: a batch takes the next part while it
    stays within `BATCH_BYTES` and ``ceil(len(parts) / MIN_BATCHES)`` parts (a part larger
    than that is a batch alone; a missing part counts as empty)."""

    def size(path: str) -> int:
        try:
            return Path(path).stat().st_size
        except OSError:
            return 0

    most = max(1, -(-len(parts) // MIN_BATCHES))
    batches: list[list[Part]] = []
    batch: list[Part] = []
    held = 0
    for doc_id, path in parts:
        n = size(path)
        if batch and (held + n > BATCH_BYTES or len(batch) >= most):
            batches.append(batch)
            batch, held = [], 0
        batch.append((doc_id, path))
        held += n
    if batch:
        batches.append(batch)
    return batches


_RESULT = re.compile(r"^(?=(?:Constraint Violation|Validation Result) in )", re.M)
_NODE = re.compile(r"^\t(?:Focus|Value) Node: <([^>\s]+)>$", re.M)


def _docs_named(text: str, base: str, doc_ids: Sequence[str]) -> list[str]:
    """The documents whose IRI (``<base>doc/<id>``, ended by ``/``, ``#`` or ``>``) the
    text names."""
    prefix = re.escape(base + "doc/")
    found = {m.group(1) for m in re.finditer(prefix + r"([^/#>\s]+)(?=[/#>])", text)}
    return [d for d in doc_ids if d in found]


def _owners(block: str, subjects: dict[str, set[str]], base: str) -> list[str]:
    """The documents a result of a batch concerns: those whose part states its focus node
    (else its value node), else those whose IRI it names, else every document of the batch
    (a result about the ontology or the build record only)."""
    ids = list(subjects)
    for node in _NODE.findall(block):
        owners = [d for d in ids if node in subjects[d]]
        if owners:
            return owners
    return _docs_named(block, base, ids) or ids


def _split_report(text: str, subjects: dict[str, set[str]], base: str) -> dict[str, str]:
    """pySHACL's report of a batch, one report per document: the results it concerns."""
    blocks = _RESULT.split(text)[1:]
    mine: dict[str, list[str]] = {d: [] for d in subjects}
    for block in blocks:
        for d in _owners(block, subjects, base):
            mine[d].append(block)
    return {
        d: f"Validation Report\nConforms: False\nResults ({len(b)}):\n" + "".join(b)
        for d, b in mine.items()
        if b
    }


def shacl_of_batch(
    batch: Sequence[Part], own: bytes, ontology: str, base: str
) -> list[DocumentShacl]:
    """SHACL and the spans' check on what a build of the batch's documents alone holds:
    their parts of the graph (N-Triples files) with ``own`` (the build's own parts,
    N-Triples), against the shapes of the ontology directory ``ontology``; one result per
    document, in the batch's order. Each result of the batch goes to the documents it
    concerns (`_owners`); a part that cannot be read or parsed is reported as such and
    left out of the others' run."""
    g = PreparedGraph()
    g.parse(data=own, format="nt")
    subjects: dict[str, set[str]] = {}
    sizes: dict[str, tuple[int, int]] = {}
    unreadable: dict[str, str] = {}
    for doc_id, path in batch:
        part = Graph()
        try:
            part.parse(data=Path(path).read_bytes(), format="nt")
        except (OSError, ParserError) as exc:  # a missing or damaged part
            unreadable[doc_id] = str(exc)
            continue
        subjects[doc_id] = {str(s) for s in part.subjects(unique=True)}
        sizes[doc_id] = (len(part), len(set(part.subjects(NIF.anchorOf))))
        g += part
    reports: dict[str, str] = {}
    errors: dict[str, list[str]] = {d: [] for d in subjects}
    if subjects:
        conforms, text = validate_graph(g, load_shapes(Path(ontology)))
        if not conforms:
            reports = _split_report(text, subjects, base)
        for err in check_spans(g):
            for d in _docs_named(err.split(": ", 1)[0] + ">", base, list(subjects)) or list(
                subjects
            ):
                errors[d].append(err)
    out = []
    for doc_id, _path in batch:
        if doc_id in unreadable:
            out.append(DocumentShacl(doc_id, False, "", (), 0, 0, unreadable=unreadable[doc_id]))
            continue
        report, errs = reports.get(doc_id, ""), tuple(errors[doc_id])
        triples, spans = sizes[doc_id]
        out.append(DocumentShacl(doc_id, not report, report, errs, triples, 0 if errs else spans))
    return out


class DocumentsShacl:
    """`shacl_of_batch` for the (doc-id, part) of ``parts`` in batches (`batch_parts`),
    begun when made: in ``jobs`` worker processes (in this process, when `results` is
    called, if 1), so the caller can check other things meanwhile. Workers are spawned,
    not forked: the caller holds an open store, whose threads a fork would not carry.
    ``done(k, doc_id)`` is called as the k-th document is finished (its batch; from the
    pool's thread)."""

    def __init__(
        self,
        parts: Sequence[tuple[str, Path]],
        own: bytes,
        ontology: Path,
        base: str,
        jobs: int,
        done: Callable[[int, str], None],
    ) -> None:
        self.batches = batch_parts([(doc_id, str(part)) for doc_id, part in parts])
        self._args = (own, str(ontology), base)
        self._done = done
        self._finished = 0
        self._lock = threading.Lock()
        self._pool: Any = None
        self._futures: list[Any] = []
        if jobs > 1 and len(self.batches) > 1:
            import multiprocessing
            from concurrent.futures import ProcessPoolExecutor

            self._pool = ProcessPoolExecutor(
                max_workers=min(jobs, len(self.batches)),
                mp_context=multiprocessing.get_context("spawn"),
            )
            for batch in self.batches:
                future = self._pool.submit(shacl_of_batch, batch, *self._args)
                future.add_done_callback(lambda _f, b=batch: self._count(b))
                self._futures.append(future)

    def _count(self, batch: list[Part]) -> None:
        for doc_id, _part in batch:
            with self._lock:
                self._finished += 1
                k = self._finished
            self._done(k, doc_id)

    def results(self) -> list[DocumentShacl]:
        """Every document's result, in the order of the parts (waits for the workers)."""
        if self._pool is None:
            out = []
            for batch in self.batches:
                out.extend(shacl_of_batch(batch, *self._args))
                self._count(batch)
            return out
        from concurrent.futures.process import BrokenProcessPool

        try:
            return [one for future in self._futures for one in future.result()]
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
