"""Positions of the concept map's nodes, computed at build time (deterministic).

The map used to lay itself out in the browser (vis-network's physics: 600 iterations over
every node on each page load, 2–3 s); the positions are now computed once, by networkx's
force-directed layout (Fruchterman–Reingold) with a fixed seed, rounded to whole pixels so
that two builds give the same bytes, and the page draws them with physics off.
"""

from __future__ import annotations

import math
from typing import Any

LAYOUT_SEED = 20240501
LAYOUT_ITERATIONS = 200
SPACING = 160.0  # pixels per unit of networkx's layout, per square root of the node count
SPREAD = 2.0  # optimal distance between nodes, in units of networkx's default (1/sqrt(n))


def layout(nodes: list[dict[str, Any]], edges: list[dict[str, Any]]) -> dict[str, tuple[int, int]]:
    """Node id -> (x, y) in the page's canvas units (pure, deterministic)."""
    import networkx as nx

    g = nx.Graph()
    g.add_nodes_from(n["id"] for n in nodes)
    g.add_edges_from((e["from"], e["to"]) for e in edges if e["from"] != e["to"])
    if not g:
        return {}
    k = SPREAD / math.sqrt(len(g))
    pos = nx.spring_layout(g, k=k, seed=LAYOUT_SEED, iterations=LAYOUT_ITERATIONS)
    scale = SPACING * math.sqrt(len(g)) / 2
    return {k: (round(float(x) * scale), round(float(y) * scale)) for k, (x, y) in pos.items()}


def place(nodes: list[dict[str, Any]], edges: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """``nodes`` with their ``x``/``y`` set (new dicts)."""
    pos = layout(nodes, edges)
    return [{**n, "x": pos[n["id"]][0], "y": pos[n["id"]][1]} for n in nodes]
