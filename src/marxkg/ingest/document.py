"""Stage 1, ingest: source text -> `Document`.

Reads the layout units (see `layout`), rebuilds the reading text (front matter and body,
paragraphs re-joined across page breaks and continuation jumps, footnote blocks and
markers removed), resolves every footnote marker against the footnote block of its own
printed page, excludes text of other articles printed between ``（下转第N页）`` and
``（上接第M页）``, and segments sentences. Citations are parsed by `marxkg.citations`.
"""

from __future__ import annotations

import copy
import hashlib
import re
from pathlib import Path
from typing import Any

from marxkg.ingest import frontmatter as fm
from marxkg.ingest.encoding import decode
from marxkg.ingest.frontpage import add_labelled, read_front_matter
from marxkg.ingest.furniture import strip_furniture
from marxkg.ingest.layout import Unit, detect_marker_style, split_units
from marxkg.ingest.lines import (
    MAX_HEADING_TAIL,
    chinese_number,
    heading,
    is_terminal,
    strip_digit_markers,
    strip_markers,
)
from marxkg.ingest.metadata import apply_metadata
from marxkg.ingest.quotations import find_quotations
from marxkg.ingest.reflow import reflow
from marxkg.ingest.script import converter, detect_script
from marxkg.ingest.sentences import split_sentences
from marxkg.ingest.state import ParseState, RawBlock
from marxkg.model import (
    Block,
    Document,
    Excluded,
    Footnote,
    Issue,
    Join,
    Marker,
    Quotation,
    Reference,
    Section,
    Sentence,
    Uncertain,
)

LOCATOR = re.compile(r"[:：]?[Pp]?([0-9]{1,4}(?:[-–—][0-9]{1,4})?)(?![0-9.．%％年月日卷期页頁世])")


class SourceError(ValueError):
    """The source does not follow the accepted layout."""


_LEVEL_KINDS = {"part": 1, "sub": 2, "decimal": 2, "item": 3}


def _fits_sequence(st: ParseState, kind: str, number: str) -> str | None:
    """Why a heading-shaped line breaks the numbering sequence (None if it fits)."""
    if kind == "decimal":
        parts = [int(x) for x in number.split(".")]
        want_part = st.numbers["part"] or parts[0]
        if parts[0] != want_part or parts[1] != st.numbers["sub"] + 1 and len(parts) == 2:
            return f"{number} does not follow section {want_part}.{st.numbers['sub']}"
        return None
    n = int(number) if number.isdigit() else chinese_number(number)
    if n == st.numbers[kind] + 1 or kind == "sub" and n == st.numbers["sub_any"] + 1:
        return None  # subsections may also be numbered through the paper
    return f"number {number} does not follow {st.numbers[kind]}"


def _open_section(st: ParseState, kind: str, number: str, title: str, block: int) -> None:
    if kind == "part":
        sid = str(chinese_number(number))
        st.sections.append(Section(sid, number, title, 1, None, block))
        st.part, st.sub = sid, None
        st.numbers.update(part=int(sid), sub=0, item=0)
    elif kind == "decimal":
        parts = number.split(".")
        sid = ".".join(parts[:2])
        parent = parts[0] if any(s.id == parts[0] for s in st.sections) else None
        st.sections.append(Section(sid, number, title, 2, parent, block))
        st.sub = sid
        st.numbers.update(part=int(parts[0]), sub=int(parts[1]), item=0)
    elif kind == "item":
        parent = st.sub or st.part
        sid = f"{parent}.{number}" if parent else number
        st.sections.append(Section(sid, number, title, 3, parent, block))
        st.numbers["item"] = int(number)
    else:
        n = number if number.isdigit() else str(chinese_number(number))
        parent = st.part
        sid = f"{parent}.{n}" if parent else n
        st.sections.append(Section(sid, number, title, 2, parent, block))
        st.sub = sid
        st.numbers.update(sub=int(n), sub_any=int(n), item=0)
    st.section = sid


