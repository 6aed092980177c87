"""Front matter: title, author line, 【内容提要】, 【关键词】, 作者简介, funding note."""

from __future__ import annotations

import re

from marxkg.model import FrontMatter

ABSTRACT = re.compile(r"^(?:【(?:内容提要|内容摘要|摘要|提要)】|(?:内容提要|摘要)[:：])\s*(.*)$")
KEYWORDS = re.compile(r"^(?:【关键词】|关键词[:：])\s*(.*)$")
AUTHOR_BIO = re.compile(r"^作者简介[:：]\s*(.*)$")
BIO = re.compile(
    r"^(?P<name>[^（(，,]+?)\s*[（(]\s*(?P<birth>[0-9]{4})\s*[-—–]?\s*[）)]\s*[，,]\s*"
    r"(?P<rest>.+?)[（(](?P<address>[^（）()]*?)\s*(?P<postcode>[0-9]{6})?\s*[）)]\s*[。.]?$"
)
AFFILIATION_END = re.compile(r"^(.*(?:学院|大学|研究院|研究所|研究中心|中心|学校|系|部))(.+)$")
FUNDING_NUMBER = re.compile(r"[（(]\s*([0-9A-Z&]{5,})\s*[）)]")
FUNDING_PROJECT = re.compile(r"“([^”]+)”")
CJK = r"\u3400-\u9fff\uff00-\uffef\u3000-\u303f“”"
_CJK_GAP = re.compile(rf"(?<=[{CJK}])\s+(?=[{CJK}])")


def clean_title(line: str) -> str:
    """Join a title broken over lines: whitespace between two CJK characters goes."""
    return _CJK_GAP.sub("", line.strip())


def parse_bio(text: str, front: FrontMatter) -> None:
    """Fill author, birth year, affiliation, position, address and postcode from 作者简介."""
    m = BIO.match(text.strip())
    if not m:
        front.affiliation = text.strip() or None
        return
    front.author = front.author or m.group("name").strip()
    front.birth_year = m.group("birth")
    rest = m.group("rest").strip("，, ")
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
    return [k for k in re.split(r"[\s；;，,、]+", text.strip()) if k]
