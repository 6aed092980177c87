"""Every named query against the real build, with expected results read from the paper
(corpus/xu-jingyi-machinery-ai/source.md) and the ontology files, not from the program."""

from __future__ import annotations

import pytest

from marxkg.query.runner import run
from tests import ONTOLOGY, PAPER_ID

BASE = "https://w3id.org/marxkg/"
C = BASE + "concept/"
W = BASE + "work/"
MKG = "https://w3id.org/marxkg/ontology#"
WENJI = BASE + "edition/marx-engels-wenji-2009"
QUANJI = BASE + "edition/marx-engels-quanji-2"


def rows(query_library, query_engine, name, *binds):
    return run(query_library[name], query_engine, binds).records()


def has_english(query_engine) -> bool:
    return query_engine.select(
        "ASK { ?en <https://w3id.org/marxkg/ontology#translationOf> ?zh }"
    ).boolean


# --- volume-citations -------------------------------------------------------------------
# 《马克思恩格斯文集》第5卷 as the footnotes print it: page -> (label, page block, quotation).
WENJI_5 = [
    ("47", "⑤", "4", "资本主义生产方式占统治地位的社会的财富"),
    ("216", "①", "5", "活的酵母"),
    ("227", "②", "5", "当他把活的劳动力同这些商品的死的对象性合并在一起时"),
    ("387", "③", "3", "劳动的社会生产力"),
    ("440", "②", "4", "一个工业部门生产方式的变革，会引起其他部门生产方式的变革"),
    ("441", "②", "4", "必须用机器来生产机器"),
    ("444", "①", "2", "机器和发达的机器体系这种大工业特有的劳动资料"),
    ("453", "①", "2", "在工厂的有组织的机器体系中获得了最发达的形态"),
    ("487", "②", "2", "科学、巨大的自然力、社会的群众性劳动都体现在机器体系中"),
    ("488", "④", "2", "工人在技术上服从劳动资料的划一运动"),
    ("519", "⑤", "4", "这种生产方式就获得一种弹性"),
    ("531", "③", "2", "资本除了把工厂工人、手工工场工人和手工业工人大规模地集中在一起"),
    ("707", "⑨", "3", "由资本技术构成决定并且反映技术构成变化的资本价值构成"),
    ("717", "⑤", "3", "那时社会劳动生产率的发展成为积累的最强有力的杠杆"),
    ("718", "①", "3", "资本价值的不变组成部分靠减少它的可变组成部分而增加"),
    ("720", "⑦", "8", "可见，一定程度的资本积累表现为特殊的资本主义的生产方式的条件"),
    ("727-728", "⑧", "3", "工人人口本身在生产出资本积累的同时"),
]


def test_volume_citations_pages_in_order(query_library, query_engine):
    got = rows(query_library, query_engine, "volume-citations")
    assert [r["page"] for r in got] == [p for p, *_ in WENJI_5]


@pytest.mark.parametrize("page,label,group,quotation", WENJI_5)
def test_volume_citations_rows(query_library, query_engine, page, label, group, quotation):
    got = [r for r in rows(query_library, query_engine, "volume-citations") if r["page"] == page]
    assert len(got) == 1
    (r,) = got
    assert (r["label"], r["group"]) == (label, group)
    assert r["quotation"].lstrip("“").startswith(quotation)
    assert r["volume"] == WENJI + "/vol/5"


@pytest.mark.parametrize(
    "volume,pages",
    [
        ("6", ["206-207"]),
        ("7", ["273"]),
        ("8", ["186", "187", "196", "196", "348", "392"]),
        (f"<{QUANJI}/vol/31>", ["82"]),
    ],
)
def test_volume_citations_other_volumes(query_library, query_engine, volume, pages):
    got = rows(query_library, query_engine, "volume-citations", f"volume={volume}")
    assert [r["page"] for r in got] == pages


