"""Tabular facts pulled from the built graph: concepts, mentions, correspondences, citations.

Every function takes a ``pyoxigraph.Store`` (see :mod:`marxkg.analytics.store`) and returns
plain Python data (lists of dicts, dicts), sorted, so that callers and notebooks only
display. Chinese is the text of the paper; English values appear where the graph has them
(English prefLabels, English sentences linked by ``mkg:translationOf``).
"""

from __future__ import annotations

import logging
from collections import Counter, defaultdict

from marxkg.analytics.store import local_name, path_after, select, solution_pairs
from marxkg.query.documents import check_documents, document_of
from marxkg.query.packaged import analytics_query
from marxkg.query.results import Term
from marxkg.query.sparql import inject_values
from marxkg.vocab import DIMENSIONS, SCHEMES, XSD

XSD_BOOLEAN = XSD + "boolean"

log = logging.getLogger(__name__)


def document_contexts(store, docs) -> list[str]:
    """The contexts (``nif:Context``: the text and its translations) of the documents
    ``docs`` (doc-ids); `marxkg.query.QueryError` names a doc-id the build does not hold."""
    contexts = [r["ctx"] for r in select(store, analytics_query("contexts"))]
    wanted = set(check_documents(docs, contexts))
    return sorted(c for c in contexts if document_of(c) in wanted)


def _within(query: str, store, docs) -> str:
    """``query`` (an analytics query with a ``VALUES ?ctx`` placeholder) within ``docs``."""
    contexts = [Term.iri(c) for c in document_contexts(store, docs)]
    return inject_values(analytics_query(query), {"ctx": contexts})


def concept_table(store, docs=()) -> dict[str, dict]:
    """Every SKOS concept of the three schemes: IRI -> node attributes.

    Attributes: ``iri``, ``slug``, ``label_zh``, ``label_en``, ``scheme`` (scheme slugs,
    ``;``-joined), ``dimensions`` (``;``-joined local names), ``mentions`` (mentions in the
    original text) and ``mentions_en`` (mentions in translated sentences): in the whole
    corpus, or in the documents ``docs`` (doc-ids).
    """
    rows = select(store, analytics_query("concepts"))
    schemes: dict[str, set[str]] = defaultdict(set)
    dims: dict[str, set[str]] = defaultdict(set)
    zh: dict[str, set[str]] = defaultdict(set)
    en: dict[str, set[str]] = defaultdict(set)
    for r in rows:
        schemes[r["c"]].add(path_after(r["scheme"], "scheme"))
        for target, value in (
            (dims, r["dim"] and local_name(r["dim"])),
            (zh, r["zh"]),
            (en, r["en"]),
        ):
            if value:
                target[r["c"]].add(value)
    counts = mention_counts(store, docs)
    return {
        iri: {
            "iri": iri,
            "slug": path_after(iri, "concept"),
            "label_zh": min(zh[iri], default=""),
            "label_en": min(en[iri], default=""),
            "scheme": ";".join(sorted(schemes[iri])),
            "dimensions": ";".join(sorted(dims[iri], key=_dimension_order)),
            "mentions": counts[(iri, False)],
            "mentions_en": counts[(iri, True)],
        }
        for iri in sorted(schemes)
    }


def _dimension_order(name: str) -> tuple[int, str]:
    return (DIMENSIONS.index(name) if name in DIMENSIONS else len(DIMENSIONS), name)


def mention_rows(store) -> list[dict]:
    """Concept mentions: ``m`` (span IRI), ``c`` (concept), ``s`` (sentence), ``translated``."""
    rows = select(store, analytics_query("mentions"))
    for r in rows:
        r["translated"] = r["translated"] in (True, "true", "1")
    return sorted(rows, key=lambda r: (r["s"], r["m"], r["c"]))


def mention_counts(store, docs=()) -> Counter[tuple[str, bool]]:
    """(concept IRI, translated) -> its number of mentions (as `mention_rows` lists them),
    counted by the engine: a row per concept and text, not per mention; in the whole
    corpus, or in the documents ``docs`` (doc-ids)."""
    query = _within("mention-counts-in", store, docs) if docs else analytics_query("mention-counts")
    counts: Counter[tuple[str, bool]] = Counter()
    for r in select(store, query):
        counts[(r["c"], r["translated"] in (True, "true", "1"))] = r["n"]
    return counts


