"""References rendered back in journal styles through citeproc-py and CSL style files.

`STYLES` is the registry (the CLI's ``--style`` choices come from it). Each style names a
CSL file shipped in ``export/styles/`` (CC BY-SA 3.0, see ``export/styles/NOTICE``), what
it renders (``note``: the footnote form with the cited pages as locator; ``bibliography``:
the 参考文献 entry with the pages) and the languages of the references it is meant for
(Chinese journal styles for Chinese editions, Chicago for MECW/MEW/Penguin; GB/T for both).

citeproc-py implements a subset of CSL 1.0.1; what it prints is taken as it is (GB/T prints
the volume as ``卷 5``, and no ``第…页`` label round the locator in 《马克思主义研究》), and
`marxkg.citations.parse` reads every form back (tests/test_render.py round-trips them).
"""

from __future__ import annotations

import functools
import html
import warnings
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from marxkg.citations.csl import to_csl
from marxkg.citations.fold import pages_label
from marxkg.model import Reference

STYLES_DIR = Path(__file__).resolve().parent / "styles"


@dataclass(frozen=True)
class Style:
    name: str
    file: str
    label: str
    mode: str  # "note" | "bibliography"
    languages: tuple[str, ...]


STYLES: dict[str, Style] = {s.name: s for s in (
    Style("gbt7714-note", "china-national-standard-gb-t-7714-2015-note.csl",
          "GB/T 7714-2015 脚注 (note)", "note", ("zh-Hans",)),
    Style("gbt7714-numeric", "china-national-standard-gb-t-7714-2015-numeric.csl",
          "GB/T 7714-2015 顺序编码 (numeric)", "bibliography", ("zh-Hans",)),
    Style("gbt7714-author-date", "china-national-standard-gb-t-7714-2015-author-date.csl",
          "GB/T 7714-2015 著者-出版年 (author-date)", "bibliography", ("zh-Hans",)),
    Style("studies-on-marxism", "studies-on-marxism.csl",
          "《马克思主义研究》 (note)", "note", ("zh-Hans",)),
    Style("chicago-notes", "chicago-notes-bibliography.csl",
          "Chicago 18th ed. notes (MECW, MEW, Penguin)", "note", ("en", "de")),
)}
DEFAULT_STYLE = "gbt7714-note"


class RenderError(ValueError):
    """A style that is unknown or does not apply to the reference."""


@functools.lru_cache(maxsize=8)
def _style(name: str) -> Any:
    from citeproc import CitationStylesStyle  # type: ignore[import-untyped]

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return CitationStylesStyle(str(STYLES_DIR / STYLES[name].file), validate=False)


def styles_for(ref: Reference) -> list[str]:
    """The registered styles meant for this reference's language."""
    return [n for n, s in STYLES.items() if ref.language in s.languages]


def render(ref: Reference, style: str = DEFAULT_STYLE) -> str:
    """One reference as the style prints it (plain text, deterministic)."""
    from citeproc import (
        Citation,
        CitationItem,
        CitationStylesBibliography,
        Locator,
        formatter,
    )
    from citeproc.source.json import CiteProcJSON  # type: ignore[import-untyped]

    if style not in STYLES:
        raise RenderError(f"unknown style {style!r}: choose one of {', '.join(STYLES)}")
    spec = STYLES[style]
    if ref.language not in spec.languages:
        raise RenderError(f"style {style!r} is for {', '.join(spec.languages)} references; "
                          f"this one is {ref.language}: use {', '.join(styles_for(ref))}")
    item = dict(ref.csl or to_csl(ref))
    item["id"] = "item"
    item.pop("custom", None)
    pages = pages_label(ref.pages) if ref.pages else None
    if spec.mode == "note":
        item.pop("page", None)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        bib = CitationStylesBibliography(_style(style), CiteProcJSON([item]), formatter.plain)
        locator = Locator("page", pages) if pages and spec.mode == "note" else None
        citation = Citation([CitationItem("item", locator=locator)] if locator
                            else [CitationItem("item")])
        bib.register(citation)
        if spec.mode == "note":
            text = str(bib.cite(citation, lambda _item: None))
        else:
            text = str(bib.bibliography()[0])
    return html.unescape(" ".join(text.split()))


def render_all(ref: Reference) -> dict[str, str]:
    """Every applicable style's rendering of one reference."""
    return {name: render(ref, name) for name in styles_for(ref)}
