"""The ``marxkg`` command line: assembles the commands of `marxkg.commands`.

Each command is a thin shell over a Python function; work is imported inside each command
so that ``marxkg --help`` stays instant.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

import typer

from marxkg.commands import analyze, build, cite, claims, ontology, query, serve, validate

#: Command name -> function, in the order of ``marxkg --help``.
COMMANDS: dict[str, Callable[..., Any]] = {
    "build": build.build,
    "validate": validate.validate,
    "query": query.query,
    "trace": query.trace,
    "cite": cite.cite,
    "claims": claims.claims,
    "serve": serve.serve,
    "analyze": analyze.analyze,
}
#: Command name -> options of its registration (``query`` owns ``--help``, so that
#: ``marxkg query NAME --help`` can show the parameters of NAME).
COMMAND_OPTIONS: dict[str, dict[str, Any]] = {
    "query": {"context_settings": {"help_option_names": []}},
}
#: Command groups (``marxkg ontology fmt``).
GROUPS: dict[str, typer.Typer] = {
    "ontology": ontology.app,
}

app = typer.Typer(
    add_completion=False,
    no_args_is_help=True,
    rich_markup_mode=None,  # plain help: flags shown as flags (rich mode prints "<bool>")
    context_settings={"max_content_width": 120, "terminal_width": 100},
    help="marxkg: a bilingual, concept-annotated, citation-linked knowledge graph of Chinese "
    "political-economy scholarship.",
)


def _version(value: bool) -> None:
    if value:
        from marxkg import __version__

        typer.echo(f"marxkg {__version__}")
        raise typer.Exit()


@app.callback()
def _main(
    version: bool = typer.Option(
        False, "--version", is_eager=True, callback=_version, help="Print the version and exit."
    ),
) -> None:
    """marxkg: a bilingual, concept-annotated, citation-linked knowledge graph of Chinese
    political-economy scholarship."""


for _name, _function in COMMANDS.items():
    app.command(_name, **COMMAND_OPTIONS.get(_name, {}))(_function)
for _name, _group in GROUPS.items():
    app.add_typer(_group, name=_name)


def main() -> None:  # pragma: no cover - console entry point
    logging.basicConfig(level=logging.WARNING)
    app()


if __name__ == "__main__":  # pragma: no cover
    main()
