"""``build/claims.html``: every quantitative claim of the corpus, grouped by the source that
supports it (one section per cited reference, in order of first appearance), unsourced
claims last and marked, each with its document. Reuses the citation index's document
selector, filter box, sortable columns and paging (``static/citations.js``; the claims'
own rows in ``static/claims.js``) and the shared page stack (base template, CSP,
escaping). Above `INLINE_ROWS` claims the rows are JSON in the page and the script builds
only the page of rows shown, as the citation index does (100 copies of the shipped paper,
8,100 claims written as HTML, took 2.6 s to open).
"""

from __future__ import annotations

from typing import Any

from marxkg.html.citations import (
    CHARACTERIZATIONS,
    PAGE_SIZE,
    describe,
    documents,
    lazy_rows,
)
from marxkg.html.site import Site
from marxkg.html.templating import (
    Page,
    anchor_id,
    inline_style,
    make_env,
    own_scripts,
    page_href,
    script_json,
    static_text,
)
from marxkg.model import Claim, Document

TEMPLATE = "claims.html"
#: above this many claims the rows are JSON in the page, built by the script a page at a time
INLINE_ROWS = 500
UNSOURCED = {"zh": "无来源", "en": "unsourced"}
RESOLUTIONS = {
    "same-sentence": {"zh": "同句脚注", "en": "marker in the same sentence"},
    "later-marker": {"zh": "段内后注", "en": "source named, marker later in the paragraph"},
    "unsourced": UNSOURCED,
}
UNIT_LABELS = {
    "percent": "%",
    "percentage-point": "个百分点 pp",
    "USD": "USD",
    "CNY": "CNY",
    "ratio": "倍 ×",
    "count": "",
}


def _value(c: Claim) -> str:
    value = c.value if c.value is not None else f"{c.value_min}–{c.value_max}"
    digits, _, frac = value.partition(".")
    if digits.isdigit() and len(digits) > 3:
        digits = f"{int(digits):,}"
    value = digits + (f".{frac}" if frac else "") if "–" not in value else value
    unit = UNIT_LABELS.get(c.unit, c.unit)
    return f"{value} {unit}".strip()


def _row(doc: Document, c: Claim, site: Site) -> dict[str, Any]:
    sent = doc.sentences[c.sentence]
    src = c.source
    return {
        "id": anchor_id("claim", doc.doc_id, c.n),
        "n": c.n,
        "order": c.start,
        "printed": c.printed,
        "qualifier": c.qualifier,
        "value": _value(c),
        "unit": c.unit,
        "measured": "：".join(x for x in (c.subject, c.indicator) if x),
        "place": c.place,
        "time": c.time,
        "sentence": doc.text[sent.start : sent.end],
        "sentence_en": site.english.get((doc.doc_id, c.sentence)),
        "sentence_href": page_href(doc.doc_id, "reader.html", fragment=f"s{c.sentence}"),
        "note": src.footnote,
        "note_label": src.label,
        "marker_href": page_href(doc.doc_id, "reader.html", fragment=f"m-{src.marker}")
        if src.marker is not None
        else None,
        "resolution": RESOLUTIONS.get(src.resolution, {"zh": src.resolution, "en": src.resolution}),
        "characterization": CHARACTERIZATIONS.get(src.characterization or "", None),
        "doc_id": doc.doc_id,
        "doc_title": doc.front.title or doc.doc_id,
        "doc_href": page_href(doc.doc_id, "reader.html"),
    }


def claims_of(doc: Document, site: Site) -> list[Claim]:
    """The document's claims layer (extracted here if the nlp stage has not attached it)."""
    if doc.claims:
        return doc.claims
    from marxkg.nlp.claims import extract_claims

    ann = site.annotations.get(doc.doc_id)
    return extract_claims(doc, ann.mentions if ann is not None else None)


def groups(site: Site) -> list[dict[str, Any]]:
    """One group per cited reference (first appearance order), then the unsourced claims."""
    by_ref: dict[str, dict[str, Any]] = {}
    unsourced: list[dict[str, Any]] = []
    for doc in site.docs:
        for c in claims_of(doc, site):
            row = _row(doc, c, site)
            key = c.source.reference
            if not key:
                unsourced.append(row)
                continue
            if key not in by_ref:
                note = doc.footnotes[(c.source.footnote or 1) - 1]
                ref = next((r for r in note.references if r.key == key), None)
                by_ref[key] = {
                    "id": anchor_id("src", key),
                    "title": describe(ref)
                    if ref is not None and ref.kind != "marx"
                    else (ref.raw if ref is not None else key),
                    "kind": c.source.kind,
                    "url": ref.url if ref is not None else None,
                    "unsourced": False,
                    "rows": [],
                }
            by_ref[key]["rows"].append(row)
    out = list(by_ref.values())
    if unsourced:
        out.append(
            {
                "id": "unsourced",
                "title": "无来源的数字 · Unsourced figures",
                "kind": None,
                "url": None,
                "unsourced": True,
                "rows": unsourced,
            }
        )
    return out


def row_json(row: dict[str, Any]) -> dict[str, Any]:
    """What static/claims.js needs to build one row (the same cells as the template)."""
    out: dict[str, Any] = {
        "id": row["id"],
        "n": row["n"],
        "order": row["order"],
        "printed": row["printed"],
        "value": row["value"],
        "measured": row["measured"],
        "sentence": row["sentence"],
        "sentenceHref": row["sentence_href"],
        "resolution": row["resolution"],
        "doc": row["doc_id"],
    }
    optional = {
        "qualifier": row["qualifier"],
        "place": row["place"],
        "time": row["time"],
        "sentenceEn": row["sentence_en"],
        "characterization": row["characterization"],
    }
    out.update({k: v for k, v in optional.items() if v})
    if row["marker_href"]:
        out.update(markerHref=row["marker_href"], noteLabel=row["note_label"])
        if row["note"] is not None:  # a marker whose note is not found shows no number
            out["note"] = row["note"]
    return out


def dumps_claims_page(site: Site) -> str:
    """The claims page (deterministic)."""
    page = Page(
        title="数据论断 · Quantitative claims — marxkg",
        body_class="citations claims",
        nav=site.nav("claims"),
        styles=[
            inline_style(static_text("citations.css")),
            inline_style(static_text("claims.css")),
        ],
        scripts=own_scripts("claims.js", "citations.js"),
    )
    grouped = groups(site)
    total = sum(len(g["rows"]) for g in grouped)
    unsourced = sum(len(g["rows"]) for g in grouped if g["unsourced"])
    lazy = total > INLINE_ROWS
    if lazy:
        page.data.append(
            ("mkg-claims", script_json(lazy_rows(grouped, lambda _g, row: row_json(row))))
        )
    return (
        make_env()
        .get_template(TEMPLATE)
        .render(
            page=page,
            groups=grouped,
            total=total,
            unsourced=unsourced,
            documents=documents(site),
            page_size=PAGE_SIZE,
            lazy=lazy,
        )
    )