def _strip(st: ParseState, text: str, line: int) -> tuple[str, list[tuple[str, int, int]]]:
    if st.style == "digits":
        clean, markers, st.digit_expect = strip_digit_markers(text, line, st.digit_expect)
        return clean, markers
    return strip_markers(text, st.style, line)


def _locators(st: ParseState, text: str, markers: list[tuple[str, int, int]]
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
            text = text[:off] + text[m.end():]
            shift += m.end() - off
            st.unsure("locator", line, f"{label}{m.group(0)}",
                      f"page {m.group(1)} after the marker taken as its locator")
        out.append((label, off, line))
    return text, out, found


def _add_text(st: ParseState, unit: Unit, units: list[Unit], idx: int) -> int:
    """Add a body text line (heading or paragraph); return how many extra units it used."""
    text, markers = _strip(st, unit.text, unit.line)
    text, markers, locators = _locators(st, text, markers)
    head = heading(text) if not markers else None
    if head:
        why = _fits_sequence(st, head[0], head[1])
        if why:
            st.unsure("list-item", unit.line, text,
                      f"numbered like a heading but {why}: kept as paragraph text")
            head = None
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
        st.blocks.append(RawBlock("heading", text, st.section, lines))
        st.join_pending = None
        return used
    if st.section is None:
        st.sections.append(Section("intro", None, None, 1, None, None))
        st.section = "intro"
    prev = st.blocks[-1] if st.blocks else None
    if st.join_pending and prev is not None and prev.kind == "paragraph":
        offset = len(prev.text)
        st.joins.append((len(st.blocks) - 1, offset, st.join_pending, (prev.lines[-1], unit.line)))
        base = len(prev.markers)
        prev.markers.extend((lab, off + offset, ln) for lab, off, ln in markers)
        prev.locators.update({base + k: v for k, v in locators.items()})
        prev.text += text
        prev.lines.append(unit.line)
        block_idx = len(st.blocks) - 1
    else:
        st.blocks.append(RawBlock("paragraph", text, st.section, [unit.line], list(markers),
                                  locators))
        block_idx = len(st.blocks) - 1
    first_new = len(st.blocks[block_idx].markers) - len(markers)
    for k in range(first_new, len(st.blocks[block_idx].markers)):
        st.page_markers.append((block_idx, k))
    st.join_pending = None
    return used


def _resolve_notes(st: ParseState, unit: Unit, foreign: list[str]) -> list[tuple[str, str]]:
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
                Issue("footnote-without-marker", f"footnote {label} has no marker on its page: "
                      f"{text[:40]}", line)
            )
    if st.continuous:
        st.page_markers = [r for refs in by_label.values() for r in refs]
        st.page_markers.sort()
    else:
        for label, refs in by_label.items():
            for b, k in refs:
                st.issues.append(
                    Issue("marker-without-footnote",
                          f"marker {label} has no footnote in the block of its page",
                          st.blocks[b].markers[k][2])
                )
        st.page_markers = []
        st.digit_expect = 1
    if unit.items:
        st.group += 1
    return foreign_notes


