"""The edition registry (``ontology/editions.yaml``): load, check, and pick editions.

The registry is data: which editions of the Marxist classics exist, the printed names that
point at them, and the facts that tell editions of one family apart (years, 第N版 marks,
volume count, split volumes). `candidates` applies those rules to what one note prints;
`marxkg.citations.resolve` applies the ambiguity policy across a paper's notes.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from marxkg import paths

REGISTRY_NAME = "editions.yaml"
CONFIDENCES = ("certain", "probable")
LANGUAGES = ("zh-Hans", "en", "de")
ID_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


class EditionError(ValueError):
    """The registry file is missing or does not follow its schema."""


@dataclass(frozen=True)
class Contents:
    works: tuple[str, ...]
    confidence: str


@dataclass(frozen=True)
class Edition:
    id: str
    family: str
    key: str
    title_zh: str
    title_en: str
    authors: tuple[str, ...]
    publisher: str
    place: str
    years: tuple[int | None, int | None]
    volumes: int | None
    language: str
    edition_marks: tuple[str, ...] = ()
    parts: dict[str, tuple[str, ...]] = field(default_factory=dict, hash=False, compare=False)
    volume_years: dict[str, int] = field(default_factory=dict, hash=False, compare=False)
    contents: dict[str, Contents] = field(default_factory=dict, hash=False, compare=False)

    def has_year(self, year: int) -> bool:
        first, last = self.years
        return (first is None or year >= first) and (last is None or year <= last)

    def has_volume(self, volume: str) -> bool:
        if self.volumes is None or not volume.isdigit():
            return self.volumes is None
        return 1 <= int(volume) <= self.volumes

    def part_index(self, volume: str, label: str) -> str | None:
        """``46`` + ``下`` -> ``2`` (the n-th printed part label of a split volume)."""
        labels = self.parts.get(volume, ())
        return str(labels.index(label) + 1) if label in labels else None

    def part_label(self, volume: str, index: str) -> str | None:
        labels = self.parts.get(volume, ())
        return labels[int(index) - 1] if index.isdigit() and 0 < int(index) <= len(labels) else None


@dataclass(frozen=True)
class Family:
    id: str
    names: tuple[str, ...]
    short: tuple[str, ...]
    work: bool = False


@dataclass
class Registry:
    families: dict[str, Family]
    editions: dict[str, Edition]
    works: dict[str, dict[str, str]]
    patterns: dict[str, Any]

    def of_family(self, family: str) -> list[Edition]:
        return [e for e in self.editions.values() if e.family == family]

    def family_of_name(self, name: str) -> Family | None:
        """A printed collection or work title (any script, any width) -> its family."""
        key = normalize_name(name)
        for fam in self.families.values():
            if key in {normalize_name(n) for n in fam.names}:
                return fam
        return None

    def work_of_title(self, title: str) -> str | None:
        """The registry work a printed title names (``patterns.work_titles``), or None."""
        key = title_key(title)
        for work, titles in (self.patterns.get("work_titles") or {}).items():
            if key in {title_key(t) for t in titles}:
                return str(work)
        return None

    def name_alternation(self, *, latin: bool) -> str:
        """All printed names, longest first, as a regex alternation."""
        names = {normalize_name(n) for f in self.families.values() for n in f.names}
        names = {n for n in names if n.isascii() == latin}
        return "|".join(re.escape(n) for n in sorted(names, key=lambda n: (-len(n), n)))


def normalize_name(text: str) -> str:
    return unicodedata.normalize("NFKC", text).strip()


def title_key(text: str) -> str:
    """A work's title to compare: width folded, no spaces, every dash one hyphen."""
    return re.sub(r"[‐‑‒–—―-]+", "-", re.sub(r"\s+", "", normalize_name(text)))


def _req(entry: dict[str, Any], key: str, where: str) -> Any:
    if key not in entry:
        raise EditionError(f"{where}: missing field {key!r}")
    return entry[key]


