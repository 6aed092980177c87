"""``marxkg analyze``: graph analytics of the built graph, and GraphML/GEXF for Gephi."""

from __future__ import annotations

from pathlib import Path

import typer

from marxkg.analytics.metrics import METRICS
from marxkg.analytics.projections import CITATION_LEVELS
from marxkg.commands import check_choice, choices, fail

OutOpt = typer.Option(None, "--out", help="Build directory (default: build/).")
ExportOpt = typer.Option(
    None, "--export", help="Where to write the GraphML/GEXF files (default: <out>/analytics)."
)
NoExportOpt = typer.Option(False, "--no-export", help="Only print the summary.")
TopOpt = typer.Option(10, "--top", min=1, help="How many top concepts to list.")
MetricOpt = typer.Option(
    None,
    "--metric",
    help=f"Rank concepts by {choices(METRICS)} (default: eigenvector for co-mention, "
    "weighted_degree for correspondences and citations).",
)
LevelOpt = typer.Option(
    "page", "--level", help=f"Citation graph sources: {choices(CITATION_LEVELS)}."
)
DocOpt = typer.Option(
    [],
    "--doc",
    help="Only this document (a doc-id; repeat for several); exports go to"
    " <out>/analytics/<doc-id> by default.",
)


def analyze(
    out: Path | None = OutOpt,
    export: Path | None = ExportOpt,
    no_export: bool = NoExportOpt,
    top: int = TopOpt,
    metric: str | None = MetricOpt,
    level: str = LevelOpt,
    doc: list[str] = DocOpt,
) -> None:
    """Analyse the built graph: co-mention, correspondence and citation projections.

    Prints the top concepts by centrality, the communities and the correspondences per
    dimension, and writes <name>.graphml and <name>.gexf for Gephi.

    Example: marxkg analyze --out build/ --export build/analytics --top 5
    (or marxkg analyze --doc xu-jingyi-machinery-ai)
    """
    from marxkg import paths
    from marxkg.analytics.summary import analyze as run_analyze
    from marxkg.analytics.summary import export as run_export
    from marxkg.analytics.summary import format_summary

    if metric is not None:
        check_choice(metric, METRICS, "--metric")
    check_choice(level, CITATION_LEVELS, "--level")
    out = out or paths.build_dir()
    try:
        analysis = run_analyze(out, citation_level=level, docs=doc)
    except (FileNotFoundError, SyntaxError, ValueError, OSError) as exc:
        fail(str(exc))
    typer.echo(format_summary(analysis, top=top, metric=metric), nl=False)
    if not no_export:
        written = run_export(analysis, export, out=out)
        typer.echo(f"Wrote {len(written)} files for Gephi:")
        for p in written:
            typer.echo(f"  {p}")
