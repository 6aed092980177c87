"""Markers -> quotations -> citations.

A marker cites the quotation that closes right before it (``“…”^①``). When its footnote
gives k > 1 pages (``第444、453页``) and k quotations stand between the previous marker of
the paragraph (or the paragraph start) and this one, quotation j is paired with page j.
A marker that follows ordinary text cites no quotation.
"""

from __future__ import annotations

from marxkg.model import Citation, Document, Reference

DATA_KINDS = ("report", "web-page")


def _candidates(doc: Document, marker_index: int) -> list[int]:
    marker = doc.markers[marker_index]
    block = next(b for b in doc.blocks if b.start <= marker.offset <= b.end)
    floor = block.start
    for other in doc.markers[:marker_index]:
        if block.start <= other.offset < marker.offset:
            floor = max(floor, other.offset)
    return [qi for qi, q in enumerate(doc.quotations) if q.start >= floor and q.end < marker.offset]


def _immediately_before(doc: Document, quotation: int, offset: int) -> bool:
    between = doc.text[doc.quotations[quotation].end + 1 : offset]
    return between.strip() == ""


def characterize(ref: Reference, quoted: bool) -> str:
    if quoted:
        return "includesQuotationFrom"
    if ref.kind in DATA_KINDS:
        return "citesAsDataSource"
    return "citesAsAuthority"


def link_citations(doc: Document) -> None:
    """Fill `Document.citations` and the quotations' marker/page pairing."""
    doc.citations = []
    for mi, marker in enumerate(doc.markers):
        if marker.note is None:
            continue
        note = doc.footnotes[marker.note - 1]
        sentence = doc.sentence_at(marker.offset)
        if sentence is None:
            continue
        cands = _candidates(doc, mi)
        paired: list[tuple[int, int | None]] = []
        if cands and _immediately_before(doc, cands[-1], marker.offset):
            k = max((len(r.pages) for r in note.references), default=0)
            if k > 1 and len(cands) >= k:
                paired = [(q, j) for j, q in enumerate(cands[-k:])]
            else:
                paired = [(cands[-1], 0 if k == 1 else None)]
        for q, page in paired:
            doc.quotations[q].marker = mi
            doc.quotations[q].page = page
        for ri, ref in enumerate(note.references):
            if ref.kind in ("note", "ibid"):  # an explanatory note, a 同上 with nothing before
                continue
            if paired:
                for q, page in paired:
                    doc.citations.append(
                        Citation(note.n, ri, mi, sentence, q, page, characterize(ref, True))
                    )
            else:
                doc.citations.append(
                    Citation(note.n, ri, mi, sentence, None, None, characterize(ref, False))
                )
