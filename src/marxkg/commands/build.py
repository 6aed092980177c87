"""``marxkg build``: every output of the corpus, written atomically (`marxkg.build.build`)."""

from __future__ import annotations

import sys
from pathlib import Path

import typer

from marxkg.commands import check_choice, choices, fail
from marxkg.commands.options import CorpusOpt, OntologyOpt, OutOpt
from marxkg.nlp.segmenters import SEGMENTERS
from marxkg.vocab import DEFAULT_BASE


def build(
    corpus: Path | None = CorpusOpt,
    ontology: Path | None = OntologyOpt,
    out: Path | None = OutOpt,
    base: str = typer.Option(DEFAULT_BASE, help="Base IRI of the data."),
    segmenter: str = typer.Option(
        "jieba", help=f"Segmenter backend: {choices(SEGMENTERS)}."),
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

    check_choice(segmenter, SEGMENTERS, "segmenter")
    show = sys.stderr.isatty() and not quiet

    def progress(msg: str) -> None:
        if show:
            typer.echo(msg, err=True)

    if out is not None:
        existing = next((p for p in (out, *out.parents) if p.exists()), None)
        if existing is not None and not existing.is_dir():
            fail(f"{out}: --out must be a directory (or a path to create), but {existing} "
                 "is a file")
    try:
        result = run_build(corpus, ontology, out, base=base, force=force,
                           segmenter=segmenter, progress=progress)
    except (EncodingError, SourceError, CorpusError, OntologyError, ValueError) as exc:
        fail(str(exc))
    except OSError as exc:  # an unwritable --out, a full disk, a vanished file
        fail(f"{exc.filename or out or 'build'}: {exc.strerror or exc}")
    if not result.skipped:
        from marxkg.export.report import summary_lines

        for line in summary_lines(result.report):
            typer.echo(line, err=True)
    if quiet:
        return
    if result.skipped:
        typer.echo(f"Nothing changed: {result.out} is up to date ({result.seconds:.2f} s).")
        return
    typer.echo(f"Built {len(result.written)} files in {result.out}/ ({result.seconds:.1f} s):")
    for p in result.written:
        typer.echo(f"  {p}")
