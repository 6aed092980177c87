"""Footnote text -> structured references.

Order: the ``[n]`` of a 参考文献 entry and a 参见/转引自 prefix are taken off (`notes`); then
同上 (`notes.parse_ibid`), a classic of the edition registry in any printed family
(`classic`: Chinese, GB/T and English/German forms), then the patterns below (one table of
regular expressions, tried in order; see tests/test_citations.py):

- translated books:
  ``[美]梅拉妮·米歇尔：《AI3.0》，王飞跃等译，成都：四川科学技术出版社，2021年，第Ⅶ页``
- books: ``周辉等：《人工智能治理：场景、原则与规则》，北京：中国社会科学出版社，2021年``,
  also with the publisher-year form (``人民出版社2019年版``), a volume (``《…》第4卷``,
  ``第四卷``) or no author (``《…摘编》，中央文献出版社2016年版``)
- journal articles: ``陈忠：《…》，《马克思主义研究》2024年第1期``, also ``载《…》``, a
  comma before the year, and the pages after the issue
- GB/T 7714 entries and English notes (Chicago, APA) of other works: `other_styles`
- author-year entries (``王五，2019：《…》，《政治经济学评论》第3期。``): `author_year`
- newspapers: ``《…》，《人民日报》2025 年 4 月 27 日``
- Chinese reports and web pages: ``参见中国信息通信研究院：《…》，<https://…>``
- English reports and web pages: ``OECD, AI, “Total VC Investments …”, <https://…>.``
"""

from __future__ import annotations

import re

from marxkg.citations.author_year import parse_author_year
from marxkg.citations.classic import parse_classic
from marxkg.citations.classic_gbt import strip_number
from marxkg.citations.editions import Registry, load_registry
from marxkg.citations.fold import chinese_number
from marxkg.citations.names import split_authors
from marxkg.citations.notes import is_explanatory, parse_ibid, strip_prefix
from marxkg.citations.other_styles import parse_other_style
from marxkg.ingest.author_year import head_year
from marxkg.ingest.layout import HALF_DIGITS
from marxkg.model import Author, PageRange, Reference

SP = r"\s*"
YEAR = r"(?P<year>[0-9]{4})\s*年"
PAGES = r"第\s*(?P<pages>[^页]+?)\s*页"
URL = r"<?(?P<url>https?://[^\s<>，。]+?)>?"
AUTHORS = r"(?P<authors>[^：:《》“”]+?)"
# the year after the publisher: "，2019年" (full note) or "2019年版" (publisher-year form)
PUBLISHED = rf"(?:[，,]{SP}{YEAR}|{SP}(?P<year_ed>[0-9]{{4}}){SP}年{SP}版)"
# a volume after the title: 第4卷, （第四卷）
VOLUME = rf"(?:{SP}[（(]?{SP}第{SP}(?P<volume>[0-9]+|[一二三四五六七八九十百]+){SP}卷{SP}[)）]?)?"
TRANSLATED = re.compile(
    rf"^{AUTHORS}[：:]{SP}《(?P<title>[^》]+)》{VOLUME}[，,]{SP}(?P<translators>[^，,]+?)译[，,]{SP}"
    rf"(?:(?P<place>[^：:，,]+)[：:]{SP})?(?P<publisher>[^，,]+?){PUBLISHED}"
    rf"(?:[，,]{SP}{PAGES})?"
)
# what some notes print after a title: （节选）, （上册）, （修订版）
TITLE_NOTE = rf"(?:{SP}[（(][^（()）0-9]{{1,6}}[)）])?"
BOOK = re.compile(
    rf"^(?:{AUTHORS}[：:]{SP})?《(?P<title>[^》]+)》{VOLUME}{TITLE_NOTE}[，,]{SP}"
    rf"(?:(?P<place>[^：:，,《]+)[：:]{SP})?"
    rf"(?P<publisher>[^，,《：:]+?(?:出版社|书局|出版公司|印书馆|书店|Press))"
    rf"{PUBLISHED}(?:[，,]{SP}{PAGES})?"
)
JOURNAL = re.compile(
    rf"^{AUTHORS}[：:]{SP}《(?P<title>.+?)》[，,]{SP}(?:载{SP})?《(?P<journal>[^》]+)》[，,]?{SP}"
    rf"{YEAR}{SP}第{SP}(?P<issue>[0-9]+){SP}期(?:[，,]{SP}{PAGES})?"
)
NEWSPAPER = re.compile(
    rf"^(?:{AUTHORS}[：:]{SP})?(?:《(?P<title>.+?)》[，,]{SP})?"
    # a newspaper, not a bulletin, a university journal or an annual report (公报, 学报, 年报)
    rf"《(?P<journal>[^》]*(?:日报|报|时报))(?<!公报)(?<!学报)(?<!通报)(?<!年报)(?<!简报)》"
    rf"[，,]?{SP}{YEAR}{SP}(?P<month>[0-9]{{1,2}}){SP}月{SP}(?P<day>[0-9]{{1,2}}){SP}日"
    rf"(?:[，,]?{SP}第{SP}(?P<edition_page>[0-9]+){SP}版)?"
)
# a date printed before or after the address: 2024年2月29日, (2024-02-29)
_DATE = (
    r"[（(]?[0-9]{4}\s*(?:年\s*[0-9]{1,2}\s*月(?:\s*[0-9]{1,2}\s*日)?|-[0-9]{2}(?:-[0-9]{2})?)"
    r"[）)]?"
)
ZH_WEB = re.compile(
    rf"^(?:{AUTHORS}[：:]{SP})?《(?P<title>.+?)》[，,]{SP}"
    rf"(?:[^，,《》:/]{{2,20}}[，,]{SP})??(?:(?P<before>{_DATE})[，,]{SP})?{URL}"
    rf"(?:[，,]{SP}(?P<after>{_DATE})|[，,]{SP}(?:访问|引用|檢索|检索)日期[：:]?{SP}{_DATE})?"
    r"\s*[。.]?$"
)
EN_WEB = re.compile(rf"^(?P<authors>[^“”]+?)[,，]{SP}“(?P<title>.+?)”[,，]?{SP}{URL}\s*[。.]?$")
REPORT_WORDS = (
    "报告",
    "白皮书",
    "公报",
    "Report",
    "Handbook",
    "Summary",
    "Index",
    "Annual",
    "Network",
)


