"""The command line: commands registered explicitly, choices checked against registries."""

from __future__ import annotations

import pytest
from typer.main import get_command
from typer.testing import CliRunner

from marxkg.analytics.metrics import METRICS
from marxkg.analytics.projections import CITATION_LEVELS
from marxkg.cli import COMMANDS, GROUPS, app
from marxkg.nlp.segmenters import SEGMENTERS
from marxkg.query.formats import FORMATTERS
from marxkg.query.trace_format import TRACE_FORMATS

runner = CliRunner()


def test_every_registered_command_is_in_the_app():
    assert set(get_command(app).commands) == set(COMMANDS) | set(GROUPS)


@pytest.mark.parametrize(
    "args, registry",
    [
        (["build", "--segmenter", "nope"], SEGMENTERS),
        (["query", "marx-pages", "--format", "nope"], FORMATTERS),
        (["trace", "文集5:487", "--format", "nope"], TRACE_FORMATS),
        (["analyze", "--metric", "nope"], METRICS),
        (["analyze", "--level", "nope"], CITATION_LEVELS),
    ],
)
def test_unknown_choice_names_the_registry(args, registry, tmp_path):
    r = runner.invoke(app, [*args])
    assert r.exit_code == 1
    assert "error: unknown" in r.output and "'nope'" in r.output
    assert f"choose one of {', '.join(registry)}" in r.output


@pytest.mark.parametrize(
    "command, registry",
    [
        ("build", SEGMENTERS),
        ("query", FORMATTERS),
        ("trace", TRACE_FORMATS),
        ("analyze", METRICS),
    ],
)
def test_help_lists_the_registry(command, registry):
    r = runner.invoke(app, [command, "--help"])
    text = " ".join(r.output.split())
    assert all(name in text for name in registry)
