"""Lookups in the built graph shared by the pages: language-tagged text, vocabulary labels,
English translations of sentences, and what is known about cited Marx passages.

Language tags are compared case-insensitively by their primary subtag (rdflib keeps
``zh-Hans``, Oxigraph lowercases it).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any, cast

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, RDF, RDFS, SKOS
from rdflib.term import Node

from marxkg.model import Document
from marxkg.rdf.namespaces import ITSRDF, MKG, NIF, Iris

LANGS = ("zh", "en", "de")


def lang_of(lit: Literal) -> str:
    """Primary language subtag; traditional-script Chinese (zh-Hant) stays apart from zh."""
    tag = (lit.language or "").lower()
    return tag if tag == "zh-hant" else tag.split("-")[0]


def texts(g: Graph, node: Node, prop: URIRef, lang: str) -> list[str]:
    """Every literal of ``node prop`` in ``lang`` (primary subtag), sorted."""
    return sorted(
        str(o) for o in g.objects(node, prop) if isinstance(o, Literal) and lang_of(o) == lang
    )


def text(g: Graph, node: Node, prop: URIRef, lang: str) -> str | None:
    found = texts(g, node, prop, lang)
    return found[0] if found else None


def bilingual(g: Graph, node: Node, *props: URIRef) -> dict[str, str]:
    """``{"zh": …, "en": …}`` from the first property that has each language."""
    out: dict[str, str] = {}
    for lang in ("zh", "en"):
        for prop in props:
            value = text(g, node, prop, lang)
            if value is not None:
                out[lang] = value
                break
    return out


def local_name(iri: Node | str) -> str:
    s = str(iri)
    return s.rsplit("#", 1)[-1] if "#" in s else s.rstrip("/").rsplit("/", 1)[-1]


def sorted_iris(nodes: Iterable[Node]) -> list[URIRef]:
    """``nodes`` sorted, typed as IRIs: for subjects and objects the builders only ever mint as
    IRIs (documents, concepts, passages, works, vocabulary terms). Narrows the type only; rdflib's
    own ordering sorts them as before."""
    return sorted(cast("list[URIRef]", list(nodes)))


def vocabulary_labels(g: Graph, terms: list[URIRef]) -> dict[str, dict[str, str]]:
    """Labels of vocabulary terms (dimensions, relation kinds), keyed by local name."""
    out = {}
    for term in sorted(set(terms)):
        labels = bilingual(g, term, SKOS.prefLabel, RDFS.label)
        out[local_name(term)] = {
            "zh": labels.get("zh", local_name(term)),
            "en": labels.get("en", local_name(term)),
        }
    return out


def sentence_index(docs: Sequence[Document], iris: Iris) -> dict[URIRef, tuple[str, int]]:
    """Chinese sentence IRI -> (document id, sentence index)."""
    out = {}
    for doc in docs:
        for i, s in enumerate(doc.sentences):
            out[iris.span(doc.doc_id, s.start, s.end)] = (doc.doc_id, i)
    return out


def english_layer(
    g: Graph,
    docs: Sequence[Document],
    iris: Iris,
    index: dict[URIRef, tuple[str, int]] | None = None,
) -> tuple[dict[tuple[str, int], str], dict[tuple[str, int], list[tuple]]]:
    """The English translation (``mkg:translationOf``) of each Chinese sentence, keyed by
    (document id, sentence index), and the English concept mentions in it as
    ``(start, end, concept IRI)`` relative to that text. Untranslated sentences are absent.
    ``index``: `sentence_index` of ``docs``, if the caller has it (one pass over every
    document less)."""
    if index is None:
        index = sentence_index(docs, iris)
    parts: dict[tuple[str, int], list[tuple[int, str, URIRef]]] = {}
    for en, zh in g.subject_objects(MKG.translationOf):
        key = index.get(zh) if isinstance(zh, URIRef) else None
        anchor = g.value(en, NIF.anchorOf)
        if key is None or anchor is None:
            continue
        begin = g.value(en, NIF.beginIndex)
        parts.setdefault(key, []).append(
            (int(str(begin)) if begin is not None else 0, str(anchor), cast(URIRef, en))
        )
    texts_out: dict[tuple[str, int], str] = {}
    shift: dict[Node, tuple[tuple[str, int], int]] = {}
    for key, items in parts.items():
        cursor = 0
        for offset, text_en, en_iri in sorted(items):
            shift[en_iri] = (key, cursor - offset)
            cursor += len(text_en) + 1
        texts_out[key] = " ".join(a for _, a, _ in sorted(items))
    mentions: dict[tuple[str, int], list[tuple]] = {}
    for phrase, concept in g.subject_objects(ITSRDF.taIdentRef):
        sentence = g.value(phrase, NIF.sentence)
        where = shift.get(sentence) if sentence is not None else None
        b, e = g.value(phrase, NIF.beginIndex), g.value(phrase, NIF.endIndex)
        if where is None or b is None or e is None:
            continue
        key, d = where
        start, end = int(str(b)) + d, int(str(e)) + d
        if texts_out[key][start:end] == str(g.value(phrase, NIF.anchorOf)):
            mentions.setdefault(key, []).append((start, end, str(concept)))
    return texts_out, {k: sorted(v) for k, v in mentions.items()}


@dataclass
class EnglishLayer:
    """What the pages show of the English layer: each translated Chinese sentence's English
    (keyed by document id and sentence index), the English concept mentions in it
    (``(start, end, concept IRI)`` relative to that text) and each note's English
    (keyed by document id and note number)."""

    sentences: dict[tuple[str, int], str] = field(default_factory=dict)
    mentions: dict[tuple[str, int], list[tuple]] = field(default_factory=dict)
    notes: dict[tuple[str, int], str] = field(default_factory=dict)

    def update(self, other: EnglishLayer) -> None:
        self.sentences.update(other.sentences)
        self.mentions.update(other.mentions)
        self.notes.update(other.notes)


def english_of(
    g: Graph,
    docs: Sequence[Document],
    iris: Iris,
    index: dict[URIRef, tuple[str, int]] | None = None,
) -> EnglishLayer:
    """The `EnglishLayer` of ``docs`` in ``g`` (`english_layer`, and the notes' English
    ``rdf:value``)."""
    sentences, mentions = english_layer(g, docs, iris, index)
    notes = {}
    for doc in docs:
        for note in doc.footnotes:
            en = text(g, iris.note(doc.doc_id, note.n), RDF.value, "en")
            if en:
                notes[(doc.doc_id, note.n)] = en
    return EnglishLayer(sentences, mentions, notes)


def english_sentences(g: Graph, docs: Sequence[Document], iris: Iris) -> dict[tuple[str, int], str]:
    """(document id, Chinese sentence index) -> its English translation."""
    return english_layer(g, docs, iris)[0]


@dataclass
class Passage:
    """A cited Marx passage (page range of a collection volume) as the graph knows it."""

    iri: str
    collection: str  # edition slug
    collection_title: dict[str, str]
    volume: str
    pages: str
    label: dict[str, str]
    work: dict[str, str] = field(default_factory=dict)
    location: dict[str, str] = field(default_factory=dict)
    confidence: str | None = None
    volume_works: list[dict[str, str]] = field(default_factory=list)

    def sort_key(self) -> tuple[Any, ...]:
        return (self.collection, _num(self.volume), _num(self.pages.split("-")[0]), self.pages)

    def to_json(self) -> dict[str, Any]:
        return {
            "iri": self.iri,
            "collection": self.collection_title,
            "volume": self.volume,
            "pages": self.pages,
            "label": self.label,
            "work": self.work,
            "location": self.location,
            "confidence": self.confidence,
            "volumeWorks": self.volume_works,
        }


def _num(s: str) -> tuple[int, str]:
    digits = "".join(ch for ch in s if ch.isdigit())
    return (int(digits) if digits and s.strip().isdigit() else 10**9, s)


def page_sort_key(pages: str) -> tuple[int, str]:
    """Sort key of a printed page label: numbers numerically, anything else after them."""
    first = pages.replace("–", "-").split("-")[0].split("、")[0].strip()
    return _num(first)


def passage(g: Graph, iri: URIRef, iris: Iris) -> Passage:
    """What the graph says about a cited passage ``/edition/<slug>/vol/<n>/p/<pages>``."""
    rel = str(iri)[len(iris.base + "edition/") :]
    coll, _, rest = rel.partition("/vol/")
    volume, _, pages = rest.partition("/p/")
    coll_iri = iris.edition(coll)
    vol_iri = iris.edition(f"{coll}/vol/{volume}")
    title = bilingual(g, coll_iri, DCTERMS.title, RDFS.label)
    label = bilingual(g, iri, RDFS.label)
    if "zh" not in label:
        label["zh"] = f"《{title.get('zh', coll)}》第{volume}卷" + (
            f"，第{pages}页" if pages else ""
        )
    p = Passage(str(iri), coll, title, volume, pages, label)
    work = g.value(iri, MKG.identifiedWork)
    if work is not None:
        p.work = bilingual(g, work, DCTERMS.title, RDFS.label)
        p.location = bilingual(g, iri, MKG.identifiedLocation)
        conf = g.value(iri, MKG.identificationConfidence)
        p.confidence = str(conf) if conf is not None else None
    p.volume_works = [
        bilingual(g, w, DCTERMS.title, RDFS.label)
        for w in sorted_iris(g.objects(vol_iri, MKG.containsWork))
    ]
    return p


def passages(g: Graph, iris: Iris) -> dict[str, Passage]:
    """Every passage typed ``mkg:CitedPassage`` in the graph, keyed by IRI."""
    from rdflib.namespace import RDF

    return {
        str(p): passage(g, p, iris) for p in sorted_iris(g.subjects(RDF.type, MKG.CitedPassage))
    }
