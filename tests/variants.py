"""Deterministic layout variants of the shipped paper (issue 11): the same text laid out
as other journals, web pages and converters print it. Nothing here uses the ingester: the
original's layout (footnote blocks at page ends, ``^①`` markers, the other article printed
between （下转第144页） and （上接第80页）) is read with a few regular expressions of its own.

``python -m tests.variants OUT_DIR`` writes every variant to OUT_DIR (for inspection); the
tests build them in memory (`VARIANTS`, `render`).
"""

from __future__ import annotations

import json
import re
import sys
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from tests import PAPER

CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩"
NOTE = re.compile(rf"^\^?([{CIRCLED}]|\{{\*\}})\s*(.*)$")
MARK = re.compile(rf"\^([{CIRCLED}]|\{{\*\}})")
TRANSLATION = PAPER.parent / "translation.en.jsonl"


@dataclass
class Item:
    kind: str  # title author abstract keywords bio text notes refs editor jump-in foreign
    text: str = ""
    notes: list[tuple[str, str]] = field(default_factory=list)  # (label, text) for notes
    page: int = 0  # 1.. the printed page block the item belongs to (notes: the block)


def read_items() -> list[Item]:
    """The original as items, in order; markers stay as printed (``^①``)."""
    lines = [ln.strip() for ln in PAPER.read_text("utf-8").split("\n")]
    lines = [ln for ln in lines if ln]
    jump_out = next(k for k, ln in enumerate(lines) if "（下转" in ln)
    foreign_start = next(k for k in range(jump_out + 1, len(lines)) if not NOTE.match(lines[k]))
    jump_in = next(k for k, ln in enumerate(lines) if ln.startswith("（上接"))
    last_editor = max(k for k, ln in enumerate(lines) if ln.startswith("（编辑"))
    items: list[Item] = []
    page = 1
    for k, line in enumerate(lines):
        m = NOTE.match(line)
        if m and k > last_editor:
            if items[-1].kind != "foreign-notes":
                items.append(Item("foreign-notes", page=page))
            items[-1].notes.append((m.group(1), m.group(2)))
            continue
        if m:
            if items[-1].kind != "notes":
                items.append(Item("notes", page=page))
                page += 1
            items[-1].notes.append((m.group(1), m.group(2)))
            continue
        if foreign_start <= k < jump_in:
            items.append(Item("foreign", line, page=page))
            continue
        if k == jump_in:
            items.append(Item("jump-in", line, page=page))
            continue
        kind = "text"
        if line.startswith("【内容提要】"):
            kind = "abstract"
        elif line.startswith("【关键词】"):
            kind = "keywords"
        elif line.startswith("作者简介"):
            kind = "bio"
        elif line == "参考文献：" or line.startswith("- ["):
            kind = "refs"
        elif line.startswith("（编辑"):
            kind = "editor"
        elif not items:
            kind = "title"
        elif items[-1].kind == "title":
            kind = "author"
        items.append(Item(kind, line, page=page))
    return items


def _global_numbers(items: list[Item]) -> dict[tuple[int, str], int]:
    """(page, label) -> note number 1..58 in reading order (the funding note * excluded)."""
    numbers: dict[tuple[int, str], int] = {}
    for it in items:
        if it.kind == "notes":
            for label, _ in it.notes:
                if label != "{*}":
                    numbers[(it.page, label)] = len(numbers) + 1
    return numbers


def _pages_of_text(items: list[Item]) -> list[int]:
    """For each item, the page whose footnote block resolves its markers."""
    out = []
    for k, it in enumerate(items):
        nxt = next((j for j in items[k:] if j.kind == "notes"), None)
        out.append(nxt.page if nxt else it.page)
    return out


# --- layouts ---------------------------------------------------------------------------


@dataclass
class Layout:
    name: str
    marker: str = "caret"  # caret circled bracket digits markdown fullwidth
    notes: str = "page"  # page | end | gbt
    numbering: str = "page"  # page (restart) | doc (continuous)
    front: str = "original"  # original | brackets | colon | web
    wrap: str = "none"  # none | blank | indent
    furniture: bool = False  # page numbers + running heads at page ends
    web: bool = False  # web-page furniture and converter junk
    traditional: bool = False


