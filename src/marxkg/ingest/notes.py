"""Footnote markers linked to their notes: per-page blocks (numbering restarting),
notes numbered through the paper (endnotes), and the GB/T 7714 numeric system."""

from __future__ import annotations

import re

from marxkg.ingest import frontmatter as fm
from marxkg.ingest.layout import Unit
from marxkg.ingest.state import ParseState
from marxkg.model import Document, Footnote, Issue, Marker

LOCATOR = re.compile(r"[:：]?[Pp]?([0-9]{1,4}(?:[-–—][0-9]{1,4})?)(?![0-9.．%％年月日卷期页頁世])")


def restarts(units: list[Unit]) -> bool:
    """Does the note numbering restart (notes per page) rather than run through?"""
    seen: set[str] = set()
    for u in units:
        if u.kind == "notes":
            labels = {label for label, _, _ in u.items if label != "*"}
            if labels & seen:
                return True
            seen |= labels
    return False


def resolve_notes(st: ParseState, unit: Unit, foreign: list[str]) -> list[tuple[str, str]]:
    """Resolve the pending markers against a footnote block.

    Notes printed per page: every marker of the page must find its note in this block.
    Notes numbered through the document (endnotes): markers wait for the block that holds
    their label. Returns ``(label, text)`` of notes that belong to ``foreign`` markers (the
    labels of markers in another article's text printed on the same page).
    """
    by_label: dict[str, list[tuple[int, int]]] = {}
    for b, k in st.page_markers:
        by_label.setdefault(st.blocks[b].markers[k][0], []).append((b, k))
    foreign_labels = list(foreign)
    foreign_notes: list[tuple[str, str]] = []
    seen: set[str] = set()
    for label, text, line in unit.items:
        if label in seen:
            st.issues.append(Issue("duplicate-footnote", f"footnote {label} printed twice", line))
            continue
        seen.add(label)
        if label == "*":
            if not st.funding_marker:
                st.issues.append(Issue("footnote-without-marker", "note * without marker", line))
            fm.parse_funding(text, st.front)
            continue
        if label in by_label:
            st.notes.append((label, text, line, st.group, by_label.pop(label)))
        elif label in foreign_labels:
            foreign_notes.append((label, text))
            foreign_labels.remove(label)
        else:
            st.issues.append(
                Issue(
                    "footnote-without-marker",
                    f"footnote {label} has no marker on its page: {text[:40]}",
                    line,
                )
            )
    if st.continuous:
        st.page_markers = [r for refs in by_label.values() for r in refs]
        st.page_markers.sort()
    else:
        for label, refs in by_label.items():
            for b, k in refs:
                st.issues.append(
                    Issue(
                        "marker-without-footnote",
                        f"marker {label} has no footnote in the block of its page",
                        st.blocks[b].markers[k][2],
                    )
                )
        st.page_markers = []
        st.digit_expect = 1
    if unit.items:
        st.group += 1
    return foreign_notes


def link_numeric(st: ParseState) -> None:
    """GB/T 7714 numeric system: marker ``[n]`` points to the n-th entry of 参考文献. Cited
    entries become the document's notes; uncited entries stay in the bibliography."""
    by_label: dict[str, list[tuple[int, int]]] = {}
    for b, k in st.page_markers:
        by_label.setdefault(st.blocks[b].markers[k][0], []).append((b, k))
    rest: list[tuple[str, str, int]] = []
    for number, raw, line in st.bibliography:
        refs = by_label.pop(f"[{number}]", None)
        if refs:
            st.notes.append((f"[{number}]", raw, line, st.group, refs))
        else:
            rest.append((number, raw, line))
            st.unsure(
                "reference",
                line,
                raw,
                "reference entry cited by no [n] marker: kept in the bibliography",
            )
    st.notes.sort(key=lambda n: n[4][0])
    st.bibliography = rest
    st.page_markers = sorted(r for refs in by_label.values() for r in refs)


def strip_locators(
    st: ParseState, text: str, markers: list[tuple[str, int, int]]
) -> tuple[str, list[tuple[str, int, int]], dict[int, str]]:
    """GB/T 7714: a page printed right after ``[n]`` (``[3]45``, ``[3]P45``) is the locator."""
    found: dict[int, str] = {}
    if not st.numeric:
        return text, markers, found
    out: list[tuple[str, int, int]] = []
    shift = 0
    for k, (label, off, line) in enumerate(markers):
        off -= shift
        m = LOCATOR.match(text, off)
        if m:
            found[k] = m.group(1)
            text = text[:off] + text[m.end() :]
            shift += m.end() - off
            st.unsure(
                "locator",
                line,
                f"{label}{m.group(0)}",
                f"page {m.group(1)} after the marker taken as its locator",
            )
        out.append((label, off, line))
    return text, out, found


def merge_notes(doc: Document, new: list[tuple[Footnote, list[Marker]]]) -> None:
    """Merge new notes and their markers (found in the reading text: author-year and
    bracketed citations) with the document's own, markers in reading order and notes
    numbered by their first marker."""
    old_markers = list(doc.markers)
    owner: dict[int, Footnote] = {}
    for note in doc.footnotes:
        for k in note.markers:
            owner[id(old_markers[k])] = note
    for note, markers in new:
        for m in markers:
            owner[id(m)] = note
    every = old_markers + [m for _, markers in new for m in markers]
    order = sorted(range(len(every)), key=lambda k: (every[k].offset, k))
    doc.markers = [every[k] for k in order]
    notes = list(doc.footnotes) + [note for note, _ in new]
    for note in notes:
        note.markers = []
    for k, marker in enumerate(doc.markers):
        if (holder := owner.get(id(marker))) is not None:
            holder.markers.append(k)
    with_marker = [n for n in notes if n.markers]
    without = [n for n in notes if not n.markers]
    doc.footnotes = sorted(with_marker, key=lambda n: n.markers[0]) + without
    for n, note in enumerate(doc.footnotes, start=1):
        note.n = n
        for k in note.markers:
            doc.markers[k].note = n
