"""The quantitative-claims layer against the gold list made by reading the paper
(tests/data/claims-gold.yaml, committed before the extractor)."""

from __future__ import annotations

from collections import Counter
from decimal import Decimal
from pathlib import Path

import pytest
import yaml

from marxkg.nlp.claims import extract_claims, find_figures
from marxkg.nlp.claims_vocab import chinese_number, load_vocab

GOLD = Path(__file__).parent / "data" / "claims-gold.yaml"


GOLD_CLAIMS: list[dict] = yaml.safe_load(GOLD.read_text(encoding="utf-8"))["claims"]


def gold_claims() -> list[dict]:
    return GOLD_CLAIMS


def _key(sentence: int, value, unit: str) -> tuple:
    if isinstance(value, list):
        return sentence, tuple(Decimal(str(v)) for v in value), unit
    return sentence, Decimal(str(value)), unit


def claim_key(c) -> tuple:
    if c.value is None:
        return c.sentence, (Decimal(c.value_min), Decimal(c.value_max)), c.unit
    return c.sentence, Decimal(c.value), c.unit


def match(claims, gold):
    """Pairs (gold, found) matched on sentence + normalised value + unit (multiset)."""
    left = list(claims)
    pairs, missed = [], []
    for g in gold:
        k = _key(g["sentence"], g["value"], g["unit"])
        hit = next((c for c in left if claim_key(c) == k), None)
        if hit is None:
            missed.append(g)
        else:
            left.remove(hit)
            pairs.append((g, hit))
    return pairs, missed, left


@pytest.fixture(scope="module")
def claims(paper, annotations):
    return extract_claims(paper, annotations.mentions)


@pytest.fixture(scope="module")
def scored(claims):
    return match(claims, gold_claims())


def test_gold_is_the_hand_count():
    gold = gold_claims()
    assert len(gold) == 81
    assert sum(g["source"] == "unsourced" for g in gold) == 2


def test_recall_and_precision(scored, claims):
    pairs, missed, extra = scored
    recall = len(pairs) / len(gold_claims())
    precision = len(pairs) / len(claims)
    assert recall >= 0.95, [m["printed"] for m in missed]
    assert precision >= 0.95, [c.printed for c in extra]


def test_source_attribution(scored):
    pairs, _, _ = scored
    right = sum(
        (c.source.footnote if c.source.footnote else "unsourced") == g["source"] for g, c in pairs
    )
    assert right / len(pairs) >= 0.95


@pytest.mark.parametrize("g", gold_claims(), ids=lambda g: f"s{g['sentence']}-{g['printed']}")
def test_each_gold_claim(scored, g):
    pairs, _, _ = scored
    found = [c for gg, c in pairs if gg is g]
    assert found, f"missed {g['printed']} in sentence {g['sentence']}"
    (c,) = found
    assert (c.source.footnote or "unsourced") == g["source"]
    assert c.qualifier == g["qualifier"]
    assert c.printed.replace(" ", "") == g["printed"].replace(" ", "")


@pytest.mark.parametrize(
    "sentence,footnote,resolution",
    [
        (92, 28, "later-marker"),  # BLS named in the sentence, marker ③ ends the next one
        (98, 30, "later-marker"),  # 依据斯坦福大学《AI指数报告2024》统计 … 这一数字…^①
        (108, 33, "later-marker"),
        (120, 39, "later-marker"),
        (165, 57, "later-marker"),
        (85, 26, "same-sentence"),  # MTurk: the citation is typed as a quotation
        (122, 41, "same-sentence"),  # two markers: the one after the figure (⑥, not ⑤)
    ],
)
def test_source_resolution(claims, sentence, footnote, resolution):
    got = {(c.source.footnote, c.source.resolution) for c in claims if c.sentence == sentence}
    assert got == {(footnote, resolution)}


def test_quoted_source_kept_with_its_type(claims):
    mturk = [c for c in claims if c.sentence == 85]
    assert {c.source.characterization for c in mturk} == {"includesQuotationFrom"}
    assert {c.source.kind for c in mturk} == {"translated-book"}


def test_unsourced(claims):
    assert sorted(
        (c.sentence, c.printed) for c in claims if c.source.resolution == "unsourced"
    ) == [(148, "90%"), (163, "14亿")]