def sentence_concepts(store, translated: bool = False, docs=()) -> dict[str, set[str]]:
    """Sentence IRI -> the concepts mentioned in it (original text unless ``translated``),
    in the whole corpus or in the documents ``docs`` (doc-ids).

    Read a row per (sentence, concept), the pairs of the store's own solutions, not a dict
    per mention (`select`): the rows grow with the corpus."""
    flag = Term.literal("true" if translated else "false", datatype=XSD_BOOLEAN)
    if docs:
        query = inject_values(_within("sentence-concepts-in", store, docs), {"translated": [flag]})
    else:
        query = inject_values(analytics_query("sentence-concepts"), {"translated": [flag]})
    out: dict[str, set[str]] = defaultdict(set)
    for sentence, concept in solution_pairs(store, query, "s", "c"):
        out[sentence].add(concept)
    return dict(out)


def correspondence_rows(store) -> list[dict]:
    """Every ``mkg:Correspondence`` with its concepts, dimension, relation kind, labels."""
    rows = []
    for r in select(store, analytics_query("correspondences")):
        rows.append(
            {
                "iri": r["k"],
                "key": path_after(r["k"], "correspondence"),
                "marx": r["marx"],
                "ai": r["ai"],
                "dimension": local_name(r["dim"]) if r["dim"] else "",
                "relation_kind": local_name(r["kind"]) if r["kind"] else "",
                "label_zh": r["zh"] or "",
                "label_en": r["en"] or "",
                "evidence": int(r["evidence"] or 0),
            }
        )
    rows.sort(
        key=lambda r: (r["iri"], r["dimension"], r["relation_kind"], r["label_zh"], r["label_en"])
    )
    seen, unique = set(), []
    for r in rows:  # one row per correspondence even if it had two labels in a language
        if r["iri"] not in seen:
            seen.add(r["iri"])
            unique.append(r)
    return unique


def _bound(name: str, var: str, iris) -> str:
    """An analytics query with ``?var`` bound to the IRIs (a parsed VALUES block)."""
    return inject_values(analytics_query(name), {var: [Term.iri(i) for i in sorted(set(iris))]})


def containing_sentences(store, spans) -> dict[str, str]:
    """Span IRI -> the original-language ``nif:Sentence`` containing it (itself if a sentence).

    Spans outside every sentence map to themselves. (Done in Python: a SPARQL range join
    over all spans and sentences is slow in Oxigraph.)
    """
    spans = sorted(set(spans))
    if not spans:
        return {}
    by_context: dict[str, list[tuple[int, int, str]]] = defaultdict(list)
    sentences = set()
    for r in select(store, analytics_query("sentence-spans")):
        sentences.add(r["s"])
        by_context[r["ctx"]].append((int(r["b"]), int(r["e"]), r["s"]))
    out = {x: x for x in spans}
    for r in select(store, _bound("spans", "x", (x for x in spans if x not in sentences))):
        b, e = int(r["b"]), int(r["e"])
        inside = [s for sb, se, s in sorted(by_context.get(r["ctx"], ())) if sb <= b and e <= se]
        if inside:
            out[r["x"]] = inside[0]
    return out


def sentence_texts(store, sentences) -> dict[str, tuple[str, str]]:
    """Sentence IRI -> (its text, its English translation or "")."""
    sentences = sorted(set(sentences))
    if not sentences:
        return {}
    out: dict[str, tuple[str, str]] = {}
    for r in sorted(
        select(store, _bound("sentence-text", "s", sentences)),
        key=lambda r: (r["s"], r["text"], r["en"] or ""),
    ):
        out.setdefault(r["s"], (r["text"], r["en"] or ""))
    return out


def citation_rows(store, docs=()) -> list[dict]:
    """Citations: ``citation``, ``sentence`` (the citing sentence), ``cited``, ``quotation``;
    of the whole corpus, or of the documents ``docs`` (doc-ids)."""
    rows = select(
        store, _within("citations-in", store, docs) if docs else analytics_query("citations")
    )
    sentence_of = containing_sentences(store, [r["citing"] for r in rows])
    found: dict[tuple[str, str], dict] = {}
    for r in sorted(rows, key=lambda r: (r["cit"], r["cited"], r["char"] or "")):
        quotation = (r["char"] or "").endswith("includesQuotationFrom")
        key = (r["cit"], r["cited"])
        if key not in found or quotation:
            found[key] = {
                "citation": r["cit"],
                "sentence": sentence_of[r["citing"]],
                "cited": r["cited"],
                "quotation": quotation,
            }
    return [found[k] for k in sorted(found)]


