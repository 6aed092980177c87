"""``--base``: one base of the data IRIs for build, query and serve (marxkg.vocab)."""

from __future__ import annotations

import pytest
from typer.testing import CliRunner

from marxkg import vocab
from marxkg.cli import app
from marxkg.query.sparql import rebase_query
from tests import ONTOLOGY, ROOT

OTHER = "http://example.org/kg/"
runner = CliRunner()


@pytest.mark.parametrize(
    "query, expected",
    [
        # data IRIs move, the vocabulary stays
        (
            "SELECT * { <https://w3id.org/marxkg/concept/a> a mkg:X }",
            f"SELECT * {{ <{OTHER}concept/a> a mkg:X }}",
        ),
        (
            "PREFIX mkg: <https://w3id.org/marxkg/ontology#>\nASK { ?s a mkg:Section }",
            "PREFIX mkg: <https://w3id.org/marxkg/ontology#>\nASK { ?s a mkg:Section }",
        ),
        # comments and strings are not IRIs
        (
            '# <https://w3id.org/marxkg/x>\nSELECT * { ?s ?p "https://w3id.org/marxkg/y" }',
            '# <https://w3id.org/marxkg/x>\nSELECT * { ?s ?p "https://w3id.org/marxkg/y" }',
        ),
        (
            "SELECT * { VALUES ?c { <https://w3id.org/marxkg/doc/d#char=1,2> } }",
            f"SELECT * {{ VALUES ?c {{ <{OTHER}doc/d#char=1,2> }} }}",
        ),
    ],
)
def test_rebase_query(query, expected):
    assert rebase_query(query, OTHER) == expected
    assert rebase_query(query, vocab.DEFAULT_BASE) == query


@pytest.mark.parametrize(
    "iri, expected",
    [
        ("https://w3id.org/marxkg/concept/fixed-capital", f"{OTHER}concept/fixed-capital"),
        ("https://w3id.org/marxkg/ontology#Section", "https://w3id.org/marxkg/ontology#Section"),
        ("http://purl.org/spar/cito/Citation", "http://purl.org/spar/cito/Citation"),
    ],
)
def test_rebase_iri(iri, expected):
    assert vocab.rebase(iri, OTHER) == expected


def test_data_prefixes_follow_the_base():
    table = vocab.prefixes(OTHER)
    assert table["concept"] == OTHER + "concept/"
    assert table["mkg"] == vocab.MKG == vocab.DEFAULT_BASE + "ontology#"
    assert vocab.Iris(OTHER).concept("x") == OTHER + "concept/x"


def test_serve_passes_the_base(monkeypatch, tmp_path):
    seen = {}

    def fake_serve(config, announce=None):
        seen["base"] = config.base
        return 0

    monkeypatch.setattr("marxkg.serve.serve", fake_serve)
    r = runner.invoke(app, ["serve", "--out", str(tmp_path), "--base", OTHER])
    assert r.exit_code == 0, r.output
    assert seen == {"base": OTHER}


@pytest.mark.slow
def test_query_on_a_rebased_build(tmp_path):
    """A build under another base answers a named query only when given the same base;
    without it, the concept parameter is refused with the namespace it was looked up in."""
    out = tmp_path / "build"
    r = runner.invoke(
        app,
        [
            "build",
            "--corpus",
            str(ROOT / "corpus"),
            "--ontology",
            str(ONTOLOGY),
            "--out",
            str(out),
            "--base",
            OTHER,
            "--quiet",
        ],
    )
    assert r.exit_code == 0, r.output
    assert OTHER + "concept/fixed-capital" in (out / "graph.ttl").read_text(encoding="utf-8")
    args = [
        "query",
        "concept-sentences",
        "--bind",
        "concept=fixed-capital",
        "-f",
        "csv",
        "--out",
        str(out),
    ]
    rebased = runner.invoke(app, [*args, "--base", OTHER])
    default = runner.invoke(app, args)
    assert rebased.exit_code == 0, rebased.output
    assert len(rebased.output.splitlines()) > 1
    assert default.exit_code == 1
    assert "is not a concept of https://w3id.org/marxkg/concept/" in default.output
