"""Decisions that need the whole paper: what a 同上 repeats, and which edition an
ambiguous note means.

- 同上 / Ibid. repeats the item before it (the previous item of the same note, else the
  last item of the previous note), with its own pages (and volume, if it prints one);
  同注① repeats the first item of the nearest earlier note labelled ①, 张三：前引书 the last
  item by 张三.
  ``ref.repeats`` records ``[footnote, item]`` of the repeated item. A 同上 with nothing
  before it is reported (``unresolved-ibid``).
- The ambiguity policy of ``ontology/editions.yaml``: a classic whose note does not decide
  its edition takes the one edition that the paper's other notes of the same family decide
  (``edition_basis = "paper"``); otherwise it is reported (``ambiguous-edition``) with the
  candidates, never guessed silently.
"""

from __future__ import annotations

import copy

from marxkg.citations.classic import apply_edition
from marxkg.citations.editions import Registry, load_registry
from marxkg.citations.fold import fold
from marxkg.citations.notes import repeat_target
from marxkg.model import Document, Footnote, Issue, Reference, Uncertain


def _repeat(prev: Reference, ibid: Reference, where: list[int]) -> Reference:
    ref = copy.deepcopy(prev)
    ref.raw, ref.see, ref.via = ibid.raw, ibid.see, ibid.via
    ref.family = "ibid"
    ref.repeats = where
    if ibid.volume and ibid.volume != prev.volume:
        ref.volume, ref.part, ref.part_printed = ibid.volume, None, None
        ref.works, ref.works_confidence = [], None
    ref.pages, ref.pages_printed = ibid.pages, ibid.pages_printed
    return ref


def resolve_ibid(doc: Document) -> None:
    seen: list[tuple[Reference, list[int], Footnote]] = []  # items so far, in order
    for note in doc.footnotes:
        for i, ref in enumerate(note.references):
            if ref.kind == "ibid":
                found = _repeated(doc, note, ref, seen)
                if found is None:
                    continue
                note.references[i] = ref = _repeat(found[0], ref, found[1])
            if ref.kind not in ("note",):
                seen.append((ref, [note.n, i], note))


def _repeated(
    doc: Document, note: Footnote, ref: Reference, seen: list[tuple[Reference, list[int], Footnote]]
) -> tuple[Reference, list[int]] | None:
    """The earlier item a repeat names (`notes.repeat_target`): the item before it, the
    first item of the nearest earlier note with the label it prints (a choice among
    several notes of that label is reported), or the last item by the author it names;
    None, reported as ``unresolved-ibid``, when there is none."""
    target = repeat_target(ref.raw)
    found: list[tuple[Reference, list[int], Footnote]] = seen[-1:]
    if target is not None and target[0] == "note":
        label = target[1] or ""  # folded: ① is 1
        notes = [n for _, _, n in seen if fold(n.label).strip("[]") == label]
        if not notes and label.isdigit():
            notes = [n for _, _, n in seen if n.n == int(label)]
        found = [s for s in seen if notes and s[2] is notes[-1]][:1]
        if len({n.n for n in notes}) > 1:
            doc.uncertain.append(
                Uncertain(
                    "repeat", note.source_line, ref.raw[:40],
                    f"several earlier notes carry the label it names: the nearest "
                    f"(footnote {notes[-1].n}) taken",
                )
            )  # fmt: skip
    elif target is not None and target[1]:
        name = target[1]
        found = [s for s in seen if any(name in a.name for a in s[0].authors)][-1:]
    if not found:
        if target is None:
            what = "nothing to repeat"
        elif target[0] == "note":
            what = "no earlier note with that label"
        else:
            what = f"no earlier item by {target[1]}"
        doc.issues.append(
            Issue("unresolved-ibid", f"footnote {note.n} ({note.label}): {ref.raw}: {what}",
                  note.source_line)
        )  # fmt: skip
        return None
    return found[0][0], found[0][1]


def _family(registry: Registry, ref: Reference) -> str | None:
    ids = [ref.edition] if ref.edition else ref.edition_candidates
    fams = {registry.editions[i].family for i in ids if i in registry.editions}
    return fams.pop() if len(fams) == 1 else None


def resolve_editions(doc: Document, registry: Registry | None = None) -> None:
    registry = registry or load_registry()
    refs: list[tuple[Footnote | None, Reference]] = [
        (note, ref) for note in doc.footnotes for ref in note.references if ref.kind == "marx"
    ]
    refs += [(None, ref) for ref in doc.bibliography if ref.kind == "marx"]
    decided: dict[str, set[str]] = {}
    for _, ref in refs:
        if ref.edition and ref.edition_basis == "printed":
            decided.setdefault(_family(registry, ref) or "", set()).add(ref.edition)
    for note, ref in refs:
        if ref.edition or not ref.edition_candidates:
            continue
        family = _family(registry, ref)
        chosen = decided.get(family or "", set()) & set(ref.edition_candidates)
        if len(chosen) == 1:
            apply_edition(ref, registry.editions[chosen.pop()])
            ref.edition_basis = "paper"
            continue
        where = f"footnote {note.n} ({note.label})" if note else "参考文献"
        doc.issues.append(
            Issue(
                "ambiguous-edition",
                f"{where}: {ref.raw}: the edition is not decided by the note or by the paper's "
                f"other notes; candidates: {', '.join(ref.edition_candidates)}",
                note.source_line if note else None,
            )
        )
