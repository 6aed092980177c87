"""Citation forms the shipped paper does not use, as other journals and style sheets print
them: volumes in Chinese numerals, works outside the registry in the publisher-year form,
GB/T 7714 and English (Chicago, APA) styles, MECW cited by its authors, and works named
inside a collection. Every expected value is read off the printed string."""

from __future__ import annotations

from pathlib import Path

import pytest

from marxkg.citations import CLASSIC_BOOK, document_from_text, parse_reference
from marxkg.citations.fold import chinese_number, fold
from marxkg.citations.parse import classic_author

STYLES_PAPER = Path(__file__).parent / "data" / "citation-styles" / "source.md"


def pages(ref) -> list[tuple[str, str]]:
    return [(p.start, p.end) for p in ref.pages]


@pytest.mark.parametrize(
    ("text", "number"),
    [("一", 1), ("十", 10), ("十二", 12), ("二十", 20), ("四十六", 46), ("五十", 50),
     ("一百", 100), ("一百零五", 105), ("二〇〇九", 2009)],
)  # fmt: skip
def test_chinese_numbers(text, number):
    assert chinese_number(text) == number


def test_fold_writes_a_volume_in_digits_and_nothing_else():
    assert fold("《马克思恩格斯全集》第二十三卷") == "《马克思恩格斯全集》第23卷"
    assert fold("（第一卷）") == "(第1卷)"
    assert fold("第二版，第一次印刷") == "第二版,第一次印刷"  # not a volume


@pytest.mark.parametrize(
    ("text", "edition", "volume", "part", "page_ranges"),
    [
        ("马克思：《资本论》（第一卷），人民出版社2018年版，第427页。",
         "capital-zh-2018", "1", None, [("427", "427")]),
        ("马克思：《资本论》第三卷，北京：人民出版社，2004年，第928—929页。",
         "capital-zh-2004", "3", None, [("928", "929")]),
        ("《马克思恩格斯文集》第五卷，人民出版社2009年版，第427页。",
         "marx-engels-wenji-2009", "5", None, [("427", "427")]),
        ("《马克思恩格斯全集》第四十六卷下册，人民出版社1980年版，第217页",
         "marx-engels-quanji-1", "46", "下", [("217", "217")]),
        ("《馬克思恩格斯全集》第二十三卷，人民出版社1972年版，第410頁。",
         "marx-engels-quanji-1", "23", None, [("410", "410")]),
    ],
)  # fmt: skip
def test_volumes_in_chinese_numerals(text, edition, volume, part, page_ranges):
    """Before: every one of these was ``other`` (unparsed)."""
    ref = parse_reference(text)
    assert (ref.kind, ref.edition, ref.volume, ref.part_printed) == ("marx", edition, volume, part)
    assert pages(ref) == page_ranges
    assert ref.raw == text  # the record keeps what was printed


@pytest.mark.parametrize(
    ("text", "edition", "year", "page_ranges"),
    [
        # a bare year after the publisher (no 年)
        ("《资本论》（第1卷），人民出版社，2004，第443页。", "capital-zh-2004", "2004",
         [("443", "443")]),
        # the page as P443
        ("《马克思恩格斯文集》第5卷，人民出版社2009年版，P443。", "marx-engels-wenji-2009", "2009",
         [("443", "443")]),
    ],
)  # fmt: skip
def test_bare_year_and_p_pages(text, edition, year, page_ranges):
    """Before: no year (so no edition for 资本论), and no page."""
    ref = parse_reference(text)
    assert (ref.kind, ref.edition, ref.year, pages(ref)) == ("marx", edition, year, page_ranges)


