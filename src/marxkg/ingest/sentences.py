"""Chinese sentence segmentation that keeps quotations intact.

A sentence ends after 。！？ (or ! ?) outside quotation marks, together with any closing
brackets that follow. Inside “…” (and 「…」) a terminal mark does not end the sentence,
except where the quotation itself closes right after it (``：“……。”``), which ends the
sentence after the closing mark. Offsets are code points; whitespace around sentences is
excluded from their spans.
"""

from __future__ import annotations

TERMINALS = "。！？!?"
OPENERS = {"“": "”", "「": "」", "『": "』"}
CLOSERS = set(OPENERS.values())
TRAILING = "”’」』）)"


def split_sentences(text: str, start: int = 0, end: int | None = None) -> list[tuple[int, int]]:
    """Sentence spans ``(begin, end)`` of ``text[start:end]`` in absolute offsets."""
    end = len(text) if end is None else end
    spans: list[tuple[int, int]] = []
    depth = 0
    begin = start
    i = start
    while i < end:
        ch = text[i]
        if ch in OPENERS:
            depth += 1
        elif ch in CLOSERS and depth > 0:
            depth -= 1
            if depth == 0 and i > start and text[i - 1] in TERMINALS:
                spans.append((begin, i + 1))
                begin = i + 1
        elif ch in TERMINALS and depth == 0:
            j = i + 1
            while j < end and (text[j] in TERMINALS or text[j] in TRAILING):
                j += 1
            spans.append((begin, j))
            begin = j
            i = j
            continue
        i += 1
    if begin < end:
        spans.append((begin, end))
    return [s for s in (_trim(text, b, e) for b, e in spans) if s[0] < s[1]]


def _trim(text: str, begin: int, end: int) -> tuple[int, int]:
    while begin < end and text[begin].isspace():
        begin += 1
    while end > begin and text[end - 1].isspace():
        end -= 1
    return begin, end
