"""The citations of Marx: every cited page of a Marx collection, by volume, page and work.

Plain rows for tables and notebooks; :mod:`marxkg.query.trace` answers the same questions for
one page or one concept.
"""

from __future__ import annotations

from collections import Counter

from marxkg.analytics.store import path_after, select
from marxkg.analytics.tables import containing_sentences, sentence_texts
from marxkg.query.packaged import analytics_query
from marxkg.vocab import slug


def marx_citations(store) -> list[dict]:
    """Every citation of a Marx collection page, in collection/volume/page order.

    Each row: ``collection`` (zh title), ``volume``, ``pages`` (e.g. ``727-728``),
    ``page_iri``, ``work_zh``/``work_en`` (identified work, if any), ``footnote`` (IRI),
    ``mark`` (the printed ①②…), ``quotation`` (the quoted words, if any), ``sentence``
    (the citing sentence) and ``sentence_en`` (its English translation, where present).
    """
    found = select(store, analytics_query("marx-citations"))
    sentence_of = containing_sentences(store, [r["citing"] for r in found])
    texts = sentence_texts(store, sentence_of.values())
    rows: dict[tuple, dict] = {}
    for r in found:
        sentence, sentence_en = texts.get(sentence_of[r["citing"]], ("", ""))
        start, end = int(r["start"]), int(r["end"] or r["start"])
        row = {
            "collection": r["coll_zh"] or path_after(r["coll"], "edition"),
            "volume": int(r["volno"]),
            "pages": f"{start}" if end == start else f"{start}-{end}",
            "page_start": start,
            "page_iri": r["page"],
            "work_zh": r["work_zh"] or "",
            "work_en": r["work_en"] or "",
            "footnote": r["note"] or "",
            "mark": r["mark"] or "",
            "quotation": r["quote"] or "",
            "sentence": sentence,
            "sentence_en": sentence_en,
            "citation": r["cit"],
        }
        key = (r["cit"], r["page"])
        if key not in rows or _fuller(row, rows[key]):
            rows[key] = row
    return sorted(
        rows.values(),
        key=lambda r: (
            r["collection"],
            r["volume"],
            r["page_start"],
            _note_number(r["footnote"]),
            r["citation"],
        ),
    )


def _fuller(a: dict, b: dict) -> bool:
    return sum(bool(v) for v in a.values()) > sum(bool(v) for v in b.values()) or (
        sum(bool(v) for v in a.values()) == sum(bool(v) for v in b.values())
        and tuple(map(str, a.values())) < tuple(map(str, b.values()))
    )


def _note_number(iri: str) -> int:
    tail = slug(iri)
    return int(tail) if tail.isdigit() else 0


def marx_citations_by_volume(store) -> list[dict]:
    """(collection, volume) -> number of citations and distinct pages cited, sorted."""
    groups: dict[tuple[str, int], dict] = {}
    for r in marx_citations(store):
        g = groups.setdefault(
            (r["collection"], r["volume"]),
            {"collection": r["collection"], "volume": r["volume"], "citations": 0, "pages": []},
        )
        g["citations"] += 1
        if r["pages"] not in g["pages"]:
            g["pages"].append(r["pages"])
    return [groups[k] for k in sorted(groups)]


def marx_citation_counts(store, by: str = "volume") -> dict[str, int]:
    """Citations of Marx per ``"volume"`` (e.g. ``马克思恩格斯文集 5``) or per ``"work"``."""
    if by not in ("volume", "work"):
        raise ValueError(f"by must be 'volume' or 'work', not {by!r}")
    counts: Counter = Counter()
    for r in marx_citations(store):
        if by == "volume":
            counts[(r["collection"], r["volume"])] += 1
        else:
            counts[(r["work_zh"] or r["work_en"] or "(unidentified)", 0)] += 1
    ranked = (
        sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))
        if by == "work"
        else sorted(counts.items())
    )
    return {(f"{name} {vol}" if by == "volume" else name): n for (name, vol), n in ranked}
