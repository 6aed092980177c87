"""``tokens.conllu``: well-formed CoNLL-U that reproduces every sentence of the paper.

The ``conllu`` package parses malformed lines silently (9 columns, say), so the structure
is checked here line by line; the package is used only for the round trip.
"""

from __future__ import annotations

import re

import conllu
import pytest

from marxkg import paths
from marxkg.export import DOC_EXPORTERS
from marxkg.export.conllu import UPOS, dumps_conllu, upos, write_conllu
from marxkg.model import Annotations, Block, Document, FrontMatter, Mention, Sentence, Token
from tests import PAPER_ID

UD_UPOS = {
    "ADJ",
    "ADP",
    "ADV",
    "AUX",
    "CCONJ",
    "DET",
    "INTJ",
    "NOUN",
    "NUM",
    "PART",
    "PRON",
    "PROPN",
    "PUNCT",
    "SCONJ",
    "SYM",
    "VERB",
    "X",
}
UNESCAPE = {"\\s": " ", "\\t": "\t", "\\n": "\n", "\\r": "\r", "\\p": "|", "\\\\": "\\"}


def blocks(text: str) -> list[list[str]]:
    """Sentence blocks (lists of lines); the text must end with exactly one blank line."""
    assert text.endswith("\n\n") and not text.endswith("\n\n\n")
    return [b.split("\n") for b in text[:-2].split("\n\n")]


def misc(field: str) -> dict[str, str]:
    return {} if field == "_" else dict(kv.split("=", 1) for kv in field.split("|"))


def rebuild(rows: list[list[str]]) -> str:
    """Forms joined by what MISC says follows each (the UD single-space rule)."""
    out = []
    for i, row in enumerate(rows):
        out.append(row[1])
        if i == len(rows) - 1:
            break
        m = misc(row[9])
        if m.get("SpaceAfter") == "No":
            continue
        spaces = m.get("SpacesAfter")
        out.append(
            re.sub(r"\\[stnrp\\]", lambda x: UNESCAPE[x.group()], spaces)
            if spaces is not None
            else " "
        )
    return "".join(out)


def check_structure(text: str) -> list[tuple[dict[str, str], list[list[str]]]]:
    """Every structural rule of CoNLL-U we rely on; returns (comments, token rows)."""
    sents = []
    for block in blocks(text):
        comments = [line for line in block if line.startswith("#")]
        rows = [line.split("\t") for line in block if not line.startswith("#")]
        assert block[: len(comments)] == comments, "comments precede the token lines"
        meta = {}
        for c in comments:
            key, _, value = c[2:].partition(" = ")
            meta[key] = value
        assert "sent_id" in meta and "text" in meta, block[:4]
        assert rows, meta["sent_id"]
        for n, row in enumerate(rows, start=1):
            assert len(row) == 10, row
            assert row[0] == str(n), (meta["sent_id"], row)
            assert row[1] and not re.search(r"\s", row[1]), row
            assert all(row), row  # empty fields are "_"
            assert row[3] in UD_UPOS, row
            assert row[6] == row[7] == row[8] == "_", row
        assert rebuild(rows) == meta["text"], meta["sent_id"]
        sents.append((meta, rows))
    return sents


@pytest.fixture(scope="module")
def text(built):
    return (built.out / PAPER_ID / paths.DOC_FILES["conllu"]).read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def sentences(text):
    return check_structure(text)


def test_registered():
    assert paths.DOC_FILES["conllu"] in DOC_EXPORTERS


def test_round_trips_through_conllu(text):
    assert "".join(s.serialize() for s in conllu.parse(text)) == text


def test_one_block_per_sentence(sentences, paper):
    assert len(sentences) == len(paper.sentences)
    assert [m["sent_id"] for m, _ in sentences] == [
        f"{PAPER_ID}-{i}" for i in range(1, len(paper.sentences) + 1)
    ]
    assert [m["text"] for m, _ in sentences] == [s.text for s in paper.sentences]
    assert sentences[0][0]["newdoc id"] == PAPER_ID
    assert sum("newpar" in m for m, _ in sentences) == len({s.block for s in paper.sentences})