# --- ai-counterparts --------------------------------------------------------------------
def test_ai_counterparts_of_real_subsumption(query_library, query_engine):
    got = rows(query_library, query_engine, "ai-counterparts", "marx=real-subsumption")
    assert {(r["ai"], r["dimension"], r["relation"]) for r in got} == {
        (C + "total-subsumption", MKG + "LabourMeans", MKG + "Intensification")
    }
    # the two evidence quotes of correspondences.ttl, each in its own sentence
    evidence = sorted(r["zh"] for r in got)
    assert len(evidence) == 2
    assert any("当资本对活劳动的实质吸纳进阶为总体吸纳" in z for z in evidence)
    assert any("这不仅意味着资本实现了对活劳动的总体吸纳" in z for z in evidence)
    assert all(r["marxLabel"] == "实质吸纳" and r["aiLabel"] == "总体吸纳" for r in got)


def test_ai_counterparts_cover_every_correspondence(query_library, query_engine):
    from rdflib import Graph, Namespace

    g = Graph().parse(ONTOLOGY / "correspondences.ttl")
    mkg = Namespace(MKG)
    expected = {
        (
            str(g.value(c, mkg.marxConcept)),
            str(g.value(c, mkg.aiConcept)),
            str(g.value(c, mkg.dimension)),
        )
        for c in g.subjects(None, mkg.Correspondence)
    }
    assert len(expected) == 26
    got = rows(query_library, query_engine, "ai-counterparts")
    assert {(r["marx"], r["ai"], r["dimension"]) for r in got} == expected
    assert all(r.get("zh") for r in got)  # every correspondence has resolved evidence


def test_ai_counterparts_show_english_when_translated(query_library, query_engine):
    if not has_english(query_engine):
        pytest.skip("the English layer is not in this build")
    got = rows(query_library, query_engine, "ai-counterparts", "marx=real-subsumption")
    assert all(r.get("en") for r in got)


# --- concept-sentences ------------------------------------------------------------------
def test_concept_sentences_fixed_capital(query_library, query_engine):
    got = rows(query_library, query_engine, "concept-sentences")  # default: fixed-capital
    assert {r["concept"] for r in got} == {C + "fixed-capital"}
    begins = [int(r["begin"]) for r in got]
    assert begins == sorted(begins)
    # 固定资本 is discussed in the abstract, the introduction, part 一's opening, 1.2 and 2.2;
    # part 二's opening names it inside AI固定资本 (a nested mention, docs/tagging-policy.md)
    assert {r.get("section") for r in got} == {None, "intro", "1", "1.2", "2", "2.2"}
    by_text = {r["zh"]: r for r in got}
    assert (
        by_text[
            "劳动资料演变为固定资本，标志着劳动资料由外在的生产要素转化为内在的增殖资本，"
            "是“适合于资本要求的历史性变革”。"
        ]["section"]
        == "1.2"
    )
    quote = next(z for z in by_text if z.startswith("“机器体系表现为固定资本的最适当的形式"))
    assert by_text[quote]["mentions"] == "2"  # 固定资本 … 而固定资本——
    assert "作为固定资本的人工智能技术应用扩散，加剧了技术性失业浪潮。" in by_text
    assert all("/en#" not in r["sentence"] for r in got)  # source sentences only
    if has_english(query_engine):
        assert all(r.get("en") for r in got)


# --- work-concepts ----------------------------------------------------------------------
def test_work_concepts_expected_pairs(query_library, query_engine):
    got = {
        (r["work"], r["concept"]): int(r["sentences"])
        for r in rows(query_library, query_engine, "work-concepts")
    }
    # 机器体系 occurs in 8 sentences citing Capital I (pp. 444/453, 487, 531, 488, 387,
    # 717, 519/47, 216/227); 固定资本 in the 3 citing the Grundrisse (8:186, 8:187, 31:82)
    assert got[(W + "capital-vol-1", C + "system-of-machinery")] == 8
    assert got[(W + "grundrisse", C + "fixed-capital")] == 3
    assert got[(W + "economic-manuscripts-1861-63", C + "system-of-machinery")] == 2
    # the sentence citing 文集6 pp. 206-207 also names 资本主义生产方式 and 生产资料
    assert {c for (w, c) in got if w == W + "capital-vol-2"} == {
        C + "moral-depreciation",
        C + "capitalist-mode-of-production",
        C + "means-of-production",
    }
    assert {c for (w, c) in got if w == W + "capital-vol-3"} == {
        C + "organic-composition-of-capital",
        C + "variable-capital",
        C + "productivity-of-labour",
        C + "magnitude-of-value",
    }