def _marker(layout: Layout, label: str, n: int) -> str:
    if label == "{*}":
        return {"caret": "^{*}", "markdown": "[^*]"}.get(layout.marker, "*")
    local = label if layout.numbering == "page" else None
    if layout.marker == "caret":
        return f"^{local}" if local else f"^{{{n}}}"
    if layout.marker == "circled":
        return local or CIRCLED[n - 1]
    return {"bracket": f"[{n}]", "fullwidth": f"［{n}］", "digits": str(n), "markdown": f"[^{n}]"}[
        layout.marker
    ]


def _note_line(layout: Layout, label: str, n: int, text: str) -> str:
    if label == "{*}":
        return {"caret": "^{*}", "markdown": "[^*]:"}.get(layout.marker, "*") + f" {text}"
    if layout.notes == "end" and layout.marker == "digits":
        return f"{n}. {text}"
    if layout.marker == "markdown":
        return f"[^{n}]: {text}"
    if layout.marker in ("bracket", "fullwidth"):
        return f"[{n}] {text}"
    if layout.marker == "caret" and layout.numbering == "doc":
        return f"^{{{n}}} {text}"
    return f"{label if layout.numbering == 'page' else CIRCLED[n - 1]} {text}"


RUNNING_HEAD = "马克思主义研究 2025年第3期"


def _front(layout: Layout, items: list[Item], render_text) -> list[str]:
    title = next(it.text for it in items if it.kind == "title")
    abstract = next(it.text for it in items if it.kind == "abstract")[len("【内容提要】") :]
    keywords = next(it.text for it in items if it.kind == "keywords")[len("【关键词】") :]
    bio = next(it.text for it in items if it.kind == "bio")[len("作者简介：") :]
    funding = next(t for it in items if it.kind == "notes" for lab, t in it.notes if lab == "{*}")
    title_plain = MARK.sub("", title).replace(" ", "")
    head, tail = title_plain[:12], title_plain[12:]
    if layout.front == "original":
        return [
            render_text(title),
            "徐景一",
            render_text(abstract, "【内容提要】"),
            f"【关键词】{keywords}",
            f"作者简介：{bio}",
        ]
    en = [json.loads(ln) for ln in TRANSLATION.read_text("utf-8").splitlines() if ln.strip()]
    title_en = next(r["en"] for r in en if r["kind"] == "title")
    abstract_en = " ".join(r["en"] for r in en if r["kind"] == "abstract")
    kw = keywords.split()
    if layout.front == "brackets":
        return [
            head,
            tail,
            "徐景一",
            "（吉林大学 马克思主义学院，吉林 长春 130012）",
            render_text(abstract, "[摘 要] "),
            "[关键词] " + "；".join(kw),
            "中图分类号：A811　文献标识码：A　文章编号：1000-0000(2025)03-0001-12",
            "DOI：10.0000/mkyj.2025.03.001",
            title_en,
            "XU Jingyi",
            "(School of Marxism, Jilin University, Changchun 130012, China)",
            f"Abstract: {abstract_en}",
            "Key words: system of machinery; capitalist application; AI technology",
            f"基金项目：{funding}",
            f"作者简介：{bio}",
            "收稿日期：2025-01-15",
        ]
    if layout.front == "colon":
        return [
            f"{title_plain}——基于马克思机器体系理论的考察",
            "徐景一1",
            "（1. 吉林大学马克思主义学院，吉林 长春 130012）",
            render_text(abstract, "内容提要："),
            "关键词：" + "，".join(kw),
            f"项目：{funding}",
        ]
    if layout.front == "web":
        return [
            "APP下载",
            "首页 > 学术 > 正文",
            "首页 | 学术 | 理论 | 视频",
            render_text(title),
            "来源：《马克思主义研究》 | 作者：徐景一",
            "分享到：",
            "徐景一",
            render_text(abstract, "【摘要】"),
            "【关键词】" + " ".join(kw),
            f"作者简介：{bio}",
        ]
    raise ValueError(layout.front)


