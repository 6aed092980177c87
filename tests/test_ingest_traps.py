"""Issue 11: one small named fixture per trap seen in real papers. Each fixture is a few
lines written for the trap; the expected values are read off the fixture text."""

from __future__ import annotations

from pathlib import Path

import pytest

from marxkg.citations import document_from_text as ingest_text
from marxkg.ingest.document import SourceError
from marxkg.ingest.encoding import EncodingError, decode

BODY = (
    "机器体系是劳动资料的最发达形态，它改变了劳动过程的技术基础与社会形式，"
    "也改变了资本积累的条件与节奏。"
)


def doc(text: str, metadata: dict | None = None):
    return ingest_text(text, "trap", metadata)


def kinds(d) -> list[str]:
    return [u.kind for u in d.uncertain]


@pytest.mark.parametrize("first", ["APP下载", "首页 > 学术 > 正文", "首頁", "分享到：微信 微博"])
def test_web_furniture_is_never_the_title(first):
    d = doc(f"{first}\n\n机器与劳动\n\n{BODY}\n")
    assert d.front.title == "机器与劳动"
    assert first not in d.text
    assert ("furniture", 1) in [(u.kind, u.source_line) for u in d.uncertain]


WEB_PAGE = (
    "首页 > 学术研究 > 理论前沿 > 正文\n人工智能时代的劳动价值论\n"
    "来源：《马克思主义研究》2023年第5期  作者：王立新  发布时间：2023-06-01  浏览次数：1234\n"
    "【字体：大 中 小】【打印】【关闭】\n摘要：人工智能并不创造价值。\n关键词：人工智能；劳动价值论\n"
    f"一、人工智能不创造价值\n{BODY}\n"
)


def test_a_web_pages_control_bar_is_not_part_of_the_title():
    """Before, 【字体：大 中 小】【打印】【关闭】 was joined to the title line above it."""
    d = doc(WEB_PAGE)
    assert d.front.title == "人工智能时代的劳动价值论"
    assert "字体" not in d.text and "打印" not in d.text
    assert ("furniture", 4) in [(u.kind, u.source_line) for u in d.uncertain]


def test_a_web_pages_author_line_names_the_authors():
    """The line of article facts is web furniture (excluded), but its 作者 is the author
    when the page prints no author line of its own; reported with its line."""
    d = doc(WEB_PAGE)
    assert (d.front.authors, d.front.author) == (["王立新"], "王立新")
    assert ("author", 3) in [(u.kind, u.source_line) for u in d.uncertain]
    with_line = WEB_PAGE.replace(
        "人工智能时代的劳动价值论\n", "人工智能时代的劳动价值论\n\n李四\n\n"
    )
    assert doc(with_line).front.authors == ["李四"]  # the page's own author line wins


def test_a_first_heading_is_not_a_title_and_says_so():
    with pytest.raises(SourceError, match="no title"):
        doc(f"一、引言\n\n{BODY}\n")
    d = doc(f"一、引言\n\n{BODY}\n", {"title": {"zh-Hans": "机器与劳动"}})
    assert d.front.title == "机器与劳动"
    assert [s.title for s in d.sections] == ["引言"]
    assert kinds(d).count("title") == 2  # no title line; metadata used


def test_author_name_printed_before_the_title():
    d = doc(f"李四\n\n机器体系与人工智能的资本主义应用\n\n{BODY}\n")
    assert (d.front.title, d.front.author) == ("机器体系与人工智能的资本主义应用", "李四")
    assert "title" in kinds(d)


def test_metadata_title_wins_and_the_disagreement_is_reported():
    d = doc(f"机器与劳动\n\n{BODY}\n", {"title": {"zh-Hans": "机器与劳动：一个小样本"}})
    assert d.front.title == "机器与劳动：一个小样本"
    (u,) = [u for u in d.uncertain if u.kind == "metadata"]
    assert u.source_line == 1 and u.decision == "metadata.yaml wins"


def test_metadata_authors_win_and_the_disagreement_is_reported():
    """``authors:`` lists every author, the first author first (the author line printed 李四
    alone); ``author.name`` may name another first author."""
    d = doc(f"机器与劳动\n\n李四\n\n{BODY}\n", {"authors": ["王五", "李四"]})
    assert (d.front.authors, d.front.author, d.front.creators()) == (
        ["王五", "李四"], "王五", ["王五", "李四"]
    )  # fmt: skip
    (u,) = [u for u in d.uncertain if u.kind == "metadata"]
    assert u.excerpt == "authors: source 李四 / metadata 王五、李四"
    meta = {"authors": ["王五", "李四"], "author": {"name": "李四"}}
    assert doc(f"机器与劳动\n\n{BODY}\n", meta).front.creators() == ["李四", "王五"]