def test_work_concepts_bound_to_one_work(query_library, query_engine):
    got = rows(query_library, query_engine, "work-concepts", "work=capital-vol-2")
    assert {(r["work"], r["workLabel"]) for r in got} == {(W + "capital-vol-2", "资本论（第二卷）")}
    assert len(got) == 3  # one row per concept (see test_work_concepts_expected_pairs)


# --- co-mentions ------------------------------------------------------------------------
def test_co_mentions_of_fixed_capital(query_library, query_engine):
    got = rows(query_library, query_engine, "co-mentions")
    counts = {r["other"]: int(r["sentences"]) for r in got}
    assert C + "fixed-capital" not in counts
    # AI固定资本 names AI as a nested mention; 机器体系 names 机器 as one (same sentences)
    assert got[0]["other"] == C + "artificial-intelligence-technology"
    assert counts[C + "machine"] == counts[C + "system-of-machinery"] >= 10
    # 作为固定资本的机器体系应用，制造失业与相对过剩人口 / 增加固定资本的耐久性
    assert counts[C + "relative-surplus-population"] >= 1
    assert counts[C + "durability"] >= 1
    assert [int(r["sentences"]) for r in got] == sorted(counts.values(), reverse=True)


def test_co_mentions_agree_with_concept_sentences(query_library, query_engine):
    fixed = {r["sentence"] for r in rows(query_library, query_engine, "concept-sentences")}
    machinery = {
        r["sentence"]
        for r in rows(
            query_library, query_engine, "concept-sentences", "concept=system-of-machinery"
        )
    }
    counts = {
        r["other"]: int(r["sentences"]) for r in rows(query_library, query_engine, "co-mentions")
    }
    assert counts[C + "system-of-machinery"] == len(fixed & machinery)


# --- footnotes-by-kind ------------------------------------------------------------------
def test_footnotes_by_kind(query_library, query_engine):
    got = {
        r["kind"]: int(r["footnotes"])
        for r in rows(query_library, query_engine, "footnotes-by-kind")
    }
    assert got == {
        "marx": 23,
        "report": 11,
        "web-page": 9,
        "journal-article": 7,
        "translated-book": 6,
        "newspaper": 2,
    }


# --- quantitative-claims ----------------------------------------------------------------
# Sentences with claims (tests/data/claims-gold.yaml, read from the paper) and the footnote
# supporting them, in reading order: None = unsourced. 26 (MTurk), 32 (chip shares) and 46
# (US debt) are typed as quotations; the first sentences of 28, 30, 33, 39 and 57 name
# their source and the marker comes in the next sentence.
QUANT_ROWS = [
    (85, 26, 4),
    (92, 28, 2),
    (93, 28, 2),
    (97, 29, 6),
    (98, 30, 1),
    (99, 30, 1),
    (102, 31, 9),
    (106, 32, 2),
    (108, 33, 2),
    (109, 33, 3),
    (118, 38, 5),
    (120, 39, 4),
    (121, 39, 2),
    (122, 41, 1),
    (126, 44, 4),
    (133, 46, 1),
    (142, 48, 4),
    (143, 49, 2),
    (147, 50, 2),
    (148, None, 1),
    (150, 51, 2),
    (158, 53, 4),
    (159, 54, 5),
    (160, 55, 3),
    (163, None, 1),
    (165, 57, 4),
    (166, 57, 4),
]


