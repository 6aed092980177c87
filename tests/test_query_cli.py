"""`marxkg query` from the command line (typer's CliRunner over marxkg.cli.app)."""

from __future__ import annotations

import csv
import io
import json

import pytest
from typer.testing import CliRunner

from marxkg.cli import app
from tests.test_query_library import NAMES

runner = CliRunner()


def query(built, *args):
    return runner.invoke(app, ["query", *args, "--out", str(built.out)])


def test_list(built):
    r = query(built, "--list")
    assert r.exit_code == 0
    lines = r.output.splitlines()
    assert [line.split()[0] for line in lines if not line.startswith(" ")] == NAMES
    assert any(line.startswith("volume-citations") and "page order" in line for line in lines)


def test_list_shows_parameters(built):
    """Each query's parameters under it, with what they take and their default (read from
    the .rq headers: concept-sentences declares ?concept = concept:fixed-capital)."""
    out = query(built, "--list").output
    block = out.split("concept-sentences", 1)[1].split("\nconcepts-never-mentioned", 1)[0]
    assert "--bind concept=" in block and "default: concept:fixed-capital" in block
    assert "slug (fixed-capital) or any label" in block
    never = out.split("concepts-never-mentioned", 1)[1].split("\ndimension-concepts", 1)[0]
    assert "--bind" not in never  # declares no parameter


@pytest.mark.parametrize(
    "name,param,default",
    [
        ("concept-sentences", "concept", "concept:fixed-capital"),
        ("ai-counterparts", "marx", "unbound (all rows)"),
    ],
)
def test_named_query_help_shows_its_parameters(name, param, default):
    r = runner.invoke(app, ["query", name, "--help"])
    assert r.exit_code == 0, r.output
    assert r.output.startswith(f"marxkg query {name}: ")
    assert f"  {param} " in r.output and f"default: {default}" in r.output


def test_query_help_without_a_name_is_the_command_help():
    r = runner.invoke(app, ["query", "--help"])
    assert r.exit_code == 0 and "--bind" in r.output and "--list" in r.output


# concept-sentences for fixed-capital: the same rows whichever way the concept is named
@pytest.mark.parametrize(
    "value",
    [
        "fixed-capital",
        "固定资本",
        "fixed capital",
        "Fixed Capital",
        "fixes Kapital",
        "concept:fixed-capital",
        "<https://w3id.org/marxkg/concept/fixed-capital>",
    ],
)
def test_bind_accepts_slug_labels_and_iri(built, value):
    by_slug = query(built, "concept-sentences", "--bind", "concept=fixed-capital", "-f", "csv")
    r = query(built, "concept-sentences", "--bind", f"concept={value}", "-f", "csv")
    assert r.exit_code == 0, r.output
    assert r.output == by_slug.output
    assert len(list(csv.reader(io.StringIO(r.output)))) > 10


@pytest.mark.parametrize(
    "value,suggested",
    [
        ("fixed-captial", "fixed-capital"),
        ("固定资", "固定资本"),
        ("concept:fixed-captial", "fixed-capital"),
    ],
)
def test_bind_unknown_concept_fails_with_close_matches(built, value, suggested):
    r = query(built, "concept-sentences", "--bind", f"concept={value}")
    assert r.exit_code == 1
    assert "error: unknown concept" in r.output and suggested in r.output
    assert "Traceback" not in r.output


@pytest.mark.parametrize("name", NAMES)
def test_every_named_query_runs(built, name):
    r = query(built, name, "--format", "json")
    assert r.exit_code == 0, r.output
    data = json.loads(r.output)
    assert isinstance(data["results"]["bindings"], list)


def test_table_output(built):
    r = query(built, "footnotes-by-kind")
    assert r.exit_code == 0
    lines = r.output.splitlines()
    assert lines[0].split() == ["kind", "footnotes", "items"]
    assert lines[2].split()[:2] == ["marx", "23"]
    assert lines[-1] == "(6 rows)"


def test_bind_and_csv(built):
    r = query(built, "volume-citations", "--bind", "volume=6", "--format", "csv")
    assert r.exit_code == 0, r.output
    rows = list(csv.DictReader(io.StringIO(r.output)))
    assert [(row["page"], row["label"]) for row in rows] == [("206-207", "⑥")]


def test_bind_several_values(built):
    r = query(
        built,
        "concept-definition",
        "-b",
        "concept=fixed-capital",
        "-b",
        "concept=system-of-machinery",
        "-f",
        "tsv",
        "--max-width",
        "0",
    )
    assert r.exit_code == 0, r.output
    concepts = {line.split("\t")[0] for line in r.output.splitlines()[1:]}
    assert concepts == {
        "<https://w3id.org/marxkg/concept/fixed-capital>",
        "<https://w3id.org/marxkg/concept/system-of-machinery>",
    }


