"""References printed in brackets in the running text, as 《求是》, 《红旗文稿》, the
theory pages of 《人民日报》 and many books print them instead of footnotes:

    马克思指出：“劳动资料取得机器这种物质存在方式……”（《马克思恩格斯文集》第5卷，
    人民出版社2009年版，第443页）这一论断……机器“是生产剩余价值的手段”（同上，第427页）。

A pair of brackets is such a reference when it starts (after 参见/见/转引自, or an author
and a colon) with a title in 《》 followed by what a reference prints (a volume, a page, a
publisher, a year, an issue), or with 同上. It stays in the reading text; it becomes a note
of its own (labelled ``(1)``, ``(2)``… in reading order) with a marker after it, ``cue``
where it starts, as an author-year citation does (`author_year`); the citations stage then
reads it like any footnote (同上 repeats the reference before it). A bracketed title alone
(``（《资本论》）``) names a work and is no reference.

A paper may also mix two systems: footnotes (``①``) for its notes and GB/T 7714 ``[n]``
for its numbered 参考文献 (`link_numbered`). The ``[n]`` then stays in the reading text,
with a marker after it (and after the page printed right after it, ``[1]427``).
"""

from __future__ import annotations

import re

from marxkg.ingest.layout import HALF_DIGITS, REFERENCE_CUE
from marxkg.ingest.notes import LOCATOR, merge_notes
from marxkg.model import Document, Footnote, Marker, Uncertain

PAREN = re.compile(r"[（(]([^（()）]{2,300})[）)]")
_SEE = r"(?:参见|參見|参看|參看|详见|詳見|另见|另見|转引自|轉引自|引自|见|見)?"
_AUTHOR = r"(?:[^（）()《》“”。，,]{1,30}[：:])?"
TITLED = re.compile(rf"^\s*{_SEE}\s*{_AUTHOR}\s*《[^》]+》(?P<rest>.*)$")
# what a reference prints after the title (layout.REFERENCE_CUE)
CUE = re.compile(REFERENCE_CUE)
IBID = re.compile(r"^\s*(?:同上|同前)(?:书|書|文|注|註)?\s*(?:[，,。.]|$)")


def is_bracketed_reference(inner: str) -> bool:
    """Is the text inside a pair of brackets a reference (not a remark or a title)?"""
    inner = inner.translate(HALF_DIGITS)
    if IBID.match(inner):
        return True
    m = TITLED.match(inner)
    return m is not None and CUE.search(m["rest"]) is not None


def link_bracketed(doc: Document) -> int:
    """Make every bracketed reference of the paragraphs a note with its marker; returns
    how many were found."""
    new: list[tuple[Footnote, list[Marker]]] = []
    skip = [(m.cue, m.offset) for m in doc.markers if m.cue is not None]
    for block in doc.blocks:
        if block.kind != "paragraph":
            continue
        line = block.source_lines[0] if block.source_lines else 0
        for m in PAREN.finditer(doc.text, block.start, block.end):
            inner = m.group(1)
            if any(s <= m.start() < e for s, e in skip) or not is_bracketed_reference(inner):
                continue
            label = f"({len(new) + 1})"
            note = Footnote(0, label, 1, inner.strip(), line)
            new.append((note, [Marker(label, m.end(), 1, line, cue=m.start())]))
    if new:
        merge_notes(doc, new)
    return len(new)


# [3] [3,5] [3-5] in any of the brackets a numbered marker is printed in
NUMBERED = re.compile(r"[\[［〔【]\s*([0-9]{1,3}(?:\s*[,，、\-–—]\s*[0-9]{1,3})*)\s*[\]］〕】]")


def _numbers(group: str) -> list[str]:
    """``3,5`` -> 3 and 5; ``3-5`` -> 3, 4 and 5."""
    out: list[str] = []
    for part in re.split(r"\s*[,，、]\s*", group):
        bounds = re.split(r"\s*[\-–—]\s*", part)
        if len(bounds) == 2 and int(bounds[0]) < int(bounds[1]) <= int(bounds[0]) + 50:
            out += [str(n) for n in range(int(bounds[0]), int(bounds[1]) + 1)]
        else:
            out += [b for b in bounds if b]
    return out


def link_numbered(doc: Document, entries: list[tuple[str, str, int]]) -> list[int]:
    """``[n]`` printed in the paragraphs of a paper whose notes use another marker style,
    linked to the numbered 参考文献 entries (``(number, raw, line)``): every cited entry
    becomes a note. Returns the indices of the entries cited; an ``[n]`` without its entry
    is reported (``marker``), and so is every entry no ``[n]`` cites (``reference``)."""
    by_number = {label: i for i, (label, _, _) in enumerate(entries) if label}
    cited: dict[int, list[Marker]] = {}
    text = doc.text.translate(HALF_DIGITS)  # ［１］ as [1]: the same offsets
    for block in doc.blocks:
        if block.kind != "paragraph":
            continue
        line = block.source_lines[0] if block.source_lines else 0
        for m in NUMBERED.finditer(text, block.start, block.end):
            page = LOCATOR.match(text, m.end(), block.end)
            end, locator = (page.end(), page.group(1)) if page else (m.end(), None)
            for number in _numbers(m.group(1)):
                if number not in by_number:
                    doc.uncertain.append(
                        Uncertain("marker", line, m.group(0), f"no 参考文献 entry [{number}]")
                    )
                    continue
                marker = Marker(f"[{number}]", end, 1, line, locator=locator, cue=m.start())
                cited.setdefault(by_number[number], []).append(marker)
    if not cited:
        return []
    for i, (label, raw, line) in enumerate(entries):
        if label and i not in cited:
            doc.uncertain.append(
                Uncertain(
                    "reference",
                    line,
                    raw[:40],
                    "reference entry cited by no [n] marker: kept in the bibliography",
                )
            )
    notes = [
        (Footnote(0, f"[{entries[i][0]}]", 1, entries[i][1], entries[i][2]), markers)
        for i, markers in sorted(cited.items(), key=lambda kv: kv[1][0].offset)
    ]
    merge_notes(doc, notes)
    return sorted(cited)