def test_every_author_is_a_creator_in_the_graph():
    """Two authors on the author line (before: only the first reached the graph;
    tests/test_export_tei.py checks the TEI header)."""
    from rdflib import URIRef
    from rdflib.namespace import DCTERMS

    from marxkg.graph import build_graph
    from marxkg.rdf.namespaces import Iris

    d = doc(f"机器与劳动\n\n刘明远  陈晓华\n\n{BODY}\n")
    assert d.front.creators() == ["刘明远", "陈晓华"]
    g = build_graph([d], None, Iris("https://w3id.org/marxkg/"))
    creators = g.objects(URIRef("https://w3id.org/marxkg/doc/trap"), DCTERMS.creator)
    assert sorted(str(c) for c in creators) == ["刘明远", "陈晓华"]


def test_title_broken_over_lines_with_subtitle_after_dashes():
    d = doc(
        f"马克思机器体系理论视域下\n人工智能技术资本主义应用\n——以平台劳动为例\n李四\n\n{BODY}\n"
    )
    assert d.front.title == "马克思机器体系理论视域下人工智能技术资本主义应用"
    assert d.front.subtitle == "以平台劳动为例"
    assert d.front.author == "李四"
    assert [u.source_line for u in d.uncertain if u.kind == "title"] == [2]


@pytest.mark.parametrize(
    "abstract",
    ["摘 要:", "[摘 要]", "【提 要】", "摘要：", "【内容提要】", "内容摘要：", "〔摘要〕"],
)
@pytest.mark.parametrize("keywords", ["关键词：", "關鍵詞:", "[关键词]", "【关 键 词】"])
def test_abstract_and_keyword_labels(abstract, keywords):
    d = doc(f"机器与劳动\n\n李四\n\n{abstract}本文研究机器。\n\n{keywords}机器；劳动\n\n{BODY}\n")
    assert d.front.abstract == "本文研究机器。"
    assert d.front.keywords == ["机器", "劳动"]
    assert d.paragraphs[-1].kind == "paragraph"


def test_journal_front_matter_fields():
    d = doc(
        "机器与劳动\n\n李四1，王五2\n\n（1. 某某大学经济学院，北京 100000；2. 某某研究院，上海 200000）\n\n"
        "摘要：本文研究机器。\n\n关键词：机器；劳动\n\n"
        "中图分类号：F091.91　文献标识码：A　文章编号：1000-0000(2025)01-0001-10\n\n"
        "DOI：10.1234/abc.2025.01.001\n\n"
        "基金项目：国家社会科学基金项目“机器与劳动研究”（21BKS001）\n\n"
        "作者简介：李四（1980-），男，某某大学经济学院副教授（北京 100000）；"
        "王五（1990-），某某研究院助理研究员（上海 200000）。\n\n"
        "收稿日期：2025-01-02\n\n"
        "Machine and Labour\n\nAbstract: This paper studies machines.\n\n"
        "Key words: machine; labour\n\n" + BODY + "\n"
    )
    f = d.front
    assert (f.title, f.authors, f.author) == ("机器与劳动", ["李四", "王五"], "李四")
    assert f.affiliations == ["某某大学经济学院，北京 100000", "某某研究院，上海 200000"]
    assert (f.clc, f.document_code, f.article_id, f.doi) == (
        "F091.91",
        "A",
        "1000-0000(2025)01-0001-10",
        "10.1234/abc.2025.01.001",
    )
    assert (f.funding_number, f.funding_project) == ("21BKS001", "机器与劳动研究")
    assert len(f.bios) == 2 and (f.birth_year, f.affiliation, f.position) == (
        "1980",
        "某某大学经济学院",
        "副教授",
    )
    assert f.received == "2025-01-02"
    assert (f.title_en, f.abstract_en, f.keywords_en) == (
        "Machine and Labour",
        "This paper studies machines.",
        ["machine", "labour"],
    )
    assert "Abstract" not in d.text and "中图分类号" not in d.text


