"""A printed reference to a classic -> a `Reference` with its edition decided (or not).

`parse_classic` folds the text, reads it with the Chinese/GB/T reader (`classic_zh`) or the
English/German one (`classic_foreign`), then applies the registry's rules
(`editions.candidates`): one candidate edition -> ``ref.edition``; several -> ``ref.edition``
stays None and ``ref.edition_candidates`` lists them (the paper's other notes may decide
later, `marxkg.citations.resolve`).
"""

from __future__ import annotations

from marxkg.citations.classic_foreign import parse_foreign
from marxkg.citations.classic_zh import Printed, parse_zh
from marxkg.citations.editions import Edition, Registry, candidates, load_registry
from marxkg.citations.fold import fold, parse_page_list
from marxkg.model import Author, Reference


def read_printed(text: str, registry: Registry | None = None) -> Printed | None:
    """What a note prints about a classic, or None when it names none."""
    registry = registry or load_registry()
    folded = fold(text)
    return parse_foreign(folded, registry) or parse_zh(folded, registry)


def _part_index(ed: Edition, volume: str, label: str) -> str | None:
    if (idx := ed.part_index(volume, label)) is not None:
        return idx
    if label.isdigit() and ed.part_label(volume, label) is not None:
        return label  # 第26卷第2册, MEW 26.2
    return None


def apply_edition(ref: Reference, ed: Edition, registry: Registry | None = None) -> None:
    """Fill what the chosen edition says (collection title, part number, contents).

    The volume's recorded works are the reference's, unless the note names a work inside
    the collection (``ref.work``) that says otherwise: a work of the contents named by
    its title (``patterns.work_titles``) is that work alone, for certain; a title the
    registry does not know (《哲学的贫困》 in 文集 vol. 1) in a volume whose contents are
    only probable leaves the works unknown rather than lending it the volume's guess."""
    ref.edition = ed.id
    ref.edition_candidates = []
    if ref.volume and ref.part_printed:
        ref.part = _part_index(ed, ref.volume, ref.part_printed)
    if ref.volume and ref.volume in ed.contents:
        c = ed.contents[ref.volume]
        ref.works, ref.works_confidence = list(c.works), c.confidence
        if ref.work:
            registry = registry or load_registry()
            named = registry.work_of_title(ref.work)
            if named in c.works:
                ref.works, ref.works_confidence = [named], "certain"
            elif registry.family_of_name(ref.work) is None and c.confidence != "certain":
                ref.works, ref.works_confidence = [], None
    if not ref.authors:
        ref.authors = [Author(a) for a in ed.authors]


def parse_classic(text: str, registry: Registry | None = None) -> Reference | None:
    registry = registry or load_registry()
    printed = read_printed(text, registry)
    if printed is None:
        return None
    family = registry.families[printed.family_id]
    ref = Reference(kind="marx", raw=text.strip(), family=printed.form, language=printed.language)
    ref.authors = [Author(a) for a in printed.authors]
    ref.work = printed.work
    ref.title = printed.work or family.names[0]
    ref.collection = family.names[0]
    ref.volume = printed.volume
    aliases = registry.patterns.get("part_aliases", {})
    ref.part_printed = str(aliases.get(printed.part, printed.part)) if printed.part else None
    ref.year, ref.publisher, ref.place = printed.year, printed.publisher, printed.place
    if printed.pages:
        ref.pages = parse_page_list(printed.pages)
        ref.pages_printed = {"zh-Hans": f"第{printed.pages}页", "de": f"S. {printed.pages}"}.get(
            printed.language, f"p. {printed.pages}"
        )
    eds = candidates(
        registry,
        printed.family_id,
        year=int(printed.year) if printed.year else None,
        mark=printed.mark,
        volume=printed.volume,
        part=printed.part,
    )
    if len(eds) == 1:
        apply_edition(ref, eds[0], registry)
        ref.edition_basis = "printed"
    else:
        ref.edition = None
        ref.edition_candidates = [e.id for e in eds]
        if not ref.authors and eds:
            ref.authors = [Author(a) for a in eds[0].authors]
    return ref


def volume_path(ref: Reference) -> str:
    """``46.2`` for a split volume's second part, else the volume number."""
    return f"{ref.volume}.{ref.part}" if ref.part else (ref.volume or "")
