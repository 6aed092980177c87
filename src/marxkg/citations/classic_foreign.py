"""English and German references to the classics: MECW, MEW, MEGA², Penguin Capital and
Grundrisse.

- ``MEW 23, S. 391`` / ``MEW, Bd. 23, S. 391f.`` / ``Marx-Engels-Werke, Bd. 26.2, S. 100``
- ``MECW, vol. 35, p. 375`` / ``MECW 35: 375`` / ``Karl Marx, Capital, vol. 1, in MECW,
  vol. 35 (London: Lawrence & Wishart, 1996), p. 375``
- ``MEGA² II/5, S. 123`` / ``MEGA II/5: 123``
- ``Karl Marx, Capital, vol. 1, trans. Ben Fowkes (Harmondsworth: Penguin, 1976), p. 548``
- ``Karl Marx, Grundrisse, trans. Martin Nicolaus (Harmondsworth: Penguin, 1973), p. 706``

Reads folded text (``MEGA²`` is ``MEGA2`` there).
"""

from __future__ import annotations

import re

from marxkg.citations.classic_zh import Printed
from marxkg.citations.editions import Registry

# a volume printed in Roman numerals or in words (Penguin: "Volume One")
ROMAN = {"I": "1", "II": "2", "III": "3", "IV": "4", "one": "1", "two": "2", "three": "3"}
PAGES = r"(?P<pages>[0-9][0-9\s,\-–—~]*(?:\s*ff?\.)?)"
EN_PAGES = re.compile(rf"(?:\bpp?\.\s*|:\s*|\)\s*,\s*){PAGES}\s*\.?\s*$")
DE_PAGES = re.compile(rf"\bS\.\s*{PAGES}")
VOL = re.compile(
    r"\b(?:vol\.|Vol\.|volume|Volume|Bd\.|Band)\s*(?P<vol>\d+|I{1,3}|IV|[Oo]ne|[Tt]wo|[Tt]hree)\b"
    r"(?:\.(?P<part>[1-3]))?"
)
YEAR = re.compile(r"\b(?P<year>(?:1[89]|20)\d{2})\b")
AUTHORS = re.compile(
    r"^(?P<authors>(?:Karl |K\. )?Marx(?:\s*(?:and|&|und)\s*(?:Frederick |"
    r"Friedrich |F\. )?Engels)?)\s*,\s*"
)
MECW = re.compile(
    r"\b(?:MECW|(?:Marx/Engels|Marx and Engels|Karl Marx Frederick Engels),?\s+"
    r"Collected Works)\s*,?\s*(?:(?:vol\.|Vol\.|volume|Volume)\s*)?(?P<vol>\d+)"
)
# MECW cited by its authors: "Karl Marx and Frederick Engels, Collected Works, vol. 35
# (…)", "Marx K, Engels F. Collected Works, Vol. 29. London: …", "Marx, K., & Engels, F.
# (1996). Collected works (Vol. 35)": Marx or Engels named first, no other author's works
MARX_ENGELS_HEAD = re.compile(
    r"^(?:(?:Karl|K\.)\s+)?(?:Marx|Engels)\b.*?(?=\bCollected [Ww]orks\b)"
)
COLLECTED_VOLUME = re.compile(
    r"\bCollected [Ww]orks\s*[,.]?\s*\(?\s*(?:vol\.|Vol\.|volume|Volume)\s*(?P<vol>\d+)"
)
PENGUIN_CUES = ("Penguin", "Pelican", "Vintage", "Fowkes", "Fernbach", "Nicolaus")


def _common(text: str, printed: Printed) -> Printed:
    m = AUTHORS.match(text)
    if m:
        printed.authors = [a.strip() for a in re.split(r"\s*(?:and|&|und)\s*", m["authors"])]
    m = re.search(
        r"\(\s*(?:(?P<place>[A-Z][A-Za-z ]+)\s*:\s*)?(?P<pub>[A-Z][^,()]+?)\s*,\s*"
        r"(?P<year>(?:1[89]|20)\d{2})\s*\)",
        text,
    )
    if m:
        printed.place, printed.publisher, printed.year = m["place"], m["pub"].strip(), m["year"]
    else:
        m = re.search(
            r"(?P<pub>Dietz(?: Verlag)?|Lawrence & Wishart|Penguin(?: Books)?)"
            r"\s*,\s*(?P<year>(?:1[89]|20)\d{2})",
            text,
        )
        if m:
            printed.publisher, printed.year = m["pub"], m["year"]
    return printed