def test_bracketed_labels_on_one_line_and_a_bio_without_address():
    """Labels in brackets with no colon, three on one line (before, 中图分类号 took the
    whole line), and a bio that gives no address and says more of the person (gender,
    native place, degree) before the institution (before, no birth year, and the whole
    bio was the affiliation)."""
    d = doc(
        "数字资本主义时代的机器体系批判*\n——基于《资本论》及其手稿的考察\n\n刘明远  陈晓华\n\n"
        "[摘 要] 本文研究机器。\n\n[关键词] 机器体系；数字资本\n\n"
        "[中图分类号] A811  [文献标识码] A  [文章编号] 1006-5199(2023)05-0045-12\n\n"
        + BODY
        + "\n\n* 基金项目：国家社会科学基金重大项目“数字经济时代的劳动问题研究”（21&ZD001）。\n"
        "[作者简介] 刘明远（1978-），男，汉族，湖北武汉人，博士，某某大学马克思主义学院教授，"
        "博士生导师；陈晓华（1990-），女，某某大学马克思主义学院博士研究生。\n"
    )
    f = d.front
    assert (f.title, f.subtitle, f.authors) == (
        "数字资本主义时代的机器体系批判", "基于《资本论》及其手稿的考察", ["刘明远", "陈晓华"]
    )  # fmt: skip
    assert (f.clc, f.document_code, f.article_id) == ("A811", "A", "1006-5199(2023)05-0045-12")
    assert (f.author, f.birth_year, f.affiliation, f.position, f.address) == (
        "刘明远", "1978", "某某大学马克思主义学院", "教授，博士生导师", None
    )  # fmt: skip
    assert len(f.bios) == 2 and f.funding_number == "21&ZD001"


@pytest.mark.parametrize(
    ("bio", "affiliation", "position", "address"),
    [
        ("徐景一（1979-），吉林大学马克思主义学院教授、博士生导师（吉林长春130012）。",
         "吉林大学马克思主义学院", "教授、博士生导师", "吉林长春"),
        ("张三（1970—），男，山东济南人，中共中央党校（国家行政学院）马克思主义理论教研部教授。",
         "中共中央党校（国家行政学院）马克思主义理论教研部", "教授", None),
    ],
)  # fmt: skip
def test_bio_fields(bio, affiliation, position, address):
    from marxkg.ingest.frontmatter import parse_bio
    from marxkg.model import FrontMatter

    f = FrontMatter(title="")
    parse_bio(bio, f)
    assert (f.affiliation, f.position, f.address) == (affiliation, position, address)


def test_numbered_affiliation_lines_are_not_headings():
    d = doc(
        f"机器与劳动\n\n李四1，王五2\n\n1. 某某大学经济学院，北京 100000\n\n"
        f"2. 某某研究院，上海 200000\n\n{BODY}\n\n一、机器\n\n{BODY}\n"
    )
    assert d.front.affiliations == ["某某大学经济学院，北京 100000", "某某研究院，上海 200000"]
    assert [s.id for s in d.sections] == ["intro", "1"]


def test_decimal_heading_is_a_subsection_not_section_13():
    d = doc(
        f"机器与劳动\n\n13 机器\n\n{BODY}\n\n13.1 机器的发展\n\n{BODY}\n\n13.2 机器的应用\n\n{BODY}\n"
    )
    assert [(s.id, s.title, s.level) for s in d.sections if s.id != "intro"] == [
        ("13.1", "机器的发展", 2),
        ("13.2", "机器的应用", 2),
    ]


@pytest.mark.parametrize(
    "item", ["（1）机器使劳动简单化；", "1. 机器使劳动简单化。", "一是机器使劳动简单化，"]
)
def test_numbered_list_items_stay_paragraph_text(item):
    d = doc(f"机器与劳动\n\n一、机器\n\n{BODY}\n\n{item}\n\n{BODY}\n")
    assert [s.title for s in d.sections if s.level == 1 and s.number] == ["机器"]
    assert all(s.level < 3 for s in d.sections)
    assert item in d.text


def test_heading_out_of_sequence_is_a_list_item_and_reported():
    d = doc(f"机器与劳动\n\n一、机器\n\n1. 机器的概念\n\n{BODY}\n\n3. 一个被编号的要点\n\n{BODY}\n")
    assert [s.id for s in d.sections] == ["1", "1.1"]
    (u,) = [u for u in d.uncertain if u.kind == "list-item"]
    assert u.source_line == 9


def test_subsections_numbered_through_the_paper():
    d = doc(
        f"机器与劳动\n\n一、机器\n\n1. 概念\n\n{BODY}\n\n2. 历史\n\n{BODY}\n\n二、劳动\n\n"
        f"3. 活劳动\n\n{BODY}\n"
    )
    assert [s.id for s in d.sections] == ["1", "1.1", "1.2", "2", "2.3"]
    assert "list-item" not in kinds(d)


def test_sub_sub_headings_keep_the_hierarchy():
    d = doc(
        f"机器与劳动\n\n一、机器\n\n（一）机器的概念\n\n（1）机器的定义\n\n{BODY}\n\n（2）机器的分类\n\n{BODY}\n"
    )
    assert [(s.id, s.parent, s.level) for s in d.sections] == [
        ("1", None, 1),
        ("1.1", "1", 2),
        ("1.1.1", "1.1", 3),
        ("1.1.2", "1.1", 3),
    ]


