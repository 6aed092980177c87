"""``marxkg validate``: SHACL shapes plus data checks over the build (`marxkg.validate`)."""

from __future__ import annotations

from pathlib import Path

import typer

from marxkg.commands import fail
from marxkg.commands.options import OntologyOpt, OutOpt


def validate(
    out: Path | None = OutOpt,
    ontology: Path | None = OntologyOpt,
) -> None:
    """Validate the built graph: SHACL shapes (pySHACL) plus data checks; non-zero on failure.

    Example: marxkg validate
    """
    import time

    from marxkg import paths
    from marxkg.validate import validate_build

    started = time.monotonic()

    def progress(message: str) -> None:
        typer.echo(f"[{time.monotonic() - started:5.1f} s] {message} …", err=True)

    result = validate_build(out or paths.build_dir(), ontology or paths.ontology_dir(),
                            progress=progress)
    for line in result.messages:
        typer.echo(line)
    if not result.ok:
        fail(f"{result.violations} violation(s)")
    typer.echo("valid: SHACL conforms and every data check passed")
