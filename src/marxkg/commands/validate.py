"""``marxkg validate``: SHACL shapes plus data checks over the build (`marxkg.validate`)."""

from __future__ import annotations

from pathlib import Path

import typer

from marxkg.commands import fail
from marxkg.commands.options import OntologyOpt, OutOpt


def validate(
    out: Path | None = OutOpt,
    ontology: Path | None = OntologyOpt,
    full: bool = typer.Option(
        False, "--full", help="SHACL over the token layer too (slow: minutes a paper)."
    ),
    per_document: bool | None = typer.Option(
        None,
        "--per-document/--whole-graph",
        help="SHACL a batch of documents at a time (bounded memory), or over the whole graph"
        " at once (default: per document above 200,000 triples).",
    ),
    jobs: int | None = typer.Option(
        None,
        "--jobs",
        "-j",
        min=1,
        help="Worker processes for SHACL per document (default: every core).",
    ),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="No progress output."),
) -> None:
    """Validate the built graph: SHACL shapes (pySHACL) on the graph, fast checks of the
    token layer over the store, data checks; results per document; non-zero on failure.

    Example: marxkg validate (or marxkg validate --full, or --per-document --jobs 4)
    """
    import time

    from marxkg import paths
    from marxkg.build import default_jobs
    from marxkg.validate import validate_build

    started = time.monotonic()

    def progress(message: str) -> None:
        if not quiet:
            typer.echo(f"[{time.monotonic() - started:5.1f} s] {message} …", err=True)

    if full and per_document:
        fail("--full --per-document: SHACL over the token layer runs on the whole graph")
    try:
        result = validate_build(
            out or paths.build_dir(),
            ontology or paths.ontology_dir(),
            full=full,
            progress=progress,
            per_document=per_document,
            jobs=jobs or default_jobs(),
        )
    except RuntimeError as exc:
        fail(str(exc))
    for line in result.messages:
        typer.echo(line)
    for doc_id, n in sorted(result.per_document.items()):
        typer.echo(f"{doc_id}: {n} violation(s)")
    if not result.ok:
        fail(f"{result.violations} check(s) failed (SHACL: one per graph; per document above)")
    typer.echo("valid: SHACL conforms and every data check passed")
