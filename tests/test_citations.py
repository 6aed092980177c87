"""The footnote parser, one row per printed pattern (expected values read off the text)."""

from __future__ import annotations

import pytest

from marxkg.citations.parse import parse_pages, parse_reference, split_items

MARX = [
    (
        "《马克思恩格斯文集》第5卷，北京：人民出版社，2009年，第444、453页。",
        "marx-engels-wenji-2009",
        "5",
        [("444", "444"), ("453", "453")],
    ),
    (
        "《马克思恩格斯文集》第5卷，北京：人民出版社，2009年，第727-728页。",
        "marx-engels-wenji-2009",
        "5",
        [("727", "728")],
    ),
    (
        "《马克思恩格斯文集》第6卷，北京：人民出版社，2009年，第206—207页。",
        "marx-engels-wenji-2009",
        "6",
        [("206", "207")],
    ),
    (
        "《马克思恩格斯文集》第5卷，北京：人民出版社，2009年，第441、440页。",
        "marx-engels-wenji-2009",
        "5",
        [("441", "441"), ("440", "440")],
    ),
    (
        "《马克思恩格斯文集》第5卷，北京：人民出版社，2009年，第519、47页。",
        "marx-engels-wenji-2009",
        "5",
        [("519", "519"), ("47", "47")],
    ),
    (
        "《马克思恩格斯全集》第31卷，北京：人民出版社，1998年，第82页。",
        "marx-engels-quanji-2",
        "31",
        [("82", "82")],
    ),
    (
        "《马克思恩格斯全集》第23卷，北京：人民出版社，1972年，第408页。",
        "marx-engels-quanji-1",
        "23",
        [("408", "408")],
    ),
]


@pytest.mark.parametrize("text, edition, volume, pages", MARX)
def test_marx_collected_works(text, edition, volume, pages):
    ref = parse_reference(text)
    assert ref.kind == "marx"
    assert (ref.edition, ref.volume, ref.publisher, ref.place) == (
        edition,
        volume,
        "人民出版社",
        "北京",
    )
    assert [(p.start, p.end) for p in ref.pages] == pages


def test_translated_book_with_nationality_translators_and_roman_page():
    ref = parse_reference(
        "[美]梅拉妮·米歇尔：《AI3.0》，王飞跃等译，成都：四川科学技术出版社，2021年，第Ⅶ页。"
    )
    assert ref.kind == "translated-book"
    assert [(a.name, a.nationality) for a in ref.authors] == [("梅拉妮·米歇尔", "美")]
    assert ref.title == "AI3.0"
    assert ref.translators == ["王飞跃等"]
    assert (ref.place, ref.publisher, ref.year) == ("成都", "四川科学技术出版社", "2021")
    assert [p.start for p in ref.pages] == ["Ⅶ"]


def test_translated_book_with_spaces_and_two_authors():
    ref = parse_reference(
        "[美] 玛丽·L. 格雷、西达尔特·苏里：《销声匿迹：数字化工作的真正未来》，"
        "左安浦译，上海：上海人民出版社，2020 年，第 41 页。"
    )
    assert ref.kind == "translated-book"
    assert [(a.name, a.nationality) for a in ref.authors] == [
        ("玛丽·L. 格雷", "美"),
        ("西达尔特·苏里", "美"),
    ]
    assert ref.title == "销声匿迹：数字化工作的真正未来"
    assert (ref.year, ref.pages[0].start) == ("2020", "41")


def test_translated_book_two_translators():
    ref = parse_reference(
        "[美]布莱恩·阿瑟：《技术的本质：技术是什么，它是如何进化的》，曹东溟、王健译，"
        "杭州：浙江科学技术出版社，2023年，第86页。"
    )
    assert ref.translators == ["曹东溟", "王健"]
    assert ref.title == "技术的本质：技术是什么，它是如何进化的"


def test_book():
    ref = parse_reference(
        "周辉等：《人工智能治理：场景、原则与规则》，北京：中国社会科学出版社，2021年。"
    )
    assert ref.kind == "book"
    assert (ref.title, ref.publisher, ref.year) == (
        "人工智能治理：场景、原则与规则",
        "中国社会科学出版社",
        "2021",
    )


