"""Author-year citations: ``（马克思，2004：443）`` in the running text points to the
参考文献 entry of that author and year (the system of 《经济研究》, 《中国工业经济》 and of
many English journals).

The printed citation stays in the reading text; each one found becomes a `Marker` at its
end (``cue`` holds where it starts), and each entry cited becomes a note holding the
entry, as a GB/T 7714 ``[n]`` makes its entry a note (`notes.link_numeric`). Forms read:

- parenthetical: ``（马克思，2004：443）``, ``（马克思，2004，第443页）``, ``（Marx, 1976: 283）``,
  several in one pair (``（张三、李四，2021；王五，2019）``), with 参见/见/see before them;
- narrative: ``马克思（2004：443）指出``, ``Acemoglu和Restrepo（2018）``,
  ``Acemoglu et al.（2020）``; the name must be an entry's first author;
- ``等``/``et al.`` and a second author name the entry by its first author; a letter after
  the year (``2009a``) tells apart two entries of one author and year.

An entry is keyed by its first author and its year (`entry_key`): the author-year head
(``马克思，2004：《资本论》…``, ``Acemoglu, D., and P. Restrepo, 2018, “…”``, APA
``Marx, K. (1976).``), a Chinese note (``马克思：《资本论》第1卷，人民出版社2004年版。``)
or a GB/T 7714 entry (``马克思.资本论:第1卷[M].北京:人民出版社,2004.``). A citation that
names no entry, or two, is reported (kind ``author-year``) and links to none; an entry no
citation names stays in the bibliography, reported.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from marxkg.ingest.layout import HALF_DIGITS
from marxkg.ingest.notes import merge_notes
from marxkg.model import Document, Footnote, Marker, Uncertain

YEAR = r"(?P<year>(?:1[5-9]|20)[0-9]{2})(?P<suffix>[a-z])?"
_PAGES = r"[0-9]{1,4}(?:\s*[-–—~～]{1,2}\s*[0-9]{1,4})?"
# the page(s) after the year: ：443, : 443-445, ，第443页, , p. 283, , pp. 283-285
LOCATOR = re.compile(
    rf"\s*(?:[：:]\s*(?:第\s*)?(?P<a>{_PAGES})(?:\s*[页頁])?|[，,]\s*第\s*(?P<b>{_PAGES})\s*[页頁]"
    rf"|[，,]\s*pp?\.\s*(?P<c>{_PAGES}))"
)
_HAN = r"\u3400-\u9fff"
# possessive (Python 3.11): a name never gives characters back to the words that join
# names (和, 与 are Chinese characters too), which would make the search exponential in a
# long run of characters; `_names` splits the run at those words afterwards
_ZH_NAME = rf"[{_HAN}][{_HAN}·•]{{0,11}}+"
_EN_NAME = r"[A-Z][A-Za-z'’\-]++(?:\s+(?:de|van|von|der|la)\s+[A-Z][A-Za-z'’\-]++)?"
_NAME = rf"(?:{_ZH_NAME}|{_EN_NAME})"
_AND = r"、|和|与|與|及|and|&"  # what joins two names (and a comma, inside brackets)
_JOIN = rf"\s*(?:{_AND}|,|，)\s*"
_ET_AL = r"(?:\s*(?:等人|等)|\s+et\s+al\.?)"
# names as a citation prints them: 马克思 | 马克思、恩格斯 | 张三等 | Acemoglu and Restrepo
NAMES = rf"(?P<names>{_NAME}(?:{_JOIN}{_NAME})*{_ET_AL}?)"
# before the brackets of a narrative citation a comma ends a clause, it joins no names
_NARRATIVE_NAMES = re.compile(rf"(?P<names>{_NAME}(?:\s*(?:{_AND})\s*{_NAME})*{_ET_AL}?)\s*$")
_SEE = (
    r"(?:另见|另見|参见|參見|参看|參看|详见|詳見|转引自|轉引自|引自|见|見"
    r"|see\s+also\s+|see\s+|cf\.\s+)?"
)
# one item of a parenthetical citation: names, then one or more years, then the page(s)
ITEM = re.compile(
    rf"^\s*{_SEE}{NAMES}\s*[，,]?\s*(?P<years>(?:1[5-9]|20)[0-9]{{2}}[a-z]?(?:\s*年)?"
    rf"(?:\s*[，,、]\s*(?:1[5-9]|20)[0-9]{{2}}[a-z]?(?:\s*年)?(?![0-9]))*)"
    rf"(?P<loc>{LOCATOR.pattern})?\s*$"
)
PAREN = re.compile(r"[（(]([^（()）]{4,200})[）)]")
_YEAR_ONLY = re.compile(rf"^\s*{YEAR}(?:\s*年)?(?P<loc>{LOCATOR.pattern})?\s*$")

# the head of an author-year entry: 马克思，2004：…  |  Acemoglu, D., and P. Restrepo, 2018, …
ZH_HEAD = re.compile(
    rf"^(?P<authors>[^：:《》“”0-9]{{1,60}}?)\s*[，,]\s*{YEAR}\s*[：:]\s*(?P<rest>.+)$"
)
_SURNAME = r"[A-Z][A-Za-z'’\-]+(?:\s+[A-Z][A-Za-z'’\-]+)?"
_INITIALS = r"(?:[A-Z]\.\s*-?\s*)+"
# Acemoglu, D., and P. Restrepo  |  Marx, K.  |  Acemoglu, D., P. Restrepo, and A. Manera
EN_AUTHORS = (
    rf"{_SURNAME},\s*{_INITIALS}(?:,?\s*(?:(?:and|&)\s+)?{_INITIALS}\s*{_SURNAME})*"
    r"(?:,?\s*et\s+al\.)?"
)
EN_HEAD = re.compile(rf"^(?P<authors>{EN_AUTHORS})\s*,\s*{YEAR}\s*[,.]\s*(?P<rest>.+)$")
APA_HEAD = re.compile(rf"^(?P<authors>[A-Z][^“”\"0-9()]{{0,200}}?)\s*\(\s*{YEAR}\s*\)")
HARVARD_HEAD = re.compile(rf"^(?P<authors>{EN_AUTHORS})\s+{YEAR}\s*\.")  # Marx, K. 1976.
_NATIONALITY = re.compile(r"^\s*[\[［【(（〔][^\]］】)）〕]{1,6}[\]］】)）〕]\s*")
_ANY_YEAR = re.compile(r"(?<![0-9])((?:1[5-9]|20)[0-9]{2})(?![0-9])")


@dataclass(frozen=True)
class EntryKey:
    """What an author-year citation finds an entry by."""

    author: str  # the first author as printed (nationality mark removed)
    year: str
    suffix: str = ""  # 2009a -> "a"


@dataclass(frozen=True)
class Head:
    """An author-year entry split at its head: ``马克思，2004：`` + the rest."""

    authors: str
    year: str
    suffix: str
    rest: str
    latin: bool


@dataclass
class CueItem:
    """One work cited by an author-year citation."""

    start: int  # where the printed citation (the whole pair of brackets) starts
    end: int  # where it ends (the marker stands here)
    printed: str  # this item as printed: 马克思，2004：443
    names: list[str]
    year: str
    suffix: str
    locator: str | None


def entry_head(text: str) -> Head | None:
    """The author-year head of an entry (``马克思、恩格斯，2009a：《…》``), or None."""
    body = text.strip().translate(HALF_DIGITS)
    for pattern, latin in ((ZH_HEAD, False), (EN_HEAD, True)):
        m = pattern.match(body)
        if m and (latin or not m["authors"].isascii()):
            return Head(m["authors"].strip(), m["year"], m["suffix"] or "", m["rest"], latin)
    return None


def split_head_names(authors: str) -> list[str]:
    """``Acemoglu, D., P. Restrepo, and A. Manera`` -> the first author family name first,
    the others as printed."""
    m = re.match(rf"{_SURNAME},\s*{_INITIALS}", authors)
    if m is None:
        return [authors.strip()]
    others = re.split(r",\s*(?:(?:and|&)\s+)?|\s+(?:and|&)\s+", authors[m.end() :])
    return [m.group(0).strip(" ,")] + [n.strip() for n in others if n.strip(" ,")]


def head_year(text: str) -> str | None:
    """The year an entry prints after its authors (author-year, APA or Harvard head)."""
    body = text.strip()
    if (head := entry_head(body)) is not None:
        return head.year
    m = APA_HEAD.match(body) or HARVARD_HEAD.match(body)
    return m["year"] if m else None


def _first_author(authors: str) -> str:
    authors = _NATIONALITY.sub("", authors).strip()
    if authors[:1].isascii():  # Acemoglu, D., and … / David Harvey and …
        return re.split(r",|\s+(?:and|&)\s+", authors)[0].strip()
    return re.split(r"\s*[、，,和与與及]\s*", authors)[0].strip()


def entry_key(raw: str) -> EntryKey | None:
    """First author and year of a 参考文献 entry in any form marxkg reads, or None."""
    body = raw.strip().translate(HALF_DIGITS)
    head = entry_head(body)
    if head is not None:
        return EntryKey(_first_author(head.authors), head.year, head.suffix)
    m = APA_HEAD.match(body) or HARVARD_HEAD.match(body)
    if m:
        return EntryKey(_first_author(m["authors"]), m["year"], m["suffix"] or "")
    # a note (马克思：《资本论》…2004年版) or GB/T (马克思.资本论…2004.): the author before
    # the first ：/. and the first year after the title
    m = re.match(
        r"^(?P<authors>[^：:.．《》“”\[\]0-9]{1,60}?)\s*[：:.．]", _NATIONALITY.sub("", body)
    )
    if m is None:
        return None
    tail = body[body.find("》") + 1 :] if "》" in body else body[m.end() :]
    y = _ANY_YEAR.search(tail)
    return EntryKey(_first_author(m["authors"]), y.group(1)) if y else None


def _names(printed: str) -> list[str]:
    printed = re.sub(rf"{_ET_AL}$", "", printed.strip())
    return [n for n in re.split(_JOIN, printed) if n]


def _item(text: str, start: int, end: int) -> list[CueItem]:
    """The works one item of a parenthetical names (one per year)."""
    m = ITEM.match(text)
    if m is None:
        return []
    loc = next((v for k in "abc" if (v := m.groupdict().get(k))), None)
    years = re.findall(r"((?:1[5-9]|20)[0-9]{2})([a-z]?)", m["years"])
    printed = text.strip()
    if not _names(m["names"]):
        return []
    return [
        CueItem(start, end, printed, _names(m["names"]), y, s, loc if len(years) == 1 else None)
        for y, s in years
    ]


def find_cues(text: str, spans: list[tuple[int, int]], authors: set[str]) -> list[CueItem]:
    """Author-year citations in the given spans of the reading text (paragraphs):
    parenthetical ones, and narrative ones whose name is one of ``authors`` (the entries'
    first authors)."""
    found: list[CueItem] = []
    for lo, hi in spans:
        segment = text[lo:hi].translate(HALF_DIGITS)
        for m in PAREN.finditer(segment):
            start, end = lo + m.start(), lo + m.end()
            inner = m.group(1)
            items = [it for part in re.split(r"[；;]", inner) for it in _item(part, start, end)]
            if items:
                found.extend(items)
                continue
            if (y := _YEAR_ONLY.match(inner)) is not None:
                found.extend(_narrative(segment, lo, m, y, authors))
    found.sort(key=lambda c: (c.start, c.end))
    return found


def _narrative(
    segment: str, lo: int, paren: re.Match[str], year: re.Match[str], authors: set[str]
) -> list[CueItem]:
    """``马克思（2004：443）``: the names right before the brackets, the first of them an
    entry's first author."""
    start = max(0, paren.start() - 60)  # names are short: the search stays bounded
    before = segment[start : paren.start()]
    m = _NARRATIVE_NAMES.search(before)
    if m is None:
        return []
    names = _names(m["names"])
    if not names:  # 和和（2004）: joining words only
        return []
    # the printed run may start with words before the name: 认为马克思 -> 马克思
    first = next((a for a in sorted(authors, key=len, reverse=True) if names[0].endswith(a)), None)
    if first is None:
        return []
    at = start + m.start() + names[0].rfind(first)
    loc = next((v for k in "abc" if (v := year.groupdict().get(k))), None)
    printed = segment[at : paren.end()]
    names[0] = first
    return [
        CueItem(lo + at, lo + paren.end(), printed, names, year["year"], year["suffix"] or "", loc)
    ]


