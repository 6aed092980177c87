"""The front-matter walk: which leading lines are title, subtitle, authors, affiliations,
labelled fields and English front matter, and where the body starts. Every guess that
could be wrong (a title joined over lines, a line skipped before the title, an unknown
line) is reported as uncertain."""

from __future__ import annotations

from marxkg.ingest import frontmatter as fm
from marxkg.ingest.layout import Unit
from marxkg.ingest.lines import heading, strip_markers
from marxkg.ingest.state import ParseState, RawBlock
from marxkg.model import Uncertain

MAX_TITLE_LINE = 40


def _title_like(text: str) -> bool:
    return (
        len(text) <= MAX_TITLE_LINE
        and not fm.split_labelled(text)
        and not fm.is_english(text)
        and not fm.is_author_line(text)
        and not fm.AFFILIATIONS.match(text)
        and not any(p in text for p in "。，；！？")
    )


def add_labelled(st: ParseState, unit: Unit, name: str, value: str) -> None:
    """Store a labelled field; abstract and keywords are also reading text."""
    if name == "abstract":
        clean, markers = (
            strip_markers(value, st.style, unit.line) if st.style != "digits" else (value, [])
        )
        st.front.abstract = clean
        st.blocks.append(RawBlock("abstract", clean, None, [unit.line], markers))
        st.page_markers.extend((len(st.blocks) - 1, k) for k in range(len(markers)))
    elif name == "keywords":
        st.front.keywords = fm.split_keywords(value)
        st.blocks.append(RawBlock("keywords", value.strip(), None, [unit.line]))
    else:
        fm.apply_field(name, value, st.front)


def _set_title(st: ParseState, unit: Unit, text: str) -> None:
    clean, markers = (
        strip_markers(text, st.style, unit.line) if st.style != "digits" else (text, [])
    )
    st.funding_marker = any(label == "*" for label, _, _ in markers)
    if clean.rstrip().endswith("*"):  # bare "*" after the title (non-caret styles)
        clean, st.funding_marker = clean.rstrip()[:-1], True
    title = fm.clean_title(clean)
    if "——" in title.strip("—"):
        main, _, sub = title.partition("——")
        title, st.front.subtitle = main.strip(), sub.strip()
    st.front.title = title
    st.blocks.append(RawBlock("title", title, None, [unit.line]))


def _read_title_rest(st: ParseState, units: list[Unit], i: int) -> int:
    """A title broken over lines, or a subtitle printed under it, from ``units[i]`` on;
    return the index of the first unit after them."""
    while i < len(units) and units[i].kind == "text":
        more = units[i].text.strip()
        if more.startswith(("——", "—", "－－")):
            st.front.subtitle = more.lstrip("—－ ").strip()
            i += 1
            continue
        if (
            _title_like(more)
            and not st.front.subtitle
            and heading(more) is None
            and len(st.front.title) + len(more) <= 60
        ):
            after = units[i + 1].text if i + 1 < len(units) and units[i + 1].kind == "text" else ""
            if (
                fm.is_author_line(after)
                or fm.split_labelled(after)
                or fm.AFFILIATIONS.match(after)
                or fm.is_english(after)
                or after.startswith(("——", "—", "－－"))
            ):
                clean, _ = strip_markers(more, st.style, units[i].line)
                st.front.title += fm.clean_title(clean.rstrip("*"))
                st.blocks[-1].text = st.front.title
                st.blocks[-1].lines.append(units[i].line)
                st.unsure(
                    "title",
                    units[i].line,
                    more,
                    "joined to the title line before it (title broken over lines)",
                )
                i += 1
                continue
        break
    return i


def read_front_matter(st: ParseState, units: list[Unit]) -> int:
    """Consume the front matter; return the index of the first body unit."""
    i = 0
    skipped: list[Unit] = []
    while i < len(units):
        unit = units[i]
        if unit.kind == "page-break":
            i += 1
            continue
        if unit.kind != "text":
            break
        text = unit.text
        labelled = fm.split_labelled(text)
        if labelled:
            for name, value in labelled:
                add_labelled(st, unit, name, value)
            i += 1
            continue
        nxt = next((u for u in units[i + 1 :] if u.kind != "page-break"), None)
        nxt_text = nxt.text if nxt is not None and nxt.kind == "text" else ""
        if not st.front.title:
            if heading(text) is not None and not skipped:
                st.unsure(
                    "title",
                    unit.line,
                    text,
                    "no title line before the first heading: title left empty",
                )
                break
            if (
                fm.is_author_line(text)
                and len(fm.parse_authors(text)) <= 3
                and nxt_text
                and _title_like(nxt_text)
                and len(nxt_text) > 8
            ):
                st.front.authors = fm.parse_authors(text)
                st.front.author = st.front.authors[0]
                st.unsure(
                    "title",
                    unit.line,
                    text,
                    "a name-like line before a longer line: taken as the author, not title",
                )
                i += 1
                continue
            if fm.is_english(text) or len(text) > 2 * MAX_TITLE_LINE:
                skipped.append(unit)
                i += 1
                continue
            _set_title(st, unit, text)
            if skipped:
                st.unsure(
                    "title",
                    unit.line,
                    st.front.title,
                    f"title taken after skipping line(s) "
                    f"{', '.join(str(u.line) for u in skipped)}: "
                    f"{' / '.join(u.text[:12] for u in skipped)}",
                )
            i += 1
            i = _read_title_rest(st, units, i)
            continue
        if fm.is_author_line(text) and not st.front.authors:
            st.front.authors = fm.parse_authors(text)
            st.front.author = st.front.author or st.front.authors[0]
        elif fm.AFFILIATIONS.match(text):
            st.front.affiliations.extend(fm.parse_affiliations(text))
        elif fm.is_english(text) and len(text) < 300:
            if st.front.title_en is None:
                st.front.title_en = text.strip()
            else:
                st.unsure(
                    "front-matter",
                    unit.line,
                    text,
                    "English line in the front matter (author/affiliation?): not used",
                )
        else:
            break
        i += 1
    return i


def take_web_authors(st: ParseState, web_authors: tuple[int, str] | None) -> None:
    """A web page that printed no author line before the title names the authors on its
    line of article facts (来源：… 作者：王立新 发布时间：…, excluded as web furniture):
    they are the document's, reported with that line."""
    if st.front.authors or web_authors is None:
        return
    line, names = web_authors
    st.front.authors = fm.parse_authors(names)
    st.front.author = st.front.author or st.front.authors[0]
    st.uncertain.append(
        Uncertain("author", line, names[:40], "authors taken from the web page's 作者 line")
    )
