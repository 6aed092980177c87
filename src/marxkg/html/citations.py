"""``build/citations.html``: every citation of the corpus, Marx first (grouped by collection
and volume, sorted by page), then the other references; each with its quotation, citing
sentence, the concepts in that sentence and the identification of the cited work
(``mkg:identifiedLocation`` and its confidence), the reference rendered in GB/T 7714-2015
(Chicago for English/German editions) with a copy button, and the citing document. A
document selector, a filter box, sortable columns and paging of long tables are our own
small script (``static/citations.js``). Above `INLINE_ROWS` citations the rows are JSON in
the page and the script builds only the page of rows shown (a virtualised table). Every
document's references can be downloaded as CSV / CSL-JSON / BibTeX / RIS
(``<doc-id>/references.*``, written by export/references.py).
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from typing import Any

from marxkg import paths
from marxkg.export.references import rendered
from marxkg.html.graphdata import page_sort_key
from marxkg.html.site import Site, passage_anchor
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
from marxkg.model import Citation, Document, Reference
from marxkg.vocab import cited_entities

TEMPLATE = "citations.html"
CHARACTERIZATIONS = {
    "includesQuotationFrom": {"zh": "引用原文", "en": "quotes"},
    "citesAsAuthority": {"zh": "依据", "en": "cites as authority"},
    "citesAsDataSource": {"zh": "数据来源", "en": "cites as data source"},
}
OTHER_GROUP = {"zh": "其他文献", "en": "Other references"}


def describe(ref: Reference) -> str:
    """A short printed form of a non-Marx reference: authors：《title》, publisher, year."""
    authors = "、".join(
        (f"[{a.nationality}]" if a.nationality else "") + a.name for a in ref.authors
    )
    title = f"《{ref.title}》" if ref.title else ""
    rest = "，".join(
        x
        for x in (
            ref.journal and f"《{ref.journal}》",
            ref.issue,
            ref.place,
            ref.publisher,
            ref.date or ref.year,
        )
        if x
    )
    head = "：".join(x for x in (authors, title) if x)
    return "，".join(x for x in (head, rest) if x) or ref.raw


def _pages(ref: Reference, c: Citation) -> str:
    if c.page is not None and c.page < len(ref.pages):
        return ref.pages[c.page].label
    return "、".join(p.label for p in ref.pages)


DOWNLOADS = [("csv", "CSV"), ("json", "CSL-JSON"), ("bib", "BibTeX"), ("ris", "RIS")]
PAGE_SIZE = 100  # rows per page of a long table (static/citations.js)
# above this many citations the rows are not written as HTML but as JSON in the page, and
# the script builds only the rows of the page shown (4,000 rows of HTML took 5–6 s to open)
INLINE_ROWS = 500


def documents(site: Site) -> list[dict[str, Any]]:
    """The document selector and the download links of every document."""
    return [
        {
            "id": d.doc_id,
            "title": d.front.title or d.doc_id,
            "id_attr": anchor_id("doc", d.doc_id),
            "downloads": [
                {"label": label, "href": page_href(d.doc_id, paths.DOC_FILES[f"references_{fmt}"])}
                for fmt, label in DOWNLOADS
            ],
        }
        for d in site.docs
    ]


def _rendered(
    ref: Reference, cache: dict[bytes, tuple[str, str]], doc_id: str = ""
) -> tuple[str, str]:
    """`rendered`, remembered by the reference's content (its every field: the same
    reference in another citation or another document is rendered once; citeproc takes
    ~10 ms a reference). A reference that renders to nothing is remembered for its
    document only, so that a failure is logged once for every document citing it."""
    key = hashlib.sha1(repr(ref).encode("utf-8")).digest()
    for k in (key, key + doc_id.encode("utf-8")):
        if k in cache:
            return cache[k]
    text, style = rendered(ref)
    cache[key if text else key + doc_id.encode("utf-8")] = (text, style)
    return text, style


def _row(
    doc: Document,
    c: Citation,
    k: int,
    site: Site,
    cache: dict[bytes, tuple[str, str]] | None = None,
) -> dict[str, Any]:
    note = doc.footnotes[c.footnote - 1]
    ref = note.references[c.reference]
    sent = doc.sentences[c.sentence]
    pages = _pages(ref, c)
    concepts = []
    for slug in site.sentence_concepts.get((doc.doc_id, c.sentence), []):
        info = site.concepts[slug]
        concepts.append(
            {
                "slug": slug,
                "zh": info["labels"]["zh"],
                "en": info["labels"]["en"],
                "scheme": info["scheme"],
                "href": page_href("concept-map.html", fragment=slug),
            }
        )
    text, style = _rendered(ref, cache if cache is not None else {}, doc.doc_id)
    passages = []
    if ref.kind == "marx":
        for iri in cited_entities(ref, site.iris, c.page):
            p = site.passage(iri)
            if p is not None:
                passages.append(p)
    return {
        "id": anchor_id("c", doc.doc_id, c.footnote, k),
        "doc_id": doc.doc_id,
        "note": c.footnote,
        "note_label": note.label,
        "marker_href": page_href(doc.doc_id, "reader.html", fragment=f"m-{c.marker}"),
        "sentence": doc.text[sent.start : sent.end],
        "sentence_en": site.english.get((doc.doc_id, c.sentence)),
        "sentence_href": page_href(doc.doc_id, "reader.html", fragment=f"s{c.sentence}"),
        "quotation": doc.quotations[c.quotation].text if c.quotation is not None else None,
        "characterization": CHARACTERIZATIONS.get(
            c.characterization, {"zh": c.characterization, "en": c.characterization}
        ),
        "concepts": concepts,
        "pages": pages,
        "page_key": page_sort_key(pages)[0] if pages else 10**9,
        "passages": passages,
        "reference": describe(ref) if ref.kind != "marx" else None,
        "url": ref.url,
        "kind": ref.kind,
        "anchors": [],
        "rendered": text,
        "style": style,
        "doc_title": doc.front.title or doc.doc_id,
        "doc_href": page_href(doc.doc_id, "reader.html"),
    }


def _titled(title: dict[str, str], ref: Reference, edition: str) -> dict[str, str]:
    """A collection's title with a Chinese form for the headings: an English edition
    (Penguin, MECW) titled in English only is headed by its English title."""
    return {"zh": title.get("zh") or title.get("en") or ref.collection or edition, **title}


def groups(site: Site) -> list[dict[str, Any]]:
    """Marx groups (collection, then volume), then the other references."""
    marx: dict[tuple[str, str], dict[str, Any]] = {}
    collections: list[str] = []
    other: list[dict[str, Any]] = []
    order = 0
    cache: dict[bytes, tuple[str, str]] = {}
    for doc in site.docs:
        counters: dict[int, int] = {}
        for c in doc.citations:
            k = counters[c.footnote] = counters.get(c.footnote, 0) + 1
            ref = doc.footnotes[c.footnote - 1].references[c.reference]
            row = _row(doc, c, k, site, cache)
            row["order"] = order
            order += 1
            if ref.kind != "marx":
                row["sort"] = (ref.title or ref.raw, row["page_key"], row["order"])
                other.append(row)
                continue
            edition = ref.edition or "+".join(ref.edition_candidates) or "unknown"
            if edition not in collections:
                collections.append(edition)
            volume = f"{ref.volume}.{ref.part}" if ref.part else (ref.volume or "")
            key = (edition, volume)
            if key not in marx:
                first = row["passages"][0] if row["passages"] else None
                marx[key] = {
                    "id": anchor_id("vol", edition, volume),
                    "collection": _titled(first.collection_title if first else {}, ref, edition),
                    "volume": (ref.volume or "")
                    + (f"（{ref.part_printed}）" if ref.part_printed else ""),
                    "works": first.volume_works if first else [],
                    "rows": [],
                }
            row["sort"] = (row["page_key"], row["pages"], row["order"])
            marx[key]["rows"].append(row)
    out = []
    for key in sorted(marx, key=lambda k: (collections.index(k[0]), page_sort_key(k[1]))):
        g = marx[key]
        g["rows"].sort(key=lambda r: r["sort"])
        out.append({**g, "marx": True})
    if other:
        out.append(
            {
                "id": "other",
                "collection": OTHER_GROUP,
                "volume": None,
                "works": [],
                "rows": sorted(other, key=lambda r: r["sort"]),
                "marx": False,
            }
        )
    seen: set[str] = set()
    for g in out:
        for row in g["rows"]:
            for p in row["passages"]:
                anchor = passage_anchor(p.iri)
                if anchor not in seen:
                    seen.add(anchor)
                    row["anchors"].append(anchor)
    return out


def row_json(row: dict[str, Any], marx: bool) -> dict[str, Any]:
    """What static/citations.js needs to build one row (the same cells as the template)."""
    out: dict[str, Any] = {
        "id": row["id"],
        "anchors": row["anchors"],
        "pages": row["pages"],
        "pageKey": row["page_key"],
        "order": row["order"],
        "doc": row["doc_id"],
        "sentence": row["sentence"],
        "sentenceHref": row["sentence_href"],
        "note": row["note"],
        "noteLabel": row["note_label"],
        "markerHref": row["marker_href"],
        "concepts": [{k: c[k] for k in ("zh", "en", "scheme", "href")} for c in row["concepts"]],
    }
    if marx:
        out["passages"] = [
            {"work": p.work, "confidence": p.confidence, "location": p.location}
            for p in row["passages"]
        ]
    else:
        out["reference"] = row["reference"]
        if row["url"]:
            out["url"] = row["url"]
    if row["sentence_en"]:
        out["sentenceEn"] = row["sentence_en"]
    if row["quotation"]:
        out["quotation"] = row["quotation"]
    else:
        out["characterization"] = row["characterization"]
    if row["rendered"]:
        out["rendered"], out["style"] = row["rendered"], row["style"]
    return out


def lazy_rows(
    grouped: list[dict[str, Any]],
    to_json: Callable[[dict[str, Any], dict[str, Any]], dict[str, Any]] | None = None,
) -> dict[str, Any]:
    """Group id -> its rows as JSON (``to_json(group, row)``; a citation's `row_json` by
    default), and doc id -> [title, reader link]: what a page's script builds rows from."""
    docs: dict[str, list[str]] = {}
    rows: dict[str, list[dict[str, Any]]] = {}
    for g in grouped:
        rows[g["id"]] = [
            to_json(g, r) if to_json is not None else row_json(r, g["marx"]) for r in g["rows"]
        ]
        for r in g["rows"]:
            docs.setdefault(r["doc_id"], [r["doc_title"], r["doc_href"]])
    return {"groups": rows, "docs": docs}


def dumps_citations(site: Site) -> str:
    """The citation index page (deterministic)."""
    page = Page(
        title="引文索引 · Citation index — marxkg",
        body_class="citations",
        nav=site.nav("citations"),
        styles=[inline_style(static_text("citations.css"))],
        scripts=own_scripts("citations.js"),
    )
    grouped = groups(site)
    total = sum(len(g["rows"]) for g in grouped)
    lazy = total > INLINE_ROWS
    if lazy:
        page.data.append(("mkg-citations", script_json(lazy_rows(grouped))))
    return (
        make_env()
        .get_template(TEMPLATE)
        .render(
            page=page,
            groups=grouped,
            total=total,
            documents=documents(site),
            page_size=PAGE_SIZE,
            lazy=lazy,
        )
    )
