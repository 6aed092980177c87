"""Page and web furniture: page numbers, running heads, web navigation, converter junk.

The patterns are curated data (``furniture.yaml`` next to this module). `strip_furniture`
blanks furniture lines (so that source line numbers stay valid), removes inline junk, and
returns the line numbers that mark a page break together with one `Uncertain` entry per
excluded line or piece.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from typing import Any

import yaml

from marxkg.model import Uncertain

_SENTENCE_PUNCT = re.compile(r"[，。；！？,;]")
_MARKER_START = re.compile(r"^[\^\[［〔【①-⑳*]")
_CJK = re.compile(r"[\u3400-\u9fff]")


# the names after 作者： on a web page's line of article facts (来源：… 作者：王立新 发布时间：…)
WEB_AUTHORS = re.compile(
    r"(?:作者|作\s者)\s*[:：]\s*(?P<names>[\u3400-\u9fff·]{2,6}(?:\s*[、，,；;]\s*[\u3400-\u9fff·]{2,6})*)"
    r"(?=\s{2,}|\s+[^\s:：]{2,8}\s*[:：]|[\s|｜]*$)"
)


@dataclass
class Furniture:
    lines: list[str]  # the source lines, furniture blanked, junk removed
    page_breaks: set[int] = field(default_factory=set)  # 1-based lines that end a page
    uncertain: list[Uncertain] = field(default_factory=list)
    # (line, names) of the first web furniture line that names the authors (作者：…)
    web_authors: tuple[int, str] | None = None


@lru_cache(maxsize=1)
def patterns() -> dict[str, Any]:
    data = yaml.safe_load(
        resources.files("marxkg.ingest").joinpath("furniture.yaml").read_text("utf-8")
    )
    return {
        "page_number": [re.compile(rf"^(?:{p})$") for p in data["page_number"]],
        "web": [re.compile(rf"^(?:{p})$") for p in data["web"]],
        "inline_junk": [re.compile(p) for p in data["inline_junk"]],
        "min_repeats": int(data["running_head"]["min_repeats"]),
        "max_length": int(data["running_head"]["max_length"]),
    }


def _head_key(line: str) -> str:
    return re.sub(r"[0-9]+", "#", re.sub(r"\s+", "", line))


# a Chinese character, full-width punctuation, quotation marks, a circled note number
_WIDE = "\u3400-\u9fff\u3000-\u303f\uff00-\uffef“”‘’\u2460-\u24ff"
_SPACED = re.compile(rf"(?<=[{_WIDE}])[ \t]+(?=[{_WIDE}])")
_ADJACENT = re.compile(rf"[{_WIDE}](?=[{_WIDE}])")


def close_letter_spacing(lines: list[str]) -> tuple[list[str], int]:
    """Text whose Chinese characters a PDF converter printed apart (``马 克 思 指 出 ，``):
    when more pairs of neighbouring characters stand apart than together, the spaces
    between them are removed (a wider gap, between words such as keywords, becomes one
    space; the spaces beside a digit or a Latin word stay). Returns the lines and how many
    gaps were closed (0: not letter-spaced)."""
    spaced = sum(len(_SPACED.findall(line)) for line in lines)
    adjacent = sum(len(_ADJACENT.findall(line)) for line in lines)
    if spaced < 20 or spaced <= adjacent:
        return lines, 0
    return [_SPACED.sub(_close, line) for line in lines], spaced


def _close(gap: re.Match[str]) -> str:
    """A letter gap (one space) goes; a word gap (wider) becomes one space."""
    return "" if len(gap.group(0)) == 1 else " "


def strip_furniture(lines: list[str]) -> Furniture:
    """Close letter-spaced text, blank furniture lines, remove inline junk; report each
    exclusion."""
    lines, closed = close_letter_spacing(lines)
    pats = patterns()
    counts: dict[str, int] = {}
    for raw in lines:
        line = raw.strip()
        if (
            line
            and len(line) <= pats["max_length"]
            and not _SENTENCE_PUNCT.search(line)
            and not _MARKER_START.match(line)
            and _CJK.search(line)
        ):
            counts[_head_key(line)] = counts.get(_head_key(line), 0) + 1
    out = Furniture(list(lines))
    if closed:
        out.uncertain.append(
            Uncertain(
                "furniture",
                None,
                f"{closed} spaces",
                "letter-spaced text: the spaces between Chinese characters removed",
            )
        )
    for i, raw in enumerate(lines, start=1):
        line = raw.strip()
        if not line:
            continue
        kind = None
        if any(p.match(line) for p in pats["page_number"]):
            kind = "page number"
        elif (
            counts.get(_head_key(line), 0) >= pats["min_repeats"]
            and len(line) <= pats["max_length"]
            and not _SENTENCE_PUNCT.search(line)
        ):
            kind = "running head"
        elif any(p.match(line) for p in pats["web"]):
            kind = "web furniture"
        if kind == "web furniture" and out.web_authors is None:
            if (m := WEB_AUTHORS.search(line)) is not None:
                out.web_authors = (i, m["names"])
        if kind:
            out.lines[i - 1] = ""
            if kind != "web furniture":
                out.page_breaks.add(i)
            out.uncertain.append(Uncertain("furniture", i, line[:40], f"excluded ({kind})"))
            continue
        for p in pats["inline_junk"]:
            found = p.findall(line)
            if found:
                out.lines[i - 1] = p.sub("", out.lines[i - 1])
                out.uncertain.append(
                    Uncertain(
                        "furniture",
                        i,
                        " ".join(found)[:40],
                        f"excluded {len(found)} converter junk piece(s) inside the line",
                    )
                )
    return out