def test_funding_does_not_cut_off_the_author_bio():
    d = doc(
        f"机器与劳动\n\n李四\n\n基金项目：国家社科基金项目（21BKS001）\n\n"
        f"作者简介：李四（1980-），某某大学经济学院副教授（北京100000）。\n\n{BODY}\n"
    )
    assert (d.front.funding_number, d.front.affiliation) == ("21BKS001", "某某大学经济学院")


def test_superscript_digits_left_as_plain_digits():
    d = doc(
        "机器与劳动\n\n机器体系是“劳动资料的最发达形态”1，2021年的数据表明5%的企业采用了它2。\n\n"
        "注释：\n\n1. 《马克思恩格斯文集》第8卷，北京：人民出版社，2009年，第186页。\n\n"
        "2. 某某：《机器论》，北京：人民出版社，2022年，第3页。\n"
    )
    assert d.text.endswith("机器体系是“劳动资料的最发达形态”，2021年的数据表明5%的企业采用了它。")
    assert [(m.label, d.footnotes[m.note - 1].text[:3]) for m in d.markers] == [
        ("[1]", "《马克"),
        ("[2]", "某某："),
    ]
    assert d.issues == []


def test_markdown_footnotes():
    d = doc("机器与劳动\n\n机器体系[^1]是劳动资料[^2]。\n\n[^1]: 注一。\n[^2]: 注二。\n")
    assert d.text.endswith("机器体系是劳动资料。")
    assert [n.text for n in d.footnotes] == ["注一。", "注二。"]


def test_gbt_numeric_references_with_locators():
    d = doc(
        "机器与劳动\n\n机器体系是劳动资料[2]45。它改变了劳动[1]，也改变了资本[2]P47-48。\n\n"
        "参考文献：\n\n[1] 甲：《书一》，北京：人民出版社，2009年。\n\n[2] 乙：《书二》，北京：人民出版社，2010年。\n\n"
        "[3] 丙：《书三》，北京：人民出版社，2011年。\n"
    )
    assert d.text.endswith("机器体系是劳动资料。它改变了劳动，也改变了资本。")
    assert [(m.label, m.locator) for m in d.markers] == [
        ("[2]", "45"),
        ("[1]", None),
        ("[2]", "47-48"),
    ]
    assert [(n.label, len(n.markers)) for n in d.footnotes] == [("[2]", 2), ("[1]", 1)]
    assert [r.raw[:2] for r in d.bibliography] == ["丙："]
    assert [u.source_line for u in d.uncertain if u.kind == "reference"] == [11]


def test_gbt_marker_groups_point_to_every_entry():
    refs = "\n\n".join(f"[{n}] 作者{n}：《书{n}》，北京：人民出版社，2009年。" for n in range(1, 6))
    d = doc(
        f"机器与劳动\n\n机器体系是劳动资料[1,3]，也是固定资本[2-4]，还是技术基础［5］。\n\n"
        f"参考文献：\n\n{refs}\n"
    )
    assert d.text.endswith("机器体系是劳动资料，也是固定资本，还是技术基础。")
    assert [m.label for m in d.markers] == ["[1]", "[3]", "[2]", "[3]", "[4]", "[5]"]
    assert [(n.label, len(n.markers)) for n in d.footnotes] == [
        ("[1]", 1),
        ("[3]", 2),
        ("[2]", 1),
        ("[4]", 1),
        ("[5]", 1),
    ]
    assert d.bibliography == [] and d.issues == []


def test_unlinked_marker_and_note_are_reported_with_their_lines():
    note = "《马克思恩格斯文集》第5卷，北京：人民出版社，2009年，第444页。"
    d = doc(f"机器与劳动\n\n机器体系是劳动资料^①，也是固定资本^②。\n\n① {note}\n\n③ {note}\n")
    assert sorted((i.kind, i.source_line) for i in d.issues) == [
        ("footnote-without-marker", 7),
        ("marker-without-footnote", 3),
    ]
    assert {(u.kind, u.source_line) for u in d.uncertain} >= {
        ("footnote-without-marker", 7),
        ("marker-without-footnote", 3),
    }


def test_hard_wrapped_lines_rejoin_and_ambiguous_joins_are_reported():
    lines = ["机器与劳动"]
    para = BODY * 3
    lines += [para[k : k + 35] for k in range(0, len(para), 35)]
    lines += ["第二段很短。"]
    d = doc("\n".join(lines) + "\n" + "\n".join(["补充" * 17 + "。"] * 8) + "\n")
    assert d.text.split("\n")[:3] == ["机器与劳动", para, "第二段很短。"]
    assert d.wrap_joins > 0
    assert "wrap-join" in kinds(d)  # full-width lines ending a sentence, no indent/blank rule