def test_spans_are_code_points(paper, claims):
    for c in claims:
        assert paper.text[c.start : c.end] == c.printed
        s = paper.sentences[c.sentence]
        assert s.start <= c.start < c.end <= s.end


def test_concepts_from_mentions(claims):
    # 剩余价值-free statistics still name concepts of the ontology in their clause
    assert any(c.concepts for c in claims)
    assert all(x.startswith("https://w3id.org/marxkg/concept/") for c in claims for x in c.concepts)


@pytest.mark.parametrize(
    "text,printed,value,unit",
    [
        ("裁员 1.2 万人", ["1.2 万人"], ["12000"], ["count"]),
        ("总额为3797.5亿美元", ["3797.5亿美元"], ["379750000000"], ["USD"]),
        ("从2022年的2.6万亿美元减少", ["2.6万亿美元"], ["2600000000000"], ["USD"]),
        ("每月完成数百万个任务", ["数百万个"], ["1000000"], ["count"]),
        (
            "差距分别为17.5、13.5和3.7个百分点",
            ["17.5", "13.5", "3.7个百分点"],
            ["17.5", "13.5", "3.7"],
            ["percentage-point"] * 3,
        ),
        ("培训3-5个模型", ["3-5个"], ["3..5"], ["count"]),
        (
            "区间为6.155万美元—14.091万美元",
            ["6.155万美元—14.091万美元"],
            ["61550..140910"],
            ["USD"],
        ),
        ("推动我国14亿人口", ["14亿"], ["1400000000"], ["count"]),
        ("美股科技公司六大巨头", ["六大"], ["6"], ["count"]),
        ("是日本 4.61 万台的 6 倍", ["4.61 万台", "6 倍"], ["46100", "6"], ["count", "ratio"]),
        # not claims: dates, ordinals, names, titles, articles, idioms
        ("2023 年 1 月，2013—2024年", [], [], []),
        ("第二名中国，前五位，第二十次", [], [], []),
        ("OpenAI的GPT-4和Llama3.1-405B，H100，5G/6G", [], [], []),
        ("《AI指数报告2025》", [], [], []),
        ("一个工业部门，一种弹性，千行百业，三重语境", [], [], []),
    ],
)
def test_find_figures(text, printed, value, unit):
    vocab = load_vocab()
    figs, _ = find_figures(text, vocab)
    assert [text[f.start : f.end] for f in figs] == printed
    assert [
        f"{f.value.normalize():f}"
        + (f"..{f.value_max.normalize():f}" if f.value_max is not None else "")
        for f in figs
    ] == value
    assert [f.unit for f in figs] == unit


@pytest.mark.parametrize(
    "text,value",
    [
        ("六", 6),
        ("二十", 20),
        ("百万", 1000000),
        ("十四亿", 1400000000),
        ("三千五百", 3500),
    ],
)
def test_chinese_number(text, value):
    assert chinese_number(text, load_vocab()) == value


def test_counts_by_unit_and_source_kind(claims):
    assert Counter(c.unit for c in claims) == Counter(g["unit"] for g in gold_claims())
    kinds = Counter(c.source.kind or "unsourced" for c in claims)
    assert kinds["unsourced"] == 2


def test_place_and_time_against_gold(scored):
    """Context read with plain rules: measured 70/81 places and 80/81 times (docs/claims.md
    lists the misses); the thresholds keep them from regressing."""
    pairs, _, _ = scored
    place = sum(c.place == g["place"] for g, c in pairs) / len(pairs)
    time = sum(c.time == g["time"] for g, c in pairs) / len(pairs)
    assert place >= 0.85 and time >= 0.95, (place, time)


@pytest.mark.parametrize(
    "sentence,printed,place,time",
    [
        (93, "130 万个", "美国", "2007/2020"),  # 该类职业在此期间: inherited from sentence 92
        (148, "90%", "肯尼亚、印度", None),  # every place of the clause
        (118, "3.9倍", "美国", "2013/2024"),  # a ratio: the side being compared
        (158, "20 个", "中国", None),  # the year 2023 comes after the figure: not its time
    ],
)
def test_context_rules(claims, sentence, printed, place, time):
    (c,) = [c for c in claims if c.sentence == sentence and c.printed == printed]
    assert (c.place, c.time) == (place, time)


