"""``build/<doc-id>/reader.html``: the paper with concept mentions highlighted, footnote
markers where they were printed, and the English translation beside each paragraph.

The text is cut into pieces (plain text, concept mentions, footnote markers) per sentence;
every piece is escaped by the template. Footnotes, their structured references and the
concepts are embedded as JSON for the side panel (``static/reader.js``). Without an
English translation the page shows the Chinese alone.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from marxkg.html.site import Site, passage_anchor
from marxkg.html.templating import (
    Page,
    inline_style,
    make_env,
    own_scripts,
    page_href,
    script_json,
    static_text,
)
from marxkg.model import Annotations, Document, Reference
from marxkg.vocab import cited_entities

TEMPLATE = "reader.html"
BLOCK_LABELS = {
    "abstract": {"zh": "摘要", "en": "Abstract"},
    "keywords": {"zh": "关键词", "en": "Keywords"},
}
REFERENCE_KINDS = {
    "marx": {"zh": "马克思恩格斯著作", "en": "Marx/Engels edition"},
    "book": {"zh": "著作", "en": "book"},
    "translated-book": {"zh": "译著", "en": "translated book"},
    "journal-article": {"zh": "期刊论文", "en": "journal article"},
    "report": {"zh": "报告", "en": "report"},
    "web-page": {"zh": "网页", "en": "web page"},
    "newspaper": {"zh": "报纸文章", "en": "newspaper article"},
}


# after a citation the text prints itself (author-year, a bracketed reference): a link to
# its entry
IN_TEXT_LINK = "↗"


@dataclass(frozen=True)
class Cut:
    """A marker to place in the text: at ``offset``, marker index ``index``."""

    offset: int
    index: int
    label: str
    note: int | None


def pieces(
    text: str, start: int, end: int, mentions: list[tuple[int, int, str, str]], markers: list[Cut]
) -> list[dict[str, Any]]:
    """``text[start:end]`` as plain-text, mention and marker pieces, in order.

    ``mentions`` are ``(start, end, slug, scheme)``; one overlapping an earlier mention is
    dropped. A marker stands before the text at its offset; one falling inside a mention
    is placed right after the mention."""
    out: list[dict[str, Any]] = []
    cuts = sorted(markers, key=lambda c: (c.offset, c.index))
    pos, k = start, 0

    def flush(until: int) -> None:
        nonlocal pos, k
        while k < len(cuts) and cuts[k].offset <= until:
            off = max(cuts[k].offset, pos)
            if off > pos:
                out.append({"kind": "text", "text": text[pos:off]})
                pos = off
            c = cuts[k]
            out.append({"kind": "marker", "text": c.label, "marker": c.index, "note": c.note})
            k += 1
        if until > pos:
            out.append({"kind": "text", "text": text[pos:until]})
            pos = until

    for m_start, m_end, slug, scheme in sorted(mentions):
        if m_start < pos or m_end > end:
            continue
        flush(m_start)
        out.append({"kind": "mention", "text": text[m_start:m_end], "slug": slug, "scheme": scheme})
        pos = m_end
    flush(end)
    return out


def marker_sentences(doc: Document) -> dict[int, int | None]:
    """Marker index -> the sentence it belongs to (the one it ends, or lies within)."""
    out: dict[int, int | None] = {}
    for k, m in enumerate(doc.markers):
        out[k] = next(
            (i for i, s in enumerate(doc.sentences) if s.start < m.offset <= s.end),
            next((i for i, s in enumerate(doc.sentences) if s.start <= m.offset < s.end), None),
        )
    return out


def _english_mentions(site: Site, doc: Document, i: int) -> list[tuple[int, int, str, str]]:
    out = []
    for start, end, concept in site.english_mentions.get((doc.doc_id, i), []):
        slug = site.slug_of.get(concept)
        if slug:
            out.append((start, end, slug, site.concepts[slug]["scheme"]))
    return out


def rows(doc: Document, ann: Annotations | None, site: Site) -> list[dict[str, Any]]:
    """One row per block: its sentences as pieces, with their English where present."""
    by_sentence: dict[int, list[tuple[int, int, str, str]]] = {}
    for m in ann.mentions if ann else []:
        slug = site.slug_of.get(m.concept)
        if slug:
            scheme = site.concepts[slug]["scheme"]
            by_sentence.setdefault(m.sentence, []).append((m.start, m.end, slug, scheme))
    owner = marker_sentences(doc)
    cuts: dict[int | None, list[Cut]] = {}
    for k, marker in enumerate(doc.markers):
        label = marker.label if marker.cue is None else IN_TEXT_LINK
        cuts.setdefault(owner[k], []).append(Cut(marker.offset, k, label, marker.note))
    loose = cuts.get(None, [])
    sections = {s.id: s for s in doc.sections}
    out = []
    for bi, block in enumerate(doc.blocks):
        sents = sorted(
            (i for i, s in enumerate(doc.sentences) if s.block == bi),
            key=lambda i: doc.sentences[i].start,
        )
        segments: list[dict[str, Any]] = []
        pos = block.start
        for i in sents:
            s = doc.sentences[i]
            if s.start > pos:
                segments.append(
                    {
                        "sentence": None,
                        "en": None,
                        "pieces": pieces(
                            doc.text,
                            pos,
                            s.start,
                            [],
                            [c for c in loose if pos <= c.offset < s.start],
                        ),
                    }
                )
            en = site.english.get((doc.doc_id, i))
            segments.append(
                {
                    "sentence": i,
                    "pieces": pieces(
                        doc.text,
                        s.start,
                        s.end,
                        by_sentence.get(i, []),
                        cuts.get(i, []) + [c for c in loose if c.offset == s.start],
                    ),
                    "en": en,
                    "en_pieces": pieces(en, 0, len(en), _english_mentions(site, doc, i), [])
                    if en
                    else [],
                }
            )
            pos = s.end
        tail = [c for c in loose if pos <= c.offset <= block.end]
        if block.end > pos or tail:
            segments.append(
                {"sentence": None, "en": None, "pieces": pieces(doc.text, pos, block.end, [], tail)}
            )
        level = (
            sections[block.section].level
            if block.kind == "heading" and block.section in sections
            else 1
        )
        out.append(
            {
                "index": bi,
                "kind": block.kind,
                "level": level,
                "segments": segments,
                "label": BLOCK_LABELS.get(block.kind),
                "has_en": any(seg.get("en") for seg in segments),
            }
        )
    return out


def toc(doc: Document, page_rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The table of contents: abstract, every heading (with its level), the notes."""
    out: list[dict[str, Any]] = []
    for row in page_rows:
        if row["kind"] == "heading":
            text = "".join(
                p["text"] for seg in row["segments"] for p in seg["pieces"] if p["kind"] != "marker"
            ).strip()
            en = " ".join(seg["en"] for seg in row["segments"] if seg.get("en")).strip()
            out.append({"id": f"b{row['index']}", "level": row["level"], "zh": text, "en": en})
        elif row["kind"] == "abstract":
            out.append({"id": f"b{row['index']}", "level": 1, **BLOCK_LABELS["abstract"]})
    if doc.footnotes:
        out.append({"id": "notes", "level": 1, "zh": "注释", "en": "Notes"})
    return out


