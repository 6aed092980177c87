"""Per-document correctness on a corpus of two different papers: the shipped paper and a
copy under a new id without footnote ④ of the section 一.1 block (p. 488) and its marker
(`tests.corpora.paper_corpus`). Each query result that comes from several papers names
its document, and ``--doc`` narrows it to one."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from marxkg.cli import app
from tests import ONTOLOGY, PAPER_ID
from tests.corpora import paper_corpus
from tests.test_query_named import SECTIONS

SHORT = "xu-copy-short"
DOC = "https://w3id.org/marxkg/doc/"
runner = CliRunner()

# The paper's gold (tests/test_query_named.py::SECTIONS); the copy lacks one Marx citation
# (p. 488, one footnote) in section 一.1, hence in part 一 too.
PAPER_SECTIONS = SECTIONS
SHORT_SECTIONS = [
    (s, c - 1, m - 1, f - 1) if s in ("1", "1.1") else (s, c, m, f) for s, c, m, f in PAPER_SECTIONS
]


@pytest.fixture(scope="module")
def two_papers(tmp_path_factory):
    from marxkg.build import build

    root = tmp_path_factory.mktemp("two-papers")
    corpus = paper_corpus(root / "corpus", copies=(SHORT,))
    result = build(corpus, ONTOLOGY, root / "out")
    assert not result.failed
    return root / "out"


def query(out, *args):
    result = runner.invoke(app, ["query", *args, "--out", str(out), "--format", "json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    return [{k: v["value"] for k, v in b.items()} for b in data["results"]["bindings"]]


def test_report_counts_each_document(two_papers):
    report = json.loads((two_papers / "report.json").read_text(encoding="utf-8"))
    counts = {d["doc_id"]: d["counts"] for d in report["documents"]}
    assert counts[PAPER_ID]["footnotes"] == 58 and counts[SHORT]["footnotes"] == 57
    assert counts[PAPER_ID]["citations"] == 61 and counts[SHORT]["citations"] == 60


def test_citations_per_section_counts_each_document_own_citations(two_papers):
    rows = query(two_papers, "citations-per-section")
    got: dict[str, list] = {}
    for r in rows:
        got.setdefault(r["doc"], []).append(
            (r["section"], int(r["citations"]), int(r["marx"]), int(r["footnotes"]))
        )
    assert got == {DOC + PAPER_ID: PAPER_SECTIONS, DOC + SHORT: SHORT_SECTIONS}
    # the document's title cut to 12 characters: metadata.yaml's title wins over the one
    # printed in the source (the copy's metadata calls it 短副本)
    titles = {r["doc"]: r["docTitle"] for r in rows}
    assert titles == {DOC + PAPER_ID: "马克思机器体系理论视域…", DOC + SHORT: "短副本"}


@pytest.mark.parametrize("doc, sections", [(PAPER_ID, PAPER_SECTIONS), (SHORT, SHORT_SECTIONS)])
def test_citations_per_section_for_one_document(two_papers, doc, sections):
    rows = query(two_papers, "citations-per-section", "--doc", doc)
    assert {r["doc"] for r in rows} == {DOC + doc}
    assert [
        (r["section"], int(r["citations"]), int(r["marx"]), int(r["footnotes"])) for r in rows
    ] == sections


def test_marx_pages_name_the_citing_document(two_papers):
    rows = query(two_papers, "marx-pages")
    p488 = [(r["doc"], int(r["citations"])) for r in rows if r["page"] == "488"]
    assert p488 == [(DOC + PAPER_ID, 1)]
    p487 = sorted((r["doc"], int(r["citations"])) for r in rows if r["page"] == "487")
    assert p487 == sorted([(DOC + PAPER_ID, 1), (DOC + SHORT, 1)])


@pytest.mark.parametrize("doc, marx", [(PAPER_ID, 23), (SHORT, 22), (None, 23)])
def test_footnotes_by_kind_filtered_by_document(two_papers, doc, marx):
    rows = query(two_papers, "footnotes-by-kind", *(["--doc", doc] if doc else []))
    got = {r["kind"]: int(r["footnotes"]) for r in rows}
    # without a filter the two papers' footnotes are distinct footnotes: 23 + 22
    assert got["marx"] == (marx if doc else 23 + 22)


def test_volume_citations_rows_carry_the_document(two_papers):
    rows = query(two_papers, "volume-citations")
    docs = {(r["page"], r["doc"]) for r in rows}
    assert ("488", DOC + PAPER_ID) in docs and ("488", DOC + SHORT) not in docs
    assert ("487", DOC + SHORT) in docs


def test_a_removed_document_leaves_no_trace_in_queries(two_papers, tmp_path):
    import shutil

    from marxkg.build import build

    corpus = paper_corpus(tmp_path / "corpus", copies=(SHORT,))
    out = tmp_path / "out"
    shutil.copytree(two_papers, out)
    shutil.rmtree(corpus / SHORT)
    result = build(corpus, ONTOLOGY, out)
    assert result.reused == [PAPER_ID] and any(r.startswith(SHORT + "/") for r in result.removed)
    rows = query(out, "citations-per-section")
    assert {r["doc"] for r in rows} == {DOC + PAPER_ID}
    words = query(out, "frequent-words")
    counts = {r["word"]: int(r["count"]) for r in words}
    again = query(two_papers, "frequent-words", "--doc", PAPER_ID)
    assert counts == {r["word"]: int(r["count"]) for r in again}


def test_concept_sentences_per_document_in_reading_order(two_papers):
    # The copy has the paper's text (one footnote fewer), so each document has the same
    # sentences naming 固定资本, with the same sections and counts; the rows come document
    # by document (ordered by IRI: …/doc/xu-copy-short before …/doc/xu-jingyi-…), each in
    # reading order.
    rows = query(two_papers, "concept-sentences")
    docs = [r["doc"] for r in rows]
    assert docs == sorted(docs) and docs[0] == DOC + SHORT and docs[-1] == DOC + PAPER_ID
    per_doc: dict[str, list] = {}
    for r in rows:
        per_doc.setdefault(r["doc"], []).append(r)
    for doc_rows in per_doc.values():
        begins = [int(r["begin"]) for r in doc_rows]
        assert begins == sorted(begins)

    def content(doc):
        return [(r["zh"], r.get("section"), r["mentions"]) for r in per_doc[DOC + doc]]

    assert content(SHORT) == content(PAPER_ID) and len(content(PAPER_ID)) > 20
    assert rows == query(two_papers, "concept-sentences", "--doc", SHORT) + query(
        two_papers, "concept-sentences", "--doc", PAPER_ID
    )


@pytest.mark.parametrize("concept", ["fixed-capital", "system-of-machinery"])
def test_co_mentions_count_the_sentences_of_both_documents(two_papers, concept):
    # the two documents have the same sentences: every count is twice one paper's
    one = query(two_papers, "co-mentions", "--bind", f"concept={concept}", "--doc", PAPER_ID)
    both = query(two_papers, "co-mentions", "--bind", f"concept={concept}")
    assert {r["other"]: 2 * int(r["sentences"]) for r in one} == {
        r["other"]: int(r["sentences"]) for r in both
    }
    assert {r["other"]: r.get("otherLabel") for r in one} == {
        r["other"]: r.get("otherLabel") for r in both
    }
    assert all(r.get("otherLabel") for r in both)  # every concept has a Chinese label


# --- marxkg trace --doc ----------------------------------------------------------------
# Read off corpus/xu-jingyi-machinery-ai/source.md: 文集8:196 is cited by footnote ④ of
# block 4 (line 97) and ③ of block 5 (line 121), in both papers; 文集5:488 only by the
# paper's footnote ④ of block 1 (line 47), the one the short copy lacks.


def trace(out, *args):
    return runner.invoke(app, ["trace", *args, "--out", str(out)])


def test_trace_names_and_filters_the_citing_documents(two_papers):
    from marxkg.query import LocalEngine
    from marxkg.query.trace import trace_pages

    engine = LocalEngine.from_build(two_papers)
    (every,) = trace_pages(engine, "文集8:196").passages
    assert sorted(c.doc_id for c in every.citations) == sorted([PAPER_ID, SHORT] * 2)
    (short,) = trace_pages(engine, "文集8:196", [SHORT]).passages
    assert [(c.doc_id, c.footnote.label, c.footnote.group) for c in short.citations] == [
        (SHORT, "④", 4),
        (SHORT, "③", 5),
    ]
    result = trace(two_papers, "文集8:196", "--doc", SHORT)
    assert result.exit_code == 0, result.output
    assert result.output.startswith(
        f"《马克思恩格斯文集》第8卷第196页 (文集8:196): 2 citation(s) in document(s) {SHORT}\n"
    )


def test_trace_of_a_page_one_document_does_not_cite(two_papers):
    result = trace(two_papers, "文集5:488", "--doc", SHORT)
    assert result.exit_code == 0, result.output
    assert result.output.startswith(
        f"no citation of 《马克思恩格斯文集》第5卷第488页 (文集5:488) in document(s) {SHORT}\n"
    )
    data = json.loads(trace(two_papers, "文集5:488", "--doc", PAPER_ID, "-f", "json").output)
    assert data["docs"] == [PAPER_ID] and data["found"]
    (passage,) = data["passages"]
    assert [(c["doc_id"], c["footnote"]["label"]) for c in passage["citations"]] == [
        (PAPER_ID, "④")
    ]


def test_trace_of_a_concept_in_one_document(two_papers):
    data = json.loads(
        trace(two_papers, "--concept", "fixed-capital", "--doc", SHORT, "-f", "json").output
    )
    # the pages cited for 固定资本 (tests/test_trace.py): none is the dropped p. 488
    assert [p["passage"]["iri"].split("/edition/")[1] for p in data["passages"]] == [
        "marx-engels-quanji-2/vol/31/p/82",
        "marx-engels-wenji-2009/vol/8/p/186",
        "marx-engels-wenji-2009/vol/8/p/187",
    ]
    docs = {c["doc_id"] for p in data["passages"] for c in p["citations"]}
    assert docs == {SHORT}


def test_trace_of_an_unknown_document_is_an_error(two_papers):
    result = trace(two_papers, "文集8:196", "--doc", "no-such-paper")
    assert result.exit_code == 1
    assert "unknown document(s): no-such-paper; the corpus holds 2 document(s)" in result.output


# --- marxkg analyze --doc ------------------------------------------------------------------
# The sentence citing p. 488 (footnote ④ of block 1, line 39 of the source: "“工人在技术上
# 服从劳动资料的划一运动”^④") mentions 劳动资料 (means of labour): the paper's citation
# graph links them, the short copy (without that footnote) has no p. 488.

P488 = "https://w3id.org/marxkg/edition/marx-engels-wenji-2009/vol/5/p/488"
CONCEPT = "https://w3id.org/marxkg/concept/"


def test_analyze_one_document_and_both(two_papers):
    import networkx as nx

    from marxkg.analytics.store import load_store
    from marxkg.analytics.summary import analyze_store

    store = load_store(two_papers)
    paper = analyze_store(store, docs=[PAPER_ID])
    short = analyze_store(store, docs=[SHORT])
    assert paper.graphs["citation"].has_edge(CONCEPT + "means-of-labour", P488)
    assert P488 not in short.graphs["citation"]
    whole, both = analyze_store(store), analyze_store(store, docs=[SHORT, PAPER_ID])
    assert both.docs == sorted([SHORT, PAPER_ID]) and whole.docs == []
    for name, g in whole.graphs.items():  # the two documents are the whole corpus
        assert nx.utils.graphs_equal(g, both.graphs[name]), name
    for iri, data in whole.graphs["comention"].nodes(data=True):  # mentions add up
        mine = [a.graphs["comention"].nodes[iri]["mentions"] for a in (paper, short)]
        assert sum(mine) == data["mentions"] > 0, iri


def test_cli_analyze_of_a_document(two_papers, tmp_path):
    out = tmp_path / "out"
    import shutil

    shutil.copytree(two_papers, out)
    result = runner.invoke(app, ["analyze", "--out", str(out), "--doc", SHORT, "--top", "2"])
    assert result.exit_code == 0, result.output
    assert result.output.startswith(f"== Documents: {SHORT} (not the whole corpus)\n")
    assert (out / "analytics" / SHORT / "citation.graphml").is_file()
    assert not (out / "analytics" / "citation.graphml").exists()
    bad = runner.invoke(app, ["analyze", "--out", str(out), "--doc", "no-such-paper"])
    assert bad.exit_code == 1
    assert "unknown document(s): no-such-paper; the corpus holds 2 document(s)" in bad.output


# --- the corpus's word counts (mkg:CorpusWordCount) -------------------------------------
# 传感器 ("sensor") is printed twice in the paper's body (its sections on the AI industry's
# base layer: "涵盖芯片、传感器、云计算平台" and "基础层包括智能芯片、传感器、云计算"), each
# time between enumeration commas, and in none of its footnotes; the copy has the same
# body. So the corpus counts 4 tokens in 2 documents, each paper 2.
SENSOR = (
    'SELECT ?n ?d WHERE { ?wc a mkg:CorpusWordCount ; mkg:word "传感器" ; mkg:posTag "n" ;'
    " mkg:tokenCount ?n ; mkg:documentCount ?d }"
)


def test_the_corpus_counts_a_word_as_read_off_the_source(two_papers):
    assert query(two_papers, SENSOR) == [{"n": "4", "d": "2"}]
    paper = query(two_papers, "frequent-words", "--doc", PAPER_ID, "--bind", "pos=n")
    assert len(paper) == 50 and all(r["documents"] == "1" for r in paper)
    one_doc = (
        "SELECT ?n WHERE { GRAPH ?g { ?wc mkg:countedIn doc:xu-copy-short ;"
        ' mkg:word "传感器" ; mkg:posTag "n" ; mkg:tokenCount ?n } }'
    )
    assert query(two_papers, one_doc) == [{"n": "2"}]


#: The corpus's frequencies as the documents' counts added at query time (the query
#: before the build made the corpus's counts): an independent formulation to compare with
ADDED_UP = """
SELECT ?word ?pos (SUM(?n) AS ?count) (COUNT(?wc) AS ?documents) WHERE {
  GRAPH ?g { ?wc a mkg:WordCount ; mkg:posTag ?pos ; mkg:word ?word ; mkg:tokenCount ?n }
  FILTER(?pos = "v")
}
GROUP BY ?word ?pos
ORDER BY DESC(?count) ?word ?pos
LIMIT 50
"""


def test_frequent_words_of_the_corpus_are_the_documents_counts_added(two_papers):
    got = query(two_papers, "frequent-words", "--bind", "pos=v")
    assert len(got) == 50 and got == query(two_papers, ADDED_UP)
    # both documents have the same body: every count is even, in 2 documents
    assert all(int(r["count"]) % 2 == 0 and r["documents"] == "2" for r in got)