def test_unbound_parameter(built):
    bound = query(built, "volume-citations", "-f", "csv").output.count("\n")
    unbound = query(built, "volume-citations", "-b", "volume=*", "-f", "csv").output.count("\n")
    assert unbound > bound


def test_inline_sparql_with_project_prefixes(built):
    r = query(built, "SELECT (COUNT(*) AS ?n) WHERE { ?f a mkg:Footnote }", "-f", "csv")
    assert r.exit_code == 0, r.output
    assert r.output.splitlines() == ["n", "58"]


def test_ask(built):
    r = query(built, "ASK { ?s a mkg:Footnote }")
    assert r.exit_code == 0 and r.output == "true\n"


def test_query_file_and_output(built, tmp_path):
    f = tmp_path / "q.rq"
    f.write_text(
        "SELECT ?l WHERE { ?n a mkg:Footnote ; mkg:label ?l ; mkg:noteGroup 2 } ORDER BY ?l",
        encoding="utf-8",
    )
    out = tmp_path / "res" / "labels.json"
    r = query(built, str(f), "--format", "json", "--output", str(out))
    assert r.exit_code == 0, r.output
    data = json.loads(out.read_text(encoding="utf-8"))
    assert [b["l"]["value"] for b in data["results"]["bindings"]] == ["①", "②", "③", "④"]


def test_show_query(built):
    r = query(built, "co-mentions", "--bind", "concept=system-of-machinery", "--show-query")
    assert r.exit_code == 0
    assert "VALUES ?concept { <https://w3id.org/marxkg/concept/system-of-machinery> }" in r.output


def test_tokens_are_loaded_for_queries_that_need_them(built):
    r = query(built, "frequent-words", "-f", "csv")
    assert r.exit_code == 0, r.output
    assert len(r.output.splitlines()) == 51
    r = query(built, "SELECT (COUNT(*) AS ?n) WHERE { ?w a nif:Word }", "-f", "csv")
    assert r.output.splitlines()[1] == "0"
    r = query(built, "SELECT (COUNT(*) AS ?n) WHERE { ?w a nif:Word }", "-f", "csv", "--tokens")
    assert int(r.output.splitlines()[1]) > 5000


@pytest.mark.parametrize(
    "args,message",
    [
        (["volume-cites"], "unknown query 'volume-cites'. Did you mean: volume-citations"),
        (["SELECT * WHERE { ?s ?p }"], "SPARQL syntax error"),
        (["nothing.rq"], "no such query file"),
        (["marx-pages", "--format", "yaml"], "unknown format"),
        (["concept-sentences", "--bind", "concept=has space"], "unknown concept 'has space'"),
        (["dimension-concepts", "--bind", "dimension=has space"], "not a valid absolute IRI"),
        (["concept-sentences", "--bind", "nope=1"], "?nope: not a variable of the query"),
        (["concept-sentences", "--bind", "concept"], "want VAR=VALUE"),
        (["SELECT * WHERE { SERVICE <http://example.org/> { ?s ?p ?o } }"], "SERVICE"),
        (["DELETE WHERE { ?s ?p ?o }"], "updates are not allowed"),
        (["CONSTRUCT WHERE { ?s ?p ?o }"], "use SELECT or ASK"),
        ([], "give a query name"),
    ],
)
def test_errors(built, args, message):
    r = query(built, *args)
    assert r.exit_code == 1
    assert message in r.output


def test_missing_build(tmp_path):
    r = runner.invoke(app, ["query", "marx-pages", "--out", str(tmp_path)])
    assert r.exit_code == 1
    assert "not built yet (run `marxkg build`" in r.output


@pytest.mark.parametrize("command", ["query", "trace"])
def test_help_has_an_example(command):
    r = runner.invoke(app, [command, "--help"])
    assert r.exit_code == 0 and "Example" in r.output


# --- the command line as a whole ---------------------------------------------------------


def test_version():
    from marxkg import __version__

    r = runner.invoke(app, ["--version"])
    assert r.exit_code == 0 and r.output == f"marxkg {__version__}\n"


@pytest.mark.parametrize("command", ["build", "serve", "query", "analyze"])
def test_flags_are_shown_as_flags(command):
    """A boolean flag takes no value: its help must not advertise one (`--force <bool>`)."""
    out = runner.invoke(app, [command, "--help"], env={"COLUMNS": "200"}).output
    assert "<bool>" not in out and "BOOLEAN" not in out
    if command == "build":
        assert "--force " in out


def test_force_is_a_plain_flag(tmp_path):
    r = runner.invoke(app, ["build", "--force", "true", "--out", str(tmp_path)])
    assert r.exit_code != 0  # "true" is an unexpected extra argument, as documented
