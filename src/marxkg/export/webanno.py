"""``build/<doc-id>/annotations.jsonld``: concept mentions as W3C Web Annotations.

One ``AnnotationCollection`` whose ``first`` ``AnnotationPage`` holds every annotation.
Each annotation (``<doc IRI>/annotation/<n>``, n = 1.. in mention order) tags a span of the
document with a SKOS concept: motivation ``tagging``, body a ``SpecificResource`` whose
source is the concept IRI (purpose ``identifying``), target the document IRI with a
``TextQuoteSelector`` (exact, up to 32 characters of prefix and suffix) and a
``TextPositionSelector``. Positions are Unicode code points into the document's reading
text, the ``nif:isString`` of the document IRI in ``graph.ttl`` (front matter and body,
page-break joins repaired, footnote blocks and markers removed), as the Web Annotation
model requires; they are not UTF-16 code units or bytes.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from marxkg.atomic import write_text
from marxkg.export import ExportContext
from marxkg.model import Annotations, Document, Mention
from marxkg.vocab import MKG

ANNO_CONTEXT = "http://www.w3.org/ns/anno.jsonld"
# The tagging rule id and confidence of each mention (docs/tagging-policy.md).
CONTEXT: list[Any] = [
    ANNO_CONTEXT,
    {
        "rule": MKG + "taggingRule",
        "confidence": {
            "@id": "http://www.w3.org/2005/11/its/rdf#taConfidence",
            "@type": "http://www.w3.org/2001/XMLSchema#double",
        },
    },
]
CONTEXT_CHARS = 32
CC_BY = "https://creativecommons.org/licenses/by/4.0/"


def creator(ctx: ExportContext) -> dict[str, str]:
    """The marxkg project (the agent `ontology/marx-works.ttl` describes)."""
    return {"id": str(ctx.iris.agent("marxkg")), "type": "Organization", "name": "marxkg project"}


def annotation(doc: Document, m: Mention, n: int, ctx: ExportContext) -> dict[str, Any]:
    """One mention as a Web Annotation (a JSON-LD node under the anno.jsonld context)."""
    doc_iri = str(ctx.iris.doc(doc.doc_id))
    return {
        "id": f"{doc_iri}/annotation/{n}",
        "type": "Annotation",
        "motivation": "tagging",
        "creator": str(ctx.iris.agent("marxkg")),
        "body": {"type": "SpecificResource", "source": m.concept, "purpose": "identifying"},
        "rule": m.rule,
        "confidence": m.confidence,
        "target": {
            "source": doc_iri,
            "selector": [
                {
                    "type": "TextQuoteSelector",
                    "exact": doc.text[m.start : m.end],
                    "prefix": doc.text[max(0, m.start - CONTEXT_CHARS) : m.start],
                    "suffix": doc.text[m.end : m.end + CONTEXT_CHARS],
                },
                {"type": "TextPositionSelector", "start": m.start, "end": m.end},
            ],
        },
    }


def collection(doc: Document, ann: Annotations, ctx: ExportContext) -> dict[str, Any]:
    """The AnnotationCollection of all concept mentions of ``doc``, in text order."""
    doc_iri = str(ctx.iris.doc(doc.doc_id))
    mentions = ann.all_mentions()  # text order, an outer mention before its nested ones
    items = [annotation(doc, m, n, ctx) for n, m in enumerate(mentions, start=1)]
    title = doc.front.title or doc.doc_id
    return {
        "@context": CONTEXT,
        "id": f"{doc_iri}/annotations",
        "type": "AnnotationCollection",
        "label": (
            f"Concept mentions in 《{title}》 ({doc.doc_id}). TextPositionSelector start/end "
            "are Unicode code points into the document's reading text (nif:isString of "
            f"<{doc_iri}>: front matter and body, page-break joins repaired, footnote "
            "blocks and markers removed); TextQuoteSelector prefix/suffix give up to "
            f"{CONTEXT_CHARS} characters of context."
        ),
        "creator": creator(ctx),
        "rights": CC_BY,
        "total": len(items),
        "first": {
            "id": f"{doc_iri}/annotations/page/1",
            "type": "AnnotationPage",
            "partOf": f"{doc_iri}/annotations",
            "startIndex": 0,
            "items": items,
        },
    }


def dumps_webanno(doc: Document, ann: Annotations, ctx: ExportContext) -> str:
    """The collection as JSON-LD text (UTF-8 characters kept, one-space indent)."""
    return json.dumps(collection(doc, ann, ctx), ensure_ascii=False, indent=1) + "\n"


def write_webanno(doc: Document, ann: Annotations, ctx: ExportContext, path: Path) -> None:
    write_text(path, dumps_webanno(doc, ann, ctx))
