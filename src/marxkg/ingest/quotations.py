"""Top-level quotations (“…”) of a text, with code-point offsets of the quoted words."""

from __future__ import annotations

OPEN, CLOSE = "“", "”"


def find_quotations(text: str, start: int = 0, end: int | None = None) -> list[tuple[int, int]]:
    """Spans ``(begin, end)`` of the text inside each outermost “…” pair (marks excluded).

    Nested quotation marks (‘…’ or a second “…”) stay inside their outer quotation; an
    unbalanced opening mark yields no quotation.
    """
    end = len(text) if end is None else end
    spans: list[tuple[int, int]] = []
    depth = 0
    begin = 0
    for i in range(start, end):
        ch = text[i]
        if ch == OPEN:
            if depth == 0:
                begin = i + 1
            depth += 1
        elif ch == CLOSE and depth > 0:
            depth -= 1
            if depth == 0 and i > begin:
                spans.append((begin, i))
    return spans
