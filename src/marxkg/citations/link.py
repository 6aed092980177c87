"""Markers -> quotations -> citations.

A marker cites the quotation that closes right before it (``“…”^①``). When its footnote
gives k > 1 pages (``第444、453页``) and k quotations stand between the previous marker of
the paragraph (or the paragraph start) and this one, quotation j is paired with page j.
A marker that follows ordinary text cites no quotation; closing punctuation between
the quotation and the marker (``“…”。①``) is no text. An author-year citation
(``“…”（马克思，2004：443）``) counts from where its printed form starts.
"""

from __future__ import annotations

from marxkg.citations.csl import to_csl
from marxkg.citations.fold import parse_page_list
from marxkg.model import Citation, Document, Marker, Reference

DATA_KINDS = ("report", "web-page")


def _at(marker: Marker) -> int:
    """Where a marker's citation starts: the marker itself, or the printed author-year
    citation it stands after."""
    return marker.offset if marker.cue is None else marker.cue


def _candidates(doc: Document, marker_index: int) -> list[int]:
    marker = doc.markers[marker_index]
    at = _at(marker)
    block = next(b for b in doc.blocks if b.start <= marker.offset <= b.end)
    floor = block.start
    for other in doc.markers[:marker_index]:
        if block.start <= other.offset < at:
            floor = max(floor, other.offset)
    return [qi for qi, q in enumerate(doc.quotations) if q.start >= floor and q.end < at]


# what may stand between a quotation and its marker: the punctuation closing the sentence
# or clause the quotation ends (``“…”。①``, ``“…”，①``: GB/T 15834 puts it outside the
# quotation marks when the quotation is part of the writer's sentence)
CLOSING = frozenset(" \t\u3000。，；：！？、.,;:!?…")


def _immediately_before(doc: Document, quotation: int, offset: int) -> bool:
    between = doc.text[doc.quotations[quotation].end + 1 : offset]
    return all(ch in CLOSING for ch in between)


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
        if cands and _immediately_before(doc, cands[-1], _at(marker)):
            k = max((len(r.pages) for r in note.references), default=0)
            if k > 1 and len(cands) >= k:
                paired = [(q, j) for j, q in enumerate(cands[-k:])]
            else:
                paired = [(cands[-1], 0 if k == 1 else None)]
        located = [_located_page(ref, marker.locator) for ref in note.references]
        if located and located[0] is not None:  # the page printed after a GB/T marker
            paired = [(q, located[0]) for q, _ in paired]
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
                    Citation(note.n, ri, mi, sentence, None, located[ri], characterize(ref, False))
                )


def _located_page(ref: Reference, locator: str | None) -> int | None:
    """The page a GB/T 7714 marker prints after itself (``[1]427``, the marker's
    ``locator``) as the index of one of its entry's pages: a Marx entry that prints no
    pages of its own (``马克思.资本论:第1卷[M].北京:人民出版社,2004.``) gathers the pages
    its markers cite, in the order first cited, so that each citation points at its
    page (and `marxkg trace` finds it). None otherwise."""
    if locator is None or ref.kind != "marx" or ref.pages_printed:
        return None
    ranges = parse_page_list(locator)
    if len(ranges) != 1:
        return None
    if ranges[0] not in ref.pages:
        ref.pages.append(ranges[0])
        ref.csl = to_csl(ref)
    return ref.pages.index(ranges[0])
