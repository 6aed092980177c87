"""A citation trace (`marxkg.query.trace`) rendered as JSON or as the text of
``marxkg trace``; `TRACE_FORMATS` is the registry the CLI's ``--format`` choices come from."""

from __future__ import annotations

import json
from dataclasses import asdict

from marxkg.query.results import QueryError
from marxkg.query.trace import Citing, ConceptTrace, Identification, PageTrace, PassageTrace


def to_dict(trace: PageTrace | ConceptTrace) -> dict:
    data = asdict(trace)
    data["found"] = trace.found
    return data


def dumps_json(trace: PageTrace | ConceptTrace) -> str:
    return json.dumps(to_dict(trace), ensure_ascii=False, indent=1) + "\n"


def _ident_line(ident: Identification | None) -> str:
    if ident is None or not (ident.work or ident.location_zh or ident.location_en):
        return "work: not identified"
    work = " / ".join(x for x in (ident.work_zh, ident.work_en) if x) or ident.work
    loc = ident.location_en or ident.location_zh or ""
    conf = f" [{ident.confidence}]" if ident.confidence else ""
    return (
        f"work: {work}{conf}"
        + (f"\n    location: {loc}" if loc else "")
        + (f"\n    位置: {ident.location_zh}" if ident.location_zh and ident.location_en else "")
    )


def _citing_lines(c: Citing) -> list[str]:
    fn = c.footnote
    where = f"§{c.section}, " if c.section else ""
    head = (
        f"  - footnote {fn.label} of page block {fn.group} (note {fn.number}; {where}"
        f"char {c.begin}; {c.characterization or 'citation'})"
    )
    lines = [head]
    if c.doc_id:
        lines.append(f"    document: {c.doc_id}" + (f" 《{c.doc_title}》" if c.doc_title else ""))
    if fn.text_zh:
        lines.append(f"    note: {fn.text_zh}")
    if fn.text_en:
        lines.append(f"    note (English): {fn.text_en}")
    if c.quotation:
        lines.append(f"    quotation: “{c.quotation}”")
    lines.append(f"    sentence: {c.zh}")
    if c.en:
        lines.append(f"    English: {c.en}")
    if c.concepts:
        lines.append(
            "    concepts: " + ", ".join(f"{k.zh or k.slug} ({k.slug})" for k in c.concepts)
        )
    return lines


def _passage_lines(pt: PassageTrace) -> list[str]:
    p = pt.passage
    head = p.label or p.iri
    via = f"  (via {', '.join(pt.via)})" if pt.via else ""
    lines = [f"{head}{via}", f"    {_ident_line(p.identification)}"]
    for c in pt.citations:
        lines.extend(_citing_lines(c))
    return lines


def _scope(trace: PageTrace | ConceptTrace) -> str:
    return f"document(s) {', '.join(trace.docs)}" if trace.docs else "the corpus"


def dumps_text(trace: PageTrace | ConceptTrace) -> str:
    """A readable report of a trace."""
    lines: list[str] = []
    if isinstance(trace, PageTrace):
        if not trace.found:
            cited = ", ".join(trace.cited_pages_of_volume)
            lines.append(f"no citation of {trace.label} ({trace.ref}) in {_scope(trace)}")
            lines.append(
                f"pages of this volume that the corpus cites: {cited}"
                if cited
                else "the corpus cites no page of this volume"
            )
            return "\n".join(lines) + "\n"
        n = sum(len(p.citations) for p in trace.passages)
        lines.append(
            f"{trace.label} ({trace.ref}): {n} citation(s)"
            + (f" in {_scope(trace)}" if trace.docs else "")
        )
    else:
        c = trace.concept
        lines.append(
            f"{c.zh or ''} / {c.en or ''} ({c.slug}): {len(trace.passages)} Marx page(s) cited"
            + (f" in {_scope(trace)}" if trace.docs else "")
        )
        if not trace.found:
            lines.append(f"no Marx page is cited for this concept in {_scope(trace)}")
            return "\n".join(lines) + "\n"
    for pt in trace.passages:
        lines.append("")
        lines.extend(_passage_lines(pt))
    return "\n".join(lines) + "\n"


TRACE_FORMATS = {"table": dumps_text, "json": dumps_json}


def dumps_trace(trace: PageTrace | ConceptTrace, fmt: str = "table") -> str:
    if fmt not in TRACE_FORMATS:
        raise QueryError(f"unknown format {fmt!r}: choose one of {', '.join(TRACE_FORMATS)}")
    return TRACE_FORMATS[fmt](trace)
