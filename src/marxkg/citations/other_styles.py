"""Works outside the edition registry cited in GB/T 7714 or in English (Chicago, APA).

- GB/T 7714 books, reports, articles, newspapers and web pages (a 参考文献 list, or notes in
  that style): ``张三.数字资本论[M].北京:人民出版社,2019:5.``,
  ``Acemoglu D, Restrepo P. Artificial intelligence, automation, and work[R]. Cambridge:
  NBER, 2018.``, ``李四.人工智能与劳动[J].经济研究,2020,40(3):12-20.``,
  ``王五.数字经济的新阶段[N].人民日报,2022-05-06(9).``,
  ``国家统计局.2023年国民经济和社会发展统计公报[EB/OL].(2024-02-29)[2024-05-01].
  https://www.stats.gov.cn/sj/zxfb/202402/t20240228_1947915.html.``
- Chicago notes: ``David Harvey, The Limits to Capital (London: Verso, 2006), 123.``,
  ``V. I. Lenin, Collected Works, vol. 27 (Moscow: Progress Publishers, 1965), 259.``
- English notes with the facts in commas:
  ``Nick Srnicek, Platform Capitalism, Cambridge: Polity Press, 2017, p. 36.``
- Chicago articles and other quoted titles: ``David Autor, “Why Are There Still So Many
  Jobs?,” Journal of Economic Perspectives 29, no. 3 (2015): 3–30.``, ``OpenAI, “GPT-4
  Technical Report,” arXiv:2303.08774, 2023.`` (a report)
- APA: ``Acemoglu, D., & Restrepo, P. (2018). The race between man and machine. American
  Economic Review, 108(6), 1488–1542.``, ``Harvey, D. (2006). The limits to capital.
  London: Verso.``

Classics (Marx, Engels, Lenin, Mao in a registry edition) are read before these
(`marxkg.citations.classic`); what matches none of them stays ``other`` and is reported.
"""

from __future__ import annotations

import re

from marxkg.citations.fold import parse_page_list
from marxkg.citations.names import split_authors, split_english_names
from marxkg.model import Reference

