"""Test helper: the Marx sources the ontology identifies for each quoting sentence.

`translation.en.jsonl` stores them (``marx_sources``) beside each translated sentence that
quotes Marx; `tests/test_translation.py` recomputes them here from the ontology and checks
that the stored records still agree.
"""

from __future__ import annotations

from typing import Any

from rdflib import Graph
from rdflib.namespace import DCTERMS

from marxkg.model import Document
from marxkg.rdf.namespaces import MKG, Iris
from marxkg.vocab import DEFAULT_BASE


def marx_sources(
    doc: Document, onto: Graph, base: str = DEFAULT_BASE
) -> dict[int, list[dict[str, str]]]:
    """For each sentence quoting Marx: the canonical source the ontology identifies.

    Returns ``{sentence index: [{"cited", "work", "location", "mecw", "confidence"}]}``
    from the cited page's ``mkg:identifiedWork``/``mkg:identifiedLocation`` and the work's
    ``mkg:mecwVolume`` (the project's identification, not the edition's statement).
    """
    iris = Iris(base)

    def en(node: Any, prop: Any) -> str:
        vals = [o for o in onto.objects(node, prop) if getattr(o, "language", None) == "en"]
        return str(vals[0]) if vals else ""

    out: dict[int, list[dict[str, str]]] = {}
    for c in doc.citations:
        ref = doc.footnotes[c.footnote - 1].references[c.reference]
        if ref.kind != "marx" or c.quotation is None or not ref.pages:
            continue
        ks = [c.page] if c.page is not None else range(len(ref.pages))
        for k in ks:
            page = iris.passage(ref, k)
            work = onto.value(page, MKG.identifiedWork)
            entry = {
                "cited": f"{ref.collection} 第{ref.volume}卷 第{ref.pages[k].label}页",
                "work": en(work, DCTERMS.title) if work else "",
                "location": en(page, MKG.identifiedLocation),
                "mecw": str(onto.value(work, MKG.mecwVolume) or "") if work else "",
                "confidence": str(onto.value(page, MKG.identificationConfidence) or ""),
            }
            if entry not in out.setdefault(c.sentence, []):
                out[c.sentence].append(entry)
    return out
