"""``marxkg cite``: a footnote or short key rendered back in a journal style."""

from __future__ import annotations

import typer

from marxkg.commands import fail as _fail


def cite(
    text: str = typer.Argument(
        ...,
        metavar="TEXT",
        help="A footnote as printed, or a key (文集5:443, "
        "资本论2004-1:443, MEW23:391; docs/citations.md).",
    ),
    style: str = typer.Option(
        "gbt7714-note",
        "--style",
        "-s",
        help="A style of the registry (marxkg.export.render.STYLES): "
        "gbt7714-note, gbt7714-numeric, gbt7714-author-date, "
        "cn-note-publisher-year, cn-note-full, cn-note-compact, "
        "chicago-notes; or all, csl-json.",
    ),
) -> None:
    """Render a footnote's references (or a short key) in a journal style.

    Examples:

      marxkg cite "《马克思恩格斯文集》第5卷，人民出版社2009年版，第443页。"

      marxkg cite 全集1-46.2:219 --style cn-note-publisher-year

      marxkg cite "MEW 23, S. 391" --style all
    """
    from marxkg.export.cite import CITE_STYLES, CiteError, dumps_cite

    if style not in CITE_STYLES:
        _fail(f"unknown style {style!r}: choose one of {', '.join(CITE_STYLES)}")
    try:
        typer.echo(dumps_cite(text, style), nl=False)
    except CiteError as exc:
        _fail(str(exc))
