"""Canonical Turtle of the ontology files, and three independent Turtle parsers agreeing.

Every data file in ontology/ must be byte-identical to its canonical form (rewrite with
``marxkg ontology fmt``) and mean the same graph; every file
(shapes.ttl included) must give the same number of triples in rdflib, pyoxigraph and
Debian's raptor2 ``rapper``.
"""

from __future__ import annotations

import io
import os
import re
import shutil
import subprocess
import sys

import pytest
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.compare import graph_diff, isomorphic, to_isomorphic
from typer.testing import CliRunner

from marxkg.cli import app
from marxkg.ontology.canonical import (
    CanonicalFormError,
    canonical_turtle,
    data_files,
    header_comment,
    parse_file,
)
from tests import ONTOLOGY, ROOT

DATA_FILES = data_files(ONTOLOGY)
ALL_FILES = sorted(ONTOLOGY.glob("*.ttl"))


def _diff(a: Graph, b: Graph) -> str:
    _, only_a, only_b = graph_diff(to_isomorphic(a), to_isomorphic(b))
    return f"only before: {sorted(only_a)[:5]}\nonly after: {sorted(only_b)[:5]}"


def test_the_ontology_has_its_data_files():
    names = {p.name for p in DATA_FILES}
    assert {
        "marxkg.ttl",
        "concepts-marx.ttl",
        "concepts-ai-era.ttl",
        "concepts-socialist-application.ttl",
        "correspondences.ttl",
        "marx-works.ttl",
    } <= names
    assert "shapes.ttl" not in names


@pytest.mark.parametrize("path", DATA_FILES, ids=lambda p: p.name)
def test_data_file_is_canonical(path):
    text = path.read_text(encoding="utf-8")
    assert text == canonical_turtle(path), (
        f"{path.name} is not in canonical form: run marxkg ontology fmt"
    )


@pytest.mark.parametrize("path", DATA_FILES, ids=lambda p: p.name)
def test_canonical_form_means_the_same_graph(path):
    before = parse_file(path)
    after = Graph().parse(data=canonical_turtle(path), format="turtle")
    assert isomorphic(before, after), _diff(before, after)


@pytest.mark.parametrize("path", DATA_FILES, ids=lambda p: p.name)
def test_canonical_form_keeps_language_tags_as_written(path):
    text = canonical_turtle(path)
    assert "@zh-hans" not in text
    if "@zh-Hans" in path.read_text(encoding="utf-8"):
        assert "@zh-Hans" in text


# A small graph written in a scrambled order, with a header comment after the prefixes.
SCRAMBLED = """@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix concept: <https://w3id.org/marxkg/concept/> .
@prefix ex: <http://example.org/ns/> .

# A header comment (after the prefixes).
# Second line.

concept:b skos:related concept:a ; skos:prefLabel "乙"@zh-Hans, "b"@en ; a skos:Concept .
# a comment that is dropped
concept:a a ex:Thing, skos:Concept ; skos:prefLabel "a"@en ;
    ex:count "3"^^<http://www.w3.org/2001/XMLSchema#integer> ; ex:note "say \\"hi\\"\\nthere" ;
    ex:when "2009"^^<http://www.w3.org/2001/XMLSchema#gYear> ;
    ex:page <https://w3id.org/marxkg/edition/marx-engels-wenji-2009/vol/5/p/444> .
"""

EXPECTED = """# A header comment (after the prefixes).
# Second line.

@prefix concept: <https://w3id.org/marxkg/concept/> .
@prefix ex: <http://example.org/ns/> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .

concept:a a ex:Thing, skos:Concept ;
    ex:count 3 ;
    ex:note "say \\"hi\\"\\nthere" ;
    ex:page <https://w3id.org/marxkg/edition/marx-engels-wenji-2009/vol/5/p/444> ;
    ex:when "2009"^^xsd:gYear ;
    skos:prefLabel "a"@en .

concept:b a skos:Concept ;
    skos:prefLabel
        "b"@en ,
        "乙"@zh-Hans ;
    skos:related concept:a .
"""


def test_canonical_turtle_of_a_scrambled_file(tmp_path):
    path = tmp_path / "small.ttl"
    path.write_text(SCRAMBLED, encoding="utf-8")
    assert canonical_turtle(path) == EXPECTED


def test_canonical_form_is_a_fixed_point(tmp_path):
    path = tmp_path / "small.ttl"
    path.write_text(EXPECTED, encoding="utf-8")
    assert canonical_turtle(path) == EXPECTED


def test_canonical_turtle_of_a_graph_has_no_header():
    g = Graph().parse(data=SCRAMBLED, format="turtle")
    assert canonical_turtle(g) == EXPECTED.split("\n\n", 1)[1]