def parse_pages(text: str) -> list[PageRange]:
    """``444、453`` -> two pages; ``727-728`` / ``206—207`` -> one range; ``Ⅶ`` kept."""
    ranges: list[PageRange] = []
    for part in re.split(r"\s*[、，,;；]\s*", text.strip()):
        if not part:
            continue
        bounds = re.split(r"\s*[-–—～~至]+\s*", part)
        if len(bounds) == 2 and all(bounds):
            ranges.append(PageRange(bounds[0], bounds[1]))
        else:
            ranges.append(PageRange(part, part))
    return ranges


def _split_translators(text: str) -> list[str]:
    return [t for t in re.split(r"\s*[、，,]\s*", text.strip()) if t]


def parse_reference(raw: str, registry: Registry | None = None) -> Reference:
    """Parse one cited item (a footnote, one of several items separated by ``；``, or a
    参考文献 entry with its ``[n]``)."""
    body, _number = strip_number(raw.strip())
    prefix = strip_prefix(body)
    text = prefix.text
    if (ref := parse_ibid(text)) is None:
        ref = parse_classic(text, registry)
        if ref is not None and not ref.volume:
            ref = None  # a classic named in passing, or cited as a whole: read as a book
        if ref is not None and ref.year is None:
            ref.year = head_year(text)  # Marx, K. (1976). Capital, …: the year of the head
    if ref is None:
        ref = _parse_other(text)
    ref.raw, ref.see, ref.via = raw.strip(), prefix.see, prefix.via
    if ref.kind == "other" and is_explanatory(text, _cues(registry), _cue_patterns(registry)):
        ref.kind = "note"
    return ref


def classic_author(ref: Reference, registry: Registry | None = None) -> str | None:
    """The classic author (the registry's ``patterns.authors``: 马克思, Marx, 列宁 …) of a
    reference read as a book or translated book, or None: such a work is outside every
    registry edition (《共产党宣言》 as a booklet, 《资本论》（节选本）)."""
    if ref.kind not in ("book", "translated-book"):
        return None
    names = (registry or load_registry()).patterns.get("authors", [])
    for author in ref.authors:
        for name in names:
            if author.name == name or author.name.endswith("·" + name):
                return author.name
            if name.isascii() and re.search(rf"\b{re.escape(name)}\b", author.name):
                return author.name
    return None