@pytest.mark.parametrize(
    "text, journal, year, issue, title",
    [
        (
            "陈忠：《马克思的“机器体系”思想及其方法论意蕴》，《马克思主义研究》2024年第1期。",
            "马克思主义研究",
            "2024",
            "1",
            "马克思的“机器体系”思想及其方法论意蕴",
        ),
        (
            "参见丁晓钦、罗智红：《美国新自由主义危机与当前经济“滞胀”风险——以积累的社会结构理论为视角》，"
            "《教学与研究》2022年第9期。",
            "教学与研究",
            "2022",
            "9",
            "美国新自由主义危机与当前经济“滞胀”风险——以积累的社会结构理论为视角",
        ),
        (
            "- [4] 陈晓红等：《数字经济理论体系与研究展望》，《管理世界》2022年第2期。".removeprefix(
                "- [4] "
            ),
            "管理世界",
            "2022",
            "2",
            "数字经济理论体系与研究展望",
        ),
    ],
)
def test_journal_articles(text, journal, year, issue, title):
    ref = parse_reference(text)
    assert ref.kind == "journal-article"
    assert (ref.journal, ref.year, ref.issue, ref.title) == (journal, year, issue, title)


def test_see_marks_a_reference():
    assert parse_reference("参见丁晓钦、罗智红：《甲》，《教学与研究》2022年第9期。").see is True


@pytest.mark.parametrize(
    "text, paper, date",
    [
        (
            "《坚持自立自强 突出应用导向 推动人工智能健康有序发展》，《人民日报》2025 年 4 月 27 日。",
            "人民日报",
            "2025-04-27",
        ),
        (
            "《习近平向国际人工智能与教育大会致贺信》，《人民日报》2019年5月17日。",
            "人民日报",
            "2019-05-17",
        ),
    ],
)
def test_newspapers(text, paper, date):
    ref = parse_reference(text)
    assert (ref.kind, ref.journal, ref.date) == ("newspaper", paper, date)


@pytest.mark.parametrize(
    "text, kind, author, url, year",
    [
        (
            "参见中国信息通信研究院和中国人工智能产业发展联盟：《人工智能发展白皮书技术架构篇（2018年）》，"
            "<https://www.caict.ac.cn/kxyj/qwfb/lbps/201809/P020180906443463663989.pdf>。",
            "report",
            "中国信息通信研究院和中国人工智能产业发展联盟",
            "https://www.caict.ac.cn/kxyj/qwfb/lbps/201809/P020180906443463663989.pdf",
            "2018",
        ),
        (
            "参见《谷歌宣布裁员 12000 人!》，<https://news.qq.com/rain/a/20230121A04UCK00>。",
            "web-page",
            None,
            "https://news.qq.com/rain/a/20230121A04UCK00",
            "2023",
        ),
        (
            "OECD, AI, “Total VC Investments in AI by Country and Industry”, <https://oecd.ai/en/data?"
            "selectedArea=investments-in-ai-and-data>.",
            "web-page",
            "OECD, AI",
            "https://oecd.ai/en/data?selectedArea=investments-in-ai-and-data",
            None,
        ),
        (
            "Stanford Institute for Human-Centered AI, “Artificial Intelligence Index Report 2024”, "
            "https://hai.stanford.edu/assets/files/hai_ai-index-report-2024-smaller2.pdf.",
            "report",
            "Stanford Institute for Human-Centered AI",
            "https://hai.stanford.edu/assets/files/hai_ai-index-report-2024-smaller2.pdf",
            "2024",
        ),
        (
            "参见《AI 的剥削：肯尼亚工人训练 ChatGPT，看大量有害内容心理受伤》，"
            "https://www.thepaper.cn/newsDetail_forward_21629125。",
            "web-page",
            None,
            "https://www.thepaper.cn/newsDetail_forward_21629125",
            None,
        ),
    ],
)
def test_reports_and_web_pages(text, kind, author, url, year):
    ref = parse_reference(text)
    assert ref.kind == kind
    assert (ref.authors[0].name if ref.authors else None) == author
    assert ref.url == url  # angle brackets and final punctuation removed
    assert ref.year == year


@pytest.mark.parametrize(
    "printed, ranges",
    [
        ("444、453", [("444", "444"), ("453", "453")]),
        ("727-728", [("727", "728")]),
        ("206—207", [("206", "207")]),
        ("12 — 13", [("12", "13")]),
        ("Ⅶ", [("Ⅶ", "Ⅶ")]),
    ],
)
def test_pages(printed, ranges):
    assert [(p.start, p.end) for p in parse_pages(printed)] == ranges


def test_several_items_in_one_note():
    items = split_items(
        "参见《甲；乙》，《人民日报》2019年5月17日；《丙》，《人民日报》2019年5月18日。"
    )
    assert len(items) == 2 and items[0].startswith("参见《甲；乙》")


def test_unparsable_note_is_kept_as_other():
    ref = parse_reference("作者访谈记录，未刊稿。")
    assert ref.kind == "other" and ref.raw == "作者访谈记录，未刊稿。"
