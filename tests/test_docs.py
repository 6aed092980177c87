"""Docs and code check each other: every CLI command and named query is in the README."""

from __future__ import annotations

import pytest
from typer.main import get_command

from marxkg import paths
from marxkg.cli import app
from tests import ROOT

README = (ROOT / "README.md").read_text(encoding="utf-8")
COMMANDS = sorted(get_command(app).commands)
QUERIES = sorted(p.stem for p in paths.QUERIES_DIR.glob("*.rq"))


def test_commands_found():
    assert {"build", "validate", "query", "trace", "serve", "analyze"} <= set(COMMANDS)


@pytest.mark.parametrize("command", COMMANDS)
def test_command_documented(command):
    assert f"marxkg {command}" in README


@pytest.mark.parametrize("name", QUERIES)
def test_named_query_documented(name):
    assert f"`{name}`" in README


def test_readme_shows_the_two_commands():
    assert "make demo" in README and "make test" in README