def _edition(e: dict[str, Any], families: dict[str, Family]) -> Edition:
    where = f"edition {e.get('id', '?')!r}"
    eid = _req(e, "id", where)
    if not isinstance(eid, str) or not ID_RE.match(eid):
        raise EditionError(f"{where}: id must be a lower-case slug")
    fam = _req(e, "family", where)
    if fam not in families:
        raise EditionError(f"{where}: unknown family {fam!r}")
    years = _req(e, "years", where)
    if not (
        isinstance(years, list)
        and len(years) == 2
        and all(y is None or isinstance(y, int) for y in years)
    ):
        raise EditionError(f"{where}: years must be [first, last] (last may be null)")
    if years[0] is not None and years[1] is not None and years[1] < years[0]:
        raise EditionError(f"{where}: years are reversed")
    language = _req(e, "language", where)
    if language not in LANGUAGES:
        raise EditionError(f"{where}: language must be one of {LANGUAGES}")
    volumes = e.get("volumes")
    if volumes is not None and (not isinstance(volumes, int) or volumes < 1):
        raise EditionError(f"{where}: volumes must be a positive integer or null")
    contents: dict[str, Contents] = {}
    for vol, c in (e.get("contents") or {}).items():
        if c.get("confidence") not in CONFIDENCES or not c.get("works"):
            raise EditionError(
                f"{where}: contents of volume {vol} need works and a confidence in {CONFIDENCES}"
            )
        contents[str(vol)] = Contents(tuple(c["works"]), c["confidence"])
    title = _req(e, "title", where)
    return Edition(
        id=eid,
        family=fam,
        key=_req(e, "key", where),
        title_zh=title["zh"],
        title_en=title["en"],
        authors=tuple(_req(e, "authors", where)),
        publisher=_req(e, "publisher", where),
        place=_req(e, "place", where),
        years=(years[0], years[1]),
        volumes=volumes,
        language=language,
        edition_marks=tuple(e.get("edition_marks") or ()),
        parts={str(k): tuple(str(x) for x in v) for k, v in (e.get("parts") or {}).items()},
        volume_years={str(k): int(v) for k, v in (e.get("volume_years") or {}).items()},
        contents=contents,
    )


def parse_registry(data: Any, origin: str = REGISTRY_NAME) -> Registry:
    """Check the registry's schema and build it (an `EditionError` names what is wrong)."""
    if not isinstance(data, dict):
        raise EditionError(f"{origin}: not a mapping")
    families = {}
    for fid, f in (_req(data, "families", origin) or {}).items():
        if not f.get("names") or not f.get("short"):
            raise EditionError(f"{origin}: family {fid!r} needs names and short")
        families[fid] = Family(fid, tuple(f["names"]), tuple(f["short"]), bool(f.get("work")))
    editions: dict[str, Edition] = {}
    for e in _req(data, "editions", origin) or []:
        ed = _edition(e, families)
        if ed.id in editions:
            raise EditionError(f"{origin}: duplicate edition id {ed.id!r}")
        editions[ed.id] = ed
    keys = [e.key for e in editions.values()]
    if len(set(keys)) != len(keys):
        raise EditionError(f"{origin}: duplicate short keys")
    works = data.get("works") or {}
    known = set(works) | {
        "capital-vol-1",
        "capital-vol-2",
        "capital-vol-3",
        "grundrisse",
        "economic-manuscripts-1861-63",
        "economic-manuscripts-1863-65",
    }
    for ed in editions.values():
        for vol, c in ed.contents.items():
            for w in c.works:
                if w not in known:
                    raise EditionError(f"{origin}: {ed.id} vol {vol}: unknown work {w!r}")
    return Registry(families, editions, works, data.get("patterns") or {})


@functools.lru_cache(maxsize=4)
def _load(path: str) -> Registry:
    p = Path(path)
    if not p.is_file():
        raise EditionError(f"{p}: the edition registry is missing")
    try:
        data = yaml.safe_load(p.read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        raise EditionError(f"{p}: {exc}") from exc
    return parse_registry(data, str(p))


def load_registry(path: Path | None = None) -> Registry:
    """The registry from ``ontology/editions.yaml`` (read once per path)."""
    return _load(str(path or paths.ontology_dir() / REGISTRY_NAME))


def candidates(
    registry: Registry,
    family: str,
    *,
    year: int | None = None,
    mark: str | None = None,
    volume: str | None = None,
    part: str | None = None,
) -> list[Edition]:
    """The editions of ``family`` consistent with what a note prints (year first, then the
    第N版 mark, then the volume number and part label)."""
    eds = registry.of_family(family)
    if year is not None:
        by_year = [e for e in eds if e.has_year(year)]
        eds = by_year or eds  # a year outside every range: keep all, reported by the caller
    if mark:
        marked = [e for e in eds if mark in e.edition_marks]
        eds = marked or eds
    if volume:
        eds = [e for e in eds if e.has_volume(volume)] or eds
    if part and volume:
        eds = [e for e in eds if volume in e.parts] or eds
    return eds
