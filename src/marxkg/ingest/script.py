"""Simplified or traditional script, decided per document with OpenCC.

OpenCC (opencc-python-reimplemented, Apache-2.0) converts between the scripts. A character
that changes under traditional->simplified conversion but not under simplified->traditional
is traditional-only, and vice versa; the script with more such characters wins. Only
detection happens here: the text itself is never converted (offsets stay on the text as
received); the tagger matches traditional text through the same converter.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

SCRIPTS = ("Hans", "Hant")


@lru_cache(maxsize=2)
def converter(config: str) -> Any:
    from opencc import OpenCC

    return OpenCC(config)


def script_counts(text: str) -> tuple[int, int]:
    """(simplified-only, traditional-only) character counts of ``text``."""
    chars = "".join(sorted({ch for ch in text if "\u3400" <= ch <= "\u9fff"}))
    freq = {ch: text.count(ch) for ch in chars}
    to_simp = converter("t2s").convert(chars)
    to_trad = converter("s2t").convert(chars)
    hans = hant = 0
    if len(to_simp) == len(chars) == len(to_trad):
        for ch, s, t in zip(chars, to_simp, to_trad, strict=True):
            if s != ch and t == ch:
                hant += freq[ch]
            elif t != ch and s == ch:
                hans += freq[ch]
    return hans, hant


def detect_script(text: str) -> tuple[str, int, int]:
    """``("Hans" | "Hant", simplified-only, traditional-only)`` for ``text``."""
    hans, hant = script_counts(text)
    return ("Hant" if hant > hans else "Hans"), hans, hant


def received_span(received: str, simplified: str, piece: str) -> str:
    """The span of ``received`` under ``piece`` of its simplified form (the two have the
    same length: t2s character for character); ``piece`` itself when it is not found."""
    at = simplified.find(piece)
    if at < 0 or len(received) != len(simplified):
        return piece
    return received[at : at + len(piece)]


def simplified_view(doc: Any) -> Any | None:
    """A deep copy of a traditional-script ``Document`` whose reading text, sentences,
    quotations, footnotes and bibliography are converted with OpenCC t2s; offsets are
    unchanged. None when the conversion changes the text length (then nothing can be
    mapped back by offset)."""
    import copy

    t2s = converter("t2s").convert
    text = t2s(doc.text)
    if len(text) != len(doc.text):
        return None
    view = copy.deepcopy(doc)
    view.text = text
    for sent in view.sentences:
        sent.text = text[sent.start : sent.end]
    for quote in view.quotations:
        quote.text = text[quote.start : quote.end]
    for note in view.footnotes:
        note.text = t2s(note.text)
    for ref in view.bibliography:
        ref.raw = t2s(ref.raw)
    return view