def test_quantitative_claims(query_library, query_engine, paper):
    got = rows(query_library, query_engine, "quantitative-claims")
    starts = {s.start: i for i, s in enumerate(paper.sentences)}
    assert [
        (
            starts[int(r["sentence"].rsplit("=", 1)[1].split(",")[0])],
            int(r["note"].rsplit("/", 1)[1]) if r.get("note") else None,
            int(r["claims"]),
        )
        for r in got
    ] == QUANT_ROWS
    assert {r["characterization"] for r in got if r.get("note")} == {
        "http://purl.org/spar/cito/citesAsDataSource",
        "http://purl.org/spar/cito/includesQuotationFrom",
    }
    assert sum(r["resolution"] == "unsourced" for r in got) == 2
    texts = [r["zh"] for r in got]
    assert "这一数字在2023年下降至1.6%。" in texts
    assert not any(t.startswith("从产业体系的复杂性与集成度") for t in texts)


# --- claims-by-source -------------------------------------------------------------------
def test_claims_by_source(query_library, query_engine):
    got = rows(query_library, query_engine, "claims-by-source")
    assert len(got) == 81
    # unsourced last, marked
    assert [(r["printed"], r["resolution"]) for r in got[-2:]] == [
        ("90%", "unsourced"),
        ("14亿", "unsourced"),
    ]
    assert all(r.get("source") for r in got[:-2])
    # the AI Index 2025 supports 5 + 5 + 8 claims across three footnotes (33, 38, 57)
    ai25 = [r for r in got if r.get("title") == "Artificial Intelligence Index Report 2025"]
    assert len(ai25) == 18
    assert {r["label"] for r in ai25} == {"④", "③", "②"}
    rng = next(r for r in got if r["printed"] == "6.155万美元—14.091万美元")
    assert (rng["value"], rng["unit"]) == ("61550..140910", "USD")
    mturk = next(r for r in got if r["printed"] == "7.25 美元")
    assert (mturk["qualifier"], mturk["kind"], mturk["label"]) == ("以上", "translated-book", "①")


# --- dimension-concepts -----------------------------------------------------------------
@pytest.mark.parametrize(
    "dimension,scheme,count",
    [
        ("LabourMeans", "marx", 20),
        ("LabourMeans", "ai-era", 17),
        ("FixedCapital", "marx", 23),
        ("FixedCapital", "ai-era", 14),
        ("TechnicalBasis", "marx", 14),
        ("TechnicalBasis", "ai-era", 11),
    ],
)
def test_dimension_concepts(query_library, query_engine, dimension, scheme, count):
    got = rows(query_library, query_engine, "dimension-concepts", f"dimension={dimension}")
    assert {r["dimension"] for r in got} == {MKG + dimension}
    assert sum(r["scheme"] == BASE + "scheme/" + scheme for r in got) == count


def test_dimension_concepts_labels(query_library, query_engine):
    got = rows(query_library, query_engine, "dimension-concepts", "dimension=FixedCapital")
    assert {r["dimensionLabel"] for r in got} == {"固定资本"}
    row = next(r for r in got if r["concept"] == C + "fixed-capital")
    assert (row["zh"], row["en"]) == ("固定资本", "fixed capital")


# --- concepts-never-mentioned -----------------------------------------------------------
def test_every_concept_of_the_papers_reading_is_mentioned(query_library, query_engine):
    # the concepts curated from the paper's own wording (those with evidence quotes in it)
    # are all mentioned; the field concepts added for other papers (issue 13) need not be
    from marxkg.ontology import load_ontology
    from marxkg.rdf.namespaces import MKG
    from tests import ONTOLOGY

    onto = load_ontology(ONTOLOGY)
    of_paper = {str(c) for c in onto.subjects(MKG.evidenceQuote, None)}
    silent = {r["concept"] for r in rows(query_library, query_engine, "concepts-never-mentioned")}
    assert silent and not silent & of_paper


def test_concepts_never_mentioned_finds_a_silent_concept(query_library, built):
    import pyoxigraph as ox

    from marxkg.query.runner import LocalEngine, load_store

    store = load_store(built.out)
    concept = ox.NamedNode(C + "fixed-capital")
    ident = ox.NamedNode("http://www.w3.org/2005/11/its/rdf#taIdentRef")
    for q in list(store.quads_for_pattern(None, ident, concept)):
        store.remove(q)
    got = run(query_library["concepts-never-mentioned"], LocalEngine(store)).records()
    assert (C + "fixed-capital", "固定资本", "fixed capital") in [
        (r["concept"], r["zh"], r["en"]) for r in got
    ]


