"""Source lines -> layout units (text lines, footnote blocks, reference lists, jumps).

The accepted layout is documented in ``corpus/README.md``: one paragraph per line, blank
lines between, footnote blocks printed where a page ends (lines starting with a marker
such as ``①``, ``^①`` or ``[1]``), ``（下转第N页）`` / ``（上接第M页）`` for jumps.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳㉑㉒㉓㉔㉕㉖㉗㉘㉙㉚㉛㉜㉝㉞㉟"
CIRCLED_CLASS = f"[{CIRCLED}]"

# Marker styles: the printed form of a marker inside running text.
MARKER_STYLES = {
    "caret": re.compile(rf"\^(\{{\*\}}|{CIRCLED_CLASS}|\{{[0-9]+\}})"),
    "circled": re.compile(rf"({CIRCLED_CLASS})"),
    "bracket": re.compile(r"\[([0-9]{1,3})\]"),
}
NOTE_LINE = {
    "caret": re.compile(rf"^\^?(\{{\*\}}|{CIRCLED_CLASS}|\{{[0-9]+\}})\s*(.+)$"),
    "circled": re.compile(rf"^(\*|{CIRCLED_CLASS})\s*(.+)$"),
    "bracket": re.compile(r"^(\*|\[[0-9]{1,3}\])\s*(.+)$"),
}
REF_HEADER = re.compile(r"^(参考文献|主要参考文献)\s*[:：]?\s*$")
REF_ITEM = re.compile(r"^(?:[-*•]\s*)?\[([0-9]{1,3})\]\s*(.+)$")
EDITOR = re.compile(r"^[（(]\s*(责任)?编辑\s*[:：]\s*(.+?)\s*[）)]$")
JUMP_OUT = re.compile(r"[（(]\s*下转第\s*([0-9]+)\s*页\s*[）)]\s*$")
JUMP_IN = re.compile(r"^[（(]\s*上接第\s*([0-9]+)\s*页\s*[）)]\s*")


def normalise_label(label: str) -> str:
    """``{*}`` -> ``*``, ``{3}`` -> ``[3]``; circled digits stay as printed."""
    if label in ("{*}", "*"):
        return "*"
    if label.startswith("{") and label.endswith("}"):
        return f"[{label[1:-1]}]"
    if label.isascii() and label.isdigit():
        return f"[{label}]"
    return label


@dataclass
class Unit:
    kind: str  # text | notes | refs | editor | jump-out | jump-in
    line: int  # 1-based source line of the unit's first line
    text: str = ""
    items: list[tuple[str, str, int]] = field(default_factory=list)  # (label, text, line)
    page: str | None = None


def detect_marker_style(lines: list[str]) -> str:
    """The marker style the document uses: caret (``^①``), circled (``①``) or bracket."""
    body = "\n".join(lines)
    if MARKER_STYLES["caret"].search(body):
        return "caret"
    for line in lines:
        stripped = line.strip()
        if stripped and not NOTE_LINE["circled"].match(stripped):
            if MARKER_STYLES["circled"].search(stripped):
                return "circled"
    return "bracket"


def split_units(lines: list[str], style: str) -> list[Unit]:
    """Classify the non-empty source lines into layout units, in order."""
    note_re = NOTE_LINE[style]
    units: list[Unit] = []
    in_refs = False
    for i, raw in enumerate(lines, start=1):
        line = raw.strip()
        if not line:
            continue
        if REF_HEADER.match(line):
            in_refs = True
            units.append(Unit("refs", i))
            continue
        m = REF_ITEM.match(line)
        if in_refs and m:
            units[-1].items.append((m.group(1), m.group(2).strip(), i))
            continue
        in_refs = False
        m = EDITOR.match(line)
        if m:
            units.append(Unit("editor", i, text=m.group(2)))
            continue
        m = note_re.match(line)
        if m:
            label = normalise_label(m.group(1))
            if units and units[-1].kind == "notes":
                units[-1].items.append((label, m.group(2).strip(), i))
            else:
                units.append(Unit("notes", i, items=[(label, m.group(2).strip(), i)]))
            continue
        m = JUMP_IN.match(line)
        if m:
            units.append(Unit("jump-in", i, page=m.group(1)))
            line = line[m.end() :]
            if not line:
                continue
        m = JUMP_OUT.search(line)
        if m:
            units.append(Unit("text", i, text=line[: m.start()].rstrip()))
            units.append(Unit("jump-out", i, page=m.group(1)))
            continue
        units.append(Unit("text", i, text=line))
    return units