def test_converter_junk_is_removed_and_reported():
    d = doc(f"机器与劳动\n\n科学(xué)技术是生产力。{BODY}\n")
    assert "科学技术是生产力。" in d.text and "xué" not in d.text
    assert ("furniture", 3) in [(u.kind, u.source_line) for u in d.uncertain]


def test_running_heads_and_page_numbers_are_page_breaks():
    page = "马克思主义研究 2025年第3期"
    d = doc(
        f"机器与劳动\n\n{BODY[:20]}\n\n· 57 ·\n\n{page}\n\n{BODY[20:]}\n\n{page}\n\n{BODY}\n\n{page}\n"
    )
    assert BODY in d.text
    assert [j.kind for j in d.joins] == ["page-break"]
    assert sorted(u.source_line for u in d.uncertain if u.kind == "furniture") == [5, 7, 11, 15]


def test_traditional_script_is_detected_and_kept_as_received():
    text = "機器與勞動\n\n機器體系是勞動資料的最發達形態，它改變了勞動過程的技術基礎。\n"
    d = doc(text)
    assert (d.script, d.language) == ("Hant", "zh-Hant")
    assert d.text == "機器與勞動\n機器體系是勞動資料的最發達形態，它改變了勞動過程的技術基礎。"
    assert "script" in kinds(d)


def test_metadata_language_wins_over_detection_and_says_so():
    d = doc("機器與勞動\n\n機器體系是勞動資料的最發達形態。\n", {"language": "zh-Hans"})
    assert d.language == "zh-Hans"
    assert [u.decision for u in d.uncertain if u.kind == "metadata"] == ["metadata.yaml wins"]


def test_traditional_language_tags_in_graph_literals():
    from rdflib import Graph
    from rdflib.namespace import DCTERMS

    from marxkg.graph.text import add_document
    from marxkg.rdf.namespaces import Iris

    d = doc("機器與勞動\n\n機器體系是勞動資料的最發達形態。\n")
    g = Graph()
    add_document(g, d, Iris())
    assert {str(o.language) for o in g.objects(None, DCTERMS.title)} == {"zh-Hant"}
    assert {str(o) for o in g.objects(None, DCTERMS.language)} == {"zh-Hant"}


@pytest.mark.parametrize("codec", ["big5", "utf-16"])
def test_big5_and_utf16_decoded_only_when_declared(codec):
    data = ("機器與勞動\n\n" + "機器體系是勞動資料的最發達形態。" * 20 + "\n").encode(codec)
    with pytest.raises(EncodingError, match="declare|UTF-16|not valid|binary"):
        decode(data, "paper.md")
    text, enc = decode(data, "paper.md", encoding=codec)
    assert enc == codec and text.startswith("機器與勞動")


def test_traditional_language_tag_in_tei(annotator, export_context):
    from marxkg.export.tei import XML_LANG, tei_tree

    d = doc("機器與勞動\n\n機器體系是勞動資料的最發達形態。\n")
    root = tei_tree(d, annotator(d), export_context)
    assert root.get(XML_LANG) == "zh-Hant"
    ns = {"tei": "http://www.tei-c.org/ns/1.0"}
    assert root.find(".//tei:langUsage/tei:language", ns).get("ident") == "zh-Hant"


def test_many_notes_of_one_width_are_not_hard_wrapping():
    note = "《马克思恩格斯文集》第5卷，北京：人民出版社，2009年，第444页。"
    markers = "".join(f"^{c}" for c in "①②③④⑤⑥⑦⑧⑨⑩")
    notes = "\n\n".join(f"{c} {note}" for c in "①②③④⑤⑥⑦⑧⑨⑩")
    d = doc(f"机器与劳动\n\n{BODY}{markers}\n\n{notes}\n\n{BODY}\n\n{BODY}\n")
    assert d.wrap_joins == 0 and len(d.footnotes) == 10 and d.issues == []


def test_marker_in_a_hard_wrapped_paragraph_is_reported_on_its_own_line():
    para = BODY * 2 + "它也是固定资本^①。" + BODY
    lines = ["机器与劳动"] + [para[k : k + 35] for k in range(0, len(para), 35)]
    lines += ["补充" * 17 + "。"] * 8
    at = next(n for n, ln in enumerate(lines, start=1) if "^①" in ln)
    d = doc("\n".join(lines) + "\n")
    assert at > 2 and d.wrap_joins > 0
    assert [(i.kind, i.source_line) for i in d.issues] == [("marker-without-footnote", at)]


