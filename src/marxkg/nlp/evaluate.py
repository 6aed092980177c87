"""Tagger precision and recall against a hand-made gold set (exact span and concept).

The gold file (``corpus/<doc-id>/gold-mentions.jsonl``) lists passages and every concept
mention in them, marked by reading. Only predictions inside the gold passages count.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from marxkg import paths
from marxkg.graph.namespaces import DEFAULT_BASE
from marxkg.nlp.annotate import Annotations

GOLD_NAME = paths.GOLD_NAME


def read_gold(path: Path) -> list[dict[str, Any]]:
    if not path.exists():
        return []
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()
            if line.strip()]


def evaluate(ann: Annotations, gold: list[dict[str, Any]],
             passages: dict[int, tuple[int, int]]) -> dict[str, Any]:
    """P/R/F1 of ``ann.mentions`` within ``passages`` against ``gold``."""
    def slug(iri: str) -> str:
        return iri.rsplit("/", 1)[-1] if iri.startswith(("http:", "https:")) else iri

    def inside(start: int, end: int) -> bool:
        return any(a <= start and end <= b for a, b in passages.values())

    want = {(g["start"], g["end"], g["concept"]) for g in gold}
    got = {(m.start, m.end, slug(m.concept)) for m in ann.mentions if inside(m.start, m.end)}
    tp = len(want & got)
    p = tp / len(got) if got else 0.0
    r = tp / len(want) if want else 0.0
    f1 = 2 * p * r / (p + r) if p + r else 0.0
    return {
        "gold_mentions": len(want),
        "predicted": len(got),
        "true_positives": tp,
        "precision": round(p, 4),
        "recall": round(r, 4),
        "f1": round(f1, 4),
        "passages": sorted(passages),
        "false_positives": [list(x) for x in sorted(got - want)],
        "false_negatives": [list(x) for x in sorted(want - got)],
        "base": DEFAULT_BASE,
    }
