"""What surrounds the cited item in a note: 参见, 转引自, 同上, several items, plain notes.

- ``参见…`` / ``参看…`` / ``详见…`` / ``See …`` / ``Vgl. …``: the item is cited as "see".
- ``转引自…``: the item is the source a quotation was taken from (``via``); ``A，转引自B``
  is two items: A (the original) and B (``via="转引自"``).
- ``同上。`` / ``同上，第N页。`` / ``同上书，第N页。`` / ``同前注`` / ``同上，第2卷，第N页`` /
  ``Ibid., p. N`` / ``Ebd., S. N``: repeats the previous item; ``同注①，第N页`` / ``见注3``
  repeats the item of that earlier note, ``张三：前引书，第N页`` / ``前揭文`` /
  ``Harvey, op. cit., p. N`` the last item by that author (`marxkg.citations.resolve`
  fills them in).
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
IBID = re.compile(
    r"^(?:同上(?:书|注|引)?|同前(?:注|书|引)?|Ibid\.?|ibid\.?|Ebd\.?|ebd\.?|Ebenda)\s*(?P<rest>.*)$"
)
# a repeat of an earlier note's item: 同注①，第N页 / 见注3 / 同注[3]
NOTE_REPEAT = re.compile(
    r"^(?:同|见|参见)?注\s*(?P<label>[①-⑳㉑-㉟]|[0-9]{1,3}|\[[0-9]{1,3}\])\s*(?P<rest>.*)$"
)
# a repeat of the last item by an author: 张三：前引书，第N页 / 前揭文 / Harvey, op. cit., p. 5
AUTHOR_REPEAT = re.compile(
    r"^(?:(?P<author>[^:,，。《》]{1,20}?)\s*[:,，]\s*)?(?:前引书|前揭书|前引文|前揭文|上引书|上引文|前引|前揭)"
    r"(?![\u4e00-\u9fff])\s*(?P<rest>.*)$"
)
OP_CIT = re.compile(r"^(?P<author>[^,]{1,40}?),\s*op\.\s*cit\.?\s*(?P<rest>.*)$", re.IGNORECASE)


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


def repeat_target(text: str) -> tuple[str, str | None] | None:
    """What a repeat names, if not simply the item before it: ``("note", "①")`` for 同注①,
    ``("author", "张三")`` for 张三：前引书 (``("author", None)`` for a bare 前引书)."""
    folded = fold(strip_prefix(text).text).rstrip("。. ")
    if m := NOTE_REPEAT.match(folded):
        return "note", m["label"].strip("[]")
    if m := AUTHOR_REPEAT.match(folded) or OP_CIT.match(folded):
        return "author", (m["author"] or "").strip() or None
    return None


def parse_ibid(text: str) -> Reference | None:
    """A 同上 / Ibid. item (or 同注①, 前引书, op. cit.: `repeat_target`), or a bare
    ``第8卷，第186页`` after an item of the same note: kind ``ibid`` with the pages (and
    volume) it prints."""
    folded = fold(text).rstrip("。. ")
    m = IBID.match(folded) or NOTE_REPEAT.match(folded)
    m = m or AUTHOR_REPEAT.match(folded) or OP_CIT.match(folded)
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