def _notes_lines(
    layout: Layout,
    it: Item,
    numbers: dict[tuple[int, str], int],
    endnotes: list[tuple[str, int, str]],
) -> list[str]:
    """A page's footnotes in ``layout`` (printed there, or kept in ``endnotes`` but for the
    funding note), then the page's number and running head where the layout has them."""
    out: list[str] = []
    notes = [
        (lab, t)
        for lab, t in it.notes
        if not (lab == "{*}" and layout.front in ("brackets", "colon"))
    ]
    if layout.notes == "page":
        out.extend(_note_line(layout, lab, numbers.get((it.page, lab), 0), t) for lab, t in notes)
    else:  # the funding note stays at the foot of page 1
        out.extend(_note_line(layout, lab, 0, t) for lab, t in notes if lab == "{*}")
        endnotes.extend(
            (lab, numbers.get((it.page, lab), 0), t) for lab, t in notes if lab != "{*}"
        )
    if layout.furniture or layout.notes != "page":
        out.append(f"· {it.page + 56} ·")
        out.append(
            RUNNING_HEAD
            if it.page % 2
            else "徐景一：马克思机器体系理论视域下人工智能技术资本主义应用困境研究"
        )
    return out


def _foreign_lines(layout: Layout, it: Item) -> list[str]:
    """The other article's text (or its footnotes) sharing a page, with markers as laid out."""
    if it.kind == "foreign-notes":
        if layout.notes == "page" and layout.numbering == "page":
            return [f"{'^' if layout.marker == 'caret' else ''}{lab} {t}" for lab, t in it.notes]
        return []
    text = it.text
    if not (layout.notes == "page" and layout.numbering == "page"):
        text = MARK.sub("", text)
    elif layout.marker != "caret":
        text = MARK.sub(lambda m: m.group(1), text)
    return [text]


def _render_text(
    layout: Layout, numbers: dict[tuple[int, str], int], pg: int, text: str, prefix: str
) -> str:
    """``prefix`` + ``text`` (on page ``pg``) with its note markers as the layout prints them."""

    def sub(m: re.Match) -> str:
        label = m.group(1)
        return _marker(layout, label, numbers.get((pg, label), 0))

    return prefix + MARK.sub(sub, text)


def render(layout: Layout) -> str:
    """The paper in ``layout`` (text; PDF layouts are typeset from this by tests.pdf)."""
    items = read_items()
    numbers = _global_numbers(items)
    pages = _pages_of_text(items)
    gbt = layout.notes == "gbt"
    out: list[str] = []
    endnotes: list[tuple[str, int, str]] = []
    paragraph_starts: set[int] = set()  # indices into out of lines that start a paragraph
    prev_text, prev_heading = "。", False

    def render_text(text: str, prefix: str = "", page: int | None = None, k: int = 0) -> str:
        return _render_text(layout, numbers, page if page is not None else pages[k], text, prefix)

    abstract_page = next(pages[k] for k, it in enumerate(items) if it.kind == "abstract")
    for k, it in enumerate(items):
        if it.kind in ("title", "author", "abstract", "keywords", "bio"):
            if it.kind == "title":
                out.extend(_front(layout, items, lambda t, p="": render_text(t, p, abstract_page)))
            continue
        if it.kind == "notes":
            out.extend(_notes_lines(layout, it, numbers, endnotes))
            continue
        if it.kind in ("foreign-notes", "foreign"):
            out.extend(_foreign_lines(layout, it))
            continue
        if it.kind == "refs" and gbt:
            if it.text == "参考文献：":
                continue
            m = re.match(r"^- \[([0-9]+)\] (.*)$", it.text)
            endnotes.append(("bib", 58 + int(m.group(1)), m.group(2)))
            continue
        if it.kind == "refs" and layout.notes == "end" and it.text == "参考文献：":
            out.append("注释：")
            out.extend(_note_line(layout, lab, n, t) for lab, n, t in endnotes if lab != "{*}")
            endnotes = [e for e in endnotes if e[0] == "{*}"]
        if (
            it.kind == "editor"
            and gbt
            and k == len(items) - 1
            or (it.kind == "editor" and gbt and all(j.kind != "text" for j in items[k + 1 :]))
        ):
            out.append("参考文献：")
            out.extend(f"[{n}] {t}" for lab, n, t in endnotes if lab != "{*}")
        if it.kind == "text":
            heading = re.match(r"^(?:[一二三]、|[0-9]\. )", it.text) or (
                prev_text.startswith(("一、", "二、", "三、")) and prev_text.endswith("：")
            )
            if not heading and re.search(r"[。！？]”?$", prev_text) or prev_heading:
                paragraph_starts.add(len(out))
            prev_heading, prev_text = bool(heading), it.text
        out.append(render_text(it.text, "", None, k) if it.kind == "text" else it.text)
    if layout.front == "colon":
        out.append(f"作者简介：{next(it.text for it in items if it.kind == 'bio')[5:]}")
        out.append("收稿日期：2025-01-15")
    return _finish(_wrap(out, layout, paragraph_starts), layout)


