"""参考文献 entries of the author-year system, for works outside the edition registry.

The head (authors and year, `marxkg.ingest.author_year.entry_head`) comes first, then the
work:

- Chinese (《经济研究》 style): ``王五，2019：《平台经济的政治经济学》，《政治经济学评论》第3期。``,
  ``张三、李四，2021a：《数字资本论》，北京：人民出版社。``. The rest is restated as the
  note form with the year put where the note prints it (``《政治经济学评论》2019年第3期``,
  ``北京：人民出版社，2019年``) and read by the note patterns (`parse`);
- English: ``Acemoglu, D., and P. Restrepo, 2018, “Artificial Intelligence, Automation and
  Work”, NBER Working Paper, No. 24196.``, ``…, 2020, “…”, Brookings Papers on Economic
  Activity, Spring: 231-285.``, ``Harvey, D., 2006, The Limits to Capital, London: Verso.``

Classics in this form (``马克思，2004：《资本论》第1卷，…``) are read by `classic` first.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from marxkg.citations.fold import parse_page_list
from marxkg.citations.names import split_authors
from marxkg.ingest.author_year import Head, entry_head, split_head_names
from marxkg.model import Author, Reference

_PUBLISHER_END = r"(?:出版社|出版公司|书局|印书馆|书店|Press)"
_PAGES = r"(?P<pages>[0-9]+\s*[-–—]+\s*[0-9]+)"
EN_ARTICLE = re.compile(
    r"^[“\"](?P<title>[^”\"]+?)[,.]?[”\"]\s*[,.]?\s*(?P<journal>[^,:0-9“”]+?)"
    r"(?:\s*,\s*(?:Vol\.\s*)?(?P<volume>[0-9]+)\s*(?:\((?P<issue>[0-9]+)\))?)?"
    r"(?:\s*,\s*No\.\s*(?P<number>[0-9A-Za-z\-]+))?"
    rf"(?:\s*,?\s*(?:[A-Za-z]+\s*)?:\s*{_PAGES})?\s*\.?$"
)
EN_BOOK = re.compile(
    r"^(?P<title>[^“”\"]+?)(?:,\s*Vol\.\s*(?P<volume>[0-9]+))?"
    r"(?:,\s*(?:trans\.|translated by)\s*(?P<translators>[^,]+))?"
    r",\s*(?:(?P<place>[^:,]+?):\s*)?(?P<publisher>[^,:]+?)\s*\.?$"
)


def parse_author_year(text: str, parse_note: Callable[[str], Reference]) -> Reference | None:
    """An author-year entry of a work outside the registry, or None. ``parse_note`` reads
    a Chinese note (the restated rest)."""
    head = entry_head(text)
    if head is None:
        return None
    ref = _english(head) if head.latin else _chinese(head, parse_note)
    if ref is None:
        return None
    ref.raw, ref.family = text, "author-year"
    ref.year = ref.year or head.year
    return ref


def _chinese(head: Head, parse_note: Callable[[str], Reference]) -> Reference | None:
    rest = head.rest.strip().rstrip("。.")
    if not re.search(r"(?:1[5-9]|20)[0-9]{2}\s*年", rest):
        dated = re.sub(
            r"(》\s*[，,]?\s*)(第\s*[0-9]+\s*期)", rf"\g<1>{head.year}年\2", rest, count=1
        )
        dated = re.sub(
            r"(》\s*[，,]?\s*)([0-9]{1,2}\s*月)", rf"\g<1>{head.year}年\2", dated, count=1
        )
        if dated == rest and re.search(rf"{_PUBLISHER_END}$", rest):
            dated = f"{rest}，{head.year}年"
        rest = dated
    ref = parse_note(f"{head.authors}：{rest}")
    return None if ref.kind in ("other", "note", "marx") else ref


def _english(head: Head) -> Reference | None:
    rest = head.rest.strip()
    if m := EN_ARTICLE.match(rest):
        journal = m["journal"].strip()
        report = "Working Paper" in journal or "Discussion Paper" in journal
        ref = Reference(kind="report" if report else "journal-article", raw=rest, language="en")
        ref.title, ref.journal = m["title"].strip(), journal
        ref.volume, ref.issue = m["volume"], m["issue"] or m["number"]
        if m["pages"]:
            ref.pages_printed = m["pages"]
            ref.pages = parse_page_list(m["pages"])
    elif m := EN_BOOK.match(rest):
        ref = Reference(kind="book", raw=rest, language="en")
        ref.title, ref.volume = m["title"].strip(), m["volume"]
        ref.place = m["place"].strip() if m["place"] else None
        ref.publisher = m["publisher"].strip()
        if m["translators"]:
            ref.kind, ref.translators = "translated-book", [m["translators"].strip()]
    else:
        return None
    ref.authors = [Author(n) for n in split_head_names(head.authors)] or split_authors(head.authors)
    return ref
