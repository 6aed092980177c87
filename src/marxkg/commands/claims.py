"""``marxkg claims``: the quantitative claims of one built document, by format."""

from __future__ import annotations

from pathlib import Path

import typer

from marxkg.commands import fail
from marxkg.commands.options import OutOpt

DocOpt = typer.Option(..., "--doc", help="Document id (a directory of the build).")
FormatOpt = typer.Option("table", "--format", "-f", help="Output format: table, csv or json.")


def claims(doc: str = DocOpt, fmt: str = FormatOpt, out: Path | None = OutOpt) -> None:
    """List a document's quantitative claims with their sources (unsourced ones marked).

    Example: marxkg claims --doc xu-jingyi-machinery-ai --format csv
    """
    from marxkg import paths
    from marxkg.export.claims import ClaimsError, dumps_claims

    try:
        text = dumps_claims(out or paths.build_dir(), doc, fmt)
    except ClaimsError as exc:
        fail(str(exc))
    typer.echo(text, nl=False)