# Chicago notes: "Title (Publisher, 1976), 1:548." / "(n.d.), 23:391."
CHICAGO = re.compile(
    r"\((?:[^()]*?,\s*)?(?:(?P<year>(?:1[89]|20)\d{2})|n\.d\.)\)\s*,\s*"
    r"(?P<vol>\d+)(?:\.(?P<part>[1-3]))?\s*:\s*(?P<pages>[0-9][0-9\s,\-–—~]*)\s*\.?$"
)


def _chicago(text: str, p: Printed) -> Printed:
    m = CHICAGO.search(text)
    if m:
        p.volume = p.volume or m["vol"]
        p.part = p.part or m["part"]
        p.pages = p.pages or m["pages"].strip()
    return p


def _pages(text: str, german: bool) -> str | None:
    m = (DE_PAGES.search(text) if german else None) or EN_PAGES.search(text)
    return m["pages"].strip().rstrip(",") if m else None


def _mecw_by_authors(text: str) -> re.Match[str] | None:
    head = MARX_ENGELS_HEAD.search(text)
    m = COLLECTED_VOLUME.search(text, head.end()) if head else None
    if m is None or re.search(r"\b(?:Lenin|Stalin|Mao)\b", text[: m.start()]):
        return None
    return m


def parse_foreign(text: str, registry: Registry) -> Printed | None:
    """A MECW, MEW, MEGA² or Penguin reference (folded text), or None."""
    if not text.isascii() and not re.search(r"MEW|MECW|MEGA|Capital|Grundrisse", text):
        return None
    m = re.search(r"\bMEGA2?\s*,?\s*(?P<abt>I{1,3}|IV)\s*[/.]\s*(?P<band>\d+)", text)
    if m:
        p = Printed("mega2", "mega", language="de")
        p.volume = f"{m['abt']}-{m['band']}"
        p.pages = _pages(text, True) or _pages(text[m.end() :], False)
        return _common(text, p)
    if re.search(r"\bMarx[- ]Engels[- ]Werke\s*\(", text):
        return _common(text, _chicago(text, Printed("mew", "chicago", language="de")))
    if re.search(r"\b(?:Marx/Engels|Marx and Engels) Collected Works\s*\(", text):
        return _common(text, _chicago(text, Printed("mecw", "chicago", language="en")))
    m = re.search(
        r"\b(?:MEW|Marx[- ]Engels[- ]Werke)\s*,?\s*(?:(?:Bd\.|Band)\s*)?(?P<vol>\d+)"
        r"(?:\s*[./]\s*(?P<part>[1-3]))?",
        text,
    )
    if m:
        p = Printed("mew", "mew", language="de")
        p.volume, p.part = m["vol"], m["part"]
        p.pages = _pages(text[m.end() :], True) or _pages(text[m.end() :], False)
        return _common(text, p)
    m = MECW.search(text) or _mecw_by_authors(text)
    if m:
        p = Printed("mecw", "mecw", language="en")
        p.volume = m["vol"]
        if re.search(r"\bCapital\b", text[: m.start()]):
            p.work = "Capital"
        p.pages = _pages(text[m.end() :], False)
        return _common(text, p)
    if not any(c in text for c in PENGUIN_CUES) and not re.search(r"\bpp?\.", text):
        return None
    if re.search(r"\bGrundrisse\b", text):
        p = Printed("penguin-grundrisse", "penguin", language="en", volume="1")
        p.pages = _pages(text, False)
        return _common(text, p)
    if re.search(r"\bCapital\b", text) and any(c in text for c in PENGUIN_CUES):
        p = Printed("penguin-capital", "penguin", language="en")
        v = VOL.search(text)
        p.volume = ROMAN.get(v["vol"], ROMAN.get(v["vol"].lower(), v["vol"])) if v else None
        p = _chicago(text, p)
        p.pages = p.pages or _pages(text, False)
        return _common(text, p)
    return None
