"""``marxkg serve``: the read-only SPARQL 1.1 Protocol endpoint (Oxigraph behind a guard)."""

from __future__ import annotations

from pathlib import Path

import typer

from marxkg.commands import fail


def serve(
    out: Path | None = typer.Option(  # noqa: B008 - typer's way of declaring options
        None, "--out", help="Build directory (default: build/); its store is served."
    ),
    host: str = typer.Option(
        "127.0.0.1", "--host", help="Address to bind (default: localhost only)."
    ),
    allow_host: list[str] = typer.Option(  # noqa: B008
        [],
        "--allow-host",
        metavar="NAME",
        help="A host name (or address) clients may use in the Host header besides "
        "localhost; repeatable; needed with --host 0.0.0.0.",
    ),
    port: int = typer.Option(8000, "--port", min=0, max=65535, help="Port (0: any free port)."),
    with_tokens: bool = typer.Option(
        False,
        "--with-tokens",
        help="The default graph also holds the token layer (the union of every graph).",
    ),
    timeout: int = typer.Option(
        10, "--timeout", min=1, help="Hard time limit per query, in seconds."
    ),
    max_rows: int = typer.Option(
        10_000, "--max-rows", min=1, help="Result cap: rows (SELECT) or triples (CONSTRUCT)."
    ),
    max_memory: int = typer.Option(
        2048,
        "--max-memory",
        min=0,
        metavar="MB",
        help="Address-space cap of the Oxigraph process, in MB "
        "(0: none); a query past it restarts the engine.",
    ),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="Do not log each request."),
    base: str | None = typer.Option(
        None,
        "--base",
        help="Base IRI the build must have been made with (default: the build's own); "
        "the named graphs are <BASE>graph/tokens/<doc-id>.",
    ),
) -> None:
    """Serve the built graph as a read-only SPARQL 1.1 endpoint at http://HOST:PORT/sparql.

    Oxigraph evaluates the queries on a checkpoint of the build's store (build/store,
    taken at start-up; no Turtle is read, nothing under build/ is written). A guard
    refuses updates, LOAD, SERVICE, FROM outside the corpus and queries over the size
    budget before evaluation, and enforces the time
    limit (a query over it is stopped) and the result cap. Oxigraph runs without outbound
    network and is restarted if it dies. Stop with Ctrl-C or SIGTERM.

    Example: marxkg serve --port 8000 --with-tokens --timeout 10 --max-rows 10000

    Then: curl -H 'Accept: text/csv' --data-urlencode 'query=SELECT * {?s ?p ?o} LIMIT 5'
    http://127.0.0.1:8000/sparql
    """
    import logging

    from marxkg import paths
    from marxkg.serve import serve as run_serve
    from marxkg.serve.backend import BackendError
    from marxkg.serve.endpoint import ServeConfig
    from marxkg.store import store_patches

    logging.getLogger("marxkg.serve").setLevel(logging.WARNING if quiet else logging.INFO)
    if not logging.getLogger().handlers:
        logging.basicConfig(level=logging.WARNING, format="%(asctime)s %(message)s")

    def announce(endpoint) -> None:
        typer.echo(f"marxkg SPARQL endpoint: {endpoint.url}", err=False)
        typer.echo(f"  graphs: {describe_graphs(endpoint.served, with_tokens)}")
        typer.echo(
            f"  oxigraph {endpoint.oxigraph_version} pid {endpoint.oxigraph.pid} on "
            f"{endpoint.oxigraph.host}:{endpoint.oxigraph.port}; store {endpoint.tmpdir} "
            f"(a checkpoint of {endpoint.served.build / 'store'})"
        )
        patched = store_patches(endpoint.served.build)
        if patched:
            typer.echo(
                f"  note: {patched} incremental build(s) patched the store since it was "
                "compacted; queries are slower until `marxkg build --compact`"
            )
        typer.echo(
            f"  limits: {timeout} s per query, {max_rows} rows per result; "
            "read-only; Ctrl-C to stop"
        )
        _flush()

    config = ServeConfig(
        out=out or paths.build_dir(),
        host=host,
        port=port,
        with_tokens=with_tokens,
        timeout=timeout,
        max_rows=max_rows,
        allow_hosts=tuple(allow_host),
        max_memory_mb=max_memory,
        base=base,
    )

    def on_ready(endpoint: object) -> None:
        announce(endpoint)
        _flush()

    try:
        code = run_serve(config, announce=on_ready)
    except (FileNotFoundError, BackendError, OSError, ValueError) as exc:
        import errno

        message = str(exc)
        if isinstance(exc, OSError) and exc.errno == errno.EADDRINUSE:
            message = (
                f"port {port} on {host} is busy ({exc.strerror}; another marxkg serve?): "
                "stop it, or choose another with --port N (--port 0: any free port)"
            )
        fail(message)
    typer.echo("stopped")
    raise typer.Exit(code)


def describe_graphs(served, with_tokens: bool) -> str:
    """One line: what the default graph holds and the named graphs (a few by name)."""
    default = "the build's graph" + (" and every token layer" if with_tokens else "")
    named = served.token_graphs
    shown = ", ".join(f"<{g}>" for g in named[:3]) + (f", ... ({len(named)})" if named[3:] else "")
    return f"default: {default}; named: {shown or 'none'}"


def _flush() -> None:
    import sys

    sys.stdout.flush()
