"""RDF namespaces and the IRI patterns of DESIGN.md ("RDF vocabulary")."""

from __future__ import annotations

from dataclasses import dataclass

from rdflib import Namespace, URIRef
from rdflib.namespace import DCTERMS, OWL, PROV, RDF, RDFS, SKOS, XSD, DefinedNamespace

DEFAULT_BASE = "https://w3id.org/marxkg/"


class MKG(DefinedNamespace):
    """The marxkg ontology: a misspelt term raises instead of minting a new IRI."""

    _NS = Namespace("https://w3id.org/marxkg/ontology#")
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
    publicationPlace: URIRef


NIF = Namespace("http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#")
ITSRDF = Namespace("http://www.w3.org/2005/11/its/rdf#")
CITO = Namespace("http://purl.org/spar/cito/")
FABIO = Namespace("http://purl.org/spar/fabio/")
BIBO = Namespace("http://purl.org/ontology/bibo/")
OA = Namespace("http://www.w3.org/ns/oa#")

PREFIXES = {
    "mkg": str(MKG._NS),
    "skos": str(SKOS),
    "dcterms": str(DCTERMS),
    "prov": str(PROV),
    "nif": str(NIF),
    "itsrdf": str(ITSRDF),
    "cito": str(CITO),
    "fabio": str(FABIO),
    "bibo": str(BIBO),
    "oa": str(OA),
    "rdf": str(RDF),
    "rdfs": str(RDFS),
    "owl": str(OWL),
    "xsd": str(XSD),
}


@dataclass(frozen=True)
class Iris:
    """Mints the data IRIs under a configurable base."""

    base: str = DEFAULT_BASE

    def _iri(self, path: str) -> URIRef:
        return URIRef(self.base + path)

    def doc(self, doc_id: str, lang: str = "zh-Hans") -> URIRef:
        return self._iri(f"doc/{doc_id}" + ("/en" if lang == "en" else ""))

    def span(self, doc_id: str, begin: int, end: int, lang: str = "zh-Hans") -> URIRef:
        return URIRef(f"{self.doc(doc_id, lang)}#char={begin},{end}")

    def section(self, doc_id: str, sid: str) -> URIRef:
        return self._iri(f"doc/{doc_id}/section/{sid}")

    def note(self, doc_id: str, n: int) -> URIRef:
        return self._iri(f"doc/{doc_id}/note/{n}")

    def citation(self, doc_id: str, n: int, k: int) -> URIRef:
        return self._iri(f"doc/{doc_id}/note/{n}/citation/{k}")

    def excluded(self, doc_id: str, k: int) -> URIRef:
        return self._iri(f"doc/{doc_id}/excluded/{k}")

    def concept(self, slug: str) -> URIRef:
        return self._iri(f"concept/{slug}")

    def scheme(self, slug: str) -> URIRef:
        return self._iri(f"scheme/{slug}")

    def edition(self, path: str) -> URIRef:
        return self._iri(f"edition/{path}")

    def ref(self, key: str) -> URIRef:
        return self._iri(f"ref/{key}")

    def person(self, key: str) -> URIRef:
        return self._iri(f"person/{key}")

    def build(self, key: str) -> URIRef:
        return self._iri(f"build/{key}")

    def ontology(self) -> URIRef:
        return self._iri("ontology")

    def agent(self, key: str) -> URIRef:
        return self._iri(f"agent/{key}")
