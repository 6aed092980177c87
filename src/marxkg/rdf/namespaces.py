"""rdflib accessors for the vocabulary of `marxkg.vocab` (the strings live there)."""

from __future__ import annotations

from rdflib import Namespace, URIRef
from rdflib.namespace import DefinedNamespace

from marxkg import vocab
from marxkg.vocab import DEFAULT_BASE, GRAPH_PREFIXES, IriMinter

__all__ = [
    "BIBO",
    "CITO",
    "DEFAULT_BASE",
    "FABIO",
    "ITSRDF",
    "MKG",
    "NIF",
    "OA",
    "PREFIXES",
    "Iris",
]


class MKG(DefinedNamespace):
    """The marxkg ontology: a misspelt term raises instead of minting a new IRI."""

    _NS = Namespace(vocab.MKG)
    _fail = True

    Dimension: URIRef
    LabourMeans: URIRef
    FixedCapital: URIRef
    TechnicalBasis: URIRef
    Correspondence: URIRef
    RelationKind: URIRef
    Section: URIRef
    Footnote: URIRef
    Quotation: URIRef
    MarxCollection: URIRef
    CollectionVolume: URIRef
    CitedPassage: URIRef
    MarxWork: URIRef
    ExcludedFragment: URIRef
    Build: URIRef
    Heading: URIRef
    heading: URIRef
    dimension: URIRef
    hasAICounterpart: URIRef
    marxConcept: URIRef
    aiConcept: URIRef
    relationKind: URIRef
    answers: URIRef
    translationOf: URIRef
    footnote: URIRef
    quotation: URIRef
    containsWork: URIRef
    identifiedWork: URIRef
    identifiedLocation: URIRef
    identificationConfidence: URIRef
    excludedFrom: URIRef
    evidenceQuote: URIRef
    evidenceIn: URIRef
    taggingRule: URIRef
    number: URIRef
    label: URIRef
    noteGroup: URIRef
    anchorOffset: URIRef
    pages: URIRef
    nationality: URIRef
    referenceKind: URIRef
    sourceHash: URIRef
    segmenter: URIRef
    mewVolume: URIRef
    mecwVolume: URIRef
    volumePart: URIRef  # split volume part (citations: 46下 -> 2)
    publicationPlace: URIRef
    # derived by marxkg at build time (ontology/marxkg.ttl): shortcuts for the queries
    inSection: URIRef
    mentionsConcept: URIRef
    WordCount: URIRef
    countedIn: URIRef
    word: URIRef
    posTag: URIRef
    tokenCount: URIRef
    Corpus: URIRef
    CorpusWordCount: URIRef
    documentCount: URIRef
    citationCount: URIRef
    marxCitationCount: URIRef
    footnoteCount: URIRef


NIF = Namespace(vocab.NIF)
ITSRDF = Namespace(vocab.ITSRDF)
CITO = Namespace(vocab.CITO)
FABIO = Namespace(vocab.FABIO)
BIBO = Namespace(vocab.BIBO)
OA = Namespace(vocab.OA)

#: The prefixes bound in generated graphs (`marxkg.vocab.GRAPH_PREFIXES`).
PREFIXES = GRAPH_PREFIXES


class Iris(IriMinter[URIRef]):
    """The IRI minter of `marxkg.vocab` returning rdflib ``URIRef``s."""

    def term(self, iri: str) -> URIRef:
        return URIRef(iri)
