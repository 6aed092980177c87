"""The quantitative-claims layer in RDF (issue 16).

Each claim is a ``schema:QuantitativeValue`` (schema.org's value + unit pattern) and a
``mkg:QuantitativeClaim`` (a small documented extension: where in the text, what is
measured, the hedge word, the source). Chosen over the RDF Data Cube: a claim is one
printed number in a sentence, not an observation in a dataset with declared dimensions,
and the paper's figures share no common structure (DSD) to declare.

Cross-document: a claim ``mkg:statesFigure`` a ``mkg:StatedFigure`` whose IRI is minted
from the normalised value, the unit and the cited reference's key, so the same figure from
the same source in two documents is one node; the two claims are also linked directly with
the symmetric ``mkg:sameFigureAs``.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Iterator
from decimal import Decimal

from rdflib import Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCTERMS, RDF, SDO, XSD, DefinedNamespace

from marxkg.graph.text import ZH, offset
from marxkg.model import Claim, Document
from marxkg.rdf.namespaces import MKG as _MKG
from marxkg.rdf.namespaces import NIF, Iris

CITO_CITATION_PATH = "note/{n}/citation/{k}"


class MKGC(DefinedNamespace):
    """The claims terms of the marxkg ontology (declared in ontology/marxkg.ttl)."""

    _NS = Namespace(str(_MKG._NS))
    _fail = True

    QuantitativeClaim: URIRef
    StatedFigure: URIRef
    inSentence: URIRef
    figureSpan: URIRef
    printedValue: URIRef
    unit: URIRef
    qualifier: URIRef
    bound: URIRef
    measuredSubject: URIRef
    indicator: URIRef
    citation: URIRef
    sourceResolution: URIRef
    statesFigure: URIRef
    sameFigureAs: URIRef


def claim_iri(iris: Iris, doc_id: str, n: int) -> URIRef:
    return URIRef(f"{iris.base}doc/{doc_id}/claim/{n}")


def figure_key(claim: Claim) -> str | None:
    """value|unit|reference key — None for an unsourced claim (no source to share)."""
    if not claim.source.reference:
        return None
    value = claim.value if claim.value is not None else f"{claim.value_min}..{claim.value_max}"
    return f"{value}|{claim.unit}|{claim.source.reference}"


def figure_iri(iris: Iris, key: str) -> URIRef:
    return URIRef(f"{iris.base}figure/{hashlib.sha1(key.encode()).hexdigest()[:16]}")


def _citation_iri(doc: Document, claim: Claim, iris: Iris) -> URIRef | None:
    src = claim.source
    k = 0
    for c in doc.citations:
        if c.footnote != src.footnote:
            continue
        k += 1
        if c.marker == src.marker:
            return iris.citation(doc.doc_id, c.footnote, k)
    return None


def _decimal(text: str) -> Literal:
    return Literal(Decimal(text), datatype=XSD.decimal)


def add_claim(
    g: Graph, doc: Document, claim: Claim, iris: Iris, unit_codes: dict[str, str | None]
) -> URIRef:
    d = doc.doc_id
    c = claim_iri(iris, d, claim.n)
    sent = doc.sentences[claim.sentence]
    g.add((c, RDF.type, MKGC.QuantitativeClaim))
    g.add((c, RDF.type, SDO.QuantitativeValue))
    g.add((c, DCTERMS.isPartOf, iris.doc(d)))
    g.add((c, MKGC.inSentence, iris.span(d, sent.start, sent.end)))
    span = iris.span(d, claim.start, claim.end)
    g.add((span, RDF.type, NIF.String))
    g.add((span, NIF.beginIndex, offset(claim.start)))
    g.add((span, NIF.endIndex, offset(claim.end)))
    g.add((span, NIF.anchorOf, Literal(claim.printed)))
    g.add((span, NIF.referenceContext, iris.doc(d)))
    g.add((c, MKGC.figureSpan, span))
    g.add((c, MKGC.printedValue, Literal(claim.printed, lang=ZH)))
    if claim.value is not None:
        g.add((c, SDO.value, _decimal(claim.value)))
    else:
        g.add((c, SDO.minValue, _decimal(claim.value_min or "0")))
        g.add((c, SDO.maxValue, _decimal(claim.value_max or "0")))
    g.add((c, MKGC.unit, Literal(claim.unit)))
    if unit_codes.get(claim.unit):
        g.add((c, SDO.unitCode, Literal(unit_codes[claim.unit])))
    if claim.unit_printed:
        g.add((c, SDO.unitText, Literal(claim.unit_printed, lang=ZH)))
    if claim.qualifier:
        g.add((c, MKGC.qualifier, Literal(claim.qualifier, lang=ZH)))
        g.add((c, MKGC.bound, Literal(claim.bound)))
    if claim.subject:
        g.add((c, MKGC.measuredSubject, Literal(claim.subject, lang=ZH)))
    if claim.indicator:
        g.add((c, MKGC.indicator, Literal(claim.indicator, lang=ZH)))
    for concept in claim.concepts:
        g.add((c, DCTERMS.subject, URIRef(concept)))
    if claim.place:
        g.add((c, DCTERMS.spatial, Literal(claim.place, lang=ZH)))
    if claim.time:
        g.add((c, DCTERMS.temporal, Literal(claim.time)))
    g.add((c, MKGC.sourceResolution, Literal(claim.source.resolution)))
    if claim.source.reference:
        cit = _citation_iri(doc, claim, iris)
        if cit is not None:
            g.add((c, MKGC.citation, cit))
        ref = claim.source.reference
        target = iris.edition(ref) if claim.source.kind == "marx" else iris.ref(ref)
        g.add((c, DCTERMS.source, target))
    key = figure_key(claim)
    if key:
        fig = figure_iri(iris, key)
        g.add((fig, RDF.type, MKGC.StatedFigure))
        g.add((c, MKGC.statesFigure, fig))
    return c


def add_claims(g: Graph, docs: list[Document], iris: Iris) -> None:
    """Every document's claims, then `mkg:sameFigureAs` between documents."""
    from marxkg.nlp.claims_vocab import load_vocab

    codes = {k: v.get("unitCode") for k, v in load_vocab().unit_ids.items()}
    for doc in docs:
        for claim in doc.claims:
            add_claim(g, doc, claim, iris, codes)
    figures = [(doc.doc_id, key, iri) for doc in docs for key, iri in claim_figures(doc, iris)]
    add_same_figure_links(g, figures)


