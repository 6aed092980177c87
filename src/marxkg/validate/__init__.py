"""``marxkg validate``: SHACL (pySHACL) over the built graph, plus data checks, per document.

By default SHACL runs on the graph without the token layer (the ontology, the build
record and every document: what ``graph.ttl`` holds), and the token layer gets fast checks
over the store instead, one document at a time (each ``nif:Word`` has its offsets, its
text, its context and its sentence; its text equals ``isString[begin:end]``). ``full``
runs SHACL over the token layer too (minutes per paper).

pySHACL holds its data graph in rdflib: on 24 copies of the shipped paper (489,000
triples) validation peaked at 1.22 GB, about 2.5 KB a triple, and the graph grows with the
corpus (300 copies: 12.6 million triples). Above `WHOLE_GRAPH_TRIPLES` (or with
``per_document``) SHACL runs on a few documents at a time instead (batches of up to about
two real-size papers or dozens of small ones), on what a build of those documents alone
would hold: their parts of the graph (``.docs/<doc-id>/graph.nt``), the ontology and the
build record, in worker processes (`marxkg.validate.shacl`) while this process checks the
store; each result is reported with the documents it concerns. What only the whole graph
shows is then checked over the store: the cross-document links (`check_links`). Not
checked in that mode: a constraint broken only by two documents' statements together
about a node they share (a reference, a Marx page), when the two are in different batches.

Data checks that SHACL cannot express conveniently:
- every NIF span's ``nif:anchorOf`` equals ``isString[begin:end]`` of its context;
- the report lists no unresolved items;
- over the store (`marxkg.validate.checks`): the token layers, the derived facts, the
  cross-document links, the corpus's word counts (the sums of the documents').

Results name their document where they have one (``<doc-id>: ...``).
"""

from __future__ import annotations

import io
import json
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from rdflib import RDF, Graph

from marxkg import paths
from marxkg.ontology import load_shapes
from marxkg.rdf.namespaces import MKG, NIF
from marxkg.validate.checks import (
    check_corpus_counts,
    check_derived,
    check_links,
    check_tokens,
    check_word_counts,
)
from marxkg.validate.shacl import (
    DocumentShacl,
    DocumentsShacl,
    PreparedGraph,
    check_spans,
    count_violations,
    validate_graph,
)

MAX_MESSAGES = 50
#: Default-graph size above which SHACL runs a batch of documents at a time (~500 MB in
#: rdflib; the shipped paper's graph is 29,205 triples)
WHOLE_GRAPH_TRIPLES = 200_000
#: The build's own parts beside each document's part when SHACL runs per document (the
#: links between documents and the corpus's word counts are checked over the store
#: instead: `check_links`, `check_corpus_counts`)
PER_DOCUMENT_PARTS = tuple(
    p for p in paths.CORPUS_PARTS if p not in (paths.LINKS_PART, paths.COUNTS_PART)
)


@dataclass
class ValidationResult:
    ok: bool = True
    violations: int = 0
    messages: list[str] = field(default_factory=list)
    per_document: dict[str, int] = field(default_factory=dict)  # doc id -> violations

    def fail(self, message: str, doc_id: str | None = None) -> None:
        self.ok = False
        self.violations += 1
        if doc_id is not None:
            self.per_document[doc_id] = self.per_document.get(doc_id, 0) + 1
        if self.violations <= MAX_MESSAGES:
            self.messages.append(message)


def _rdflib(reader: Any, tokens: bool) -> Graph:
    import pyoxigraph as ox

    triples = reader.query("CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }", tokens)
    nt = ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES) or b""
    g = PreparedGraph()
    g.parse(io.BytesIO(nt), format="nt")
    return g


def load_built_graph(out: Path, with_tokens: bool = True) -> Graph:
    """The built graph (and the token layer) as an rdflib graph, read from the store."""
    from marxkg.store import BuildMissing, open_build

    try:
        reader = open_build(out)
    except BuildMissing as exc:
        raise FileNotFoundError(str(exc)) from exc
    return _rdflib(reader, with_tokens)


def _doc_of(message: str, doc_ids: list[str], base: str) -> str | None:
    for d in doc_ids:
        if f"{base}doc/{d}/" in message or f"{base}doc/{d}#" in message:
            return d
    return None


def _report_derived(result: ValidationResult, reader: Any, derived: list[str]) -> None:
    for err in derived:
        result.fail(err, _doc_of(err, reader.doc_ids, reader.base))
    if not derived:
        result.messages.append("derived facts: agree with the mentions, structure and citations")


def _report_corpus_counts(result: ValidationResult, counted: int, errors: list[str]) -> None:
    for err in errors:
        result.fail(err)
    if not errors:
        result.messages.append(
            f"corpus word counts: {counted} word forms and tags, the sums of the documents'"
        )


def _triples(reader: Any) -> int:
    rows = list(reader.query("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }", False))
    return int(rows[0]["n"].value)


def _shacl_whole(
    result: ValidationResult, reader: Any, shapes: Graph, full: bool, say: Callable[[str], None]
) -> None:
    """SHACL and the spans' check over the whole graph, held in rdflib."""
    say("SHACL over the graph" + (" and the token layer" if full else ""))
    g = _rdflib(reader, full)
    if not full:  # checked over the store instead (`check_corpus_counts`), as per document
        for s in set(g.subjects(RDF.type, MKG.CorpusWordCount)):
            g.remove((s, None, None))
    conforms, text = validate_graph(g, shapes)
    if not conforms:
        result.fail("SHACL: the graph does not conform:\n" + text[:20000])
        for block in text.split("Constraint Violation")[1:]:
            doc = _doc_of(block, reader.doc_ids, reader.base)
            if doc:
                result.per_document[doc] = result.per_document.get(doc, 0) + 1
    else:
        result.messages.append(
            f"SHACL: conforms ({len(g)} triples"
            + (
                ", token layer included)"
                if full
                else "; token layer and corpus word counts: fast checks below)"
            )
        )
    errors = check_spans(g)
    for err in errors:
        result.fail(err, _doc_of(err, reader.doc_ids, reader.base))
    if not errors:
        spans = len(set(g.subjects(NIF.anchorOf)))
        result.messages.append(f"NIF: all {spans} spans match their context string")


