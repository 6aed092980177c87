"""Stage 1, ingest: source text (or a PDF, via `pdf`) -> `Document`.

The steps: page and web furniture blanked (`furniture`, curated patterns), hard-wrapped
lines re-flowed (`reflow`), lines classified into layout units (`layout`), the front
matter read (`frontpage`), the body rebuilt (headings that fit the numbering sequence,
paragraphs re-joined across page breaks and continuation jumps, footnote blocks and
markers removed), every marker linked to its note: per-page blocks, endnotes, or GB/T
7714 reference entries (`notes`), text of other articles printed between ``（下转第N页）``
and ``（上接第M页）`` excluded (`jumps`), the document assembled and the citations the
text prints itself linked (`assemble`, `intext`, `author_year`), sentences segmented, the
script detected (`script`) and metadata.yaml applied (`metadata`). Every decision the
ingester was unsure of is kept in ``Document.uncertain``. Citations are parsed by
`marxkg.citations`.
"""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any

from marxkg.ingest import frontmatter as fm
from marxkg.ingest.assemble import assemble, cite_in_text
from marxkg.ingest.encoding import decode
from marxkg.ingest.frontpage import add_labelled, read_front_matter, take_web_authors
from marxkg.ingest.furniture import strip_furniture
from marxkg.ingest.intext import link_bracketed
from marxkg.ingest.jumps import exclude
from marxkg.ingest.layout import (
    MARKER_STYLES,
    Unit,
    detect_marker_style,
    split_units,
    superscript_markers,
)
from marxkg.ingest.lines import (
    MAX_HEADING_TAIL,
    heading,
    is_terminal,
    strip_digit_markers,
    strip_markers,
)
from marxkg.ingest.metadata import apply_metadata
from marxkg.ingest.notes import link_numeric, resolve_notes, restarts, strip_locators
from marxkg.ingest.reflow import reflow
from marxkg.ingest.script import detect_script
from marxkg.ingest.sections import fits_sequence, open_named, open_section
from marxkg.ingest.state import ParseState, RawBlock
from marxkg.model import (
    Document,
    Issue,
    Section,
    Uncertain,
)


class SourceError(ValueError):
    """The source does not follow the accepted layout."""


_LEVEL_KINDS = {"part": 1, "sub": 2, "decimal": 2, "item": 3}


def _strip(st: ParseState, text: str, line: int) -> tuple[str, list[tuple[str, int, int]]]:
    def line_at(offset: int) -> int:
        return st.line_at(line, offset)

    if st.style == "digits":
        clean, markers, st.digit_expect = strip_digit_markers(text, line, st.digit_expect, line_at)
        return clean, markers
    return strip_markers(text, st.style, line, line_at)


def _add_text(st: ParseState, unit: Unit, units: list[Unit], idx: int) -> int:
    """Add a body text line (heading or paragraph); return how many extra units it used."""
    text, markers = _strip(st, unit.text, unit.line)
    text, markers, locators = strip_locators(st, text, markers)
    if not markers and _named(st, text, unit.line):
        return 0
    head = heading(text) if not markers else None
    if head:
        why = fits_sequence(st, head[0], head[1])
        if why:
            st.unsure(
                "list-item",
                unit.line,
                text,
                f"numbered like a heading but {why}: kept as paragraph text",
            )
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
        open_section(st, kind, number, title, len(st.blocks))
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
        st.blocks.append(
            RawBlock("paragraph", text, st.section, [unit.line], list(markers), locators)
        )
        block_idx = len(st.blocks) - 1
    first_new = len(st.blocks[block_idx].markers) - len(markers)
    for k in range(first_new, len(st.blocks[block_idx].markers)):
        st.page_markers.append((block_idx, k))
    st.join_pending = None
    return used