def test_blank_nodes_are_refused():
    g = Graph()
    g.add((URIRef("https://w3id.org/marxkg/concept/a"), URIRef("http://example.org/p"), BNode()))
    with pytest.raises(CanonicalFormError, match="blank node"):
        canonical_turtle(g)


@pytest.mark.parametrize(
    "text, expected",
    [
        ("# one\n# two\n\n@prefix a: <x:> .\n", ["# one", "# two"]),
        ("@prefix a: <x:> .\n\n# after prefixes\na:b a:c a:d .\n# later\n", ["# after prefixes"]),
        ("a:b a:c a:d .\n# later\n", []),
        ("", []),
    ],
    ids=["top", "after-prefixes", "after-a-statement", "empty"],
)
def test_header_comment(text, expected):
    assert header_comment(text) == expected


def test_literal_with_unusual_characters_round_trips():
    g = Graph()
    s = URIRef("https://w3id.org/marxkg/concept/x")
    for text in ['quote " and backslash \\', "tab\tand\r\nnewline", "“全角”——引号"]:
        g.add((s, URIRef("http://www.w3.org/2004/02/skos/core#note"), Literal(text, lang="en")))
    again = Graph().parse(data=canonical_turtle(g), format="turtle")
    assert isomorphic(g, again)


def test_separate_processes_write_the_same_bytes(tmp_path):
    """Determinism across interpreter runs (different hash seeds)."""
    code = (
        "import sys, hashlib; from marxkg.ontology.canonical import canonical_turtle, data_files;"
        "print(hashlib.sha256(''.join(canonical_turtle(p) for p in data_files(sys.argv[1]))"
        ".encode()).hexdigest())"
    )
    digests = set()
    for seed in ("1", "2"):
        env = {**os.environ, "PYTHONHASHSEED": seed}
        out = subprocess.run(
            [sys.executable, "-c", code, str(ONTOLOGY)],
            env=env,
            capture_output=True,
            text=True,
            check=True,
            cwd=ROOT,
        )
        digests.add(out.stdout.strip())
    assert len(digests) == 1


def test_cli_check_and_rewrite(tmp_path):
    (tmp_path / "a.ttl").write_text(SCRAMBLED, encoding="utf-8")
    (tmp_path / "shapes.ttl").write_text("# shapes are left alone\n[] a <x:y> .\n")
    r = CliRunner().invoke(app, ["ontology", "fmt", "--check", str(tmp_path)])
    assert r.exit_code == 1
    assert "not canonical" in r.output
    assert CliRunner().invoke(app, ["ontology", "fmt", str(tmp_path)]).exit_code == 0
    assert (tmp_path / "a.ttl").read_text(encoding="utf-8") == EXPECTED
    assert (tmp_path / "shapes.ttl").read_text() == "# shapes are left alone\n[] a <x:y> .\n"
    assert CliRunner().invoke(app, ["ontology", "fmt", "--check", str(tmp_path)]).exit_code == 0


def test_cli_refuses_a_missing_directory(tmp_path):
    r = CliRunner().invoke(app, ["ontology", "fmt", "--check", str(tmp_path / "nope")])
    assert r.exit_code == 2
    assert "error:" in r.output and "not a directory" in r.output


def test_cli_check_on_the_shipped_ontology():
    out = subprocess.run(
        [sys.executable, "-m", "marxkg.cli", "ontology", "fmt", "--check", str(ONTOLOGY)],
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=False,
    )
    assert out.returncode == 0, out.stdout + out.stderr


# ---------------------------------------------------------------- independent parsers


def _rdflib_count(path) -> int:
    return len(Graph().parse(path, format="turtle"))


def _oxigraph_count(path) -> int:
    import pyoxigraph as ox

    return len(set(ox.parse(io.BytesIO(path.read_bytes()), format=ox.RdfFormat.TURTLE)))


def _rapper():
    exe = shutil.which("rapper")
    if exe is None:
        if os.environ.get("CI"):
            pytest.fail(
                "rapper (Debian raptor2-utils) is required in CI: apt-get install -y raptor2-utils"
            )
        pytest.skip("rapper not installed (apt-get install -y raptor2-utils)")
    return exe


@pytest.mark.parametrize("path", ALL_FILES, ids=lambda p: p.name)
def test_pyoxigraph_parses_the_same_triples(path):
    assert _oxigraph_count(path) == _rdflib_count(path)


@pytest.mark.parametrize("path", ALL_FILES, ids=lambda p: p.name)
def test_rapper_parses_the_same_triples(path):
    exe = _rapper()
    out = subprocess.run(
        [exe, "-i", "turtle", "-c", str(path)],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert out.returncode == 0, out.stderr
    assert "Error" not in out.stderr and "Warning" not in out.stderr, out.stderr
    m = re.search(r"returned (\d+) triples", out.stderr)
    assert m, out.stderr
    assert int(m.group(1)) == _rdflib_count(path) == _oxigraph_count(path)
