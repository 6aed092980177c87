"""Stage 1, ingest: source text -> `Document`.

Reads the layout units (see `layout`), rebuilds the reading text (front matter and body,
paragraphs re-joined across page breaks and continuation jumps, footnote blocks and
markers removed), resolves every footnote marker against the footnote block of its own
printed page, excludes text of other articles printed between ``（下转第N页）`` and
``（上接第M页）``, and segments sentences. Citations are parsed by `marxkg.citations`.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from pathlib import Path

from marxkg.ingest import frontmatter as fm
from marxkg.ingest.encoding import decode
from marxkg.ingest.layout import Unit, detect_marker_style, split_units
from marxkg.ingest.lines import (
    MAX_HEADING_TAIL,
    chinese_number,
    heading,
    is_terminal,
    strip_markers,
)
from marxkg.ingest.quotations import find_quotations
from marxkg.ingest.sentences import split_sentences
from marxkg.model import (
    Block,
    Document,
    Excluded,
    Footnote,
    FrontMatter,
    Issue,
    Join,
    Marker,
    Quotation,
    Reference,
    Section,
    Sentence,
)


class SourceError(ValueError):
    """The source does not follow the accepted layout."""


@dataclass
class _Block:
    kind: str
    text: str
    section: str | None
    lines: list[int]
    markers: list[tuple[str, int, int]] = field(default_factory=list)  # label, rel offset, line


@dataclass
class _State:
    style: str
    front: FrontMatter = field(default_factory=FrontMatter)
    blocks: list[_Block] = field(default_factory=list)
    sections: list[Section] = field(default_factory=list)
    issues: list[Issue] = field(default_factory=list)
    joins: list[tuple[int, int, str, tuple[int, int]]] = field(default_factory=list)
    notes: list[tuple[str, str, int, int, list[tuple[int, int]]]] = field(default_factory=list)
    excluded: list[Excluded] = field(default_factory=list)
    group: int = 1
    page_markers: list[tuple[int, int]] = field(default_factory=list)  # (block, marker idx)
    join_pending: str | None = None
    funding_marker: bool = False
    section: str | None = None
    part: str | None = None
    bibliography: list[tuple[str, str, int]] = field(default_factory=list)
    foreign: list[str] = field(default_factory=list)  # marker labels in excluded text


def _open_section(st: _State, kind: str, number: str, title: str, block: int) -> None:
    if kind == "part":
        sid = str(chinese_number(number))
        st.sections.append(Section(sid, number, title, 1, None, block))
        st.part = sid
    else:
        n = number if number.isdigit() else str(chinese_number(number))
        parent = st.part
        sid = f"{parent}.{n}" if parent else n
        st.sections.append(Section(sid, number, title, 2, parent, block))
    st.section = sid


def _add_text(st: _State, unit: Unit, units: list[Unit], idx: int) -> int:
    """Add a body text line (heading or paragraph); return how many extra units it used."""
    text, markers = strip_markers(unit.text, st.style, unit.line)
    head = heading(text) if not markers else None
    used = 0
    if head:
        kind, number, title = head
        lines = [unit.line]
        nxt = units[idx + 1] if idx + 1 < len(units) else None
        if (
            kind == "part"
            and title.endswith(("：", ":", "——", "—"))
            and nxt is not None
            and nxt.kind == "text"
            and len(nxt.text) <= MAX_HEADING_TAIL
            and not is_terminal(nxt.text)
            and heading(nxt.text) is None
        ):
            title += nxt.text.strip()
            text += nxt.text.strip()
            lines.append(nxt.line)
            used = 1
        _open_section(st, kind, number, title, len(st.blocks))
        st.blocks.append(_Block("heading", text, st.section, lines))
        st.join_pending = None
        return used
    if st.section is None:
        st.sections.append(Section("intro", None, None, 1, None, None))
        st.section = "intro"
    prev = st.blocks[-1] if st.blocks else None
    if st.join_pending and prev is not None and prev.kind == "paragraph":
        offset = len(prev.text)
        st.joins.append((len(st.blocks) - 1, offset, st.join_pending, (prev.lines[-1], unit.line)))
        prev.markers.extend((lab, off + offset, ln) for lab, off, ln in markers)
        prev.text += text
        prev.lines.append(unit.line)
        block_idx = len(st.blocks) - 1
    else:
        st.blocks.append(_Block("paragraph", text, st.section, [unit.line], list(markers)))
        block_idx = len(st.blocks) - 1
    first_new = len(st.blocks[block_idx].markers) - len(markers)
    for k in range(first_new, len(st.blocks[block_idx].markers)):
        st.page_markers.append((block_idx, k))
    st.join_pending = None
    return used


def _resolve_notes(st: _State, unit: Unit, foreign: list[str]) -> list[tuple[str, str]]:
    """Resolve the markers of the current page against a footnote block.

    Returns ``(label, text)`` of notes that belong to ``foreign`` markers (the labels of
    markers in another article's text printed on the same page).
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
                Issue("footnote-without-marker", f"footnote {label} has no marker on its page: "
                      f"{text[:40]}", line)
            )
    for label, refs in by_label.items():
        for b, k in refs:
            st.issues.append(
                Issue("marker-without-footnote",
                      f"marker {label} has no footnote in the block of its page",
                      st.blocks[b].markers[k][2])
            )
    st.page_markers = []
    st.group += 1
    return foreign_notes


