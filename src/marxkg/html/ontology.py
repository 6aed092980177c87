"""``build/ontology.html``: a human-readable reference of the ontology, from the Turtle.

`dumps_ontology_html` reads the ontology graph (as `marxkg.ontology.load_ontology` gives
it) and renders ``templates/ontology.html`` (jinja2, autoescape on): the three concept
schemes with every concept (labels zh/en/de, definitions, dimensions, broader/narrower/
related, counterparts, proposals, evidence quotes, cited Marx pages), the correspondences
by dimension, the dimensions and relation kinds, the Marx collections, volumes, works and
cited passages with their identifications, and the TBox classes and properties.

The page shares the other pages' base template (navigation, Content-Security-Policy,
common CSS); it is one self-contained file: inline CSS, no script, no link that leaves it
(IRIs are shown as text; links are ``#fragment``s and the other pages of build/). Everything
is sorted, so the same graph gives the same bytes. Language tags are compared
case-insensitively (Oxigraph lowercases ``zh-Hans``).
"""

from __future__ import annotations

import re
from collections import Counter
from typing import Any

from rdflib import Graph, URIRef
from rdflib.namespace import DCTERMS, OWL, RDF, RDFS, SKOS
from rdflib.term import Node

from marxkg import vocab
from marxkg.html.graphdata import sorted_iris
from marxkg.html.ontology_terms import LANGS, anchor, by_lang, first, plain, pname, texts
from marxkg.rdf.namespaces import BIBO, MKG
from marxkg.vocab import CONFIDENCES, DEFAULT_BASE, DIMENSIONS, RELATION_KINDS, SCHEMES

TEMPLATE = "ontology.html"
BASE = DEFAULT_BASE
NS = vocab.MKG
HTML_LANG = {"zh": "zh-Hans", "en": "en", "de": "de"}
# the navigation of a page rendered on its own (the build passes the site's navigation)
DEFAULT_NAV = (
    ("index.html", "首页 Home"),
    ("concept-map.html", "概念图 Concept map"),
    ("citations.html", "引文索引 Citations"),
    ("ontology.html", "本体 Ontology"),
)


def _u(local: str) -> URIRef:
    return URIRef(NS + local)


def _scheme_of(g: Graph, c) -> str | None:
    for s in g.objects(c, SKOS.inScheme):
        for name in SCHEMES:
            if s == URIRef(BASE + "scheme/" + name):
                return name
    return None


# ---------------------------------------------------------------- records


def _ref(g: Graph, node, kind: str) -> dict[str, str]:
    labels = by_lang(g, node, SKOS.prefLabel, RDFS.label, DCTERMS.title)
    return {"id": anchor(kind, node), "zh": labels["zh"], "en": labels["en"] or pname(node)}


def _concept(g: Graph, c: Node, corr_of: dict[Node, list[dict]]) -> dict[str, Any]:
    def refs(nodes) -> list[dict[str, str]]:
        items = [_ref(g, n, "concept") for n in set(nodes) if _scheme_of(g, n)]
        return sorted(items, key=lambda r: (r["en"].casefold(), r["id"]))

    related = set(g.objects(c, SKOS.related)) | set(g.subjects(SKOS.related, c))
    return {
        "id": anchor("concept", c),
        "iri": str(c),
        "pname": pname(c),
        "pref": {k: first(g, c, SKOS.prefLabel, k) for k in LANGS},
        "alt": {k: texts(g, c, SKOS.altLabel, k) for k in LANGS},
        "hidden": {k: texts(g, c, SKOS.hiddenLabel, k) for k in LANGS},
        "definition": {k: first(g, c, SKOS.definition, k) for k in ("zh", "en")},
        "dimensions": [_ref(g, d, "dim") for d in sorted_iris(g.objects(c, MKG.dimension))],
        "broader": refs(g.objects(c, SKOS.broader)),
        "narrower": refs(g.subjects(SKOS.broader, c)),
        "related": refs(related - {c}),
        "counterparts": refs(g.objects(c, MKG.hasAICounterpart)),
        "counterpart_of": refs(g.subjects(MKG.hasAICounterpart, c)),
        "answers": refs(g.objects(c, MKG.answers)),
        "answered_by": refs(g.subjects(MKG.answers, c)),
        "correspondences": corr_of.get(c, []),
        "quotes": texts(g, c, MKG.evidenceQuote, "zh"),
        "sources": sorted(
            (_passage_ref(g, p) for p in g.objects(c, DCTERMS.source)), key=lambda r: r["sort"]
        ),
    }


