"""Sentence segmentation keeps quotations intact (table of text -> sentences)."""

from __future__ import annotations

import pytest

from marxkg.ingest.sentences import split_sentences

CASES = [
    ("甲。乙！丙？", ["甲。", "乙！", "丙？"]),
    ("他说：“机器。工人。”然后走了。", ["他说：“机器。工人。”", "然后走了。"]),
    (
        "大工业“必须用机器来生产机器。这样，才得以自立”。由于分工。",
        ["大工业“必须用机器来生产机器。这样，才得以自立”。", "由于分工。"],
    ),
    (
        "“机器体系表现为固定资本的最适当的形式。”机器体系因其耐久。",
        ["“机器体系表现为固定资本的最适当的形式。”", "机器体系因其耐久。"],
    ),
    ("一是推动融合。二是突出导向", ["一是推动融合。", "二是突出导向"]),
    (
        "数据 “零劳动时间投入”……自动化假象。 下一句。",
        ["数据 “零劳动时间投入”……自动化假象。", "下一句。"],
    ),
    ("（括号里的句子。）后文。", ["（括号里的句子。）", "后文。"]),
]


@pytest.mark.parametrize("text, expected", CASES)
def test_split(text, expected):
    spans = split_sentences(text)
    assert [text[s:e] for s, e in spans] == expected


def test_offsets_are_absolute():
    text = "前言\n甲。乙。"
    spans = split_sentences(text, 3, len(text))
    assert spans == [(3, 5), (5, 7)]