def _exclude(st: _State, units: list[Unit], start: int, line_starts: list[int],
             source: str) -> int:
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
    reason = (f"printed between （下转…） and （上接第{page}页）: another article's text"
              if page else "after （下转…） with no （上接…）: rest of the file")
    if end >= len(units):
        st.issues.append(Issue("continuation-not-found", reason, first))
    st.excluded.append(Excluded(reason, (first, last), (c0, c1), len(text), text[:24],
                                text[-24:], notes, [m for m, _ in markers], details))
    st.foreign = [m for m, _ in markers]
    return end


def parse_source(source: str, doc_id: str) -> Document:  # noqa: C901
    """Parse decoded source text into a `Document` (citations not yet structured)."""
    lines = source.split("\n")
    line_starts = [0]
    for line in lines[:-1]:
        line_starts.append(line_starts[-1] + len(line) + 1)
    style = detect_marker_style(lines)
    units = split_units(lines, style)
    st = _State(style)
    i = _front_matter(st, units)
    if not st.front.title:
        raise SourceError("no title line found (the first non-empty line)")
    pending_exclusion = False
    while i < len(units):
        unit = units[i]
        if pending_exclusion and unit.kind != "notes":
            i = _exclude(st, units, i, line_starts, source)
            pending_exclusion = False
            continue
        if unit.kind == "text":
            i += 1 + _add_text(st, unit, units, i)
            continue
        if unit.kind == "notes":
            foreign_notes = _resolve_notes(st, unit, st.foreign)
            if foreign_notes and st.excluded:
                st.excluded[-1].footnotes.extend(f"{lab} {txt}" for lab, txt in foreign_notes)
                for lab, _ in foreign_notes:
                    st.excluded[-1].markers.remove(lab)
            st.foreign = []
            if st.blocks and st.blocks[-1].kind == "paragraph" and not is_terminal(
                st.blocks[-1].text
            ):
                st.join_pending = st.join_pending or "page-break"
            if pending_exclusion:
                i = _exclude(st, units, i + 1, line_starts, source)
                pending_exclusion = False
                continue
        elif unit.kind == "jump-out":
            pending_exclusion = True
            if st.blocks and not is_terminal(st.blocks[-1].text):
                st.join_pending = "continuation"
        elif unit.kind == "jump-in":
            pass
        elif unit.kind == "refs":
            st.bibliography.extend(unit.items)
        elif unit.kind == "editor":
            st.front.editor = unit.text
        i += 1
    if st.page_markers:
        for b, k in st.page_markers:
            label, _, at_line = st.blocks[b].markers[k]
            st.issues.append(Issue("marker-without-footnote",
                                   f"marker {label} has no footnote block after it", at_line))
    return _assemble(st, doc_id)


