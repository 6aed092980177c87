"""From documents and ontology to every output file (pure: returns bytes, writes nothing)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from rdflib import Graph

from marxkg import __version__, paths
from marxkg.export import DOC_EXPORTERS, ExportContext
from marxkg.export.report import document_report, dumps_report
from marxkg.graph import add_provenance, build_graph
from marxkg.graph.annotations import add_mentions
from marxkg.graph.english import add_english
from marxkg.graph.tokens import dumps_tokens
from marxkg.model import Annotations, Document, EnglishDocument
from marxkg.ontology import ontology_hash, resolve_evidence
from marxkg.rdf.namespaces import Iris
from marxkg.rdf.serialize import to_jsonld, to_turtle


def software_versions(segmenter: str) -> dict[str, str]:
    from importlib.metadata import PackageNotFoundError, version

    out = {}
    for name in ("rdflib", "pyoxigraph", "jieba", "rjieba", "spacy"):
        try:
            out[name] = version(name)
        except PackageNotFoundError:
            continue
    name = "rjieba" if segmenter == "rjieba" else "jieba"
    out["segmenter"] = f"{segmenter} {out.get(name, '')}".strip()
    return out


def _evaluation(doc: Document, ann: Annotations, corpus: Path,
                onto: Graph | None = None) -> dict[str, Any] | None:
    from marxkg.nlp.evaluate import GOLD_NAME, evaluate, read_gold
    from marxkg.nlp.goldsets import scheme_map

    gold = read_gold(corpus / doc.doc_id / GOLD_NAME)
    if not gold:
        return None
    passages = {g["passage"]: (doc.blocks[g["passage"]].start, doc.blocks[g["passage"]].end)
                for g in gold}
    return evaluate(ann, gold, passages, scheme_map(onto) if onto is not None else None)


def english_layer(docs: list[Document], onto: Graph, corpus: Path,
                  progress: Callable[[str], None] | None = None) -> dict[str, EnglishDocument]:
    """English documents for the docs that have an aligned translation (others: none)."""
    from marxkg.corpus_io import read_translation
    from marxkg.ingest.translation import align
    from marxkg.nlp.en import EnglishAnnotator

    out: dict[str, EnglishDocument] = {}
    annotator = None
    for doc in docs:
        records = read_translation(corpus / doc.doc_id)
        if not records:
            continue
        if progress:
            progress(f"English layer {doc.doc_id}")
        annotator = annotator or EnglishAnnotator(onto)
        out[doc.doc_id] = annotator(doc.doc_id, align(doc, records))
    return out


AGREEMENT_NOTES = "agreement-notes.yaml"


def bilingual_report(ann: Annotations, en: EnglishDocument | None,
                     notes_file: Path) -> dict[str, Any] | None:
    from marxkg.nlp.agreement import agreement, explain

    if en is None:
        return None
    data = agreement(ann, en)
    explain(data, notes_file)
    data["sentences_translated"] = len(en.sentences)
    data["english_tokens"] = len(en.tokens)
    return data


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
    from marxkg.graph.claims import add_claims
    from marxkg.nlp.annotate import Annotator
    from marxkg.nlp.claims import attach_claims, summarize_claims

    outputs: dict[str, str | bytes] = {}
    if progress:
        progress(f"segmenter {segmenter} + concept tagger")
    from marxkg.nlp.policy import load_policy

    annotator = Annotator(onto, segmenter, policy=load_policy(ontology_dir))
    anns = {}
    for doc in docs:
        if progress:
            progress(f"annotate {doc.doc_id}")
        anns[doc.doc_id] = annotator(doc)
        attach_claims(doc, anns[doc.doc_id].mentions)
    ens = english_layer(docs, onto, corpus, progress)
    g = build_graph(docs, onto, iris)
    for doc in docs:
        add_mentions(g, doc, anns[doc.doc_id], iris)
        if doc.doc_id in ens:
            add_english(g, doc, ens[doc.doc_id], iris)
    add_claims(g, docs, iris)
    g += resolve_evidence(onto, docs, iris)
    add_provenance(g, docs, iris, stamp, ontology_hash(ontology_dir),
                   software_versions(segmenter))
    report: dict[str, Any] = {"marxkg": __version__, "documents": []}
    ctx = ExportContext(iris, onto)
    for doc in docs:
        if progress:
            progress(f"export {doc.doc_id}")
        ann = anns[doc.doc_id]
        for name, dumps in DOC_EXPORTERS.items():
            outputs[f"{doc.doc_id}/{name}"] = dumps(doc, ann, ctx)
        outputs[f"{doc.doc_id}/{paths.DOC_FILES['tokens_ttl']}"] = dumps_tokens(
            doc, ann, iris, ens.get(doc.doc_id))
        entry = document_report(doc, ann, onto, _evaluation(doc, ann, corpus, onto))
        entry["bilingual"] = bilingual_report(ann, ens.get(doc.doc_id),
                                              corpus / doc.doc_id / AGREEMENT_NOTES)
        entry["claims"] = summarize_claims(doc)
        report["documents"].append(entry)
    report["graph"] = {"triples": len(g)}
    outputs[paths.BUILD_FILES["graph"]] = to_turtle(g)
    outputs[paths.BUILD_FILES["graph_jsonld"]] = to_jsonld(g)
    outputs[paths.BUILD_FILES["report"]] = dumps_report(report)
    from marxkg.html import render_html
    outputs.update(render_html(docs, anns, g, onto, iris))
    return outputs, report
