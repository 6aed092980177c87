"""``build/concept-map.html``: the concepts of the three schemes as an interactive network.

Built with pyvis: a `pyvis.network.Network` whose node and edge lists are set in bulk
(`add_edge` is quadratic) and rendered by `generate_html()` through our own template, which
inlines vis-network (shipped inside pyvis) and loads nothing from the network. pyvis'
``heading`` is inserted unescaped, so it is never used. Nodes are coloured by scheme,
shaped by dimension and sized by mention count, at positions computed at build time
(`map_layout`: no physics in the browser); the side panel, search, legend and the
zh/en toggle are ours (``static/concept-map.js``), fed by JSON embedded in the page.
"""

from __future__ import annotations

import json
import math
from typing import Any

from marxkg.html.map_data import documents, per_document
from marxkg.html.map_layout import place
from marxkg.html.site import Site, passage_anchor
from marxkg.html.templating import (
    Page,
    inline_style,
    make_env,
    own_scripts,
    page_href,
    script_json,
    static_text,
    vis_asset,
)

TEMPLATE = "concept-map.html"

# one dimension -> its shape; several -> MULTI_SHAPE; none -> NO_SHAPE
DIMENSION_SHAPES = {"LabourMeans": "dot", "FixedCapital": "square", "TechnicalBasis": "triangle"}
MULTI_SHAPE = "star"
NO_SHAPE = "diamond"

EDGE_STYLES: dict[str, dict[str, Any]] = {
    "counterpart": {
        "width": 3.5,
        "dashes": False,
        "arrows": "to",
        "zh": "对应关系（马克思 → 人工智能时代）",
        "en": "correspondence (Marx → AI era)",
    },
    "broader": {
        "color": "#4d4d4d",
        "width": 1.5,
        "dashes": False,
        "arrows": "to",
        "zh": "上位概念（skos:broader）",
        "en": "broader (skos:broader)",
    },
    "related": {
        "color": "#b8b8b8",
        "width": 1,
        "dashes": True,
        "arrows": "",
        "zh": "相关（skos:related）",
        "en": "related (skos:related)",
    },
    "answers": {
        "color": "#1e8449",
        "width": 1.5,
        "dashes": [2, 6],
        "arrows": "to",
        "zh": "回应（社会主义应用 → 困境）",
        "en": "answers (proposal → problem)",
    },
}
# relation kind of a correspondence -> colour of its edge
KIND_COLORS = {
    "Continuation": "#e67e22",
    "Intensification": "#c2185b",
    "Extension": "#8e44ad",
    "Analogue": "#00838f",
    "Transformation": "#6d4c41",
}
KIND_FALLBACK_COLOR = "#e67e22"
FONT_FACE = (
    "'WenQuanYi Micro Hei', 'Noto Sans CJK SC', 'Source Han Sans SC', "
    "'PingFang SC', 'Microsoft YaHei', sans-serif"
)

OPTIONS: dict[str, Any] = {
    "autoResize": True,
    # positions computed at build time (map_layout): no layout work in the browser
    "layout": {"randomSeed": 20240501, "improvedLayout": False},
    "physics": {"enabled": False, "stabilization": {"enabled": False}},
    "interaction": {
        "hover": True,
        "tooltipDelay": 200,
        "keyboard": False,
        "navigationButtons": False,
        "multiselect": False,
    },
    "nodes": {
        "font": {
            "size": 15,
            "face": FONT_FACE,
            "color": "#1b1b1b",
            "strokeWidth": 3,
            "strokeColor": "#ffffff",
        },
        "borderWidth": 1.5,
    },
    "edges": {
        "smooth": {"enabled": True, "type": "continuous", "roundness": 0.4},
        "font": {
            "size": 11,
            "face": FONT_FACE,
            "align": "middle",
            "strokeWidth": 3,
            "strokeColor": "#ffffff",
        },
        "arrows": {"to": {"scaleFactor": 0.6}},
    },
}


