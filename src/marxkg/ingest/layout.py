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
# the brackets a numbered marker is printed in: [3], ［3］, 〔3〕, 【3】 (read as [3])
OPEN, CLOSE = r"[\[［〔【]", r"[\]］〕】]"
_BRACKETS = str.maketrans("［〔【］〕】", "[[[]]]")

# Marker styles: the printed form of a marker inside running text.
MARKER_STYLES = {
    "caret": re.compile(rf"\^(\{{\*\}}|{CIRCLED_CLASS}|\{{[0-9]+\}}|\[[0-9]{{1,3}}\])"),
    "markdown": re.compile(r"\[\^([0-9]{1,3}|\*)\]"),
    "circled": re.compile(rf"({CIRCLED_CLASS})"),
    # [3], ［3］, 〔3〕, 【3】 and GB/T groups: [3,5] [3-5] [3, 6-8]
    "bracket": re.compile(rf"{OPEN}([0-9]{{1,3}}(?:\s*[,，、\-–—]\s*[0-9]{{1,3}})*){CLOSE}"),
    # superscript digits printed as plain digits: found by sequence (lines.strip_digit_markers)
    "digits": re.compile(r"(?!x)x"),
}
# what a reference prints and a remark or a heading does not (a note line numbered with a
# plain digit, a reference printed in brackets in the text: `intext`)
REFERENCE_CUE = (
    r"出版社|出版公司|书局|書局|年版|第\s*\S{1,6}?\s*[卷页頁期册冊]|[\[［][MJRN][\]］]"
    r"|https?://|[0-9]{4}\s*年|[0-9]{1,2}\s*月|[Pp]\.\s*[0-9]"
)
# full-width digits (２００４), as some journals print them: read as digits, offsets kept
HALF_DIGITS = str.maketrans("０１２３４５６７８９", "0123456789")
NOTE_LINE = {
    "caret": re.compile(
        rf"^\^?(\{{\*\}}|\*|{CIRCLED_CLASS}|\{{[0-9]+\}}|\[[0-9]{{1,3}}\])"
        r"\s*(.+)$"
    ),
    "markdown": re.compile(r"^\[\^([0-9]{1,3}|\*)\]\s*[:：]\s*(.+)$"),
    "circled": re.compile(rf"^(\*|{CIRCLED_CLASS})\s*(.+)$"),
    "bracket": re.compile(rf"^(\*|{OPEN}[0-9]{{1,3}}{CLOSE})\s*(.+)$"),
    # a plain number, a space, then what a reference prints (PDF text whose superscript
    # note numbers came out as plain digits, the notes at the page's foot)
    "digits": re.compile(rf"^(\*|[0-9]{{1,3}}(?=\s+\S.*(?:{REFERENCE_CUE})))\s*(.+)$"),
}
# Inside an endnote section (注释), a note may also start with a bare number.
ENDNOTE_LINE = re.compile(
    rf"^(?:\^?(\{{\*\}}|\*|{CIRCLED_CLASS}|\{{[0-9]+\}}|{OPEN}[0-9]{{1,3}}{CLOSE}|\[\^[0-9]{{1,3}}\]:?)"
    r"|([0-9]{1,3})(?:[.．、]|\s))\s*(.+)$"
)
NOTES_HEADER = re.compile(r"^(?:注\s*释|注\s*釋|尾\s*注|注)\s*[:：]?\s*$")
REF_HEADER = re.compile(
    r"^[\[【［]?\s*(参考文献|主要参考文献|參考文獻|主要參考文獻|参考书目|參考書目|引用文献|"
    r"References|REFERENCES|Bibliography)"
    r"\s*[\]】］]?\s*[:：]?\s*$"
)
REF_ITEM = re.compile(rf"^(?:[-*•]\s*)?{OPEN}([0-9]{{1,3}}){CLOSE}\s*(.+)$")
# an entry of an unnumbered list (author-year systems; `author_year`) or one numbered
# ``1.``: a year or the marks of a publication, and no label of the front matter
REF_PLAIN = re.compile(r"^(?:([0-9]{1,3})[.．、]\s*)?(.+)$")
REF_LIKE = re.compile(
    r"(?<![0-9])(?:1[5-9]|20)[0-9]{2}(?![0-9])|出版社|出版公司|书局|印书馆|Press|《|[\[［][MJRNC][\]］]"
)
NOT_REF = re.compile(
    r"^(?:Abstract|Key\s*words|Keywords|作者简介|作者簡介|收稿日期|基金项目|基金項目|责任编辑|"
    r"責任編輯|注\s*释|附\s*录)\s*[:：]?",
    re.IGNORECASE,
)
EDITOR = re.compile(
    r"^(?:[（(〔［\[【]\s*(责任|責任)?(?:编辑|編輯)\s*[:：]\s*(.+?)\s*[）)〕］\]】]"
    r"|(责任|責任)(?:编辑|編輯)\s*[:：]\s*([^，。,]{1,20}?))$"
)
JUMP_OUT = re.compile(r"[（(]\s*下[转轉]第\s*([0-9]+)\s*[页頁]\s*[）)]\s*$")
JUMP_IN = re.compile(r"^[（(]\s*上接第\s*([0-9]+)\s*[页頁]\s*[）)]\s*")


# note numbers printed as Unicode superscripts (a web page's <sup>1</sup> copied as ¹)
_SUPERSCRIPT = str.maketrans("⁰¹²³⁴⁵⁶⁷⁸⁹", "0123456789")
SUPERSCRIPT_RUN = re.compile(r"(?<![A-Za-z0-9])([⁰¹²³⁴⁵⁶⁷⁸⁹]{1,3})(?![⁰¹²³⁴⁵⁶⁷⁸⁹])")


