"""The real paper: every expected value below was read off source.md by hand.

Page blocks (footnote numbering restarts on each printed page) and their footnotes:
p1 ①-③ (+ funding note *), p2 ①-④, p3 ①-⑩, p4 ①-⑤, p5 ①-③, p6 ①-④, p7 ①-⑥,
p8 ①-⑩, p9 ①-④, p10 ①-⑥, p11 ①-③ = 58 footnotes in 11 blocks. The block after
（上接第80页） (①) and the text between （下转第144页） and （上接第80页） belong to another article.
"""

from __future__ import annotations

from collections import Counter

import pytest

NOTES_PER_GROUP = [3, 4, 10, 5, 3, 4, 6, 10, 4, 6, 3]


def test_front_matter(paper):
    f = paper.front
    assert f.title == "马克思机器体系理论视域下人工智能技术资本主义应用困境研究"
    assert (f.author, f.birth_year, f.postcode) == ("徐景一", "1979", "130012")
    assert f.affiliation == "吉林大学马克思主义学院"
    assert f.position == "教授、博士生导师"
    assert f.address == "吉林长春"
    assert f.funding_number == "24AKS003"
    assert f.funding_project == "马克思资本积累理论视域下西方数字资本主义批判研究"
    assert f.keywords == ["机器体系", "资本主义应用", "人工智能技术", "脱实向虚", "数实融合"]
    assert f.abstract.startswith("马克思在劳动资料、固定资本与技术基础的多维语境下")
    assert f.abstract.endswith("构建交融共生人机命运共同体。")
    assert f.editor == "黄华德"  # the editor line is metadata, not text
    assert "编辑" not in paper.text


def test_sections(paper):
    parts = [s for s in paper.sections if s.level == 1 and s.number]
    assert [(s.number, s.title) for s in parts] == [
        ("一", "马克思机器体系理论：作为劳动资料、固定资本、技术基础的机器体系应用"),
        ("二", "人工智能技术资本主义应用困境的现实审视"),
        ("三", "人工智能技术社会主义应用愿景的未来展望"),
    ]
    subs = [s.id for s in paper.sections if s.level == 2]
    assert subs == ["1.1", "1.2", "1.3", "2.1", "2.2", "2.3", "3.1", "3.2", "3.3"]
    titles = {s.id: s.title for s in paper.sections}
    assert (
        titles["2.2"]
        == "作为固定资本的人工智能技术应用更新，制造失业人口与加剧“脱实向虚”资本积累失衡结构"
    )


def test_footnotes_per_page_block(paper):
    assert len(paper.footnotes) == 58
    assert [n.n for n in paper.footnotes] == list(range(1, 59))
    per_group = Counter(n.group for n in paper.footnotes)
    assert [per_group[g] for g in range(1, 12)] == NOTES_PER_GROUP


def test_every_marker_links_to_exactly_one_footnote_and_back(paper):
    assert len(paper.markers) == 58
    assert all(m.note is not None for m in paper.markers)
    wrong = [
        note.n
        for note in paper.footnotes
        if len(note.markers) != 1 or paper.markers[note.markers[0]].label != note.label
    ]
    assert wrong == []
    assert paper.issues == []


@pytest.mark.parametrize(
    "group, label, before_marker",
    [
        (1, "①", "“人工智能的第三波浪潮开始了”"),
        (2, "②", "构成‘主人’的权力”"),
        (3, "⑦", "则表现为资本一般的最适当的形式。”"),
        (3, "⑩", "“以对抗性的分配关系为基础的消费力”"),
        (4, "①", "取决于它的相对耐久程度。”"),
        (7, "⑤", "参数量与数据量间的定量关系”"),
        (8, "⑨", "成为美股科技公司六大巨头"),
        (11, "③", "为弥合全球智能鸿沟作出中国贡献。”"),
    ],
)
def test_marker_positions(paper, group, label, before_marker):
    note = next(n for n in paper.footnotes if n.group == group and n.label == label)
    offset = paper.markers[note.markers[0]].offset
    assert paper.text[:offset].endswith(before_marker)


