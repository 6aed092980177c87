"""The ``marxkg`` command line: each command is a thin shell over a Python function.

Work is imported inside each command so that ``marxkg --help`` stays instant.
"""

from __future__ import annotations

import logging
import sys
from pathlib import Path
from typing import Optional

import typer

app = typer.Typer(
    add_completion=False,
    no_args_is_help=True,
    rich_markup_mode=None,  # plain help: flags shown as flags (rich mode prints "<bool>")
    context_settings={"max_content_width": 120, "terminal_width": 100},
    help="marxkg: a bilingual, concept-annotated, citation-linked knowledge graph of Chinese "
    "political-economy scholarship.",
)

CorpusOpt = typer.Option(None, "--corpus", help="Corpus directory (default: corpus/).")
OntologyOpt = typer.Option(None, "--ontology", help="Ontology directory (default: ontology/).")
OutOpt = typer.Option(None, "--out", help="Output directory (default: build/).")


def _version(value: bool) -> None:
    if value:
        from marxkg import __version__

        typer.echo(f"marxkg {__version__}")
        raise typer.Exit()


@app.callback()
def _main(
    version: bool = typer.Option(False, "--version", is_eager=True, callback=_version,
                                 help="Print the version and exit."),
) -> None:
    """marxkg: a bilingual, concept-annotated, citation-linked knowledge graph of Chinese
    political-economy scholarship."""


def _fail(message: str, code: int = 1) -> None:
    typer.secho(f"error: {message}", fg=typer.colors.RED, err=True)
    raise typer.Exit(code)


@app.command()
def build(
    corpus: Optional[Path] = CorpusOpt,
    ontology: Optional[Path] = OntologyOpt,
    out: Optional[Path] = OutOpt,
    base: str = typer.Option("https://w3id.org/marxkg/", help="Base IRI of the data."),
    segmenter: str = typer.Option("jieba", help="Segmenter backend: jieba or rjieba."),
    force: bool = typer.Option(False, "--force", help="Rebuild even if nothing changed."),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="No progress output."),
) -> None:
    """Build every output of the corpus into build/ (atomically; a no-op if nothing changed).

    Example: marxkg build --corpus corpus/ --out build/
    """
    from marxkg.build import build as run_build
    from marxkg.corpus_io import CorpusError
    from marxkg.ingest.document import SourceError
    from marxkg.ingest.encoding import EncodingError
    from marxkg.ontology import OntologyError

    show = sys.stderr.isatty() and not quiet

    def progress(msg: str) -> None:
        if show:
            typer.echo(msg, err=True)

    try:
        result = run_build(corpus, ontology, out, base=base, force=force,
                           segmenter=segmenter, progress=progress)
    except (EncodingError, SourceError, CorpusError, OntologyError, ValueError) as exc:
        _fail(str(exc))
        return
    if quiet:
        return
    if result.skipped:
        typer.echo(f"Nothing changed: {result.out} is up to date ({result.seconds:.2f} s).")
        return
    typer.echo(f"Built {len(result.written)} files in {result.out}/ ({result.seconds:.1f} s):")
    for p in result.written:
        typer.echo(f"  {p}")


@app.command()
def validate(
    out: Optional[Path] = OutOpt,
    ontology: Optional[Path] = OntologyOpt,
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
        _fail(f"{result.violations} violation(s)")
    typer.echo("valid: SHACL conforms and every data check passed")


# Command modules (each defines ``register(app)``; their heavy imports stay inside the
# command functions so that ``marxkg --help`` stays instant).
COMMAND_MODULES = (
    "marxkg.commands.query",  # query, trace
    "marxkg.commands.serve",  # serve
    "marxkg.commands.analyze",  # analyze
)


def _register_commands() -> None:
    import importlib

    for name in COMMAND_MODULES:
        try:
            module = importlib.import_module(name)
        except ModuleNotFoundError as exc:
            if exc.name == name:
                continue
            raise
        module.register(app)


_register_commands()


def main() -> None:  # pragma: no cover - console entry point
    logging.basicConfig(level=logging.WARNING)
    app()


if __name__ == "__main__":  # pragma: no cover
    main()
