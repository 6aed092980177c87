"""Line-level helpers of the ingester: markers, headings, sentence ends, numerals."""

from __future__ import annotations

import re

from marxkg.ingest.layout import MARKER_STYLES
from marxkg.ingest.sentences import TERMINALS

PART = re.compile(r"^([一二三四五六七八九十]+)、\s*(.+)$")
SUBSECTION = re.compile(r"^(?:([0-9]{1,2})[\.．]|[（(]([一二三四五六七八九十]+)[）)])\s*(.+)$")
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


def strip_markers(text: str, style: str, line: int) -> tuple[str, list[tuple[str, int, int]]]:
    """Remove footnote markers; return the clean text and ``(label, offset, line)`` list.

    Whitespace printed right after a marker is an artefact of the superscript and goes
    with it, unless the marker sits between two Latin letters or digits.
    """
    pattern = MARKER_STYLES[style]
    out: list[str] = []
    markers: list[tuple[str, int, int]] = []
    pos = 0
    for m in pattern.finditer(text):
        out.append(text[pos : m.start()])
        label = m.group(1)
        label = "*" if label in ("{*}", "*") else label
        if label.startswith("{"):
            label = f"[{label[1:-1]}]"
        elif style == "bracket":
            label = f"[{label}]"
        offset = sum(len(s) for s in out)
        markers.append((label, offset, line))
        pos = m.end()
        prev = text[m.start() - 1] if m.start() else ""
        if not (prev.isascii() and prev.isalnum()):
            while pos < len(text) and text[pos] in " \t":
                pos += 1
    out.append(text[pos:])
    return "".join(out), markers


def is_terminal(text: str) -> bool:
    """Does the text end a sentence (``。`` or ``。”`` …)?"""
    text = text.rstrip()
    if not text:
        return True
    if text[-1] in TERMINALS + "…":
        return True
    return text[-1] in "”’」』）)" and len(text) > 1 and text[-2] in TERMINALS


def heading(text: str) -> tuple[str, str, str] | None:
    """``(kind, number, title)`` for a part or subsection heading line, else None."""
    if len(text) > MAX_HEADING or is_terminal(text) and text.rstrip()[-1] in "。！？!?":
        return None
    m = PART.match(text)
    if m:
        return "part", m.group(1), m.group(2).strip()
    m = SUBSECTION.match(text)
    if m:
        return "sub", m.group(1) or m.group(2), m.group(3).strip()
    return None
