"""Projections of the knowledge graph as networkx graphs.

- :func:`comention_graph`: concepts linked when mentioned in the same sentence, weighted
  by the number of such sentences;
- :func:`correspondence_graph`: Marx concept -> AI-era concept, one edge per
  ``mkg:Correspondence`` (a ``MultiDiGraph``: a pair may correspond in several dimensions);
- :func:`citation_graph`: bipartite concepts <-> cited sources (Marx pages, volumes or works,
  and other ``/ref/`` resources), linked when a concept is mentioned in a citing sentence.

Nodes and edges are inserted in sorted order, so the graphs (and everything written from
them) are deterministic. Node ids are IRIs; node attributes are scalars (GraphML/GEXF).
"""

from __future__ import annotations

from collections import Counter, defaultdict
from itertools import combinations

from marxkg.analytics.tables import (
    citation_rows,
    concept_table,
    correspondence_rows,
    sentence_concepts,
    source_table,
)
from marxkg.vocab import slug

CITATION_LEVELS = ("page", "volume", "work")


def _concept_attrs(concept: dict) -> dict:
    attrs = {k: v for k, v in concept.items() if v is not None}
    attrs["label"] = _label(concept)
    attrs["kind"] = "concept"
    return attrs


def _label(node: dict) -> str:
    zh, en = node.get("label_zh", ""), node.get("label_en", "")
    return f"{zh} / {en}" if zh and en else zh or en or node.get("iri", "")


def cooccurrence_counts(sentences: dict[str, set[str]]) -> Counter:
    """(a, b) with a < b -> number of sentences mentioning both (pure; no RDF involved)."""
    counts: Counter = Counter()
    for concepts in sentences.values():
        for a, b in combinations(sorted(concepts), 2):
            counts[(a, b)] += 1
    return counts


def comention_graph(
    store,
    translated: bool = False,
    concepts: dict[str, dict] | None = None,
    sentences: dict[str, set[str]] | None = None,
    docs=(),
):
    """Undirected concept co-mention graph at sentence level.

    Nodes: every concept mentioned at least once (isolated ones included). Edge ``weight``:
    the number of sentences in which both concepts are mentioned. ``translated=True`` uses
    the English sentences instead of the Chinese original. ``concepts`` and ``sentences``:
    `concept_table` and `sentence_concepts` of ``store`` (for ``translated``), if the
    caller has them already. ``docs``: the sentences of these documents (doc-ids) only.
    """
    import networkx as nx

    concepts = concept_table(store, docs) if concepts is None else concepts
    if sentences is None:
        sentences = sentence_concepts(store, translated=translated, docs=docs)
    mentioned = sorted({c for cs in sentences.values() for c in cs if c in concepts})
    g = nx.Graph(name="concept co-mention (sentence level)", projection="comention")
    for iri in mentioned:
        g.add_node(iri, **_concept_attrs(concepts[iri]))
    for (a, b), n in sorted(cooccurrence_counts(sentences).items()):
        if a in concepts and b in concepts:
            g.add_edge(a, b, weight=n)
    return g


def correspondence_graph(
    store, dimension: str | None = None, concepts: dict[str, dict] | None = None
):
    """Directed multigraph Marx concept -> AI-era concept, one edge per correspondence.

    Edge key: the correspondence's slug; attributes ``dimension``, ``relationKind``,
    ``iri``, ``label_zh``, ``label_en``, ``evidence`` (number of evidence sentences),
    ``weight`` (1). ``dimension`` (e.g. ``"FixedCapital"``) keeps only that dimension.
    ``concepts``: `concept_table` of ``store``, if the caller has it already.
    """
    import networkx as nx

    concepts = concept_table(store) if concepts is None else concepts
    rows = [
        r for r in correspondence_rows(store) if dimension is None or r["dimension"] == dimension
    ]
    g = nx.MultiDiGraph(
        name="Marx - AI correspondences" + (f" ({dimension})" if dimension else ""),
        projection="correspondence",
    )
    for iri in sorted({r["marx"] for r in rows} | {r["ai"] for r in rows}):
        g.add_node(iri, **_concept_attrs(concepts.get(iri, _unknown_concept(iri))))
    for r in sorted(rows, key=lambda r: (r["marx"], r["ai"], r["key"])):
        g.add_edge(
            r["marx"],
            r["ai"],
            key=r["key"],
            iri=r["iri"],
            dimension=r["dimension"],
            relationKind=r["relation_kind"],
            label_zh=r["label_zh"],
            label_en=r["label_en"],
            label=r["label_zh"] or r["label_en"],
            evidence=r["evidence"],
            weight=1,
        )
    return g


