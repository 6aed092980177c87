"""Cited pages of one volume of a registry edition, read from a short key or any printed form.

Short-key grammar (docs/citations.md)::

    KEY     := FAMILY [EDITION "-"] [VOLUME ["." PART]] ":" PAGES
    FAMILY  := a family's short name in ontology/editions.yaml
               (文集 全集 选集 资本论 1844手稿 列宁全集 列全 列宁选集 列选 毛选 毛文集
                MEW MECW MEGA PenguinCapital Grundrisse)
    EDITION := 1 | 2 (全集, 列宁全集: the Chinese edition) | a year (选集2012, 资本论2004)
    VOLUME  := a number, or Abteilung-Band for MEGA (II-5); left out for one-volume works
    PART    := the part of a split volume: "." and its number (全集1-46.2 = 第46卷下), or the
               printed label (全集46下, 全集26II)
    PAGES   := N | N-M | a list joined by , or 、 (every dash is read)

Examples: ``文集5:443``, ``全集31:82`` (both editions), ``全集1-46.2:219``,
``选集2012-1:123``, ``资本论2004-1:443``, ``MEW23:391``, ``MEGA II-5:123``,
``Grundrisse:706``. Anything else is read as a printed note (``marxkg.citations.parse``):
``《马克思恩格斯文集》第5卷，人民出版社2009年版，第443页。`` works too.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from marxkg.citations.editions import Registry, load_registry
from marxkg.citations.fold import DASH, fold

_DASH = rf"\s*{DASH}\s*"


class PageRefError(ValueError):
    """A page reference that cannot be read."""


@dataclass(frozen=True)
class PageRef:
    """Pages of one volume of a registry family: ``文集5:487``, ``全集1-46.2:219``."""

    collection: str  # the family's short name: 文集, 全集, MEW …
    volume: int | str
    ranges: tuple[tuple[int, int], ...]
    part: str | None = None
    editions: tuple[str, ...] = field(default=(), compare=False)  # candidate edition ids
    edition_key: str | None = field(default=None, compare=False)  # 1, 2, 2012 as given
    title: str = field(default="", compare=False)  # the family's printed name
    part_label: str | None = field(default=None, compare=False)  # as printed: 下, Ⅱ

    @property
    def volume_path(self) -> str:
        return f"{self.volume}.{self.part}" if self.part else str(self.volume)

    def short(self) -> str:
        pages = ",".join(str(a) if a == b else f"{a}-{b}" for a, b in self.ranges)
        ed = f"{self.edition_key}-" if self.edition_key else ""
        return f"{self.collection}{ed}{self.volume_path}:{pages}"

    def label(self) -> str:
        if self.title.isascii():
            pages = ", ".join(str(a) if a == b else f"{a}-{b}" for a, b in self.ranges)
            return f"{self.title}, vol. {self.volume_path}, p. {pages}"
        pages = "、".join(str(a) if a == b else f"{a}—{b}" for a, b in self.ranges)
        part = f"（{self.part_label or self.part}）" if self.part else ""
        return f"《{self.title}》第{self.volume}卷{part}第{pages}页"


def _ranges(text: str, origin: str) -> tuple[tuple[int, int], ...]:
    out = []
    for part in re.split(r"\s*[、,，]\s*", fold(text).strip()):
        m = re.fullmatch(rf"(\d+)(?:{_DASH}(\d+))?", part)
        if not m:
            raise PageRefError(f"{origin!r}: cannot read the page {part!r}")
        a, b = int(m.group(1)), int(m.group(2) or m.group(1))
        if a < 1 or b < a:
            raise PageRefError(f"{origin!r}: page range {part!r} is empty or reversed")
        out.append((a, b))
    return tuple(out)


def _family_prefix(text: str, registry: Registry) -> tuple[str, str, str] | None:
    shorts = sorted(
        ((fold(s), s, f.id) for f in registry.families.values() for s in f.short),
        key=lambda t: -len(t[0]),
    )
    for folded, short, fid in shorts:
        if text.startswith((folded, folded.replace("马克思恩格斯", ""))):
            return short, fid, text[len(folded) :]
    if text.startswith("马克思恩格斯"):
        return _family_prefix(text[len("马克思恩格斯") :], registry)
    return None


KEY = re.compile(
    r"^\s*(?:(?P<ed>(?:1[89]|20)\d{2}|[12])\s*-\s*)?"
    r"(?P<vol>\d+|I{1,3}[-/]\d+|IV[-/]\d+)?"
    r"(?:\.(?P<part>\d)|\(?(?P<label>上|中|下|I{1,3})\)?)?\s*[:]\s*"
    r"(?P<pages>.+)$"
)


def parse_key(text: str, registry: Registry) -> PageRef | None:
    """A short key -> PageRef; None when the text is not a key (a `PageRefError` when it
    is one that names no edition, volume or part of the registry)."""
    found = _family_prefix(fold(text).replace(" ", "").replace("：", ":"), registry)
    if found is None:
        return None
    short, fid, rest = found
    m = KEY.match(rest)
    if not m:
        return None
    eds = registry.of_family(fid)
    ed = m["ed"]
    if ed and len(ed) == 4:
        eds = [e for e in eds if e.has_year(int(ed))]
    elif ed:
        eds = [e for e in eds if f"第{ed}版" in e.edition_marks]
    if not eds:
        raise PageRefError(f"{text!r}: no edition {ed} of {short}")
    vol = m["vol"]
    if vol is None:
        if not all(e.volumes == 1 for e in eds):
            raise PageRefError(f"{text!r}: give the volume ({short}5:443)")
        vol = "1"
    vol = vol.replace("/", "-")
    if vol.isdigit() and int(vol) < 1:
        raise PageRefError(f"{text!r}: volume numbers start at 1")
    eds = [e for e in eds if e.has_volume(vol)]
    if not eds:
        raise PageRefError(f"{text!r}: {short} has no volume {vol}")
    part = m["part"]
    if m["label"]:  # 全集46下 -> part 2 of the editions that split volume 46
        label = str(registry.patterns.get("part_aliases", {}).get(m["label"], m["label"]))
        eds = [e for e in eds if e.part_index(vol, label) is not None]
        if not eds:
            raise PageRefError(f"{text!r}: volume {vol} of {short} has no part {m['label']}")
        part = eds[0].part_index(vol, label)
    elif part:
        eds = [e for e in eds if e.part_label(vol, part) is not None]
        if not eds:
            raise PageRefError(f"{text!r}: volume {vol} of {short} has no part {part}")
    family = registry.families[fid]
    printed = eds[0].part_label(vol, part) if part else None
    return PageRef(
        short,
        int(vol) if vol.isdigit() else vol,
        _ranges(m["pages"], text),
        part,
        tuple(e.id for e in eds),
        ed,
        family.names[0],
        printed,
    )


def _from_note(text: str, registry: Registry) -> PageRef | None:
    from marxkg.citations.parse import parse_reference

    ref = parse_reference(text, registry)
    if ref.kind != "marx" or not ref.volume or not ref.pages:
        return None
    eds = [ref.edition] if ref.edition else list(ref.edition_candidates)
    fam = registry.editions[eds[0]].family if eds and eds[0] in registry.editions else None
    if fam is None:
        return None
    family = registry.families[fam]
    pages = "、".join(p.label for p in ref.pages)
    vol = ref.volume
    if vol.isdigit() and int(vol) < 1:
        raise PageRefError(f"{text!r}: volume numbers start at 1")
    return PageRef(
        family.short[0],
        int(vol) if vol.isdigit() else vol,
        _ranges(pages, text),
        ref.part,
        tuple(eds),
        None,
        family.names[0],
        ref.part_printed,
    )


def parse_page_ref(text: str, registry: Registry | None = None) -> PageRef:
    """A short key (``文集5:487``) or a printed note -> the pages and candidate editions."""
    registry = registry or load_registry()
    raw = text.strip()
    ref = parse_key(raw, registry) if raw else None
    if ref is None and raw:
        ref = _from_note(raw, registry)
    if ref is None:
        raise PageRefError(
            f"{text!r} is not a page reference: write a key such as 文集5:487, 全集2-31:82, "
            "选集2012-1:123, 资本论2004-1:443, MEW23:391, or paste the footnote "
            "(马克思恩格斯文集 第5卷 第487页)"
        )
    return ref
