"""Tracing across editions and printed forms, on a corpus of two papers: the shipped paper
and tests/data/citation-variants (a made-up paper citing 文集, 全集 1st ed. 46下, 选集 2012,
资本论 2004, 列宁全集 2nd ed. and MEW, with 同上, 参见 and an explanatory note).
Expected hits are read off the two source files."""

from __future__ import annotations

import shutil

import pytest
from typer.testing import CliRunner

from marxkg.cli import app
from marxkg.query.trace import PageRef, TraceError, parse_page_ref, trace_pages
from tests import ROOT

VARIANTS = ROOT / "tests" / "data" / "citation-variants"
runner = CliRunner()


@pytest.fixture(scope="module")
def two_papers(tmp_path_factory):
    from marxkg.build import build

    corpus = tmp_path_factory.mktemp("corpus")
    shutil.copytree(ROOT / "corpus" / "xu-jingyi-machinery-ai", corpus / "xu-jingyi-machinery-ai")
    shutil.copytree(VARIANTS, corpus / "cite-variants")
    out = tmp_path_factory.mktemp("build")
    return build(corpus, ROOT / "ontology", out, force=True)


@pytest.fixture(scope="module")
def engine(two_papers):
    from marxkg.query.runner import LocalEngine

    return LocalEngine.from_build(two_papers.out, False)


@pytest.mark.parametrize(
    "key, editions, volume, part, ranges",
    [
        ("文集5:443", ("marx-engels-wenji-2009",), 5, None, ((443, 443),)),
        ("全集31:82", ("marx-engels-quanji-1", "marx-engels-quanji-2"), 31, None, ((82, 82),)),
        ("全集2-31:82", ("marx-engels-quanji-2",), 31, None, ((82, 82),)),
        ("全集1-46.2:219", ("marx-engels-quanji-1",), 46, "2", ((219, 219),)),
        ("全集46下:219", ("marx-engels-quanji-1",), 46, "2", ((219, 219),)),
        ("全集26Ⅲ:1", ("marx-engels-quanji-1",), 26, "3", ((1, 1),)),
        ("全集57:1", ("marx-engels-quanji-2",), 57, None, ((1, 1),)),
        ("选集2012-1:123", ("marx-engels-xuanji-2012",), 1, None, ((123, 123),)),
        (
            "选集3:5",
            ("marx-engels-xuanji-1972", "marx-engels-xuanji-1995", "marx-engels-xuanji-2012"),
            3,
            None,
            ((5, 5),),
        ),
        ("资本论2004-1:443", ("capital-zh-2004",), 1, None, ((443, 443),)),
        (
            "资本论1:443",
            ("capital-zh-1975", "capital-zh-2004", "capital-zh-2018"),
            1,
            None,
            ((443, 443),),
        ),
        ("列宁全集2-40:30", ("lenin-quanji-2",), 40, None, ((30, 30),)),
        ("列选1995-3:1", ("lenin-xuanji-1995",), 3, None, ((1, 1),)),
        ("毛选1991-1:3", ("mao-xuanji-1991",), 1, None, ((3, 3),)),
        ("毛文集7:10", ("mao-wenji",), 7, None, ((10, 10),)),
        ("1844手稿:57", ("manuscripts-1844-zh-2000",), 1, None, ((57, 57),)),
        ("MEW23:391", ("mew",), 23, None, ((391, 391),)),
        ("MEW 26.2:100", ("mew",), 26, "2", ((100, 100),)),
        ("MECW35:375", ("mecw",), 35, None, ((375, 375),)),
        ("MEGA II-5:123", ("mega2",), "II-5", None, ((123, 123),)),
        ("Grundrisse:706", ("penguin-grundrisse",), 1, None, ((706, 706),)),
        ("PenguinCapital1:548", ("penguin-capital",), 1, None, ((548, 548),)),
        ("文集5:443～445", ("marx-engels-wenji-2009",), 5, None, ((443, 445),)),
        ("文集5:443至445", ("marx-engels-wenji-2009",), 5, None, ((443, 445),)),
    ],
)
def test_keys(key, editions, volume, part, ranges):
    ref = parse_page_ref(key)
    assert (ref.editions, ref.volume, ref.part, ref.ranges) == (editions, volume, part, ranges)


@pytest.mark.parametrize(
    "text, editions, volume, part",
    [
        (
            "《马克思恩格斯文集》第5卷，人民出版社2009年版，第443页。",
            ("marx-engels-wenji-2009",),
            5,
            None,
        ),
        ("马克思：《资本论》第1卷，人民出版社2004年版，第443页。", ("capital-zh-2004",), 1, None),
        (
            "《马克思恩格斯文集》（第5卷），北京：人民出版社，2009年，第443页。",
            ("marx-engels-wenji-2009",),
            5,
            None,
        ),
        (
            "马克思，恩格斯.马克思恩格斯文集：第5卷[M].北京：人民出版社，2009：443.",
            ("marx-engels-wenji-2009",),
            5,
            None,
        ),
        (
            "《马克思恩格斯全集》第46卷（下），人民出版社1980年版，第219页。",
            ("marx-engels-quanji-1",),
            46,
            "2",
        ),
        ("MEW 23, S. 391", ("mew",), 23, None),
    ],
)
def test_printed_forms(text, editions, volume, part):
    ref = parse_page_ref(text)
    assert (ref.editions, ref.volume, ref.part) == (editions, volume, part)


