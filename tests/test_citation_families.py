"""Every printed family of a classic reference × edition × quirk (issue 12).

The templates are the forms Chinese journals' style sheets print (GB/T 7714-2015 §8 and
its [M] entries; the 中国社会科学 / 马克思主义研究 note rules: full note, 出版社+年版,
parenthesised volume, compact repeat); the expected edition, volume, part and pages are
written from the registry's facts (ontology/editions.yaml: years, 第N版, volume counts,
split volumes), never read off the parser.
"""

from __future__ import annotations

import pytest

from marxkg.citations.parse import parse_reference

# name as printed, volume, part as printed, year, expected edition (None: ambiguous without
# a year), expected part number, author prefix, candidates when the year is left out
EDITIONS = [
    ("马克思恩格斯文集", "5", "", "2009", "marx-engels-wenji-2009", None, "马克思、恩格斯", None),
    ("马克思恩格斯文集", "1", "", "2009", "marx-engels-wenji-2009", None, "马克思、恩格斯", None),
    ("马克思恩格斯文集", "10", "", "2009", "marx-engels-wenji-2009", None, "马克思、恩格斯", None),
    (
        "马克思恩格斯全集",
        "23",
        "",
        "1972",
        "marx-engels-quanji-1",
        None,
        "马克思、恩格斯",
        ["marx-engels-quanji-1", "marx-engels-quanji-2"],
    ),
    ("马克思恩格斯全集", "46", "下", "1980", "marx-engels-quanji-1", "2", "马克思、恩格斯", "q1"),
    ("马克思恩格斯全集", "46", "上", "1979", "marx-engels-quanji-1", "1", "马克思、恩格斯", "q1"),
    ("马克思恩格斯全集", "26", "Ⅱ", "1973", "marx-engels-quanji-1", "2", "马克思、恩格斯", "q1"),
    ("马克思恩格斯全集", "26", "Ⅲ", "1974", "marx-engels-quanji-1", "3", "马克思、恩格斯", "q1"),
    (
        "马克思恩格斯全集",
        "31",
        "",
        "1998",
        "marx-engels-quanji-2",
        None,
        "马克思、恩格斯",
        ["marx-engels-quanji-1", "marx-engels-quanji-2"],
    ),
    (
        "马克思恩格斯全集",
        "44",
        "",
        "2001",
        "marx-engels-quanji-2",
        None,
        "马克思、恩格斯",
        ["marx-engels-quanji-1", "marx-engels-quanji-2"],
    ),
    ("马克思恩格斯全集", "57", "", "2016", "marx-engels-quanji-2", None, "马克思、恩格斯", "q2"),
    (
        "马克思恩格斯选集",
        "1",
        "",
        "2012",
        "marx-engels-xuanji-2012",
        None,
        "马克思、恩格斯",
        ["marx-engels-xuanji-1972", "marx-engels-xuanji-1995", "marx-engels-xuanji-2012"],
    ),
    (
        "马克思恩格斯选集",
        "2",
        "",
        "1995",
        "marx-engels-xuanji-1995",
        None,
        "马克思、恩格斯",
        ["marx-engels-xuanji-1972", "marx-engels-xuanji-1995", "marx-engels-xuanji-2012"],
    ),
    (
        "马克思恩格斯选集",
        "3",
        "",
        "1972",
        "marx-engels-xuanji-1972",
        None,
        "马克思、恩格斯",
        ["marx-engels-xuanji-1972", "marx-engels-xuanji-1995", "marx-engels-xuanji-2012"],
    ),
    (
        "资本论",
        "1",
        "",
        "2004",
        "capital-zh-2004",
        None,
        "马克思",
        ["capital-zh-1975", "capital-zh-2004", "capital-zh-2018"],
    ),
    (
        "资本论",
        "3",
        "",
        "1975",
        "capital-zh-1975",
        None,
        "马克思",
        ["capital-zh-1975", "capital-zh-2004", "capital-zh-2018"],
    ),
    (
        "资本论",
        "2",
        "",
        "2018",
        "capital-zh-2018",
        None,
        "马克思",
        ["capital-zh-1975", "capital-zh-2004", "capital-zh-2018"],
    ),
    (
        "列宁全集",
        "37",
        "",
        "1986",
        "lenin-quanji-2",
        None,
        "列宁",
        ["lenin-quanji-1", "lenin-quanji-2"],
    ),
    ("列宁全集", "55", "", "2017", "lenin-quanji-2", None, "列宁", "l2"),
    (
        "列宁选集",
        "3",
        "",
        "2012",
        "lenin-xuanji-2012",
        None,
        "列宁",
        ["lenin-xuanji-1972", "lenin-xuanji-1995", "lenin-xuanji-2012"],
    ),
    (
        "毛泽东选集",
        "1",
        "",
        "1991",
        "mao-xuanji-1991",
        None,
        "毛泽东",
        ["mao-xuanji-1951", "mao-xuanji-1991"],
    ),
    ("毛泽东文集", "7", "", "1999", "mao-wenji", None, "毛泽东", None),
]
NO_YEAR_DECIDED = {
    None: None,
    "q1": "marx-engels-quanji-1",
    "q2": "marx-engels-quanji-2",
    "l2": "lenin-quanji-2",
}

