"""A collection cited by a short title after the paper has cited it in full: ``《全集》第46卷
（上），第219页`` after ``《马克思恩格斯全集》第30卷，…`` (books and long papers write
"以下简称《全集》").

A short title in 《》 (a family's ``short`` name in ontology/editions.yaml that is not one
of its full ``names``: 文集, 全集, 选集, 列全, 毛选 …) is read as the one collection it can
name (毛选: 毛泽东选集), or, when several end with it (全集: 马克思恩格斯全集, 列宁全集), as the
one of them the paper's notes name in full. If the paper names none or several of them
in full, the note is left as printed. Each expansion, and each short title left as
printed, is reported (``short-title``) with the note's line.
"""

from __future__ import annotations

import re

from marxkg.citations.editions import Family, Registry, normalize_name

_TITLE = re.compile(r"《([^》]{1,8})》")


def full_titles(texts: list[str], registry: Registry) -> set[str]:
    """The families whose full name the texts print (in 《》 or bare: 马恩文集第5卷)."""
    names = re.compile(registry.name_alternation(latin=False))
    found: set[str] = set()
    for text in texts:
        for m in names.finditer(normalize_name(text)):
            fam = registry.family_of_name(m.group(0))
            if fam is not None:
                found.add(fam.id)
    return found


def _named_by(short: str, fam: Family) -> bool:
    return short in fam.short or any(n.endswith(short) for n in fam.names)


def _expands_to(short: str, cited: set[str], registry: Registry) -> list[Family]:
    """The families a short title may stand for: the only one of the registry it can name
    (毛选, 列全), else those of them the paper names in full (全集, 文集, 选集)."""
    if any(short in f.names for f in registry.families.values()):
        return []  # a full name (《资本论》): nothing to expand
    fams = [f for f in registry.families.values() if _named_by(short, f)]
    if len(fams) > 1:
        in_paper = [f for f in fams if f.id in cited]
        return in_paper or fams
    return fams


def expand_short_titles(text: str, cited: set[str], registry: Registry) -> tuple[str, str | None]:
    """``text`` with a short collection title written in full and the decision to report
    (``read as 《全集》 -> 《马克思恩格斯全集》``), or ``text`` as printed and why (the title
    could name several collections), or ``(text, None)``."""
    for m in _TITLE.finditer(text):
        fams = _expands_to(m.group(1), cited, registry)
        if len(fams) == 1:
            full = fams[0].names[0]
            expanded = text[: m.start()] + f"《{full}》" + text[m.end() :]
            return expanded, f"read as 《{m.group(1)}》 -> 《{full}》"
        if fams:
            names = " or ".join(f"《{f.names[0]}》" for f in fams)
            return text, f"《{m.group(1)}》 may be {names}: left as printed"
    return text, None
