"""Cross-lingual agreement: are the concepts tagged in a Chinese sentence also tagged in
its English translation?

The rate is over Chinese concept mentions: a mention agrees when the same concept is
tagged at least once in the aligned English sentence. Every disagreement is listed, and
so are concepts tagged only in English.
"""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path
from typing import Any

from marxkg.nlp.annotate import Annotations
from marxkg.nlp.en import EnglishDocument


def _slug(iri: str) -> str:
    return iri.rsplit("/", 1)[-1]


def agreement(zh: Annotations, en: EnglishDocument) -> dict[str, Any]:
    zh_by: dict[int, list] = defaultdict(list)
    for m in zh.mentions:
        zh_by[m.sentence].append(m)
    en_by: dict[int, set[str]] = defaultdict(set)
    for m in en.mentions:
        en_by[en.sentences[m.sentence][2]].add(m.concept)
    total = agree = 0
    disagreements = []
    english_only = []
    for si in sorted(set(zh_by) | set(en_by)):
        zh_concepts = {m.concept for m in zh_by.get(si, [])}
        start, end, _ = next(s for s in en.sentences if s[2] == si)
        for m in zh_by.get(si, []):
            total += 1
            if m.concept in en_by.get(si, set()):
                agree += 1
            else:
                disagreements.append({
                    "sentence": si, "zh": m.text, "concept": _slug(m.concept),
                    "en_sentence": en.text[start:end],
                    "en_concepts": sorted(_slug(c) for c in en_by.get(si, set())),
                })
        for c in sorted(en_by.get(si, set()) - zh_concepts):
            english_only.append({"sentence": si, "concept": _slug(c)})
    return {
        "zh_mentions": total,
        "agreeing": agree,
        "rate": round(agree / total, 4) if total else None,
        "en_mentions": len(en.mentions),
        "disagreements": disagreements,
        "english_only": english_only,
    }


def explain(report: dict[str, Any], notes_file: Path) -> None:
    """Attach the curated explanation to each disagreement (None where there is none)."""
    import yaml

    notes = yaml.safe_load(notes_file.read_text(encoding="utf-8")) if notes_file.exists() else []
    explain_with(report, notes or [])


def explain_with(report: dict[str, Any], notes: list[dict[str, Any]]) -> None:
    """`explain` with the notes already read (`marxkg.corpus_io.read_agreement_notes`)."""
    by_key = {(n["sentence"], n["concept"]): n["explanation"] for n in notes}
    for d in report["disagreements"]:
        d["explanation"] = by_key.get((d["sentence"], d["concept"]))
    report["unexplained"] = sum(d["explanation"] is None for d in report["disagreements"])