@pytest.mark.parametrize(
    "key",
    [
        "资本论5:1",
        "文集11:1",
        "全集3-1:1",
        "全集2-46.2:1",
        "全集2-46下:1",
        "文集5下:1",
        "选集1999-1:1",
        "文集:1",
        "MEW23",
        "列选0:1",
    ],
)
def test_bad_keys(key):
    with pytest.raises(TraceError):
        parse_page_ref(key)


def test_labels():
    assert parse_page_ref("全集1-46.2:219").label() == "《马克思恩格斯全集》第46卷（下）第219页"
    assert parse_page_ref("全集1-46.2:219").short() == "全集1-46.2:219"
    assert parse_page_ref("MEW23:391").label() == "Marx-Engels-Werke, vol. 23, p. 391"
    assert parse_page_ref("文集5:1") == PageRef("文集", 5, ((1, 1),))


@pytest.mark.parametrize(
    "key, doc_id, notes",
    [
        ("文集5:443", "cite-variants", [("①", 1)]),
        # 同上，第444页; the shipped paper's note ① of page block 2 (source line 41) cites 444 too
        ("文集5:444", "cite-variants xu-jingyi-machinery-ai", [("②", 1), ("①", 2)]),
        ("全集1-46.2:220", "cite-variants", [("③", 1)]),
        ("全集46下:221", "cite-variants", [("④", 1)]),  # the printed part label works too
        ("全集1-46.2:221", "cite-variants", [("④", 1)]),  # 同上书，第221页
        ("选集2012-2:123", "cite-variants", [("⑤", 1)]),
        ("资本论2004-1:443", "cite-variants", [("⑤", 1)]),
        ("资本论1:443", "cite-variants", [("⑤", 1)]),  # every 资本论 edition
        ("列宁全集2-40:30", "cite-variants", [("⑥", 1)]),
        ("MEW23:391", "cite-variants", [("①", 2)]),
        ("全集31:82", "xu-jingyi-machinery-ai", [("①", 4)]),
        (
            "《马克思恩格斯全集》第46卷（下），人民出版社1980年版，第219页。",
            "cite-variants",
            [("③", 1)],
        ),
    ],
)
def test_trace_names_the_citing_document(engine, key, doc_id, notes):
    t = trace_pages(engine, key)
    got = [(c.footnote.label, c.footnote.group) for p in t.passages for c in p.citations]
    assert got == notes
    assert {c.doc_id for p in t.passages for c in p.citations} == set(doc_id.split())
    assert all(c.doc_title for p in t.passages for c in p.citations)


def test_other_edition_finds_nothing(engine):
    assert not trace_pages(engine, "全集1-31:82").found
    assert not trace_pages(engine, "选集1995-2:123").found


def test_cli_trace_paste_a_footnote(two_papers):
    r = runner.invoke(
        app,
        [
            "trace",
            "《马克思恩格斯文集》第5卷，人民出版社2009年版，第443页。",
            "--out",
            str(two_papers.out),
        ],
    )
    assert r.exit_code == 0, r.output
    assert "document: cite-variants 《引注样式测试小样本》" in r.output


def test_explanatory_note_is_not_unresolved(two_papers):
    import json

    report = json.loads((two_papers.out / "report.json").read_text(encoding="utf-8"))
    text = json.dumps(report, ensure_ascii=False)
    assert "这里的“机器”指的是广义的机器体系" not in text


@pytest.mark.parametrize(
    "key, work, confidence",
    [
        ("全集1-46.2:220", "grundrisse", "certain"),  # registry: 全集 1st ed. vol. 46 = Grundrisse
        ("资本论2004-1:443", "capital-vol-1", "certain"),
        ("MEW23:391", "capital-vol-1", "certain"),
    ],
)
def test_work_from_the_registry(engine, key, work, confidence):
    (pt,) = trace_pages(engine, key).passages
    assert pt.passage.identification.work.endswith(f"/work/{work}")
    assert pt.passage.identification.confidence == confidence


def test_ontology_identification_wins(engine):
    # 文集5 p.387 is identified in marx-works.ttl as "probable"; the registry says the volume
    # is Capital I "certain": the passage's own identification is kept
    (pt,) = trace_pages(engine, "文集5:387").passages
    assert pt.passage.identification.confidence == "probable"
