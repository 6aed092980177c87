"""``marxkg query`` (named SPARQL queries) and ``marxkg trace`` (citation tracing)."""

from __future__ import annotations

from pathlib import Path

import typer

from marxkg.commands import check_choice, choices, fail
from marxkg.query.formats import FORMATTERS
from marxkg.query.trace_format import TRACE_FORMATS
from marxkg.vocab import DEFAULT_BASE

OutOpt = typer.Option(None, "--out", help="Build directory holding graph.ttl (default: build/).")
BindOpt = typer.Option(
    [],
    "--bind",
    "-b",
    metavar="VAR=VALUE",
    help='Bind a variable (repeatable; VALUE is <iri>, prefix:name, "literal" or a bare value '
    "read in the parameter's terms; VAR=* leaves a parameter unbound).",
)
OutputOpt = typer.Option(None, "--output", "-o", help="Write the results to this file.")


def _engine(endpoint: str | None, timeout: float, out: Path | None, tokens: bool):
    from marxkg.query.runner import EndpointEngine, LocalEngine

    if endpoint:
        return EndpointEngine(endpoint, timeout)
    return LocalEngine.from_build(out, tokens)


def _emit(text: str, output: Path | None) -> None:
    if output is None:
        typer.echo(text, nl=False)
        return
    from marxkg import atomic

    atomic.write_text(output, text)
    typer.echo(f"wrote {output}", err=True)


def query(
    ctx: typer.Context,
    spec: str | None = typer.Argument(
        None, metavar="NAME|FILE.rq|SPARQL", help="A named query, a .rq file or SPARQL text."
    ),
    list_: bool = typer.Option(False, "--list", "-l", help="List the named queries."),
    fmt: str = typer.Option(
        "table", "--format", "-f", help=f"Output format: {choices(FORMATTERS)} (json: SPARQL JSON)."
    ),
    bind: list[str] = BindOpt,
    doc: list[str] = typer.Option(
        [], "--doc", help="Only this document (a doc-id; repeat for several): binds ?doc."
    ),
    endpoint: str | None = typer.Option(
        None, "--endpoint", help="Send the query to this SPARQL 1.1 endpoint URL."
    ),
    timeout: float = typer.Option(
        60.0, "--timeout", help="Deadline for the endpoint's whole answer, in seconds."
    ),
    out: Path | None = OutOpt,
    tokens: bool = typer.Option(
        False, "--tokens", help="Also query the token layer (in the build's store)."
    ),
    output: Path | None = OutputOpt,
    max_width: int = typer.Option(
        60, "--max-width", help="Table cells are cut to this many columns (0: never)."
    ),
    show: bool = typer.Option(
        False, "--show-query", help="Print the final query text (with bindings) and exit."
    ),
    base: str = typer.Option(
        DEFAULT_BASE, "--base", help="Base IRI of the data (as given to marxkg build --base)."
    ),
    help_: bool = typer.Option(
        False, "--help", "-h", help="Show this message (with a query NAME: its parameters)."
    ),
) -> None:
    """Run a named SPARQL query (or a .rq file, or SPARQL text) on the built graph.

    Examples:

      marxkg query --list

      marxkg query concept-sentences --help

      marxkg query volume-citations --bind volume=6

      marxkg query concept-sentences --bind concept=system-of-machinery --format csv

      marxkg query citations-per-section --doc xu-jingyi-machinery-ai

      marxkg query 'SELECT (COUNT(*) AS ?n) WHERE { ?s a nif:Sentence }'

      marxkg query marx-pages --endpoint http://127.0.0.1:7878/query
    """
    from marxkg.query.binding import is_concept_param, resolve_concept_binds
    from marxkg.query.formats import format_results
    from marxkg.query.library import (
        dumps_query_help,
        dumps_query_list,
        load_library,
        resolve,
    )
    from marxkg.query.results import QueryError
    from marxkg.query.runner import prepare
    from marxkg.query.sparql import parse_binding, rebase_query

    try:
        library = load_library()
        if help_:
            if spec in library:
                typer.echo(dumps_query_help(library[spec]), nl=False)
            else:
                typer.echo(ctx.get_help())
            return
        if list_:
            typer.echo(dumps_query_list(library), nl=False)
            return
        if not spec:
            fail("give a query name, a .rq file or SPARQL text (or --list)")
        check_choice(fmt, FORMATTERS, "format")
        named = resolve(spec, library)
        engine = None
        if any(is_concept_param(named, parse_binding(b)[0]) for b in bind):
            engine = _engine(endpoint, timeout, out, tokens or named.needs_tokens)
            bind = resolve_concept_binds(named, bind, engine, base)
        text = rebase_query(prepare(named, [*bind, *(f"doc={d}" for d in doc)]), base)
        if show:
            typer.echo(text)
            return
        engine = engine or _engine(endpoint, timeout, out, tokens or named.needs_tokens)
        results = engine.select(text)
        options = {"max_width": max_width} if fmt == "table" else {}
        _emit(format_results(results, fmt, **options), output)
        if endpoint and named.needs_tokens and not results.rows:
            typer.echo(
                f"note: {named.name} needs the token layer (<doc-id>/tokens.ttl); load "
                "it into the store (marxkg serve --with-tokens)",
                err=True,
            )
    except QueryError as exc:
        fail(str(exc))


def trace(
    reference: str | None = typer.Argument(
        None,
        metavar="REFERENCE",
        help="A cited page: a key (文集5:487, 全集2-31:82, 全集1-46.2:219, 选集2012-1:123, "
        "资本论2004-1:443, MEW23:391; docs/citations.md) or a pasted footnote.",
    ),
    concept: str | None = typer.Option(
        None, "--concept", "-c", help="Trace a concept instead (slug, IRI or label)."
    ),
    fmt: str = typer.Option(
        "table", "--format", "-f", help=f"Output format: {choices(TRACE_FORMATS)}."
    ),
    endpoint: str | None = typer.Option(
        None, "--endpoint", help="Use this SPARQL 1.1 endpoint instead of the local build."
    ),
    timeout: float = typer.Option(
        60.0, "--timeout", help="Deadline for the endpoint's whole answer, in seconds."
    ),
    doc: list[str] = typer.Option(
        [], "--doc", help="Only the places in this document (a doc-id; repeat for several)."
    ),
    out: Path | None = OutOpt,
) -> None:
    """Trace a cited Marx page to every place that cites it, or a concept to its Marx sources.

    Examples:

      marxkg trace 文集5:487

      marxkg trace "马克思恩格斯文集 第5卷 第440-441页" --format json

      marxkg trace "《马克思恩格斯文集》第5卷，人民出版社2009年版，第443页。"

      marxkg trace 全集1-46.2:219

      marxkg trace --concept fixed-capital

      marxkg trace 文集8:196 --doc xu-jingyi-machinery-ai
    """
    from marxkg.query.results import QueryError
    from marxkg.query.trace import TraceError, parse_page_ref, trace_concept, trace_pages
    from marxkg.query.trace_format import dumps_trace

    check_choice(fmt, TRACE_FORMATS, "format")
    if bool(reference) == bool(concept):
        fail("give either a page reference (文集5:487) or --concept SLUG")
    try:
        ref = parse_page_ref(reference) if reference else None
        engine = _engine(endpoint, timeout, out, False)
        result = trace_pages(engine, ref, doc) if ref else trace_concept(engine, concept or "", doc)
    except (TraceError, QueryError) as exc:
        fail(str(exc))
    typer.echo(dumps_trace(result, fmt), nl=False)