YEAR = r"(?P<year>(?:1[5-9]|20)[0-9]{2})"
DOT = r"\s*[.．]\s*"
GBT_BOOK = re.compile(
    rf"^(?P<authors>[^.．\[\]［］]+?){DOT}(?P<title>[^\[\]［］]+?)\s*[\[［](?P<type>M|G|C|R)[\]］]{DOT}"
    r"(?:(?P<place>[^:：,，.．]+?)\s*[:：]\s*)?(?P<publisher>[^,，:：.．]+?)\s*[,，]\s*"
    rf"{YEAR}(?:\s*[:：]\s*(?P<pages>[0-9][0-9\-–—,、]*))?\s*[.．。]?$"
)
GBT_ARTICLE = re.compile(
    rf"^(?P<authors>[^.．\[\]［］]+?){DOT}(?P<title>[^\[\]［］]+?)\s*[\[［]J[\]］]{DOT}"
    rf"(?P<journal>[^,，]+?)\s*[,，]\s*{YEAR}\s*(?:[,，]\s*(?P<volume>[0-9]+)\s*)?"
    r"[(（]\s*(?P<issue>[0-9]+)\s*[)）](?:\s*[:：]\s*(?P<pages>[0-9][0-9\-–—,、]*))?\s*[.．。]?$"
)
GBT_NEWSPAPER = re.compile(
    rf"^(?P<authors>[^.．\[\]［］]+?){DOT}(?P<title>[^\[\]［］]+?)\s*[\[［]N[\]］]{DOT}"
    r"(?P<journal>[^,，]+?)\s*[,，]\s*(?P<date>(?:1[89]|20)[0-9]{2}-[01][0-9]-[0-3][0-9])"
    r"\s*(?:[(（]\s*(?P<pages>[0-9]+)\s*[)）])?\s*[.．。]?$"
)
GBT_WEB = re.compile(
    rf"^(?P<authors>[^.．\[\]［］]+?){DOT}(?P<title>[^\[\]［］]+?)\s*[\[［]EB/OL[\]］]{DOT}"
    r"(?:[(（]\s*(?P<date>(?:1[89]|20)[0-9]{2}-[01][0-9]-[0-3][0-9])\s*[)）])?\s*"
    r"(?:[\[［][0-9-]+[\]］])?\s*[.．]?\s*(?P<url>https?://\S+?)\s*[.．。]?$"
)
PAGES = r"(?P<pages>[0-9ivxlc][0-9ivxlc\-–—, ]*?)"
CHICAGO_BOOK = re.compile(
    r"^(?P<authors>[^,()]+?(?:,? (?:and|&) [^,()]+?)?),\s*(?P<title>[^()]+?)"
    r"(?:,\s*vol\.\s*(?P<volume>[0-9]+))?,?\s*"
    rf"\((?:(?P<place>[^:()]+?):\s*)?(?P<publisher>[^,()]+?),\s*{YEAR}\)"
    rf"(?:,\s*(?:pp?\.\s*)?{PAGES})?\s*\.?$"
)
COMMA_BOOK = re.compile(
    r"^(?P<authors>[^,()]+?),\s*(?P<title>[^,()]+?),\s*(?:(?P<place>[^:,()]+?):\s*)?"
    rf"(?P<publisher>[^,()]+?),\s*{YEAR}(?:,\s*pp?\.\s*{PAGES})?\s*\.?$"
)
APA_ARTICLE = re.compile(
    rf"^(?P<authors>.+?)\s*\({YEAR}[a-z]?\)\.\s*(?P<title>.+?[.?!])\s+"
    r"(?P<journal>[^,.]+?),\s*(?P<volume>[0-9]+)\s*(?:\((?P<issue>[0-9]+)\))?,\s*"
    r"(?P<pages>[0-9]+\s*[-–—]\s*[0-9]+)\s*\.?$"
)
APA_BOOK = re.compile(
    rf"^(?P<authors>.+?)\s*\({YEAR}[a-z]?\)\.\s*(?P<title>[^.]+?)\.\s*"
    r"(?:(?P<place>[^:.]+?):\s*)?(?P<publisher>[^.:]+?)\s*\.?$"
)
# Chicago article: Author, “Title,” Journal 29, no. 3 (2015): 3–30.
CHICAGO_ARTICLE = re.compile(
    r"^(?P<authors>[^“”]+?),\s*“(?P<title>[^”]+?)[,.]?”\s*(?P<journal>[^“”0-9,()]+?)\s+"
    r"(?P<volume>[0-9]+)(?:,\s*no\.\s*(?P<issue>[0-9]+))?\s*"
    rf"\((?:[A-Za-z]+\.?\s+)?{YEAR}\)(?::\s*(?P<pages>[0-9][0-9\-–—]*))?\s*\.?$"
)
# a quoted title, then where it appeared and the year: OpenAI, “GPT-4 Technical Report,”
# arXiv:2303.08774, 2023.
QUOTED_TITLE = re.compile(
    r"^(?P<authors>[^“”]+?),\s*“(?P<title>[^”]+?)[,.]?”\s*[,.]?\s*(?P<journal>[^“”,]+?),\s*"
    rf"(?:[A-Za-z]+\.?\s+)?{YEAR}(?:,\s*(?:pp?\.\s*)?(?P<pages>[0-9][0-9\-–—]*))?\s*\.?$"
)
REPORT_SOURCES = ("arXiv", "Working Paper", "Discussion Paper", "Report", "SSRN", "NBER")

# (pattern, kind, GB/T 7714?): tried in this order
STYLES = (
    (GBT_ARTICLE, "journal-article", True),
    (GBT_BOOK, "book", True),  # [R]: a report
    (GBT_NEWSPAPER, "newspaper", True),
    (GBT_WEB, "web-page", True),
    (CHICAGO_ARTICLE, "journal-article", False),
    (QUOTED_TITLE, "journal-article", False),
    (APA_ARTICLE, "journal-article", False),
    (APA_BOOK, "book", False),
    (CHICAGO_BOOK, "book", False),
    (COMMA_BOOK, "book", False),
)


def parse_other_style(text: str) -> Reference | None:
    """A GB/T 7714 or English reference to a work outside the registry, or None."""
    body = text.strip()
    for pattern, kind, gbt in STYLES:
        m = pattern.match(body)
        if m is None:
            continue
        g = m.groupdict()
        # a GB/T entry is in the language of the work it lists
        latin = not gbt or not any("\u4e00" <= ch <= "\u9fff" for ch in g["title"])
        ref = Reference(kind=kind, raw=text, language="en" if latin else "zh-Hans")
        ref.authors = (split_authors if gbt else split_english_names)(g["authors"])
        ref.title = g["title"].strip().rstrip(".")
        ref.place, ref.publisher = _strip(g.get("place")), _strip(g.get("publisher"))
        ref.journal, ref.volume, ref.issue = (
            _strip(g.get("journal")),
            g.get("volume"),
            g.get("issue"),
        )
        if g.get("type") == "R" or any(w in (ref.journal or "") for w in REPORT_SOURCES):
            ref.kind = "report"
        if date := g.get("date"):
            ref.date, ref.year = date, date[:4]
        else:
            ref.year = g.get("year")
        ref.url = g.get("url")
        if pages := _strip(g.get("pages")):
            ref.pages_printed = pages
            ref.pages = parse_page_list(pages)
        return ref
    return None


def _strip(value: str | None) -> str | None:
    return value.strip().rstrip(",") or None if value else None