HARDWRAP = Path(__file__).parent / "data" / "hardwrap-headings" / "source.md"


def test_hard_wrapped_headings_stand_alone_and_a_dotted_page_number_is_furniture():
    """A PDF text written for this test (tests/data/hardwrap-headings): lines wrapped at a
    fixed width, paragraphs separated by blank lines but headings not, and a running
    foot ``·46·  经济学家  2024年第3期`` between two pages. Before, each heading was
    joined to the paragraph after it (no section found), and the page foot was a
    paragraph."""
    text = HARDWRAP.read_text(encoding="utf-8")
    d = doc(text)
    assert [(s.number, s.title) for s in d.sections] == [
        ("一", "人工智能的资本属性"),
        ("二", "人工智能的社会属性"),
    ]
    assert "经济学家" not in d.text and "·46·" not in d.text
    lines = text.split("\n")
    foot = next(u for u in d.uncertain if u.kind == "furniture")
    assert lines[foot.source_line - 1].startswith("·46·")
    headings = [u.source_line for u in d.uncertain if u.decision.startswith("not joined")]
    assert [lines[n - 2] for n in headings] == ["一、人工智能的资本属性", "二、人工智能的社会属性"]
    assert [[r.kind for r in n.references] for n in d.footnotes] == [
        ["marx"],
        ["journal-article"],
        ["marx"],
    ]
    assert d.issues == [] and len(d.citations) == 3


def test_corner_bracket_quotations_are_quotations():
    """「…」 (with 『…』 nested), as traditional-script papers print quotations: the marker
    after it cites the quotation (before, no quotation was found and the citation was
    only an authority)."""
    text = TRADITIONAL_NOTES.read_text(encoding="utf-8")
    d = doc(text)
    assert [q.text for q in d.quotations] == ["勞動資料取得機器這種物質存在方式。"]
    assert [c.characterization for c in d.citations] == [
        "includesQuotationFrom",
        "citesAsAuthority",
    ]
    assert d.citations[0].quotation == 0


TRADITIONAL_NOTES = Path(__file__).parent / "data" / "traditional-notes" / "source.md"


@pytest.mark.parametrize(
    ("text", "quoted"),
    [
        ("甲：“乙。”", ["乙。"]),
        ("甲：「乙『丙』丁。」", ["乙『丙』丁。"]),
        ("“甲“乙”丙”", ["甲“乙”丙"]),  # a nested pair of the same marks
        ("「甲”乙」", ["甲”乙"]),  # a closing mark of the other pair closes nothing
        ("“未完", []),  # an unbalanced opening mark: no quotation
    ],
)
def test_quotation_marks(text, quoted):
    from marxkg.ingest.quotations import find_quotations

    assert [text[a:b] for a, b in find_quotations(text)] == quoted


@pytest.mark.parametrize(("opening", "closing"), [("〔", "〕"), ("【", "】"), ("［", "］")])
def test_markers_in_other_brackets(opening, closing):
    """Markers and endnotes numbered in 〔1〕 or 【1】 (tests/data/tortoise-brackets, and the
    same paper with its brackets replaced): before, 〔1〕 was not a marker, so the notes
    stayed in the reading text as paragraphs and no citation was found, without a word."""
    text = (Path(__file__).parent / "data" / "tortoise-brackets" / "source.md").read_text(
        encoding="utf-8"
    )
    d = doc(text.replace("〔", opening).replace("〕", closing))
    assert [n.label for n in d.footnotes] == ["[1]", "[2]", "[3]"]
    assert [[r.kind for r in n.references] for n in d.footnotes] == [["book"], ["marx"], ["marx"]]
    assert opening not in d.text and "参见王五" not in d.text
    assert len(d.citations) == 3 and d.issues == []
    assert d.footnotes[2].references[0].pages[0].start == "743"  # 同上书 repeats 文集5


UNLABELLED_BIO = Path(__file__).parent / "data" / "unlabelled-bio" / "source.md"


