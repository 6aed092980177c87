"""References printed in brackets in the running text (《求是》, 《红旗文稿》, the theory
pages of 《人民日报》, books): ``“…”（《马克思恩格斯文集》第5卷，人民出版社2009年版，第443页）``.

tests/data/web-inline is a web article written for these tests. Before this change it had
no citation at all, without a word, and its ``责任编辑：李四`` line was a paragraph. Every
expected value below is read off the source."""

from __future__ import annotations

from pathlib import Path

import pytest

from marxkg.citations import document_from_text
from marxkg.ingest.intext import is_bracketed_reference
from marxkg.ingest.script import converter

ARTICLE = Path(__file__).parent / "data" / "web-inline" / "source.md"


@pytest.fixture(scope="module")
def doc():
    return document_from_text(ARTICLE.read_text(encoding="utf-8"), "web-inline")


def test_every_bracketed_reference_is_a_note_with_its_citation(doc):
    printed = [doc.text[m.cue : m.offset] for m in doc.markers]
    assert printed == [
        "（《马克思恩格斯文集》第5卷，人民出版社2009年版，第443页）",
        "（同上，第427页）",
        "（《人民日报》2025年4月27日）",
        "（参见马克思：《资本论》第1卷，人民出版社2004年版，第427—428页）",
        "（《马克思恩格斯文集》第9卷，第550页）",
    ]
    assert [n.label for n in doc.footnotes] == ["(1)", "(2)", "(3)", "(4)", "(5)"]
    refs = [n.references[0] for n in doc.footnotes]
    assert [(r.kind, r.edition, r.volume, [p.label for p in r.pages]) for r in refs] == [
        ("marx", "marx-engels-wenji-2009", "5", ["443"]),
        ("marx", "marx-engels-wenji-2009", "5", ["427"]),  # 同上 repeats (1)
        ("newspaper", None, None, []),
        ("marx", "capital-zh-2004", "1", ["427-428"]),
        ("marx", "marx-engels-wenji-2009", "9", ["550"]),
    ]
    assert (refs[2].journal, refs[2].date, refs[2].title) == ("人民日报", "2025-04-27", None)
    assert refs[3].see


def test_the_quotation_before_the_brackets_is_cited(doc):
    quoted = {
        c.footnote: doc.quotations[c.quotation].text
        for c in doc.citations
        if c.quotation is not None
    }
    assert quoted == {
        1: "劳动资料取得机器这种物质存在方式，要求以自然力来代替人力。",
        2: "是生产剩余价值的手段",
        3: "推动人工智能健康有序发展",
        5: "劳动创造了人本身",
    }
    (authority,) = [c for c in doc.citations if c.footnote == 4]
    assert authority.characterization == "citesAsAuthority"


def test_the_brackets_stay_in_the_reading_text_and_the_editor_is_read(doc):
    assert "（同上，第427页）" in doc.text
    assert doc.front.editor == "李四"
    assert not any("责任编辑" in doc.text[b.start : b.end] for b in doc.blocks)
    # a bracketed title, a figure: no reference
    assert "（《Das Kapital》）" in doc.text and "（见图1）" in doc.text
    assert len(doc.markers) == 5


@pytest.mark.parametrize(
    ("inner", "reference"),
    [
        ("《马克思恩格斯文集》第5卷，第443页", True),
        ("同上", True),
        ("同上书，第12页", True),
        ("马克思：《资本论》第1卷，人民出版社2004年版", True),
        ("《經濟研究》2020年第3期", True),
        ("《资本论》", False),
        ("即《资本论》所说的机器体系", False),
        ("见图1", False),
        ("2018年", False),
        ("同上述分析一致", False),
    ],
)
def test_what_a_bracketed_reference_is(inner, reference):
    assert is_bracketed_reference(inner) is reference


def test_a_traditional_script_copy_reads_the_same(doc):
    text = converter("s2t").convert(ARTICLE.read_text(encoding="utf-8"))
    hant = document_from_text(text, "hant")
    assert hant.script == "Hant"
    assert [(m.cue, m.offset) for m in hant.markers] == [(m.cue, m.offset) for m in doc.markers]
    assert [n.references[0].edition for n in hant.footnotes] == [
        n.references[0].edition for n in doc.footnotes
    ]


MIXED = Path(__file__).parent / "data" / "notes-and-numbered-refs" / "source.md"


def test_footnotes_and_numbered_references_in_one_paper():
    """tests/data/notes-and-numbered-refs: ① notes in a 注释 section, and GB/T ``[n]``
    pointing to a numbered 参考文献. Before: the [n] were left in the text, linked to
    nothing, and the entries sat in the bibliography, without a word."""
    d = document_from_text(MIXED.read_text(encoding="utf-8"), "mixed")
    assert [(m.label, m.locator, d.footnotes[m.note - 1].label) for m in d.markers] == [
        ("①", None, "①"),
        ("[1]", None, "[1]"),
        ("[2]", "12", "[2]"),  # the page printed after the marker
        ("[1]", None, "[1]"),  # [1,3]: each entry it names
        ("[3]", None, "[3]"),
        ("②", None, "②"),
    ]
    kinds = {n.label: n.references[0].kind for n in d.footnotes}
    assert kinds == {
        "①": "marx", "[1]": "journal-article", "[2]": "book", "[3]": "newspaper", "②": "note"
    }  # fmt: skip
    assert [r.raw[:5] for r in d.bibliography] == ["赵六.未被"]
    assert ("reference", 27) in [(u.kind, u.source_line) for u in d.uncertain]
    assert "数字劳动[2]12" in d.text  # as printed
