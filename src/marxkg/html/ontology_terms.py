"""Small helpers of the ontology page (`marxkg.html.ontology`): literals by display
language, compact names and HTML anchors of IRIs."""

from __future__ import annotations

import re

from rdflib import Graph, Literal

from marxkg import vocab
from marxkg.vocab import DEFAULT_BASE

BASE = DEFAULT_BASE
LANGS = {"zh": "zh-hans", "en": "en", "de": "de"}  # display key -> lower-case tag


def _lang_key(lit: Literal) -> str | None:
    tag = (lit.language or "").lower()
    if tag == "zh-hant":  # traditional-script labels are not the page's zh (zh-Hans)
        return None
    for key, want in LANGS.items():
        if tag == want or tag.split("-")[0] == want.split("-")[0]:
            return key
    return None


def texts(g: Graph, node, prop, lang: str) -> list[str]:
    """Sorted literals of ``node prop`` in one display language (zh, en or de)."""
    return sorted(
        str(o) for o in g.objects(node, prop) if isinstance(o, Literal) and _lang_key(o) == lang
    )


def first(g: Graph, node, prop, lang: str) -> str:
    found = texts(g, node, prop, lang)
    return found[0] if found else ""


def by_lang(g: Graph, node, *props) -> dict[str, str]:
    """{zh, en, de} -> the first literal of the first property that has one (else "")."""
    out: dict[str, str] = {}
    for lang in LANGS:
        out[lang] = next((v for v in (first(g, node, p, lang) for p in props) if v), "")
    return out


def plain(g: Graph, node, prop) -> list[str]:
    """Untagged literals (strings, years, numbers), sorted."""
    return sorted(
        str(o) for o in g.objects(node, prop) if isinstance(o, Literal) and not o.language
    )


#: Prefixes for display: the vocabulary and the data prefixes.
_PNAMES = vocab.prefixes()


def pname(iri) -> str:
    """A compact name for display (``mkg:Correspondence``), else the full IRI."""
    return vocab.shorten(str(iri), _PNAMES) or str(iri)


def anchor(kind: str, iri) -> str:
    """An HTML id: ``kind-`` + the IRI below its namespace, in ASCII letters/digits/hyphens
    (case kept: ``mkg:Dimension`` and ``mkg:dimension`` differ).

    ``concept/fixed-capital`` -> ``concept-fixed-capital``; ``ontology#LabourMeans`` ->
    ``dim-LabourMeans``; ``edition/marx-engels-wenji-2009/vol/5/p/444`` ->
    ``passage-marx-engels-wenji-2009-vol-5-p-444``.
    """
    text = str(iri)
    rest = text.removeprefix(BASE)
    rest = rest.split("#", 1)[1] if "#" in rest else rest.split("/", 1)[-1]
    return kind + "-" + (re.sub(r"[^A-Za-z0-9]+", "-", rest).strip("-") or "x")