def test_a_front_page_in_the_style_of_the_social_sciences_journals():
    """tests/data/unlabelled-bio, written for this test: two-character names spaced to the
    width of three (``张  伟　李  明``), a bio without a label (``作者张伟，…教授（北京
    100872）。``), unnumbered 引  言 and 结  语 sections, a 〔责任编辑：…〕 line. Before: the
    author line was joined to the title (``…劳动价值论张伟``), the bio was the first
    paragraph, 引言/结语 were paragraphs of no section, and the editor line was text."""
    d = doc(UNLABELLED_BIO.read_text(encoding="utf-8"))
    front = d.front
    assert front.title == "论人工智能时代的劳动价值论"
    assert front.authors == ["张伟", "李明"]
    assert (front.author, front.affiliation, front.position) == (
        "张伟",
        "中国人民大学经济学院",
        "教授",
    )
    assert (front.address, front.postcode, front.editor) == ("北京", "100872", "王强")
    assert [(s.id, s.title) for s in d.sections] == [
        ("intro", "引言"),
        ("1", "人工智能与价值创造"),
        ("conclusion", "结语"),
    ]
    paragraphs = [d.text[b.start : b.end] for b in d.blocks if b.kind == "paragraph"]
    assert len(paragraphs) == 3 and paragraphs[-1] == "人工智能并不改变价值的源泉。"
    assert not any("作者" in p or "编辑" in p for p in paragraphs)


def test_closing_punctuation_between_a_quotation_and_its_marker():
    """``“…”。①`` and ``“…”，③`` (GB/T 15834: the writer's punctuation outside the
    quotation marks): the marker still cites the quotation (before: an authority only)."""
    d = doc(UNLABELLED_BIO.read_text(encoding="utf-8"))
    assert [(c.footnote, c.characterization) for c in d.citations] == [
        (1, "includesQuotationFrom"),
        (2, "citesAsAuthority"),
        (3, "includesQuotationFrom"),
    ]
    assert d.quotations[d.citations[2].quotation].text == "最适当的形式"
    # the editors (…编译局编译：) are not the authors of the collection
    assert [a.name for a in d.footnotes[2].references[0].authors] == ["马克思", "恩格斯"]


def test_a_heading_word_is_no_author():
    """A paper without an author line whose first section is ``引  言``: the heading is a
    heading, not the author (``引言`` has the shape of a two-character name)."""
    text = "论人工智能\n\n摘要：质疑。\n\n引  言\n\n机器不创造价值。\n\n结论\n\n结论的段落。\n"
    d = doc(text)
    assert d.front.authors == [] and d.front.author == ""
    assert [s.id for s in d.sections] == ["intro", "conclusion"]


CNKI_PAGE = Path(__file__).parent / "data" / "cnki-page" / "source.md"


def test_a_cnki_record_page():
    """tests/data/cnki-page, written for this test in the layout of a CNKI record page:
    the institutions on one line apart, 基金资助, 分类号, and the record's facts (专辑, 专题,
    下载 页码 页数 大小). Before: the institutions line ended the front matter, so the abstract
    and keywords were ignored as printed after the body, and the record's facts were
    paragraphs of the paper."""
    d = doc(CNKI_PAGE.read_text(encoding="utf-8"))
    front = d.front
    assert front.authors == ["李明", "张华"]
    assert front.affiliations == ["中国人民大学经济学院", "南京大学马克思主义学院"]
    assert front.abstract == "本文基于马克思的机器理论分析人工智能的资本主义应用。"
    assert front.keywords == ["人工智能", "机器体系", "资本积累"]
    assert (front.funding_number, front.clc) == ("23ZDA001", "F0-0")
    assert front.doi == "10.16012/j.cnki.88375471.2024.03.005"
    paragraphs = [d.text[b.start : b.end] for b in d.blocks if b.kind == "paragraph"]
    assert paragraphs == ["马克思指出，机器“是生产剩余价值的手段”。人工智能是新的机器体系。"]
    assert [(u.kind, u.source_line) for u in d.uncertain if u.kind == "furniture"] == [
        ("furniture", 13),
        ("furniture", 15),
        ("furniture", 21),
    ]
    assert [n.references[0].edition for n in d.footnotes][:1] == ["marx-engels-wenji-2009"]


@pytest.mark.parametrize("title", ["人工智能与生产关系", "数字经济时代的数据中心"])
def test_a_title_ending_like_an_institution_is_a_title(title):
    d = doc(f"{title}\n\n张三\n\n摘要：摘要。\n\n一、引言\n\n正文。\n")
    assert d.front.title == title


def test_a_paper_not_in_chinese_is_refused_with_a_clear_error():
    """An English paper (its title, abstract, body and references written for this test):
    before, the error said no title was found."""
    text = (
        "Machinery and Artificial Intelligence: A Marxian Reading\n\nLi Wei\n\n"
        "Abstract: This paper reads artificial intelligence through Marx's theory of "
        "machinery.\n\nKeywords: artificial intelligence; machinery; fixed capital\n\n"
        '1. Introduction\n\nMarx wrote that machinery is "a means for producing '
        'surplus-value".[1] This insight remains relevant.[2]\n\nReferences\n\n'
        "[1] Marx K. Capital: Volume I[M]. London: Penguin, 1976: 492.\n"
        "[2] Harvey D. The Limits to Capital[M]. London: Verso, 2006.\n"
    )
    with pytest.raises(SourceError, match=r"not a Chinese paper \(0 of \d+ letters"):
        doc(text)


