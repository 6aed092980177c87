"""build/ontology.html: the ontology reference page (marxkg.html.ontology)."""

from __future__ import annotations

import html
import re

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, SKOS

from marxkg.html.ontology import anchor, dumps_ontology_html
from marxkg.ontology import concepts, load_ontology, pref_label
from marxkg.ontology.canonical import data_files
from tests import ONTOLOGY

ONTO = load_ontology(ONTOLOGY)
CONCEPTS = concepts(ONTO)


@pytest.fixture(scope="module")
def page() -> str:
    return dumps_ontology_html(ONTO)


def _slug(iri) -> str:
    return str(iri).rsplit("/", 1)[-1]


@pytest.mark.parametrize("concept", CONCEPTS, ids=_slug)
def test_page_shows_every_concept_with_its_labels(page, concept):
    for lang in ("zh-Hans", "en"):
        label = pref_label(ONTO, concept, lang)
        assert label and html.escape(label, quote=False) in page, (lang, label)
    assert f'id="concept-{_slug(concept)}"' in page


def test_page_is_self_contained(page):
    assert not re.search(r"""\b(?:src|href)\s*=\s*["']?\s*(?:https?:)?//""", page, re.IGNORECASE)
    assert "<script" not in page.lower()
    assert "<link" not in page.lower()
    assert "@import" not in page and "url(" not in page


def test_every_fragment_link_has_a_target(page):
    ids = re.findall(r'\bid="([^"]+)"', page)
    assert len(ids) == len(set(ids)), "duplicate ids"
    assert set(re.findall(r'href="#([^"]+)"', page)) <= set(ids)


def test_page_shows_counts_read_from_the_files(page):
    # marx-works.ttl: 21 passages identified "certain", 4 "probable"
    assert ">certain 21<" in page and ">probable 4<" in page
    # correspondences.ttl: 9 in LabourMeans, 9 in FixedCapital, 8 in TechnicalBasis
    for dim, n in (("LabourMeans", 9), ("FixedCapital", 9), ("TechnicalBasis", 8)):
        section = page.split(f'id="corr-dim-{dim}"', 1)[1].split("</table>", 1)[0]
        assert section.count('<tr id="corr-') == n
    assert page.count('<tr id="passage-') == 25


@pytest.mark.parametrize(
    "expected",
    [
        # a cited passage with its identified work and location (marx-works.ttl)
        'id="passage-marx-engels-wenji-2009-vol-5-p-444"',
        "第十三章“机器和大工业”第2节“机器的价值向产品的转移”",
        # a relation kind, a dimension, TBox terms that differ only in case
        'id="kind-Intensification"',
        'id="dim-TechnicalBasis"',
        'id="term-Dimension"',
        'id="term-dimension"',
        # a German prefLabel and a work's German title
        "System der Maschinerie",
        "Das Kapital. Erster Band",
    ],
    ids=["passage", "location", "kind", "dimension", "class", "property", "de-label", "de-title"],
)
def test_page_contains(page, expected):
    assert expected in page


def test_same_graph_same_bytes_whatever_the_parser():
    """Oxigraph lowercases zh-Hans; rdflib keeps it. The page must not differ."""
    g = Graph()
    for path in reversed(data_files(ONTOLOGY)):
        g.parse(path, format="turtle")
    assert dumps_ontology_html(g) == dumps_ontology_html(ONTO)


def test_labels_are_escaped():
    g = Graph()
    c = URIRef("https://w3id.org/marxkg/concept/evil")
    scheme = URIRef("https://w3id.org/marxkg/scheme/marx")
    g.add((scheme, RDF.type, SKOS.ConceptScheme))
    g.add((c, RDF.type, SKOS.Concept))
    g.add((c, SKOS.inScheme, scheme))
    g.add((c, SKOS.prefLabel, Literal("<script>alert(1)</script>", lang="en")))
    g.add((c, SKOS.prefLabel, Literal("<img src=x onerror=alert(2)>", lang="zh-Hans")))
    g.add((c, SKOS.definition, Literal('"quoted" & <b>bold</b>', lang="en")))
    out = dumps_ontology_html(g)
    assert "<script>alert(1)</script>" not in out
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in out
    assert "<img" not in out and "&lt;img src=x onerror=alert(2)&gt;" in out
    assert "<b>bold</b>" not in out and "&amp; &lt;b&gt;bold&lt;/b&gt;" in out


def test_anchor():
    assert (
        anchor("concept", "https://w3id.org/marxkg/concept/fixed-capital")
        == "concept-fixed-capital"
    )
    assert anchor("dim", "https://w3id.org/marxkg/ontology#LabourMeans") == "dim-LabourMeans"
    assert (
        anchor("passage", "https://w3id.org/marxkg/edition/x/vol/5/p/727-728")
        == "passage-x-vol-5-p-727-728"
    )
    assert anchor("x", 'https://w3id.org/marxkg/concept/"><script>') == "x-script"


def test_a_graph_with_another_base(page):
    """``marxkg build --base`` rebases the ontology: same page, the graph's own IRIs shown."""
    from marxkg.rdf.namespaces import Iris

    other = dumps_ontology_html(load_ontology(ONTOLOGY, Iris("https://example.org/kg/")))
    assert "https://example.org/kg/concept/fixed-capital" in other
    assert other.replace("https://example.org/kg/", "https://w3id.org/marxkg/") == page
