"""``annotations.jsonld``: one W3C Web Annotation per concept mention, whose selectors
point at the mention in the document's reading text (code-point offsets)."""

from __future__ import annotations

import json

import pytest

from marxkg import paths
from marxkg.export import DOC_EXPORTERS
from marxkg.export.webanno import CONTEXT_CHARS, dumps_webanno, write_webanno
from marxkg.model import Annotations, Document, FrontMatter, Mention, Sentence
from tests import PAPER_ID

DOC_IRI = f"https://w3id.org/marxkg/doc/{PAPER_ID}"


@pytest.fixture(scope="module")
def raw(built):
    return (built.out / PAPER_ID / paths.DOC_FILES["annotations"]).read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def coll(raw):
    return json.loads(raw)


@pytest.fixture(scope="module")
def items(coll):
    return coll["first"]["items"]


def selectors(item) -> dict[str, dict]:
    sel = {s["type"]: s for s in item["target"]["selector"]}
    assert len(sel) == len(item["target"]["selector"]) == 2
    return sel


def test_registered():
    assert paths.DOC_FILES["annotations"] in DOC_EXPORTERS


def test_collection(coll, items, annotations):
    assert coll["@context"][0] == "http://www.w3.org/ns/anno.jsonld"
    assert set(coll["@context"][1]) == {"rule", "confidence"}
    assert coll["type"] == "AnnotationCollection"
    assert coll["id"] == f"{DOC_IRI}/annotations"
    assert coll["first"]["type"] == "AnnotationPage"
    assert coll["first"]["partOf"] == coll["id"]
    assert coll["total"] == len(items) == len(annotations.all_mentions())
    assert "Unicode code points" in coll["label"]
    assert coll["creator"] == {
        "id": "https://w3id.org/marxkg/agent/marxkg",
        "type": "Organization",
        "name": "marxkg project",
    }


def test_written_without_ascii_escapes(raw):
    assert "\\u" not in raw and "机器体系" in raw


def test_annotations(items, annotations):
    assert [i["id"] for i in items] == [
        f"{DOC_IRI}/annotation/{n}" for n in range(1, len(items) + 1)
    ]
    for item, m in zip(items, annotations.all_mentions(), strict=True):
        assert item["type"] == "Annotation"
        assert item["motivation"] == "tagging"
        assert item["creator"] == "https://w3id.org/marxkg/agent/marxkg"
        assert item["body"] == {
            "type": "SpecificResource",
            "source": m.concept,
            "purpose": "identifying",
        }
        assert (item["rule"], item["confidence"]) == (m.rule, m.confidence)
        assert item["target"]["source"] == DOC_IRI
        pos = selectors(item)["TextPositionSelector"]
        assert (pos["start"], pos["end"]) == (m.start, m.end)


def test_selectors_match_the_reading_text(items, paper):
    text = paper.text
    wrong = []
    for item in items:
        sel = selectors(item)
        pos, quote = sel["TextPositionSelector"], sel["TextQuoteSelector"]
        start, end = pos["start"], pos["end"]
        if not (
            text[start:end] == quote["exact"] != ""
            and quote["prefix"] == text[max(0, start - CONTEXT_CHARS) : start]
            and quote["suffix"] == text[end : end + CONTEXT_CHARS]
            and len(quote["prefix"]) == min(CONTEXT_CHARS, start)
            and len(quote["suffix"]) == min(CONTEXT_CHARS, len(text) - end)
        ):
            wrong.append((item["id"], start, end, quote["exact"]))
    assert wrong == []


def test_reading_text_is_the_nif_context(built, paper):
    """Positions refer to the same string as document.json's text (nif:isString)."""
    data = json.loads(
        (built.out / PAPER_ID / paths.DOC_FILES["document"]).read_text(encoding="utf-8")
    )
    assert data["text"] == paper.text


def test_positions_are_code_points(export_context):
    """A character outside the BMP (two UTF-16 code units) counts as one position."""
    text = "𠀀的机器体系"
    doc = Document("t", text, FrontMatter(), sentences=[Sentence(0, len(text), 0, text)])
    ann = Annotations(
        "t",
        "test",
        mentions=[Mention(2, 6, "机器体系", "https://example.org/c", "pref", 0, (2, 3))],
    )
    (item,) = json.loads(dumps_webanno(doc, ann, export_context))["first"]["items"]
    sel = selectors(item)
    assert sel["TextPositionSelector"] == {"type": "TextPositionSelector", "start": 2, "end": 6}
    assert sel["TextQuoteSelector"]["prefix"] == "𠀀的"


def test_dumps_is_deterministic(paper, annotations, export_context, raw):
    once = dumps_webanno(paper, annotations, export_context)
    assert once == dumps_webanno(paper, annotations, export_context)
    assert once == raw


def test_write_webanno(paper, annotations, export_context, tmp_path):
    path = tmp_path / "out" / "annotations.jsonld"
    write_webanno(paper, annotations, export_context, path)
    assert path.read_text(encoding="utf-8") == dumps_webanno(paper, annotations, export_context)