@pytest.mark.parametrize(
    ("text", "volume", "page_ranges", "year"),
    [
        ("Karl Marx and Frederick Engels, Collected Works, vol. 35 (London: Lawrence & "
         "Wishart, 1996), 375.", "35", [("375", "375")], "1996"),
        ("Marx K, Engels F. Collected Works, Vol. 29. London: Lawrence & Wishart, 1987: 210.",
         "29", [("210", "210")], "1987"),
        ("Engels, Collected Works, vol. 25, p. 254.", "25", [("254", "254")], None),
    ],
)  # fmt: skip
def test_mecw_cited_by_its_authors(text, volume, page_ranges, year):
    """Before: read as explanatory notes (kind ``note``), that is, silently dropped."""
    ref = parse_reference(text)
    assert (ref.kind, ref.edition, ref.volume, ref.year) == ("marx", "mecw", volume, year)
    assert pages(ref) == page_ranges


def test_penguin_volume_in_words():
    ref = parse_reference(
        "Karl Marx, Capital: A Critique of Political Economy, Volume One, trans. Ben Fowkes, "
        "London: Penguin, 1976, p. 492."
    )
    assert (ref.kind, ref.edition, ref.volume, pages(ref)) == (
        "marx", "penguin-capital", "1", [("492", "492")]
    )  # fmt: skip


def test_lenins_collected_works_are_not_mecw():
    ref = parse_reference(
        "V. I. Lenin, Collected Works, vol. 27 (Moscow: Progress Publishers, 1965), 259."
    )
    assert (ref.kind, ref.edition, ref.title, ref.volume) == ("book", None, "Collected Works", "27")
    assert [a.name for a in ref.authors] == ["V. I. Lenin"]
    assert (ref.place, ref.publisher, ref.year, pages(ref)) == (
        "Moscow", "Progress Publishers", "1965", [("259", "259")]
    )  # fmt: skip


