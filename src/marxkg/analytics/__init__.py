"""Graph analytics over the built knowledge graph (networkx).

Three projections of ``build/graph.ttl`` (read through Oxigraph; the token layer is not
needed):

- concept co-mention at sentence level (:func:`comention_graph`);
- Marx -> AI-era correspondences, by dimension (:func:`correspondence_graph`);
- concepts <-> cited sources (:func:`citation_graph`).

Metrics (:mod:`.metrics`), GraphML/GEXF export for Gephi (:mod:`.export`), a text summary
(:mod:`.summary`), tables for notebooks (:mod:`.tables`, :mod:`.marx`, :mod:`.display`) and figures
(:mod:`.plots`). networkx, pyoxigraph and matplotlib are imported only when a function
needs them.
"""

from marxkg.analytics import plots
from marxkg.analytics.display import Table, community_table, metric_table
from marxkg.analytics.export import dumps_gexf, dumps_graphml, write_graphs
from marxkg.analytics.marx import marx_citation_counts, marx_citations, marx_citations_by_volume
from marxkg.analytics.metrics import annotate, centrality, communities, top_nodes
from marxkg.analytics.projections import (
    PROJECTIONS,
    citation_graph,
    comention_graph,
    cooccurrence_counts,
    correspondence_graph,
)
from marxkg.analytics.store import ensure_build, load_store, select, store_from_turtle
from marxkg.analytics.summary import (
    RANK_BY,
    Analysis,
    analyze,
    analyze_store,
    export,
    format_summary,
)
from marxkg.analytics.tables import (
    concept_counts_per_scheme,
    concept_table,
    concepts_per_scheme,
    correspondence_rows,
    correspondence_table,
    correspondences_per_dimension,
    correspondences_per_relation_kind,
)

__all__ = [
    "PROJECTIONS",
    "RANK_BY",
    "Analysis",
    "Table",
    "analyze",
    "analyze_store",
    "annotate",
    "centrality",
    "citation_graph",
    "comention_graph",
    "communities",
    "community_table",
    "concept_counts_per_scheme",
    "concept_table",
    "concepts_per_scheme",
    "cooccurrence_counts",
    "correspondence_graph",
    "correspondence_rows",
    "correspondence_table",
    "correspondences_per_dimension",
    "correspondences_per_relation_kind",
    "dumps_gexf",
    "dumps_graphml",
    "ensure_build",
    "export",
    "format_summary",
    "load_store",
    "marx_citation_counts",
    "marx_citations",
    "marx_citations_by_volume",
    "metric_table",
    "plots",
    "select",
    "store_from_turtle",
    "top_nodes",
    "write_graphs",
]