def _page_key(page: str) -> tuple[int, str]:
    m = re.match(r"\d+", page)
    return (int(m.group()) if m else 10**9, page)


def _passage_ref(g: Graph, p) -> dict[str, Any]:
    volume = g.value(p, DCTERMS.isPartOf)
    collection = g.value(volume, DCTERMS.isPartOf) if volume is not None else None
    start = str(g.value(p, BIBO.pageStart) or "")
    return {
        "id": anchor("passage", p),
        "zh": first(g, p, RDFS.label, "zh"),
        "en": first(g, p, RDFS.label, "en") or pname(p),
        "sort": (
            str(collection or ""),
            _page_key(str(g.value(volume, BIBO.volume) or "")),
            _page_key(start),
            str(p),
        ),
    }


def _correspondence(g: Graph, c: Node) -> dict[str, Any]:
    marx, ai = g.value(c, MKG.marxConcept), g.value(c, MKG.aiConcept)
    kind = g.value(c, MKG.relationKind)
    return {
        "id": anchor("corr", c),
        "pname": pname(c),
        "nodes": (marx, ai),
        "label": by_lang(g, c, RDFS.label),
        "marx": _ref(g, marx, "concept") if marx is not None else None,
        "ai": _ref(g, ai, "concept") if ai is not None else None,
        "kind": _ref(g, kind, "kind") if kind is not None else None,
        "dimension": g.value(c, MKG.dimension),
        "note": {k: first(g, c, SKOS.note, k) for k in ("zh", "en")},
        "quotes": texts(g, c, MKG.evidenceQuote, "zh"),
    }


def _vocabulary(
    g: Graph, locals_: tuple[str, ...], kind: str, counts: Counter
) -> list[dict[str, Any]]:
    out = []
    for local in locals_:
        node = _u(local)
        if (node, None, None) not in g:
            continue
        out.append(
            {
                "id": anchor(kind, node),
                "pname": pname(node),
                "pref": {k: first(g, node, SKOS.prefLabel, k) for k in ("zh", "en")},
                "definition": {k: first(g, node, SKOS.definition, k) for k in ("zh", "en")},
                "quotes": texts(g, node, MKG.evidenceQuote, "zh"),
                "count": counts.get(node, 0),
            }
        )
    return out


def _works_of(g: Graph, volume: Node) -> list[dict[str, str]]:
    return sorted(
        (_ref(g, w, "work") for w in g.objects(volume, MKG.containsWork)), key=lambda r: r["id"]
    )


