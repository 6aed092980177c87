"""Per-document data of the concept map: mention counts and example sentences per paper.

The map's document selector shows one paper (or all): node sizes follow that paper's
mention counts, and a concept's panel lists its example sentences from that paper. The
sentences kept per concept and paper are capped (`EXAMPLES_PER_DOC`), so that the page
stays small and quick to open when the corpus holds many papers; the full list of a
concept's sentences is one query away (``marxkg query concept-sentences``).
"""

from __future__ import annotations

from typing import Any

from marxkg.html.site import Site, sentence_key
from marxkg.html.templating import page_href

EXAMPLES_PER_DOC = 12  # example sentences kept per concept and document (at most)
# about this many example sentences in all: on a large corpus fewer per concept and
# document (at least one), so that the page opens quickly (< 2 s with 100 papers)
EXAMPLE_BUDGET = 2000


def examples_per_doc(n_docs: int) -> int:
    """Example sentences kept per concept and document for a corpus of ``n_docs``."""
    return max(1, min(EXAMPLES_PER_DOC, EXAMPLE_BUDGET // max(1, 20 * n_docs)))


def documents(site: Site) -> list[dict[str, Any]]:
    """The documents for the selector: id, title (zh/en), reader link, counts."""
    out = []
    for doc in site.docs:
        meta = doc.metadata or {}
        title_en = meta.get("title_en") or (meta.get("title") or {}).get("en") or ""
        ann = site.annotations.get(doc.doc_id)
        out.append(
            {
                "id": doc.doc_id,
                "title": {"zh": doc.front.title or doc.doc_id, "en": title_en},
                "href": page_href(doc.doc_id, "reader.html"),
                "sentences": len(doc.sentences),
                "mentions": len(ann.mentions) if ann else 0,
            }
        )
    return out


def per_document(
    site: Site,
) -> tuple[dict[str, dict[str, int]], dict[str, dict[str, list[str]]], dict[str, dict[str, Any]]]:
    """``(counts, examples, sentences)``: concept slug -> doc id -> mention count; concept
    slug -> doc id -> keys of up to `examples_per_doc` sentences mentioning it (reading
    order); sentence key -> {doc, s, zh, en?, href} for every example sentence."""
    cap = examples_per_doc(len(site.docs))
    counts: dict[str, dict[str, int]] = {}
    examples: dict[str, dict[str, list[str]]] = {}
    sentences: dict[str, dict[str, Any]] = {}
    for doc in site.docs:
        ann = site.annotations.get(doc.doc_id)
        if ann is None:
            continue
        for m in sorted(ann.mentions, key=lambda m: (m.sentence, m.start)):
            slug = site.slug_of.get(m.concept)
            if slug is None:
                continue
            by_doc = counts.setdefault(slug, {})
            by_doc[doc.doc_id] = by_doc.get(doc.doc_id, 0) + 1
            keys = examples.setdefault(slug, {}).setdefault(doc.doc_id, [])
            key = sentence_key(doc.doc_id, m.sentence)
            if key in keys or len(keys) >= cap:
                continue
            keys.append(key)
            if key not in sentences:
                sent = doc.sentences[m.sentence]
                item: dict[str, Any] = {
                    "doc": doc.doc_id,
                    "s": m.sentence,
                    "zh": doc.text[sent.start : sent.end],
                    "href": page_href(doc.doc_id, "reader.html", fragment=f"s{m.sentence}"),
                }
                en = site.english.get((doc.doc_id, m.sentence))
                if en:
                    item["en"] = en
                sentences[key] = item
    return counts, examples, sentences
