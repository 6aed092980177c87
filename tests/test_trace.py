"""Citation tracing: page references, page -> citing places, concept -> Marx sources."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from marxkg.cli import app
from marxkg.query.trace import (
    PageRef,
    TraceError,
    find_concept,
    parse_page_ref,
    trace_concept,
    trace_pages,
)
from marxkg.query.trace_format import dumps_trace

runner = CliRunner()
BASE = "https://w3id.org/marxkg/"
WENJI = BASE + "edition/marx-engels-wenji-2009"
SENTENCE_487 = (
    "“科学、巨大的自然力、社会的群众性劳动都体现在机器体系中，"
    "并同机器体系一道构成‘主人’的权力”，"
    "机器体系不只是连接工人和劳动过程的生产工具，"
    "更是凝聚科学知识、自然力量和社会结合劳动力的综合力量，"
    "成为资本家巩固并扩张“主人”权力的物质技术载体。"
)


@pytest.mark.parametrize(
    "text,expected",
    [
        ("文集5:487", PageRef("文集", 5, ((487, 487),))),
        ("文集5：487", PageRef("文集", 5, ((487, 487),))),
        ("马克思恩格斯文集 第5卷 第487页", PageRef("文集", 5, ((487, 487),))),
        ("《马克思恩格斯文集》第5卷，第487页", PageRef("文集", 5, ((487, 487),))),
        ("全集31:82", PageRef("全集", 31, ((82, 82),))),
        ("马克思恩格斯全集 第31卷 第82页", PageRef("全集", 31, ((82, 82),))),
        # a volume in Chinese numerals, as notes print it (docs/citations.md)
        ("马克思恩格斯文集 第五卷 第487页", PageRef("文集", 5, ((487, 487),))),
        ("文集5:440-441", PageRef("文集", 5, ((440, 441),))),
        ("文集6:206—207", PageRef("文集", 6, ((206, 207),))),
        (
            "《马克思恩格斯文集》第5卷，北京：人民出版社，2009年，第444、453页。",
            PageRef("文集", 5, ((444, 444), (453, 453))),
        ),
    ],
)
def test_parse_page_ref(text, expected):
    assert parse_page_ref(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "文集5",
        "文集:487",
        "文集x:1",
        "资本论5:487",
        "文集5:441-440",
        "文集0:1",
        "文集5:0",
        "马克思恩格斯文集 第五卷",  # no page
        "",
        "5:487",
    ],
)
def test_malformed_references(text):
    with pytest.raises(TraceError):
        parse_page_ref(text)


def test_labels():
    ref = parse_page_ref("文集5:440-441")
    assert ref.short() == "文集5:440-441"
    assert ref.label() == "《马克思恩格斯文集》第5卷第440—441页"


def test_trace_487(query_engine):
    t = trace_pages(query_engine, "文集5:487")
    assert t.found
    (pt,) = t.passages
    assert pt.passage.iri == WENJI + "/vol/5/p/487"
    ident = pt.passage.identification
    assert ident.work == BASE + "work/capital-vol-1" and ident.confidence == "certain"
    assert "Chapter 13" in ident.location_en and "Section 4" in ident.location_en
    (c,) = pt.citations
    assert c.zh == SENTENCE_487
    assert c.quotation.startswith("科学、巨大的自然力、社会的群众性劳动都体现在机器体系中")
    assert (c.footnote.label, c.footnote.group, c.footnote.number) == ("②", 2, 5)
    assert c.footnote.text_zh == "《马克思恩格斯文集》第5卷，北京：人民出版社，2009年，第487页。"
    if c.footnote.text_en is not None:  # the footnote's English translation, where built
        assert c.footnote.text_en.endswith(
            "vol. 5 (Beijing: People's Publishing House, 2009), p. 487."
        )
    assert c.section == "1.1"
    assert c.characterization == "includesQuotationFrom"
    assert BASE + "concept/system-of-machinery" in [k.iri for k in c.concepts]


def test_long_and_short_forms_agree(query_engine):
    short = trace_pages(query_engine, "文集5:487")
    long = trace_pages(query_engine, "马克思恩格斯文集 第5卷 第487页")
    assert short.passages == long.passages


def test_range_finds_both_pages(query_engine):
    t = trace_pages(query_engine, "文集5:440-441")
    assert [p.passage.page for p in t.passages] == ["440", "441"]
    quotes = [p.citations[0].quotation for p in t.passages]
    assert quotes[0].startswith("一个工业部门生产方式的变革")
    assert quotes[1].startswith("必须用机器来生产机器")
    assert {p.citations[0].footnote.label for p in t.passages} == {"②"}


def test_a_page_inside_a_cited_range(query_engine):
    t = trace_pages(query_engine, "文集5:728")
    assert [p.passage.page for p in t.passages] == ["727-728"]
    assert t.passages[0].citations[0].quotation.startswith("工人人口本身在生产出资本积累的同时")


def test_quanji(query_engine):
    (pt,) = trace_pages(query_engine, "全集31:82").passages
    assert pt.passage.identification.work == BASE + "work/grundrisse"
    assert pt.passage.identification.confidence == "probable"
    assert pt.citations[0].footnote.label == "①" and pt.citations[0].footnote.group == 4


def test_a_page_cited_twice(query_engine):
    (pt,) = trace_pages(query_engine, "文集8:196").passages
    assert [(c.footnote.label, c.footnote.group) for c in pt.citations] == [("④", 4), ("③", 5)]


def test_unknown_page_is_empty(query_engine):
    t = trace_pages(query_engine, "文集5:999")
    assert not t.found and t.passages == []
    assert "727-728" in t.cited_pages_of_volume
    text = dumps_trace(t)
    assert text.startswith("no citation of 《马克思恩格斯文集》第5卷第999页")


def english_of(zh: str) -> str:
    from tests import PAPER

    for line in (PAPER.parent / "translation.en.jsonl").read_text(encoding="utf-8").splitlines():
        if line.strip() and json.loads(line)["zh"] == zh:
            return json.loads(line)["en"]
    raise AssertionError("no translation")


def test_english_is_shown_where_present(built):
    """The aligned translation of the citing sentence (added here if the build lacks it)."""
    import pyoxigraph as ox

    from marxkg.query.runner import LocalEngine, load_store

    store = load_store(built.out)
    engine = LocalEngine(store)
    english = english_of(SENTENCE_487)
    if not engine.select(f"ASK {{ ?en <{BASE}ontology#translationOf> ?zh }}").boolean:
        zh = ox.NamedNode(f"{BASE}doc/xu-jingyi-machinery-ai#char=1691,1812")
        en = ox.NamedNode(f"{BASE}doc/xu-jingyi-machinery-ai/en#char=0,{len(english)}")
        nif = "http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#"
        for p, o in [
            (nif + "anchorOf", ox.Literal(english)),
            (BASE + "ontology#translationOf", zh),
        ]:
            store.add(ox.Quad(en, ox.NamedNode(p), o))
    trace = trace_pages(engine, "文集5:487")
    (pt,) = trace.passages
    assert pt.citations[0].zh == SENTENCE_487
    assert pt.citations[0].en == english
    assert english.startswith("“Science, the immense forces of nature")
    assert f"English: {english}" in dumps_trace(trace)


@pytest.mark.parametrize(
    "key", ["fixed-capital", "固定资本", "Fixed Capital", BASE + "concept/fixed-capital"]
)
def test_find_concept(query_engine, key):
    assert find_concept(query_engine, key).iri == BASE + "concept/fixed-capital"


@pytest.mark.parametrize("key", ["no-such-concept", "Intensification", ""])
def test_unknown_concept(query_engine, key):
    with pytest.raises(TraceError):
        find_concept(query_engine, key)


def test_trace_concept_fixed_capital(query_engine):
    t = trace_concept(query_engine, "fixed-capital")
    pages = {p.passage.iri.split("/edition/")[1]: p for p in t.passages}
    # sentences mentioning 固定资本 cite 全集31:82, 文集8:186 and 文集8:187; the concept's
    # dcterms:source (concepts-marx.ttl) names 文集8:186 and 8:187
    assert list(pages) == [
        "marx-engels-quanji-2/vol/31/p/82",
        "marx-engels-wenji-2009/vol/8/p/186",
        "marx-engels-wenji-2009/vol/8/p/187",
    ]
    assert pages["marx-engels-quanji-2/vol/31/p/82"].via == ["mention"]
    assert pages["marx-engels-wenji-2009/vol/8/p/187"].via == ["dcterms:source", "mention"]
    quote = pages["marx-engels-wenji-2009/vol/8/p/187"].citations[0].quotation
    assert quote.startswith("机器体系表现为固定资本的最适当的形式")
    assert all(
        BASE + "concept/fixed-capital" in [k.iri for k in c.concepts]
        for p in t.passages
        for c in p.citations
    )


def test_trace_concept_source_only(query_engine):
    # abstract-labour: dcterms:source 文集8:196 (concepts-marx.ttl)
    t = trace_concept(query_engine, "abstract-labour")
    assert WENJI + "/vol/8/p/196" in [p.passage.iri for p in t.passages]


def test_a_concept_cited_on_many_pages(built):
    """The system of machinery (机器体系) is mentioned by sentences citing 文集5:487 (note ②,
    line 37: "…都体现在机器体系中…"^②) and 文集8:187 (note ⑦, line 55: "机器体系表现为固定
    资本的最适当的形式…"^⑦), among many others; one query over all the pages
    (trace/citations.rq) took 8 s before its required patterns came first, 0.02 s after."""
    from marxkg.query import LocalEngine

    t = trace_concept(LocalEngine.from_build(built.out), "system-of-machinery")
    pages = {p.passage.iri: p for p in t.passages}
    assert len(pages) > 2
    for page, label in (("/vol/5/p/487", "②"), ("/vol/8/p/187", "⑦")):
        assert "mention" in pages[WENJI + page].via
        assert [c.footnote.label for c in pages[WENJI + page].citations] == [label]


def test_json_dump(query_engine):
    data = json.loads(dumps_trace(trace_pages(query_engine, "文集5:487"), "json"))
    assert data["found"] is True and data["ref"] == "文集5:487"
    (p,) = data["passages"]
    assert p["citations"][0]["footnote"]["label"] == "②"
    assert p["passage"]["identification"]["work"].endswith("/work/capital-vol-1")


# --- CLI --------------------------------------------------------------------------------
def cli(built, *args):
    return runner.invoke(app, ["trace", *args, "--out", str(built.out)])


def test_cli_trace(built):
    r = cli(built, "文集5:487")
    assert r.exit_code == 0, r.output
    assert "footnote ② of page block 2" in r.output
    assert SENTENCE_487 in r.output
    assert "Chapter 13" in r.output and "[certain]" in r.output
    assert "机器体系 (system-of-machinery)" in r.output


def test_cli_long_form_equals_short_form(built):
    assert (
        cli(built, "马克思恩格斯文集 第5卷 第487页").output.split("\n", 1)[1]
        == cli(built, "文集5:487").output.split("\n", 1)[1]
    )


def test_cli_unknown_page(built):
    r = cli(built, "文集5:999")
    assert r.exit_code == 0
    assert "no citation" in r.output


@pytest.mark.parametrize(
    "args",
    [
        ["文集五:487"],
        ["hello"],
        [],
        ["文集5:487", "--concept", "x"],
        ["--concept", "no-such-concept"],
        ["文集5:487", "-f", "xml"],
    ],
)
def test_cli_errors(built, args):
    r = cli(built, *args)
    assert r.exit_code != 0
    assert "error:" in r.output


def test_cli_concept_json(built):
    r = cli(built, "--concept", "fixed-capital", "--format", "json")
    assert r.exit_code == 0, r.output
    data = json.loads(r.output)
    assert data["concept"]["en"] == "fixed capital" and len(data["passages"]) == 3


def test_cli_missing_build(tmp_path):
    r = runner.invoke(app, ["trace", "文集5:487", "--out", str(tmp_path)])
    assert r.exit_code != 0 and "not built yet" in r.output
