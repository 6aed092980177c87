"""``build/<doc-id>/references.{csv,json,bib,ris}``: every cited item of one document.

One row/entry per cited item of every footnote (in note order; explanatory notes left
out) and per 参考文献 entry. Pure ``dumps_*`` functions returning str; the build writes them
through the exporter registry (`marxkg.export.DOC_EXPORTERS`).

- CSV: the structured record plus its GB/T 7714-2015 note rendering (Chicago for
  English/German editions) and the printed text.
- JSON: CSL-JSON (an array of items; ``custom`` holds the edition id, part, family, …).
- BibTeX and RIS: the usual fields of reference managers; the printed text goes to
  ``note`` / ``N1``.
"""

from __future__ import annotations

import csv
import io
import json
import logging
import re
from collections.abc import Iterator
from typing import Any

from marxkg.citations.csl import to_csl
from marxkg.citations.fold import pages_label
from marxkg.model import Document, Reference

log = logging.getLogger(__name__)

CSV_FIELDS = [
    "doc_id",
    "id",
    "footnote",
    "label",
    "item",
    "kind",
    "edition",
    "volume",
    "part",
    "pages",
    "year",
    "publisher",
    "place",
    "title",
    "collection",
    "authors",
    "edition_candidates",
    "repeats",
    "rendered",
    "style",
    "raw",
]
BIB_TYPES = {
    "marx": "book",
    "book": "book",
    "translated-book": "book",
    "journal-article": "article",
    "newspaper": "article",
    "report": "techreport",
    "web-page": "misc",
}
RIS_TYPES = {
    "marx": "BOOK",
    "book": "BOOK",
    "translated-book": "BOOK",
    "journal-article": "JOUR",
    "newspaper": "NEWS",
    "report": "RPRT",
    "web-page": "ELEC",
}


def cited_items(doc: Document) -> Iterator[tuple[str, int | None, str, int, Reference]]:
    """(id, footnote number, label, item index, reference) for every cited item."""
    for note in doc.footnotes:
        for i, ref in enumerate(note.references):
            if ref.kind != "note":
                yield f"{doc.doc_id}-n{note.n}-{i + 1}", note.n, note.label, i, ref
    for i, ref in enumerate(doc.bibliography):
        yield f"{doc.doc_id}-ref{i + 1}", None, "参考文献", i, ref


def rendered(ref: Reference) -> tuple[str, str]:
    """(text, style) in the first style meant for the reference, ("", "") if none applies."""
    from marxkg.export.render import render, styles_for

    if ref.kind in ("other", "ibid"):
        return "", ""
    for style in styles_for(ref)[:1]:
        try:
            return render(ref, style), style
        except (ValueError, KeyError, TypeError, AttributeError, IndexError) as exc:
            # citeproc-py may fail on an unusual record: keep the row, log the reason
            log.warning("cannot render %s in %s: %s", ref.raw, style, exc)
    return "", ""


def _csl(ref: Reference, item_id: str) -> dict[str, Any]:
    item = dict(ref.csl or to_csl(ref))
    item["id"] = item_id
    return item


def dumps_references_csv(doc: Document) -> str:
    buf = io.StringIO()
    w = csv.DictWriter(buf, fieldnames=CSV_FIELDS, lineterminator="\n")
    w.writeheader()
    for item_id, n, label, i, ref in cited_items(doc):
        text, style = rendered(ref)
        w.writerow(
            {
                "doc_id": doc.doc_id,
                "id": item_id,
                "footnote": n if n is not None else "",
                "label": label,
                "item": i + 1,
                "kind": ref.kind,
                "edition": ref.edition or "",
                "volume": ref.volume or "",
                "part": ref.part or "",
                "pages": pages_label(ref.pages),
                "year": ref.year or "",
                "publisher": ref.publisher or "",
                "place": ref.place or "",
                "title": ref.title or "",
                "collection": ref.collection or "",
                "authors": "、".join(a.name for a in ref.authors),
                "edition_candidates": " ".join(ref.edition_candidates),
                "repeats": ".".join(str(x) for x in ref.repeats) if ref.repeats else "",
                "rendered": text,
                "style": style,
                "raw": ref.raw,
            }
        )
    return buf.getvalue()


def dumps_references_json(doc: Document) -> str:
    """CSL-JSON: one item per cited item."""
    items = [_csl(ref, item_id) for item_id, _n, _l, _i, ref in cited_items(doc)]
    return json.dumps(items, ensure_ascii=False, indent=1) + "\n"


def _bib(value: str) -> str:
    value = value.replace("\\", "/").replace("{", "(").replace("}", ")")
    return re.sub(r"([&%$#_])", r"\\\1", value)


def dumps_references_bib(doc: Document) -> str:
    out = []
    for item_id, _n, _l, _i, ref in cited_items(doc):
        fields: list[tuple[str, str]] = []
        if ref.authors:
            fields.append(("author", " and ".join(a.name for a in ref.authors)))
        if ref.title:
            fields.append(("title", ref.title))
        if ref.kind == "marx" and ref.work and ref.collection:
            fields.append(("booktitle", ref.collection))
        if ref.journal:
            fields.append(("journal", ref.journal))
        for name, value in (
            ("volume", ref.volume),
            ("number", ref.issue),
            ("pages", pages_label(ref.pages).replace("-", "--")),
            ("year", ref.year),
            ("publisher", ref.publisher),
            ("address", ref.place),
            ("url", ref.url),
        ):
            if value:
                fields.append((name, value))
        if ref.edition:
            fields.append(("edition", ref.edition))
        fields.append(("note", ref.raw))
        body = ",\n".join(f"  {k} = {{{_bib(v)}}}" for k, v in fields)
        out.append(f"@{BIB_TYPES.get(ref.kind, 'misc')}{{{item_id},\n{body}\n}}\n")
    return "\n".join(out)


def dumps_references_ris(doc: Document) -> str:
    out = []
    for _item_id, _n, _l, _i, ref in cited_items(doc):
        lines = [f"TY  - {RIS_TYPES.get(ref.kind, 'GEN')}"]
        lines += [f"AU  - {a.name}" for a in ref.authors]
        if ref.title:
            lines.append(f"TI  - {ref.title}")
        container = ref.journal or (ref.collection if ref.work else None)
        if container:
            lines.append(f"T2  - {container}")
        if ref.volume:
            lines.append(f"VL  - {ref.volume}" + (f".{ref.part}" if ref.part else ""))
        if ref.issue:
            lines.append(f"IS  - {ref.issue}")
        if len(ref.pages) == 1:
            lines.append(f"SP  - {ref.pages[0].start}")
            lines.append(f"EP  - {ref.pages[0].end}")
        elif ref.pages:  # a list of pages: RIS has one range, so the list goes to SP
            lines.append(f"SP  - {pages_label(ref.pages)}")
        for tag, value in (
            ("PY", ref.year),
            ("PB", ref.publisher),
            ("CY", ref.place),
            ("UR", ref.url),
            ("ET", ref.edition),
        ):
            if value:
                lines.append(f"{tag}  - {value}")
        lines.append(f"N1  - {' '.join(ref.raw.split())}")
        lines.append("ER  - ")
        out.append("\n".join(lines) + "\n")
    return "\n".join(out)


FORMATS = {
    "csv": dumps_references_csv,
    "json": dumps_references_json,
    "bib": dumps_references_bib,
    "ris": dumps_references_ris,
}
