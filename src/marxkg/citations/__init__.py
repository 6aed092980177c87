"""Stage 2, citations: footnote text -> structured references, quotations -> markers."""

from __future__ import annotations

from pathlib import Path

from marxkg.citations.keys import reference_key
from marxkg.citations.link import link_citations
from marxkg.citations.parse import parse_reference, split_items
from marxkg.ingest.document import read_source_file
from marxkg.model import Document, Issue

__all__ = ["read_document", "structure_citations", "parse_reference", "reference_key"]


def structure_citations(doc: Document) -> None:
    """Parse every footnote and bibliography item, then link markers to quotations."""
    for note in doc.footnotes:
        note.references = [parse_reference(item) for item in split_items(note.text)]
        for ref in note.references:
            ref.key = reference_key(ref)
            if ref.kind == "other":
                doc.issues.append(Issue("unparsed-reference",
                                        f"footnote {note.n} ({note.label}, page block "
                                        f"{note.group}): {note.text}", note.source_line))
    parsed = []
    for item in doc.bibliography:
        ref = parse_reference(item.raw)
        ref.key = reference_key(ref)
        if ref.kind == "other":
            doc.issues.append(Issue("unparsed-reference", f"参考文献: {item.raw}"))
        parsed.append(ref)
    doc.bibliography = parsed
    link_citations(doc)


def read_document(path: Path, doc_id: str | None = None, encoding: str | None = None) -> Document:
    """Read and parse a source file, then structure its citations (ingest + this stage)."""
    doc = read_source_file(path, doc_id, encoding)
    structure_citations(doc)
    return doc
