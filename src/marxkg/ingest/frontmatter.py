"""Front matter in the layouts of the field: title (broken over lines, subtitle after ——),
authors with numbered affiliations, labelled fields (摘要/提要/内容提要 in any bracket and
spacing, 关键词/關鍵詞, 中图分类号, 文献标识码, 文章编号, DOI, 基金项目, 作者简介 for several
authors, 收稿日期, English title/abstract/keywords) and the funding note."""

from __future__ import annotations

import re

from marxkg.model import FrontMatter

_OPEN, _CLOSE = r"[\[【［〔]", r"[\]】］〕]"
LABELS: dict[str, str] = {
    "abstract": r"内容提要|内容摘要|內容提要|內容摘要|摘\s*要|提\s*要",
    "keywords": r"关\s*键\s*词|關\s*鍵\s*詞|关键字|關鍵字",
    "clc": r"中图分类号|中圖分類號|分类号|分類號",
    "document_code": r"文献标识码|文獻標識碼|文献标志码",
    "article_id": r"文章编号|文章編號",
    "doi": r"DOI",
    "funding": r"基金项目|基金項目|基金资助|基金資助|基金|项目|項目",
    "bio": r"作者简介|作者簡介",
    "received": r"收稿日期",
    "abstract_en": r"Abstract|ABSTRACT",
    "keywords_en": r"Key\s*words|KEY\s*WORDS|Keywords|KEYWORDS",
}
# Labels that may stand without brackets or colon, followed by a space only.
_BARE_OK = {"abstract", "keywords", "abstract_en", "keywords_en"}
_ANY = "|".join(LABELS.values())
LABEL = re.compile(
    rf"^\s*(?:{_OPEN}\s*(?P<b>{_ANY})\s*{_CLOSE}\s*[:：]?|(?P<c>{_ANY})\s*[:：]"
    rf"|(?P<s>{_ANY})\s+)\s*"
)
_WHICH = {k: re.compile(rf"^(?:{v})$") for k, v in LABELS.items()}
_INLINE_KEYS = ("document_code", "article_id", "doi", "clc")
_INLINE_LABELS = "|".join(LABELS[k] for k in _INLINE_KEYS)
# the next label on the line: in brackets (colon optional: ``[文献标识码] A``) or with a colon
_INLINE = re.compile(
    rf"\s(?:{_OPEN}\s*(?:{_INLINE_LABELS})\s*{_CLOSE}\s*[:：]?|(?:{_INLINE_LABELS})\s*[:：])"
)

