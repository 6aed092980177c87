"""The shipped paper typeset to PDF (reportlab, BSD; its built-in CID font STSong-Light
needs no font file), in two layouts of Chinese journals:

- ``footnotes``: notes in a smaller font at the foot of each page, numbered ①② … and
  restarting on every page; superscript markers; running heads and page numbers;
- ``endnotes``: superscript digits numbered through the paper, the notes printed after the
  body under 注释 in a smaller font.

The text comes from tests.variants.read_items (the original read without the ingester):
the other article printed between （下转第144页） and （上接第80页） is left out and the
paragraph it cut is printed whole.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from tests.variants import CIRCLED, MARK, _global_numbers, _pages_of_text, read_items

FONT = "STSong-Light"
LATIN = "Helvetica"  # for the few characters STSong-Light lacks (·)
PAGE_W, PAGE_H = 595.0, 842.0
LEFT, RIGHT, TOP, BOTTOM = 72.0, 523.0, 80.0, 60.0
BODY, NOTE, HEAD, TITLE = 10.5, 8.0, 12.0, 16.0
HEADS = (
    "马克思主义研究 2025年第3期",
    "徐景一：马克思机器体系理论视域下人工智能技术资本主义应用困境研究",
)


@dataclass
class Para:
    kind: str  # title author body heading refs
    runs: list[tuple[str, str]] = field(default_factory=list)  # (text | marker label, kind)


def paper_blocks() -> tuple[list[Para], list[str], str]:
    """(paragraphs with marker runs, the 58 note texts, the funding note)."""
    items = read_items()
    numbers = _global_numbers(items)
    pages = _pages_of_text(items)
    notes = ["" for _ in numbers]
    funding = ""
    for it in items:
        if it.kind == "notes":
            for label, text in it.notes:
                if label == "{*}":
                    funding = text
                else:
                    notes[numbers[(it.page, label)] - 1] = text
    paras: list[Para] = []
    open_para = False
    for k, it in enumerate(items):
        if it.kind in ("notes", "foreign", "foreign-notes", "refs") and it.text.startswith("- ["):
            pass
        if (
            it.kind in ("notes", "foreign", "foreign-notes")
            or it.kind == "editor"
            and any(j.kind == "jump-in" for j in items[k:])
        ):
            continue
        if it.kind == "refs" and it.text.startswith("- ["):
            paras.append(Para("refs", [(it.text[2:], "text")]))
            continue
        text = it.text.replace(" 人工", "人工") if it.kind == "title" else it.text
        text = re.sub(r"（下转第[0-9]+页）$", "", re.sub(r"^（上接第[0-9]+页）", "", text))
        runs: list[tuple[str, str]] = []
        pos = 0
        for m in MARK.finditer(text):
            runs.append((text[pos : m.start()], "text"))
            label = m.group(1)
            runs.append(("*" if label == "{*}" else str(numbers[(pages[k], label)]), "marker"))
            pos = m.end()
            while pos < len(text) and text[pos] == " ":
                pos += 1
        runs.append((text[pos:], "text"))
        kind = {"title": "title", "author": "author"}.get(it.kind, "body")
        if re.match(r"^(?:[一二三]、|[0-9]\. )", text):
            kind = "heading"
        if (
            kind == "body"
            and paras
            and paras[-1].kind == "heading"
            and len(paras[-1].runs) == 1
            and paras[-1].runs[0][0].endswith("：")
        ):
            paras[-1].runs.extend(runs)  # 一、…： + its second line: one heading
            continue
        if open_para and kind == "body":
            paras[-1].runs.extend(runs)  # the paragraph cut by a page end or a jump
        else:
            paras.append(Para(kind, runs))
        plain = "".join(t for t, kd in runs if kd == "text").rstrip()
        open_para = kind == "body" and it.kind == "text" and not re.search(r"[。！？]”?$", plain)
    return paras, notes, funding


# --- typesetting -------------------------------------------------------------------------


def _font(ch: str) -> str:
    return LATIN if ch == "·" else FONT


def _width(text: str, size: float) -> float:
    from reportlab.pdfbase import pdfmetrics

    return sum(pdfmetrics.stringWidth(ch, _font(ch), size) for ch in text)


def _tokens(runs: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """Unbreakable pieces: a CJK character, an ASCII word (split after / - _ = & ?), a
    space, or a marker."""
    out: list[tuple[str, str]] = []
    for text, kind in runs:
        if kind == "marker":
            out.append((text, "marker"))
            continue
        for m in re.finditer(r"[!-~]+?(?:[/\-_=&?](?=[!-~])|(?=[^!-~])|$)| |[^!-~ ]", text):
            out.append((m.group(0), "text"))
    return out


def _marker_text(label: str, style: str) -> str:
    if label == "*":
        return "*"
    return label if style == "endnotes" else CIRCLED[int(label) - 1]


def _lines(
    runs: list[tuple[str, str]],
    size: float,
    width: float,
    first_indent: float,
    style: str,
    local: dict[str, str],
) -> list[list[tuple[str, str]]]:
    lines: list[list[tuple[str, str]]] = [[]]
    used = first_indent
    for tok, kind in _tokens(runs):
        shown = local.get(tok, tok) if kind == "marker" else tok
        w = _width(shown, size * 0.6 if kind == "marker" else size)
        if (
            used + w > width + 0.01
            and lines[-1]
            and tok != " "
            and kind != "marker"
            and tok not in "，。、；：！？”’）》」"
        ):
            while lines[-1] and lines[-1][-1][0] == " ":
                lines[-1].pop()
            lines.append([])
            used = 0.0
        if tok == " " and not lines[-1]:
            continue
        lines[-1].append((tok, kind))
        used += w
    return lines


def _draw(
    c,
    x: float,
    y: float,
    pieces: list[tuple[str, str]],
    size: float,
    style: str,
    local: dict[str, str],
) -> None:
    merged: list[tuple[str, str]] = []
    for tok, kind in pieces:  # consecutive text tokens: one string
        if kind == "text" and merged and merged[-1][1] == "text":
            merged[-1] = (merged[-1][0] + tok, "text")
        else:
            merged.append((tok, kind))
    for tok, kind in merged:
        if kind == "marker":
            shown = local.get(tok, tok)
            c.setFont(FONT, size * 0.6)
            c.drawString(x, y + size * 0.45, shown)
            x += _width(shown, size * 0.6)
            continue
        for run in re.findall(r"·+|[^·]+", tok):  # one string per font run, as PDFs do
            c.setFont(_font(run[0]), size)
            c.drawString(x, y, run)
            x += _width(run, size)


def typeset(path: Path, style: str) -> int:
    """Write the paper to ``path`` in ``style`` (footnotes | endnotes); return the pages."""
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    if FONT not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(UnicodeCIDFont(FONT))
    paras, notes, funding = paper_blocks()
    c = canvas.Canvas(str(path), pagesize=(PAGE_W, PAGE_H), invariant=1)
    pages = _Pages(c, style, notes, funding)
    width = pages.width
    for para in paras:
        size = {"title": TITLE, "author": HEAD, "heading": HEAD}.get(para.kind, BODY)
        indent = (
            2 * BODY
            if para.kind == "body"
            and not re.match(r"^(?:【|作者简介|参考文献|（编辑)", para.runs[0][0])
            else 0.0
        )
        lines = _lines(para.runs, size, width, indent, style, {})
        for j, line in enumerate(lines):
            pages.emit(
                line, size, indent if j == 0 else 0.0, centred=para.kind in ("title", "author")
            )
        if para.kind == "title":
            pages.y -= 6
    if style == "endnotes":
        pages.y -= 8
        pages.emit([("注释", "text")], HEAD, 0.0)
        items = [("*", funding)] + [(f"[{n}]", t) for n, t in enumerate(notes, start=1)]
        for label, text in items:
            for line in _lines([(f"{label} {text}", "text")], NOTE, width, 0, style, {}):
                if pages.y - NOTE * 1.4 < BOTTOM:
                    pages.finish_page()
                pages.y -= NOTE * 1.4
                _draw(c, LEFT, pages.y, line, NOTE, style, {})
    pages.finish_page()
    c.save()
    return pages.page - 1


class _Pages:
    """The canvas being filled: the current page, the pen's height, the footnotes waiting
    for the page's foot."""

    def __init__(self, c, style: str, notes: list[str], funding: str) -> None:
        self.c, self.style, self.notes, self.funding = c, style, notes, funding
        self.width = RIGHT - LEFT
        self.page = 1
        self.y = PAGE_H - TOP
        self.page_notes: list[tuple[str, str]] = []  # (label shown, text)

    def note_lines(self, items: list[tuple[str, str]]) -> list[list[tuple[str, str]]]:
        out = []
        for label, text in items:
            out.extend(_lines([(f"{label} {text}", "text")], NOTE, self.width, 0, self.style, {}))
        return out

    def note_height(self, items: list[tuple[str, str]]) -> float:
        return len(self.note_lines(items)) * NOTE * 1.4 + (8 if items else 0)

    def finish_page(self) -> None:
        c, style = self.c, self.style
        if self.page_notes:
            ny = BOTTOM + self.note_height(self.page_notes) - 8
            c.line(LEFT, ny + 6, LEFT + 120, ny + 6)
            for line in self.note_lines(self.page_notes):
                ny -= NOTE * 1.4
                _draw(c, LEFT, ny + NOTE * 1.4 - NOTE, line, NOTE, style, {})
        number = f"· {self.page + 56} ·"
        _draw(c, (PAGE_W - _width(number, NOTE)) / 2, 30, [(number, "text")], NOTE, style, {})
        c.setFont(FONT, NOTE)
        if self.page > 1:
            c.drawCentredString(PAGE_W / 2, PAGE_H - 45, HEADS[self.page % 2])
        c.showPage()
        self.page += 1
        self.y = PAGE_H - TOP
        self.page_notes.clear()

    def emit(self, line, size, indent, centred=False):
        style, notes, funding, page_notes = self.style, self.notes, self.funding, self.page_notes
        lead = size * 1.55
        marks = [t for t, k in line if k == "marker"]
        new_notes = (
            [("①", notes[int(t) - 1] if t != "*" else funding) for t in marks]
            if style == "footnotes"
            else []
        )
        numbered = sum(1 for lb, _ in page_notes + new_notes if lb != "*")
        if self.y - lead < BOTTOM + self.note_height(page_notes + new_notes) or numbered > len(
            CIRCLED
        ):
            self.finish_page()
        local: dict[str, str] = {}
        for t in marks:
            if t == "*" or style == "endnotes":
                local[t] = t
            else:  # numbering restarts on every page
                local[t] = CIRCLED[sum(1 for lb, _ in page_notes if lb != "*")]
            if style == "footnotes":
                page_notes.append((local[t], notes[int(t) - 1] if t != "*" else funding))
        self.y -= lead
        x = LEFT + indent
        if centred:
            x = (
                LEFT
                + (
                    self.width
                    - sum(
                        _width(
                            local.get(t, t) if k == "marker" else t,
                            size * (0.6 if k == "marker" else 1),
                        )
                        for t, k in line
                    )
                )
                / 2
            )
        _draw(self.c, x, self.y, line, size, style, local)
