"""The ingester's working state while it walks the layout units of one source."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from marxkg.model import Excluded, FrontMatter, Issue, Section, Uncertain


@dataclass
class RawBlock:
    kind: str
    text: str
    section: str | None
    lines: list[int]
    markers: list[tuple[str, int, int]] = field(default_factory=list)  # label, rel offset, line
    locators: dict[int, str] = field(default_factory=dict)  # marker index -> page after it


@dataclass
class ParseState:
    style: str
    continuous: bool = False  # notes numbered through the document (endnotes, GB/T)
    numeric: bool = False  # GB/T 7714: [n] points to the n-th entry of 参考文献
    front: FrontMatter = field(default_factory=FrontMatter)
    blocks: list[RawBlock] = field(default_factory=list)
    sections: list[Section] = field(default_factory=list)
    issues: list[Issue] = field(default_factory=list)
    uncertain: list[Uncertain] = field(default_factory=list)
    joins: list[tuple[int, int, str, tuple[int, int]]] = field(default_factory=list)
    notes: list[tuple[str, str, int, int, list[tuple[int, int]]]] = field(default_factory=list)
    excluded: list[Excluded] = field(default_factory=list)
    group: int = 1
    page_markers: list[tuple[int, int]] = field(default_factory=list)  # (block, marker idx)
    join_pending: str | None = None
    funding_marker: bool = False
    section: str | None = None
    part: str | None = None
    sub: str | None = None
    numbers: dict[str, int] = field(
        default_factory=lambda: {"part": 0, "sub": 0, "sub_any": 0, "item": 0}
    )
    digit_expect: int = 1
    bibliography: list[tuple[str, str, int]] = field(default_factory=list)
    foreign: list[str] = field(default_factory=list)  # marker labels in excluded text
    line_at: Callable[[int, int], int] = lambda line, offset: line  # re-flowed lines

    def unsure(self, kind: str, line: int | None, excerpt: str, decision: str) -> None:
        self.uncertain.append(Uncertain(kind, line, excerpt[:40], decision))