def _exclude(st: ParseState, units: list[Unit], start: int, line_starts: list[int],
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
            for label, note, line in u.items:
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


def _restarts(units: list[Unit]) -> bool:
    """Does the note numbering restart (notes per page) rather than run through?"""
    seen: set[str] = set()
    for u in units:
        if u.kind == "notes":
            labels = {label for label, _, _ in u.items if label != "*"}
            if labels & seen:
                return True
            seen |= labels
    return False


def _body_labelled(st: ParseState, unit: Unit, units: list[Unit], i: int) -> bool:
    """A labelled front-matter field printed inside or after the body (作者简介 and 收稿日期
    at the foot of page 1, an English abstract at the end)."""
    text = unit.text
    pieces = fm.split_labelled(text, strict=True)
    for name, value in pieces:
        if name in ("abstract", "keywords"):
            st.unsure("front-matter", unit.line, text, f"{name} label after the body: ignored")
        else:
            add_labelled(st, unit, name, value)
    if pieces:
        return True
    nxt = units[i + 1] if i + 1 < len(units) else None
    if fm.is_english(text) and nxt is not None and nxt.kind == "text" and any(
            name == "abstract_en" for name, _ in fm.split_labelled(nxt.text)):
        st.front.title_en = st.front.title_en or text.strip()
        return True
    return False


def parse_source(source: str, doc_id: str) -> Document:
    """Parse decoded source text into a `Document` (citations not yet structured)."""
    lines = source.split("\n")
    line_starts = [0]
    for line in lines[:-1]:
        line_starts.append(line_starts[-1] + len(line) + 1)
    furniture = strip_furniture(lines)
    flow = reflow(furniture.lines, furniture.page_breaks)
    style = detect_marker_style(flow.lines)
    units = split_units(flow.lines, style, furniture.page_breaks)
    st = ParseState(style)
    st.uncertain.extend(furniture.uncertain)
    st.uncertain.extend(flow.uncertain)
    st.continuous = not _restarts(units)
    st.numeric = style == "bracket" and not any(
        u.kind == "notes" and any(lab != "*" for lab, _, _ in u.items) for u in units) and any(
        u.kind == "refs" for u in units)
    i = read_front_matter(st, units)
    pending_exclusion = False
    while i < len(units):
        unit = units[i]
        if pending_exclusion and unit.kind not in ("notes", "page-break"):
            i = _exclude(st, units, i, line_starts, source)
            pending_exclusion = False
            continue
        if unit.kind == "text":
            if _body_labelled(st, unit, units, i):
                i += 1
                continue
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
        elif unit.kind == "page-break":
            if st.blocks and st.blocks[-1].kind == "paragraph" and not is_terminal(
                st.blocks[-1].text
            ):
                st.join_pending = st.join_pending or "page-break"
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
    if st.numeric:
        _link_numeric(st)
    for b, k in st.page_markers:
        label, _, at = st.blocks[b].markers[k]
        st.issues.append(Issue("marker-without-footnote",
                               f"marker {label} has no footnote block after it", at))
    doc = _assemble(st, doc_id)
    doc.wrap_joins = flow.joins
    return doc


def _link_numeric(st: ParseState) -> None:
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
            st.unsure("reference", line, raw, "reference entry cited by no [n] marker: "
                      "kept in the bibliography")
    st.notes.sort(key=lambda n: n[4][0])
    st.bibliography = rest
    st.page_markers = sorted(r for refs in by_label.values() for r in refs)


def _assemble(st: ParseState, doc_id: str) -> Document:
    parts: list[str] = []
    blocks: list[Block] = []
    pos = 0
    for b in st.blocks:
        blocks.append(Block(b.kind, pos, pos + len(b.text), b.section, b.lines))
        parts.append(b.text)
        pos += len(b.text) + 1
    text = "\n".join(parts)
    doc = Document(doc_id=doc_id, text=text, front=st.front, blocks=blocks,
                   issues=st.issues, excluded=st.excluded, uncertain=st.uncertain)
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
            doc.markers.append(Marker(label, blocks[bi].start + off, 0, line,
                                      locator=b.locators.get(k)))
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


def read_document(path: Path, doc_id: str | None = None, encoding: str | None = None,
                  metadata: dict[str, Any] | None = None) -> Document:
    """Read and parse a source file (citations included)."""
    data = Path(path).read_bytes()
    if Path(path).suffix.lower() == ".pdf":
        return read_pdf_document(Path(path), data, doc_id or Path(path).parent.name, metadata)
    source, enc = decode(data, str(path), encoding)
    doc = ingest_text(source, doc_id or Path(path).parent.name, metadata)
    doc.encoding = enc
    doc.source_sha256 = hashlib.sha256(data).hexdigest()
    return doc


def read_pdf_document(path: Path, data: bytes, doc_id: str,
                      metadata: dict[str, Any] | None = None) -> Document:
    """A PDF read by page geometry (`marxkg.ingest.pdf`), then parsed like text; every
    block keeps its PDF page, and every uncertain item names its page."""
    from marxkg.ingest.pdf import read_pdf

    pdf = read_pdf(path)
    doc = ingest_text(pdf.text, doc_id, metadata, pdf.uncertain)
    for block in doc.blocks:
        if block.source_lines:
            block.page = pdf.line_pages[block.source_lines[0] - 1]
    for item in doc.uncertain:
        if item.source_line is not None and item.source_line <= len(pdf.line_pages):
            page = pdf.line_pages[item.source_line - 1]
            item.decision += f" (PDF page {page})"
            item.source_line = None
    doc.source_format, doc.encoding = "pdf", "pdf"
    doc.source_sha256 = hashlib.sha256(data).hexdigest()
    return doc


def ingest_text(source: str, doc_id: str, metadata: dict[str, Any] | None = None,
                uncertain: list[Uncertain] | None = None) -> Document:
    """Decoded source text -> `Document` with citations structured."""
    doc = parse_source(source, doc_id)
    doc.uncertain[:0] = uncertain or []
    finish_document(doc, source, metadata)
    _structure_citations(doc)
    for issue in doc.issues:
        doc.uncertain.append(Uncertain(issue.kind, issue.source_line, issue.message[:40],
                                       "reported as unresolved"))
    return doc


def _back(received: str, simplified: str, piece: str) -> str:
    """The span of ``received`` under ``piece`` of its (same-length) simplified form."""
    at = simplified.find(piece)
    return received[at:at + len(piece)] if at >= 0 and len(received) == len(simplified) \
        else piece


def _structure_citations(doc: Document) -> None:
    """Citations; a traditional-script document is parsed through its simplified form
    (OpenCC t2s, character for character), while every text, offset and reference string
    kept on the document stays as received."""
    from marxkg.citations import structure_citations

    if doc.script != "Hant":
        structure_citations(doc)
        return
    t2s = converter("t2s").convert
    view = copy.deepcopy(doc)
    view.text = t2s(doc.text)
    if len(view.text) != len(doc.text):
        doc.uncertain.append(Uncertain("script", None, "t2s changed the text length",
                                       "citations parsed on the traditional text as received"))
        structure_citations(doc)
        return
    for note in view.footnotes:
        note.text = t2s(note.text)
    for sent in view.sentences:
        sent.text = view.text[sent.start:sent.end]
    for quote in view.quotations:
        quote.text = view.text[quote.start:quote.end]
    for ref in view.bibliography:
        ref.raw = t2s(ref.raw)
    structure_citations(view)
    for note, vnote in zip(doc.footnotes, view.footnotes):
        note.references = vnote.references
        for ref in note.references:
            ref.raw = _back(note.text, vnote.text, ref.raw)
            ref.language = doc.language if ref.language == "zh-Hans" else ref.language
    received = {t2s(r.raw): r.raw for r in doc.bibliography}
    for ref in view.bibliography:
        ref.raw = received.get(ref.raw, ref.raw)
        ref.language = doc.language if ref.language == "zh-Hans" else ref.language
    doc.bibliography = view.bibliography
    for quote in view.quotations:
        quote.text = doc.text[quote.start:quote.end]
    doc.quotations, doc.citations = view.quotations, view.citations
    doc.issues = view.issues


def finish_document(doc: Document, source: str, metadata: dict[str, Any] | None) -> None:
    """Script detection; metadata.yaml over the parser's guesses."""
    doc.script, hans, hant = detect_script(source)
    if doc.script == "Hant":
        doc.uncertain.append(Uncertain(
            "script", None, f"{hant} traditional-only vs {hans} simplified-only characters",
            "traditional script (zh-Hant); concepts matched through OpenCC"))
    apply_metadata(doc, metadata or {})
    if not doc.front.title:
        raise SourceError(f"{doc.doc_id}: no title found (no title line before the body, and "
                          "no title in metadata.yaml)")


