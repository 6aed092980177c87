"""``build/report.json``: QA counts, warnings and every unresolved item."""

from __future__ import annotations

import json
from collections import Counter
from typing import TYPE_CHECKING, Any

from marxkg.model import Annotations, Document
from marxkg.vocab import slug

if TYPE_CHECKING:  # pragma: no cover
    from rdflib import Graph


def annotation_report(ann: Annotations, onto: Graph) -> dict[str, Any]:
    """Token/mention counts, concepts never mentioned, labels that never match."""
    from marxkg.ontology import concepts, labels

    mentions = ann.all_mentions() if hasattr(ann, "all_mentions") else ann.mentions
    per_concept = Counter(m.concept for m in mentions)
    matched = {(m.concept, m.text) for m in mentions}
    zh_labels = labels(onto, "zh-Hans")
    never_matched = sorted(
        f"{slug(lab.concept)}: {lab.text} ({lab.kind})"
        for lab in zh_labels
        if (str(lab.concept), lab.text) not in matched
    )
    all_concepts = [str(c) for c in concepts(onto)]
    return {
        "segmenter": ann.segmenter,
        "tokens": len(ann.tokens),
        "mentions": len(mentions),
        "nested_mentions": len(mentions) - len(ann.mentions),
        "mentions_by_rule": dict(sorted(Counter(m.rule for m in mentions).items())),
        "script": getattr(ann, "script", "zh-Hans"),
        "concepts_mentioned": len(per_concept),
        "mentions_per_concept": {
            slug(k): v for k, v in sorted(per_concept.items(), key=lambda kv: (-kv[1], kv[0]))
        },
        "concepts_never_mentioned": sorted(slug(c) for c in all_concepts if c not in per_concept),
        "labels_never_matched": never_matched,
        "label_clashes": sorted(
            {f"{m.text}: {m.concept} vs {', '.join(m.clash)}" for m in ann.mentions if m.clash}
        ),
    }


def document_report(
    doc: Document,
    ann: Annotations | None = None,
    onto: Graph | None = None,
    evaluation: dict[str, Any] | None = None,
) -> dict[str, Any]:
    refs = [r for n in doc.footnotes for r in n.references]
    marx_pages: dict[str, list[str]] = {}
    for r in refs:
        if r.kind == "marx":
            key = f"{r.collection} 第{r.volume}卷 ({r.edition or ' | '.join(r.edition_candidates)})"
            marx_pages.setdefault(key, []).extend(p.label for p in r.pages)
    return {
        "doc_id": doc.doc_id,
        "source_sha256": doc.source_sha256,
        "encoding": doc.encoding,
        "source_format": doc.source_format,
        "script": doc.script,
        "language": doc.language,
        "counts": {
            "characters": len(doc.text),
            "sections": len(doc.sections),
            "paragraphs": len(doc.paragraphs),
            "sentences": len(doc.sentences),
            "footnotes": len(doc.footnotes),
            "markers": len(doc.markers),
            "note_groups": len({n.group for n in doc.footnotes}),
            "quotations_cited": sum(q.marker is not None for q in doc.quotations),
            "citations": len(doc.citations),
            "joins": len(doc.joins),
            "wrapped_lines_joined": doc.wrap_joins,
            "bibliography": len(doc.bibliography),
        },
        "references_by_kind": dict(sorted(Counter(r.kind for r in refs).items())),
        "citations_by_characterization": dict(
            sorted(Counter(c.characterization for c in doc.citations).items())
        ),
        "marx_pages_by_volume": {k: v for k, v in sorted(marx_pages.items())},
        "joins": [
            {
                "kind": j.kind,
                "offset": j.offset,
                "joined": f"{j.left}|{j.right}",
                "source_lines": list(j.source_lines),
            }
            for j in doc.joins
        ],
        "excluded": [
            {
                "reason": e.reason,
                "source_lines": list(e.source_lines),
                "source_chars": list(e.source_chars),
                "characters": e.chars,
                "head": e.head,
                "tail": e.tail,
                "footnotes": e.footnotes,
                "markers_without_note": e.markers,
                "details": e.details,
            }
            for e in doc.excluded
        ],
        "annotations": annotation_report(ann, onto)
        if ann is not None and onto is not None
        else None,
        "tagger_evaluation": evaluation,
        "unresolved": [
            {"kind": i.kind, "message": i.message, "source_line": i.source_line, "offset": i.offset}
            for i in doc.issues
        ],
        "uncertain": [
            {
                "kind": u.kind,
                "source_line": u.source_line,
                "page": u.page,
                "excerpt": u.excerpt,
                "decision": u.decision,
            }
            for u in doc.uncertain
        ],
    }


SUMMARY_KEYS = (
    "doc_id",
    "source_format",
    "script",
    "language",
    "counts",
    "unresolved",
    "uncertain",
)


def summarize_entry(entry: dict[str, Any]) -> dict[str, Any]:
    """What a build keeps in memory of a document's report entry (``report.json`` has it
    whole): its identity, counts and every item it was unsure of (`summary_lines`)."""
    return {k: entry[k] for k in SUMMARY_KEYS if k in entry}


def summary_lines(report: dict[str, Any], limit: int = 6) -> list[str]:
    """One line per document: what the ingester was unsure of, with source lines."""
    out = []
    for d in report.get("documents", []):
        items = d.get("uncertain") or []
        kinds = Counter(u["kind"] for u in items)
        where = [
            f"{u['kind']}@{u['source_line']}"
            if u["source_line"]
            else f"{u['kind']}@p{u['page']}"
            if u.get("page")
            else u["kind"]
            for u in items[:limit]
        ]
        more = f" …(+{len(items) - limit})" if len(items) > limit else ""
        what = ", ".join(f"{n} {k}" for k, n in sorted(kinds.items()))
        out.append(
            f"{d['doc_id']} ({d.get('language', 'zh-Hans')}): "
            f"{len(d.get('unresolved') or [])} unresolved, {len(items)} uncertain"
            + (f" ({what}): {'; '.join(where)}{more}" if items else "")
        )
    return out


def dumps_report(report: dict[str, Any]) -> str:
    return json.dumps(report, ensure_ascii=False, indent=1) + "\n"
