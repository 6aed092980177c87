"""The render step: from what a document brings to its outputs (pure: reads no file, writes
no file; returns bytes and small records).

Who does what:

- `marxkg.corpus_io` reads a document's files into a `DocumentInputs`;
- this module turns one `DocumentInputs` into a `DocumentResult` (annotations, English
  layer, the per-document exports, the document's part of the graph as sorted N-Triples,
  the evidence quotes it resolves, its report entry) and, for the corpus as a whole, the
  provenance and the pages;
- `marxkg.build` orchestrates: stamps, worker processes, incremental reuse, streaming the
  results to disk and into the store, and the atomic swap of ``build/``.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from types import SimpleNamespace
from typing import TYPE_CHECKING, Any, cast

from rdflib import Graph
from rdflib.namespace import PROV, RDF

from marxkg import __version__
from marxkg.corpus_io import DocumentInputs
from marxkg.export.report import document_report
from marxkg.graph import add_provenance, new_graph
from marxkg.graph.citations import add_citations, add_section_counts
from marxkg.graph.merge import canonical_ntriples
from marxkg.graph.text import add_document
from marxkg.model import Annotations, Document, EnglishDocument
from marxkg.rdf.namespaces import MKG, Iris

if TYPE_CHECKING:
    from marxkg.html.graphdata import EnglishLayer


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


@dataclass
class RenderContext:
    """What every document's render shares: the ontology, the IRIs and the NLP models
    (created on first use, once per worker process)."""

    onto: Graph
    iris: Iris
    segmenter: str = "jieba"
    ontology_dir: str | None = None  # where the tagging policy (tagging-rules.yaml) is
    _annotator: Any = None
    _english: Any = None
    _export: Any = None

    def annotator(self) -> Any:
        if self._annotator is None:
            from marxkg.nlp.annotate import Annotator
            from marxkg.nlp.policy import load_policy

            policy = load_policy(Path(self.ontology_dir)) if self.ontology_dir else None
            self._annotator = Annotator(self.onto, self.segmenter, policy=policy)
        return self._annotator

    def english_annotator(self) -> Any:
        if self._english is None:
            from marxkg.nlp.en import EnglishAnnotator

            self._english = EnglishAnnotator(self.onto)
        return self._english

    def export_context(self) -> Any:
        if self._export is None:
            from marxkg.export import ExportContext

            self._export = ExportContext(self.iris, self.onto)
        return self._export


@dataclass
class DocumentResult:
    """One document rendered: ``files`` (path relative to ``build/`` -> bytes), the
    document's part of the graph as sorted N-Triples (no ontology), its token layer as
    sorted N-Triples, the evidence nodes it resolves, its report entry, and the objects the
    pages need (document, annotations, English document)."""

    doc_id: str
    files: dict[str, bytes] = field(default_factory=dict)
    graph_nt: bytes = b""
    tokens_nt: bytes = b""
    evidence: list[str] = field(default_factory=list)
    report: dict[str, Any] = field(default_factory=dict)
    figures: list[list[str]] = field(default_factory=list)  # [figure key, claim IRI]
    document: Document | None = None
    annotations: Annotations | None = None
    english: EnglishDocument | None = None
    word_counts: list[tuple[str, str, int]] = field(default_factory=list)  # graph.tokens


def evaluation(
    doc: Document,
    ann: Annotations,
    gold: list[dict[str, Any]],
    onto: Graph | None = None,
    base: str | None = None,
) -> dict[str, Any] | None:
    """Tagger P/R/F1 (overall and per scheme) against the document's gold mentions."""
    from marxkg.nlp.evaluate import evaluate
    from marxkg.nlp.goldsets import scheme_map
    from marxkg.vocab import DEFAULT_BASE

    if not gold:
        return None
    passages = {
        g["passage"]: (doc.blocks[g["passage"]].start, doc.blocks[g["passage"]].end) for g in gold
    }
    return evaluate(
        ann, gold, passages, scheme_map(onto) if onto is not None else None, base or DEFAULT_BASE
    )