def _named(st: ParseState, text: str, line: int) -> bool:
    """An unnumbered heading (``引言`` before any section, ``结语``/``结论`` after the
    paper's sections): a section of its own."""
    which = fm.named_heading(text)
    ids = {sec.id for sec in st.sections}
    if (
        which is None
        or (which == "opening" and ids)
        or (which == "closing" and "conclusion" in ids)
    ):
        return False
    open_named(st, which, text, len(st.blocks))
    st.blocks.append(RawBlock("heading", text, st.section, [line]))
    st.join_pending = None
    return True


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
    if (
        fm.is_english(text)
        and nxt is not None
        and nxt.kind == "text"
        and any(name == "abstract_en" for name, _ in fm.split_labelled(nxt.text))
    ):
        st.front.title_en = st.front.title_en or text.strip()
        return True
    return False


def _line_starts(lines: list[str]) -> list[int]:
    """The offset in the source of each line's first character."""
    starts = [0]
    for line in lines[:-1]:
        starts.append(starts[-1] + len(line) + 1)
    return starts


def _numeric(style: str, units: list[Unit]) -> bool:
    """Numbered references: bracket markers in the text, no footnote but ``*`` ones, and a
    numbered reference list (a numbered list the text cites by author and year is not)."""
    return (
        style == "bracket"
        and not any(u.kind == "notes" and any(lab != "*" for lab, _, _ in u.items) for u in units)
        and any(u.kind == "refs" and any(lab for lab, _, _ in u.items) for u in units)
        and any(u.kind == "text" and MARKER_STYLES["bracket"].search(u.text) for u in units)
    )


def _join_across_page(st: ParseState) -> None:
    """An unfinished paragraph before a page break (or footnotes) goes on after it."""
    if st.blocks and st.blocks[-1].kind == "paragraph" and not is_terminal(st.blocks[-1].text):
        st.join_pending = st.join_pending or "page-break"


def _read_notes(st: ParseState, unit: Unit) -> None:
    """A footnotes unit: resolve its notes (those of an excluded foreign article go with it)."""
    foreign_notes = resolve_notes(st, unit, st.foreign)
    if foreign_notes and st.excluded:
        st.excluded[-1].footnotes.extend(f"{lab} {txt}" for lab, txt in foreign_notes)
        for lab, _ in foreign_notes:
            st.excluded[-1].markers.remove(lab)
    st.foreign = []
    _join_across_page(st)


def parse_source(source: str, doc_id: str) -> Document:
    """Parse decoded source text into a `Document` (citations not yet structured)."""
    lines = source.split("\n")
    line_starts = _line_starts(lines)
    furniture = strip_furniture(lines)
    flow = reflow(superscript_markers(furniture.lines), furniture.page_breaks)
    style = detect_marker_style(flow.lines)
    units = split_units(flow.lines, style, furniture.page_breaks)
    st = ParseState(style)
    st.line_at = flow.line_at
    st.uncertain.extend(furniture.uncertain)
    st.uncertain.extend(flow.uncertain)
    st.continuous = not restarts(units)
    st.numeric = _numeric(style, units)
    i = read_front_matter(st, units)
    take_web_authors(st, furniture.web_authors)
    pending_exclusion = False
    while i < len(units):
        unit = units[i]
        if pending_exclusion and unit.kind not in ("notes", "page-break"):
            i = exclude(st, units, i, line_starts, source)
            pending_exclusion = False
            continue
        if unit.kind == "text":
            if _body_labelled(st, unit, units, i):
                i += 1
                continue
            i += 1 + _add_text(st, unit, units, i)
            continue
        if unit.kind == "notes":
            _read_notes(st, unit)
            if pending_exclusion:
                i = exclude(st, units, i + 1, line_starts, source)
                pending_exclusion = False
                continue
        elif unit.kind == "page-break":
            _join_across_page(st)
        elif unit.kind == "jump-out":
            pending_exclusion = True
            if st.blocks and not is_terminal(st.blocks[-1].text):
                st.join_pending = "continuation"
        elif unit.kind == "jump-in":
            pass
        elif unit.kind == "refs":
            st.bibliography.extend(unit.items)
        elif unit.kind == "editor":
            st.front.editor = fm.unspaced_names(unit.text)
        i += 1
    if st.numeric:
        link_numeric(st)
    for b, k in st.page_markers:
        label, _, at = st.blocks[b].markers[k]
        st.issues.append(
            Issue("marker-without-footnote", f"marker {label} has no footnote block after it", at)
        )
    doc = assemble(st, doc_id)
    cite_in_text(st, doc)
    link_bracketed(doc)
    doc.wrap_joins = flow.joins
    return doc