def _unknown_concept(iri: str) -> dict:
    return {
        "iri": iri,
        "slug": slug(iri),
        "label_zh": "",
        "label_en": "",
        "scheme": "",
        "dimensions": "",
        "mentions": 0,
        "mentions_en": 0,
    }


def _source_at_level(iri: str, sources: dict[str, dict], level: str) -> str:
    info = sources[iri]
    if level == "page" or info["kind"] != "page":
        return iri
    if level == "work" and info["work"]:
        return info["work"]
    return info["volume"] or iri


def citation_graph(
    store,
    level: str = "page",
    concepts: dict[str, dict] | None = None,
    sentences: dict[str, set[str]] | None = None,
    docs=(),
):
    """Bipartite graph: concepts (``bipartite=0``) <-> cited sources (``bipartite=1``).

    A concept is linked to a source when it is mentioned in a sentence that cites the
    source; ``weight`` counts such citations, ``quotations`` those that quote. ``level``
    rolls Marx pages up to their ``"volume"`` or identified ``"work"`` (a page without an
    identified work stays with its volume); ``/ref/`` resources stay as they are.
    ``concepts`` and ``sentences``: `concept_table` and `sentence_concepts` of ``store``
    (the original text), if the caller has them already. ``docs``: the citations of these
    documents (doc-ids) only.
    """
    import networkx as nx

    if level not in CITATION_LEVELS:
        raise ValueError(f"level must be one of {', '.join(CITATION_LEVELS)}, not {level!r}")
    concepts = concept_table(store, docs) if concepts is None else concepts
    if sentences is None:
        sentences = sentence_concepts(store, docs=docs)
    citations = citation_rows(store, docs)
    cited = source_table(store, [c["cited"] for c in citations])
    target_of = {iri: _source_at_level(iri, cited, level) for iri in cited}
    targets = source_table(store, set(target_of.values()))
    weight: Counter = Counter()
    quotes: Counter = Counter()
    for c in citations:
        for concept in sentences.get(c["sentence"], ()):
            if concept in concepts:
                edge = (concept, target_of[c["cited"]])
                weight[edge] += 1
                quotes[edge] += int(c["quotation"])
    g = nx.Graph(
        name=f"concept - source citations ({level} level)", projection="citation", level=level
    )
    for iri in sorted({a for a, _ in weight}):
        g.add_node(iri, bipartite=0, **_concept_attrs(concepts[iri]))
    citing_count: defaultdict[str, int] = defaultdict(int)
    for c in citations:
        citing_count[target_of[c["cited"]]] += 1
    for iri in sorted(set(target_of.values())):
        info = targets[iri]
        attrs = {k: v for k, v in info.items() if v not in (None, "")}
        attrs.update(
            bipartite=1, label=_label(info), citations=citing_count[iri], kind=info["kind"]
        )
        g.add_node(iri, **attrs)
    for (a, b), n in sorted(weight.items()):
        g.add_edge(a, b, weight=n, quotations=quotes[(a, b)])
    return g


PROJECTIONS = {
    "comention": comention_graph,
    "correspondence": correspondence_graph,
    "citation": citation_graph,
}