def node_shape(dimensions: list[str]) -> str:
    if not dimensions:
        return NO_SHAPE
    if len(dimensions) > 1:
        return MULTI_SHAPE
    return DIMENSION_SHAPES.get(dimensions[0], NO_SHAPE)


SIZE_BASE, SIZE_FACTOR, SIZE_MAX = 7, 3.3, 42.0


def node_size(mentions: int) -> float:
    """Area grows with the mention count: 7 for none, about 40 at 100 mentions (the page's
    script applies the same formula to one document's counts)."""
    return round(min(SIZE_BASE + SIZE_FACTOR * math.sqrt(mentions), SIZE_MAX), 2)


def node_shape_key(dimensions: list[str]) -> str:
    """The legend's dimension filter key of a node: its dimension, "multi" or "none"."""
    if not dimensions:
        return "none"
    return "multi" if len(dimensions) > 1 else dimensions[0]


def nodes(site: Site) -> list[dict[str, Any]]:
    out = []
    for slug, c in sorted(site.concepts.items()):
        color = site.schemes.get(c["scheme"], {}).get("color", "#777777")
        out.append(
            {
                "id": slug,
                "label": c["labels"]["zh"],
                "title": f"{c['labels']['zh']} · {c['labels']['en']} ({c['mentions']})",
                "shape": node_shape(c["dimensions"]),
                "dimension": node_shape_key(c["dimensions"]),
                "size": node_size(c["mentions"]),
                "color": {
                    "background": color,
                    "border": "#222222",
                    "highlight": {"background": color, "border": "#000000"},
                    "hover": {"background": color, "border": "#000000"},
                },
                # not vis-network's "group": a group's palette would override the colour on
                # every later update of the node (the zh/en toggle)
                "scheme": c["scheme"],
            }
        )
    return out


def _edge(kind: str, src: str, dst: str, key: str = "", **extra: Any) -> dict[str, Any]:
    style = EDGE_STYLES[kind]
    edge = {
        "id": f"{kind}:{src}:{dst}" + (f":{key}" if key else ""),
        "from": src,
        "to": dst,
        "kind": kind,
        "width": style["width"],
        "dashes": style["dashes"],
        "arrows": style["arrows"],
    }
    if "color" in style:
        edge["color"] = {"color": style["color"], "highlight": "#000000", "opacity": 0.9}
    edge.update(extra)
    return edge


def edges(site: Site) -> list[dict[str, Any]]:
    """Correspondences, broader, answers and (unordered, otherwise unlinked) related pairs."""
    out: list[dict[str, Any]] = []
    linked: set[frozenset[str]] = set()
    for key, k in sorted(site.correspondences.items()):
        kind = k["kind"] or ""
        color = KIND_COLORS.get(kind, KIND_FALLBACK_COLOR)
        label = site.relation_kinds.get(kind, {})
        dims = " / ".join(site.dimensions.get(d, {}).get("en", d) for d in k["dimensions"])
        out.append(
            _edge(
                "counterpart",
                k["marx"],
                k["ai"],
                key,
                color={"color": color, "highlight": color, "hover": color},
                label=label.get("zh", ""),
                labels={"zh": label.get("zh", ""), "en": label.get("en", "")},
                title=" · ".join(x for x in (label.get("en", ""), dims) if x) or "correspondence",
            )
        )
        linked.add(frozenset((k["marx"], k["ai"])))
    for slug, c in sorted(site.concepts.items()):
        for b in c["broader"]:
            out.append(_edge("broader", slug, b, title="broader"))
            linked.add(frozenset((slug, b)))
        for a in c["answers"]:
            out.append(_edge("answers", slug, a, title="answers"))
            linked.add(frozenset((slug, a)))
    for slug, c in sorted(site.concepts.items()):
        for r in c["related"]:
            pair = frozenset((slug, r))
            if r in site.concepts and pair not in linked:
                linked.add(pair)
                out.append(_edge("related", *sorted(pair), title="related"))
    return sorted(out, key=lambda e: e["id"])


