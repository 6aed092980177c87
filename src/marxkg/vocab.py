"""The vocabulary floor: namespaces, prefixes, IRI patterns and curated constants.

Every other module takes its IRIs from here. This module imports neither rdflib nor spaCy
(a test checks it), so the stages below the graph, the outputs and the command line can
use it without loading the RDF or NLP stacks; `marxkg.rdf.namespaces` wraps the same
strings as rdflib namespaces for the graph builders.

- ``DEFAULT_BASE``: the base of the *data* IRIs (``--base`` replaces it); the vocabulary
  namespace (``…/ontology#``) is fixed whatever the base.
- `VOCABULARY`: the one prefix table of vocabulary namespaces; `GRAPH_PREFIXES` is the
  part written into every Turtle/JSON-LD output; `prefixes(base)` adds the data prefixes
  (``concept:``, ``doc:``, …) derived from a base.
- `Iris`: mints the data IRIs (documents, sections, notes, citations, Marx passages, …).
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Generic, TypeVar

if TYPE_CHECKING:  # pragma: no cover
    from marxkg.model import Reference

#: The base of the data IRIs (``marxkg build --base`` replaces it).
DEFAULT_BASE = "https://w3id.org/marxkg/"

# ------------------------------------------------------------------ vocabulary namespaces

MKG = DEFAULT_BASE + "ontology#"  # the project's own vocabulary: fixed, never rebased
NIF = "http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#"
ITSRDF = "http://www.w3.org/2005/11/its/rdf#"
CITO = "http://purl.org/spar/cito/"
FABIO = "http://purl.org/spar/fabio/"
BIBO = "http://purl.org/ontology/bibo/"
DOCO = "http://purl.org/spar/doco/"
OA = "http://www.w3.org/ns/oa#"
SKOS = "http://www.w3.org/2004/02/skos/core#"
DCTERMS = "http://purl.org/dc/terms/"
PROV = "http://www.w3.org/ns/prov#"
RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
RDFS = "http://www.w3.org/2000/01/rdf-schema#"
OWL = "http://www.w3.org/2002/07/owl#"
XSD = "http://www.w3.org/2001/XMLSchema#"
VANN = "http://purl.org/vocab/vann/"
SCHEMA = "https://schema.org/"  # QuantitativeValue, value, unitCode: the claims layer

#: The one prefix table of vocabulary namespaces.
VOCABULARY: dict[str, str] = {
    "mkg": MKG,
    "skos": SKOS,
    "dcterms": DCTERMS,
    "prov": PROV,
    "nif": NIF,
    "itsrdf": ITSRDF,
    "cito": CITO,
    "fabio": FABIO,
    "bibo": BIBO,
    "oa": OA,
    "rdf": RDF,
    "rdfs": RDFS,
    "owl": OWL,
    "xsd": XSD,
    "doco": DOCO,
    "vann": VANN,
    "schema": SCHEMA,
}

#: Prefixes declared in every generated Turtle/JSON-LD file (the curated ontology files
#: may also use ``doco:`` and ``vann:``).
GRAPH_PREFIXES: dict[str, str] = {
    p: VOCABULARY[p]
    for p in (
        "mkg",
        "skos",
        "dcterms",
        "prov",
        "nif",
        "itsrdf",
        "cito",
        "fabio",
        "bibo",
        "oa",
        "rdf",
        "rdfs",
        "owl",
        "xsd",
    )
}

#: Data prefixes: prefix -> path under the base.
DATA_PATHS: dict[str, str] = {
    "concept": "concept/",
    "scheme": "scheme/",
    "work": "work/",
    "edition": "edition/",
    "ref": "ref/",
    "corr": "correspondence/",
    "doc": "doc/",
}


def data_prefixes(base: str = DEFAULT_BASE) -> dict[str, str]:
    """The data prefixes (``concept:``, ``doc:``, …) under ``base``."""
    return {p: base + path for p, path in DATA_PATHS.items()}


def prefixes(base: str = DEFAULT_BASE) -> dict[str, str]:
    """Vocabulary plus data prefixes under ``base`` (for SPARQL, display and ontology files)."""
    return {**VOCABULARY, **data_prefixes(base)}


def sparql_prologue(table: dict[str, str] | None = None, used: Iterable[str] | None = None) -> str:
    """``PREFIX`` lines for ``table`` (default: the vocabulary), optionally only ``used``."""
    table = VOCABULARY if table is None else table
    names = sorted(table) if used is None else sorted(set(used) & set(table))
    return "".join(f"PREFIX {p}: <{table[p]}>\n" for p in names)


def rebase(iri: str, base: str) -> str:
    """A data IRI of the default base moved under ``base`` (vocabulary IRIs unchanged)."""
    if base == DEFAULT_BASE or not iri.startswith(DEFAULT_BASE) or iri.startswith(MKG):
        return iri
    return base + iri[len(DEFAULT_BASE) :]


def slug(iri: str) -> str:
    """The last path segment (or fragment) of an IRI: ``…/concept/fixed-capital`` ->
    ``fixed-capital``, ``…/ontology#FixedCapital`` -> ``FixedCapital``."""
    text = str(iri).rstrip("/")
    cut = max(text.rfind("/"), text.rfind("#"))
    return text[cut + 1 :]