DIGIT_FOOTNOTES = """机器体系与人工智能

张三

摘要：本文讨论机器体系。

一、引言

马克思指出，机器“是生产剩余价值的手段”1。人工智能也是如此2。

1 《马克思恩格斯文集》第5卷，人民出版社2009年版，第427页。
2 张三：《人工智能》，人民出版社2020年版，第5页。

二、结论

机器体系是固定资本1。

1 《马克思恩格斯文集》第8卷，人民出版社2009年版，第186页。
"""


def test_footnotes_numbered_with_plain_digits_at_the_page_foot():
    """PDF text whose superscript note numbers came out as plain digits, the notes at each
    page's foot numbered from 1 again, without a 注释 header (written for this test).
    Before: the notes were paragraphs, the digits stayed in the text, no citation and no
    word."""
    d = doc(DIGIT_FOOTNOTES)
    assert [(m.label, m.note) for m in d.markers] == [("[1]", 1), ("[2]", 2), ("[1]", 3)]
    assert [(n.references[0].edition, n.references[0].volume) for n in d.footnotes] == [
        ("marx-engels-wenji-2009", "5"),
        (None, None),
        ("marx-engels-wenji-2009", "8"),
    ]
    paragraphs = [d.text[b.start : b.end] for b in d.blocks if b.kind == "paragraph"]
    assert paragraphs == [
        "马克思指出，机器“是生产剩余价值的手段”。人工智能也是如此。",
        "机器体系是固定资本。",
    ]
    assert d.citations[0].characterization == "includesQuotationFrom"


def test_a_numbered_line_without_a_reference_is_no_digit_footnote():
    """``2 《资本论》中的机器体系`` names a work but prints nothing a reference prints."""
    d = doc(DIGIT_FOOTNOTES.replace("二、结论", "2 《资本论》中的机器体系"))
    assert len(d.footnotes) == 3
    assert "2 《资本论》中的机器体系" in d.text


def test_letter_spaced_text_reads_as_the_paper():
    """The fixture paper as some PDF converters print Chinese: a space between every two
    characters (``马 克 思 指 出 ，``), derived here. Before: every paragraph kept the spaces,
    so no concept could be found in it and the notes were unparsed."""
    import re

    from tests import FIXTURE_PAPER

    text = FIXTURE_PAPER.read_text(encoding="utf-8")
    wide = "\u3400-\u9fff\u3000-\u303f\uff00-\uffef“”‘’\u2460-\u24ff"
    # a letter gap is one space, a word gap (between the keywords) wider
    spaced = re.sub(rf"(?<=[{wide}]) (?=[{wide}])", "   ", text)
    spaced = re.sub(rf"(?<=[{wide}])(?=[{wide}])", " ", spaced)
    assert "马 克 思" in spaced
    a, b = doc(text), doc(spaced)
    assert b.text == a.text
    assert [n.text for n in b.footnotes] == [n.text for n in a.footnotes]
    assert [(c.footnote, c.quotation, c.page) for c in b.citations] == [
        (c.footnote, c.quotation, c.page) for c in a.citations
    ]
    assert [u.decision for u in b.uncertain if u.kind == "furniture"] == [
        "letter-spaced text: the spaces between Chinese characters removed"
    ]


def test_superscript_digits_are_markers():
    """Note numbers printed as Unicode superscripts (a web page's <sup> copied as ``¹``),
    notes after 注释 (written for this test). Before: no marker, each note reported as
    having none. ``m²`` is no marker."""
    text = (
        "机器体系与人工智能\n\n张三\n\n摘要：本文讨论机器体系。\n\n一、引言\n\n"
        "马克思指出，机器“是生产剩余价值的手段”¹。人工智能也是如此²。厂房面积为500m²。\n\n"
        "注释：\n\n1. 《马克思恩格斯文集》第5卷，人民出版社2009年版，第427页。\n"
        "2. 张三：《人工智能》，人民出版社2020年版，第5页。\n"
    )
    d = doc(text)
    assert [(m.label, m.note) for m in d.markers] == [("[1]", 1), ("[2]", 2)]
    assert d.footnotes[0].references[0].edition == "marx-engels-wenji-2009"
    assert "500m²" in d.text and "手段”。" in d.text
    assert d.citations[0].characterization == "includesQuotationFrom"