def _front_matter(st: _State, units: list[Unit]) -> int:
    """Consume title, author, abstract, keywords and author bio; return the body start."""
    i = 0
    while i < len(units):
        unit = units[i]
        if unit.kind != "text":
            return i
        text = unit.text
        if not st.front.title:
            clean, markers = strip_markers(text, st.style, unit.line)
            st.funding_marker = any(label == "*" for label, _, _ in markers)
            if clean.rstrip().endswith("*"):  # bare "*" after the title (non-caret styles)
                clean, st.funding_marker = clean.rstrip()[:-1], True
            st.front.title = fm.clean_title(clean)
            st.blocks.append(_Block("title", st.front.title, None, [unit.line]))
        elif m := fm.ABSTRACT.match(text):
            clean, markers = strip_markers(m.group(1), st.style, unit.line)
            st.front.abstract = clean
            st.blocks.append(_Block("abstract", clean, None, [unit.line], markers))
            st.page_markers.extend((len(st.blocks) - 1, k) for k in range(len(markers)))
        elif m := fm.KEYWORDS.match(text):
            st.front.keywords = fm.split_keywords(m.group(1))
            st.blocks.append(_Block("keywords", m.group(1).strip(), None, [unit.line]))
        elif m := fm.AUTHOR_BIO.match(text):
            fm.parse_bio(m.group(1), st.front)
        elif not st.front.author and len(text) <= 30 and st.front.abstract is None and not \
                re.search(r"[。，；：]", text):
            st.front.author = text.strip()
        else:
            return i
        i += 1
    return i


def _assemble(st: _State, doc_id: str) -> Document:
    parts: list[str] = []
    blocks: list[Block] = []
    pos = 0
    for b in st.blocks:
        blocks.append(Block(b.kind, pos, pos + len(b.text), b.section, b.lines))
        parts.append(b.text)
        pos += len(b.text) + 1
    text = "\n".join(parts)
    doc = Document(doc_id=doc_id, text=text, front=st.front, blocks=blocks,
                   issues=st.issues, excluded=st.excluded)
    doc.bibliography = [Reference(kind="", raw=raw) for _, raw, _ in st.bibliography]
    # Sections: spans from their heading (or first block) to their last block.
    for sec in st.sections:
        idx = [k for k, b in enumerate(blocks) if b.section == sec.id
               or (b.section or "").startswith(sec.id + ".")]
        if idx:
            sec.start, sec.end = blocks[idx[0]].start, blocks[idx[-1]].end
    doc.sections = st.sections
    for bi, block in enumerate(blocks):
        if block.kind in ("paragraph", "abstract"):
            spans = split_sentences(text, block.start, block.end)
        else:
            spans = [(block.start, block.end)]
        for s, e in spans:
            doc.sentences.append(Sentence(s, e, bi, text[s:e]))
        if block.kind in ("paragraph", "abstract"):
            for qs, qe in find_quotations(text, block.start, block.end):
                doc.quotations.append(Quotation(qs, qe, text[qs:qe]))
    # Markers, in reading order.
    marker_index: dict[tuple[int, int], int] = {}
    for bi, b in enumerate(st.blocks):
        for k, (label, off, line) in enumerate(b.markers):
            marker_index[(bi, k)] = len(doc.markers)
            doc.markers.append(Marker(label, blocks[bi].start + off, 0, line))
    for n, (label, note_text, line, group, refs) in enumerate(st.notes, start=1):
        ids = [marker_index[r] for r in refs]
        for m in ids:
            doc.markers[m].note = n
            doc.markers[m].group = group
        doc.footnotes.append(Footnote(n, label, group, note_text, line, ids))
    for bi, offset, kind, lines in st.joins:
        at = blocks[bi].start + offset
        doc.joins.append(Join(at, kind, text[max(blocks[bi].start, at - 6):at],
                              text[at:at + 6], lines))
    return doc


def read_source_file(path: Path, doc_id: str | None = None,
                     encoding: str | None = None) -> Document:
    """Read and parse a source file (the citations stage structures its footnotes next:
    `marxkg.citations.read_document` does both)."""
    data = Path(path).read_bytes()
    source, enc = decode(data, str(path), encoding)
    doc = parse_source(source, doc_id or Path(path).parent.name)
    doc.encoding = enc
    doc.source_sha256 = hashlib.sha256(data).hexdigest()
    return doc

