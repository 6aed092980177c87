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
    help="marxkg: a bilingual, concept-annotated, citation-linked knowledge graph of Chinese "
    "political-economy scholarship.",
)

CorpusOpt = typer.Option(None, "--corpus", help="Corpus directory (default: corpus/).")
OntologyOpt = typer.Option(None, "--ontology", help="Ontology directory (default: ontology/).")
OutOpt = typer.Option(None, "--out", help="Output directory (default: build/).")


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
    jobs: Optional[int] = typer.Option(None, "--jobs", "-j", min=1,
                                       help="Worker processes (default: every core)."),
    scheduler: Optional[str] = typer.Option(
        None, "--scheduler", help="Render documents on a Dask distributed scheduler "
        "(tcp://host:8786) instead of local processes."),
    pages: bool = typer.Option(True, "--pages/--no-pages",
                               help="Write the HTML pages (they hold the corpus in memory)."),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="No progress output."),
) -> None:
    """Build every output of the corpus into build/ (staged and swapped in whole; only
    changed documents are rendered again; a no-op if nothing changed).

    Example: marxkg build --corpus corpus/ --out build/ --jobs 2
    """
    from marxkg.build import BuildError
    from marxkg.build import build as run_build
    from marxkg.corpus_io import CorpusError
    from marxkg.ingest.document import SourceError
    from marxkg.ingest.encoding import EncodingError
    from marxkg.ontology import OntologyError
    from marxkg.outdir import OutputError

    show = sys.stderr.isatty() and not quiet
    bar = None

    def progress(msg: str) -> None:
        if show:
            typer.echo(msg, err=True)

    def tick(done: int, total: int, doc_id: str) -> None:
        nonlocal bar
        if not show:
            return
        if bar is None:
            from tqdm import tqdm

            bar = tqdm(total=total, initial=done - 1, unit="doc", file=sys.stderr,
                       desc="documents")
        bar.set_postfix_str(doc_id[:30], refresh=False)
        bar.update(1)

    try:
        result = run_build(corpus, ontology, out, base=base, force=force,
                           segmenter=segmenter, progress=progress, jobs=jobs,
                           scheduler=scheduler, pages=pages, tick=tick)
    except (EncodingError, SourceError, CorpusError, OntologyError, OutputError, BuildError,
            ValueError) as exc:
        _fail(str(exc))
        return
    except OSError as exc:
        _fail(f"{exc.filename or ''}{': ' if exc.filename else ''}{exc.strerror or exc}")
        return
    finally:
        if bar is not None:
            bar.close()
    for leftover in result.leftovers:
        typer.echo(f"removed leftover of an interrupted build: {leftover}", err=True)
    if not quiet:
        _print_build(result)
    if result.failed:
        for doc_id, message in sorted(result.failed.items()):
            typer.secho(f"error: {doc_id}: {message}", fg=typer.colors.RED, err=True)
        _fail(f"{len(result.failed)} document(s) failed and were left out of the build")


def _print_build(result) -> None:
    if result.skipped:
        typer.echo(f"Nothing changed: {result.out} is up to date ({result.seconds:.2f} s).")
        return
    typer.echo(f"Built {len(result.written)} files in {result.out}/ ({result.seconds:.1f} s): "
               f"{len(result.rebuilt)} document(s) rendered, {len(result.reused)} unchanged.")
    shown = result.written if len(result.written) <= 40 else result.written[:20]
    for p in shown:
        typer.echo(f"  {p}")
    if len(shown) < len(result.written):
        typer.echo(f"  … and {len(result.written) - len(shown)} more")
    if result.removed:
        typer.echo(f"Removed {len(result.removed)} stale output(s) of the previous build:")
        for rel in result.removed:
            typer.echo(f"  {result.out / rel}")


@app.command()
def validate(
    out: Optional[Path] = OutOpt,
    ontology: Optional[Path] = OntologyOpt,
    full: bool = typer.Option(False, "--full",
                              help="SHACL over the token layer too (slow: minutes a paper)."),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="No progress output."),
) -> None:
    """Validate the built graph: SHACL shapes (pySHACL) on the graph, fast checks of the
    token layer over the store, data checks; results per document; non-zero on failure.

    Example: marxkg validate (or marxkg validate --full)
    """
    from marxkg import paths
    from marxkg.validate import validate_build

    show = sys.stderr.isatty() and not quiet

    def progress(msg: str) -> None:
        if show:
            typer.echo(msg, err=True)

    result = validate_build(out or paths.build_dir(), ontology or paths.ontology_dir(),
                            full=full, progress=progress)
    for line in result.messages:
        typer.echo(line)
    for doc_id, n in sorted(result.per_document.items()):
        typer.echo(f"{doc_id}: {n} violation(s)")
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