FAMILIES = {
    "full-note": "《{c}》第{v}卷{p}，北京：人民出版社，{y}年，第{pg}页。",
    "parenthesised": "《{c}》（第{v}卷{p}），北京：人民出版社，{y}年，第{pg}页。",
    "publisher-year": "《{c}》第{v}卷{p}，人民出版社{y}年版，第{pg}页。",
    "separated": "《{c}》第{v}卷{p}，人民出版社，{y}年，第{pg}页。",
    "comma-segmented": "《{c}》，第{v}卷{p}，北京：人民出版社，{y}年，第{pg}页。",
    "author-prefix": "{a}：《{c}》第{v}卷{p}，人民出版社{y}年版，第{pg}页。",
    "author-year": "{a2}，{y}：《{c}》第{v}卷{p}，北京：人民出版社，第{pg}页。",
    "gbt-authors-colon": "{a2}.{c}：第{v}卷{p}[M].北京：人民出版社，{y}：{pg}.",
    "gbt-no-authors-comma": "{c}，第{v}卷{p}[M].北京：人民出版社，{y}：{pg}.",
    "gbt-numeric-entry": "[3] {a2}.{c}：第{v}卷{p}[M].北京：人民出版社，{y}：{pg}.",
    "compact": "《{c}》第{v}卷{p}第{pg}页。",
}


def _part(p: str) -> str:
    return f"（{p}）" if p in ("上", "下") else p


def render(template: str, c, v, p, y, a, pg="443") -> str:
    return template.format(c=c, v=v, p=_part(p), y=y, a=a, a2=a.replace("、", "，"), pg=pg)


GRID = [
    pytest.param(fam, *e, id=f"{fam}-{e[0]}{e[1]}{e[2]}-{e[3]}")
    for fam in FAMILIES
    for e in EDITIONS
]


@pytest.mark.parametrize("family, coll, vol, part, year, edition, part_no, author, no_year", GRID)
def test_family_by_edition(family, coll, vol, part, year, edition, part_no, author, no_year):
    text = render(FAMILIES[family], coll, vol, part, year, author)
    ref = parse_reference(text)
    assert ref.kind == "marx", text
    assert (ref.volume, ref.part) == (vol, part_no), text
    assert [(p.start, p.end) for p in ref.pages] == [("443", "443")], text
    if family == "compact":  # no year printed: decided only by part, volume count or family
        decided = NO_YEAR_DECIDED.get(no_year) if not isinstance(no_year, list) else None
        if no_year is None:
            decided = edition
        assert ref.edition == decided, text
        if decided is None:
            assert ref.edition_candidates == no_year, text
        return
    assert ref.edition == edition, text
    assert ref.edition_candidates == [], text
    assert ref.year == year, text
    assert ref.publisher == "人民出版社", text