def claim_figures(doc: Document, iris: Iris) -> list[list[str]]:
    """``[figure key, claim IRI]`` of the document's sourced claims (what a corpus-level
    step needs to link the same figure across documents)."""
    out = []
    for claim in doc.claims:
        key = figure_key(claim)
        if key:
            out.append([key, str(claim_iri(iris, doc.doc_id, claim.n))])
    return out


def _same_figure_pairs(figures: Iterable[tuple[str, str, str]]) -> dict[str, set[str]]:
    """claim IRI -> the claims of other documents stating the same figure (``figures``:
    ``(doc_id, figure key, claim IRI)``)."""
    by_figure: dict[str, list[tuple[str, str]]] = {}
    for doc_id, key, iri in figures:
        by_figure.setdefault(key, []).append((doc_id, iri))
    pairs: dict[str, set[str]] = {}
    for members in by_figure.values():
        for da, a in members:
            for db, b in members:
                if da != db:
                    pairs.setdefault(a, set()).add(b)
    return pairs


def add_same_figure_links(g: Graph, figures: list[tuple[str, str, str]]) -> None:
    """`mkg:sameFigureAs` between claims of different documents (``(doc_id, figure key,
    claim IRI)``) that state the same figure from the same source."""
    for a, others in _same_figure_pairs(figures).items():
        for b in others:
            g.add((URIRef(a), MKGC.sameFigureAs, URIRef(b)))


def iter_same_figure_ntriples(figures: Iterable[tuple[str, str, str]]) -> Iterator[bytes]:
    """The triples of `add_same_figure_links` as sorted canonical N-Triples lines (what
    `marxkg.graph.merge.canonical_ntriples` gives for that graph), made one subject at a
    time instead of in a graph: ``k`` claims of one figure give ``k(k-1)`` links (100
    copies of the paper: 782,100, which took 550 MB in rdflib). An IRI's term ends with
    ``>``, which no IRI holds, so ordering the terms orders the lines."""
    import pyoxigraph as ox

    pairs = _same_figure_pairs(figures)  # symmetric: every object is also a subject
    term = {iri: str(ox.NamedNode(iri)).encode() for iri in pairs}
    predicate = b" " + str(ox.NamedNode(str(MKGC.sameFigureAs))).encode() + b" "
    for a in sorted(pairs, key=term.__getitem__):
        head = term[a] + predicate
        for obj in sorted(term[iri] for iri in pairs[a]):
            yield head + obj + b" .\n"
