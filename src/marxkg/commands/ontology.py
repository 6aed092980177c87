"""``marxkg ontology fmt [--check]``: the curated Turtle files in canonical form."""

from __future__ import annotations

from pathlib import Path

import typer

from marxkg.commands import fail

app = typer.Typer(no_args_is_help=True, help="Work on the curated ontology files.")


@app.command("fmt")
def fmt(
    directory: Path | None = typer.Argument(  # noqa: B008 - typer's way of declaring arguments
        None, help="The ontology directory (default: ontology/)."
    ),
    check: bool = typer.Option(
        False, "--check", help="Only list the files that are not canonical (exit 1 if any)."
    ),
) -> None:
    """Rewrite the ontology data files (every *.ttl but the shapes) in canonical Turtle.

    Example: marxkg ontology fmt --check
    """
    from marxkg import paths
    from marxkg.ontology.canonical import CanonicalFormError, non_canonical, write_canonical

    directory = directory or paths.ontology_dir()
    if not directory.is_dir():
        fail(f"{directory}: not a directory", 2)
    try:
        if check:
            bad = non_canonical(directory)
            for p in bad:
                typer.echo(f"not canonical: {p}")
            if not bad:
                typer.echo(f"{directory}: every data file is canonical")
            raise typer.Exit(1 if bad else 0)
        rewritten = write_canonical(directory)
        for p in rewritten:
            typer.echo(f"rewrote {p}")
        if not rewritten:
            typer.echo(f"{directory}: every data file was already canonical")
    except (CanonicalFormError, SyntaxError, ValueError) as exc:
        fail(str(exc), 2)
