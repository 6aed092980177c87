"""The ``marxkg`` commands, one module per command (or group); `marxkg.cli` assembles them.

Each command is a few lines over a Python function; its heavy imports stay inside the
function so that ``marxkg --help`` stays instant. Errors go through `fail` (``error: …`` on
stderr, non-zero exit); choices are checked against the registries with `check_choice`.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import NoReturn

import typer


def fail(message: str, code: int = 1) -> NoReturn:
    """Print ``error: message`` to stderr and leave with ``code``."""
    typer.secho(f"error: {message}", fg=typer.colors.RED, err=True)
    raise typer.Exit(code)


def choices(registry: Iterable[str]) -> str:
    """The names of a registry for a help text: ``table, json, csv``."""
    return ", ".join(registry)


def check_choice(value: str, registry: Iterable[str], what: str) -> None:
    """`fail` unless ``value`` is a name of ``registry`` (a dict or a tuple of names)."""
    names = list(registry)
    if value not in names:
        fail(f"unknown {what} {value!r}: choose one of {', '.join(names)}")