# name（birth year-），…, affiliation and position（address postcode）; the address is left
# out by some journals, the birth year by others (then the name is a short name)
BIO = re.compile(
    r"^(?:(?P<name>[^（(，,]+?)\s*[（(]\s*(?P<birth>[0-9]{4})\s*[-—–]?\s*[0-9]{0,4}\s*[）)]"
    r"|(?P<bare>[\u3400-\u9fff·]{2,5}))\s*[，,]\s*"
    r"(?P<rest>.+?)(?:[（(](?P<address>[^（）()]*?)\s*(?P<postcode>[0-9]{6})?\s*[）)])?\s*[。.]?$"
)
# 作者张伟，某某大学…教授（北京 100872）。: 作者 and a name, then an institution
BARE_BIO = re.compile(
    r"^作者\s*(?=[\u3400-\u9fff·]{2,5}\s*[，,（(][^。]*(?:大学|学院|研究院|研究所|中心|党校|大學|學院))"
)
# what a bio says of the person before the institution: 男, 汉族, 湖北武汉人, 博士, 中共党员
PERSONAL = re.compile(
    r"^(?:男|女|[\u3400-\u9fff]{1,4}族|[\u3400-\u9fff]{2,8}人|博士|硕士|中共党员)$"
)
_BIO_SPLIT = re.compile(r"[；;]\s*(?=[^；;，,（(]{1,12}\s*[（(]\s*[0-9]{4})")
AFFILIATION_END = re.compile(
    r"^(.*(?:学院|大学|研究院|研究所|研究中心|中心|学校|學院|大學|學校|系|部))(.+)$"
)
FUNDING_NUMBER = re.compile(r"[（(]\s*(?:项目编号|批准号|编号)?[:：]?\s*([0-9A-Z&]{5,})\s*[）)]")
FUNDING_PROJECT = re.compile(r"“([^”]+)”")
CJK = r"\u3400-\u9fff\uff00-\uffef\u3000-\u303f“”"
_CJK_GAP = re.compile(rf"(?<=[{CJK}])\s+(?=[{CJK}])")
_NAME = r"[\u3400-\u9fff·]{2,5}"
AUTHOR_LINE = re.compile(rf"^(?:{_NAME}\s*[0-9０-９,，¹²³⁴⁵⁶⁷⁸⁹*]*\s*(?:[，,、；;\s]+|$)){{1,8}}$")
_INSTITUTION = r"(?:大学|学院|研究|中心|学校|大學|學院|研究院|所|党校|黨校)"
# an institution's name ends with one of these (中国人民大学经济学院, 中国社会科学院经济研究所)
# (not 中心 or 系 alone: a title may end with 生产关系 or 数据中心)
_INSTITUTION_END = r"(?:大学|学院|研究院|研究所|研究中心|学校|党校|大學|學院|學校|黨校)"
_ONE_INSTITUTION = rf"(?:[0-9]\s*[.．、]?\s*)?[^\s。，,；;：:]{{2,30}}{_INSTITUTION_END}"
# names of institutions alone, apart (a web page's line: 中国人民大学经济学院 南京大学…)
INSTITUTIONS = re.compile(
    rf"^{_ONE_INSTITUTION}(?:\s*[；;，,、]?\s+{_ONE_INSTITUTION}|\s*[；;]\s*{_ONE_INSTITUTION})*$"
)
AFFILIATIONS = re.compile(
    rf"^(?:[（(]\s*(?:[0-9]\s*[.．、]?\s*)?.*{_INSTITUTION}.*[）)]"
    rf"|(?:[0-9]\s*[.．、]?\s*)?[^。；;]*{_INSTITUTION}[^。]*[，,\s][^。]*[0-9]{{6}}"
    rf"|{INSTITUTIONS.pattern[1:-1]})$"
)
# unnumbered headings the field's papers print: the opening and the closing section
OPENING_WORDS = (
    "引言",
    "导言",
    "導言",
    "导论",
    "導論",
    "绪论",
    "緒論",
    "前言",
    "问题的提出",
    "問題的提出",
)
CLOSING_WORDS = (
    "结语", "結語", "结论", "結論", "结束语", "結束語", "余论", "餘論", "结语与展望", "結語與展望",
    "结论与启示", "結論與啟示", "结论与讨论", "結論與討論", "研究结论", "研究結論", "结论与展望",
)  # fmt: skip


def named_heading(text: str) -> str | None:
    """``opening`` or ``closing`` for an unnumbered heading (``引  言``, ``结语``), else None."""
    word = re.sub(r"[\s\u3000]+", "", text)
    if word in OPENING_WORDS:
        return "opening"
    return "closing" if word in CLOSING_WORDS else None


HEADING_LIKE = re.compile(
    r"^(?:[一二三四五六七八九十]+[、\s]|[（(][一二三四五六七八九十0-9]+[）)]"
    r"|[0-9]{1,2}(?:[.．][0-9])*[.．\s]"
    r"|第[一二三四五六七八九十]+[章节節]|引\s*言|导\s*论|結\s*語|结\s*语)"
)


def clean_title(line: str) -> str:
    """Join a title broken over lines: whitespace between two CJK characters goes."""
    return _CJK_GAP.sub("", line.strip())


def match_label(text: str, strict: bool = False) -> tuple[str, str] | None:
    """``(field, rest)`` if ``text`` starts with a front-matter label (``strict``: only in
    brackets or with a colon; English labels may stand bare). 《中国社会科学》 prints the
    bio without a label: ``作者张伟，中国人民大学经济学院教授（北京 100872）。``"""
    m = LABEL.match(text)
    if not m:
        bare = BARE_BIO.match(text)
        return ("bio", text[bare.end() :].strip()) if bare else None
    word = m.group("b") or m.group("c") or m.group("s")
    name = next(k for k, w in _WHICH.items() if w.match(word))
    if m.group("s") is not None and (
        name not in _BARE_OK or strict and name in ("abstract", "keywords")
    ):
        return None
    return name, text[m.end() :].strip()