def reference_json(ref: Reference, site: Site) -> dict[str, Any]:
    out: dict[str, Any] = {
        "kind": ref.kind,
        "kindLabel": REFERENCE_KINDS.get(ref.kind, {"zh": ref.kind, "en": ref.kind}),
        "authors": [(f"[{a.nationality}]" if a.nationality else "") + a.name for a in ref.authors],
        "see": ref.see,
    }
    for key in (
        "title",
        "place",
        "publisher",
        "year",
        "date",
        "journal",
        "issue",
        "url",
        "collection",
        "volume",
    ):
        value = getattr(ref, key)
        if value:
            out[key] = value
    if ref.translators:
        out["translators"] = list(ref.translators)
    if ref.pages_printed:
        out["pages"] = ref.pages_printed
    if ref.kind == "marx":
        out["passages"] = []
        for iri in cited_entities(ref, site.iris, None):
            p = site.passage(iri)
            if p is not None:
                out["passages"].append(
                    {
                        **p.to_json(),
                        "href": page_href(
                            "..", "citations.html", fragment=passage_anchor(str(iri))
                        ),
                    }
                )
    return out


def notes_json(doc: Document, site: Site) -> dict[str, Any]:
    quotes: dict[int, list[str]] = {}
    for c in doc.citations:
        if c.quotation is not None:
            q = doc.quotations[c.quotation].text
            if q not in quotes.setdefault(c.footnote, []):
                quotes[c.footnote].append(q)
    return {
        str(note.n): {
            "n": note.n,
            "label": note.label,
            "group": note.group,
            "text": note.text,
            "en": site.footnote_english.get((doc.doc_id, note.n)),
            "markers": list(note.markers),
            "quotations": quotes.get(note.n, []),
            "refs": [reference_json(r, site) for r in note.references],
        }
        for note in doc.footnotes
    }


