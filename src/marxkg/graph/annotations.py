"""Concept mentions (nif:Phrase + itsrdf:taIdentRef); the token layer is graph/tokens.py."""

from __future__ import annotations

from rdflib import Graph, URIRef

from marxkg.graph.text import add_span
from marxkg.model import Annotations, Document
from marxkg.rdf.namespaces import ITSRDF, NIF, Iris


def _sentence(doc: Document, iris: Iris, i: int, lang: str = "zh-Hans") -> URIRef:
    s = doc.sentences[i]
    return iris.span(doc.doc_id, s.start, s.end, lang)


def add_mentions(g: Graph, doc: Document, ann: Annotations, iris: Iris) -> None:
    """Concept mentions: nif:Phrase spans identifying a concept (itsrdf:taIdentRef)."""
    for m in ann.mentions:
        p = add_span(g, iris, doc.doc_id, doc.text, m.start, m.end, NIF.Phrase)
        g.add((p, ITSRDF.taIdentRef, URIRef(m.concept)))
        g.add((p, NIF.sentence, _sentence(doc, iris, m.sentence)))
