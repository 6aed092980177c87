"""Matplotlib figures for the analytics notebooks: bar charts and network drawings.

Chinese labels need a CJK font. :func:`cjk_font` looks for one (WenQuanYi, Noto/Source Han
Sans CJK, …: Debian's ``fonts-wqy-microhei`` is enough); without one the figures fall back
to English labels instead of drawing empty boxes.
"""

from __future__ import annotations

import logging

from marxkg.analytics.metrics import centrality, communities, top_nodes

log = logging.getLogger(__name__)

CJK_FONTS = (
    "WenQuanYi Micro Hei",
    "WenQuanYi Zen Hei",
    "Noto Sans CJK SC",
    "Noto Sans CJK JP",
    "Noto Sans SC",
    "Source Han Sans SC",
    "Source Han Sans CN",
    "Droid Sans Fallback",
    "AR PL UMing CN",
    "SimHei",
    "Microsoft YaHei",
    "PingFang SC",
    "Heiti SC",
)
_CJK_FILE_HINTS = (
    "wqy",
    "notosanscjk",
    "noto-cjk",
    "sourcehansans",
    "droidsansfallback",
    "uming",
    "simhei",
    "msyh",
    "pingfang",
)


def cjk_font() -> str | None:
    """The name of an installed CJK-capable font known to matplotlib, or ``None``."""
    from matplotlib import font_manager

    names = {f.name for f in font_manager.fontManager.ttflist}
    for name in CJK_FONTS:
        if name in names:
            return name
    # The font cache may predate the font's installation: register matching files.
    for path in sorted(font_manager.findSystemFonts()):
        if any(h in path.lower().replace("_", "").replace(" ", "") for h in _CJK_FILE_HINTS):
            try:
                font_manager.fontManager.addfont(path)
            except (OSError, RuntimeError, ValueError):  # pragma: no cover - broken file
                continue
            name = font_manager.FontProperties(fname=path).get_name()
            log.info("registered CJK font %s (%s)", name, path)
            return name
    return None


def use_cjk_font() -> str | None:
    """Make matplotlib draw Chinese with a CJK font if there is one; return its name."""
    import matplotlib

    name = cjk_font()
    if name is None:
        log.warning(
            "no CJK font found: figures use English labels (install fonts-wqy-microhei for Chinese)"
        )
        return None
    current = list(matplotlib.rcParams.get("font.sans-serif", []))
    matplotlib.rcParams["font.sans-serif"] = [name] + [f for f in current if f != name]
    matplotlib.rcParams["font.family"] = "sans-serif"
    matplotlib.rcParams["axes.unicode_minus"] = False
    return name


def node_label(g, n, lang: str = "zh") -> str:
    """The node's label in ``lang`` ("zh", "en" or "both"), falling back to the other one."""
    d = g.nodes[n]
    zh, en = d.get("label_zh", ""), d.get("label_en", "")
    if lang == "both" and zh and en:
        return f"{zh}\n{en}"
    first, second = (en, zh) if lang == "en" else (zh, en)
    return first or second or d.get("slug") or str(n)


def _lang(lang: str | None) -> str:
    """The label language to use: the requested one, English when no CJK font exists."""
    if lang in (None, "zh", "both"):
        return (lang or "zh") if use_cjk_font() else "en"
    return lang


def _axes(ax, size):
    if ax is not None:
        return ax
    import matplotlib.pyplot as plt

    _, ax = plt.subplots(figsize=size)
    return ax


def plot_top_concepts(
    g,
    metric: str = "eigenvector",
    n: int = 15,
    ax=None,
    lang: str | None = None,
    title: str | None = None,
):
    """Horizontal bar chart of the ``n`` concepts with the highest ``metric``."""
    lang = _lang(lang)
    scores = centrality(g)
    nodes = top_nodes(g, metric, n, kind="concept")[::-1]
    ax = _axes(ax, (8, max(3.0, 0.35 * len(nodes) + 1)))
    ax.barh(
        [node_label(g, v, lang) for v in nodes], [scores[v][metric] for v in nodes], color="#b03a2e"
    )
    ax.set_xlabel(metric.replace("_", " "))
    ax.set_title(title or f"{g.graph.get('name', '')}: top {len(nodes)} by {metric}")
    ax.figure.tight_layout()
    return ax


WRAP = 8  # characters per line of a bar label (Chinese titles such as 马克思恩格斯文集 5)


