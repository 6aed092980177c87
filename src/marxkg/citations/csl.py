"""A `Reference` as CSL-JSON (the Citation Style Language's item shape).

Standard variables: ``type``, ``title``, ``author``, ``container-title``,
``collection-title``, ``edition``, ``volume``, ``page``, ``issued``, ``publisher``,
``publisher-place``, ``translator``, ``URL``, ``language``. What CSL has no variable for is
kept under ``custom`` (the Zotero/CSL-M convention): the registry edition id and its
candidates, the part of a split volume, the printed family, and for 同上 the repeated item.
Chinese names are ``literal`` names (no family/given split is printed).
"""

from __future__ import annotations

from typing import Any

from marxkg.citations.fold import pages_label
from marxkg.model import Reference

CSL_TYPES = {
    "marx": "book",
    "book": "book",
    "translated-book": "book",
    "journal-article": "article-journal",
    "newspaper": "article-newspaper",
    "report": "report",
    "web-page": "webpage",
}
CSL_LANGUAGES = {"zh-Hans": "zh-CN", "en": "en-US", "de": "de-DE"}


def _issued(ref: Reference) -> dict[str, Any] | None:
    if ref.date:
        return {"date-parts": [[int(x) for x in ref.date.split("-")]]}
    if ref.year and ref.year.isdigit():
        return {"date-parts": [[int(ref.year)]]}
    return None


def _edition_mark(ref: Reference) -> str | None:
    """``第2版`` for an edition the registry tells apart by a mark (Chinese editions only; a
    first edition is not recorded, as GB/T 7714 prescribes): a string, so that styles print
    it as it is (citeproc-py would print "2nd 版" for the number)."""
    if ref.kind != "marx" or not ref.edition or ref.language != "zh-Hans":
        return None
    from marxkg.citations.editions import EditionError, load_registry

    try:
        ed = load_registry().editions.get(ref.edition)
    except EditionError:
        return None
    mark = ed.edition_marks[0] if ed and ed.edition_marks else None
    return None if mark in ("第1版", "第一版") else mark  # GB/T 7714 §8.2: 第1版不著录


def to_csl(ref: Reference) -> dict[str, Any]:
    """The CSL-JSON item of one reference (empty fields left out; deterministic order)."""
    item: dict[str, Any] = {"id": ref.key or "item", "type": CSL_TYPES.get(ref.kind, "document")}
    if ref.authors:
        item["author"] = [{"literal": a.name} for a in ref.authors]
    if ref.kind == "marx" and ref.work:
        item["title"] = ref.work
        item["container-title"] = ref.collection
        item["type"] = "chapter"
    elif ref.title:
        item["title"] = ref.title
    if ref.journal:
        item["container-title"] = ref.journal
    if ref.translators:
        item["translator"] = [{"literal": t} for t in ref.translators]
    if (mark := _edition_mark(ref)) is not None:
        item["edition"] = mark
    if ref.volume:
        part = ref.part_printed or ""
        item["volume"] = ref.volume + (f".{part}" if part.isdigit() else part)  # 46下, 26.2
    if ref.issue:
        item["issue"] = ref.issue
    if ref.pages:
        item["page"] = pages_label(ref.pages)
    if ref.publisher:
        item["publisher"] = ref.publisher
    if ref.place:
        item["publisher-place"] = ref.place
    if (issued := _issued(ref)) is not None:
        item["issued"] = issued
    if ref.url:
        item["URL"] = ref.url
    item["language"] = CSL_LANGUAGES.get(ref.language, ref.language)
    item["custom"] = _custom(ref)
    return item


def _custom(ref: Reference) -> dict[str, Any]:
    """The project's own fields of a CSL item (``custom``): kind, edition, family, works…"""
    custom: dict[str, Any] = {"kind": ref.kind}
    for name, value in (
        ("edition-id", ref.edition),
        ("edition-candidates", ref.edition_candidates or None),
        ("part", ref.part),
        ("family", ref.family),
        ("repeats", ref.repeats),
        ("via", ref.via),
        ("see", ref.see or None),
        ("works", ref.works or None),
        ("works-confidence", ref.works_confidence),
    ):
        if value is not None:
            custom[name] = value
    return custom