# --- citations-per-section --------------------------------------------------------------
# From the footnote blocks: (section, citations, of which Marx, footnotes). Footnotes ① of
# block 2 (pp. 444, 453), ② of block 4 (pp. 441, 440) and ⑤ of block 4 (pp. 519, 47) each
# carry two quotations, hence two citations.
SECTIONS = [
    ("intro", 3, 0, 3),
    ("1", 24, 23, 21),
    ("1.1", 10, 10, 9),
    ("1.2", 6, 6, 6),
    ("1.3", 8, 7, 6),
    ("2", 27, 3, 27),
    ("2.1", 2, 1, 2),
    ("2.2", 21, 2, 21),
    ("2.3", 4, 0, 4),
    ("3", 7, 0, 7),
    ("3.1", 5, 0, 5),
    ("3.2", 0, 0, 0),
    ("3.3", 1, 0, 1),
]


def test_citations_per_section(query_library, query_engine):
    got = [
        (r["section"], int(r["citations"]), int(r["marx"]), int(r["footnotes"]))
        for r in rows(query_library, query_engine, "citations-per-section")
    ]
    assert got == SECTIONS


# --- marx-pages -------------------------------------------------------------------------
# (collection, volume, page, work, confidence, citations) as identified in marx-works.ttl
MARX_PAGES = [
    (QUANJI, "31", "82", "grundrisse", "probable", 1),
    *[
        (WENJI, "5", p, "capital-vol-1", "probable" if p == "387" else "certain", 1)
        for p, *_ in WENJI_5
    ],
    (WENJI, "6", "206-207", "capital-vol-2", "probable", 1),
    (WENJI, "7", "273", "capital-vol-3", "certain", 1),
    (WENJI, "8", "186", "grundrisse", "certain", 1),
    (WENJI, "8", "187", "grundrisse", "certain", 1),
    (WENJI, "8", "196", "grundrisse", "certain", 2),
    (WENJI, "8", "348", "economic-manuscripts-1861-63", "probable", 1),
    (WENJI, "8", "392", "economic-manuscripts-1861-63", "certain", 1),
]


def test_marx_pages(query_library, query_engine):
    got = [
        (
            r["collection"],
            r["volume"],
            r["page"],
            r["work"].rsplit("/", 1)[1],
            r["confidence"],
            int(r["citations"]),
        )
        for r in rows(query_library, query_engine, "marx-pages")
    ]
    assert got == MARX_PAGES


def test_marx_pages_location_of_487(query_library, query_engine):
    (r,) = [
        r
        for r in rows(query_library, query_engine, "marx-pages")
        if r["passage"] == WENJI + "/vol/5/p/487"
    ]
    assert "第十三章“机器和大工业”第4节" in r["location"]


# --- concept-definition -----------------------------------------------------------------
def test_concept_definition_fixed_capital(query_library, query_engine):
    got = [
        (r["property"].rsplit("#", 1)[1], r["lang"], r["value"])
        for r in rows(query_library, query_engine, "concept-definition")
    ]
    short = [(p, lang, v[:12]) for p, lang, v in got]
    assert short == [
        ("prefLabel", "de", "fixes Kapita"),
        ("prefLabel", "en", "fixed capita"),
        ("prefLabel", "zh-hans", "固定资本"),
        ("altLabel", "de", "capital fixe"),
        ("altLabel", "en", "fixed capita"),
        ("definition", "en", "The part of "),
        ("definition", "zh-hans", "生产资本中主要由劳动资料"),
    ]
    assert got[4][2] == "fixed capitals"


