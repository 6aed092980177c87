"""Everything the pages show, gathered once from documents, annotations and the graph.

`site_data` returns a `Site`: concept records (labels, definitions, relations,
correspondences, evidence sentences with their English, relevant Marx citations), the
English translation of each sentence, the cited Marx passages and the concepts mentioned in
each sentence. The page modules only arrange this data.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from rdflib import Graph, URIRef
from rdflib.namespace import DCTERMS, PROV, RDF, RDFS, SKOS

from marxkg.html import graphdata as gd
from marxkg.html.templating import anchor_id, page_href
from marxkg.model import Document
from marxkg.ontology import concepts, scheme_of
from marxkg.rdf.namespaces import MKG, Iris
from marxkg.vocab import SCHEMES, cited_entities

# scheme -> colour of its nodes and highlighted mentions
SCHEME_COLORS = {"marx": "#c0392b", "ai-era": "#1f6fb2", "socialist-application": "#1e8449"}
SCHEME_FALLBACK = {
    "marx": {"zh": "马克思机器体系理论", "en": "Marx's theory of machinery"},
    "ai-era": {"zh": "人工智能时代的对应概念", "en": "AI-era counterparts"},
    "socialist-application": {
        "zh": "人工智能技术社会主义应用",
        "en": "socialist application of AI technology",
    },
}


NAV_TITLE = 12  # characters of a document title shown in the navigation
NAV_DOCS = 12  # up to this many documents, the navigation links every reader


def doc_heads(docs: Sequence[Document]) -> list[tuple[str, str]]:
    """``(doc id, title)`` of each document, in order: what the navigation and the
    ordering of evidence need. A sequence that reads its documents when asked for (the
    build's, `marxkg.build_pages.DocShelf`) brings them as ``heads``; else they are read
    from the documents."""
    heads = getattr(docs, "heads", None)
    if heads is not None:
        return list(heads)
    return [(d.doc_id, d.front.title or d.doc_id) for d in docs]


@dataclass
class Site:
    # the documents: a list, or a sequence that reads each when asked for (the build's); a
    # page goes over them one at a time and never keeps them
    docs: Sequence[Document]
    iris: Iris
    concepts: dict[str, dict[str, Any]]  # slug -> record (JSON-ready)
    schemes: dict[str, dict[str, str]]  # scheme key -> {"zh", "en", "color"}
    dimensions: dict[str, dict[str, str]]  # local name -> {"zh", "en"}
    relation_kinds: dict[str, dict[str, str]]
    english: dict[tuple[str, int], str]  # (doc id, sentence index) -> English
    passages: dict[str, gd.Passage]  # passage IRI -> what the graph knows
    sentence_concepts: dict[tuple[str, int], list[str]] = field(default_factory=dict)
    footnote_english: dict[tuple[str, int], str] = field(default_factory=dict)
    annotations: Mapping[str, Any] = field(default_factory=dict)  # doc id -> Annotations
    sentences: dict[str, dict[str, Any]] = field(default_factory=dict)  # evidence sentences
    correspondences: dict[str, dict[str, Any]] = field(default_factory=dict)
    # (doc id, sentence index) -> English mentions (start, end, concept IRI) in its English
    english_mentions: dict[tuple[str, int], list[tuple]] = field(default_factory=dict)
    slug_of: dict[str, str] = field(default_factory=dict)  # concept IRI -> slug
    ontology: Graph | None = None  # the graph ontology.html describes
    _heads: list[tuple[str, str]] | None = None
    _english_by_doc: dict[str, list[tuple]] | None = None

    @property
    def heads(self) -> list[tuple[str, str]]:
        """``(doc id, title)`` of every document (`doc_heads`), gathered once."""
        if self._heads is None:
            self._heads = doc_heads(self.docs)
        return self._heads

    def english_mentions_of(self, doc_id: str) -> list[tuple]:
        """Every English mention ``(start, end, concept IRI)`` of a document's sentences
        (`english_mentions` grouped by document once, not searched for every reader)."""
        if self._english_by_doc is None:
            self._english_by_doc = {}
            for (d, _), ms in self.english_mentions.items():
                self._english_by_doc.setdefault(d, []).extend(ms)
        return self._english_by_doc.get(doc_id, [])

    def doc(self, doc_id: str) -> Document:
        return self.docs[[d for d, _ in self.heads].index(doc_id)]

    def passage(self, iri: URIRef | str) -> gd.Passage | None:
        return self.passages.get(str(iri))

    def nav(self, current: str, up: bool = False) -> list[dict[str, Any]]:
        """Links to every page, relative to a page at the top (or, ``up``, one level down)."""
        pre = ("..",) if up else ()
        links: list[dict[str, Any]] = [
            {"key": "index", "text": "首页 Home", "href": page_href(*pre, "index.html")},
            {
                "key": "concept-map",
                "text": "概念图 Concept map",
                "href": page_href(*pre, "concept-map.html"),
            },
            {
                "key": "citations",
                "text": "引文索引 Citations",
                "href": page_href(*pre, "citations.html"),
            },
            {"key": "claims", "text": "数据论断 Claims", "href": page_href(*pre, "claims.html")},
            {"key": "ontology", "text": "本体 Ontology", "href": page_href(*pre, "ontology.html")},
        ]
        docs = self.heads
        if len(docs) > NAV_DOCS:
            # one link to the documents table of the front page instead of one per reader
            # (with a thousand papers every page would carry a thousand links), plus the
            # current reader's own link
            links.append(
                {
                    "key": "readers",
                    "text": f"阅读 Readers ({len(docs)})",
                    "href": page_href(*pre, "index.html", fragment="documents"),
                }
            )
            docs = [d for d in docs if f"reader:{d[0]}" == current]
        for doc_id, title in docs:
            short = title if len(title) <= NAV_TITLE else title[: NAV_TITLE - 1] + "…"
            links.append(
                {
                    "key": f"reader:{doc_id}",
                    "text": "阅读 Reader" + ("" if len(self.heads) == 1 else f": {short}"),
                    "href": page_href(*pre, doc_id, "reader.html"),
                }
            )
        for link in links:
            link["current"] = link["key"] == current
        return links


def concept_slug(iri: URIRef | str, iris: Iris) -> str:
    prefix = iris.base + "concept/"
    s = str(iri)
    return s[len(prefix) :] if s.startswith(prefix) else gd.local_name(s)


def passage_anchor(iri: str) -> str:
    """The id of a passage's first row in citations.html."""
    return anchor_id("p", iri.rsplit("/edition/", 1)[-1])


def sentence_key(doc_id: str, i: int) -> str:
    return f"{doc_id}:{i}"


def _evidence(
    g: Graph,
    node: URIRef,
    docs: Sequence[Document],
    index: dict[URIRef, tuple[str, int]],
    english: dict[tuple[str, int], str],
    table: dict[str, dict[str, Any]],
    docs_order: dict[str, int],
) -> list[str]:
    """Keys of the sentences ``node`` was derived from (in document order: ``docs_order``,
    doc id -> position); each sentence (Chinese, English where present, link into the
    reader) is added to ``table``."""
    keys = sorted(
        {
            index[s]
            for s in g.objects(node, PROV.wasDerivedFrom)
            if isinstance(s, URIRef) and s in index
        },
        key=lambda k: (docs_order[k[0]], k[1]),
    )
    for key in keys:
        doc = docs[docs_order[key[0]]]
        sent = doc.sentences[key[1]]
        item = {
            "doc": key[0],
            "s": key[1],
            "zh": doc.text[sent.start : sent.end],
            "href": page_href(key[0], "reader.html", fragment=f"s{key[1]}"),
        }
        if key in english:
            item["en"] = english[key]
        table[sentence_key(*key)] = item
    return [sentence_key(*k) for k in keys]


def _correspondences(g: Graph, slug_of: dict[str, str], evidence) -> dict[str, dict]:
    """Correspondence id -> {marx, ai (slugs), dimensions, kind, label, note, evidence}: every
    ``mkg:Correspondence``, plus a bare entry for a ``mkg:hasAICounterpart`` pair without one."""
    out: dict[str, dict] = {}
    seen: set[tuple[str, str]] = set()
    for c in gd.sorted_iris(g.subjects(RDF.type, MKG.Correspondence)):
        marx, ai = g.value(c, MKG.marxConcept), g.value(c, MKG.aiConcept)
        if str(marx) not in slug_of or str(ai) not in slug_of:
            continue
        seen.add((str(marx), str(ai)))
        kind = g.value(c, MKG.relationKind)
        out[gd.local_name(c)] = {
            "marx": slug_of[str(marx)],
            "ai": slug_of[str(ai)],
            "dimensions": sorted(gd.local_name(d) for d in g.objects(c, MKG.dimension)),
            "kind": gd.local_name(kind) if kind is not None else None,
            "label": gd.bilingual(g, c, RDFS.label),
            "note": gd.bilingual(g, c, SKOS.note),
            "evidence": evidence(c),
        }
    for marx, ai in sorted(g.subject_objects(MKG.hasAICounterpart)):
        if (str(marx), str(ai)) in seen or str(marx) not in slug_of or str(ai) not in slug_of:
            continue
        key = f"{slug_of[str(marx)]}--{slug_of[str(ai)]}"
        out[key] = {
            "marx": slug_of[str(marx)],
            "ai": slug_of[str(ai)],
            "dimensions": [],
            "kind": None,
            "label": {},
            "note": {},
            "evidence": [],
        }
    return out


def _counterparts(corr: dict[str, dict]) -> dict[str, list[dict[str, str]]]:
    """Concept slug -> [{id, other, role}] over the correspondences it takes part in."""
    out: dict[str, list[dict[str, str]]] = {}
    for key, c in sorted(corr.items()):
        out.setdefault(c["marx"], []).append({"id": key, "other": c["ai"], "role": "marx"})
        out.setdefault(c["ai"], []).append({"id": key, "other": c["marx"], "role": "ai"})
    return out


def _sentence_concepts(
    docs: Sequence[Document], anns: Mapping[str, Any], slug_of: dict[str, str]
) -> dict[tuple[str, int], list[str]]:
    out: dict[tuple[str, int], list[str]] = {}
    for doc in docs:
        ann = anns.get(doc.doc_id)
        for m in sorted(ann.mentions if ann else [], key=lambda m: (m.start, m.end)):
            slug = slug_of.get(m.concept)
            if slug and slug not in out.setdefault((doc.doc_id, m.sentence), []):
                out[(doc.doc_id, m.sentence)].append(slug)
    return out


def _relevant_citations(site: Site, g: Graph) -> dict[str, dict[str, set[str]]]:
    """Concept slug -> passage IRI -> bases ("source": the ontology cites it for the concept;
    "sentence": the paper cites it in a sentence mentioning the concept)."""
    out: dict[str, dict[str, set[str]]] = {}
    for iri, slug in site.slug_of.items():
        for p in g.objects(URIRef(iri), DCTERMS.source):
            if str(p) in site.passages:
                out.setdefault(slug, {}).setdefault(str(p), set()).add("source")
    for doc in site.docs:
        for c in doc.citations:
            ref = doc.footnotes[c.footnote - 1].references[c.reference]
            if ref.kind != "marx":
                continue
            for slug in site.sentence_concepts.get((doc.doc_id, c.sentence), []):
                for p in cited_entities(ref, site.iris, c.page):
                    if str(p) in site.passages:
                        out.setdefault(slug, {}).setdefault(str(p), set()).add("sentence")
    return out


def site_data(
    docs: Sequence[Document],
    anns: Mapping[str, Any],
    g: Graph,
    iris: Iris,
    english: gd.EnglishLayer | None = None,
) -> Site:
    """Gather what the pages show (pure: reads the graph, writes nothing). ``english``:
    the documents' English layer, if the caller made it (one document at a time, from each
    document's own part: `marxkg.build_pages`); else it is read from ``g``."""
    concept_iris = concepts(g)
    slug_of = {str(c): concept_slug(c, iris) for c in concept_iris}
    index = gd.sentence_index(docs, iris)
    layer = english if english is not None else gd.english_of(g, docs, iris, index)
    schemes = {}
    for key in SCHEMES:
        labels = gd.bilingual(g, iris.scheme(key), DCTERMS.title, SKOS.prefLabel, RDFS.label)
        schemes[key] = {**SCHEME_FALLBACK[key], **labels, "color": SCHEME_COLORS[key]}
    dims = [d for d in g.objects(None, MKG.dimension) if isinstance(d, URIRef)]
    kinds = [k for k in g.objects(None, MKG.relationKind) if isinstance(k, URIRef)]
    site = Site(
        docs,
        iris,
        {},
        schemes,
        gd.vocabulary_labels(g, dims),
        gd.vocabulary_labels(g, kinds),
        layer.sentences,
        gd.passages(g, iris),
        slug_of=slug_of,
        annotations=anns,
        english_mentions=layer.mentions,
        footnote_english=layer.notes,
    )
    site.sentence_concepts = _sentence_concepts(docs, anns, slug_of)

    docs_order = {doc_id: k for k, (doc_id, _) in enumerate(site.heads)}

    def evidence(node: URIRef) -> list[str]:
        return _evidence(g, node, docs, index, layer.sentences, site.sentences, docs_order)

    counts = Counter(m.concept for ann in anns.values() for m in ann.mentions)
    site.correspondences = _correspondences(g, slug_of, evidence)
    corr = _counterparts(site.correspondences)
    relevant = _relevant_citations(site, g)

    def slugs(it) -> list[str]:
        return sorted({slug_of[str(x)] for x in it if str(x) in slug_of})

    for c in concept_iris:
        slug = slug_of[str(c)]
        found = {lang: gd.text(g, c, SKOS.prefLabel, lang) for lang in gd.LANGS}
        labels = {k: v for k, v in found.items() if v}
        labels.setdefault("zh", labels.get("en", slug))
        labels.setdefault("en", labels["zh"])
        alt = sorted({str(o) for p in (SKOS.altLabel, SKOS.hiddenLabel) for o in g.objects(c, p)})
        cites = relevant.get(slug, {})
        site.concepts[slug] = {
            "slug": slug,
            "iri": str(c),
            "scheme": scheme_of(g, c) or "",
            "labels": labels,
            "alt": alt,
            "definition": gd.bilingual(g, c, SKOS.definition),
            "dimensions": sorted(gd.local_name(d) for d in g.objects(c, MKG.dimension)),
            "mentions": counts.get(str(c), 0),
            "broader": slugs(g.objects(c, SKOS.broader)),
            "narrower": slugs(g.subjects(SKOS.broader, c)),
            "related": [
                s
                for s in slugs(set(g.objects(c, SKOS.related)) | set(g.subjects(SKOS.related, c)))
                if s != slug
            ],
            "answers": slugs(g.objects(c, MKG.answers)),
            "answeredBy": slugs(g.subjects(MKG.answers, c)),
            "counterparts": sorted(corr.get(slug, []), key=lambda x: (x["other"], x["id"])),
            "evidence": evidence(c),
            "citations": [
                {"passage": p, "basis": sorted(cites[p])}
                for p in sorted(cites, key=lambda p: site.passages[p].sort_key())
            ],
        }
    return site