def concepts_json(doc: Document, ann: Annotations | None, site: Site) -> dict[str, Any]:
    counts: dict[str, int] = {}
    for m in ann.mentions if ann else []:
        slug = site.slug_of.get(m.concept)
        if slug:
            counts[slug] = counts.get(slug, 0) + 1
    english = {
        site.slug_of[m[2]] for m in site.english_mentions_of(doc.doc_id) if m[2] in site.slug_of
    }
    out = {}
    for slug in sorted(set(counts) | english):
        c = site.concepts[slug]
        out[slug] = {k: c[k] for k in ("slug", "scheme", "labels", "definition", "dimensions")}
        out[slug]["inDocument"] = counts.get(slug, 0)
        out[slug]["href"] = page_href("..", "concept-map.html", fragment=slug)
    return out


def byline(doc: Document) -> dict[str, Any]:
    meta = doc.metadata or {}
    author = meta.get("author") or {}
    funding = meta.get("funding") or {}
    return {
        "title_en": meta.get("title_en") or (meta.get("title") or {}).get("en"),
        "author": doc.front.author,
        "author_latin": author.get("name_latin"),
        "affiliation": doc.front.affiliation,
        "affiliation_en": author.get("affiliation_en"),
        "funding": doc.front.funding_note,
        "funding_en": funding.get("programme_en"),
    }


def dumps_reader(doc: Document, ann: Annotations | None, site: Site) -> str:
    """The reader page of one document (deterministic)."""
    page_rows = rows(doc, ann, site)
    has_english = any(r["has_en"] for r in page_rows)
    page = Page(
        title=f"{doc.front.title or doc.doc_id} — marxkg",
        body_class="reader" + ("" if has_english else " zh-only"),
        nav=site.nav(f"reader:{doc.doc_id}", up=True),
        styles=[inline_style(static_text("reader.css"))],
        scripts=own_scripts("reader.js"),
        data=[
            (
                "mkg-data",
                script_json(
                    {
                        "docId": doc.doc_id,
                        "schemes": site.schemes,
                        "dimensions": site.dimensions,
                        "concepts": concepts_json(doc, ann, site),
                        "notes": notes_json(doc, site),
                        # [begin, end) of each sentence: a link to #char=B,E (a sentence's
                        # IRI fragment, as the query page makes) finds its sentence
                        "sentences": [[x.start, x.end] for x in doc.sentences],
                    }
                ),
            )
        ],
    )
    notes = [
        {
            "n": n.n,
            "label": n.label,
            "group": n.group,
            "text": n.text,
            "en": site.footnote_english.get((doc.doc_id, n.n)),
            "back": [f"m-{k}" for k in n.markers],
        }
        for n in doc.footnotes
    ]
    return (
        make_env()
        .get_template(TEMPLATE)
        .render(
            page=page,
            rows=page_rows,
            has_english=has_english,
            byline=byline(doc),
            notes=notes,
            toc=toc(doc, page_rows),
            schemes=site.schemes,
            doc_id=doc.doc_id,
            page_lang=doc.language,
        )
    )
