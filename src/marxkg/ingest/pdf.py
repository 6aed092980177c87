"""PDF input: ``corpus/<doc-id>/source.pdf`` -> text in the accepted layout, by geometry.

pdfplumber (MIT; built on pdfminer.six) gives every character with its font size and
position. The body size is the most common size. Per page: characters of body size or
larger make the main lines (a smaller character riding on a main line is a superscript
footnote marker, written ``^①`` / ``^{12}``); smaller lines above the body are running
heads, a small line matching a page-number pattern is the page number (both furniture,
reported as excluded); smaller lines below the last main line are the page's footnotes.
Two-column pages are read left column first. Main lines become paragraphs by indent,
size change, a short previous line, or a heading/note/label start; each paragraph keeps
its page. The page number line is kept in the text as a page break, so a paragraph cut
by a page end is re-joined (and the join recorded) exactly as for text input.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from marxkg.ingest.furniture import patterns
from marxkg.ingest.reflow import LINE_START, join_wrapped
from marxkg.model import Uncertain

SUPERSCRIPT = 0.8  # a character below this share of its line's size is a superscript
NOTE_START = re.compile(r"^(?:[*①-⑳㉑-㉟]|[\[［〔【][0-9]{1,3}[\]］〕】]|[0-9]{1,3}[.．](?![0-9]))")


class PdfError(ValueError):
    """The PDF cannot be read as a text document."""


@dataclass
class _Line:
    chars: list[dict[str, Any]]
    size: float
    top: float
    bottom: float
    x0: float
    x1: float
    base: float
    sup: list[dict[str, Any]] = field(default_factory=list)

    def text(self, marker: bool = True) -> str:
        pieces = sorted(
            [(c["x0"], c, False) for c in self.chars if not c["text"].isspace()]
            + [(c["x0"], c, True) for c in self.sup],
            key=lambda p: p[0],
        )
        out: list[str] = []
        prev_x1: float | None = None
        sup_run: list[str] = []

        def flush() -> None:
            if sup_run:
                label = "".join(sup_run)
                if not marker:
                    out.append(label)
                elif label.isascii() and label.isdigit() or label == "*":
                    out.append("^{" + label + "}")
                else:
                    out.append("".join("^" + ch for ch in label))
                sup_run.clear()

        for x0, ch, is_sup in pieces:
            if is_sup:
                sup_run.append(ch["text"])
                prev_x1 = ch["x1"]
                continue
            flush()
            if prev_x1 is not None and x0 - prev_x1 > 0.2 * ch["size"]:
                out.append(" ")
            out.append(ch["text"])
            prev_x1 = ch["x1"]
        flush()
        return "".join(out).strip()


@dataclass
class PdfText:
    text: str  # the document in the accepted text layout
    line_pages: list[int]  # page (1-based) of each text line (index = line - 1)
    pages: int
    uncertain: list[Uncertain] = field(default_factory=list)


def _cluster(chars: list[dict[str, Any]]) -> list[_Line]:
    """Characters -> lines by baseline (1 pt tolerance); a gap wider than ~two characters
    (a column gutter) starts a new line."""
    lines: list[_Line] = []
    for ch in sorted(chars, key=lambda c: (round(c["base"]), c["x0"])):
        if (
            lines
            and abs(lines[-1].base - ch["base"]) <= 1.0
            and abs(lines[-1].size - ch["size"]) < 0.5
            and ch["x0"] - lines[-1].x1 < 1.8 * ch["size"]
        ):
            ln = lines[-1]
            ln.chars.append(ch)
            ln.top, ln.x0 = min(ln.top, ch["top"]), min(ln.x0, ch["x0"])
            ln.x1 = max(ln.x1, ch["x1"])
        else:
            lines.append(
                _Line([ch], ch["size"], ch["top"], ch["bottom"], ch["x0"], ch["x1"], ch["base"])
            )
    return lines


def _columns(
    lines: list[_Line], width: float, left: float, right: float
) -> list[tuple[_Line, float, float]]:
    """Reading order of a page with the margins of each line's column: a two-column page
    is read full-width lines first, then the left column, then the right."""
    mid = width / 2
    lcol = [ln for ln in lines if ln.x1 < mid + 2]
    rcol = [ln for ln in lines if ln.x0 > mid - 2]
    if len(lcol) < 3 or len(rcol) < 3:
        return [(ln, left, right) for ln in lines]
    full = [ln for ln in lines if ln not in lcol and ln not in rcol]
    l_right = Counter(round(ln.x1) for ln in lcol).most_common(1)[0][0]
    r_left = Counter(round(ln.x0) for ln in rcol).most_common(1)[0][0]
    r_right = Counter(round(ln.x1) for ln in rcol).most_common(1)[0][0]
    return (
        [(ln, left, right) for ln in full]
        + [(ln, left, l_right) for ln in lcol]
        + [(ln, r_left, r_right) for ln in rcol]
    )


def _read_chars(path: Path) -> tuple[list[list[dict[str, Any]]], list[float]]:
    """The characters of each page (text, box, size, baseline) and the page widths."""
    import pdfplumber

    try:
        pdf = pdfplumber.open(str(path))
    except Exception as exc:  # noqa: BLE001 - pdfminer raises many types for a damaged file
        raise PdfError(f"{path}: not a readable PDF ({type(exc).__name__})") from None
    with pdf:
        # base: the baseline (from the text matrix), the same for every font on a line
        pages = [
            [
                {
                    "text": c["text"],
                    "x0": c["x0"],
                    "x1": c["x1"],
                    "top": c["top"],
                    "bottom": c["bottom"],
                    "size": c["size"],
                    "base": float(page.height) - c["matrix"][5] if c.get("matrix") else c["bottom"],
                }
                for c in page.chars
            ]
            for page in pdf.pages
        ]
        widths = [float(page.width) for page in pdf.pages]
    return pages, widths


def _page_lines(chars: list[dict[str, Any]], body: float) -> tuple[list[_Line], list[_Line]]:
    """One page's lines in body size (superscripts attached to their line) and its lines in
    smaller print (footnotes, running heads, page numbers, quotation blocks)."""
    big = [c for c in chars if c["size"] >= body * 0.95 and not c["text"].isspace()]
    little = [c for c in chars if c["size"] < body * 0.95 and not c["text"].isspace()]
    lines = _cluster(big)
    rest = []
    for ch in little:
        mid = (ch["top"] + ch["bottom"]) / 2
        host = next(
            (
                ln
                for ln in lines
                if ln.top - 1 <= mid <= ln.bottom + 1 and ch["size"] < ln.size * SUPERSCRIPT
            ),
            None,
        )
        if host is not None:
            host.sup.append(ch)
        else:
            rest.append(ch)
    return lines, _cluster(rest)


def _place_small_print(
    main: list[_Line],
    small: list[_Line],
    body_top: float,
    page_number: list[re.Pattern[str]],
    p: int,
    uncertain: list[Uncertain],
) -> tuple[list[_Line], str]:
    """Sort page ``p``'s small print: its page number, running heads (reported in
    ``uncertain``), footnotes below the body, and quotation blocks (moved into ``main``).
    Return the footnote lines and the page number ("" if none)."""
    last_main = max((ln.bottom for ln in main), default=0.0)
    notes: list[_Line] = []
    number = ""
    for sl in sorted(small, key=lambda m: m.top):
        text = sl.text(marker=False)
        if any(pat.match(text) for pat in page_number) and (
            sl.top > last_main or sl.bottom < body_top
        ):
            number = text  # kept as a page-break line: reported by ingest.furniture
        elif sl.bottom < body_top - 1:
            uncertain.append(Uncertain("furniture", None, text, "excluded (running head)", page=p))
        elif sl.top > last_main:
            notes.append(sl)
        else:
            main.append(sl)  # small print inside the body (a quotation block)
            main.sort(key=lambda m: m.top)
    return notes, number


def read_pdf(path: Path) -> PdfText:
    """Read ``path`` into text in the accepted layout (see the module docstring)."""
    pages, widths = _read_chars(path)
    sizes = Counter(round(c["size"], 1) for page in pages for c in page if not c["text"].isspace())
    if not sizes:
        raise PdfError(f"{path}: no text layer (a scanned PDF needs OCR first)")
    body = sizes.most_common(1)[0][0]
    page_number = patterns()["page_number"]
    per_page: list[tuple[list[_Line], list[_Line], list[_Line]]] = []
    for chars in pages:
        lines, rest = _page_lines(chars, body)
        per_page.append((lines, rest, []))
    body_top = min((ln.top for lines, _, _ in per_page for ln in lines), default=0.0)
    left = Counter(round(ln.x0) for main, _, _ in per_page for ln in main).most_common(1)[0][0]
    right = Counter(round(ln.x1) for main, _, _ in per_page for ln in main).most_common(1)[0][0]
    out: list[str] = []
    line_pages: list[int] = []
    uncertain: list[Uncertain] = []

    def emit(text: str, page: int) -> None:
        if out:
            out.append("")
            line_pages.append(page)
        out.append(text)
        line_pages.append(page)

    for p, (main, small, _) in enumerate(per_page, start=1):
        main.sort(key=lambda ln: ln.top)
        notes, number = _place_small_print(main, small, body_top, page_number, p, uncertain)
        para: str | None = None
        prev: _Line | None = None
        edge: float = right
        for ln, c_left, c_right in _columns(main, widths[p - 1], left, right):
            text = ln.text()
            new = (
                prev is None
                or ln.x0 > c_left + 0.8 * ln.size
                or abs(ln.size - prev.size) > 0.5
                or prev.x1 < edge - 2 * prev.size
                or bool(LINE_START.match(text))
            )
            edge = c_right
            if new:
                if para is not None:
                    emit(para, p)
                para = text
            else:
                para = join_wrapped(para or "", text)
            prev = ln
        if para is not None:
            emit(para, p)
        note: str | None = None
        for nl in notes:
            text = nl.text(marker=False)
            if NOTE_START.match(text) or note is None:
                if note is not None:
                    emit(note, p)
                note = text
            else:
                note = join_wrapped(note, text)
        if note is not None:
            emit(note, p)
        emit(number or str(p), p)
    return PdfText("\n".join(out) + "\n", line_pages, len(pages), uncertain)