def shorten(iri: str, table: dict[str, str] | None = None) -> str | None:
    """``<base>concept/x`` -> ``concept:x`` (the longest namespace wins);
    None if no prefix of ``table`` (default: `prefixes()`) gives a valid local name."""
    table = prefixes() if table is None else table
    text = str(iri)
    best = ""
    for p, ns in table.items():
        if text.startswith(ns) and len(ns) > len(table.get(best, "")):
            best = p
    if not best:
        return None
    local = text[len(table[best]) :]
    if not local or any(c in _NOT_LOCAL or c.isspace() for c in local):
        return None
    return f"{best}:{local}"


_NOT_LOCAL = set('<>"{}|^`\\')


# ------------------------------------------------------------------ curated constants

#: The concept schemes (``scheme:<name>``), in display order.
SCHEMES = ("marx", "ai-era", "socialist-application")
#: The dimensions of a correspondence (``mkg:<name>``).
DIMENSIONS = ("LabourMeans", "FixedCapital", "TechnicalBasis")
#: The kinds of relation between a Marx concept and its AI-era counterpart (``mkg:<name>``).
RELATION_KINDS = ("Continuation", "Intensification", "Extension", "Analogue", "Transformation")
#: How certain an identification of a cited Marx passage is.
CONFIDENCES = ("certain", "probable", "uncertain")
#: The project as the author of its own translations, definitions and curated data.
PROJECT_AGENT = "agent/marxkg"

# ------------------------------------------------------------------ the IRI minter

T = TypeVar("T", bound=str)


@dataclass(frozen=True)
class IriMinter(ABC, Generic[T]):
    """Mints the data IRIs under ``base``; `term` wraps each IRI (a str in `Iris`, an
    rdflib URIRef in `marxkg.rdf.namespaces.Iris`)."""

    base: str = DEFAULT_BASE

    @abstractmethod
    def term(self, iri: str) -> T:
        """The IRI as this minter's term type."""

    def _iri(self, path: str) -> T:
        return self.term(self.base + path)

    def doc(self, doc_id: str, lang: str = "zh-Hans") -> T:
        return self._iri(f"doc/{doc_id}" + ("/en" if lang == "en" else ""))

    def span(self, doc_id: str, begin: int, end: int, lang: str = "zh-Hans") -> T:
        return self.term(f"{self.doc(doc_id, lang)}#char={begin},{end}")

    def section(self, doc_id: str, sid: str) -> T:
        return self._iri(f"doc/{doc_id}/section/{sid}")

    def note(self, doc_id: str, n: int) -> T:
        return self._iri(f"doc/{doc_id}/note/{n}")

    def citation(self, doc_id: str, n: int, k: int) -> T:
        return self._iri(f"doc/{doc_id}/note/{n}/citation/{k}")

    def excluded(self, doc_id: str, k: int) -> T:
        return self._iri(f"doc/{doc_id}/excluded/{k}")

    def concept(self, name: str) -> T:
        return self._iri(f"concept/{name}")

    def scheme(self, name: str) -> T:
        return self._iri(f"scheme/{name}")

    def edition(self, path: str) -> T:
        return self._iri(f"edition/{path}")

    def ref(self, key: str) -> T:
        return self._iri(f"ref/{key}")

    def person(self, key: str) -> T:
        return self._iri(f"person/{key}")

    def build(self, key: str) -> T:
        return self._iri(f"build/{key}")

    def ontology(self) -> T:
        return self._iri("ontology")

    def agent(self, key: str) -> T:
        return self._iri(f"agent/{key}")

    def graph(self, name: str) -> T:
        """A named graph of the SPARQL endpoint (``graph/main``, ``graph/tokens/<doc>``)."""
        return self._iri(f"graph/{name}")

    def passage(self, ref: Reference, k: int, edition: str | None = None) -> T:
        """The k-th cited page range of a Marx reference."""
        return self.edition(passage_path(ref, k, edition))

    def cited_entities(self, ref: Reference, page: int | None) -> list[T]:
        """What a citation points at: Marx page ranges (in every candidate edition while
        the edition is undecided), else the reference itself."""
        if ref.kind == "marx":
            if not ref.pages:
                return [self.edition(volume_path(ref, e)) for e in ref_editions(ref)]
            ks: Iterable[int] = [page] if page is not None else range(len(ref.pages))
            return [self.passage(ref, k, e) for e in ref_editions(ref) for k in ks]
        return [self.ref(ref.key)]


class Iris(IriMinter[str]):
    """The IRI minter returning plain strings."""

    def term(self, iri: str) -> str:
        return iri


def ref_editions(ref: Reference) -> list[str]:
    """The edition, or every candidate while it is undecided (reported as ambiguous)."""
    return [ref.edition] if ref.edition else (ref.edition_candidates or ["unknown"])


def volume_path(ref: Reference, edition: str | None = None) -> str:
    """``<edition>/vol/<n>[.<part>]`` (docs/architecture.md: page IRIs)."""
    vol = f"{ref.volume}.{ref.part}" if ref.part else ref.volume
    return f"{edition or ref_editions(ref)[0]}/vol/{vol}"


def passage_path(ref: Reference, k: int, edition: str | None = None) -> str:
    """``<edition>/vol/<n>[.<part>]/p/<pages>``: the path of a cited Marx page range."""
    return f"{volume_path(ref, edition)}/p/{ref.pages[k].label}"


def cited_entities(ref: Reference, iris: IriMinter[T], page: int | None) -> list[T]:
    """What a citation points at (see `IriMinter.cited_entities`)."""
    return iris.cited_entities(ref, page)
