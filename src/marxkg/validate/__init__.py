"""``marxkg validate``: SHACL (pySHACL) over the built graph, plus data checks, per document.

By default SHACL runs on the graph without the token layer (the ontology, the build
record and every document: what ``graph.ttl`` holds), and the token layer gets fast checks
over the store instead, one document at a time (each ``nif:Word`` has its offsets, its
text, its context and its sentence; its text equals ``isString[begin:end]``). ``full``
runs SHACL over the token layer too (minutes per paper).

pySHACL holds its data graph in rdflib: on 24 copies of the shipped paper (489,000
triples) validation peaked at 1.22 GB, about 2.5 KB a triple, and the graph grows with the
corpus (300 copies: 12.6 million triples). Above `WHOLE_GRAPH_TRIPLES` (or with
``per_document``) SHACL runs one document at a time instead, on what a build of that
document alone would hold: its part of the graph (``.docs/<doc-id>/graph.nt``), the
ontology and the build record. What only the whole graph shows is then checked over the
store: the cross-document links (`check_links`). Not checked in that mode: a constraint
broken only by two documents' statements together about a node they share (a reference,
a Marx page), which each document's statements alone satisfy.

Data checks that SHACL cannot express conveniently:
- every NIF span's ``nif:anchorOf`` equals ``isString[begin:end]`` of its context;
- the report lists no unresolved items;
- over the store (`marxkg.validate.checks`): the token layers, the derived facts, the
  cross-document links.

Results name their document where they have one (``<doc-id>: ...``).
"""

from __future__ import annotations

import io
import json
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from rdflib import Graph

from marxkg import paths
from marxkg.ontology import load_shapes
from marxkg.rdf.namespaces import NIF
from marxkg.validate.checks import check_derived, check_links, check_tokens, check_word_counts

MAX_MESSAGES = 50
#: Default-graph size above which SHACL runs one document at a time (~500 MB in rdflib;
#: the shipped paper's graph is 29,205 triples)
WHOLE_GRAPH_TRIPLES = 200_000
#: The build's own parts beside each document's part when SHACL runs per document (the
#: links between documents are checked over the store instead: `check_links`)
PER_DOCUMENT_PARTS = tuple(p for p in paths.CORPUS_PARTS if p != paths.LINKS_PART)


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
    g = Graph()
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
    from pyshacl import validate

    conforms, _, text = validate(
        g, shacl_graph=shapes, inference="none", advanced=True, allow_warnings=True
    )
    return bool(conforms), str(text)


def _doc_of(message: str, doc_ids: list[str], base: str) -> str | None:
    for d in doc_ids:
        if f"{base}doc/{d}/" in message or f"{base}doc/{d}#" in message:
            return d
    return None


def _report_derived(result: ValidationResult, reader: Any) -> None:
    derived = check_derived(reader)
    for err in derived:
        result.fail(err, _doc_of(err, reader.doc_ids, reader.base))
    if not derived:
        result.messages.append("derived facts: agree with the mentions, structure and citations")


def _triples(reader: Any) -> int:
    rows = list(reader.query("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }", False))
    return int(rows[0]["n"].value)


def _shacl_whole(
    result: ValidationResult, reader: Any, shapes: Graph, full: bool, say: Callable[[str], None]
) -> None:
    """SHACL and the spans' check over the whole graph, held in rdflib."""
    say("SHACL over the graph" + (" and the token layer" if full else ""))
    g = _rdflib(reader, full)
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
            + (", token layer included)" if full else "; token layer: fast checks below)")
        )
    errors = check_spans(g)
    for err in errors:
        result.fail(err, _doc_of(err, reader.doc_ids, reader.base))
    if not errors:
        spans = len(set(g.subjects(NIF.anchorOf)))
        result.messages.append(f"NIF: all {spans} spans match their context string")


def _shacl_per_document(
    result: ValidationResult, reader: Any, shapes: Graph, say: Callable[[str], None]
) -> None:
    """SHACL and the spans' check on each document's graph as a build of that document
    alone would hold it (its part, the ontology, the build record), one document in memory
    at a time; then the cross-document links over the store. (The ontology's nodes are
    validated with every document: pySHACL's ``focus_nodes``, which would spare that,
    reported violations of qualified value shapes that the whole graph satisfies.)"""
    own = b"".join(reader.graph_part(None, n).read_bytes() for n in PER_DOCUMENT_PARTS)
    triples = spans = 0
    failed: list[str] = []
    for k, doc_id in enumerate(reader.doc_ids, start=1):
        say(f"[{k}/{len(reader.doc_ids)}] SHACL of {doc_id}")
        try:
            data = reader.graph_part(doc_id).read_bytes()
        except OSError as exc:
            failed.append(doc_id)
            result.fail(f"{doc_id}: its graph part cannot be read ({exc}); build again", doc_id)
            continue
        g = Graph()
        g.parse(data=own + data, format="nt")
        triples += len(g)
        conforms, text = validate_graph(g, shapes)
        if not conforms:
            failed.append(doc_id)
            result.fail(f"{doc_id}: SHACL: its graph does not conform:\n" + text[:20000], doc_id)
            violations = len(text.split("Constraint Violation")[1:])
            result.per_document[doc_id] += max(violations - 1, 0)
        errors = check_spans(g)
        for err in errors:
            result.fail(f"{doc_id}: {err}", doc_id)
        spans += 0 if errors else len(set(g.subjects(NIF.anchorOf)))
        del g
    if not failed:
        result.messages.append(
            f"SHACL: each of {len(reader.doc_ids)} documents conforms, one at a time (each"
            f" its part with the ontology and the build record; {triples} triples validated"
            " in all); not seen this way: constraints broken only by two documents'"
            " statements together"
        )
    say("cross-document links")
    links = check_links(reader)
    for err in links:
        result.fail(err, _doc_of(err, reader.doc_ids, reader.base))
    if not links:
        result.messages.append("cross-document links: between claims of the same figure")
    if spans:
        result.messages.append(f"NIF: all {spans} spans of the documents match their context")


def validate_build(
    out: Path,
    ontology: Path,
    full: bool = False,
    progress: Callable[[str], None] | None = None,
    per_document: bool | None = None,
) -> ValidationResult:
    """Validate a build (see the module docstring); ``full``: SHACL over the tokens too;
    ``per_document``: SHACL one document at a time (None: when the graph is larger than
    `WHOLE_GRAPH_TRIPLES` and not ``full``)."""
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
    shapes = load_shapes(ontology)
    if per_document is None:
        per_document = not full and _triples(reader) > WHOLE_GRAPH_TRIPLES
    if per_document:
        _shacl_per_document(result, reader, shapes, say)
    else:
        _shacl_whole(result, reader, shapes, full, say)
    say("derived facts (concepts and sections of sentences, counts of sections)")
    _report_derived(result, reader)
    if not full:
        for k, doc_id in enumerate(reader.doc_ids, start=1):
            say(f"[{k}/{len(reader.doc_ids)}] token layer of {doc_id}")
            words, token_errors = check_tokens(reader, doc_id)
            token_errors += check_word_counts(reader, doc_id)
            for err in token_errors:
                result.fail(err, doc_id)
            if not token_errors:
                result.messages.append(
                    f"{doc_id}: token layer: {words} words checked, word counts agree"
                )
    report = Path(out) / paths.BUILD_FILES["report"]
    if report.exists():
        data = json.loads(report.read_text(encoding="utf-8"))
        for doc in data.get("documents", []):
            for item in doc.get("unresolved", []):
                result.fail(
                    f"{doc['doc_id']}: unresolved {item['kind']}: {item['message']}", doc["doc_id"]
                )
    return result