PAGES = [
    ("443", [("443", "443")]),
    ("443、445", [("443", "443"), ("445", "445")]),
    ("443-445", [("443", "445")]),
    ("443—445", [("443", "445")]),
    ("443–445", [("443", "445")]),
    ("443~445", [("443", "445")]),
    ("443～445", [("443", "445")]),
    ("443至445", [("443", "445")]),
    ("443－445", [("443", "445")]),
    ("443——445", [("443", "445")]),
    ("443 - 445", [("443", "445")]),
    ("443、445—446", [("443", "443"), ("445", "446")]),
]


@pytest.mark.parametrize("family", list(FAMILIES))
@pytest.mark.parametrize("printed, ranges", PAGES)
def test_pages_in_every_family(family, printed, ranges):
    text = render(FAMILIES[family], "马克思恩格斯文集", "5", "", "2009", "马克思、恩格斯", printed)
    ref = parse_reference(text)
    assert ref.edition == "marx-engels-wenji-2009", text
    assert [(p.start, p.end) for p in ref.pages] == ranges, text


def half_width(text: str) -> str:
    return text.translate(str.maketrans("，：（）；", ",:();")).replace("。", ".")


def full_width_digits(text: str) -> str:
    return text.translate(str.maketrans("0123456789", "０１２３４５６７８９"))


TRADITIONAL = str.maketrans(
    {
        "马": "馬",
        "选": "選",
        "页": "頁",
        "资": "資",
        "论": "論",
        "宁": "寧",
        "泽": "澤",
        "东": "東",
        "门": "門",
        "恩": "恩",
    }
)


QUIRKS = {
    "half-width": half_width,
    "full-width-digits": full_width_digits,
    "traditional": lambda t: t.translate(TRADITIONAL),
}
WIDTH_CASES = [
    pytest.param(q, fam, e, id=f"{e[4]}-{fam}-{q}")
    for e in (EDITIONS[0], EDITIONS[4], EDITIONS[14], EDITIONS[17])
    for fam in FAMILIES
    for q in QUIRKS
    # the compact form prints no year: only editions decided without one (文集, 全集46下)
    if fam != "compact" or e[4] == "marx-engels-wenji-2009" or e[7] == "q1"
]


@pytest.mark.parametrize("quirk, family, edition_row", WIDTH_CASES)
def test_width_and_script(quirk, family, edition_row):
    coll, vol, part, year, edition, part_no, author, _no_year = edition_row
    text = QUIRKS[quirk](render(FAMILIES[family], coll, vol, part, year, author))
    ref = parse_reference(text)
    assert (ref.edition, ref.volume, ref.part) == (edition, vol, part_no), text
    assert [p.start for p in ref.pages] == ["443"], text


@pytest.mark.parametrize(
    "text, edition, volume, part, pages",
    [
        ("《马克思恩格斯全集》第2版第3卷，第231页。", "marx-engels-quanji-2", "3", None, ["231"]),
        (
            "《马克思恩格斯全集》（第2版）第3卷，人民出版社，第231页。",
            "marx-engels-quanji-2",
            "3",
            None,
            ["231"],
        ),
        (
            "《马克思恩格斯全集》第26卷第2册，人民出版社1973年版，第12页。",
            "marx-engels-quanji-1",
            "26",
            "2",
            ["12"],
        ),
        (
            "《马克思恩格斯全集》第26卷（Ⅰ），人民出版社1972年版，第12页。",
            "marx-engels-quanji-1",
            "26",
            "1",
            ["12"],
        ),
        (
            "《马克思恩格斯全集》第46卷下册，人民出版社1980年版，第219页。",
            "marx-engels-quanji-1",
            "46",
            "2",
            ["219"],
        ),
        (
            "马克思：《资本论》，《马克思恩格斯全集》第23卷，人民出版社1972年版，第408页。",
            "marx-engels-quanji-1",
            "23",
            None,
            ["408"],
        ),
        (
            "马克思：《1844年经济学哲学手稿》，人民出版社2000年版，第57页。",
            "manuscripts-1844-zh-2000",
            "1",
            None,
            ["57"],
        ),
        (
            "马克思：《资本论》（纪念版）第1卷，人民出版社2018年版，第8页。",
            "capital-zh-2018",
            "1",
            None,
            ["8"],
        ),
        ("马克思恩格斯文集 第5卷 第487页", "marx-engels-wenji-2009", "5", None, ["487"]),
        ("《马克思恩格斯文集》第5卷，第444页", "marx-engels-wenji-2009", "5", None, ["444"]),
        (
            "马克思, 恩格斯. 马克思恩格斯文集: 卷 5. 北京: 人民出版社, 2009: 443.",
            "marx-engels-wenji-2009",
            "5",
            None,
            ["443"],
        ),
        (
            "《列宁全集》第2版第37卷，人民出版社1986年版，第18页。",
            "lenin-quanji-2",
            "37",
            None,
            ["18"],
        ),
        ("《毛泽东选集》第1卷，人民出版社1991年版，第3页。", "mao-xuanji-1991", "1", None, ["3"]),
    ],
)
def test_quirks(text, edition, volume, part, pages):
    ref = parse_reference(text)
    assert (ref.kind, ref.edition, ref.volume, ref.part) == ("marx", edition, volume, part)
    assert [p.start for p in ref.pages] == pages


