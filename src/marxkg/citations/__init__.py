"""Stage 2, citations: footnote text -> structured references, quotations -> markers."""

from __future__ import annotations

from marxkg.citations.csl import to_csl
from marxkg.citations.keys import reference_key
from marxkg.citations.link import link_citations
from marxkg.citations.notes import split_via
from marxkg.citations.parse import parse_reference, split_items
from marxkg.citations.resolve import resolve_editions, resolve_ibid
from marxkg.model import Document, Issue

__all__ = ["parse_reference", "reference_key", "structure_citations"]


def structure_citations(doc: Document) -> None:
    """Parse every footnote and bibliography item, resolve 同上 and ambiguous editions,
    then link markers to quotations. Explanatory notes (kind ``note``) are not issues."""
    for note in doc.footnotes:
        note.references = []
        for item, via in split_via(split_items(note.text)):
            ref = parse_reference(item)
            ref.via = ref.via or via
            note.references.append(ref)
            if ref.kind == "other":
                doc.issues.append(Issue("unparsed-reference",
                                        f"footnote {note.n} ({note.label}, page block "
                                        f"{note.group}): {note.text}", note.source_line))
    parsed = []
    for entry in doc.bibliography:
        ref = parse_reference(entry.raw)
        if ref.kind == "other":
            doc.issues.append(Issue("unparsed-reference", f"参考文献: {entry.raw}"))
        parsed.append(ref)
    doc.bibliography = parsed
    resolve_ibid(doc)
    resolve_editions(doc)
    for ref in [r for n in doc.footnotes for r in n.references] + doc.bibliography:
        ref.key = reference_key(ref)
        ref.csl = to_csl(ref)
    link_citations(doc)
