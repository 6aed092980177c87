"""Graph metrics: degree, weighted degree, betweenness, eigenvector centrality, communities.

All functions are deterministic: the graphs are built in sorted order, betweenness is
exact, eigenvector centrality is a power iteration from a fixed start, and communities
come from networkx's greedy modularity maximisation (no randomness), numbered by size.
Multigraphs (the correspondence projection) are first collapsed to a simple undirected
graph whose ``weight`` is the number of parallel edges.
"""

from __future__ import annotations

import logging

log = logging.getLogger(__name__)

METRICS = ("degree", "weighted_degree", "betweenness", "eigenvector")
DIGITS = 6


def simple_undirected(g):
    """``g`` as an undirected simple ``nx.Graph``; parallel/reverse edges add their weights."""
    import networkx as nx

    h = nx.Graph(**g.graph)
    h.add_nodes_from(g.nodes(data=True))
    for u, v, data in g.edges(data=True):
        a, b = sorted((u, v))
        w = data.get("weight", 1)
        if h.has_edge(a, b):
            h[a][b]["weight"] += w
        else:
            h.add_edge(a, b, weight=w)
    return h


def _unit_weights(h):
    """``h`` with its weights divided by the largest: the same eigenvectors. networkx's
    power iteration multiplies by A + I; with weights in the hundreds (a citation counted
    in every paper of a corpus) the identity is too small against A to damp a bipartite
    graph's oscillation between its two sides (eigenvalues λ and -λ), and the iteration
    did not converge (the citation graph of 1,000 papers)."""
    import networkx as nx

    top = max((w for _u, _v, w in h.edges(data="weight", default=1)), default=1) or 1
    scaled = nx.Graph()
    scaled.add_nodes_from(h)
    scaled.add_weighted_edges_from((u, v, w / top) for u, v, w in h.edges(data="weight", default=1))
    return scaled


def centrality(g) -> dict[str, dict[str, float]]:
    """Node -> {degree, weighted_degree, betweenness, eigenvector}.

    ``degree``: number of neighbours; ``weighted_degree``: sum of edge weights;
    ``betweenness``: normalised, unweighted (shortest paths count hops, since a weight here
    is a strength, not a distance); ``eigenvector``: weighted, on the whole graph (isolated
    nodes get 0). Floats are rounded to 6 digits so that outputs are byte-stable.
    """
    import networkx as nx

    h = simple_undirected(g)
    out = {
        n: {
            "degree": h.degree(n),
            "weighted_degree": h.degree(n, weight="weight"),
            "betweenness": 0.0,
            "eigenvector": 0.0,
        }
        for n in h
    }
    if h.number_of_edges() == 0:
        return out
    for n, v in nx.betweenness_centrality(h, normalized=True).items():
        out[n]["betweenness"] = round(v, DIGITS)
    try:
        eig = nx.eigenvector_centrality(
            _unit_weights(h), weight="weight", max_iter=10000, tol=1e-10
        )
    except nx.PowerIterationFailedConvergence:
        log.warning("eigenvector centrality did not converge; using degree centrality")
        eig = nx.degree_centrality(h)
    for n, v in eig.items():
        out[n]["eigenvector"] = round(v, DIGITS) + 0.0  # no "-0.0"
    return out


def communities(g) -> list[list[str]]:
    """Communities by greedy modularity (weighted), largest first, members sorted.

    Isolated nodes form singleton communities. Ties in size are broken by the first
    member's IRI, so the numbering is stable.
    """
    import networkx as nx

    h = simple_undirected(g)
    if h.number_of_nodes() == 0:
        return []
    if h.number_of_edges() == 0:
        return [[n] for n in sorted(h)]
    found = nx.community.greedy_modularity_communities(h, weight="weight")
    groups = [sorted(c) for c in found]
    return sorted(groups, key=lambda c: (-len(c), c[0]))


def modularity(g, groups: list[list[str]]) -> float:
    import networkx as nx

    h = simple_undirected(g)
    if h.number_of_edges() == 0:
        return 0.0
    return round(nx.community.modularity(h, groups, weight="weight"), DIGITS)


def annotate(g) -> dict:
    """Write the metrics and a ``community`` number (1 = largest) onto ``g``'s nodes.

    Returns ``{"centrality": ..., "communities": ..., "modularity": ...}``.
    """
    scores = centrality(g)
    groups = communities(g)
    for i, members in enumerate(groups, start=1):
        for n in members:
            g.nodes[n]["community"] = i
    for n, values in scores.items():
        g.nodes[n].update(values)
    return {"centrality": scores, "communities": groups, "modularity": modularity(g, groups)}


def _annotated(g) -> dict[str, dict[str, float]] | None:
    """The scores `annotate` wrote onto every node of ``g``, or None if some node lacks
    them (then they are computed again: eigenvector centrality is the slow part)."""
    scores = {}
    for v, data in g.nodes(data=True):
        if not all(m in data for m in METRICS):
            return None
        scores[v] = {m: data[m] for m in METRICS}
    return scores


def top_nodes(g, metric: str = "eigenvector", n: int = 10, kind: str | None = None) -> list[str]:
    """The ``n`` nodes with the highest ``metric`` (ties by weighted degree, then IRI).

    ``kind`` keeps only nodes of that ``kind`` attribute (``"concept"``, ``"page"``, …);
    ``"source"`` means every node that is not a concept.
    """
    if metric not in METRICS:
        raise ValueError(f"metric must be one of {', '.join(METRICS)}, not {metric!r}")
    scores = _annotated(g) or centrality(g)
    nodes = [
        v
        for v in g
        if kind is None
        or g.nodes[v].get("kind") == kind
        or (kind == "source" and g.nodes[v].get("kind") != "concept")
    ]
    nodes.sort(key=lambda v: (-scores[v][metric], -scores[v]["weighted_degree"], v))
    return nodes[:n]
