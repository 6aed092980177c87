"""``marxkg build``: every output of the corpus, staged and swapped in whole
(`marxkg.build.build`)."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

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
    segmenter: str = typer.Option("jieba", help=f"Segmenter backend: {choices(SEGMENTERS)}."),
    force: bool = typer.Option(False, "--force", help="Rebuild even if nothing changed."),
    jobs: int | None = typer.Option(
        None, "--jobs", "-j", min=1, help="Worker processes (default: every core)."
    ),
    scheduler: str | None = typer.Option(
        None,
        "--scheduler",
        help="Render documents on a Dask distributed scheduler "
        "(tcp://host:8786) instead of local processes.",
    ),
    pages: bool = typer.Option(
        True, "--pages/--no-pages", help="Write the HTML pages (they hold the corpus in memory)."
    ),
    compact: bool = typer.Option(
        False,
        "--compact",
        help="Compact the store now: a store patched by incremental builds answers more "
        "slowly, and is compacted anyway every few builds.",
    ),
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

    check_choice(segmenter, SEGMENTERS, "segmenter")
    show = sys.stderr.isatty() and not quiet
    bar: Any = None

    def progress(msg: str) -> None:
        if show:
            typer.echo(msg, err=True)

    def tick(done: int, total: int, doc_id: str) -> None:
        nonlocal bar
        if not show:
            return
        if bar is None:
            from tqdm import tqdm

            bar = tqdm(total=total, initial=done - 1, unit="doc", file=sys.stderr, desc="documents")
        bar.set_postfix_str(doc_id[:30], refresh=False)
        bar.update(1)

    _check_out(out)
    try:
        result = run_build(
            corpus,
            ontology,
            out,
            base=base,
            force=force,
            segmenter=segmenter,
            progress=progress,
            jobs=jobs,
            scheduler=scheduler,
            pages=pages,
            tick=tick,
            compact=compact,
        )
    except (
        EncodingError,
        SourceError,
        CorpusError,
        OntologyError,
        OutputError,
        BuildError,
        ValueError,
    ) as exc:
        fail(str(exc))
    except OSError as exc:  # an unwritable --out, a full disk, a vanished file
        fail(f"{exc.filename or out or 'build'}: {exc.strerror or exc}")
    finally:
        if bar is not None:
            bar.close()
    _report(result, quiet, compact)


def _check_out(out: Path | None) -> None:
    """`fail` unless ``--out`` is a directory or a path that can become one."""
    if out is None:
        return
    existing = next((p for p in (out, *out.parents) if p.exists()), None)
    if existing is not None and not existing.is_dir():
        fail(
            f"{out}: not a directory (--out must be a directory or a path to create; "
            f"{existing} is a file)"
        )


def _report(result: Any, quiet: bool, compact: bool) -> None:
    """Leftovers removed, the per-document summary (stderr), the files, failed documents."""
    for leftover in result.leftovers:
        typer.echo(f"removed leftover of an interrupted build: {leftover}", err=True)
    if not result.skipped:
        from marxkg.export.report import summary_lines

        for line in summary_lines(result.report):
            typer.echo(line, err=True)
    if not quiet:
        _print_build(result, compact)
    if result.failed:
        for doc_id, message in sorted(result.failed.items()):
            typer.secho(f"error: {doc_id}: {message}", fg=typer.colors.RED, err=True)
        fail(f"{len(result.failed)} document(s) failed and were left out of the build")


def _print_build(result: Any, compact: bool) -> None:
    if result.skipped:
        typer.echo(f"Nothing changed: {result.out} is up to date ({result.seconds:.2f} s).")
        return
    typer.echo(
        f"Built {len(result.written)} files in {result.out}/ ({result.seconds:.1f} s): "
        f"{len(result.rebuilt)} document(s) rendered, {len(result.reused)} unchanged."
    )
    shown = result.written if len(result.written) <= 40 else result.written[:20]
    for p in shown:
        typer.echo(f"  {p}")
    if len(shown) < len(result.written):
        typer.echo(f"  … and {len(result.written) - len(shown)} more")
    if compact:
        typer.echo("The store was compacted.")
    elif result.store_patches:
        from marxkg.build_store import STORE_PATCH_LIMIT

        typer.echo(
            f"The store was patched in place: {result.store_patches} build(s) since it was "
            f"last compacted (queries slow down a little with each; every {STORE_PATCH_LIMIT}th "
            "build compacts it, and `marxkg build --compact` does it now)."
        )
    if result.removed:
        typer.echo(f"Removed {len(result.removed)} stale output(s) of the previous build:")
        for rel in result.removed:
            typer.echo(f"  {result.out / rel}")
