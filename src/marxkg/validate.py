"""``marxkg validate``: SHACL (pySHACL) over the built graph, plus data checks.

Data checks that SHACL cannot express conveniently:
- every NIF span's ``nif:anchorOf`` equals ``isString[begin:end]`` of its context;
- the report lists no unresolved items.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from rdflib import Graph, URIRef

from marxkg import paths
from marxkg.ontology import load_shapes
from marxkg.rdf.namespaces import NIF
from marxkg.rdf.serialize import load_turtle


@dataclass
class ValidationResult:
    ok: bool = True
    violations: int = 0
    messages: list[str] = field(default_factory=list)

    def fail(self, message: str) -> None:
        self.ok = False
        self.violations += 1
        self.messages.append(message)


def load_built_graph(out: Path, with_tokens: bool = True) -> Graph:
    graph_file = Path(out) / paths.BUILD_FILES["graph"]
    if not graph_file.exists():
        raise FileNotFoundError(f"{graph_file}: not built yet (run `marxkg build`)")
    g = load_turtle(graph_file.read_bytes())
    if with_tokens:
        for tokens in sorted(Path(out).glob(f"*/{paths.DOC_FILES['tokens_ttl']}")):
            load_turtle(tokens.read_bytes(), g)
    return g


def check_spans(g: Graph) -> list[str]:
    """Every NIF span must satisfy ``isString[begin:end] == anchorOf``."""
    contexts: dict[URIRef, str] = {
        c: str(s) for c, s in g.subject_objects(NIF.isString)
    }
    errors = []
    for span, anchor in g.subject_objects(NIF.anchorOf):
        ctx = g.value(span, NIF.referenceContext)
        b, e = g.value(span, NIF.beginIndex), g.value(span, NIF.endIndex)
        if ctx not in contexts or b is None or e is None:
            errors.append(f"{span}: span without context or offsets")
            continue
        if contexts[ctx][int(b):int(e)] != str(anchor):
            errors.append(f"{span}: anchorOf {str(anchor)[:20]!r} != isString[{b}:{e}]")
    return errors


def validate_graph(g: Graph, shapes: Graph) -> tuple[bool, str]:
    from pyshacl import validate

    conforms, _, text = validate(g, shacl_graph=shapes, inference="none",
                                 advanced=True, allow_warnings=True)
    return bool(conforms), str(text)


def validate_build(out: Path, ontology: Path,
                   progress: Callable[[str], None] | None = None) -> ValidationResult:
    """SHACL, NIF span and report checks of a build; ``progress(message)`` is called as each
    stage starts."""
    def step(message: str) -> None:
        if progress is not None:
            progress(message)

    result = ValidationResult()
    step(f"loading {out} (graph.ttl and the token layer)")
    try:
        g = load_built_graph(out)
    except FileNotFoundError as exc:
        result.fail(str(exc))
        return result
    step(f"SHACL: validating {len(g)} triples with pySHACL (the longest step)")
    conforms, text = validate_graph(g, load_shapes(ontology))
    if not conforms:
        result.fail("SHACL: the graph does not conform:\n" + text[:20000])
    else:
        result.messages.append(f"SHACL: conforms ({len(g)} triples)")
    step("NIF: checking every span against its context string")
    errors = check_spans(g)
    for err in errors[:50]:
        result.fail(err)
    if not errors:
        spans = len(set(g.subjects(NIF.anchorOf)))
        result.messages.append(f"NIF: all {spans} spans match their context string")
    report = Path(out) / paths.BUILD_FILES["report"]
    if report.exists():
        data = json.loads(report.read_text(encoding="utf-8"))
        for doc in data.get("documents", []):
            for item in doc.get("unresolved", []):
                result.fail(f"{doc['doc_id']}: unresolved {item['kind']}: {item['message']}")
    return result