def matches(cue: CueItem, key: EntryKey) -> bool:
    """Does the citation name this entry: same year (and letter), first author alike?"""
    if cue.year != key.year or (cue.suffix and cue.suffix != key.suffix):
        return False
    name, author = cue.names[0], key.author
    if name.isascii():
        return re.search(rf"(?<![A-Za-z]){re.escape(name)}(?![A-Za-z])", author) is not None
    return author == name or author.endswith(("·" + name, "•" + name))


def link_author_year(doc: Document, entries: list[tuple[str, str, int]]) -> list[int]:
    """Find the author-year citations of the paragraphs and link each to the one 参考文献
    entry (``(label, raw, line)``) it names: every cited entry becomes a note, every
    citation a marker (markers and notes then renumbered in reading order). Returns the
    indices of the entries cited; what is unsure is added to ``doc.uncertain``."""
    keys = [entry_key(raw) for _, raw, _ in entries]
    authors = {k.author for k in keys if k is not None}
    spans = [(b.start, b.end) for b in doc.blocks if b.kind == "paragraph"]
    cited: dict[int, list[Marker]] = {}
    unsure: list[Uncertain] = []
    for cue in find_cues(doc.text, spans, authors):
        line = _line_of(doc, cue.start)
        hits = [i for i, k in enumerate(keys) if k is not None and matches(cue, k)]
        if len(hits) != 1:
            unsure.append(
                Uncertain(
                    "author-year",
                    line,
                    cue.printed[:40],
                    "the 参考文献 holds no entry of this author and year: linked to none"
                    if not hits
                    else f"{len(hits)} 参考文献 entries of this author and year: linked to none",
                )
            )
            continue
        marker = Marker(cue.printed, cue.end, 1, line, locator=cue.locator, cue=cue.start)
        cited.setdefault(hits[0], []).append(marker)
    doc.uncertain.extend(unsure)
    if not cited:  # the paper does not cite by author and year (its notes do)
        return []
    for i, (_, raw, line) in enumerate(entries):
        if i not in cited:
            doc.uncertain.append(
                Uncertain(
                    "reference",
                    line,
                    raw[:40],
                    "reference entry named by no author-year citation: kept in the bibliography",
                )
            )
    notes = [
        (Footnote(0, _label(keys[i], entries[i][0]), 1, entries[i][1], entries[i][2]), markers)
        for i, markers in cited.items()
    ]
    merge_notes(doc, notes)
    return sorted(cited)


def _label(key: EntryKey | None, printed: str) -> str:
    """A numbered entry keeps its number (``[3]``), an unnumbered one is labelled by its
    first author and year (``马克思 2009a``)."""
    if printed:
        return f"[{printed}]"
    return f"{key.author} {key.year}{key.suffix}" if key else ""


def _line_of(doc: Document, offset: int) -> int:
    block = next((b for b in doc.blocks if b.start <= offset <= b.end), None)
    return block.source_lines[0] if block and block.source_lines else 0


def printed_citations(doc: Document) -> list[tuple[int, int]]:
    """The spans of the printed author-year citations of the text
    (``（马克思，2004：443）``): those linked to an entry (markers with a ``cue``) and any
    other of that form."""
    spans = [(m.cue, m.offset) for m in doc.markers if m.cue is not None]
    paragraphs = [(b.start, b.end) for b in doc.blocks if b.kind in ("paragraph", "abstract")]
    spans += [(c.start, c.end) for c in find_cues(doc.text, paragraphs, set())]
    return sorted(set(spans))


def inside(offset: int, spans: list[tuple[int, int]]) -> bool:
    return any(start <= offset < end for start, end in spans)
