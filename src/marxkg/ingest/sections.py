"""Sections: a heading-shaped line is a heading only if it fits the numbering sequence;
the hierarchy (part, subsection, decimal subsection, item) is kept in section ids."""

from __future__ import annotations

from marxkg.ingest.lines import chinese_number
from marxkg.ingest.state import ParseState
from marxkg.model import Section


def fits_sequence(st: ParseState, kind: str, number: str) -> str | None:
    """Why a heading-shaped line breaks the numbering sequence (None if it fits)."""
    if kind == "decimal":
        parts = [int(x) for x in number.split(".")]
        want_part = st.numbers["part"] or parts[0]
        if parts[0] != want_part or parts[1] != st.numbers["sub"] + 1 and len(parts) == 2:
            return f"{number} does not follow section {want_part}.{st.numbers['sub']}"
        return None
    n = int(number) if number.isdigit() else chinese_number(number)
    if n == st.numbers[kind] + 1 or kind == "sub" and n == st.numbers["sub_any"] + 1:
        return None  # subsections may also be numbered through the paper
    return f"number {number} does not follow {st.numbers[kind]}"


def open_section(st: ParseState, kind: str, number: str, title: str, block: int) -> None:
    if kind == "part":
        sid = str(chinese_number(number))
        st.sections.append(Section(sid, number, title, 1, None, block))
        st.part, st.sub = sid, None
        st.numbers.update(part=int(sid), sub=0, item=0)
    elif kind == "decimal":
        parts = number.split(".")
        sid = ".".join(parts[:2])
        parent = parts[0] if any(s.id == parts[0] for s in st.sections) else None
        st.sections.append(Section(sid, number, title, 2, parent, block))
        st.sub = sid
        st.numbers.update(part=int(parts[0]), sub=int(parts[1]), item=0)
    elif kind == "item":
        parent = st.sub or st.part
        sid = f"{parent}.{number}" if parent else number
        st.sections.append(Section(sid, number, title, 3, parent, block))
        st.numbers["item"] = int(number)
    else:
        n = number if number.isdigit() else str(chinese_number(number))
        parent = st.part
        sid = f"{parent}.{n}" if parent else n
        st.sections.append(Section(sid, number, title, 2, parent, block))
        st.sub = sid
        st.numbers.update(sub=int(n), sub_any=int(n), item=0)
    st.section = sid


def open_named(st: ParseState, which: str, title: str, block: int) -> None:
    """An unnumbered heading: ``引言`` opens the introduction (``intro``), ``结语`` a closing
    part (``conclusion``) after the numbered ones."""
    sid = "intro" if which == "opening" else "conclusion"
    title = "".join(title.split())  # 引  言 -> 引言
    st.sections.append(Section(sid, None, title, 1, None, block))
    st.part, st.sub, st.section = sid, None, sid