@pytest.mark.parametrize(
    "text,bare",
    [
        ("评分为 12 与 15", [(4, "12"), (9, "15")]),  # numbers without a unit: reported
        ("裁员 1.2 万人", []),
        ("2023 年", []),
        # the label of a figure, table or equation (before: reported, and `validate` failed)
        ("发展阶段（见图1）与资本积累相适应", []),
        ("如表2所示", []),
        ("由式（3）可知", []),
        ("代表3亿人", []),  # a quantity after 表 keeps its unit: a claim
        ("代表3", [(2, "3")]),  # a bare number after 代表 is not a label
    ],
)
def test_bare_numbers_are_reported(text, bare):
    _, got = find_figures(text, load_vocab())
    assert got == bare


def test_attach_claims_reports_bare_numbers_once(paper):
    import copy

    from marxkg.nlp.claims import attach_claims

    doc = copy.deepcopy(paper)
    s = doc.sentences[99]  # 这一数字在2023年下降至1.6%。
    doc.text = doc.text[: s.start] + "这一数字在2023年下降至1.6与" + doc.text[s.start + 17 :]
    assert len(doc.text) == len(paper.text)
    attach_claims(doc)
    attach_claims(doc)  # idempotent
    issues = [i for i in doc.issues if i.kind == "claim-without-unit"]
    assert [(i.offset, i.message.split(" ")[1]) for i in issues] == [(s.start + 13, "1.6")]


def _overlaps(gold: str | None, found: str | None) -> bool:
    return bool(gold) and bool(found) and (gold in found or found in gold)


def test_subject_and_indicator_against_gold(scored):
    """Plain clause rules, not a parse: measured 57/81 subjects and 39/81 indicators that
    overlap the gold wording (docs/claims.md, error classes); kept from regressing."""
    pairs, _, _ = scored
    subject = sum(_overlaps(g["subject"], c.subject) for g, c in pairs) / len(pairs)
    indicator = sum(_overlaps(g["indicator"].split("（")[0], c.indicator) for g, c in pairs) / len(
        pairs
    )
    assert subject >= 0.65 and indicator >= 0.45, (subject, indicator)


@pytest.mark.parametrize(
    "sentence,printed,subject,indicator",
    [
        (97, "1.2 万人", "谷歌", "裁员"),  # split at the verb 宣布
        (97, "6%", "谷歌", "员工总数"),  # subject carried over within the clause group
        (150, "34 亿美元", "OpenAI", "年度经常性收入"),  # split at the last 的
        (109, "82个", "Meta", None),  # the noun before a parenthesised figure
        (102, "9%", "金融和保险服务", "占比"),  # 占比 is an indicator noun
        (85, "50 万个", None, "注册工人"),  # the counted noun after the measure word
    ],
)
def test_subject_indicator_rules(claims, sentence, printed, subject, indicator):
    (c,) = [c for c in claims if c.sentence == sentence and c.printed == printed]
    assert (c.subject, c.indicator) == (subject, indicator)


def test_traditional_variant_has_the_same_claims(annotator):
    """The paper in traditional script (tests/variants.py, OpenCC s2t) gives the original's
    claims: same offsets, values, units and sources, with every string on a claim taken from
    the traditional text as received (no unit-less numbers reported)."""
    from marxkg.citations import document_from_text
    from marxkg.ingest.script import converter
    from marxkg.nlp.claims import attach_claims
    from tests.variants import VARIANTS, render

    s2t = converter("s2t").convert

    docs = []
    for name in ("original", "traditional"):
        doc = document_from_text(render(VARIANTS[name]), name)
        attach_claims(doc, annotator(doc).mentions)
        docs.append(doc)
    original, traditional = docs
    assert traditional.script == "Hant"

    def facts(doc):
        return [
            (c.start, c.end, c.value, c.value_min, c.value_max, c.unit, c.source.footnote)
            for c in doc.claims
        ]

    assert len(original.claims) >= 81
    assert facts(traditional) == facts(original)
    for c in traditional.claims:
        assert c.printed == traditional.text[c.start : c.end]
        assert c.qualifier is None or c.qualifier in traditional.text
        for value in (c.subject, c.indicator, c.place, c.time):  # written as the text writes
            assert value is None or all(s2t(ch) == ch for ch in value), value
    assert not [i for i in traditional.issues if i.kind == "claim-without-unit"]
