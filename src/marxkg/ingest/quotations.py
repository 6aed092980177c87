"""Top-level quotations (“…”, or 「…」 as traditional-script and some other texts print
them) of a text, with code-point offsets of the quoted words."""

from __future__ import annotations

# opening mark -> its closing mark; 『…』 and ‘…’ are the nested forms, left inside
PAIRS = {"“": "”", "「": "」"}


def find_quotations(text: str, start: int = 0, end: int | None = None) -> list[tuple[int, int]]:
    """Spans ``(begin, end)`` of the text inside each outermost “…” or 「…」 pair (marks
    excluded).

    Nested quotation marks (‘…’, 『…』, or a second “…” / 「…」) stay inside their outer
    quotation; a closing mark of the other pair closes nothing; an unbalanced opening mark
    yields no quotation.
    """
    end = len(text) if end is None else end
    spans: list[tuple[int, int]] = []
    closers: list[str] = []  # the closing marks awaited, innermost last
    begin = 0
    for i in range(start, end):
        ch = text[i]
        if ch in PAIRS:
            if not closers:
                begin = i + 1
            closers.append(PAIRS[ch])
        elif closers and ch == closers[-1]:
            closers.pop()
            if not closers and i > begin:
                spans.append((begin, i))
    return spans
