"""GB/T 7714 forms of a classic: the ``[M]`` bibliography entry and the numeric list entry.

``马克思恩格斯文集：第1卷[M].北京：人民出版社，2009：443.`` with or without the responsible
authors (``马克思，恩格斯.``), a colon or a comma before the volume, the ``[n]`` number of a
参考文献 entry in front, and the page after the year (``2009：443``). Works on folded text
(`marxkg.citations.fold`).
"""

from __future__ import annotations

import re

NUMBER = re.compile(r"^\s*[\[［【]\s*\d{1,4}\s*[\]］】]\s*")
TYPE_MARK = re.compile(r"\[(?:M|J|N|C|D|R|EB|Z|A)(?:/OL)?\]")
# the page after the year: "2009:443." / "2009: 443-445." / "2009,443" (end of entry)
YEAR_PAGES = re.compile(r"(?P<year>(?:1[89]|20)\d{2})\s*[:]\s*(?P<pages>[0-9A-Za-z][^:;]*?)\s*\.?$")
YEAR_END = re.compile(r"[,]\s*(?P<year>(?:1[89]|20)\d{2})\s*\.?$")
# author-date entries put the year after the authors and the page after the publisher
PUBLISHER_PAGES = re.compile(r"(?:出版社|书局|印书馆)\s*:\s*(?P<pages>[0-9A-Za-z][^:;]*?)\s*\.?$")


def strip_number(text: str) -> tuple[str, str | None]:
    """``[3] 马克思…`` -> (``马克思…``, ``3``): the number of a numeric-system list entry."""
    m = NUMBER.match(text)
    if not m:
        return text, None
    return text[m.end() :], re.sub(r"\D", "", m.group(0))


def is_gbt(text: str) -> bool:
    """A GB/T 7714 entry: a type mark ``[M]``, or the ``Title: 第N卷. Place: Publisher,
    Year[: pages].`` sentence structure."""
    if TYPE_MARK.search(text) or PUBLISHER_PAGES.search(text.rstrip("。 ")):
        return True
    return bool(
        re.search(
            r"\.\s*(?:[^.,:]{1,12}:\s*)?[^.,:]*(?:出版社|书局|印书馆)\s*,\s*"
            r"(?:1[89]|20)\d{2}\s*(?::|\.|$)",
            text,
        )
    )


def gbt_year_pages(text: str) -> tuple[str | None, str | None]:
    """Year and pages as GB/T prints them at the end of the entry."""
    body = TYPE_MARK.sub("", text).rstrip("。 ")
    m = YEAR_PAGES.search(body)
    if m:
        return m["year"], m["pages"]
    m = YEAR_END.search(body)
    if m:
        return m["year"], None
    m = PUBLISHER_PAGES.search(body)
    return (None, m["pages"]) if m else (None, None)


def gbt_volume(after_title: str) -> tuple[str | None, str | None]:
    """What follows the title: ``:第1卷[M]`` / ``文集,第1卷`` / citeproc's ``文集: 卷 5`` /
    ``全集: 46下``."""
    m = re.match(
        r"\s*[:,]?\s*第\s*(\d+)\s*卷\s*(?:\(?\s*(上|中|下|I{1,3}|[1-3])\s*\)?)?\s*(?:册)?"
        r"\s*(?:\[|\.)",
        after_title,
    )
    if not m:
        m = re.match(
            r"\s*[:,]\s*卷\s*(\d+)\s*(?:\(?\s*(上|中|下|I{1,3})\s*\)?)?"
            r"\s*(?:\[|\.)",
            after_title,
        )
    if not m:
        m = re.match(r"\s*[:,]\s*(\d+)\s*(上|中|下|I{1,3})?\s*(?:\[|\.)", after_title)
    return (m.group(1), m.group(2)) if m else (None, None)
