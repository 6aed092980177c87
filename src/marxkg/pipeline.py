"""From documents and ontology to every output file (pure: returns bytes, writes nothing)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from rdflib import Graph

from marxkg import __version__, paths
from marxkg.export.document_json import dumps_document
from marxkg.graph import add_provenance, build_graph
from marxkg.graph.namespaces import Iris
from marxkg.graph.serialize import to_jsonld, to_turtle
from marxkg.model import Document
from marxkg.ontology import ontology_hash, resolve_evidence
from marxkg.report import document_report, dumps_report


def software_versions(segmenter: str) -> dict[str, str]:
    from importlib.metadata import PackageNotFoundError, version

    out = {}
    for name in ("rdflib", "pyoxigraph", "jieba", "rjieba", "spacy"):
        try:
            out[name] = version(name)
        except PackageNotFoundError:
            continue
    out["segmenter"] = segmenter
    return out


def render_outputs(
    docs: list[Document],
    onto: Graph,
    iris: Iris,
    *,
    corpus: Path,
    ontology_dir: Path,
    stamp: str,
    segmenter: str = "jieba",
    progress: Callable[[str], None] | None = None,
) -> tuple[dict[str, str | bytes], dict[str, Any]]:
    outputs: dict[str, str | bytes] = {}
    g = build_graph(docs, onto, iris)
    g += resolve_evidence(onto, docs, iris)
    add_provenance(g, docs, iris, stamp, ontology_hash(ontology_dir),
                   software_versions(segmenter))
    report: dict[str, Any] = {"marxkg": __version__, "documents": []}
    for doc in docs:
        if progress:
            progress(f"export {doc.doc_id}")
        outputs[f"{doc.doc_id}/{paths.DOC_FILES['document']}"] = dumps_document(doc)
        report["documents"].append(document_report(doc))
    report["graph"] = {"triples": len(g)}
    outputs[paths.BUILD_FILES["graph"]] = to_turtle(g)
    outputs[paths.BUILD_FILES["graph_jsonld"]] = to_jsonld(g)
    outputs[paths.BUILD_FILES["report"]] = dumps_report(report)
    return outputs, report