def read_source_file(
    path: Path,
    doc_id: str | None = None,
    encoding: str | None = None,
    metadata: dict[str, Any] | None = None,
) -> Document:
    """Read and parse a source file, text or PDF (the citations stage structures its
    footnotes next: `marxkg.citations.read_document` does both)."""
    data = Path(path).read_bytes()
    if Path(path).suffix.lower() == ".pdf":
        return read_pdf_document(Path(path), data, doc_id or Path(path).parent.name, metadata)
    source, enc = decode(data, str(path), encoding)
    doc = parse_text(source, doc_id or Path(path).parent.name, metadata)
    doc.encoding = enc
    doc.source_sha256 = hashlib.sha256(data).hexdigest()
    return doc


def read_pdf_document(
    path: Path, data: bytes, doc_id: str, metadata: dict[str, Any] | None = None
) -> Document:
    """A PDF read by page geometry (`marxkg.ingest.pdf`), then parsed like text; every
    block keeps its PDF page, and every uncertain item names its page."""
    from marxkg.ingest.pdf import read_pdf

    pdf = read_pdf(path)
    doc = parse_text(pdf.text, doc_id, metadata, pdf.uncertain)
    for block in doc.blocks:
        if block.source_lines:
            block.page = pdf.line_pages[block.source_lines[0] - 1]
    for item in doc.uncertain:
        if item.source_line is not None and item.source_line <= len(pdf.line_pages):
            item.page = pdf.line_pages[item.source_line - 1]
            item.source_line = None
    doc.uncertain.sort(key=lambda u: u.page or 0)  # in page order (stable within a page)
    doc.source_format, doc.encoding = "pdf", "pdf"
    doc.source_sha256 = hashlib.sha256(data).hexdigest()
    return doc


def parse_text(
    source: str,
    doc_id: str,
    metadata: dict[str, Any] | None = None,
    uncertain: list[Uncertain] | None = None,
) -> Document:
    """Decoded source text -> `Document` (script detected, metadata applied; citations not
    yet structured)."""
    doc = parse_source(source, doc_id)
    doc.uncertain[:0] = uncertain or []
    finish_document(doc, source, metadata)
    return doc


# below this share of Han characters among the letters of the source, a paper is not
# in Chinese (the shipped paper, with its English title and abstract: 86 %)
MIN_HAN_SHARE = 0.3


def finish_document(doc: Document, source: str, metadata: dict[str, Any] | None) -> None:
    """Script detection; metadata.yaml over the parser's guesses. A paper not in Chinese
    is refused: the pipeline (segmentation, concept tagging, citation forms) reads Chinese."""
    letters = [ch for ch in source if ch.isalpha()]
    han = sum("\u3400" <= ch <= "\u9fff" for ch in letters)
    if len(letters) >= 200 and han < MIN_HAN_SHARE * len(letters):
        raise SourceError(
            f"{doc.doc_id}: not a Chinese paper ({han} of {len(letters)} letters are Han "
            "characters): marxkg reads papers in Chinese (an English translation goes beside "
            "the Chinese source, as translation.en.jsonl)"
        )
    doc.script, hans, hant = detect_script(source)
    if doc.script == "Hant":
        doc.uncertain.append(
            Uncertain(
                "script",
                None,
                f"{hant} traditional-only vs {hans} simplified-only characters",
                "traditional script (zh-Hant); concepts matched through OpenCC",
            )
        )
    apply_metadata(doc, metadata or {})
    if not doc.front.title:
        raise SourceError(
            f"{doc.doc_id}: no title found (no title line before the body, and "
            "no title in metadata.yaml)"
        )
