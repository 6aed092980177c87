"""Concept mentions (nif:Phrase + itsrdf:taIdentRef); the token layer is graph/tokens.py."""

from __future__ import annotations

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import XSD

from marxkg.graph.text import add_span
from marxkg.model import Annotations, Document
from marxkg.rdf.namespaces import ITSRDF, MKG, NIF, Iris


def _sentence(doc: Document, iris: Iris, i: int, lang: str = "zh-Hans") -> URIRef:
    s = doc.sentences[i]
    return iris.span(doc.doc_id, s.start, s.end, lang)


def add_mentions(g: Graph, doc: Document, ann: Annotations, iris: Iris) -> None:
    """Concept mentions: nif:Phrase spans identifying a concept (itsrdf:taIdentRef), with
    the tagging rule that made them (mkg:taggingRule) and its confidence
    (itsrdf:taConfidence); nested mentions included."""
    for m in ann.all_mentions():
        p = add_span(g, iris, doc.doc_id, doc.text, m.start, m.end, NIF.Phrase)
        g.add((p, ITSRDF.taIdentRef, URIRef(m.concept)))
        g.add((p, MKG.taggingRule, Literal(m.rule)))
        g.add((p, ITSRDF.taConfidence, Literal(f"{m.confidence:.2f}", datatype=XSD.double)))
        g.add((p, NIF.sentence, _sentence(doc, iris, m.sentence)))
        # derived: the concepts a source-text sentence mentions (one triple per concept)
        g.add((_sentence(doc, iris, m.sentence), MKG.mentionsConcept, URIRef(m.concept)))
