"""``marxkg cite``: a pasted footnote or a short key -> its references in a journal style.

A footnote may hold several items (split at ``；``); a short key (``文集5:443``,
``资本论2004-1:443``) becomes the reference the registry describes for that edition. A key
or note that leaves the edition open is refused with the candidates (never guessed).
"""

from __future__ import annotations

import json

from marxkg.citations.classic import apply_edition
from marxkg.citations.csl import to_csl
from marxkg.citations.editions import load_registry
from marxkg.citations.keys import reference_key
from marxkg.citations.notes import split_via
from marxkg.citations.pageref import PageRefError, parse_key
from marxkg.citations.parse import parse_reference, split_items
from marxkg.export.render import STYLES, RenderError, render, styles_for
from marxkg.model import PageRange, Reference


class CiteError(ValueError):
    """Text that names no reference, or a reference that cannot be rendered."""


def _from_short_key(text: str) -> Reference | None:
    registry = load_registry()
    try:
        pref = parse_key(text.strip(), registry)
    except PageRefError as exc:
        raise CiteError(str(exc)) from exc
    if pref is None:
        return None
    if len(pref.editions) != 1:
        raise CiteError(
            f"{text!r} names several editions ({', '.join(pref.editions)}): "
            "give the edition in the key (全集2-31:82, 资本论2004-1:443)"
        )
    ed = registry.editions[pref.editions[0]]
    ref = Reference(kind="marx", raw=text.strip(), family="key", language=ed.language)
    ref.collection = ref.title = registry.families[ed.family].names[0]
    ref.volume = str(pref.volume)
    if pref.part:
        ref.part_printed = ed.part_label(ref.volume, pref.part)
    ref.pages = [PageRange(str(a), str(b)) for a, b in pref.ranges]
    year = ed.volume_years.get(ref.volume) or (ed.years[0] if ed.years[0] == ed.years[1] else None)
    ref.year = str(year) if year else None
    ref.publisher, ref.place = ed.publisher, ed.place
    apply_edition(ref, ed)
    ref.edition_basis = "printed"
    return ref


def references_from(text: str) -> list[Reference]:
    """The references of a pasted footnote or a short key."""
    if not text.strip():
        raise CiteError("empty text: paste a footnote or give a key such as 文集5:443")
    refs = []
    for item, via in split_via(split_items(text.replace(";", "；"))):
        ref = _from_short_key(item) or parse_reference(item)
        ref.via = ref.via or via
        refs.append(ref)
    for ref in refs:
        if ref.kind in ("other", "note"):
            raise CiteError(f"{ref.raw!r} is not a reference marxkg can read")
        if ref.kind == "ibid":
            raise CiteError(f"{ref.raw!r} repeats a previous note: paste that note too")
        if ref.kind == "marx" and not ref.edition:
            raise CiteError(
                f"{ref.raw!r}: the edition is not decided (candidates: "
                f"{', '.join(ref.edition_candidates)}); add the year"
            )
        ref.key = reference_key(ref)
        ref.csl = to_csl(ref)
    return refs


def dumps_cite(text: str, style: str = "gbt7714-note") -> str:
    """One rendered line per item; ``style="all"`` gives every applicable style, and
    ``style="csl-json"`` the CSL-JSON records."""
    refs = references_from(text)
    if style == "csl-json":
        return json.dumps([r.csl for r in refs], ensure_ascii=False, indent=1) + "\n"
    lines = []
    for ref in refs:
        names = styles_for(ref) if style == "all" else [style]
        for name in names:
            try:
                rendered = render(ref, name)
            except RenderError as exc:
                raise CiteError(str(exc)) from exc
            lines.append(f"{name}\t{rendered}" if style == "all" else rendered)
    return "\n".join(lines) + "\n"


CITE_STYLES = [*STYLES, "all", "csl-json"]