BOOK = "book"
ARTICLE = "journal-article"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("习近平：《习近平谈治国理政》第四卷，外文出版社2022年版，第123页。",
         dict(kind=BOOK, authors=["习近平"], title="习近平谈治国理政", volume="4", place=None,
              publisher="外文出版社", year="2022", pages=[("123", "123")], language="zh-Hans")),
        ("张三：《数字资本论》，北京：人民出版社2019年版，第5页。",
         dict(kind=BOOK, authors=["张三"], title="数字资本论", place="北京",
              publisher="人民出版社", year="2019", pages=[("5", "5")])),
        ("马克思、恩格斯：《德意志意识形态》（节选），人民出版社2018年版，第20页。",
         dict(kind=BOOK, authors=["马克思", "恩格斯"], title="德意志意识形态",
              publisher="人民出版社", year="2018", pages=[("20", "20")])),
        ("《习近平关于科技创新论述摘编》，中央文献出版社2016年版，第10页。",
         dict(kind=BOOK, authors=[], title="习近平关于科技创新论述摘编",
              publisher="中央文献出版社", year="2016", pages=[("10", "10")])),
        ("[英]尼克·斯尔尼塞克：《平台资本主义》，程水英译，广东人民出版社2018年版，第50页。",
         dict(kind="translated-book", authors=["尼克·斯尔尼塞克"], title="平台资本主义",
              translators=["程水英"], publisher="广东人民出版社", year="2018",
              pages=[("50", "50")])),
        ("王五：《人工智能与劳动》，《经济研究》，2020年第3期，第12—20页。",
         dict(kind=ARTICLE, authors=["王五"], title="人工智能与劳动", journal="经济研究",
              year="2020", issue="3", pages=[("12", "20")])),
        ("王五：《人工智能与劳动》，载《经济研究》2020年第3期。",
         dict(kind=ARTICLE, title="人工智能与劳动", journal="经济研究", year="2020", issue="3",
              pages=[])),
        ("张三.数字资本论[M].北京:人民出版社,2019:5.",
         dict(kind=BOOK, authors=["张三"], title="数字资本论", place="北京",
              publisher="人民出版社", year="2019", pages=[("5", "5")], language="zh-Hans")),
        ("李四, 王五. 人工智能与劳动[J]. 经济研究, 2020, 40(3): 12-20.",
         dict(kind=ARTICLE, authors=["李四", "王五"], title="人工智能与劳动", journal="经济研究",
              year="2020", volume="40", issue="3", pages=[("12", "20")])),
        ("Acemoglu D, Restrepo P. Artificial intelligence, automation, and work[R]. "
         "Cambridge: NBER, 2018.",
         dict(kind="report", authors=["Acemoglu D", "Restrepo P"],
              title="Artificial intelligence, automation, and work", place="Cambridge",
              publisher="NBER", year="2018", language="en")),
        ("王五.数字经济的新阶段[N].人民日报,2022-05-06(9).",
         dict(kind="newspaper", authors=["王五"], title="数字经济的新阶段", journal="人民日报",
              date="2022-05-06", year="2022", pages=[("9", "9")])),
        ("国家统计局.2023年国民经济和社会发展统计公报[EB/OL].(2024-02-29)[2024-05-01]."
         "https://www.stats.gov.cn/sj/zxfb/202402/t20240228_1947915.html.",
         dict(kind="web-page", authors=["国家统计局"], title="2023年国民经济和社会发展统计公报",
              date="2024-02-29",
              url="https://www.stats.gov.cn/sj/zxfb/202402/t20240228_1947915.html")),
        ("Acemoglu D, Restrepo P. The race between man and machine[J]. American Economic "
         "Review, 2018, 108(6): 1488-1542.",
         dict(kind=ARTICLE, authors=["Acemoglu D", "Restrepo P"], language="en",
              journal="American Economic Review", year="2018", volume="108", issue="6")),
        ("David Harvey, The Limits to Capital (London: Verso, 2006), 123.",
         dict(kind=BOOK, authors=["David Harvey"], title="The Limits to Capital",
              place="London", publisher="Verso", year="2006", pages=[("123", "123")],
              language="en")),
        ("Nick Srnicek, Platform Capitalism, Cambridge: Polity Press, 2017, p. 36.",
         dict(kind=BOOK, authors=["Nick Srnicek"], title="Platform Capitalism",
              place="Cambridge", publisher="Polity Press", year="2017", pages=[("36", "36")])),
        ("Harvey, D. (2006). The limits to capital. London: Verso.",
         dict(kind=BOOK, authors=["Harvey, D."], title="The limits to capital", place="London",
              publisher="Verso", year="2006", pages=[])),
        ("Acemoglu, D., & Restrepo, P. (2018). The race between man and machine. American "
         "Economic Review, 108(6), 1488–1542.",
         dict(kind=ARTICLE, authors=["Acemoglu, D.", "Restrepo, P."],
              title="The race between man and machine", journal="American Economic Review",
              year="2018", volume="108", issue="6", pages=[("1488", "1542")], language="en")),
    ],
)  # fmt: skip
def test_works_outside_the_registry(text, expected):
    """Before: ``other`` (reported as unparsed) for the Chinese and GB/T forms, ``note``
    (silently dropped) for the English ones."""
    ref = parse_reference(text)
    got = {
        "kind": ref.kind,
        "authors": [a.name for a in ref.authors],
        "pages": pages(ref),
        **{k: getattr(ref, k) for k in expected if k not in ("kind", "authors", "pages")},
    }
    assert {k: got[k] for k in expected} == expected


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("Jane Doe, Some Unusual Work (Oxford: Clarendon, 1990), chap. 2.", "other"),
        ("Smith, J. (2020). Something odd happened here, see chapter two", "other"),
        ("这里的机器指的是马克思所说的机器体系（2006）的说法。", "note"),
        ("Marx's point here is that machinery is fixed capital.", "note"),
    ],
)
def test_english_publication_facts_are_not_an_explanatory_note(text, kind):
    """A reference no pattern reads, but which prints where and when a work appeared, is
    reported as unparsed (``other``), not taken for prose (``note``)."""
    assert parse_reference(text).kind == kind


