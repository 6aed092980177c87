"""What surrounds the cited item in a note: 参见, 转引自, 同上, several items, plain notes.

- ``参见…`` / ``参看…`` / ``详见…`` / ``See …`` / ``Vgl. …``: the item is cited as "see".
- ``转引自…``: the item is the source a quotation was taken from (``via``); ``A，转引自B``
  is two items: A (the original) and B (``via="转引自"``).
- ``同上。`` / ``同上，第N页。`` / ``同上书，第N页。`` / ``同上，第2卷，第N页`` / ``Ibid., p. N`` /
  ``Ebd., S. N``: repeats the previous item (`marxkg.citations.resolve` fills it in).
- A note that matches no reference pattern and shows none of the registry's
  ``reference_cues`` (words) and ``reference_cue_patterns`` (regular expressions) is an
  explanatory note (kind ``note``), not an unparsed reference.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Sequence
from dataclasses import dataclass

from marxkg.citations.fold import fold, parse_page_list
from marxkg.model import Reference

SEE = re.compile(r"^(?:参见|参看|详见|另见|参阅|See also|See|Cf\.|Vgl\.)\s*[:：,，]?\s*")
VIA = "转引自"
IBID = re.compile(r"^(?:同上(?:书|注|引)?|Ibid\.?|ibid\.?|Ebd\.?|ebd\.?|Ebenda)\s*(?P<rest>.*)$")


@dataclass
class Prefix:
    text: str
    see: bool = False
    via: str | None = None


def strip_prefix(text: str) -> Prefix:
    """``参见…`` / ``转引自…`` -> the item and what the prefix said."""
    out = Prefix(text.strip())
    m = SEE.match(out.text)
    if m:
        out.see, out.text = True, out.text[m.end() :].strip()
    if out.text.startswith(VIA):
        out.via, out.text = VIA, out.text[len(VIA) :].strip(" :：")
    return out


def split_via(items: list[str]) -> list[tuple[str, str | None]]:
    """``A，转引自B`` -> [(A, None), (B, "转引自")]."""
    out: list[tuple[str, str | None]] = []
    for item in items:
        head, sep, tail = item.partition(VIA)
        if sep and head.strip(" ，,；;"):
            out.append((head.strip(" ，,；;"), None))
            out.append((tail.strip(" :："), VIA))
        else:
            out.append((item, None))
    return out


# the second item of "《文集》第5卷，…，第443页；第8卷，第186页。": the same collection
SAME_COLLECTION = re.compile(r"^第\s*\d+\s*卷\s*[,，]?\s*第[^页]+页$")


def parse_ibid(text: str) -> Reference | None:
    """A 同上 / Ibid. item, or a bare ``第8卷，第186页`` after an item of the same note: kind
    ``ibid`` with the pages (and volume) it prints."""
    folded = fold(text).rstrip("。. ")
    m = IBID.match(folded)
    if not m and SAME_COLLECTION.match(folded):
        m = re.match(r"^(?P<rest>.*)$", folded)
    if not m:
        return None
    rest = m["rest"].strip(" ,，.:：")
    ref = Reference(kind="ibid", raw=text.strip(), family="ibid")
    vol = re.search(r"第\s*(\d+)\s*卷|\b(?:vol\.|Bd\.)\s*(\d+)", rest)
    if vol:
        ref.volume = vol.group(1) or vol.group(2)
    pages = re.search(
        r"第\s*([^页卷]+?)\s*页|\b(?:pp?\.|S\.)\s*([0-9][0-9\s,\-–—~]*(?:ff?\.)?)", rest
    )
    if pages:
        ref.pages_printed = pages.group(1) or pages.group(2)
        ref.pages = parse_page_list(ref.pages_printed)
    elif rest and not vol:
        return None  # 同上 followed by something else: not a repeat marker
    return ref


def is_explanatory(text: str, cues: Sequence[str], patterns: Sequence[str] = ()) -> bool:
    """No reference cue at all (publisher, page, URL, type mark, issue; or a pattern such
    as English publication facts, ``(London: Verso, 2006)``): prose."""
    folded = fold(text)
    if any(fold(c) in folded for c in cues):
        return False
    return not any(_cue_pattern(p).search(folded) for p in patterns)


@functools.lru_cache(maxsize=64)
def _cue_pattern(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern)