FOREIGN = [
    ("MEW 23, S. 391", "mew", "23", None, [("391", "391")], "de"),
    ("MEW 23, S. 391f.", "mew", "23", None, [("391", "391")], "de"),
    ("MEW, Bd. 23, S. 391-393.", "mew", "23", None, [("391", "393")], "de"),
    (
        "Marx-Engels-Werke, Bd. 25, Berlin: Dietz Verlag, 1964, S. 828.",
        "mew",
        "25",
        None,
        [("828", "828")],
        "de",
    ),
    ("MEW 26.2, S. 100", "mew", "26", "2", [("100", "100")], "de"),
    ("Karl Marx, Das Kapital, Bd. 1, MEW 23, S. 391.", "mew", "23", None, [("391", "391")], "de"),
    ("MECW, vol. 35, p. 375.", "mecw", "35", None, [("375", "375")], "en"),
    ("MECW 35: 375", "mecw", "35", None, [("375", "375")], "en"),
    (
        "Karl Marx, Capital, vol. 1, in MECW, vol. 35 (London: Lawrence & Wishart, 1996), p. 375.",
        "mecw",
        "35",
        None,
        [("375", "375")],
        "en",
    ),
    (
        "Marx and Engels Collected Works, vol. 29, pp. 91-92.",
        "mecw",
        "29",
        None,
        [("91", "92")],
        "en",
    ),
    ("MEGA² II/5, S. 123", "mega2", "II-5", None, [("123", "123")], "de"),
    ("MEGA II/5: 123", "mega2", "II-5", None, [("123", "123")], "de"),  # MEGA is German
    (
        "Karl Marx, Capital, vol. 1, trans. Ben Fowkes (Harmondsworth: Penguin, 1976), p. 548.",
        "penguin-capital",
        "1",
        None,
        [("548", "548")],
        "en",
    ),
    (
        (
            "Karl Marx, Capital: A Critique of Political Economy, Volume III, trans. David Fernbach "
            "(London: Penguin, 1981), pp. 958-9."
        ),
        "penguin-capital",
        "3",
        None,
        [("958", "959")],
        "en",
    ),
    (
        "Karl Marx, Grundrisse, trans. Martin Nicolaus (Harmondsworth: Penguin, 1973), p. 706.",
        "penguin-grundrisse",
        "1",
        None,
        [("706", "706")],
        "en",
    ),
    (
        "Marx, Grundrisse (Penguin, 1973), pp. 704–706.",
        "penguin-grundrisse",
        "1",
        None,
        [("704", "706")],
        "en",
    ),
]


@pytest.mark.parametrize("text, edition, volume, part, pages, lang", FOREIGN)
def test_english_and_german(text, edition, volume, part, pages, lang):
    ref = parse_reference(text)
    assert (ref.kind, ref.edition, ref.volume, ref.part) == ("marx", edition, volume, part), text
    assert [(p.start, p.end) for p in ref.pages] == pages
    assert ref.language == lang