def bilingual_report(
    ann: Annotations, en: EnglishDocument | None, notes: list[dict[str, Any]]
) -> dict[str, Any] | None:
    from marxkg.nlp.agreement import agreement, explain_with

    if en is None:
        return None
    data = agreement(ann, en)
    explain_with(data, notes)
    data["sentences_translated"] = len(en.sentences)
    data["english_tokens"] = len(en.tokens)
    return data


def english_document(inputs: DocumentInputs, ctx: RenderContext) -> Any:
    """The English layer of a document with an aligned translation (else None)."""
    if not inputs.translation:
        return None
    from marxkg.ingest.translation import align

    return ctx.english_annotator()(inputs.doc_id, align(inputs.document, inputs.translation))


def evidence_graph(onto: Graph, doc: Document, iris: Iris) -> tuple[Graph, list[str]]:
    """``prov:wasDerivedFrom`` from the ontology's evidence quotes to this document's
    sentences, and the quotes found (``node\0quote``). Evidence belongs to documents: a
    node's quotes are looked up only in the documents it names with ``mkg:evidenceIn``
    (the build checks, over the corpus, that each quote is found in its document)."""
    out = Graph()
    found = set()
    here = iris.doc(doc.doc_id)
    for node, quote in sorted(onto.subject_objects(MKG.evidenceQuote)):
        if here not in set(onto.objects(node, MKG.evidenceIn)):
            continue
        text = str(quote)
        start = doc.text.find(text)
        while start >= 0:
            found.add(f"{node}\0{text}")
            end = start + len(text)
            for s in doc.sentences:
                if s.start < end and start < s.end:
                    out.add((node, PROV.wasDerivedFrom, iris.span(doc.doc_id, s.start, s.end)))
            start = doc.text.find(text, end)
    return out, sorted(found)


def evidence_quotes(onto: Graph, doc_ids: Iterable[str], iris: Iris) -> tuple[list[str], list[str]]:
    """The evidence quotes the corpus must hold (``node\0quote`` of the nodes naming a
    document of ``doc_ids``), and the nodes that name no document at all (an error)."""
    docs = {iris.doc(d) for d in doc_ids}
    want, orphans = [], []
    for node, quote in sorted(onto.subject_objects(MKG.evidenceQuote)):
        named = set(onto.objects(node, MKG.evidenceIn))
        if not named:
            orphans.append(f"{node}: no mkg:evidenceIn for {quote}")
        elif named & docs:
            want.append(f"{node}\0{quote}")
    return want, orphans


def render_document(inputs: DocumentInputs, ctx: RenderContext) -> DocumentResult:
    """Every per-document output of one document (pure)."""
    from marxkg.export import DOC_EXPORTERS
    from marxkg.graph.annotations import add_mentions  # loads the NLP stage: workers only
    from marxkg.graph.claims import add_claims, claim_figures
    from marxkg.graph.english import add_english
    from marxkg.graph.tokens import token_ntriples, word_counts
    from marxkg.nlp.claims import attach_claims, summarize_claims

    doc = inputs.document
    ann = ctx.annotator()(doc)
    attach_claims(doc, ann.mentions)
    en = english_document(inputs, ctx)
    g = new_graph()
    add_document(g, doc, ctx.iris)
    add_citations(g, doc, ctx.iris)
    add_section_counts(g, doc, ctx.iris)
    add_mentions(g, doc, ann, ctx.iris)
    if en is not None:
        add_english(g, doc, en, ctx.iris)
    add_claims(g, [doc], ctx.iris)
    ev, found = evidence_graph(ctx.onto, doc, ctx.iris)
    g += ev
    result = DocumentResult(
        doc.doc_id,
        graph_nt=canonical_ntriples(g),
        evidence=found,
        figures=claim_figures(doc, ctx.iris),
        document=doc,
        annotations=ann,
        english=en,
    )
    export = ctx.export_context()
    for name, dumps in DOC_EXPORTERS.items():
        result.files[f"{doc.doc_id}/{name}"] = dumps(doc, ann, export).encode("utf-8")
    result.word_counts = word_counts(doc, ann)  # in the token layer and the corpus's counts
    result.tokens_nt = token_ntriples(doc, ann, ctx.iris, en, result.word_counts)
    entry = document_report(
        doc, ann, ctx.onto, evaluation(doc, ann, inputs.gold, ctx.onto, ctx.iris.base)
    )
    entry["bilingual"] = bilingual_report(ann, en, inputs.agreement_notes)
    entry["claims"] = summarize_claims(doc)
    result.report = entry
    return result


