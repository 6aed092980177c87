"""Chinese note forms of a classic (Marx/Engels, Lenin, Mao editions of the registry).

Families, each seen in Chinese journals' style sheets (tests/test_citation_families.py):

- full note:        ``《马克思恩格斯文集》第1卷，北京：人民出版社，2009年，第N页。``
- parenthesised:    ``《马克思恩格斯文集》（第1卷），…``
- publisher-year:   ``《马克思恩格斯文集》第1卷，人民出版社2009年版，第N页。``
- separated:        ``《马克思恩格斯文集》第1卷，人民出版社，2009年，第N页。``
- compact:          ``《马克思恩格斯文集》第1卷第N页。``
- edition-year:     ``《马克思恩格斯文集》2009年版第5卷，第N页。``
- comma-segmented:  ``《马克思恩格斯文集》，第1卷，北京：人民出版社，2009年，第N页。``
- author-year:      ``马克思，恩格斯，2009：《马克思恩格斯文集》第1卷，…，第N页。``
- GB/T 7714:        ``马克思恩格斯文集：第1卷[M].北京：人民出版社，2009：N.`` (classic_gbt)

with an author prefix (``马克思：``, ``马克思、恩格斯：``), a work inside a collection
(``马克思：《资本论》，《马克思恩格斯全集》第23卷，…``), an edition mark (``第2版``), split
volumes (``第46卷（下）``, ``第26卷第Ⅱ册``) and pages in every dash. Reads folded text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from marxkg.citations import classic_gbt
from marxkg.citations.editions import Family, Registry
from marxkg.citations.fold import parse_page_list

PART = r"上|中|下|I{1,3}|[1-3]"
PUBLISHER_END = r"(?:出版社|书局|印书馆|书店)"  # how a publisher's name ends
# a head naming the editors or translators: 中共中央马克思恩格斯列宁斯大林著作编译局编译：
EDITOR_HEAD = re.compile(r"(?:编译局|编译|编辑|主编|编|译)\s*[:：,.]?\s*$")


@dataclass
class Printed:
    """What one printed classic reference states (before the edition is decided)."""

    family_id: str  # registry family of the collection (or single work)
    form: str  # printed form: full-note, publisher-year, gbt, …
    authors: list[str] = field(default_factory=list)
    work: str | None = None  # a work printed inside a collection
    volume: str | None = None
    part: str | None = None  # as printed (folded): 下, II, 2
    mark: str | None = None  # 第2版, 纪念版
    year: str | None = None
    publisher: str | None = None
    place: str | None = None
    pages: str | None = None
    language: str = "zh-Hans"


def _titles(text: str, registry: Registry) -> list[tuple[str, int, int]]:
    """Registry names printed in the note: in 《》, or bare (GB/T, ``文集 第5卷``)."""
    found = [(m.group(1).strip(), m.start(), m.end()) for m in re.finditer(r"《([^》]+)》", text)]
    if not any(registry.family_of_name(t) for t, _, _ in found):
        alt = registry.name_alternation(latin=False)
        spans = [(s, e) for _, s, e in found]
        found += [
            (m.group(0), m.start(), m.end())
            for m in re.finditer(alt, text)
            if not any(s <= m.start() < e for s, e in spans)
        ]
        found.sort(key=lambda t: t[1])
    return found


def _volume(after: str) -> tuple[str | None, str | None, int]:
    """Volume and part right after the title: 第46卷(下), (第5卷), 第26卷第2册, 第26卷II."""
    m = re.match(
        rf"\s*[,:]?\s*(?:\(?\s*(?:第\s*[1-3一二三]\s*版|纪念版|增订版|\d{{4}}\s*年\s*版)\s*\)?\s*[,:]?\s*)?"
        rf"\(?\s*第\s*(\d+)\s*卷\s*\)?"
        rf"(?:\s*\(\s*({PART})\s*(?:册)?\s*\)|\s*第\s*([1-3一二三])\s*册|\s*({PART})(?:册)?"
        rf"(?![0-9]))?",
        after,
    )
    if m:
        return m.group(1), m.group(2) or m.group(3) or m.group(4), m.end()
    m = re.match(rf"\s*[,:]?\s*\(\s*(\d+)\s*({PART})?\s*\)", after)  # 《马克思主义研究》: （46下）
    if m:
        return m.group(1), m.group(2), m.end()
    vol, part = classic_gbt.gbt_volume(after)
    return vol, part, 0


def _mark(text: str) -> str | None:
    m = re.search(r"\(?\s*第\s*([1-3一二三])\s*版\s*\)?", text)
    if m:
        return f"第{'123'['一二三'.index(m.group(1))] if m.group(1) in '一二三' else m.group(1)}版"
    m = re.search(r"(纪念版|增订版)", text)
    return m.group(1) if m else None


def _authors(text: str) -> list[str]:
    return [a for a in re.split(r"\s*[、,，和与]\s*", text.strip(" :：,.")) if a]


def _pages(text: str, gbt: bool) -> str | None:
    found = re.findall(r"第\s*([^页卷版期册第]+?)\s*页", text)
    if found:
        return "、".join(found)
    m = re.search(r"年\s*,\s*([0-9][0-9\s,、\-–—~]*?)\s*[。.]?$", text)  # …，2009年，443。
    if m:
        return m.group(1)
    if gbt:
        return classic_gbt.gbt_year_pages(text)[1]
    m = re.search(r"\b(?:pp?|S)\.\s*([0-9][0-9\s,、\-–—~]*)", text)
    if m:
        return m.group(1)
    m = re.search(r"(?<![A-Za-z])[Pp]{1,2}\s*([0-9][0-9,、\-–—~]*)\s*[。.]?$", text)  # …，P443。
    return m.group(1) if m else None


def _year(text: str, gbt: bool) -> str | None:
    m = re.search(r"((?:1[89]|20)\d{2})\s*年", text)
    if m:
        return m.group(1)
    # a bare year after the publisher: …，人民出版社，2004，第443页。
    m = re.search(rf"{PUBLISHER_END}\s*,\s*((?:1[89]|20)\d{{2}})\s*(?:,|[。.]?$)", text)
    if m:
        return m.group(1)
    return classic_gbt.gbt_year_pages(text)[0] if gbt else None


def _publisher(text: str, registry: Registry) -> tuple[str | None, str | None]:
    m = re.search(
        r"(?:(?P<place>[^\s,:;()《》.]{2,8})\s*:\s*)?"
        rf"(?P<pub>[^\s,:;()《》.\d]*?{PUBLISHER_END})",
        text,
    )
    if not m:
        for pub in registry.patterns.get("publishers", []):
            if pub in text:
                return pub, None
        return None, None
    return m["pub"], m["place"]


def _form(text: str, printed: Printed, gbt: bool, author_year: bool) -> str:
    if gbt:
        return "gbt"
    if author_year:
        return "author-year"
    if re.search(r"\(\s*第\s*\d+\s*卷\s*\)", text):
        return "parenthesised"
    if re.search(r"》\s*\(?\s*\d{4}\s*年\s*版\s*\)?\s*第\s*\d+\s*卷", text):
        return "edition-year"
    if re.search(r"》\s*,\s*第\s*\d+\s*卷", text):
        return "comma-segmented"
    if re.search(rf"{PUBLISHER_END}\s*\d{{4}}\s*年\s*版", text):
        return "publisher-year"
    if not printed.publisher and not printed.year:
        return "compact"
    if printed.place:
        return "full-note"
    return "separated"


def parse_zh(text: str, registry: Registry) -> Printed | None:
    """A Chinese-printed classic reference (folded text), or None if it names no registry
    collection or work."""
    body, _ = classic_gbt.strip_number(text)
    # 《马克思恩格斯全集（第2版）》: the edition mark printed inside the title marks
    body = re.sub(r"《([^》]+?)\s*\(\s*(第\s*[1-3一二三]\s*版)\s*\)\s*》", r"《\1》(\2)", body)
    titles = _titles(body, registry)
    named: list[tuple[Family, str, int, int]] = [
        (f, t, s, e) for t, s, e in titles if (f := registry.family_of_name(t)) is not None
    ]
    if not named:
        return None
    # the collection is the last registry title that is not a single work, else the work
    collections = [n for n in named if not n[0].work]
    fam, _title, start, end = collections[-1] if collections else named[-1]
    gbt = classic_gbt.is_gbt(body)
    head = body[: min(s for _, s, _ in titles)] if titles else ""
    author_year = False
    m = re.match(
        r"^(?P<authors>[^\d《》:]+?)\s*,\s*(?P<year>(?:1[89]|20)\d{2})[a-z]?\s*[:,.]\s*$", head
    )
    printed = Printed(fam.id, "", language="zh-Hans")
    if m:
        author_year = True
        printed.authors, printed.year = _authors(m["authors"]), m["year"]
    elif head.strip(" :：.,") and not EDITOR_HEAD.search(head):
        printed.authors = _authors(head)  # not the editors (…编译局编译：): the edition's
    works = [
        t
        for t, s, e in titles
        if s < start and ((f := registry.family_of_name(t)) is None or f.work)
    ]
    if works and collections:
        printed.work = works[-1]
    elif not collections and fam.work:
        printed.work = None  # a single-work edition: the title is the work itself
    after = body[end:]
    printed.volume, printed.part, _ = _volume(after)
    if printed.volume is None and printed.work:  # 《资本论》第23卷，《马克思恩格斯全集》
        wend = max(e for t, s, e in titles if t == printed.work and e <= start)
        printed.volume, printed.part, _ = _volume(body[wend:start])
    if printed.volume is None and fam.work and not collections:
        printed.volume = (
            "1"
            if len(registry.of_family(fam.id))
            and all(e.volumes == 1 for e in registry.of_family(fam.id))
            else None
        )
    printed.mark = _mark(after.split("出版社")[0] if "出版社" in after else after)
    printed.year = printed.year or _year(after, gbt)
    printed.publisher, printed.place = _publisher(after, registry)
    printed.pages = _pages(after, gbt)
    if printed.pages and not parse_page_list(printed.pages):
        printed.pages = None
    printed.form = _form(body, printed, gbt, author_year)
    return printed
