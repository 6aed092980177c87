"""``build/index.html``: the corpus at a glance, the front door of the site.

The documents with their counts, links to every page and every data file of the build, the
three concept schemes, the most cited Marx pages and how to query the graph. A static page
(no script): it works opened from disk and served by ``marxkg serve``.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

from marxkg import paths
from marxkg.html.site import Site, passage_anchor
from marxkg.html.templating import Page, inline_style, make_env, page_href, static_text
from marxkg.vocab import cited_entities

TEMPLATE = "index.html"
TOP_PASSAGES = 10  # most cited Marx pages shown

# build file key -> (zh, en) description, in the order shown
CORPUS_FILES = {
    "graph": ("知识图谱（Turtle）", "the knowledge graph (Turtle)"),
    "graph_jsonld": ("知识图谱（JSON-LD）", "the knowledge graph (JSON-LD)"),
    "report": ("质量报告：计数、未解决项", "QA report: counts and unresolved items"),
}
DOC_FILES = {
    "document": ("解析后的文献（JSON）", "the parsed document (JSON)"),
    "tei": ("TEI P5", "TEI P5 XML"),
    "conllu": ("CoNLL-U 词语层", "CoNLL-U tokens"),
    "annotations": ("W3C Web Annotation（概念提及）", "W3C Web Annotation (concept mentions)"),
    "tokens_ttl": ("词语层（Turtle）", "token layer (Turtle)"),
}


def document_rows(site: Site) -> list[dict[str, Any]]:
    out = []
    for doc in site.docs:
        meta = doc.metadata or {}
        ann = site.annotations.get(doc.doc_id)
        marx = sum(
            1
            for c in doc.citations
            if doc.footnotes[c.footnote - 1].references[c.reference].kind == "marx"
        )
        english = sum(1 for i in range(len(doc.sentences)) if (doc.doc_id, i) in site.english)
        out.append(
            {
                "id": doc.doc_id,
                "title": doc.front.title or doc.doc_id,
                "title_en": meta.get("title_en") or (meta.get("title") or {}).get("en") or "",
                "author": doc.front.author or "",
                "reader": page_href(doc.doc_id, paths.DOC_FILES["reader"]),
                "counts": {
                    "sections": len(doc.sections),
                    "paragraphs": len(doc.paragraphs),
                    "sentences": len(doc.sentences),
                    "footnotes": len(doc.footnotes),
                    "citations": len(doc.citations),
                    "marx": marx,
                    "tokens": len(ann.tokens) if ann else 0,
                    "mentions": len(ann.mentions) if ann else 0,
                    "concepts": len({m.concept for m in ann.mentions}) if ann else 0,
                    "english": english,
                },
                "files": [
                    {
                        "name": paths.DOC_FILES[k],
                        "zh": zh,
                        "en": en,
                        "href": page_href(doc.doc_id, paths.DOC_FILES[k]),
                    }
                    for k, (zh, en) in DOC_FILES.items()
                ],
            }
        )
    return out


def top_passages(site: Site, n: int = TOP_PASSAGES) -> list[dict[str, Any]]:
    """The most cited Marx pages (citations over the corpus), ties in edition order."""
    counts: Counter[str] = Counter()
    for doc in site.docs:
        for c in doc.citations:
            ref = doc.footnotes[c.footnote - 1].references[c.reference]
            if ref.kind != "marx":
                continue
            for entity in cited_entities(ref, site.iris, c.page):
                if str(entity) in site.passages:
                    counts[str(entity)] += 1
    ranked = sorted(counts, key=lambda p: (-counts[p], site.passages[p].sort_key()))
    out = []
    for p in ranked[:n]:
        passage = site.passages[p]
        label, work = passage.label or {}, passage.work or {}
        out.append(
            {
                "label": {"zh": label.get("zh"), "en": label.get("en")},
                "work": {"zh": work.get("zh"), "en": work.get("en")},
                "count": counts[p],
                "confidence": passage.confidence or "",
                "href": page_href("citations.html", fragment=passage_anchor(p)),
            }
        )
    return out


def schemes(site: Site) -> list[dict[str, Any]]:
    out = []
    for key, s in site.schemes.items():
        members = [c for c in site.concepts.values() if c["scheme"] == key]
        top = sorted(members, key=lambda c: (-c["mentions"], c["slug"]))[:5]
        out.append(
            {
                "key": key,
                **s,
                "concepts": len(members),
                "mentions": sum(c["mentions"] for c in members),
                "href": page_href("ontology.html", fragment=f"scheme-{key}"),
                "top": [
                    {
                        "slug": c["slug"],
                        "zh": c["labels"]["zh"],
                        "en": c["labels"]["en"],
                        "mentions": c["mentions"],
                        "href": page_href("concept-map.html", fragment=c["slug"]),
                    }
                    for c in top
                    if c["mentions"]
                ],
            }
        )
    return out


def dumps_index(site: Site) -> str:
    """The front page (deterministic)."""
    page = Page(
        title="marxkg — 语料总览 Corpus overview",
        body_class="index",
        nav=site.nav("index"),
        styles=[inline_style(static_text("index.css"))],
    )
    files = [
        {"name": paths.BUILD_FILES[k], "zh": zh, "en": en, "href": page_href(paths.BUILD_FILES[k])}
        for k, (zh, en) in CORPUS_FILES.items()
    ]
    example = next(
        (c for c in ("fixed-capital", "system-of-machinery") if c in site.concepts),
        next(iter(sorted(site.concepts)), "fixed-capital"),
    )
    return (
        make_env()
        .get_template(TEMPLATE)
        .render(
            page=page,
            documents=document_rows(site),
            files=files,
            schemes=schemes(site),
            passages=top_passages(site),
            concept_count=len(site.concepts),
            correspondence_count=len(site.correspondences),
            example_concept=example,
            pages=[link for link in site.nav("index") if link["key"] != "index"],
        )
    )
