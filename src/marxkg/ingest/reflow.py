"""Hard-wrapped text (a line break every ~35 characters) re-flowed into logical lines.

A PDF-to-text conversion often breaks every printed line. The wrap width is the most
common display width of the long lines (a CJK character counts 2, ASCII 1); when a third
or more of the lines are that wide, the document is hard-wrapped. A line then joins the
line before it unless a blank line, a paragraph indent (in documents that indent), a
footnote/reference/heading start, or (in documents that neither indent nor leave blank
lines) a short line before it says a new paragraph starts. Joined lines are blanked, so
source line numbers stay valid; every join is counted, and every join the rule could not
be sure of is reported.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

from marxkg.ingest.frontmatter import HEADING_LIKE
from marxkg.model import Uncertain

LINE_START = re.compile(
    r"^(?:[\^]?[①-⑳㉑-㉟]|\^?\{|\[\^?[0-9]{1,3}\]|[［〔][0-9]{1,3}[］〕]|[-*•]\s*\[|[0-9]{1,3}[\s．.、]"
    r"|[一二三四五六七八九十]+[、\s]|[（(][一二三四五六七八九十0-9]{1,3}[）)]|第[一二三四五六七八九十]+[章节節]"
    r"|[【\[［〔]|(?:摘|提)\s*要|关\s*键\s*词|關\s*鍵\s*詞|作者简介|作者簡介|基金|收稿|中图|文章编号"
    r"|文献标识码|DOI|Abstract|Key\s*words|参考文献|參考文獻|注\s*释|注\s*釋|[（(]\s*(?:上接|责任编辑|编辑))"
)
_TERMINAL = "。！？!?；;"
_URL_OPEN = re.compile(r"(?:https?://|www\.)(?:[^\s>）)]*[/\-_=&?])?$")
MIN_SHARE = 0.3
MIN_WIDTH = 40


def display_width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _ends_sentence(text: str) -> bool:
    t = text.rstrip().rstrip("”’」』）)")
    return bool(t) and t[-1] in _TERMINAL


@dataclass
class Reflow:
    lines: list[str]
    width: int | None = None  # wrap width (display columns) if hard-wrapped
    joins: int = 0
    uncertain: list[Uncertain] = field(default_factory=list)
    # logical line (1-based) -> [(character offset, physical line)] of its pieces
    pieces: dict[int, list[tuple[int, int]]] = field(default_factory=dict)

    def line_at(self, line: int, offset: int) -> int:
        """The physical source line of character ``offset`` of logical line ``line``."""
        found = line
        for start, physical in self.pieces.get(line, []):
            if start <= offset:
                found = physical
        return found


def wrap_width(lines: list[str]) -> int | None:
    """The wrap width of a hard-wrapped text, else None."""
    # Note and label lines are left out: a paper's many notes of one pattern
    # (《马克思恩格斯文集》第5卷，…，第487页。) share a width without being wrapped.
    widths = [
        display_width(raw.strip())
        for raw in lines
        if raw.strip() and not LINE_START.match(raw.strip())
    ]
    long = [w for w in widths if w >= MIN_WIDTH]
    if len(widths) < 10 or not long:
        return None
    best = max(set(long), key=lambda w: (sum(abs(x - w) <= 1 for x in long), -w))
    full = sum(abs(x - best) <= 1 for x in widths)
    return best + 1 if full / len(widths) >= MIN_SHARE else None


def join_wrapped(left: str, right: str) -> str:
    """Two wrapped lines: CJK joins directly, Latin words get their space back (not after
    a URL's ``/-_=&?``, where converters break long addresses, and not inside a number:
    typesetting between CJK text breaks a line between digits, as in ``2006: 1`` |
    ``23``)."""
    if (
        left
        and right
        and left[-1].isascii()
        and not left[-1].isspace()
        and left[-1] not in "/-_=&?"
        and right[0].isascii()
        and right[0].isalnum()
        and not (left[-1].isdigit() and right[0].isdigit())
    ):
        return f"{left} {right}"
    return left + right


def reflow(lines: list[str], page_breaks: set[int] | None = None) -> Reflow:
    """Join hard-wrapped lines; ``lines`` keep their count (joined lines become blank)."""
    width = wrap_width(lines)
    out = Reflow(list(lines), width)
    if width is None:
        return out
    breaks = page_breaks or set()
    nonblank = [raw for raw in lines if raw.strip()]
    indents = sum(raw.startswith(("　", "  ", "\t")) for raw in nonblank)
    indented = indents >= 0.05 * len(nonblank)
    # Blank-line paragraphs: most short (paragraph-ending) lines are followed by a blank.
    short = [
        i
        for i, raw in enumerate(lines[:-1])
        if raw.strip() and display_width(raw.strip()) < width - max(4, width // 6)
    ]
    blank_after = sum(not lines[i + 1].strip() for i in short)
    blank_separated = not indented and bool(short) and blank_after >= 0.5 * len(short)
    first_indent = next(
        (i for i, raw in enumerate(lines) if indented and raw.startswith(("　", "  ", "\t"))), 0
    )  # lines before it (title, authors) are never wrapped loosely
    head: int | None = None  # 0-based index of the logical line being built
    loose = False  # the logical line started indented or as a note: Latin words may
    # leave its wrapped lines well short of the width
    last = ""  # the previous physical line
    for i, raw in enumerate(lines):
        line = raw.strip()
        if not line or (i + 1) in breaks:
            head, last = None, ""
            continue
        starts = bool(LINE_START.match(line))
        new = head is None or starts
        if not new and not blank_separated and not _URL_OPEN.search(last):
            new = display_width(last) < width - (max(4, width // 6) if loose else 3)
        if not new and indented:
            new = raw.startswith(("　", "  ", "\t"))
        if not new and head == i - 1 and HEADING_LIKE.match(last):
            # a short line that starts like a heading ends where it ends, also where
            # paragraphs are separated by blank lines and headings are not
            new = display_width(last) < width - 3
            if new:
                out.uncertain.append(
                    Uncertain(
                        "wrap-join",
                        i + 1,
                        f"{last[-8:]}|{line[:8]}",
                        "not joined: the line before is a short numbered line (a heading)",
                    )
                )
        if not new and _ends_sentence(last) and not indented and not blank_separated:
            out.uncertain.append(
                Uncertain(
                    "wrap-join",
                    i + 1,
                    f"{last[-8:]}|{line[:8]}",
                    "joined: the line before is full width although it ends a sentence",
                )
            )
        if new or head is None:
            head = i
            loose = starts or i >= first_indent
            out.lines[i] = line
        else:
            joined = join_wrapped(out.lines[head], line)
            out.pieces.setdefault(head + 1, [(0, head + 1)]).append(
                (len(joined) - len(line), i + 1)
            )
            out.lines[head] = joined
            out.lines[i] = ""
            out.joins += 1
        last = line
    return out