def provenance_graph(
    doc_ids: Iterable[str], iris: Iris, stamp: str, ontology_hash: str, segmenter: str
) -> Graph:
    """PROV-O of the build (which documents, ontology and software)."""
    g = new_graph()
    # add_provenance reads only doc_id of each document
    docs = cast(list[Document], [SimpleNamespace(doc_id=d) for d in doc_ids])
    add_provenance(g, docs, iris, stamp, ontology_hash, software_versions(segmenter))
    return g


def corpus_report(entries: list[dict[str, Any]], triples: int) -> dict[str, Any]:
    return {"marxkg": __version__, "documents": entries, "graph": {"triples": triples}}


def render_pages(
    docs: Sequence[Document], anns: Mapping[str, Any], g: Graph, onto: Graph, iris: Iris
) -> dict[str, bytes]:
    """The pages that show the whole corpus (concept map, citation index, readers)."""
    return dict(iter_pages(docs, anns, g, onto, iris))


def page_graph(parts: list[Path], iris: Iris, own: bool = True) -> Graph:
    """The graph the pages read, from N-Triples parts: every triple about what documents
    share (the ontology, editions, works, references, people, the build's provenance) and,
    of a document's own subjects (``<doc/ID…>``), only those a page reads from the graph
    (`own_lines`: the English layer and the notes' English), unless ``own`` is false: then
    the caller reads those one document at a time (`marxkg.build_pages`). The pages take
    everything else of a document (text, sentences, notes, citations, claims, mentions)
    from the document and its annotations, so the graph does not grow with the documents'
    own nodes: on 1,000 fixture papers it holds 9,410 triples, against 101,077 when only
    the Chinese text's spans were left out
    (`tests/test_html.py::test_page_graph_keeps_what_the_pages_read`); without the English
    layers, 100 copies of the shipped paper (half of them translated) give a few thousand
    triples instead of 462,160 (600 MB in rdflib)."""
    head = f"<{iris.base}doc/"
    g = new_graph()
    for part in parts:
        kept = []
        with open(part, encoding="utf-8") as f:
            for line in f:
                if not line.startswith(head):
                    kept.append(line)
                elif own and _read_by_pages(line):
                    kept.append(line)
        if kept:
            g.parse(data="".join(kept), format="nt")
    return g


_VALUE = f"<{RDF.value}> "


def _read_by_pages(line: str) -> bool:
    """Of a document's own triples, those the pages read from the graph: the English
    layer's spans (``<doc/ID/en#char=…>``: text, offsets, mentions, the link to the
    Chinese sentence) and the text of the notes (``rdf:value``: the English ones)."""
    subject, rest = line.split(" ", 1)
    return "/en#char=" in subject or rest.startswith(_VALUE)


def own_graph(part: Path, iris: Iris) -> Graph:
    """The triples of a document's graph part that `page_graph` leaves out when ``own`` is
    false, as a graph of their own."""
    head = f"<{iris.base}doc/"
    with open(part, encoding="utf-8") as f:
        lines = "".join(line for line in f if line.startswith(head) and _read_by_pages(line))
    g = new_graph()
    if lines:
        g.parse(data=lines, format="nt")
    return g


def iter_pages(
    docs: Sequence[Document],
    anns: Mapping[str, Any],
    g: Graph,
    onto: Graph,
    iris: Iris,
    english: EnglishLayer | None = None,
) -> Iterator[tuple[str, bytes]]:
    """`render_pages` one page at a time: ``(path relative to build/, bytes)``; ``english``:
    the documents' English layer, if not read from ``g`` (`marxkg.html.site.site_data`)."""
    from marxkg.html import iter_html

    for rel, html in iter_html(docs, anns, g, onto, iris, english):
        yield rel, html.encode("utf-8")
