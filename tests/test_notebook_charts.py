"""The notebooks' bar charts are readable: rendered with matplotlib (Agg), no two x tick
labels overlap. Notebook 02 draws citations of Marx per volume and per work with
`marxkg.analytics.plots.plot_counts`; the same calls are rendered here on the real build."""

from __future__ import annotations

import pytest

pytest.importorskip("matplotlib")


@pytest.fixture(scope="module")
def store(built):
    import matplotlib

    matplotlib.use("Agg")
    import marxkg.analytics as ma

    return ma.load_store(built.out)


@pytest.mark.parametrize("by", ["volume", "work"])
def test_notebook_02_chart_labels_do_not_overlap(store, by):
    import matplotlib.pyplot as plt

    import marxkg.analytics as ma
    from marxkg.analytics.plots import overlapping_tick_labels, wrap_label

    counts = ma.marx_citation_counts(store, by=by)
    assert len(counts) >= 5  # 5 volumes, 5 works: enough labels to collide
    ax = ma.plots.plot_counts(counts, title=f"citations of Marx per {by}")
    try:
        assert [t.get_text() for t in ax.get_xticklabels()] == [wrap_label(k) for k in counts]
        assert overlapping_tick_labels(ax) == []
    finally:
        plt.close(ax.figure)


def test_overlap_check_sees_overlapping_labels(store):
    """The check itself: the old chart (unwrapped labels in a 6-inch figure) overlaps."""
    import matplotlib.pyplot as plt

    import marxkg.analytics as ma
    from marxkg.analytics.plots import overlapping_tick_labels

    counts = ma.marx_citation_counts(store, by="volume")
    fig, ax = plt.subplots(figsize=(6, 3.5))
    try:
        ax.bar(list(counts), list(counts.values()))
        assert overlapping_tick_labels(ax)
    finally:
        plt.close(fig)


@pytest.mark.parametrize(
    "label,expected",
    [
        ("马克思恩格斯文集 5", "马克思恩格斯文集\n5"),
        ("资本论（第一卷）", "资本论（第一卷）"),
        ("1857—1858年经济学手稿", "1857—185\n8年经济学手稿"),
        ("short", "short"),
    ],
)
def test_wrap_label(label, expected):
    from marxkg.analytics.plots import wrap_label

    assert wrap_label(label) == expected
