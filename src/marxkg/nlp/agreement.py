"""Cross-lingual agreement: are the concepts tagged in a Chinese sentence also tagged in
its English translation?

The rate is over Chinese (top-level) concept mentions: a mention agrees when the same
concept is tagged at least once in the aligned English sentence. Every disagreement is
listed, and so are concepts tagged only in English; both directions must be explained in
the document's agreement-notes.yaml (an unexplained one fails the tests).
"""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path
from typing import Any

from marxkg.model import Annotations, EnglishDocument
from marxkg.vocab import slug


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
                disagreements.append(
                    {
                        "sentence": si,
                        "zh": m.text,
                        "concept": slug(m.concept),
                        "en_sentence": en.text[start:end],
                        "en_concepts": sorted(slug(c) for c in en_by.get(si, set())),
                    }
                )
        for c in sorted(en_by.get(si, set()) - zh_concepts):
            english_only.append({"sentence": si, "concept": slug(c)})
    return {
        "zh_mentions": total,
        "agreeing": agree,
        "rate": round(agree / total, 4) if total else None,
        "en_mentions": len(en.mentions),
        "disagreements": disagreements,
        "english_only": english_only,
    }


NOTE_FIELDS = {"sentence": int, "concept": str, "explanation": str}


def _note_problem(note: Any) -> str | None:
    if not isinstance(note, dict):
        return "each note must be a mapping with sentence, concept and explanation"
    for name, kind in NOTE_FIELDS.items():
        value = note.get(name)
        if not isinstance(value, kind) or isinstance(value, bool):
            what = "a sentence number" if kind is int else "text"
            return f"field {name} must be {what}, not {value!r:.40}"
    if note.get("direction", "zh-only") not in ("zh-only", "en-only"):
        return f"field direction must be zh-only or en-only, not {note['direction']!r:.40}"
    return None


def check_notes(items: list[tuple[int, Any]], path: Path) -> list[dict[str, Any]]:
    """The notes of ``corpus/<doc-id>/agreement-notes.yaml`` as (line, item) pairs, checked:
    a YAML list of mappings with ``sentence`` (a number), ``concept`` and ``explanation``
    (text), and optionally ``direction`` (``zh-only``, the default, or ``en-only``);
    anything else is an error naming the file, the document and the line."""
    from marxkg.safe_io import UnsafeInput

    for line, note in items:
        problem = _note_problem(note)
        if problem:
            raise UnsafeInput(f"{path}:{line}: document {path.parent.name}: {problem}")
    return [note for _, note in items]


def explain_with(report: dict[str, Any], notes: list[dict[str, Any]]) -> None:
    """Attach the curated explanation to each disagreement in both directions: a Chinese
    mention without its concept in the English sentence, and a concept tagged only in
    English (notes with ``direction: en-only``). None where there is none; both kinds
    count in ``unexplained``. ``notes`` come from `marxkg.corpus_io.read_agreement_notes`."""
    by_key = {
        (n.get("direction", "zh-only"), n["sentence"], n["concept"]): n["explanation"]
        for n in notes
    }
    for d in report["disagreements"]:
        d["explanation"] = by_key.get(("zh-only", d["sentence"], d["concept"]))
    for d in report["english_only"]:
        d["explanation"] = by_key.get(("en-only", d["sentence"], d["concept"]))
    report["unexplained_zh_only"] = sum(d["explanation"] is None for d in report["disagreements"])
    report["unexplained_en_only"] = sum(d["explanation"] is None for d in report["english_only"])
    report["unexplained"] = report["unexplained_zh_only"] + report["unexplained_en_only"]
