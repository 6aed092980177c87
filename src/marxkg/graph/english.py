"""The English layer: its own nif:Context, sentences aligned by mkg:translationOf,
and concept mentions (English tokens: graph/tokens.py), marked as the project's translation."""

from __future__ import annotations

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, PROV, RDF, XSD

from marxkg.graph.text import add_span, offset
from marxkg.model import Document, EnglishDocument
from marxkg.rdf.namespaces import ITSRDF, MKG, NIF, Iris

EN = "en"


def _sentence(en: EnglishDocument, iris: Iris, i: int) -> URIRef:
    s, e, _ = en.sentences[i]
    return iris.span(en.doc_id, s, e, EN)


def add_english(g: Graph, doc: Document, en: EnglishDocument, iris: Iris) -> None:
    ctx = iris.doc(doc.doc_id, EN)
    agent = iris.agent("marxkg")
    g.add((ctx, RDF.type, NIF.Context))
    g.add((ctx, NIF.isString, Literal(en.text)))
    g.add((ctx, NIF.beginIndex, offset(0)))
    g.add((ctx, NIF.endIndex, offset(len(en.text))))
    g.add((ctx, DCTERMS.language, Literal(EN)))
    g.add((ctx, PROV.wasDerivedFrom, iris.doc(doc.doc_id)))
    g.add((ctx, PROV.wasAttributedTo, agent))
    if doc.metadata.get("title_en"):
        g.add((ctx, DCTERMS.title, Literal(doc.metadata["title_en"], lang=EN)))
    for i, (s, e, zi) in enumerate(en.sentences):
        iri = add_span(g, iris, doc.doc_id, en.text, s, e, NIF.Sentence, EN)
        zs = doc.sentences[zi]
        g.add((iri, MKG.translationOf, iris.span(doc.doc_id, zs.start, zs.end)))
        g.add((iri, PROV.wasAttributedTo, agent))
        if i + 1 < len(en.sentences):
            g.add((iri, NIF.nextSentence, _sentence(en, iris, i + 1)))
    for m in en.mentions:
        p = add_span(g, iris, doc.doc_id, en.text, m.start, m.end, NIF.Phrase, EN)
        g.add((p, ITSRDF.taIdentRef, URIRef(m.concept)))
        g.add((p, MKG.taggingRule, Literal(m.rule)))
        g.add((p, ITSRDF.taConfidence, Literal(f"{m.confidence:.2f}", datatype=XSD.double)))
        g.add((p, NIF.sentence, _sentence(en, iris, m.sentence)))
