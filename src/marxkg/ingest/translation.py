"""The English translation: one record per Chinese sentence, aligned by exact match.

``corpus/<doc-id>/translation.en.jsonl`` holds ``{"i", "kind", "zh", "en", "provenance"}``
records in reading order. Alignment is verified against the ingested sentences: a missing
translation, a ``zh`` that no longer matches (the source or the segmentation changed), or
an empty/untranslated ``en`` is an error.
"""

from __future__ import annotations

import re
from typing import Any

from marxkg.model import AlignedSentence, Document

_HAN = re.compile(r"[\u3400-\u9fff]")
PROVENANCE = "marxkg project translation (from the Chinese as printed)"


class AlignmentError(ValueError):
    """The translation does not align with the document's sentences."""


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
            problems.append(
                f"sentence {k}: zh does not match the source sentence "
                f"({str(rec.get('zh'))[:20]!r} vs {sent.text[:20]!r})"
            )
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
        raise AlignmentError(
            f"{doc.doc_id}: translation does not align:\n  " + "\n  ".join(problems[:20])
        )
    return [
        AlignedSentence(k, s.text, str(records[k]["en"]).strip(), s.block)
        for k, s in enumerate(doc.sentences)
    ]