def split_labelled(text: str, strict: bool = False) -> list[tuple[str, str]]:
    """A line may carry several short labels: ``中图分类号：A811 文献标识码：A``."""
    first = match_label(text, strict)
    if first is None:
        return []
    pieces: list[tuple[str, str]] = []
    name, rest = first
    while True:
        m = _INLINE.search(rest) if name in ("clc", "document_code", "article_id", "doi") else None
        if not m:
            pieces.append((name, rest))
            return pieces
        pieces.append((name, rest[: m.start()].strip()))
        nxt = match_label(rest[m.start() :].strip())
        if nxt is None:
            pieces[-1] = (name, rest)
            return pieces
        name, rest = nxt


def is_english(text: str) -> bool:
    letters = [ch for ch in text if not ch.isspace()]
    return bool(letters) and sum(ch.isascii() for ch in letters) / len(letters) > 0.8


# a two-character name spaced to the width of three (``张  伟``, ``张　伟``)
_SPACED_NAME = re.compile(
    r"(?<![\u3400-\u9fff])([\u3400-\u9fff])[ \u3000]{1,3}([\u3400-\u9fff])(?![\u3400-\u9fff])"
)


def unspaced_names(text: str) -> str:
    """``张  伟　李  明`` -> ``张伟　李明``: names spaced to the width of three characters."""
    return _SPACED_NAME.sub(r"\1\2", text.strip())


def is_author_line(text: str) -> bool:
    return (
        len(text) <= 60
        and bool(AUTHOR_LINE.match(unspaced_names(text)))
        and named_heading(text) is None
    )


def parse_authors(text: str) -> list[str]:
    names = [
        re.sub(r"[0-9０-９¹²³⁴⁵⁶⁷⁸⁹*]+$", "", n)
        for n in re.split(r"[，,、；;\s]+", unspaced_names(text))
    ]
    return [n for n in names if n]


def parse_affiliations(text: str) -> list[str]:
    inner = text.strip()
    if INSTITUTIONS.match(inner):
        return [
            re.sub(r"^[0-9]\s*[.．、]?\s*", "", p) for p in re.split(r"[\s；;，,、]+", inner) if p
        ]
    if inner[:1] in "（(" and inner[-1:] in "）)":
        inner = inner[1:-1]
    parts = re.split(r"[；;]\s*(?=[0-9])", inner)
    return [re.sub(r"^[0-9]\s*[.．、]?\s*", "", p).strip() for p in parts if p.strip()]


def parse_bio(text: str, front: FrontMatter) -> None:
    """Fill author, birth year, affiliation, position, address and postcode from 作者简介;
    several authors (separated by ；) are kept in ``front.bios``."""
    bios = [b.strip() for b in _BIO_SPLIT.split(text.strip()) if b.strip()]
    front.bios.extend(bios)
    if not bios:
        return
    first = bios[0]
    m = BIO.match(first)
    if not m or (m["bare"] and re.search(_INSTITUTION, m["bare"])):
        front.affiliation = front.affiliation or first or None
        return
    front.author = front.author or (m["name"] or m["bare"]).strip()
    front.birth_year = m.group("birth")
    parts = re.split(r"\s*[，,]\s*", m.group("rest").strip("，, "))
    while len(parts) > 1 and PERSONAL.match(parts[0]):
        parts.pop(0)
    rest = "，".join(parts)
    a = AFFILIATION_END.match(rest)
    if a:
        front.affiliation, front.position = a.group(1), a.group(2).strip("，, ")
    else:
        front.affiliation = rest
    front.address = (m.group("address") or "").strip() or None
    front.postcode = m.group("postcode")


def parse_funding(text: str, front: FrontMatter) -> None:
    front.funding_note = text.strip()
    number = FUNDING_NUMBER.search(text)
    project = FUNDING_PROJECT.search(text)
    front.funding_number = number.group(1) if number else None
    front.funding_project = project.group(1) if project else None


def split_keywords(text: str) -> list[str]:
    return [k for k in re.split(r"[\s；;，,、]+", text.strip().rstrip("。.")) if k]


def apply_field(name: str, value: str, front: FrontMatter) -> None:
    """Store a labelled field (other than abstract/keywords, which are reading text)."""
    value = value.strip()
    if name == "bio":
        parse_bio(value, front)
    elif name == "funding":
        parse_funding(value, front)
    elif name == "abstract_en":
        front.abstract_en = value
    elif name == "keywords_en":
        front.keywords_en = [
            k.strip() for k in re.split(r"[;；,，]", value.rstrip(".")) if k.strip()
        ]
    elif name in ("clc", "document_code", "article_id", "doi", "received"):
        setattr(front, name, value.rstrip("。.；;") or None)
