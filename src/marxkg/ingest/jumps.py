"""Jumps: text of another article printed between ``（下转第N页）`` and ``（上接第M页）``
is excluded, with its extent, markers and notes recorded."""

from __future__ import annotations

from marxkg.ingest.layout import Unit
from marxkg.ingest.lines import strip_markers
from marxkg.ingest.state import ParseState
from marxkg.model import Excluded, Issue


def exclude(
    st: ParseState, units: list[Unit], start: int, line_starts: list[int], source: str
) -> int:
    """Skip another article's text up to the matching ``（上接…）``; return the resume index."""
    end = start
    while end < len(units) and units[end].kind != "jump-in":
        end += 1
    chunk = units[start:end]
    if not chunk:
        return end
    first = chunk[0].line
    last_unit = chunk[-1]
    last = max([last_unit.line] + [ln for _, _, ln in last_unit.items])
    c0 = line_starts[first - 1]
    c1 = line_starts[last - 1] + len(source.split("\n")[last - 1])
    text = "".join(u.text for u in chunk if u.kind == "text")
    markers: list[tuple[str, int]] = []
    notes: list[str] = []
    details: list[str] = []
    for u in chunk:
        if u.kind == "text":
            _, ms = strip_markers(u.text, st.style, u.line)
            markers.extend((label, line) for label, _, line in ms)
        elif u.kind == "notes":
            for label, note, _line in u.items:
                notes.append(f"{label} {note}")
                markers = [m for m in markers if m[0] != label]
        elif u.kind == "refs":
            details.append(f"{len(u.items)} references of the other article (line {u.line})")
        elif u.kind == "editor":
            details.append(f"editor line of the other article: {u.text} (line {u.line})")
    page = units[end].page if end < len(units) else None
    reason = (
        f"printed between （下转…） and （上接第{page}页）: another article's text"
        if page
        else "after （下转…） with no （上接…）: rest of the file"
    )
    if end >= len(units):
        st.issues.append(Issue("continuation-not-found", reason, first))
    st.excluded.append(
        Excluded(
            reason,
            (first, last),
            (c0, c1),
            len(text),
            text[:24],
            text[-24:],
            notes,
            [m for m, _ in markers],
            details,
        )
    )
    st.foreign = [m for m, _ in markers]
    return end