@pytest.mark.parametrize(
    ("text", "works", "confidence"),
    [
        # a work of the volume's contents, named by its title: that work, for certain
        ("马克思：《政治经济学批判（1857—1858年手稿）》，《马克思恩格斯全集》第30卷，北京："
         "人民出版社，1995年，第95页。", ["grundrisse"], "certain"),
        ("马克思：《1861—1863年经济学手稿》，《马克思恩格斯文集》第8卷，人民出版社2009年版，"
         "第350页。", ["economic-manuscripts-1861-63"], "certain"),
        ("马克思、恩格斯：《共产党宣言》，《马克思恩格斯文集》第2卷，人民出版社2009年版，"
         "第34页。", ["communist-manifesto"], "certain"),
        # a work the registry does not know, in a volume whose contents are only probable:
        # before, the volume's guess (the 1844 Manuscripts) was given to 《哲学的贫困》
        ("马克思：《哲学的贫困》，《马克思恩格斯文集》第1卷，人民出版社2009年版，第602页。",
         [], None),
        # a chapter of a volume whose contents are certain: the volume's work
        ("马克思：《机器和大工业》，《马克思恩格斯文集》第5卷，人民出版社2009年版，第427页。",
         ["capital-vol-1"], "certain"),
        # the work's own family name (资本论) agrees with the volume's probable contents
        ("马克思：《资本论》，《马克思恩格斯全集》第44卷，人民出版社2001年版，第427页。",
         ["capital-vol-1"], "probable"),
    ],
)  # fmt: skip
def test_a_work_named_inside_a_collection(text, works, confidence):
    ref = parse_reference(text)
    assert ref.kind == "marx"
    assert (ref.works, ref.works_confidence) == (works, confidence)


def test_a_paper_in_other_styles_has_every_note_read():
    """A small paper written for this test (tests/data/citation-styles), eight notes in
    eight forms: every one parsed, none reported as unparsed (five were before, and two
    English references were dropped as explanatory notes), every marker linked."""
    doc = document_from_text(STYLES_PAPER.read_text(encoding="utf-8"), "citation-styles")
    refs = [r for n in doc.footnotes for r in n.references]
    assert [r.kind for r in refs] == [
        "marx", "marx", "book", "journal-article", "marx", "journal-article", "book",
        "journal-article",
    ]  # fmt: skip
    assert not [i for i in doc.issues if i.kind == "unparsed-reference"]
    assert [(r.edition, r.volume) for r in refs if r.kind == "marx"] == [
        ("capital-zh-2018", "1"), ("marx-engels-quanji-1", "46"), ("marx-engels-wenji-2009", "1")
    ]  # fmt: skip
    assert [r.language for r in refs[-2:]] == ["en", "en"]
    assert len(doc.markers) == 8 and all(n.markers for n in doc.footnotes)


@pytest.mark.parametrize(
    ("text", "author"),
    [
        ("马克思：《资本论》（节选本），北京：人民出版社，2018年。", "马克思"),
        ("马克思、恩格斯：《共产党宣言》，北京：人民出版社，2014年，第30页。", "马克思"),
        ("[德]卡尔·马克思：《雇佣劳动与资本》，人民出版社2018年版，第5页。", "卡尔·马克思"),
        ("Karl Marx, The Poverty of Philosophy (Moscow: Progress Publishers, 1955), 12.",
         "Karl Marx"),
        ("张三：《数字资本论》，人民出版社2019年版，第5页。", None),
        ("中国社会科学院马克思主义研究院：《马克思主义研究报告》，中国社会科学出版社2020年版。",
         None),  # an institute's name holds 马克思
        ("Jane Marxer, Machines (London: Verso, 2006), 5.", None),
    ],
)  # fmt: skip
def test_a_classic_author_outside_the_registry(text, author):
    """A work of Marx, Engels, Lenin or Mao that no registry edition holds is read as a
    book (its authors, title, publisher, year and pages kept), and named as such."""
    assert classic_author(parse_reference(text)) == author


