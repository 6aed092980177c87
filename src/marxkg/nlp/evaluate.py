"""Tagger precision and recall against hand-made gold sets (exact span and concept).

The gold file (``corpus/<doc-id>/gold-mentions.jsonl``) lists passages and every concept
mention in them, marked by reading under docs/tagging-policy.md. Only predictions inside
the gold passages count. Scores are given overall and per concept scheme.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from marxkg import paths
from marxkg.model import Annotations
from marxkg.vocab import DEFAULT_BASE, slug

GOLD_NAME = paths.GOLD_NAME
Triple = tuple[int, int, str]


def read_gold(path: Path) -> list[dict[str, Any]]:
    """The gold mentions of ``corpus/<doc-id>/gold-mentions.jsonl`` (read safely)."""
    from marxkg.safe_io import UnsafeInput, read_text_within

    if not path.exists() and not path.is_symlink():
        return []
    records = []
    text = read_text_within(path, path.parent.parent, 32 * 1024 * 1024)
    for n, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except json.JSONDecodeError as exc:
            raise UnsafeInput(
                f"{path}:{n}: document {path.parent.name}: invalid JSON: {exc}"
            ) from None
        if not isinstance(record, dict):
            raise UnsafeInput(
                f"{path}:{n}: document {path.parent.name}: each line must be a JSON object"
            )
        records.append(record)
    return records


def prf(want: set[Triple], got: set[Triple]) -> dict[str, Any]:
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
    }


def scores(
    want: set[Triple], got: set[Triple], schemes: dict[str, str] | None = None
) -> dict[str, Any]:
    """P/R/F1 overall, the false positives and negatives, and (given slug -> scheme) per
    scheme of the concept."""
    out = prf(want, got)
    out["false_positives"] = [list(x) for x in sorted(got - want)]
    out["false_negatives"] = [list(x) for x in sorted(want - got)]
    if schemes is not None:
        names = sorted({schemes.get(c, "?") for _, _, c in want | got})
        out["by_scheme"] = {
            n: prf(
                {x for x in want if schemes.get(x[2], "?") == n},
                {x for x in got if schemes.get(x[2], "?") == n},
            )
            for n in names
        }
    return out


def predicted(mentions: Iterable[Any], passages: Iterable[tuple[int, int]]) -> set[Triple]:
    spans = list(passages)
    return {
        (m.start, m.end, slug(m.concept))
        for m in mentions
        if any(a <= m.start and m.end <= b for a, b in spans)
    }


def evaluate(
    ann: Annotations,
    gold: list[dict[str, Any]],
    passages: dict[int, tuple[int, int]],
    schemes: dict[str, str] | None = None,
    base: str = DEFAULT_BASE,
) -> dict[str, Any]:
    """P/R/F1 of all mentions of ``ann`` (nested included) within ``passages`` (concept
    slugs under ``base``, the build's ``--base``)."""
    want = {(g["start"], g["end"], g["concept"]) for g in gold}
    got = predicted(ann.all_mentions(), passages.values())
    out = scores(want, got, schemes)
    out["passages"] = sorted(passages)
    out["base"] = base
    return out