def wrap_label(label: str, width: int = WRAP) -> str:
    """A bar label on lines of at most ``width`` characters, broken at spaces where it can."""
    import textwrap

    text = str(label)
    if len(text) <= width:
        return text
    if " " in text:
        return textwrap.fill(text, width, break_long_words=True)
    return "\n".join(text[i : i + width] for i in range(0, len(text), width))


def plot_counts(counts: dict, ax=None, title: str = "", xlabel: str = "", color="#1f618d"):
    """Bar chart of a ``{label: count}`` mapping (e.g. citations per volume).

    Labels are wrapped (`wrap_label`) and the figure widens with the number of bars, so
    that no two tick labels overlap (checked by rendering in the tests)."""
    _lang(None)
    labels = list(counts)
    ax = _axes(ax, (max(6.0, 1.4 * len(labels) + 1.0), 4.2))
    positions = list(range(len(labels)))
    ax.bar(positions, [counts[k] for k in labels], color=color)
    ax.set_xticks(positions, [wrap_label(k) for k in labels])
    for i, k in enumerate(labels):
        ax.annotate(str(counts[k]), (i, counts[k]), ha="center", va="bottom")
    ax.set_title(title)
    ax.set_xlabel(xlabel)
    ax.set_ylabel("count")
    ax.margins(y=0.12)
    ax.figure.tight_layout()
    return ax


def overlapping_tick_labels(ax) -> list[tuple[str, str]]:
    """Pairs of x tick labels whose drawn boxes overlap (rendered with the figure's
    renderer): empty for a readable chart."""
    fig = ax.figure
    fig.canvas.draw()
    renderer = fig.canvas.get_renderer()
    drawn = [
        (t.get_text(), t.get_window_extent(renderer))
        for t in ax.get_xticklabels()
        if t.get_visible() and t.get_text()
    ]
    return [
        (a, b)
        for i, (a, box_a) in enumerate(drawn)
        for b, box_b in drawn[i + 1 :]
        if box_a.overlaps(box_b)
    ]


def draw_network(
    g,
    n: int | None = 30,
    metric: str = "weighted_degree",
    ax=None,
    lang: str | None = None,
    seed: int = 7,
    title: str | None = None,
):
    """Draw ``g`` (or its ``n`` top nodes by ``metric``) with a seeded spring layout.

    Node size follows the weighted degree, colour the community, edge width the weight;
    concepts are circles, cited sources (in the citation graph) squares.
    """
    import matplotlib.pyplot as plt
    import networkx as nx

    from marxkg.analytics.metrics import simple_undirected

    lang = _lang(lang)
    h = simple_undirected(g)
    if n is not None and h.number_of_nodes() > n:
        h = h.subgraph(top_nodes(h, metric, n)).copy()
    scores = centrality(h)
    group_of = {v: i for i, c in enumerate(communities(h)) for v in c}
    pos = nx.spring_layout(h, seed=seed, weight="weight", k=1.6 / max(1, len(h)) ** 0.5)
    ax = _axes(ax, (11, 9))
    cmap = plt.get_cmap("tab10")
    nodes = sorted(h)
    top_w = max([scores[v]["weighted_degree"] for v in nodes] + [1])
    max_w = max([d["weight"] for *_, d in h.edges(data=True)] + [1])
    nx.draw_networkx_edges(
        h,
        pos,
        ax=ax,
        alpha=0.35,
        edge_color="#7f8c8d",
        width=[0.5 + 3.0 * d["weight"] / max_w for *_, d in h.edges(data=True)],
    )
    for shape, members in (
        ("o", [v for v in nodes if h.nodes[v].get("kind") == "concept"]),
        ("s", [v for v in nodes if h.nodes[v].get("kind") != "concept"]),
    ):
        if not members:  # concepts are circles, cited sources squares
            continue
        nx.draw_networkx_nodes(
            h,
            pos,
            nodelist=members,
            ax=ax,
            alpha=0.85,
            node_shape=shape,
            node_size=[120 + 1500 * scores[v]["weighted_degree"] / top_w for v in members],
            node_color=[cmap(group_of.get(v, 0) % 10) for v in members],
        )
    nx.draw_networkx_labels(
        h,
        pos,
        ax=ax,
        font_size=9,
        font_family=plt.rcParams["font.sans-serif"][0],
        labels={v: node_label(h, v, lang) for v in nodes},
    )
    ax.set_title(title or g.graph.get("name", ""))
    ax.set_axis_off()
    ax.figure.tight_layout()
    return ax