def test_a_classic_book_is_reported_with_its_line():
    source = STYLES_PAPER.read_text(encoding="utf-8").replace(
        "③ 张三：《平台资本主义批判》，北京：人民出版社2021年版，第56页。",
        "③ 马克思、恩格斯：《共产党宣言》，北京：人民出版社，2014年，第30页。",
    )
    doc = document_from_text(source, "citation-styles")
    issues = [i for i in doc.issues if i.kind == CLASSIC_BOOK]
    assert len(issues) == 1 and "《共产党宣言》" in issues[0].message
    line = source.split("\n")[issues[0].source_line - 1]
    assert line.startswith("③ 马克思、恩格斯：《共产党宣言》")


TRADITIONAL = Path(__file__).parent / "data" / "traditional-notes" / "source.md"


def test_a_traditional_papers_references_keep_its_script():
    """A paper in traditional characters written for this test
    (tests/data/traditional-notes): its notes are parsed through their simplified form,
    but every field copied from a note is as printed (before: 数位劳动, 联经出版公司 under
    a zh-Hant tag), and each reference keeps the key of the simplified paper, so that a
    work cited in both scripts is one resource."""
    from marxkg.ingest.script import converter

    text = TRADITIONAL.read_text(encoding="utf-8")
    hant = document_from_text(text, "hant")
    hans = document_from_text(converter("t2s").convert(text), "hans")
    book = hant.footnotes[1].references[0]
    assert (book.kind, book.title, book.publisher, book.place) == (
        "book", "數位勞動", "聯經出版公司", "台北"
    )  # fmt: skip
    assert ([a.name for a in book.authors], book.pages_printed, book.language) == (
        ["王五"], "第12頁", "zh-Hant"
    )  # fmt: skip
    assert (book.csl["title"], book.csl["publisher"]) == ("數位勞動", "聯經出版公司")
    marx = hant.footnotes[0].references[0]
    assert (marx.edition, marx.collection, marx.pages_printed) == (
        "marx-engels-wenji-2009",
        "马克思恩格斯文集",
        "第443頁",
    )  # fmt: skip
    keys = [r.key for n in hant.footnotes for r in n.references]
    assert keys == [r.key for n in hans.footnotes for r in n.references]


REPEATS = Path(__file__).parent / "data" / "repeat-notes" / "source.md"


def test_repeats_of_an_earlier_note_or_author():
    """同注① (the item of note ①), 王五：前引书 (王五's last item), 同前注 (the item before)
    and op. cit. (tests/data/repeat-notes): each repeats the item it names, with its own
    pages. Before, 同注①, 前引书 and op. cit. were unparsed (``other``) or notes."""
    doc = document_from_text(REPEATS.read_text(encoding="utf-8"), "repeats")
    got = [(n.n, r.kind, r.title, pages(r), r.repeats) for n in doc.footnotes for r in n.references]
    assert got[2:] == [
        (3, "book", "数据资本论", [("40", "40")], [1, 0]),  # 王五：前引书，第40页
        (4, "book", "数据资本论", [("50", "50")], [1, 0]),  # 同注①，第50页
        (5, "book", "数据资本论", [("51", "51")], [4, 0]),  # 同前注，第51页
        (6, "book", "The Limits to Capital", [("123", "123")], None),
        (7, "book", "The Limits to Capital", [("130", "130")], [6, 0]),  # Harvey, op. cit.
    ]
    assert doc.issues == []


