"""Stage 4, graph: documents + annotations + ontology -> one rdflib graph."""

from __future__ import annotations

from rdflib import Graph, Literal
from rdflib.namespace import DCTERMS, PROV, RDF, RDFS

from marxkg import __version__
from marxkg.graph.citations import add_citations, add_section_counts
from marxkg.graph.text import add_document
from marxkg.model import Document
from marxkg.rdf.namespaces import MKG, PREFIXES, Iris


def new_graph() -> Graph:
    g = Graph()
    for prefix, ns in PREFIXES.items():
        g.bind(prefix, ns, override=True)
    return g


def add_provenance(
    g: Graph,
    docs: list[Document],
    iris: Iris,
    stamp: str,
    ontology_hash: str,
    software: dict[str, str],
) -> None:
    """PROV-O for the build: what was used, by which software; no wall-clock time."""
    run = iris.build(stamp[:16])
    agent = iris.agent(f"marxkg-software/{__version__}")
    g.add((run, RDF.type, PROV.Activity))
    g.add((run, RDF.type, MKG.Build))
    g.add((run, MKG.sourceHash, Literal(stamp)))
    g.add((run, PROV.wasAssociatedWith, agent))
    g.add((agent, RDF.type, PROV.SoftwareAgent))
    g.add((agent, RDFS.label, Literal(f"marxkg {__version__}")))
    for name, version in sorted(software.items()):
        if name == "segmenter":
            g.add((run, MKG.segmenter, Literal(version)))
        else:
            g.add((agent, DCTERMS.requires, Literal(f"{name} {version}")))
    onto = iris.ontology()
    g.add((run, PROV.used, onto))
    g.add((onto, MKG.sourceHash, Literal(ontology_hash)))
    for doc in docs:
        ctx = iris.doc(doc.doc_id)
        g.add((run, PROV.used, ctx))
        g.add((ctx, PROV.wasGeneratedBy, run))


def build_graph(docs: list[Document], ontology: Graph | None, iris: Iris) -> Graph:
    """The document layer (text, structure, footnotes, citations) plus the ontology."""
    g = new_graph()
    if ontology is not None:
        g += ontology
    for doc in docs:
        add_document(g, doc, iris)
        add_citations(g, doc, iris)
        add_section_counts(g, doc, iris)
    return g
