"""The claims layer in the build: document.json, report.json, the graph, claims.html, the
`marxkg claims` command, and cross-document links between two documents (the shipped
paper and a perturbed copy that quotes one figure differently)."""

from __future__ import annotations

import csv
import io
import json
import re
import shutil

import pytest
from typer.testing import CliRunner

from marxkg.cli import app
from tests import PAPER, PAPER_ID, ROOT

MKG = "https://w3id.org/marxkg/ontology#"


def test_document_json_has_the_claims(built):
    data = json.loads((built.out / PAPER_ID / "document.json").read_text(encoding="utf-8"))
    claims = data["claims"]
    assert len(claims) == 81
    first = claims[0]
    assert (first["printed"], first["value"], first["unit"]) == ("50 万个", "500000", "count")
    assert first["source"]["footnote"] == 26
    assert data["text"][first["start"] : first["end"]] == first["printed"]


def test_report_lists_unsourced_claims(built):
    report = json.loads((built.out / "report.json").read_text(encoding="utf-8"))
    entry = report["documents"][0]["claims"]
    assert entry["claims"] == 81
    assert [(u["printed"], u["sentence"]) for u in entry["unsourced"]] == [
        ("90%", 148),
        ("14亿", 163),
    ]
    assert entry["by_unit"] == {
        "USD": 22,
        "count": 21,
        "percent": 26,
        "percentage-point": 8,
        "ratio": 4,
    }
    assert entry["by_resolution"]["later-marker"] == 13
    assert report["documents"][0]["unresolved"] == []


def test_graph_claims(query_engine):
    q = """PREFIX mkg: <https://w3id.org/marxkg/ontology#>
    PREFIX schema: <https://schema.org/>
    SELECT (COUNT(?c) AS ?n) (COUNT(?f) AS ?figures) WHERE {
      ?c a mkg:QuantitativeClaim , schema:QuantitativeValue .
      OPTIONAL { ?c mkg:statesFigure ?f } }"""
    (row,) = query_engine.select(q).records()
    assert (int(row["n"]), int(row["figures"])) == (81, 79)


def test_claims_page(built):
    text = (built.out / "claims.html").read_text(encoding="utf-8")
    rows = re.findall(r'<tr id="claim-[^"]+">.*?</tr>', text, re.DOTALL)
    assert len(rows) == 81
    sections = re.findall(r'<section class="group( unsourced)?" id="([^"]+)">', text)
    assert sections[-1] == (" unsourced", "unsourced")
    unsourced = text[text.index('id="unsourced"') :]
    assert unsourced.count('<tr id="claim-') == 2
    assert "90%" in unsourced and "14亿" in unsourced
    assert 'http-equiv="Content-Security-Policy"' in text
    # claims.html is in every page's navigation
    for rel in ("citations.html", "concept-map.html", f"{PAPER_ID}/reader.html"):
        assert "claims.html" in (built.out / rel).read_text(encoding="utf-8"), rel


@pytest.mark.parametrize("fmt", ["csv", "json", "table"])
def test_claims_command(built, fmt):
    result = CliRunner().invoke(
        app, ["claims", "--doc", PAPER_ID, "--format", fmt, "--out", str(built.out)]
    )
    assert result.exit_code == 0, result.output
    if fmt == "csv":
        rows = list(csv.DictReader(io.StringIO(result.output)))
        assert len(rows) == 81
        rng = next(r for r in rows if r["printed"] == "6.155万美元—14.091万美元")
        assert (rng["value"], rng["footnote"], rng["resolution"]) == (
            "61550..140910",
            "49",
            "same-sentence",
        )
        assert sum(r["resolution"] == "unsourced" for r in rows) == 2
    elif fmt == "json":
        assert len(json.loads(result.output)) == 81
    else:
        assert result.output.rstrip().endswith("(81 claims, 2 unsourced)")


@pytest.mark.parametrize(
    "args,message",
    [
        (["--doc", "no-such-doc"], "no document 'no-such-doc'"),
        (["--doc", PAPER_ID, "--format", "xml"], "unknown format 'xml'"),
    ],
)
def test_claims_command_errors(built, args, message):
    result = CliRunner().invoke(app, ["claims", *args, "--out", str(built.out)])
    assert result.exit_code == 1
    assert f"error: {message}" in result.output
    assert "Traceback" not in result.output