def test_a_repeat_with_nothing_to_repeat_is_reported():
    source = REPEATS.read_text(encoding="utf-8")
    source = source.replace("^④ 同注①，第50页。", "^④ 同注⑨，第50页。")
    source = source.replace("^③ 王五：前引书，第40页。", "^③ 李四：前引书，第40页。")
    doc = document_from_text(source, "repeats")
    issues = [(i.kind, i.message.split(": ", 1)[1]) for i in doc.issues]
    assert issues == [
        ("unresolved-ibid", "李四：前引书，第40页。: no earlier item by 李四"),
        ("unresolved-ibid", "同注⑨，第50页。: no earlier note with that label"),
    ]


PER_PAGE = """

标题

张三

一、问题

甲^①。乙^②。

^① 王五：《数据资本论》，北京：中国人民大学出版社，2021年，第33页。

^② 《马克思恩格斯文集》第5卷，人民出版社2009年版，第269页。

丙^①。丁^②。

^① David Harvey, The Limits to Capital (London: Verso, 2006), 123.

^② 同注①，第9页。
"""


def test_a_repeat_of_a_label_printed_twice_takes_the_nearest_and_says_so():
    """Notes numbered per page: two earlier notes are labelled ①; 同注① takes the nearest
    (the same page's) and reports the choice."""
    doc = document_from_text(PER_PAGE, "per-page")
    last = doc.footnotes[-1].references[0]
    assert (last.title, pages(last), last.repeats) == (
        "The Limits to Capital", [("9", "9")], [3, 0]
    )  # fmt: skip
    assert [u.decision for u in doc.uncertain if u.kind == "repeat"] == [
        "several earlier notes carry the label it names: the nearest (footnote 3) taken"
    ]


GBT_REPEATED = Path(__file__).parent / "data" / "gbt-numeric-repeat" / "source.md"


def test_a_reference_entry_cited_twice_has_one_anchor_and_two_citations():
    """GB/T 7714 numeric references (tests/data/gbt-numeric-repeat): entry [1] is cited
    twice, with the pages 427 and 443 after its markers. The entry (a mkg:Footnote) is
    anchored at its first marker (mkg:anchorOffset is functional: before, it had both
    offsets and the graph failed SHACL); each marker is a citation of its own, of its
    page."""
    from rdflib import URIRef

    from marxkg.graph import build_graph
    from marxkg.rdf.namespaces import MKG, Iris

    doc = document_from_text(GBT_REPEATED.read_text(encoding="utf-8"), "gbt")
    entry = doc.footnotes[0]
    assert len(entry.markers) == 2
    g = build_graph([doc], None, Iris("https://w3id.org/marxkg/"))
    anchors = list(g.objects(URIRef("https://w3id.org/marxkg/doc/gbt/note/1"), MKG.anchorOffset))
    assert [a.toPython() for a in anchors] == [min(doc.markers[m].offset for m in entry.markers)]
    assert [doc.markers[m].locator for m in entry.markers] == ["427", "443"]
    # the entry (《资本论》第1卷, 2004) gathers the pages its markers cite, each citation
    # points at its own (before: at the volume only, and `trace` found neither)
    ref = entry.references[0]
    assert (ref.edition, ref.volume, pages(ref)) == (
        "capital-zh-2004", "1", [("427", "427"), ("443", "443")]
    )  # fmt: skip
    assert [c.page for c in doc.citations if c.footnote == 1] == [0, 1]


SHORT_TITLES = """题目

一、引言

正文①。再如②。又如③。还有④。另外⑤。

① 《马克思恩格斯全集》第30卷，人民出版社1995年版，第107页。
② 《全集》第46卷（上），人民出版社1979年版，第219页。
③ 马恩文集第5卷第443页。
④ 《毛选》第1卷，人民出版社1991年版，第3页。
⑤ 《文集》第5卷，第443页。
"""