class _Bound:
    """A jinja2 template with our page variables bound, for pyvis' ``generate_html``."""

    def __init__(self, template, extra: dict[str, Any]) -> None:
        self.template, self.extra = template, extra

    def render(self, **pyvis_vars: Any) -> str:
        return self.template.render(**pyvis_vars, **self.extra)


def legend(site: Site) -> dict[str, Any]:
    return {
        "schemes": [{"key": k, **v} for k, v in site.schemes.items()],
        "shapes": [
            {"key": d, "shape": shape, **site.dimensions.get(d, {"zh": d, "en": d})}
            for d, shape in DIMENSION_SHAPES.items()
        ]
        + [
            {"key": "multi", "shape": MULTI_SHAPE, "zh": "多个维度", "en": "several dimensions"},
            {"key": "none", "shape": NO_SHAPE, "zh": "未标维度", "en": "no dimension"},
        ],
        "edges": [
            {
                "key": k,
                "color": v.get("color", KIND_FALLBACK_COLOR),
                "dashes": bool(v["dashes"]),
                "zh": v["zh"],
                "en": v["en"],
            }
            for k, v in EDGE_STYLES.items()
        ],
        "kinds": [
            {"key": k, "color": KIND_COLORS.get(k, KIND_FALLBACK_COLOR), **v}
            for k, v in sorted(site.relation_kinds.items())
        ],
    }


def dumps_concept_map(site: Site) -> str:
    """The page as a string (deterministic: same site, same bytes)."""
    from pyvis.network import Network

    net = Network(height="100%", width="100%", directed=True, cdn_resources="in_line")
    net.edges = edges(site)
    net.nodes = place(nodes(site), net.edges)
    net.node_ids = [n["id"] for n in net.nodes]
    net.node_map = {n["id"]: n for n in net.nodes}
    net.options = OPTIONS
    env = make_env()
    by_scheme = {
        k: sorted((c for c in site.concepts.values() if c["scheme"] == k), key=lambda c: c["slug"])
        for k in site.schemes
    }
    cited = sorted({c["passage"] for rec in site.concepts.values() for c in rec["citations"]})
    counts, examples, sentences = per_document(site)
    data = {
        "concepts": site.concepts,
        "sentences": {**sentences, **site.sentences},
        "documents": documents(site),
        "byDoc": counts,
        "examples": examples,
        "size": {"base": SIZE_BASE, "factor": SIZE_FACTOR, "max": SIZE_MAX},
        "correspondences": site.correspondences,
        "passages": {
            p: {
                **site.passages[p].to_json(),
                "href": page_href("citations.html", fragment=passage_anchor(p)),
            }
            for p in cited
        },
        "schemes": site.schemes,
        "dimensions": site.dimensions,
        "kinds": site.relation_kinds,
        "edgeStyles": {k: {"zh": v["zh"], "en": v["en"]} for k, v in EDGE_STYLES.items()},
    }
    page = Page(
        title="概念图 · Concept map — marxkg",
        body_class="concept-map",
        nav=site.nav("concept-map"),
        styles=[vis_asset("css"), inline_style(static_text("concept-map.css"))],
        scripts=[vis_asset("js"), *own_scripts("concept-map.js")],
        data=[("mkg-data", script_json(data))],
    )
    net.template = _Bound(
        env.get_template(TEMPLATE),
        {
            "page": page,
            "graph_json": lambda n, e, o: script_json(
                {"nodes": n, "edges": e, "options": json.loads(o)}
            ),
            "legend": legend(site),
            "by_scheme": by_scheme,
            "schemes": site.schemes,
            "concept_count": len(site.concepts),
            "documents": data["documents"],
        },
    )
    return net.generate_html(name=TEMPLATE, notebook=True)
