"""Concept tagging (Chinese): token-aligned longest match from the SKOS labels.

Cases are tables of (text, expected mentions as (surface, concept slug)), read off the
ontology's labels; plus the gold-set evaluation on the real paper.
"""

from __future__ import annotations

import json

import pytest

from marxkg.ingest.document import parse_source
from marxkg.nlp.annotate import Annotator
from marxkg.ontology import load_ontology
from tests import ONTOLOGY


@pytest.fixture(scope="module")
def annotator():
    return Annotator(load_ontology(ONTOLOGY), "jieba")


def _mentions(annotator, sentence: str):
    doc = parse_source(f"标题\n\n{sentence}\n", "t")
    ann = annotator(doc)
    for m in ann.mentions:
        assert doc.text[m.start : m.end] == m.text
    return [(m.text, m.concept.rsplit("/", 1)[1]) for m in ann.mentions]


CASES = [
    # a label inside a longer word of another meaning is not a mention
    ("资本主义社会的基本矛盾。", []),
    # longest match wins: 超级剥削, not 剥削 inside it
    (
        "数字资本实现超级剥削。",
        [("数字资本", "digital-capital"), ("超级剥削", "super-exploitation")],
    ),
    ("AI固定资本加速贬值。", [("AI固定资本", "ai-fixed-capital")]),
    ("固定资本的价值逐步转移。", [("固定资本", "fixed-capital"), ("价值", "value")]),
    # a label jieba cannot hold as one word (em dashes) is still matched
    (
        "实现了“数据—信息—知识”转化。",
        [("数据—信息—知识", "data-information-knowledge-transformation")],
    ),
    # Latin labels glued to more Latin letters are not mentions (AI inside OpenAI)
    ("OpenAI发布新模型。", []),
    # the field's terms beyond the paper (price of production, law of value, the Chinese
    # names of real subsumption and objectified labour, all-round development)
    (
        "商品按生产价格出售，价值规律通过平均利润起作用。",
        [
            ("商品", "commodity"),
            ("生产价格", "price-of-production"),
            ("价值规律", "law-of-value"),
            ("平均利润", "average-profit"),
        ],
    ),
    (
        "形式从属与实际从属是两个阶段，物化劳动支配活劳动。",
        [
            ("形式从属", "formal-subsumption"),
            ("实际从属", "real-subsumption"),
            ("物化劳动", "objectified-labour"),
            ("活劳动", "living-labour"),
        ],
    ),
    ("促进人的全面发展。", [("人的全面发展", "all-round-development")]),
    (
        "相对过剩人口（产业后备军）不断扩大。",
        [
            ("相对过剩人口", "relative-surplus-population"),
            ("产业后备军", "industrial-reserve-army"),
        ],
    ),
]


@pytest.mark.parametrize("sentence, expected", CASES, ids=[c[0][:10] for c in CASES])
def test_tagging(annotator, sentence, expected):
    assert _mentions(annotator, sentence) == expected


def test_tokens_cover_sentences(paper, annotator):
    ann = annotator(paper)
    wrong = [t for t in ann.tokens if paper.text[t.start : t.end] != t.text or not t.pos]
    assert wrong == []
    assert len(ann.sentence_tokens) == len(paper.sentences)


def test_gold_precision_and_recall_in_report(built):
    """The gold set (corpus/<doc>/gold-mentions.jsonl, marked by reading under
    docs/tagging-policy.md) is evaluated, overall and per scheme."""
    report = json.loads((built.out / "report.json").read_text(encoding="utf-8"))
    ev = report["documents"][0]["tagger_evaluation"]
    assert ev["gold_mentions"] == 209 and len(ev["passages"]) == 6
    assert ev["f1"] >= 0.95
    assert set(ev["by_scheme"]) == {"marx", "ai-era", "socialist-application"}
    assert sum(s["gold_mentions"] for s in ev["by_scheme"].values()) == 209
    assert all(s["f1"] >= 0.9 for s in ev["by_scheme"].values())