def _report_documents(
    result: ValidationResult,
    reader: Any,
    outcomes: list[DocumentShacl],
    batches: int,
    links: list[str],
) -> None:
    """Each document's SHACL and spans (in the documents' order), then the links."""
    triples = spans = 0
    failed = False
    for one in outcomes:
        doc_id = one.doc_id
        if one.unreadable is not None:
            failed = True
            result.fail(
                f"{doc_id}: its graph part cannot be read or parsed ({one.unreadable});"
                " build again",
                doc_id,
            )
            continue
        triples += one.triples
        spans += one.spans
        if not one.conforms:
            failed = True
            result.fail(
                f"{doc_id}: SHACL: its graph does not conform:\n" + one.report[:20000], doc_id
            )
            result.per_document[doc_id] += max(count_violations(one.report) - 1, 0)
        for err in one.span_errors:
            result.fail(f"{doc_id}: {err}", doc_id)
    if not failed:
        result.messages.append(
            f"SHACL: each of {len(outcomes)} documents conforms, validated in {batches}"
            f" batch(es) of documents (each with the ontology and the build record;"
            f" {triples} triples of the documents); not seen this way: constraints broken"
            " only by two documents of different batches together"
        )
    for err in links:
        result.fail(err, _doc_of(err, reader.doc_ids, reader.base))
    if not links:
        result.messages.append("cross-document links: between claims of the same figure")
    if spans:
        result.messages.append(f"NIF: all {spans} spans of the documents match their context")


def _check_token_layers(
    reader: Any, say: Callable[[str], None]
) -> list[tuple[str, int, list[str]]]:
    """Each document's token layer and word counts, over the store: (doc-id, words, errors)."""
    checked = []
    for k, doc_id in enumerate(reader.doc_ids, start=1):
        say(f"[{k}/{len(reader.doc_ids)}] token layer of {doc_id}")
        words, errors = check_tokens(reader, doc_id)
        checked.append((doc_id, words, errors + check_word_counts(reader, doc_id)))
    return checked


def _report_token_layers(
    result: ValidationResult, checked: list[tuple[str, int, list[str]]]
) -> None:
    for doc_id, words, errors in checked:
        for err in errors:
            result.fail(err, doc_id)
        if not errors:
            result.messages.append(
                f"{doc_id}: token layer: {words} words checked, word counts agree"
            )


def _report_unresolved(result: ValidationResult, out: Path) -> None:
    report = Path(out) / paths.BUILD_FILES["report"]
    if report.exists():
        data = json.loads(report.read_text(encoding="utf-8"))
        for doc in data.get("documents", []):
            for item in doc.get("unresolved", []):
                result.fail(
                    f"{doc['doc_id']}: unresolved {item['kind']}: {item['message']}", doc["doc_id"]
                )


def validate_build(
    out: Path,
    ontology: Path,
    full: bool = False,
    progress: Callable[[str], None] | None = None,
    per_document: bool | None = None,
    jobs: int = 1,
) -> ValidationResult:
    """Validate a build (see the module docstring); ``full``: SHACL over the tokens too;
    ``per_document``: SHACL a batch of documents at a time (None: when the graph is larger than
    `WHOLE_GRAPH_TRIPLES` and not ``full``), in ``jobs`` worker processes while this one
    checks the store. The results are the same, in the same order, for any ``jobs``."""
    from marxkg.store import BuildMissing, open_build

    say = progress or (lambda _m: None)
    result = ValidationResult()
    try:
        reader = open_build(out)
    except BuildMissing as exc:
        result.fail(str(exc))
        return result
    if full and per_document:
        raise ValueError(
            "SHACL over the token layer (full) runs on the whole graph, not per document"
        )
    if per_document is None:
        per_document = not full and _triples(reader) > WHOLE_GRAPH_TRIPLES
    derived_step = "derived facts (concepts and sections of sentences, counts of sections)"
    counts_step = "the corpus's word counts against the documents'"
    if per_document:
        own = b"".join(reader.graph_part(None, n).read_bytes() for n in PER_DOCUMENT_PARTS)
        parts = [(doc_id, reader.graph_part(doc_id)) for doc_id in reader.doc_ids]

        def done(k: int, doc_id: str) -> None:
            say(f"[{k}/{len(parts)}] SHACL of {doc_id}")

        with DocumentsShacl(parts, own, ontology, reader.base, jobs, done) as documents:
            say("cross-document links")
            links = check_links(reader)
            say(derived_step)
            derived = check_derived(reader)
            say(counts_step)
            counts = check_corpus_counts(reader)
            tokens = _check_token_layers(reader, say)
            outcomes = documents.results()
        _report_documents(result, reader, outcomes, len(documents.batches), links)
    else:
        _shacl_whole(result, reader, load_shapes(ontology), full, say)
        say(derived_step)
        derived = check_derived(reader)
        say(counts_step)
        counts = check_corpus_counts(reader)
        tokens = [] if full else _check_token_layers(reader, say)
    _report_derived(result, reader, derived)
    _report_corpus_counts(result, *counts)
    _report_token_layers(result, tokens)
    _report_unresolved(result, out)
    return result
