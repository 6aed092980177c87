"""``marxkg query`` (named SPARQL queries) and ``marxkg trace`` (citation tracing)."""

from __future__ import annotations

from pathlib import Path

import typer

OutOpt = typer.Option(None, "--out", help="Build directory holding graph.ttl (default: build/).")
BindOpt = typer.Option(
    [], "--bind", "-b", metavar="VAR=VALUE",
    help="Bind a variable (repeatable; VALUE is <iri>, prefix:name, \"literal\" or a bare value "
         "read in the parameter's terms; VAR=* leaves a parameter unbound).")
OutputOpt = typer.Option(None, "--output", "-o", help="Write the results to this file.")


def _fail(message: str, code: int = 1) -> None:
    typer.secho(f"error: {message}", fg=typer.colors.RED, err=True)
    raise typer.Exit(code)


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
    spec: str | None = typer.Argument(
        None, metavar="NAME|FILE.rq|SPARQL", help="A named query, a .rq file or SPARQL text."),
    list_: bool = typer.Option(False, "--list", "-l", help="List the named queries."),
    fmt: str = typer.Option("table", "--format", "-f",
                            help="Output format: table, json (SPARQL JSON), csv, tsv."),
    bind: list[str] = BindOpt,
    doc: list[str] = typer.Option(
        [], "--doc", help="Only this document (a doc-id; repeat for several): binds ?doc."),
    endpoint: str | None = typer.Option(
        None, "--endpoint", help="Send the query to this SPARQL 1.1 endpoint URL."),
    timeout: float = typer.Option(60.0, "--timeout", help="Endpoint timeout in seconds."),
    out: Path | None = OutOpt,
    tokens: bool = typer.Option(False, "--tokens",
                                help="Also query the token layer (in the build's store)."),
    output: Path | None = OutputOpt,
    max_width: int = typer.Option(60, "--max-width",
                                  help="Table cells are cut to this many columns (0: never)."),
    show: bool = typer.Option(False, "--show-query",
                              help="Print the final query text (with bindings) and exit."),
) -> None:
    """Run a named SPARQL query (or a .rq file, or SPARQL text) on the built graph.

    Examples:

      marxkg query --list

      marxkg query volume-citations --bind volume=6

      marxkg query concept-sentences --bind concept=system-of-machinery --format csv

      marxkg query citations-per-section --doc xu-jingyi-machinery-ai

      marxkg query 'SELECT (COUNT(*) AS ?n) WHERE { ?s a nif:Sentence }'

      marxkg query marx-pages --endpoint http://127.0.0.1:7878/query
    """
    from marxkg.query.formats import FORMATTERS, format_results
    from marxkg.query.library import load_library, resolve
    from marxkg.query.results import QueryError
    from marxkg.query.runner import prepare

    try:
        library = load_library()
        if list_:
            width = max(len(n) for n in library)
            for name, q in library.items():
                typer.echo(f"{name.ljust(width)}  {q.description}")
            return
        if not spec:
            _fail("give a query name, a .rq file or SPARQL text (or --list)")
        if fmt not in FORMATTERS:
            _fail(f"unknown format {fmt!r}: choose one of {', '.join(FORMATTERS)}")
        named = resolve(spec, library)
        text = prepare(named, [*bind, *(f"doc={d}" for d in doc)])
        if show:
            typer.echo(text)
            return
        engine = _engine(endpoint, timeout, out, tokens or named.needs_tokens)
        results = engine.select(text)
        options = {"max_width": max_width} if fmt == "table" else {}
        _emit(format_results(results, fmt, **options), output)
        if endpoint and named.needs_tokens and not results.rows:
            typer.echo(f"note: {named.name} needs the token layer (<doc-id>/tokens.ttl); load "
                       "it into the store (marxkg serve --with-tokens)", err=True)
    except QueryError as exc:
        _fail(str(exc))


def trace(
    reference: str | None = typer.Argument(
        None, metavar="REFERENCE",
        help="A cited page: 文集5:487, 全集31:82, 文集5:440-441, "
             "\"马克思恩格斯文集 第5卷 第487页\"."),
    concept: str | None = typer.Option(
        None, "--concept", "-c", help="Trace a concept instead (slug, IRI or label)."),
    fmt: str = typer.Option("table", "--format", "-f", help="Output format: table or json."),
    endpoint: str | None = typer.Option(
        None, "--endpoint", help="Use this SPARQL 1.1 endpoint instead of the local build."),
    timeout: float = typer.Option(60.0, "--timeout", help="Endpoint timeout in seconds."),
    out: Path | None = OutOpt,
) -> None:
    """Trace a cited Marx page to every place that cites it, or a concept to its Marx sources.

    Examples:

      marxkg trace 文集5:487

      marxkg trace "马克思恩格斯文集 第5卷 第440-441页" --format json

      marxkg trace --concept fixed-capital
    """
    from marxkg.query.results import QueryError
    from marxkg.trace import (
        TRACE_FORMATS,
        TraceError,
        dumps_trace,
        parse_page_ref,
        trace_concept,
        trace_pages,
    )

    if fmt not in TRACE_FORMATS:
        _fail(f"unknown format {fmt!r}: choose one of {', '.join(TRACE_FORMATS)}")
    if bool(reference) == bool(concept):
        _fail("give either a page reference (文集5:487) or --concept SLUG")
    try:
        ref = parse_page_ref(reference) if reference else None
        engine = _engine(endpoint, timeout, out, False)
        result = trace_pages(engine, ref) if ref else trace_concept(engine, concept)
    except (TraceError, QueryError) as exc:
        _fail(str(exc))
        return
    typer.echo(dumps_trace(result, fmt), nl=False)


def register(app: typer.Typer) -> None:
    app.command("query")(query)
    app.command("trace")(trace)