def test_tokens_and_tags(sentences, annotations):
    rows = [r for _, rs in sentences for r in rs]
    assert [(r[1], r[2], r[4]) for r in rows] == [
        (t.text, t.text, t.pos) for t in annotations.tokens
    ]
    assert [r[3] for r in rows] == [upos(t.pos, t.text) for t in annotations.tokens]


def test_concept_spans(sentences, annotations):
    rows = [r for _, rs in sentences for r in rs]
    spans = []
    for i, r in enumerate(rows):
        m = misc(r[9])
        assert ("Concept" in m) == ("ConceptSpan" in m)
        if m.get("ConceptSpan") == "B":
            spans.append([i, i + 1, m["Concept"]])
        elif m.get("ConceptSpan") == "I":
            assert spans[-1][1] == i and spans[-1][2] == m["Concept"]
            spans[-1][1] = i + 1
    assert spans == [[m.tokens[0], m.tokens[1], m.concept] for m in annotations.mentions]


@pytest.mark.parametrize(
    ("tag", "form", "expected"),
    [
        ("n", "机器", "NOUN"),
        ("nz", "固定资本", "NOUN"),
        ("ng", "性", "NOUN"),
        ("nr", "马克思", "PROPN"),
        ("ns", "中国", "PROPN"),
        ("nt", "统计学", "PROPN"),
        ("v", "揭示", "VERB"),
        ("vd", "持续", "VERB"),
        ("vn", "研究", "NOUN"),
        ("a", "重要", "ADJ"),
        ("ad", "迅猛", "ADJ"),
        ("an", "困难", "ADJ"),
        ("d", "首先", "ADV"),
        ("p", "在", "ADP"),
        ("c", "和", "CCONJ"),
        ("uj", "的", "PART"),
        ("ul", "了", "PART"),
        ("u", "等", "PART"),
        ("m", "第三", "NUM"),
        ("q", "个", "NOUN"),
        ("r", "这种", "PRON"),
        ("x", "，", "PUNCT"),
        ("x", "“", "PUNCT"),
        ("x", "+", "SYM"),
        ("w", "。", "PUNCT"),
        ("eng", "GPT", "X"),
        ("eng", "2024", "NUM"),
        ("eng", "3.5", "NUM"),
        ("zzz", "？？", "X"),
    ],
)
def test_upos(tag, form, expected):
    assert upos(tag, form) == expected


def test_upos_table_uses_ud_tags():
    assert set(UPOS.values()) <= UD_UPOS


def test_spacing_rules(export_context):
    """One space: nothing; none: SpaceAfter=No; anything else: SpacesAfter (escaped)."""
    text = "AI  与 资本。"
    doc = Document(
        "t",
        text,
        FrontMatter(),
        blocks=[Block("paragraph", 0, len(text))],
        sentences=[Sentence(0, len(text), 0, text)],
    )
    spans = [(0, 2, "eng"), (4, 5, "p"), (6, 8, "n"), (8, 9, "x")]
    ann = Annotations(
        "t",
        "test",
        [Token(a, b, text[a:b], pos, 0) for a, b, pos in spans],
        [Mention(6, 8, "资本", "https://example.org/c", "pref", 0, (2, 3))],
        [(0, 4)],
    )
    out = dumps_conllu(doc, ann, export_context)
    ((meta, rows),) = check_structure(out)
    assert [r[9] for r in rows] == [
        "SpacesAfter=\\s\\s",
        "_",
        "Concept=https://example.org/c|ConceptSpan=B|SpaceAfter=No",
        "SpaceAfter=No",
    ]
    assert meta["text"] == text


def test_dumps_is_deterministic(paper, annotations, export_context, text):
    once = dumps_conllu(paper, annotations, export_context)
    assert once == dumps_conllu(paper, annotations, export_context)
    assert once == text


def test_write_conllu(paper, annotations, export_context, tmp_path):
    path = tmp_path / "out" / "tokens.conllu"
    write_conllu(paper, annotations, export_context, path)
    assert path.read_text(encoding="utf-8") == dumps_conllu(paper, annotations, export_context)