def _cues(registry: Registry | None) -> list[str]:
    return list((registry or load_registry()).patterns.get("reference_cues", []))


def _cue_patterns(registry: Registry | None) -> list[str]:
    return list((registry or load_registry()).patterns.get("reference_cue_patterns", []))


def _parse_other(text: str) -> Reference:
    """Books, translated books, articles, newspapers, reports and web pages."""
    text = text.translate(HALF_DIGITS)  # ２０１９年第３期
    if (dated := parse_author_year(text, _parse_other)) is not None:
        return dated
    ref = Reference(kind="other", raw=text)
    if m := TRANSLATED.match(text):
        ref.kind = "translated-book"
        _common(ref, m)
        ref.translators = _split_translators(m["translators"])
        return ref
    if m := JOURNAL.match(text):
        ref.kind = "journal-article"
        _common(ref, m)
        ref.journal, ref.issue = m["journal"], m["issue"]
        return ref
    if m := NEWSPAPER.match(text):
        ref.kind = "newspaper"
        _common(ref, m)
        ref.journal = m["journal"]
        ref.date = f"{m['year']}-{int(m['month']):02d}-{int(m['day']):02d}"
        return ref
    if m := BOOK.match(text):
        ref.kind = "book"
        _common(ref, m)
        return ref
    if (styled := parse_other_style(text)) is not None:
        return styled
    for pattern, language in ((ZH_WEB, "zh-Hans"), (EN_WEB, "en")):
        if m := pattern.match(text):
            title = m["title"]
            ref.title = title.strip()
            ref.url = m["url"]
            ref.language = language
            if m["authors"]:
                ref.authors = [Author(m["authors"].strip())]
            ref.kind = (
                "report"
                if (ref.url.lower().endswith(".pdf") or any(w in title for w in REPORT_WORDS))
                else "web-page"
            )
            ref.year = _stated_year(ref.kind, ref.title, ref.url) or _printed_year(m)
            return ref
    return ref


def _printed_year(m: re.Match[str]) -> str | None:
    """The year of the date a web reference prints beside its address (not the date it
    was accessed)."""
    groups = m.groupdict()
    date = groups.get("before") or groups.get("after")
    return date.strip("（(")[:4] if date else None


def _stated_year(kind: str, title: str, url: str) -> str | None:
    """The year a report's title or a web page's URL states, never guessed otherwise.

    Reports: a year closing the title (``Report 2024``, ``（2024年）``, ``·2024``).
    Web pages: a date in the URL path (``/2024-06-06/``, ``/2023/11/``, ``/20230121A…``).
    """
    if kind == "report":
        m = re.search(r"(?<![0-9])((?:19|20)[0-9]{2})\s*年?[）)]?$", title)
        return m.group(1) if m else None
    m = re.search(r"/((?:19|20)[0-9]{2})(?:[-/]?[01][0-9][-/]?[0-3][0-9]|/[01][0-9]/)", url)
    return m.group(1) if m else None


def _common(ref: Reference, m: re.Match[str]) -> None:
    groups = m.groupdict()
    ref.authors = split_authors(groups["authors"]) if groups.get("authors") else []
    ref.title = groups["title"].strip() if groups.get("title") else None
    ref.place = groups.get("place")
    ref.publisher = groups.get("publisher")
    ref.year = groups.get("year") or groups.get("year_ed")
    if volume := groups.get("volume"):
        ref.volume = volume if volume.isdigit() else str(chinese_number(volume))
    if groups.get("pages"):
        ref.pages_printed = f"第{groups['pages']}页"
        ref.pages = parse_pages(groups["pages"])


def split_items(note: str) -> list[str]:
    """Split a footnote holding several cited items at top-level ``；``."""
    items: list[str] = []
    cur: list[str] = []
    depth = 0
    for ch in note:
        if ch in "《“（(":
            depth += 1
        elif ch in "》”）)" and depth:
            depth -= 1
        if ch == "；" and depth == 0:
            items.append("".join(cur))
            cur = []
            continue
        cur.append(ch)
    items.append("".join(cur))
    return [i.strip() for i in items if i.strip()]
