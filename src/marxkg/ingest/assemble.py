"""The parsed source assembled into a `Document`: the reading text of the blocks, sections
with their spans, sentences, quotations, markers in reading order and the notes they point
to; then the citations printed in the text itself linked to the 参考文献 (`[n]` left in
the text, author and year: `intext`, `author_year`)."""

from __future__ import annotations

from marxkg.ingest.author_year import link_author_year
from marxkg.ingest.intext import link_numbered
from marxkg.ingest.quotations import find_quotations
from marxkg.ingest.sentences import split_sentences
from marxkg.ingest.state import ParseState
from marxkg.model import Block, Document, Footnote, Join, Marker, Quotation, Reference, Sentence


def cite_in_text(st: ParseState, doc: Document) -> None:
    """A 参考文献 list the text cites in a system other than the notes': numbered entries by
    ``[n]`` left in the text (`intext.link_numbered`), unnumbered ones by author and year
    (`author_year`). The entries cited become notes, the others stay in the bibliography."""
    if not st.bibliography or st.numeric:
        return
    cited: set[int] = set()
    if any(label for label, _, _ in st.bibliography):
        cited = set(link_numbered(doc, st.bibliography))
    if not cited:  # also a numbered list ([1] 马克思，2004：…) cited by author and year
        cited = set(link_author_year(doc, st.bibliography))
    doc.bibliography = [
        Reference(kind="", raw=raw)
        for i, (_, raw, _) in enumerate(st.bibliography)
        if i not in cited
    ]


def assemble(st: ParseState, doc_id: str) -> Document:
    parts: list[str] = []
    blocks: list[Block] = []
    pos = 0
    for b in st.blocks:
        blocks.append(Block(b.kind, pos, pos + len(b.text), b.section, b.lines))
        parts.append(b.text)
        pos += len(b.text) + 1
    text = "\n".join(parts)
    doc = Document(
        doc_id=doc_id,
        text=text,
        front=st.front,
        blocks=blocks,
        issues=st.issues,
        excluded=st.excluded,
        uncertain=st.uncertain,
    )
    doc.bibliography = [Reference(kind="", raw=raw) for _, raw, _ in st.bibliography]
    # Sections: spans from their heading (or first block) to their last block.
    for sec in st.sections:
        idx = [
            k
            for k, b in enumerate(blocks)
            if b.section == sec.id or (b.section or "").startswith(sec.id + ".")
        ]
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
            doc.markers.append(
                Marker(label, blocks[bi].start + off, 0, line, locator=b.locators.get(k))
            )
    for n, (label, note_text, line, group, refs) in enumerate(st.notes, start=1):
        ids = [marker_index[r] for r in refs]
        for m in ids:
            doc.markers[m].note = n
            doc.markers[m].group = group
        doc.footnotes.append(Footnote(n, label, group, note_text, line, ids))
    for bi, offset, kind, lines in st.joins:
        at = blocks[bi].start + offset
        doc.joins.append(
            Join(at, kind, text[max(blocks[bi].start, at - 6) : at], text[at : at + 6], lines)
        )
    return doc