# --- proposals-and-problems -------------------------------------------------------------
ANSWERS = {
    ("ai-application-consensus", "labour-arbitrage"),
    ("ai-industrial-ecosystem", "fixed-capital-barrier"),
    ("chinese-digital-civilisation", "digital-capitalism"),
    ("effective-market-and-promising-government", "technological-unemployment"),
    ("global-ai-governance", "labour-arbitrage"),
    ("global-ai-governance", "value-concealment-in-global-labour-chain"),
    ("high-quality-development-of-digital-economy", "accumulation-imbalance"),
    ("high-quality-development-of-digital-economy", "virtual-prosperity"),
    ("human-machine-community", "technological-unemployment"),
    ("human-machine-community", "total-subsumption"),
    ("inclusive-sharing", "imbalance-of-labour-contribution-and-capital-appropriation"),
    ("integration-of-digital-and-real-economy", "deindustrialisation"),
    ("integration-of-digital-and-real-economy", "shift-from-real-to-virtual"),
    ("new-type-whole-nation-system", "fixed-capital-barrier"),
    ("people-centred", "imbalance-of-labour-contribution-and-capital-appropriation"),
    ("people-centred", "shift-from-real-to-virtual"),
    ("people-centred", "technological-unemployment"),
    ("people-logic-over-capital-logic", "digital-financial-capital"),
    ("people-logic-over-capital-logic", "power-of-digital-capital"),
    ("public-ownership-as-mainstay", "imbalance-of-labour-contribution-and-capital-appropriation"),
    ("public-ownership-as-mainstay", "power-of-digital-capital"),
    ("technological-equality", "imbalance-of-labour-contribution-and-capital-appropriation"),
}


def test_proposals_and_problems_pairs(query_library, query_engine):
    got = rows(query_library, query_engine, "proposals-and-problems")
    assert {
        (r["proposal"].rsplit("/", 1)[1], r["problem"].rsplit("/", 1)[1]) for r in got
    } == ANSWERS


@pytest.mark.parametrize(
    "proposal,section",
    [
        ("new-type-whole-nation-system", "3"),  # 充分发挥新型举国体制优势 (part 三's opening)
        ("integration-of-digital-and-real-economy", "3.1"),  # 一是在数实融合的坚实基础上
        ("people-centred", "3.2"),  # 2. 坚持以人民为中心
        ("technological-equality", "3.2"),  # 以科技平权保障数字红利惠及全民
        ("human-machine-community", "3.3"),  # 构建交融共生人机命运共同体
    ],
)
def test_proposals_and_problems_sections(query_library, query_engine, proposal, section):
    got = rows(query_library, query_engine, "proposals-and-problems")
    assert {r["section"] for r in got if r["proposal"] == C + proposal} == {section}


# --- translation-pairs ------------------------------------------------------------------
def test_translation_pairs(query_library, query_engine):
    got = rows(query_library, query_engine, "translation-pairs")
    if not has_english(query_engine):
        assert got == []
        return
    from tests import ROOT

    lines = (ROOT / "corpus" / PAPER_ID / "translation.en.jsonl").read_text(encoding="utf-8")
    assert len(got) == len([line for line in lines.splitlines() if line.strip()])
    assert got[0]["zh"] == "马克思机器体系理论视域下人工智能技术资本主义应用困境研究"


# --- frequent-words (token layer) -------------------------------------------------------
def conllu_counts(built, pos: str) -> dict[str, int]:
    counts: dict[str, int] = {}
    text = (built.out / PAPER_ID / "tokens.conllu").read_text(encoding="utf-8")
    for line in text.splitlines():
        cols = line.split("\t")
        if len(cols) == 10 and cols[0].isdigit() and cols[4] == pos:
            counts[cols[1]] = counts.get(cols[1], 0) + 1
    return counts


@pytest.mark.parametrize("pos", ["n", "v", "nz"])
def test_frequent_words_agree_with_conllu(query_library, query_engine, built, pos):
    assert query_library["frequent-words"].needs_tokens
    got = rows(query_library, query_engine, "frequent-words", f"pos={pos}")
    assert len(got) == 50
    assert {r["pos"] for r in got} == {pos}
    expected = conllu_counts(built, pos)
    assert all(int(r["count"]) == expected[r["word"]] for r in got)
    counts = [int(r["count"]) for r in got]
    assert counts == sorted(counts, reverse=True)
    assert counts[0] == max(expected.values())