def test_short_titles_of_a_collection():
    """《全集》 after 《马克思恩格斯全集》 in full, 马恩文集, 《毛选》, 《文集》 after 马恩文集 (the
    notes written for this test). Before: 《全集》 and 《文集》 unparsed, 马恩文集 unparsed,
    《毛选》 a book outside the registry."""
    d = document_from_text(SHORT_TITLES, "short")
    refs = [n.references[0] for n in d.footnotes]
    assert [(r.edition, r.volume, r.part_printed, [p.start for p in r.pages]) for r in refs] == [
        ("marx-engels-quanji-2", "30", None, ["107"]),
        ("marx-engels-quanji-1", "46", "上", ["219"]),
        ("marx-engels-wenji-2009", "5", None, ["443"]),
        ("mao-xuanji-1991", "1", None, ["3"]),
        ("marx-engels-wenji-2009", "5", None, ["443"]),
    ]
    assert refs[1].raw == "《全集》第46卷（上），人民出版社1979年版，第219页。"  # as printed
    assert [
        (u.kind, u.source_line, u.decision) for u in d.uncertain if u.kind == "short-title"
    ] == [
        ("short-title", 8, "read as 《全集》 -> 《马克思恩格斯全集》"),
        ("short-title", 10, "read as 《毛选》 -> 《毛泽东选集》"),
        ("short-title", 11, "read as 《文集》 -> 《马克思恩格斯文集》"),
    ]


def test_a_short_title_two_collections_could_have_is_left_as_printed():
    text = SHORT_TITLES.replace("③ 马恩文集第5卷第443页。", "③ 《列宁全集》第2版第26卷，第56页。")
    d = document_from_text(text, "short")
    assert d.footnotes[1].references[0].edition is None  # 全集: Marx-Engels or Lenin?
    assert (
        "short-title",
        8,
        "《全集》 may be 《马克思恩格斯全集》 or 《列宁全集》: left as printed",
    ) in [(u.kind, u.source_line, u.decision) for u in d.uncertain]


@pytest.mark.parametrize(
    ("text", "kind", "title", "year", "where"),
    [
        ("新华网：《习近平在中共中央政治局第九次集体学习时强调》，http://www.xinhuanet.com/politics/2018-10/31/c_1123643321.htm，2018年10月31日。",
         "web-page", "习近平在中共中央政治局第九次集体学习时强调", "2018", None),
        ("《国务院关于印发新一代人工智能发展规划的通知》，中国政府网，https://www.gov.cn/zhengce/content/2017-07/20/content_5211996.htm。",
         "web-page", "国务院关于印发新一代人工智能发展规划的通知", "2017", None),
        ("国家统计局：《中华人民共和国2023年国民经济和社会发展统计公报》，2024年2月29日，https://www.stats.gov.cn/sj/zxfb/202402/t20240228_1947915.html。",
         "report", "中华人民共和国2023年国民经济和社会发展统计公报", "2024", None),
        ("OpenAI, “GPT-4 Technical Report,” arXiv:2303.08774, 2023.",
         "report", "GPT-4 Technical Report", "2023", "arXiv:2303.08774"),
        ("David Autor, “Why Are There Still So Many Jobs? The History and Future of Workplace Automation,” Journal of Economic Perspectives 29, no. 3 (2015): 3–30.",
         "journal-article", "Why Are There Still So Many Jobs? The History and Future of Workplace Automation", "2015", "Journal of Economic Perspectives"),
        ("Daron Acemoglu and Pascual Restrepo, “Robots and Jobs: Evidence from US Labor Markets,” Journal of Political Economy 128, no. 6 (June 2020): 2188–2244.",
         "journal-article", "Robots and Jobs: Evidence from US Labor Markets", "2020", "Journal of Political Economy"),
    ],
)  # fmt: skip
def test_web_pages_with_a_date_and_quoted_english_titles(text, kind, title, year, where):
    """Before: the web pages were unparsed (a date or a site name beside the address), the
    statistical communiqué a newspaper (公报 ends with 报), and the quoted English titles
    books titled with the opening quotation mark, or unparsed."""
    ref = parse_reference(text)
    assert (ref.kind, ref.title, ref.year, ref.journal) == (kind, title, year, where)
