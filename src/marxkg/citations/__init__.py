"""Stage 2, citations: footnote text -> structured references, quotations -> markers."""

from __future__ import annotations

import functools
from pathlib import Path
from typing import Any

from marxkg.citations.csl import to_csl
from marxkg.citations.editions import load_registry
from marxkg.citations.keys import reference_key
from marxkg.citations.link import link_citations
from marxkg.citations.notes import split_via
from marxkg.citations.parse import classic_author, parse_reference, split_items
from marxkg.citations.resolve import resolve_editions, resolve_ibid
from marxkg.citations.short_titles import expand_short_titles, full_titles
from marxkg.ingest.document import parse_text, read_source_file
from marxkg.ingest.script import converter, received_span, simplified_view
from marxkg.model import Author, Document, Issue, Reference, Uncertain

__all__ = [
    "CLASSIC_BOOK",
    "read_document",
    "document_from_text",
    "structure_document",
    "structure_citations",
    "parse_reference",
    "reference_key",
]


def structure_citations(doc: Document) -> None:
    """Parse every footnote and bibliography item, resolve 同上 and ambiguous editions,
    then link markers to quotations. Explanatory notes (kind ``note``) are not issues."""
    registry = load_registry()
    cited = full_titles(
        [n.text for n in doc.footnotes] + [e.raw for e in doc.bibliography], registry
    )
    for note in doc.footnotes:
        note.references = []
        where = f"footnote {note.n} ({note.label}, page block {note.group})"
        for item, via in split_via(split_items(note.text)):
            full, decision = expand_short_titles(item, cited, registry)
            ref = parse_reference(full)
            ref.raw = item.strip()
            if decision:
                doc.uncertain.append(
                    Uncertain("short-title", note.source_line, item[:40], decision)
                )
            ref.via = ref.via or via
            note.references.append(ref)
            if ref.kind == "other":
                doc.issues.append(
                    Issue("unparsed-reference", f"{where}: {note.text}", note.source_line)
                )
            elif (author := classic_author(ref)) is not None:
                doc.issues.append(
                    Issue(CLASSIC_BOOK, _classic_book(where, item, author), note.source_line)
                )
    parsed = []
    for entry in doc.bibliography:
        ref = parse_reference(entry.raw)
        if ref.kind == "other":
            doc.issues.append(Issue("unparsed-reference", f"参考文献: {entry.raw}"))
        elif (author := classic_author(ref)) is not None:
            doc.issues.append(Issue(CLASSIC_BOOK, _classic_book("参考文献", entry.raw, author)))
        parsed.append(ref)
    doc.bibliography = parsed
    resolve_ibid(doc)
    resolve_editions(doc)
    for ref in [r for n in doc.footnotes for r in n.references] + doc.bibliography:
        ref.key = reference_key(ref)
        ref.csl = to_csl(ref)
    link_citations(doc)


# a work of a classic author read as an ordinary book: its pages are traced to no edition
CLASSIC_BOOK = "classic-outside-registry"


def _classic_book(where: str, item: str, author: str) -> str:
    return (
        f"{where}: {item} — a work by {author} read as a book: no edition of the registry "
        "(ontology/editions.yaml) holds it, so its pages are not traced"
    )


def read_document(
    path: Path,
    doc_id: str | None = None,
    encoding: str | None = None,
    metadata: dict[str, Any] | None = None,
) -> Document:
    """Read and parse a source file (text or PDF), then structure its citations (ingest +
    this stage)."""
    doc = read_source_file(path, doc_id, encoding, metadata)
    structure_document(doc)
    return doc


def document_from_text(
    source: str, doc_id: str, metadata: dict[str, Any] | None = None
) -> Document:
    """Decoded source text -> `Document` with citations structured."""
    doc = parse_text(source, doc_id, metadata)
    structure_document(doc)
    return doc


def structure_document(doc: Document) -> None:
    """Structure the citations in the document's script, then list every unresolved issue
    among the uncertain decisions."""
    _structure_any_script(doc)
    for issue in doc.issues:
        doc.uncertain.append(
            Uncertain(issue.kind, issue.source_line, issue.message[:40], "reported as unresolved")
        )


def _structure_any_script(doc: Document) -> None:
    """Citations; a traditional-script document is parsed through its simplified form
    (OpenCC t2s, character for character), while every text, offset and reference string
    kept on the document stays as received."""
    if doc.script != "Hant":
        structure_citations(doc)
        return
    view = simplified_view(doc)
    if view is None:
        doc.uncertain.append(
            Uncertain(
                "script",
                None,
                "t2s changed the text length",
                "citations parsed on the traditional text as received",
            )
        )
        structure_citations(doc)
        return
    structure_citations(view)
    raws: list[tuple[Reference, str, str]] = []  # (reference, simplified raw, received raw)
    for note, vnote in zip(doc.footnotes, view.footnotes, strict=True):
        note.references = vnote.references
        for ref in note.references:
            raws.append((ref, ref.raw, received_span(note.text, vnote.text, ref.raw)))
    t2s = converter("t2s").convert
    received = {t2s(r.raw): r.raw for r in doc.bibliography}
    for ref in view.bibliography:
        raws.append((ref, ref.raw, received.get(ref.raw, ref.raw)))
    doc.bibliography = view.bibliography
    _print_as_received(raws, doc.language)
    for quote in view.quotations:
        quote.text = doc.text[quote.start : quote.end]
    doc.quotations, doc.citations = view.quotations, view.citations
    doc.issues = view.issues


def _print_as_received(raws: list[tuple[Reference, str, str]], language: str) -> None:
    """Put a traditional-script document's references back in its script: the raw string,
    and every field copied from the note (title, work, authors, translators, place,
    publisher, journal, printed pages) read at the same characters of the note as received
    (t2s maps character for character), also in a 同上 that repeats an earlier item.
    Registry names (the collection of a classic) stay as the registry writes them, and the
    reference's key stays the one its simplified form gives, so a work cited in both
    scripts is one resource of the graph."""
    found: dict[str, str] = {}
    for ref, simplified, as_received in raws:
        if len(simplified) != len(as_received):
            continue
        for value in _printed(ref):
            at = simplified.find(value)
            if at >= 0:
                found.setdefault(value, as_received[at : at + len(value)])
    back = functools.partial(_lookup, found)
    for ref, _simplified, as_received in raws:
        ref.raw = as_received
        ref.language = language if ref.language == "zh-Hans" else ref.language
        ref.title, ref.work, ref.place = back(ref.title), back(ref.work), back(ref.place)
        ref.publisher, ref.journal = back(ref.publisher), back(ref.journal)
        ref.pages_printed = back(ref.pages_printed)
        ref.translators = [found.get(t, t) for t in ref.translators]
        ref.authors = [Author(found.get(a.name, a.name), a.nationality) for a in ref.authors]
        ref.csl = to_csl(ref)


def _printed(ref: Reference) -> list[str]:
    values = [ref.title, ref.work, ref.place, ref.publisher, ref.journal, ref.pages_printed]
    values += ref.translators + [a.name for a in ref.authors]
    return [v for v in values if v]


def _lookup(found: dict[str, str], value: str | None) -> str | None:
    return found.get(value, value) if value else value