def _editions(g: Graph, cited_by: dict[Node, list[dict]]) -> dict[str, Any]:
    def sort_key(n):
        return (_page_key(str(g.value(n, BIBO.volume) or "")), str(n))

    collections = []
    for coll in sorted_iris(set(g.subjects(RDF.type, MKG.MarxCollection))):
        volumes = sorted(
            set(g.subjects(DCTERMS.isPartOf, coll))
            & set(g.subjects(RDF.type, MKG.CollectionVolume)),
            key=sort_key,
        )
        collections.append(
            {
                "id": anchor("edition", coll),
                "pname": pname(coll),
                "title": by_lang(g, coll, DCTERMS.title),
                "label": by_lang(g, coll, RDFS.label),
                "publisher": by_lang(g, coll, DCTERMS.publisher),
                "place": by_lang(g, coll, MKG.publicationPlace),
                "issued": plain(g, coll, DCTERMS.issued) + plain(g, coll, DCTERMS.date),
                "note": first(g, coll, SKOS.note, "en"),
                "volumes": [
                    {
                        "id": anchor("edition", v),
                        "pname": pname(v),
                        "volume": str(g.value(v, BIBO.volume) or ""),
                        "title": by_lang(g, v, DCTERMS.title),
                        "issued": plain(g, v, DCTERMS.issued),
                        "works": _works_of(g, v),
                        "note": first(g, v, SKOS.note, "en"),
                    }
                    for v in volumes
                ],
            }
        )
    works = [
        {
            "id": anchor("work", w),
            "pname": pname(w),
            "title": by_lang(g, w, DCTERMS.title),
            "alternative": {k: texts(g, w, DCTERMS.alternative, k) for k in ("zh", "en")},
            "creator": plain(g, w, DCTERMS.creator),
            "editor": plain(g, w, DCTERMS.contributor),
            "date": plain(g, w, DCTERMS.date),
            "mew": plain(g, w, MKG.mewVolume),
            "mecw": plain(g, w, MKG.mecwVolume),
            "note": first(g, w, SKOS.note, "en"),
        }
        for w in sorted_iris(set(g.subjects(RDF.type, MKG.MarxWork)))
    ]
    passages = []
    for p in set(g.subjects(RDF.type, MKG.CitedPassage)):
        work = g.value(p, MKG.identifiedWork)
        passages.append(
            {
                **_passage_ref(g, p),
                "pname": pname(p),
                "volume": _ref(g, g.value(p, DCTERMS.isPartOf), "edition"),
                "pages": "–".join(
                    dict.fromkeys(plain(g, p, BIBO.pageStart) + plain(g, p, BIBO.pageEnd))
                ),
                "work": _ref(g, work, "work") if work is not None else None,
                "location": {k: first(g, p, MKG.identifiedLocation, k) for k in ("zh", "en")},
                "confidence": str(g.value(p, MKG.identificationConfidence) or ""),
                "note": first(g, p, SKOS.note, "en"),
                "concepts": cited_by.get(p, []),
            }
        )
    passages.sort(key=lambda r: r["sort"])
    confidence = Counter(r["confidence"] or "none" for r in passages)
    return {
        "collections": collections,
        "works": works,
        "passages": passages,
        "confidence": [(k, confidence[k]) for k in (*CONFIDENCES, "none") if confidence[k]],
    }


def _tbox(g: Graph) -> dict[str, list[dict[str, Any]]]:
    def term(t: URIRef) -> dict[str, Any]:
        kinds = sorted(
            pname(k)
            for k in g.objects(t, RDF.type)
            if k in (OWL.ObjectProperty, OWL.DatatypeProperty, OWL.FunctionalProperty)
        )
        return {
            "id": anchor("term", t),
            "pname": pname(t),
            "label": {k: first(g, t, RDFS.label, k) for k in ("zh", "en")},
            "comment": {k: first(g, t, RDFS.comment, k) for k in ("zh", "en")},
            "super": sorted(pname(s) for s in g.objects(t, RDFS.subClassOf))
            + sorted(pname(s) for s in g.objects(t, RDFS.subPropertyOf)),
            "domain": sorted(pname(s) for s in g.objects(t, RDFS.domain)),
            "range": sorted(pname(s) for s in g.objects(t, RDFS.range)),
            "kinds": kinds,
        }

    def ours(kind) -> list[URIRef]:
        return sorted_iris(t for t in set(g.subjects(RDF.type, kind)) if str(t).startswith(NS))

    return {
        "classes": [term(t) for t in ours(OWL.Class)],
        "object_properties": [term(t) for t in ours(OWL.ObjectProperty)],
        "datatype_properties": [term(t) for t in ours(OWL.DatatypeProperty)],
    }