@pytest.mark.parametrize(
    "text, see, via",
    [
        ("参见《马克思恩格斯文集》第5卷，人民出版社2009年版，第443页。", True, None),
        ("参看《马克思恩格斯文集》第5卷，人民出版社2009年版，第443页。", True, None),
        ("转引自《马克思恩格斯文集》第5卷，人民出版社2009年版，第443页。", False, "转引自"),
        ("参见转引自《马克思恩格斯文集》第5卷，人民出版社2009年版，第443页。", True, "转引自"),
    ],
)
def test_prefixes(text, see, via):
    ref = parse_reference(text)
    assert (ref.edition, ref.see, ref.via) == ("marx-engels-wenji-2009", see, via)
    assert ref.raw == text


@pytest.mark.parametrize(
    "text, pages, volume",
    [
        ("同上。", [], None),
        ("同上，第445页。", ["445"], None),
        ("同上书，第445页。", ["445"], None),
        ("同上，第445—446页。", ["445"], None),
        ("同上，第6卷，第12页。", ["12"], "6"),
        ("Ibid., p. 12.", ["12"], None),
        ("Ebd., S. 12.", ["12"], None),
    ],
)
def test_ibid_items(text, pages, volume):
    ref = parse_reference(text)
    assert ref.kind == "ibid"
    assert [p.start for p in ref.pages] == pages and ref.volume == volume


@pytest.mark.parametrize(
    "text",
    [
        "这里的“机器”指的是广义的机器体系，包括自动化设备。",
        "本文所说的数字劳动，是指以数据为对象的劳动形式。",
        "感谢匿名审稿人的宝贵意见。",
    ],
)
def test_explanatory_notes_are_notes(text):
    assert parse_reference(text).kind == "note"


@pytest.mark.parametrize(
    "text",
    [
        "马克思在《资本论》中区分了不变资本和可变资本。",  # a title named in passing
    ],
)
def test_a_title_in_passing_is_not_a_classic(text):
    assert parse_reference(text).kind != "marx"


@pytest.mark.parametrize(
    "text, edition, volume, part",
    [
        ("《马克思恩格斯全集（第2版）》第31卷，第82页。", "marx-engels-quanji-2", "31", None),
        (
            "《马克思恩格斯全集（第二版）》第3卷，人民出版社2002年版，第231页。",
            "marx-engels-quanji-2",
            "3",
            None,
        ),
        (
            "《马克思恩格斯全集》第26卷第二册，人民出版社1973年版，第12页。",
            "marx-engels-quanji-1",
            "26",
            "2",
        ),
        ("《马克思恩格斯选集》第3版第1卷，第123页。", "marx-engels-xuanji-2012", "1", None),
        ("MEW, Band 23, S. 391.", "mew", "23", None),
    ],
)
def test_more_quirks(text, edition, volume, part):
    ref = parse_reference(text)
    assert (ref.edition, ref.volume, ref.part) == (edition, volume, part), text


def test_second_item_of_the_same_collection():
    from marxkg.citations import structure_citations
    from marxkg.model import Document, Footnote, FrontMatter

    doc = Document("t", "", FrontMatter())
    doc.footnotes = [
        Footnote(
            1, "①", 1, "《马克思恩格斯文集》第5卷，人民出版社2009年版，第443页；第8卷，第186页。", 3
        )
    ]
    structure_citations(doc)
    a, b = doc.footnotes[0].references
    assert (a.edition, a.volume, b.edition, b.volume) == (
        "marx-engels-wenji-2009",
        "5",
        "marx-engels-wenji-2009",
        "8",
    )
    assert [p.start for p in b.pages] == ["186"] and b.repeats == [1, 0]
    assert doc.issues == []


@pytest.mark.parametrize(
    "text, kind",
    [
        # no volume: not a registry volume, read as a book (the book pattern takes a note
        # such as （节选本） after the title) and reported as classic-outside-registry
        # (tests/test_citation_styles.py)
        ("马克思：《资本论》（节选本），北京：人民出版社，2018年。", "book"),
        ("张三：《资本论导读》，北京：人民出版社，2010年，第5页。", "book"),  # another title
        ("李四：《〈资本论〉的当代意义》，《马克思主义研究》2020年第3期。", "journal-article"),
    ],
)
def test_not_a_registry_volume(text, kind):
    ref = parse_reference(text)
    assert ref.kind == kind and ref.edition is None
