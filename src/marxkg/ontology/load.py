"""The ontology: loading the Turtle files, their labels, and resolving evidence quotes.

Curated evidence (``mkg:evidenceQuote``) is stored as exact quotes of the Chinese text;
at build time each quote is resolved to the sentence(s) it lies in, giving
``prov:wasDerivedFrom <sentence>``. A quote that is not found fails the build.
"""

from __future__ import annotations

import hashlib
import logging
import re
from dataclasses import dataclass
from pathlib import Path

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import PROV, RDF, SKOS

from marxkg.model import Document
from marxkg.rdf.namespaces import MKG, Iris
from marxkg.rdf.serialize import load_turtle
from marxkg.vocab import DEFAULT_BASE, SCHEMES

log = logging.getLogger(__name__)

SHAPES_FILE = "shapes.ttl"


class OntologyError(ValueError):
    """The ontology is missing, does not parse, or cites text that is not in the corpus."""


def ontology_files(directory: Path) -> list[Path]:
    """The data files of the ontology (everything but the SHACL shapes), sorted."""
    files = sorted(p for p in Path(directory).glob("*.ttl") if p.name != SHAPES_FILE)
    if not files:
        raise OntologyError(f"{directory}: no ontology files (*.ttl)")
    return files


def ontology_hash(directory: Path) -> str:
    """Hash of the ontology files and the tagging rules (both change the outputs)."""
    h = hashlib.sha256()
    for p in sorted([*Path(directory).glob("*.ttl"), *Path(directory).glob("*.yaml")]):
        h.update(p.name.encode() + b"\0" + p.read_bytes() + b"\0")
    return h.hexdigest()


def load_ontology(directory: Path, iris: Iris | None = None) -> Graph:
    """Parse every ontology file into one rdflib graph (rebased if the base differs)."""
    g = Graph()
    for path in ontology_files(directory):
        text = path.read_text(encoding="utf-8")
        if iris is not None and iris.base != DEFAULT_BASE:
            # Rebase data IRIs; the vocabulary namespace (…/ontology#) is fixed.
            text = re.sub(re.escape(DEFAULT_BASE) + r"(?!ontology#)", iris.base, text)
        try:
            load_turtle(text, g)
        except (SyntaxError, ValueError) as exc:
            raise OntologyError(f"{path}: {exc}") from None
    return g


def load_shapes(directory: Path) -> Graph:
    path = Path(directory) / SHAPES_FILE
    if not path.exists():
        raise OntologyError(f"{path}: SHACL shapes missing")
    return load_turtle(path.read_text(encoding="utf-8"))


@dataclass(frozen=True)
class Label:
    concept: URIRef
    text: str
    lang: str
    kind: str  # pref | alt | hidden


LABEL_KINDS = {"pref": SKOS.prefLabel, "alt": SKOS.altLabel, "hidden": SKOS.hiddenLabel}


def concepts(g: Graph) -> list[URIRef]:
    """Concepts of the three concept schemes, sorted by IRI."""
    schemes = {URIRef(s) for s in _scheme_iris(g)}
    return sorted(
        {
            c
            for c in g.subjects(RDF.type, SKOS.Concept)
            if isinstance(c, URIRef) and any(sc in schemes for sc in g.objects(c, SKOS.inScheme))
        }
    )


def _scheme_iris(g: Graph) -> list[str]:
    out = []
    for s in g.subjects(RDF.type, SKOS.ConceptScheme):
        if any(str(s).endswith(f"/scheme/{name}") for name in SCHEMES):
            out.append(str(s))
    return out


def labels(g: Graph, lang: str) -> list[Label]:
    """Every pref/alt/hidden label of the concepts in ``lang`` (case-insensitive tag)."""
    out: list[Label] = []
    for c in concepts(g):
        for kind, prop in LABEL_KINDS.items():
            for lit in g.objects(c, prop):
                if isinstance(lit, Literal) and (lit.language or "").lower() == lang.lower():
                    out.append(Label(c, str(lit), lang, kind))
    return sorted(out, key=lambda lab: (str(lab.concept), lab.kind, lab.text))


def pref_label(g: Graph, node: URIRef, lang: str) -> str | None:
    for lit in g.objects(node, SKOS.prefLabel):
        if isinstance(lit, Literal) and (lit.language or "").lower() == lang.lower():
            return str(lit)
    return None


def scheme_of(g: Graph, concept: URIRef) -> str | None:
    for s in g.objects(concept, SKOS.inScheme):
        for name in SCHEMES:
            if str(s).endswith(f"/scheme/{name}"):
                return name
    return None


def resolve_evidence(g: Graph, docs: list[Document], iris: Iris) -> Graph:
    """``prov:wasDerivedFrom`` from each node with evidence quotes to the sentences.

    Evidence belongs to documents: a node's quotes are looked up only in the documents it
    names with ``mkg:evidenceIn``. A named document that is not in the corpus leaves the
    quotes unresolved (logged; a corpus without the shipped paper builds). Raises
    `OntologyError` naming every node with quotes but no ``mkg:evidenceIn``, and every
    quote that is missing from a named document of the corpus.
    """
    out = Graph()
    by_iri = {iris.doc(doc.doc_id): doc for doc in docs}
    missing: list[str] = []
    for node, quote in sorted(g.subject_objects(MKG.evidenceQuote)):
        text = str(quote)
        named = sorted({URIRef(str(d)) for d in g.objects(node, MKG.evidenceIn)})
        if not named:
            missing.append(f"{node}: no mkg:evidenceIn for {text}")
            continue
        present = [by_iri[d] for d in named if d in by_iri]
        if not present:
            log.info(
                "%s: evidence document(s) %s not in the corpus; quote left unresolved",
                node,
                ", ".join(named),
            )
            continue
        found = False
        for doc in present:
            start = doc.text.find(text)
            while start >= 0:
                found = True
                end = start + len(text)
                for s in doc.sentences:
                    if s.start < end and start < s.end:
                        out.add((node, PROV.wasDerivedFrom, iris.span(doc.doc_id, s.start, s.end)))
                start = doc.text.find(text, end)
        if not found:
            missing.append(f"{node}: {text} (not in {', '.join(d.doc_id for d in present)})")
    if missing:
        raise OntologyError(
            f"{len(missing)} evidence quote(s) not found in their documents:\n  "
            + "\n  ".join(missing)
        )
    return out
