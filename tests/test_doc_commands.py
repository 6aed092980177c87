"""Every ``marxkg`` command printed in README.md and docs/*.md runs as printed.

The commands are read from the ``sh``/``console`` code blocks (in ``console`` blocks, the
lines after ``$ ``; ``text`` blocks hold synopses, not commands) and run with typer's
CliRunner in a scratch directory laid out like the repository: ``corpus/`` and
``ontology/`` of the repository, ``build/`` a copy of a fresh build. A command fails the
test if it exits non-zero (or, where the document prints an ``error:`` line, if it does
not fail with that error), or if the first line the document prints is not in its output.

Commands that start a server (``marxkg serve``) are not run here: their options are parsed
by the command as typed, and the endpoint is tested in tests/test_serve*.py. Commands that
talk to an endpoint (``--endpoint URL``) run against a ``marxkg serve`` of the test build.
A ``.rq`` file a document invents (``my-question.rq``) is written first.
"""

from __future__ import annotations

import re
import shlex
import shutil
from dataclasses import dataclass

import pytest
from typer.main import get_command
from typer.testing import CliRunner

from marxkg.cli import app
from tests import ROOT

pytestmark = pytest.mark.slow  # runs every documented command, builds included

DOCS = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
BLOCK = re.compile(r"^```(console|sh|bash|shell)\n(.*?)^```", re.DOTALL | re.MULTILINE)
PROGRAMS = ("marxkg ", ".venv/bin/marxkg ")
SERVERS = ("serve",)
QUERY_FILE = "SELECT (COUNT(*) AS ?n) WHERE { ?s a nif:Sentence }\n"


@dataclass(frozen=True)
class DocCommand:
    doc: str
    line: int
    text: str
    printed: tuple[str, ...] = ()  # output lines shown under it (console blocks)

    @property
    def args(self) -> list[str]:
        words = shlex.split(self.text, comments=True)
        return [w for w in words[1:] if w != "&"]


def doc_commands() -> list[DocCommand]:
    found = []
    for path in DOCS:
        text = path.read_text(encoding="utf-8")
        for m in BLOCK.finditer(text):
            first = text[: m.start(2)].count("\n") + 1
            lines = m.group(2).splitlines()
            for k, raw in enumerate(lines):
                line = raw.strip()
                if m.group(1) == "console":
                    if not line.startswith("$ "):
                        continue
                    line = line[2:]
                if not line.startswith(PROGRAMS):
                    continue
                printed: list[str] = []
                if m.group(1) == "console":
                    for after in lines[k + 1 :]:
                        if after.startswith("$ "):
                            break
                        printed.append(after)
                found.append(DocCommand(path.name, first + k, line, tuple(printed)))
    return found


COMMANDS = doc_commands()


def test_the_docs_print_commands():
    names = {c.args[0] for c in COMMANDS if c.args and not c.args[0].startswith("-")}
    assert {"build", "validate", "query", "trace", "serve", "analyze"} <= names
    assert any(c.doc == "README.md" for c in COMMANDS)


@pytest.fixture(scope="module")
def workdir(built, tmp_path_factory):
    """A directory laid out like the repository, with a copy of the test build."""
    root = tmp_path_factory.mktemp("doc-commands")
    (root / "corpus").symlink_to(ROOT / "corpus", target_is_directory=True)
    (root / "ontology").symlink_to(ROOT / "ontology", target_is_directory=True)
    shutil.copytree(built.out, root / "build", symlinks=True)
    (root / "my-question.rq").write_text(QUERY_FILE, encoding="utf-8")
    return root


def _id(c: DocCommand) -> str:
    return f"{c.doc}:{c.line}"


RUN = [c for c in COMMANDS if not c.args or c.args[0] not in SERVERS]
SERVE = [c for c in COMMANDS if c.args and c.args[0] in SERVERS]


def _with_endpoint(args: list[str], request) -> list[str]:
    if "--endpoint" not in args:
        return args
    url = request.getfixturevalue("sparql_endpoint").url
    k = args.index("--endpoint")
    return [*args[: k + 1], url, *args[k + 2 :]]


@pytest.mark.parametrize("command", RUN, ids=_id)
def test_command_runs_as_printed(command, workdir, request, monkeypatch):
    monkeypatch.chdir(workdir)
    monkeypatch.setenv("MARXKG_ROOT", str(workdir))
    for key in ("MARXKG_BUILD", "MARXKG_CORPUS", "MARXKG_ONTOLOGY"):
        monkeypatch.delenv(key, raising=False)
    args = _with_endpoint(command.args, request)
    result = CliRunner().invoke(app, args)
    output = result.output
    printed = [line for line in command.printed if line.strip()]
    if printed and printed[0].startswith("error:"):
        assert result.exit_code != 0, output
        assert printed[0].strip() in output
        return
    assert result.exit_code == 0, f"{command.text}\n{output}\n{result.exception!r}"
    assert output.strip() or "--output" in args or args[0] == "build", command.text
    if printed:
        first = printed[0].rstrip().rstrip("…").rstrip()
        assert first in output, f"{command.text}: printed {first!r}, got\n{output[:2000]}"


@pytest.mark.parametrize("command", SERVE, ids=_id)
def test_server_command_parses_as_printed(command):
    """``marxkg serve ...`` as printed is accepted by the command (options and values)."""
    serve = get_command(app).commands["serve"]
    ctx = serve.make_context("serve", list(command.args[1:]))
    assert ctx.params["host"] and ctx.params["port"] >= 0
