"""``marxkg claims``: the quantitative claims of one built document, by format."""

from __future__ import annotations

from pathlib import Path

import typer

OutOpt = typer.Option(None, "--out", help="Build directory (default: build/).")
DocOpt = typer.Option(..., "--doc", help="Document id (a directory of the build).")
FormatOpt = typer.Option("table", "--format", "-f", help="Output format: table, csv or json.")


def register(app: typer.Typer) -> None:
    app.command()(claims)


def claims(doc: str = DocOpt, fmt: str = FormatOpt, out: Path | None = OutOpt) -> None:
    """List a document's quantitative claims with their sources (unsourced ones marked).

    Example: marxkg claims --doc xu-jingyi-machinery-ai --format csv
    """
    from marxkg import paths
    from marxkg.export.claims import ClaimsError, dumps_claims

    try:
        text = dumps_claims(out or paths.build_dir(), doc, fmt)
    except ClaimsError as exc:
        typer.secho(f"error: {exc}", fg=typer.colors.RED, err=True)
        raise typer.Exit(1) from None
    typer.echo(text, nl=False)
