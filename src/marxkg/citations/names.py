"""Author names as a note prints them: Chinese lists (with a nationality mark), GB/T 7714
lists, English author lists."""

from __future__ import annotations

import re

from marxkg.model import Author

NATIONALITY = re.compile(r"^\s*[\[［【(（]\s*(?P<nat>[^\]］】)）]+?)\s*[\]］】)）]\s*")


def split_authors(text: str) -> list[Author]:
    """``[美] 玛丽·L. 格雷、西达尔特·苏里`` -> authors with the nationality mark; also a
    GB/T 7714 list (``张三, 李四``, ``Acemoglu D, Restrepo P``: a name per comma)."""
    authors: list[Author] = []
    nationality = None
    m = NATIONALITY.match(text)
    if m:
        nationality, text = m.group("nat"), text[m.end() :]
    for name in re.split(r"\s*[、，,和与]\s*", text.strip()):
        if name:
            authors.append(Author(name.strip(), nationality))
    return authors


def split_english_names(text: str) -> list[Author]:
    """``Acemoglu, D., & Restrepo, P.`` / ``Karl Marx and Frederick Engels`` -> authors (an
    English name may hold a comma between the family name and the initials)."""
    names = re.split(
        r"\s*,?\s*(?:&|\band\b)\s*|(?<=\.),\s+(?=[A-Z][a-z])", text.strip().rstrip(",")
    )
    return [Author(n.strip()) for n in names if n.strip()]
