"""Folding printed variants together before matching: width, script and dashes.

`fold` maps full-width to half-width (NFKC: ``，：（５`` -> ``,:(5``, ``Ⅱ`` -> ``II``,
``MEGA²`` -> ``MEGA2``), traditional to simplified characters (``頁`` -> ``页``,
``馬克思`` -> ``马克思``) and a volume number printed in Chinese numerals to digits
(``第一卷`` -> ``第1卷``, ``第四十六卷`` -> ``第46卷``, as many journals print 《资本论》's
volumes). Only the matcher sees folded text; records keep what was printed where a field
is copied (titles come from the registry).
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
        folded = CHINESE_VOLUME.sub(lambda m: f"第{chinese_number(m.group(1))}卷", folded)
    folded = folded.replace("\u3000", " ")
    return re.sub(r"[ \t]+", " ", folded).strip()


CHINESE_DIGITS = {"〇": 0, "零": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5}
CHINESE_DIGITS |= {"六": 6, "七": 7, "八": 8, "九": 9}
CHINESE_VOLUME = re.compile(r"第\s*([〇零一二两三四五六七八九十百]+)\s*卷")


def chinese_number(text: str) -> int:
    """A number below 1,000 in Chinese numerals: ``四十六`` -> 46, ``十`` -> 10, ``一百零五``
    -> 105, and digit by digit (``二〇〇九`` -> 2009)."""
    if "十" not in text and "百" not in text:
        return int("".join(str(CHINESE_DIGITS[ch]) for ch in text))
    total, digit = 0, 0
    for ch in text:
        if ch == "百":
            total, digit = total + (digit or 1) * 100, 0
        elif ch == "十":
            total, digit = total + (digit or 1) * 10, 0
        else:
            digit = CHINESE_DIGITS[ch]
    return total + digit


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