# --- cross-document: the same figure from the same source in two documents ----------------
PERTURBED = "xu-jingyi-perturbed"
CHANGED = ("谷歌宣布裁员 1.2 万人", "谷歌宣布裁员 1.3 万人")  # one figure quoted differently


@pytest.fixture(scope="module")
def two_docs(tmp_path_factory):
    from marxkg.build import build

    corpus = tmp_path_factory.mktemp("corpus2")
    shutil.copytree(PAPER.parent, corpus / PAPER_ID)
    (corpus / PERTURBED).mkdir()
    source = PAPER.read_text(encoding="utf-8")
    assert source.count(CHANGED[0]) == 1
    (corpus / PERTURBED / "source.md").write_text(source.replace(*CHANGED), encoding="utf-8")
    out = tmp_path_factory.mktemp("build2")
    build(corpus, ROOT / "ontology", out, force=True)
    from marxkg.validate import load_built_graph

    return out, load_built_graph(out, with_tokens=False)


def test_same_figure_linked_across_documents(two_docs):
    from rdflib import URIRef

    _, g = two_docs
    same = URIRef(MKG + "sameFigureAs")
    printed = URIRef(MKG + "printedValue")
    links = {(str(a), str(b)) for a, b in g.subject_objects(same)}
    docs_of = {
        (a.split("/doc/")[1].split("/")[0], b.split("/doc/")[1].split("/")[0]) for a, b in links
    }
    assert docs_of == {(PAPER_ID, PERTURBED), (PERTURBED, PAPER_ID)}
    # 79 sourced claims; all but the changed one are linked, in both directions
    assert len(links) == 2 * 78
    linked_printed = {str(g.value(URIRef(a), printed)) for a, _ in links}
    assert "1.1 万人" in linked_printed
    assert "1.2 万人" not in linked_printed and "1.3 万人" not in linked_printed
    assert "90%" not in linked_printed  # unsourced: no source to share


def test_same_figure_shares_one_figure_iri(two_docs):
    from rdflib import URIRef

    _, g = two_docs
    states = URIRef(MKG + "statesFigure")
    figures: dict[str, set[str]] = {}
    for claim, fig in g.subject_objects(states):
        doc = str(claim).split("/doc/")[1].split("/")[0]
        figures.setdefault(str(fig), set()).add(doc)
    shared = [f for f, docs in figures.items() if len(docs) == 2]
    assert len(shared) == 78
    assert sum(len(d) == 1 for d in figures.values()) == 2  # 1.2 万 and 1.3 万 (qq news)


# --- SHACL: the claim shape accepts a well-formed claim and rejects broken ones -----------
CLAIM_TTL = """
@prefix mkg: <https://w3id.org/marxkg/ontology#> .
@prefix nif: <http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#> .
@prefix cito: <http://purl.org/spar/cito/> .
@prefix dcterms: <http://purl.org/dc/terms/> .
@prefix schema: <https://schema.org/> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
<https://w3id.org/marxkg/doc/d#char=0,9> a nif:Sentence .
<https://w3id.org/marxkg/doc/d/note/1/citation/1> a cito:Citation .
<https://w3id.org/marxkg/doc/d/claim/1> a mkg:QuantitativeClaim ;
  mkg:inSentence <https://w3id.org/marxkg/doc/d#char=0,9> ;
  mkg:figureSpan <https://w3id.org/marxkg/doc/d#char=2,5> ;
  mkg:printedValue "13%%"@zh-Hans ; mkg:unit "percent" ;
  schema:value "13"^^xsd:decimal ;
  mkg:sourceResolution "%(resolution)s" ;
  %(source)s .
"""
SOURCED = (
    "mkg:citation <https://w3id.org/marxkg/doc/d/note/1/citation/1> ; "
    "dcterms:source <https://w3id.org/marxkg/ref/r>"
)


