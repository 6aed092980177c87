"""The English translation: one record per Chinese sentence, aligned by exact match.

``corpus/<doc-id>/translation.en.jsonl`` holds ``{"i", "kind", "zh", "en", "provenance"}``
records in reading order. Alignment is verified against the ingested sentences: a missing
translation, a ``zh`` that no longer matches (the source or the segmentation changed), or
an empty/untranslated ``en`` is an error.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from marxkg.model import Document
from marxkg.vocab import DEFAULT_BASE

_HAN = re.compile(r"[\u3400-\u9fff]")
PROVENANCE = "marxkg project translation (from the Chinese as printed)"


class AlignmentError(ValueError):
    """The translation does not align with the document's sentences."""


@dataclass
class AlignedSentence:
    index: int  # Chinese sentence index
    zh: str
    en: str
    block: int


def check_alignment(doc: Document, records: list[dict[str, Any]]) -> list[str]:
    """Every problem with the translation records of ``doc`` (empty list: aligned)."""
    problems = []
    if len(records) != len(doc.sentences):
        problems.append(f"{len(records)} translation records for {len(doc.sentences)} sentences")
    for k, sent in enumerate(doc.sentences):
        if k >= len(records):
            problems.append(f"sentence {k} has no translation: {sent.text[:30]}")
            continue
        rec = records[k]
        if rec.get("zh") != sent.text:
            problems.append(f"sentence {k}: zh does not match the source sentence "
                            f"({str(rec.get('zh'))[:20]!r} vs {sent.text[:20]!r})")
        en = str(rec.get("en") or "").strip()
        if not en:
            problems.append(f"sentence {k}: empty translation")
        elif _HAN.search(en):
            problems.append(f"sentence {k}: untranslated Chinese in en: {en[:40]}")
        if not rec.get("provenance"):
            problems.append(f"sentence {k}: no provenance")
    return problems


def align(doc: Document, records: list[dict[str, Any]]) -> list[AlignedSentence]:
    """The aligned pairs; raises `AlignmentError` listing every problem."""
    problems = check_alignment(doc, records)
    if problems:
        raise AlignmentError(f"{doc.doc_id}: translation does not align:\n  "
                             + "\n  ".join(problems[:20]))
    return [AlignedSentence(k, s.text, str(records[k]["en"]).strip(), s.block)
            for k, s in enumerate(doc.sentences)]


def marx_sources(doc: Document, onto: Any, base: str = DEFAULT_BASE) -> dict[
        int, list[dict[str, str]]]:
    """For each sentence quoting Marx: the canonical source the ontology identifies.

    Returns ``{sentence index: [{"cited", "work", "location", "mecw", "confidence"}]}``
    from the cited page's ``mkg:identifiedWork``/``mkg:identifiedLocation`` and the work's
    ``mkg:mecwVolume`` (the project's identification, not the edition's statement).
    """
    from rdflib.namespace import DCTERMS

    from marxkg.rdf.namespaces import MKG, Iris

    iris = Iris(base)

    def en(node: Any, prop: Any) -> str:
        vals = [o for o in onto.objects(node, prop) if getattr(o, "language", None) == "en"]
        return str(vals[0]) if vals else ""

    out: dict[int, list[dict[str, str]]] = {}
    for c in doc.citations:
        ref = doc.footnotes[c.footnote - 1].references[c.reference]
        if ref.kind != "marx" or c.quotation is None or not ref.pages:
            continue
        ks = [c.page] if c.page is not None else range(len(ref.pages))
        for k in ks:
            page = iris.passage(ref, k)
            work = onto.value(page, MKG.identifiedWork)
            entry = {
                "cited": f"{ref.collection} 第{ref.volume}卷 第{ref.pages[k].label}页",
                "work": en(work, DCTERMS.title) if work else "",
                "location": en(page, MKG.identifiedLocation),
                "mecw": str(onto.value(work, MKG.mecwVolume) or "") if work else "",
                "confidence": str(onto.value(page, MKG.identificationConfidence) or ""),
            }
            if entry not in out.setdefault(c.sentence, []):
                out[c.sentence].append(entry)
    return out
