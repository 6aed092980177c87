"""Tables for notebooks and terminals: rows of dicts shown as escaped HTML or plain text.

Nothing here computes anything about the graph: :func:`metric_table` and
:func:`community_table` only arrange what :mod:`.metrics` returns.
"""

from __future__ import annotations

import html
from collections.abc import Iterable, Mapping

from marxkg.analytics.metrics import centrality, communities, top_nodes


class Table:
    """Rows of dicts with chosen columns; renders as an HTML table in Jupyter.

    Every cell is escaped (corpus text is data, never markup).
    """

    def __init__(self, rows: Iterable[Mapping], columns: list[str] | None = None, title: str = ""):
        self.rows = [dict(r) for r in rows]
        self.columns = list(columns) if columns else (list(self.rows[0]) if self.rows else [])
        self.title = title

    @classmethod
    def from_mapping(
        cls, mapping: Mapping, key: str = "key", value: str = "value", title: str = ""
    ) -> Table:
        """A two-column table of a ``{key: value}`` mapping."""
        return cls(({key: k, value: v} for k, v in mapping.items()), [key, value], title)

    def __len__(self) -> int:
        return len(self.rows)

    def _cell(self, row: Mapping, col: str) -> str:
        value = row.get(col, "")
        if isinstance(value, float):
            return f"{value:.4f}"
        if isinstance(value, (list, tuple, set)):
            return ", ".join(map(str, value))
        return "" if value is None else str(value)

    def _repr_html_(self) -> str:
        head = "".join(f"<th>{html.escape(c)}</th>" for c in self.columns)
        body = "".join(
            "<tr>"
            + "".join(f"<td>{html.escape(self._cell(r, c))}</td>" for c in self.columns)
            + "</tr>"
            for r in self.rows
        )
        caption = f"<caption>{html.escape(self.title)}</caption>" if self.title else ""
        return f"<table>{caption}<thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"

    def __str__(self) -> str:
        cells = [[self._cell(r, c) for c in self.columns] for r in self.rows]
        widths = [
            max([len(c)] + [len(row[i]) for row in cells]) for i, c in enumerate(self.columns)
        ]
        lines = [self.title] if self.title else []
        lines.append("  ".join(c.ljust(w) for c, w in zip(self.columns, widths, strict=False)))
        lines += ["  ".join(v.ljust(w) for v, w in zip(row, widths, strict=False)) for row in cells]
        return "\n".join(lines)

    __repr__ = __str__


def metric_table(
    g, metric: str = "eigenvector", n: int = 15, kind: str | None = "concept"
) -> Table:
    """The ``n`` top nodes by ``metric`` with their labels and every metric."""
    scores = centrality(g)
    rows = []
    for rank, v in enumerate(top_nodes(g, metric, n, kind=kind), start=1):
        d = g.nodes[v]
        rows.append(
            {
                "rank": rank,
                "label_zh": d.get("label_zh", ""),
                "label_en": d.get("label_en", ""),
                "kind": d.get("kind", ""),
                "mentions": d.get("mentions", ""),
                **scores[v],
            }
        )
    columns = [
        "rank",
        "label_zh",
        "label_en",
        "degree",
        "weighted_degree",
        "betweenness",
        "eigenvector",
    ]
    if kind == "concept":
        columns.insert(3, "mentions")
    else:
        columns.insert(3, "kind")
    return Table(rows, columns, title=f"{g.graph.get('name', '')}: top {len(rows)} by {metric}")


def community_table(g, groups: list[list[str]] | None = None, min_size: int = 2) -> Table:
    """One row per community (largest first): size and members' zh and en labels.

    Members are listed by weighted degree (the most connected first).
    """
    groups = communities(g) if groups is None else groups
    scores = centrality(g)
    rows = []
    for i, group in enumerate(groups, start=1):
        if len(group) < min_size:
            continue
        members = sorted(group, key=lambda v: (-scores[v]["weighted_degree"], v))
        rows.append(
            {
                "community": i,
                "size": len(members),
                "members_zh": "、".join(
                    g.nodes[v].get("label_zh") or g.nodes[v].get("label_en", "") for v in members
                ),
                "members_en": "; ".join(
                    g.nodes[v].get("label_en") or g.nodes[v].get("label_zh", "") for v in members
                ),
            }
        )
    return Table(
        rows,
        ["community", "size", "members_zh", "members_en"],
        title=f"{g.graph.get('name', '')}: communities",
    )