@pytest.mark.parametrize(
    "resolution,source,edit,conforms",
    [
        ("same-sentence", SOURCED, None, True),
        ("unsourced", 'mkg:unit "percent"', None, True),
        ("same-sentence", 'mkg:unit "percent"', None, False),  # sourced but no citation
        ("somewhere", SOURCED, None, False),
        ("same-sentence", SOURCED, ('mkg:unit "percent"', 'mkg:unit "furlong"'), False),
        ("same-sentence", SOURCED, ('schema:value "13"^^xsd:decimal', 'schema:value "13"'), False),
        (
            "same-sentence",
            SOURCED,
            ("mkg:inSentence <https://w3id.org/marxkg/doc/d#char=0,9> ;", ""),
            False,
        ),
    ],
)
def test_claim_shape(ontology_shapes, resolution, source, edit, conforms):
    from pyshacl import validate
    from rdflib import Graph, URIRef
    from rdflib.namespace import SH

    text = CLAIM_TTL % {"resolution": resolution, "source": source}
    if edit:
        assert edit[0] in text
        text = text.replace(*edit)
    _, results, report = validate(
        Graph().parse(data=text, format="turtle"),
        shacl_graph=ontology_shapes,
        inference="none",
        advanced=True,
    )
    claim = URIRef("https://w3id.org/marxkg/doc/d/claim/1")
    # the mock sentence and citation are incomplete on purpose: only the claim is judged
    on_claim = set(results.subjects(SH.focusNode, claim))
    assert (not on_claim) is conforms, report


@pytest.fixture(scope="module")
def ontology_shapes():
    from marxkg.ontology import load_shapes
    from tests import ONTOLOGY

    return load_shapes(ONTOLOGY)


def test_same_figure_lines_are_the_graph_canonical_ntriples():
    """The build writes the links part a line at a time (100 copies of the paper give
    782,100 links, 550 MB in rdflib): the same bytes as the graph of the links made by
    `add_same_figure_links` and put in canonical form, on IRIs whose order depends on
    where one ends (``claim/1`` and ``claim/10``, documents ``a`` and ``a-b``), a figure
    stated in three documents, one in a single document (no link), and two claims of
    one document stating one figure."""
    from marxkg.graph import new_graph
    from marxkg.graph.claims import add_same_figure_links, iter_same_figure_ntriples
    from marxkg.graph.merge import canonical_ntriples

    doc = "https://w3id.org/marxkg/doc/"
    figures = [
        ("a", "f1", doc + "a/claim/1"),
        ("a", "f1", doc + "a/claim/10"),
        ("a-b", "f1", doc + "a-b/claim/2"),
        ("b", "f1", doc + "b/claim/7"),
        ("b", "f2", doc + "b/claim/8"),
        ("a", "f3", doc + "a/claim/3"),
        ("b", "f3", doc + "b/claim/30"),
    ]
    g = new_graph()
    add_same_figure_links(g, figures)
    lines = b"".join(iter_same_figure_ntriples(figures))
    assert lines == canonical_ntriples(g)
    # 4 claims of f1 in three documents, two of them in one: 4 × 3 - 2 same-document
    # pairs = 10 ordered links; f3 gives 2; f2 (one claim) none
    assert lines.count(b"\n") == 12 and b"b/claim/8>" not in lines
    assert b"".join(iter_same_figure_ntriples([])) == canonical_ntriples(new_graph()) == b""


def test_links_part_blocks_in_chunks_are_the_whole_part_blocks(tmp_path):
    """The links part is cut into blocks a chunk of subjects at a time: the same three
    block files as the whole part at once; a blank node is refused in that mode (its
    serialisation may depend on the subject referring to it)."""
    from marxkg.graph.blocks import BlockError, dumps_part_blocks, write_part_blocks
    from marxkg.graph.claims import iter_same_figure_ntriples

    doc = "https://w3id.org/marxkg/doc/"
    figures = [(f"d{k}", f"f{n}", f"{doc}d{k}/claim/{n}") for k in range(5) for n in range(4)]
    part = tmp_path / "links.nt"
    part.write_bytes(b"".join(iter_same_figure_ntriples(figures)))
    whole = dumps_part_blocks(part.read_bytes())
    write_part_blocks(part, chunk_lines=3)
    assert tuple(part.with_suffix(s).read_bytes() for s in (".idx", ".ttlb", ".jsonb")) == whole
    assert whole[0].count(b"\n") == 20  # a block per claim
    part.write_bytes(part.read_bytes() + b"_:b0 <urn:p> <urn:o> .\n")
    with pytest.raises(BlockError, match="blank node"):
        write_part_blocks(part, chunk_lines=3)