def _source_row(iri: str) -> dict[str, str]:
    """An empty row of the sources table (a cited reference until the graph says more)."""
    return {
        "iri": iri,
        "kind": "ref",
        "label_zh": "",
        "label_en": "",
        "volume": "",
        "work": "",
        "reference_kind": "",
    }


def source_table(store, iris) -> dict[str, dict]:
    """Cited things (pages, volumes, works, /ref/ resources): IRI -> node attributes."""
    iris = sorted(set(iris))
    if not iris:
        return {}
    rows = select(store, _bound("sources", "x", iris))
    kinds = {
        "CitedPassage": "page",
        "CollectionVolume": "volume",
        "MarxWork": "work",
        "MarxCollection": "collection",
    }
    table: dict[str, dict] = {}
    for r in sorted(rows, key=lambda r: tuple(str(v or "") for v in r.values())):
        t = table.setdefault(r["x"], _source_row(r["x"]))
        if r["type"]:
            t["kind"] = kinds[local_name(r["type"])]
        t["label_zh"] = t["label_zh"] or r["zh"] or ""
        t["label_en"] = t["label_en"] or r["en"] or ""
        title = r["title"] or ""
        if title and not t["label_zh"] and _is_cjk(title):
            t["label_zh"] = title
        if title and not t["label_en"] and not _is_cjk(title):
            t["label_en"] = title
        t["volume"] = t["volume"] or r["volume"] or ""
        t["work"] = t["work"] or r["work"] or ""
        t["reference_kind"] = t["reference_kind"] or r["kind"] or ""
    for iri in iris:
        t = table.setdefault(iri, _source_row(iri))
        t["key"] = iri.split("/marxkg/", 1)[-1]
        if not (t["label_zh"] or t["label_en"]):
            t["label_en"] = t["key"]
    return table


def _is_cjk(text: str) -> bool:
    return any("\u3400" <= ch <= "\u9fff" for ch in text)


def concepts_per_scheme(store) -> dict[str, list[dict]]:
    """Scheme slug -> its concepts (slug, zh, en, dimensions, mentions), by mentions."""
    out: dict[str, list[dict]] = {s: [] for s in SCHEMES}
    for c in concept_table(store).values():
        for scheme in c["scheme"].split(";"):
            out.setdefault(scheme, []).append(c)
    for members in out.values():
        members.sort(key=lambda c: (-c["mentions"], c["slug"]))
    return out


def correspondences_per_dimension(store) -> dict[str, int]:
    """Dimension -> number of ``mkg:Correspondence`` nodes placed there."""
    counts = Counter(r["dimension"] for r in correspondence_rows(store))
    return {d: counts.get(d, 0) for d in (*DIMENSIONS, *sorted(set(counts) - set(DIMENSIONS)))}


def correspondences_per_relation_kind(store) -> dict[str, int]:
    counts = Counter(r["relation_kind"] for r in correspondence_rows(store))
    return dict(sorted(counts.items()))


def concept_counts_per_scheme(store) -> dict[str, int]:
    """Scheme slug -> number of concepts in it."""
    return {scheme: len(cs) for scheme, cs in concepts_per_scheme(store).items()}


def correspondence_table(store) -> list[dict]:
    """Correspondences with the zh/en labels of both concepts, by dimension then Marx concept."""
    concepts = concept_table(store)
    order = {d: i for i, d in enumerate(DIMENSIONS)}
    rows = []
    for r in correspondence_rows(store):
        marx, ai = concepts.get(r["marx"], {}), concepts.get(r["ai"], {})
        rows.append(
            {
                **r,
                "marx_zh": marx.get("label_zh", ""),
                "marx_en": marx.get("label_en", ""),
                "ai_zh": ai.get("label_zh", ""),
                "ai_en": ai.get("label_en", ""),
            }
        )
    return sorted(
        rows,
        key=lambda r: (
            order.get(r["dimension"], len(order)),
            r["dimension"],
            r["marx_en"],
            r["key"],
        ),
    )