def _finish(text: str, layout: Layout) -> str:
    """The wrapped text as the layout's source has it: web junk, traditional script."""
    if layout.web:
        text = _web(text)
    if layout.traditional:
        from opencc import OpenCC

        text = OpenCC("s2t").convert(text)
    return text


def _web(text: str) -> str:
    """Converter junk (pinyin after a character) and sharing/navigation lines."""
    text = text.replace("神经科学、", "神经科学(xué)、", 1).replace("统计学等", "统计学(xué)等", 1)
    return text.replace("\n\n参考文献：", "\n\n返回顶部\n\n分享到：微信 微博\n\n参考文献：", 1)


WIDTH = 70  # display columns: 35 CJK characters


def _width(ch: str) -> int:
    return 2 if unicodedata.east_asian_width(ch) in "WF" else 1


_NO_CUT_BEFORE = re.compile(
    r"^(?:[\^①-⑩［\[]|[0-9]|[一二三四五六七八九十]+[、\s]|[（(]|第|[【\[]|摘|关|作者|基金|收稿|中图|文章|文献|DOI"
    r"|Abstract|Key|参考|注|[-*•])"
)


def _wrap_line(line: str) -> list[str]:
    """Break a line every ~35 CJK characters, never inside a Latin word or a marker and
    never where the rest would look like the start of a heading, note or label."""
    out: list[str] = []
    while sum(_width(c) for c in line) > WIDTH:
        cut, w = 0, 0
        while w + _width(line[cut]) <= WIDTH:
            w += _width(line[cut])
            cut += 1
        while cut > 10:
            a, b = line[cut - 1], line[cut]
            ok = (
                not a.isspace()
                and not b.isspace()
                and (not (a.isascii() and b.isascii()) or a in "/-_=&?" and b.isalnum())
                and a not in "^{"
                and not _NO_CUT_BEFORE.match(line[cut:])
            )
            space = (
                b == " "
                and a.isascii()
                and line[cut + 1 : cut + 2].isascii()
                and line[cut + 1 : cut + 2].isalnum()
            )
            if ok or space:
                break
            cut -= 1
        if line[cut] == " ":
            out.append(line[:cut])
            line = line[cut + 1 :]
        else:
            out.append(line[:cut])
            line = line[cut:]
    out.append(line)
    return out


def _wrap(lines: list[str], layout: Layout, paragraph_starts: set[int]) -> str:
    if layout.wrap == "none":
        return "\n\n".join(lines) + "\n"
    if layout.wrap == "blank":
        return "\n\n".join("\n".join(_wrap_line(ln)) for ln in lines) + "\n"
    out = []
    for k, ln in enumerate(lines):
        out.extend(_wrap_line(("　　" if k in paragraph_starts else "") + ln))
    return "\n".join(out) + "\n"


VARIANTS: dict[str, Layout] = {
    v.name: v
    for v in [
        Layout("original"),
        Layout("front-brackets", front="brackets"),
        Layout("front-colon-subtitle", front="colon", marker="circled"),
        Layout("web-page", front="web", web=True),
        Layout("print-furniture", furniture=True),
        Layout("endnotes-bracket", marker="bracket", notes="end", numbering="doc"),
        Layout("endnotes-superscript-digits", marker="digits", notes="end", numbering="doc"),
        Layout("markdown-footnotes", marker="markdown", numbering="doc"),
        Layout("continuous-fullwidth", marker="fullwidth", numbering="doc"),
        Layout("gbt-numeric", marker="bracket", notes="gbt", numbering="doc", front="brackets"),
        Layout("hardwrap-blank", wrap="blank"),
        Layout("hardwrap-indent", wrap="indent", furniture=True),
        Layout("traditional", traditional=True),
    ]
}


def main(argv: list[str]) -> None:
    out = Path(argv[0] if argv else "variants-out")
    out.mkdir(parents=True, exist_ok=True)
    for name, layout in VARIANTS.items():
        (out / f"{name}.md").write_text(render(layout), encoding="utf-8")


if __name__ == "__main__":
    main(sys.argv[1:])
