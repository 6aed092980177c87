"""Folding printed variants together before matching: width, script and dashes.

`fold` maps full-width to half-width (NFKC: ``，：（５`` -> ``,:(5``, ``Ⅱ`` -> ``II``,
``MEGA²`` -> ``MEGA2``) and traditional to simplified characters (``頁`` -> ``页``,
``馬克思`` -> ``马克思``). Only the matcher sees folded text; records keep what was printed
where a field is copied (titles come from the registry).
"""

from __future__ import annotations

import functools
import re
import unicodedata
from typing import Any

from marxkg.model import PageRange

DASH = r"[-‐‑‒–—―~～至]+"  # every dash a page range is printed with, and 至
PAGE_TOKEN = r"[0-9A-Za-zⅠ-Ⅻⅰ-ⅻ]+"


@functools.lru_cache(maxsize=1)
def _t2s() -> Any:
    import opencc

    return opencc.OpenCC("t2s")


@functools.lru_cache(maxsize=4096)
def fold(text: str) -> str:
    """Half-width, simplified, single spaces; ``。``/``．`` kept apart from ``.``."""
    folded = unicodedata.normalize("NFKC", text)
    if any("\u4e00" <= ch <= "\u9fff" for ch in folded):
        folded = _t2s().convert(folded)
    folded = folded.replace("\u3000", " ")
    return re.sub(r"[ \t]+", " ", folded).strip()


def parse_page_list(text: str) -> list[PageRange]:
    """``443、445``, ``443-445``, ``443 至 445``, ``391f.`` -> page ranges (as printed)."""
    ranges: list[PageRange] = []
    for part in re.split(r"\s*(?:[、,，;]|\band\b|\bund\b)\s*", text.strip().rstrip(".。")):
        part = re.sub(r"(?<=\d)\s*ff?\.?$", "", part.strip())  # S. 391f. -> 391
        if not part:
            continue
        bounds = [b for b in re.split(rf"\s*{DASH}\s*", part) if b]
        if len(bounds) == 2:
            start, end = bounds
            if (
                start.isdigit()
                and end.isdigit()
                and len(end) < len(start)
                and int(start[-len(end) :]) < int(end)
            ):  # pp. 443-5 -> 443-445
                end = start[: len(start) - len(end)] + end
            ranges.append(PageRange(start, end))
        elif len(bounds) == 1:
            ranges.append(PageRange(bounds[0], bounds[0]))
    return ranges


def valid_pages(ranges: list[PageRange]) -> bool:
    return bool(ranges) and all(
        re.fullmatch(PAGE_TOKEN, p.start) and re.fullmatch(PAGE_TOKEN, p.end) for p in ranges
    )


def pages_label(ranges: list[PageRange], sep: str = ",") -> str:
    return sep.join(p.label for p in ranges)