def test_marx_citations_by_volume(paper):
    pages = Counter()
    notes = Counter()
    for note in paper.footnotes:
        for ref in note.references:
            if ref.kind == "marx":
                notes[(ref.edition, ref.volume)] += 1
                pages[(ref.edition, ref.volume)] += len(ref.pages)
    assert notes == {
        ("marx-engels-wenji-2009", "5"): 14,
        ("marx-engels-wenji-2009", "8"): 6,
        ("marx-engels-wenji-2009", "7"): 1,
        ("marx-engels-wenji-2009", "6"): 1,
        ("marx-engels-quanji-2", "31"): 1,
    }
    assert pages[("marx-engels-wenji-2009", "5")] == 17


def test_references_by_kind(paper):
    kinds = Counter(r.kind for n in paper.footnotes for r in n.references)
    assert kinds == {
        "marx": 23,
        "report": 11,
        "web-page": 9,
        "journal-article": 7,
        "translated-book": 6,
        "newspaper": 2,
    }
    assert [r.kind for r in paper.bibliography] == ["journal-article"] * 5
    assert paper.bibliography[0].title == "资本积累机制的“双刃剑效应”与大国兴衰"


@pytest.mark.parametrize(
    "joined",
    [
        "加剧了资本主义",
        "商品的价值实现与流通过程",
        "生产性劳动才能创造",
        "锻造了世界性的零工市场",
        "向取代劳动力",
        "AI产业中资本有机构成",
        "进而促使消费者",
        "日均处理超2万条",
        "制约智能制造发展的短板环节",
        "共商共建具有广泛共识",
    ],
)
def test_page_break_joins(paper, joined):
    assert joined in paper.text


def test_join_count_and_kinds(paper):
    assert Counter(j.kind for j in paper.joins) == {"page-break": 9, "continuation": 1}


def test_no_markers_or_notes_in_reading_text(paper):
    for ch in "^①②③④⑤⑥⑦⑧⑨⑩":
        assert ch not in paper.text
    assert "人民出版社" not in paper.text  # footnote text stays out of the body
    assert "（下转" not in paper.text and "（上接" not in paper.text


def test_other_article_excluded_and_reported(paper):
    assert "能伦理新范式" not in paper.text
    assert "刘海江" not in paper.text
    (ex,) = paper.excluded
    assert ex.source_lines == (257, 267)
    assert ex.head.startswith("能伦理新范式")
    assert len(ex.footnotes) == 2 and "致贺信" in ex.footnotes[0]


def test_quotation_paired_with_page_k(paper):
    """Footnote ⑤ of page 4 lists 第519、47页 for two quotations: k-th with k-th."""
    pairs = []
    for c in paper.citations:
        note = paper.footnotes[c.footnote - 1]
        ref = note.references[c.reference]
        if ref.kind == "marx" and c.quotation is not None and len(ref.pages) > 1:
            pairs.append((ref.pages[c.page].label, paper.quotations[c.quotation].text[:8]))
    assert pairs == [
        ("444", "机器和发达的机器"),
        ("453", "在工厂的有组织的"),
        ("441", "必须用机器来生产"),
        ("440", "一个工业部门生产"),
        ("519", "这种生产方式就获"),
        ("47", "资本主义生产方式"),
    ]


def test_quotation_offsets(paper):
    for q in paper.quotations:
        assert paper.text[q.start : q.end] == q.text
        assert paper.text[q.start - 1] == "“" and paper.text[q.end] == "”"


def test_sentences_keep_quotations_intact(paper):
    texts = [s.text for s in paper.sentences]
    assert (
        "“固定资本只是按照它作为使用价值在生产过程中被磨损或被消费的程度而作为价值来流通。"
        "但是，它这样被消费和必须在它作为使用价值的形式上被再生产出来的时间，"
        "取决于它的相对耐久程度。”"
    ) in texts
    for s in paper.sentences:
        assert paper.text[s.start : s.end] == s.text
