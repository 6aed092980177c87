"""Document structure as NIF 2.1: context, sections, paragraphs, sentences, quotations."""

from __future__ import annotations

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, RDF, RDFS, XSD

from marxkg.model import Document
from marxkg.rdf.namespaces import MKG, NIF, Iris

ZH = "zh-Hans"


def offset(n: int) -> Literal:
    return Literal(n, datatype=XSD.nonNegativeInteger)


def add_span(
    g: Graph, iris: Iris, doc_id: str, text: str, begin: int, end: int, kind: URIRef, lang: str = ZH
) -> URIRef:
    """Add a NIF span (``#char=begin,end``) with its offsets and anchor; return its IRI."""
    iri = iris.span(doc_id, begin, end, lang)
    g.add((iri, RDF.type, kind))
    g.add((iri, NIF.beginIndex, offset(begin)))
    g.add((iri, NIF.endIndex, offset(end)))
    g.add((iri, NIF.anchorOf, Literal(text[begin:end])))
    g.add((iri, NIF.referenceContext, iris.doc(doc_id, lang)))
    return iri


def sentence_iris(doc: Document, iris: Iris) -> list[URIRef]:
    return [iris.span(doc.doc_id, s.start, s.end) for s in doc.sentences]


def block_sections(doc: Document) -> dict[int, list[str]]:
    """The sections a paragraph or heading block belongs to (block index -> section ids):
    a heading to the section it heads, a paragraph or abstract to the section owning it
    (none for blocks outside every section). The sentences of a block are in the same
    sections (``mkg:inSection``, derived here so queries need not join sentence ->
    paragraph/heading -> section)."""
    known = {sec.id for sec in doc.sections}
    out: dict[int, list[str]] = {}
    for sec in doc.sections:
        if sec.heading is not None:
            out.setdefault(sec.heading, []).append(sec.id)
    for bi, block in enumerate(doc.blocks):
        if block.kind in ("paragraph", "abstract") and block.section in known:
            out.setdefault(bi, []).append(block.section)
    return out


def add_document(g: Graph, doc: Document, iris: Iris) -> None:  # noqa: C901
    """Context, front matter, sections, paragraphs, sentences and quotations."""
    d = doc.doc_id
    ctx = iris.doc(d)
    front = doc.front
    lang = doc.language  # zh-Hans or zh-Hant: the script of the text as received
    g.add((ctx, RDF.type, NIF.Context))
    g.add((ctx, NIF.isString, Literal(doc.text)))
    g.add((ctx, NIF.beginIndex, offset(0)))
    g.add((ctx, NIF.endIndex, offset(len(doc.text))))
    g.add((ctx, DCTERMS.title, Literal(front.title, lang=lang)))
    if doc.metadata.get("title_en"):
        g.add((ctx, DCTERMS.title, Literal(doc.metadata["title_en"], lang="en")))
    for name in front.creators():  # every author of a paper with several
        g.add((ctx, DCTERMS.creator, Literal(name, lang=lang)))
    g.add((ctx, DCTERMS.language, Literal(lang)))
    g.add((ctx, DCTERMS.identifier, Literal(d)))
    g.add((ctx, MKG.sourceHash, Literal(doc.source_sha256)))
    if front.abstract:
        g.add((ctx, DCTERMS.abstract, Literal(front.abstract, lang=lang)))
    for kw in front.keywords:
        g.add((ctx, DCTERMS.subject, Literal(kw, lang=lang)))
    if front.funding_note:
        g.add((ctx, RDFS.comment, Literal(front.funding_note, lang=lang)))
    if front.affiliation:
        g.add((ctx, DCTERMS.contributor, Literal(front.affiliation, lang=lang)))

    sentences = sentence_iris(doc, iris)
    sections = block_sections(doc)
    block_iris: dict[int, URIRef] = {}
    for bi, block in enumerate(doc.blocks):
        if block.kind in ("paragraph", "abstract"):
            p = add_span(g, iris, d, doc.text, block.start, block.end, NIF.Paragraph)
            block_iris[bi] = p
        elif block.kind == "heading":
            block_iris[bi] = add_span(g, iris, d, doc.text, block.start, block.end, MKG.Heading)
    for si, s in enumerate(doc.sentences):
        iri = add_span(g, iris, d, doc.text, s.start, s.end, NIF.Sentence)
        if s.block in block_iris:
            g.add((iri, NIF.superString, block_iris[s.block]))
            for sid in sections.get(s.block, ()):
                g.add((iri, MKG.inSection, iris.section(d, sid)))
        if si + 1 < len(sentences):
            g.add((iri, NIF.nextSentence, sentences[si + 1]))

    for sec in doc.sections:
        siri = iris.section(d, sec.id)
        g.add((siri, RDF.type, MKG.Section))
        if sec.number:
            g.add((siri, MKG.number, Literal(sec.number)))
        if sec.title:
            g.add((siri, DCTERMS.title, Literal(sec.title, lang=lang)))
        else:
            g.add((siri, RDFS.label, Literal("引言（无标题）", lang=ZH)))
            g.add((siri, RDFS.label, Literal("Introduction (untitled)", lang="en")))
        g.add((siri, NIF.beginIndex, offset(sec.start)))
        g.add((siri, NIF.endIndex, offset(sec.end)))
        parent = iris.section(d, sec.parent) if sec.parent else ctx
        g.add((siri, DCTERMS.isPartOf, parent))
        g.add((parent, DCTERMS.hasPart, siri))
        if sec.heading is not None:
            g.add((siri, MKG.heading, block_iris[sec.heading]))
    for bi, block in enumerate(doc.blocks):
        if bi in block_iris and block.kind != "heading":
            owner = iris.section(d, block.section) if block.section else ctx
            g.add((owner, DCTERMS.hasPart, block_iris[bi]))

    for q in doc.quotations:
        if q.marker is None:
            continue
        add_span(g, iris, d, doc.text, q.start, q.end, MKG.Quotation)
