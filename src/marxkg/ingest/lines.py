"""Line-level helpers of the ingester: markers, headings, sentence ends, numerals."""

from __future__ import annotations

import re
from collections.abc import Callable

from marxkg.ingest.layout import MARKER_STYLES
from marxkg.ingest.sentences import TERMINALS

PART = re.compile(
    r"^(?:第([一二三四五六七八九十]+)[章节節]\s*|([一二三四五六七八九十]+)(?:、|\s+))"
    r"\s*(.+)$"
)
SUBSECTION = re.compile(
    r"^(?:([0-9]{1,2})[\.．](?![0-9])|[（(]([一二三四五六七八九十]+)[）)])"
    r"\s*(.+)$"
)
DECIMAL = re.compile(r"^([0-9]{1,2}(?:[.．][0-9]{1,2}){1,2})[.．]?\s*([\u3400-\u9fffA-Za-z“《].*)$")
ITEM = re.compile(r"^[（(]([0-9]{1,2})[）)]\s*(.+)$")
# Superscript digits printed as plain digits: after a character or closing punctuation,
# not part of a number, not followed by a unit (年, 页, %, ...).
DIGIT_MARKER = re.compile(
    r"(?<=[\u3400-\u9fff”’」』）)》。，；：、！？…%％])([0-9]{1,3})"
    r"(?![0-9.．,%％年月日号號页頁卷期章节節条條个個万萬亿億元岁歲次种種项項位名家倍版册冊部篇世纪紀])"
)
NUMERALS = {c: i for i, c in enumerate("一二三四五六七八九十", start=1)}
MAX_HEADING = 80
MAX_HEADING_TAIL = 50


def chinese_number(text: str) -> int:
    """一 -> 1 … 十 -> 10, 十二 -> 12, 二十三 -> 23."""
    if text == "十":
        return 10
    if "十" in text:
        tens, _, ones = text.partition("十")
        return NUMERALS.get(tens, 1) * 10 + NUMERALS.get(ones, 0)
    return NUMERALS[text]


def strip_markers(
    text: str, style: str, line: int, line_at: Callable[[int], int] | None = None
) -> tuple[str, list[tuple[str, int, int]]]:
    """Remove footnote markers; return the clean text and ``(label, offset, line)`` list.

    Whitespace printed right after a marker is an artefact of the superscript and goes
    with it, unless the marker sits between two Latin letters or digits. ``line_at`` maps a
    character offset of ``text`` to its source line (re-flowed hard-wrapped lines).
    """
    pattern = MARKER_STYLES[style]
    out: list[str] = []
    markers: list[tuple[str, int, int]] = []
    pos = 0
    for m in pattern.finditer(text):
        out.append(text[pos : m.start()])
        label = m.group(1)
        label = "*" if label in ("{*}", "*") else label
        offset = sum(len(s) for s in out)
        line = line_at(m.start()) if line_at else line
        if label.startswith("{"):
            label = f"[{label[1:-1]}]"
        elif label.isascii() and label.isdigit():
            label = f"[{label}]"
        elif re.fullmatch(r"[0-9][0-9,，、\-–—\s]*", label):  # [3,5] [3-5]: one marker each
            for n in expand_group(label):
                markers.append((f"[{n}]", offset, line))
            label = ""
        if label:
            markers.append((label, offset, line))
        pos = m.end()
        prev = text[m.start() - 1] if m.start() else ""
        if not (prev.isascii() and prev.isalnum()):
            while pos < len(text) and text[pos] in " \t":
                pos += 1
    out.append(text[pos:])
    return "".join(out), markers


def expand_group(group: str) -> list[int]:
    """``3,5`` -> [3, 5]; ``3-5`` -> [3, 4, 5]; ``3, 6-8`` -> [3, 6, 7, 8]."""
    out: list[int] = []
    for part in re.split(r"\s*[,，、]\s*", group.strip()):
        ends = [int(x) for x in re.split(r"\s*[\-–—]\s*", part) if x]
        if len(ends) == 2 and ends[0] <= ends[1] and ends[1] - ends[0] < 50:
            out.extend(range(ends[0], ends[1] + 1))
        else:
            out.extend(ends)
    return out


def strip_digit_markers(
    text: str, line: int, expect: int, line_at: Callable[[int], int] | None = None
) -> tuple[str, list[tuple[str, int, int]], int]:
    """Superscript digits surviving as plain digits (``……实现的1，``): a digit run is a
    marker only when it is the next number of the note sequence (``expect``). Returns the
    clean text, the markers and the next expected number."""
    out: list[str] = []
    markers: list[tuple[str, int, int]] = []
    pos = 0
    for m in DIGIT_MARKER.finditer(text):
        if int(m.group(1)) != expect:
            continue
        out.append(text[pos : m.start()])
        markers.append(
            (f"[{expect}]", sum(len(s) for s in out), line_at(m.start()) if line_at else line)
        )
        expect += 1
        pos = m.end()
        while pos < len(text) and text[pos] in " \t":  # the superscript's artefact space
            pos += 1
    out.append(text[pos:])
    return "".join(out), markers, expect


def is_terminal(text: str) -> bool:
    """Does the text end a sentence (``。`` or ``。”`` …)?"""
    text = text.rstrip()
    if not text:
        return True
    if text[-1] in TERMINALS + "…":
        return True
    return text[-1] in "”’」』）)" and len(text) > 1 and text[-2] in TERMINALS


def heading(text: str) -> tuple[str, str, str] | None:
    """``(kind, number, title)`` for a heading-shaped line, else None.

    Kinds: ``part`` (一、 / 一 + space / 第一节), ``sub`` (1. / （一）), ``decimal`` (1.1,
    1.1.1: the number is the section id) and ``item`` (（1）). A line ending a sentence or a
    clause (。！？；，、) is never a heading: it is a numbered list item.
    """
    stripped = text.rstrip()
    if (
        len(text) > MAX_HEADING
        or not stripped
        or stripped[-1] in "。！？!?；;，,、"
        or (is_terminal(text) and stripped[-1] in "”’」』）)" and stripped[-2:-1] in "。！？!?")
    ):
        return None
    m = DECIMAL.match(text)
    if m:
        return "decimal", m.group(1).replace("．", "."), m.group(2).strip()
    m = PART.match(text)
    if m:
        return "part", m.group(1) or m.group(2), m.group(3).strip()
    m = SUBSECTION.match(text)
    if m:
        return "sub", m.group(1) or m.group(2), m.group(3).strip()
    m = ITEM.match(text)
    if m:
        return "item", m.group(1), m.group(2).strip()
    return None
