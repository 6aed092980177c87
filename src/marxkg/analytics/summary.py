"""One call for everything ``marxkg analyze`` shows and writes.

:func:`analyze` builds the three projections, annotates them with metrics and returns an
:class:`Analysis`; :func:`format_summary` renders it as plain text; :func:`export` writes
GraphML and GEXF files for Gephi.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from marxkg import paths
from marxkg.analytics.metrics import METRICS, annotate, top_nodes
from marxkg.analytics.projections import citation_graph, comention_graph, correspondence_graph
from marxkg.analytics.tables import (
    concept_table,
    correspondences_per_dimension,
    correspondences_per_relation_kind,
    sentence_concepts,
)

ANALYTICS_DIR = "analytics"
TITLES = {
    "comention": "Concept co-mention graph (sentence level)",
    "correspondence": "Marx -> AI-era correspondence graph",
    "citation": "Concept - source citation graph (bipartite)",
}
# The metric each projection ranks its concepts by: eigenvector centrality suits the dense
# co-mention graph; the correspondence graph is a forest of small chains (the weighted degree
# counts the correspondences a concept takes part in); in the citation graph the weighted degree
# counts the citations made in sentences that mention the concept.
RANK_BY = {
    "comention": "eigenvector",
    "correspondence": "weighted_degree",
    "citation": "weighted_degree",
}


@dataclass
class Analysis:
    """The projections (annotated with metrics) and the facts the summary reports."""

    graphs: dict = field(default_factory=dict)
    results: dict = field(default_factory=dict)
    per_dimension: dict = field(default_factory=dict)
    per_relation_kind: dict = field(default_factory=dict)
    dimension_graphs: dict = field(default_factory=dict)
    docs: list[str] = field(default_factory=list)  # the documents analysed ([]: all)


def analyze_store(store, citation_level: str = "page", docs=()) -> Analysis:
    """Build and annotate every projection from an Oxigraph store of the built graph: of
    the whole corpus, or of the documents ``docs`` (doc-ids; the correspondences are the
    ontology's, with the mention counts of those documents)."""
    docs = sorted(set(docs))
    # made once (each visits every mention) for all the projections
    concepts, sentences = concept_table(store, docs), sentence_concepts(store, docs=docs)
    graphs = {
        "comention": comention_graph(store, concepts=concepts, sentences=sentences),
        "correspondence": correspondence_graph(store, concepts=concepts),
        "citation": citation_graph(
            store, level=citation_level, concepts=concepts, sentences=sentences, docs=docs
        ),
    }
    analysis = Analysis(graphs=graphs, docs=docs)
    analysis.results = {name: annotate(g) for name, g in graphs.items()}
    analysis.per_dimension = correspondences_per_dimension(store)
    analysis.per_relation_kind = correspondences_per_relation_kind(store)
    analysis.dimension_graphs = {
        d: correspondence_graph(store, dimension=d, concepts=concepts)
        for d in analysis.per_dimension
    }
    return analysis


def analyze(out: Path | str | None = None, citation_level: str = "page", docs=()) -> Analysis:
    """Analyse the build ``out`` (default ``build/``): the whole corpus, or ``docs``."""
    from marxkg.analytics.store import load_store

    return analyze_store(load_store(out), citation_level=citation_level, docs=docs)


def export(
    analysis: Analysis, directory: Path | str | None = None, out: Path | str | None = None
) -> list[Path]:
    """Write ``<name>.graphml`` and ``<name>.gexf`` for each projection.

    ``directory`` defaults to ``<out>/analytics`` (``out`` defaults to ``build/``), and to
    ``<out>/analytics/<doc-id>[+<doc-id>…]`` for an analysis of some documents.
    """
    from marxkg.analytics.export import write_graphs

    if directory is None:
        directory = Path(out if out is not None else paths.build_dir()) / ANALYTICS_DIR
        if analysis.docs:
            directory = directory / "+".join(analysis.docs)
    return write_graphs(analysis.graphs, Path(directory))


def _name(g, n) -> str:
    d = g.nodes[n]
    zh, en = d.get("label_zh", ""), d.get("label_en", "")
    text = f"{zh} ({en})" if zh and en else zh or en or str(n)
    return text


def _counts(g) -> str:
    kinds: dict[str, int] = {}
    for _, d in g.nodes(data=True):
        kinds[d.get("kind", "node")] = kinds.get(d.get("kind", "node"), 0) + 1
    parts = ", ".join(f"{v} {k}s" for k, v in sorted(kinds.items()))
    weight = sum(d.get("weight", 1) for *_, d in g.edges(data=True))
    return (
        f"{g.number_of_nodes()} nodes ({parts}), {g.number_of_edges()} edges, total weight {weight}"
    )


def format_summary(
    analysis: Analysis, top: int = 10, metric: str | None = None, members: int = 12
) -> str:
    """A readable plain-text report of the analysis.

    ``metric`` ranks the concepts of every projection (default: :data:`RANK_BY`).
    """
    if metric is not None and metric not in METRICS:
        raise ValueError(f"metric must be one of {', '.join(METRICS)}, not {metric!r}")
    lines: list[str] = []
    if analysis.docs:
        lines.append(f"== Documents: {', '.join(analysis.docs)} (not the whole corpus)")
    for name, g in analysis.graphs.items():
        rank = metric or RANK_BY.get(name, "eigenvector")
        result = analysis.results[name]
        scores = result["centrality"]
        lines += [f"== {TITLES.get(name, name)}", f"   {_counts(g)}"]
        if name == "correspondence":
            dims = ", ".join(f"{d} {n}" for d, n in analysis.per_dimension.items())
            kinds = ", ".join(f"{k} {n}" for k, n in analysis.per_relation_kind.items())
            lines += [f"   correspondences per dimension: {dims}", f"   per relation kind: {kinds}"]
            for d, dg in analysis.dimension_graphs.items():
                lines.append(
                    f"   {d}: {dg.number_of_nodes()} concepts, "
                    f"{dg.number_of_edges()} correspondences"
                )
        lines.append(f"   top {top} concepts by {rank.replace('_', ' ')}:")
        lines.append(
            f"   {'#':>3}  {'eigenv.':>7}  {'betw.':>6}  {'deg':>3}  {'w.deg':>5}  concept"
        )
        for i, n in enumerate(top_nodes(g, rank, top, kind="concept"), start=1):
            s = scores[n]
            lines.append(
                f"   {i:>3}  {s['eigenvector']:7.4f}  {s['betweenness']:6.3f}  "
                f"{s['degree']:>3}  {s['weighted_degree']:>5}  {_name(g, n)}"
            )
        if name == "citation":
            lines.append(f"   top {top} cited sources by weighted degree:")
            for i, n in enumerate(top_nodes(g, "weighted_degree", top, kind="source"), start=1):
                lines.append(f"   {i:>3}  {scores[n]['weighted_degree']:>5}  {_name(g, n)}")
        groups = result["communities"]
        big = [c for c in groups if len(c) > 1]
        lines.append(
            f"   communities (greedy modularity): {len(groups)}, "
            f"{len(big)} with 2+ members, modularity {result['modularity']:.3f}"
        )
        for i, c in enumerate(big, start=1):
            shown = sorted(c, key=lambda n: (-scores[n]["weighted_degree"], n))[:members]
            more = f" … (+{len(c) - len(shown)})" if len(c) > len(shown) else ""
            lines.append(
                f"   [{i}] {len(c)} members: " + "; ".join(_name(g, n) for n in shown) + more
            )
        lines.append("")
    return "\n".join(lines).rstrip("\n") + "\n"


__all__ = ["RANK_BY", "Analysis", "analyze", "analyze_store", "export", "format_summary"]