def ontology_page_data(g: Graph) -> dict[str, Any]:
    """Everything the page shows, as plain sorted data (pure)."""
    corrs = [
        _correspondence(g, c) for c in sorted_iris(set(g.subjects(RDF.type, MKG.Correspondence)))
    ]
    corr_of: dict[Node, list[dict]] = {}
    for corr in corrs:
        for node in corr["nodes"]:
            if node is not None:
                corr_of.setdefault(node, []).append(corr)
    schemes = []
    cited_by: dict[Node, list[dict]] = {}
    for name in SCHEMES:
        s = URIRef(BASE + "scheme/" + name)
        members = [c for c in set(g.subjects(SKOS.inScheme, s)) if (c, RDF.type, SKOS.Concept) in g]
        records = sorted(
            (_concept(g, c, corr_of) for c in members),
            key=lambda r: (r["pref"]["en"].casefold(), r["id"]),
        )
        for c in members:
            for p in g.objects(c, DCTERMS.source):
                cited_by.setdefault(p, []).append(_ref(g, c, "concept"))
        schemes.append(
            {
                "name": name,
                "id": "scheme-" + name,
                "pname": pname(s),
                "title": by_lang(g, s, DCTERMS.title, SKOS.prefLabel),
                "description": by_lang(g, s, DCTERMS.description),
                "concepts": records,
            }
        )
    for refs in cited_by.values():
        refs.sort(key=lambda r: (r["en"].casefold(), r["id"]))
    by_dim = []
    for local in DIMENSIONS:
        rows = [c for c in corrs if c["dimension"] == _u(local)]
        rows.sort(key=lambda c: ((c["marx"] or {}).get("en", "").casefold(), c["id"]))
        by_dim.append({"dimension": _ref(g, _u(local), "dim"), "rows": rows})
    dim_counts = Counter(c["dimension"] for c in corrs)
    kind_counts = Counter(
        g.value(c, MKG.relationKind) for c in g.subjects(RDF.type, MKG.Correspondence)
    )
    onto = URIRef(BASE + "ontology")
    return {
        "title": by_lang(g, onto, DCTERMS.title),
        "description": by_lang(g, onto, DCTERMS.description),
        "version": plain(g, onto, OWL.versionInfo),
        "license": sorted(str(x) for x in g.objects(onto, DCTERMS.license)),
        "schemes": schemes,
        "correspondences": by_dim,
        "correspondence_count": len(corrs),
        "dimensions": _vocabulary(g, DIMENSIONS, "dim", dim_counts),
        "relation_kinds": _vocabulary(g, RELATION_KINDS, "kind", kind_counts),
        "editions": _editions(g, cited_by),
        "tbox": _tbox(g),
        "html_lang": HTML_LANG,
    }


def data_base(g: Graph) -> str:
    """The base of the graph's data IRIs, read off the ``…/scheme/marx`` concept scheme."""
    for s in sorted_iris(g.subjects(RDF.type, SKOS.ConceptScheme)):
        if str(s).endswith("/scheme/marx"):
            return str(s)[: -len("scheme/marx")]
    return BASE


def _rebased(g: Graph, old: str, new: str) -> Graph:
    def move(t):
        return URIRef(new + t[len(old) :]) if isinstance(t, URIRef) and t.startswith(old) else t

    out = Graph()
    for triple in g:
        out.add(tuple(move(t) for t in triple))
    return out


def dumps_ontology_html(graph: Graph, nav: list[dict[str, Any]] | None = None) -> str:
    """The ontology reference page (one self-contained HTML file) for an ontology graph.

    ``nav`` is the site's navigation (`marxkg.html.site.Site.nav`); without it the page
    links to the pages every build has. A graph built with another base (``marxkg build
    --base``) is read through the default base and its IRIs are shown with its own.
    """
    from marxkg.html.templating import Page, inline_style, make_env, static_text

    base = data_base(graph)
    data = ontology_page_data(graph if base == BASE else _rebased(graph, base, BASE))
    for scheme in data["schemes"]:
        for c in scheme["concepts"]:
            c["iri"] = base + c["iri"].removeprefix(BASE)
    if nav is None:
        nav = [
            {"key": href, "text": text, "href": href, "current": href == "ontology.html"}
            for href, text in DEFAULT_NAV
        ]
    page = Page(
        title="marxkg 本体参考 · ontology reference",
        body_class="ontology",
        nav=nav,
        styles=[inline_style(static_text("ontology.css"))],
    )
    return make_env().get_template(TEMPLATE).render(page=page, **data)


def write_ontology_html(graph: Graph, path) -> None:
    from marxkg.atomic import write_text

    write_text(path, dumps_ontology_html(graph))