def superscript_markers(lines: list[str]) -> list[str]:
    """``手段¹。`` -> ``手段^{1}。`` and a note ``¹ 《…》`` -> ``^{1} 《…》``: the caret form
    of a numbered marker (not after a Latin letter or digit: m², 10³)."""
    return [SUPERSCRIPT_RUN.sub(_caret, line) for line in lines]


def _caret(m: re.Match[str]) -> str:
    return "^{" + m.group(1).translate(_SUPERSCRIPT) + "}"


def normalise_label(label: str) -> str:
    """``{*}`` -> ``*``, ``{3}`` -> ``[3]``; circled digits stay as printed."""
    if label in ("{*}", "*"):
        return "*"
    label = label.translate(_BRACKETS).replace("^", "").rstrip(":")
    if label.startswith("{") and label.endswith("}"):
        return f"[{label[1:-1]}]"
    if label.isascii() and label.isdigit():
        return f"[{label}]"
    return label


@dataclass
class Unit:
    kind: str  # text | notes | refs | editor | jump-out | jump-in | page-break
    line: int  # 1-based source line of the unit's first line
    text: str = ""
    items: list[tuple[str, str, int]] = field(default_factory=list)  # (label, text, line)
    page: str | None = None


def detect_marker_style(lines: list[str]) -> str:
    """The marker style the document uses: caret (``^①``), markdown (``[^1]``), circled
    (``①``), bracket (``[1]``) or digits (superscript digits printed as plain digits, with
    numbered notes after a 注释 header)."""
    body = "\n".join(lines)
    if MARKER_STYLES["caret"].search(body):
        return "caret"
    if MARKER_STYLES["markdown"].search(body):
        return "markdown"
    for line in lines:
        stripped = line.strip()
        if stripped and not NOTE_LINE["circled"].match(stripped):
            if MARKER_STYLES["circled"].search(stripped):
                return "circled"
    in_notes = False
    for line in lines:
        stripped = line.strip()
        if NOTES_HEADER.match(stripped):
            in_notes = True
        elif in_notes and stripped and re.match(r"^[0-9]{1,3}(?:[.．、]|\s)", stripped):
            return "digits"
        elif in_notes and stripped and ENDNOTE_LINE.match(stripped):
            break
    if not MARKER_STYLES["bracket"].search(body) and _digit_notes(lines):
        return "digits"
    return "bracket"


def _digit_notes(lines: list[str]) -> bool:
    """Notes at the foot of pages numbered with plain digits (``1 《马克思恩格斯文集》…``),
    outside a reference list."""
    in_refs = False
    for line in lines:
        stripped = line.strip()
        if REF_HEADER.match(stripped):
            in_refs = True
        elif not in_refs and NOTE_LINE["digits"].match(stripped) and stripped[0] != "*":
            return True
    return False


def _add_endnote_line(units: list[Unit], line: str, i: int) -> bool:
    """Add source line ``i`` of an endnotes section to ``units``: a new note or the rest of
    the last one. False when the line ends the section (it is then classified as usual)."""
    m = ENDNOTE_LINE.match(line)
    if units[-1].kind != "notes":  # the endnotes run on after a page break
        units.append(Unit("notes", i))
    if m:
        label = normalise_label(m.group(1) or m.group(2))
        units[-1].items.append((label, m.group(3).strip(), i))
        return True
    if EDITOR.match(line) is None and units[-1].items:
        label, text, ln = units[-1].items[-1]  # a note running over several lines
        units[-1].items[-1] = (label, text + line, ln)
        return True
    return False


def _add_note(units: list[Unit], label: str, text: str, i: int) -> None:
    """A footnote line: onto the notes unit just before, else as a new notes unit."""
    if units and units[-1].kind == "notes":
        units[-1].items.append((label, text, i))
    else:
        units.append(Unit("notes", i, items=[(label, text, i)]))


def _plain_entry(line: str) -> re.Match[str] | None:
    """An unnumbered (or ``1.``) entry of a reference list, or None (the list has ended)."""
    if NOT_REF.match(line) or not REF_LIKE.search(line.translate(HALF_DIGITS)):
        return None
    return REF_PLAIN.match(line)


def split_units(lines: list[str], style: str, page_breaks: set[int] | None = None) -> list[Unit]:
    """Classify the non-empty source lines into layout units, in order."""
    note_re = NOTE_LINE[style]
    units: list[Unit] = []
    in_refs = in_endnotes = False
    breaks = page_breaks or set()
    for i, raw in enumerate(lines, start=1):
        line = raw.strip()
        if i in breaks:
            if not units or units[-1].kind != "page-break":
                units.append(Unit("page-break", i))
            continue
        if not line:
            continue
        if REF_HEADER.match(line):
            in_refs, in_endnotes = True, False
            units.append(Unit("refs", i))
            continue
        if NOTES_HEADER.match(line):
            in_endnotes = True
            units.append(Unit("notes", i))
            continue
        if in_endnotes:
            if _add_endnote_line(units, line, i):
                continue
            in_endnotes = False
        m = REF_ITEM.match(line) or (
            _plain_entry(line) if in_refs and not note_re.match(line) else None
        )
        if in_refs and m:
            units[-1].items.append((m.group(1) or "", m.group(2).strip(), i))
            continue
        in_refs = False
        m = EDITOR.match(line)
        if m:
            units.append(Unit("editor", i, text=m.group(2) or m.group(4)))
            continue
        m = note_re.match(line)
        if m:
            _add_note(units, normalise_label(m.group(1)), m.group(2).strip(), i)
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
